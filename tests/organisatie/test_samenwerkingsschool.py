"""Issue 18 §2, samenwerkingsschool (docs/adr/0011): board A (penvoerder) invites board B for aanbieder X, B
accepts in the portal, both see X, each edits what is theirs. Written as attacks: what a board must not be able to
do, through the same URLs a browser posts to."""

import re
from datetime import timedelta

import pytest
from django.urls import reverse

from autorisatie import toegang
from autorisatie.rollen import Rol
from kern.fouten import Conflict
from registratie.models import AangebodenOpleiding, AuditRegel, BijbehorendBestuur, Onderwijsaanbieder, Uitnodiging
from registratie.models import Opleiding as OpleidingModel
from registratie.services import contact as contact_services
from registratie.services import samenwerking as samenwerking_services
from tests.helpers import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def opzet(bestuur, ander_bestuur, vandaag):
    """A's aanbieder X with an offer at A's locatie; B has a locatie of its own; one person per board A, B, C."""
    derde = factories.bestuur_met_erkenningen("30003", brin4s=("33CC",))
    x = factories.aanbieder(bestuur, naam="De Brug")
    gebruik_a = factories.locatiegebruik(bestuur)
    ao_a = factories.bo_opleiding(x, locatie=gebruik_a.locatie)
    gebruik_b = factories.locatiegebruik(ander_bestuur)
    return {
        "a": bestuur, "b": ander_bestuur, "c": derde, "x": x, "ao_a": ao_a, "gebruik_a": gebruik_a,
        "gebruik_b": gebruik_b,
        "gebruiker_a": factories.gebruiker_met_rollen("anna", bestuur),
        "gebruiker_b": factories.gebruiker_met_rollen("bert", ander_bestuur),
        "gebruiker_c": factories.gebruiker_met_rollen("cor", derde),
    }


def _als(client, gebruiker):
    client.force_login(gebruiker)
    return client


def _nodig_uit(o, begindatum=None):
    return samenwerking_services.nodig_uit(o["x"], door=o["gebruiker_a"], van_bestuur=o["a"],
                                           bestuurcode=o["b"].code, begindatum=begindatum or _vandaag())


def _vandaag():
    from kern.tijd import vandaag
    return vandaag()


def _aanvaard_url(u):
    return reverse("registratie:uitnodiging_aanvaarden", args=[u.pk])


def _gedeeld(o):
    """Invited and accepted (through the services)."""
    uitnodiging = _nodig_uit(o)
    return samenwerking_services.aanvaard(uitnodiging, door=o["gebruiker_b"], versie=uitnodiging.versie)


def _bo_formulier(locatie, vandaag, **extra):
    return {"opleiding": OpleidingModel.objects.get(naam="Basisonderwijs").pk, "locatie": locatie.pk,
            "begindatum": vandaag.isoformat(), "doelgroepBasisonderwijs": "BO", **extra}


# --- The happy path through the screens -----------------------------------------------------------------------

def test_a_nodigt_uit_b_aanvaardt_en_beide_zien_de_school(client, opzet, vandaag):
    o = opzet
    c = _als(client, o["gebruiker_a"])
    r = c.post(reverse("registratie:samenwerking_uitnodigen", args=[o["x"].code]),
               {"bestuurcode": o["b"].code.lower(), "begindatum": vandaag.isoformat()})
    assert r.status_code == 302, r.content.decode()[:3000]
    uitnodiging = Uitnodiging.objects.get()
    assert (uitnodiging.van_bestuur, uitnodiging.aan_bestuur, uitnodiging.status) == (o["a"], o["b"], "open")
    assert uitnodiging.verloopt_na == vandaag + timedelta(days=30)
    assert set(AuditRegel.objects.filter(objecttype="uitnodiging samenwerkingsschool")
               .values_list("bestuurcode", flat=True)) == {o["a"].code, o["b"].code}

    c = _als(client, o["gebruiker_b"])
    stappenplan = c.get(reverse("home")).content.decode()  # B's stappenplan points to it
    assert "Er wacht 1 uitnodiging voor een samenwerkingsschool op antwoord" in stappenplan
    assert f"Bekijk de uitnodiging voor aanbieder {o['x'].code}" in stappenplan
    pagina = c.get(reverse("registratie:organisatie", args=[o["b"].code])).content.decode()
    assert "nodigt uw bestuur uit" in pagina and o["x"].code in pagina
    assert _aanvaard_url(uitnodiging) in pagina
    r = c.post(_aanvaard_url(uitnodiging), {"versie": uitnodiging.versie})
    assert r.status_code == 302 and r["Location"] == o["x"].get_absolute_url()

    relatie = BijbehorendBestuur.objects.get()
    assert (relatie.aanbieder, relatie.bestuur, relatie.begindatum, relatie.einddatum) == (o["x"], o["b"], vandaag,
                                                                                         None)
    assert relatie.soort == "HIERARCHISCH"
    uitnodiging.refresh_from_db()
    assert (uitnodiging.status, uitnodiging.relatie) == ("aanvaard", relatie)
    assert set(AuditRegel.objects.filter(objecttype="bijbehorend bestuur", actie="aangemaakt")
               .values_list("bestuurcode", flat=True)) == {o["a"].code, o["b"].code}

    # Both see it: B on the aanbieder's page and its own organisation page, A in its tree with B named.
    pagina_x = c.get(o["x"].get_absolute_url()).content.decode()
    assert "bijbehorend bestuur" in pagina_x
    assert reverse("registratie:organisatie", args=[o["b"].code]) in pagina_x  # the breadcrumb: B's own page
    pagina_b = c.get(reverse("registratie:organisatie", args=[o["b"].code])).content.decode()
    assert "samenwerkingsschool" in pagina_b and o["x"].code in pagina_b and o["a"].code in pagina_b
    c = _als(client, o["gebruiker_a"])
    pagina_a = c.get(reverse("registratie:organisatie", args=[o["a"].code])).content.decode()
    assert f"samenwerkingsschool met {o['b'].code}" in pagina_a


def test_b_voegt_een_opleiding_toe_op_een_eigen_locatie_en_houdt_die(client, opzet, vandaag):
    o = opzet
    _gedeeld(o)
    c = _als(client, o["gebruiker_b"])
    url = reverse("registratie:opleiding_toevoegen", args=[o["x"].code]) + "?sector=BO"
    formulier = c.get(url).content.decode()
    assert o["gebruik_b"].locatie.code in formulier and o["gebruik_a"].locatie.code not in formulier

    r = c.post(url, _bo_formulier(o["gebruik_a"].locatie, vandaag))  # A's locatie: not among B's choices
    assert r.status_code == 200
    assert AangebodenOpleiding.objects.count() == 1

    r = c.post(url, _bo_formulier(o["gebruik_b"].locatie, vandaag, eigen_naam="De Brug, locatie B"))
    assert r.status_code == 302, r.content.decode()[:3000]
    ao_b = AangebodenOpleiding.objects.get(samenwerkingsbestuur=o["b"])
    assert (ao_b.aanbieder, ao_b.bestuur, ao_b.locatie) == (o["x"], o["b"], o["gebruik_b"].locatie)
    assert AuditRegel.objects.get(objecttype="aangeboden opleiding", objectcode=str(ao_b.code)).bestuurcode == \
        o["b"].code
    # B changes its own offer; A sees it but cannot change it (each edits what is theirs).
    r = c.post(reverse("registratie:opleiding_beeindigen", args=[ao_b.code]),
               {"einddatum": "2027-07-31", "versie": ao_b.versie})
    assert r.status_code == 302
    c = _als(client, o["gebruiker_a"])
    assert c.get(ao_b.get_absolute_url()).status_code == 200
    r = c.post(reverse("registratie:opleiding_beeindigen", args=[ao_b.code]),
               {"einddatum": "2027-06-30", "versie": ao_b.versie + 1})
    assert r.status_code in (403, 404)
    ao_b.refresh_from_db()
    assert str(ao_b.einddatum) == "2027-07-31"


# --- Attacks --------------------------------------------------------------------------------------------------

def test_bestuur_c_aanvaardt_niet_met_een_vervalste_post(client, opzet, vandaag):
    o = opzet
    uitnodiging = _nodig_uit(o)
    aantal = AuditRegel.objects.count()
    for gebruiker in (o["gebruiker_c"], o["gebruiker_a"]):  # an outsider, and the penvoerder itself
        r = _als(client, gebruiker).post(_aanvaard_url(uitnodiging), {"versie": uitnodiging.versie})
        assert r.status_code == (404 if gebruiker == o["gebruiker_c"] else 403)
        r = _als(client, gebruiker).post(reverse("registratie:uitnodiging_afwijzen", args=[uitnodiging.pk]),
                                         {"versie": uitnodiging.versie})
        assert r.status_code in (403, 404)
    r = _als(client, o["gebruiker_c"]).post(reverse("registratie:uitnodiging_intrekken", args=[uitnodiging.pk]),
                                            {"versie": uitnodiging.versie})
    assert r.status_code == 404
    uitnodiging.refresh_from_db()
    assert uitnodiging.status == "open"
    assert not BijbehorendBestuur.objects.exists()
    assert AuditRegel.objects.count() == aantal
    # C sees nothing of X, not even with the invitation's pk in hand.
    assert _als(client, o["gebruiker_c"]).get(o["x"].get_absolute_url()).status_code == 404
    assert not toegang.beperk(Onderwijsaanbieder.objects.all(), o["gebruiker_c"]).exists()


def test_een_leesrol_van_b_aanvaardt_niet(client, opzet, vandaag):
    o = opzet
    uitnodiging = _nodig_uit(o)
    lezer_b = factories.gebruiker_met_rollen("lezer_b", o["b"], rollen=[Rol.RPL_CONTEXT_INSTELLINGEN])
    r = _als(client, lezer_b).post(_aanvaard_url(uitnodiging), {"versie": uitnodiging.versie})
    assert r.status_code == 403
    assert not BijbehorendBestuur.objects.exists()
    # The Beheerder PO of B may (both beheerdersrollen), without any gebruikersrol.
    po_b = factories.beheerder_po("po_b", o["b"])
    r = _als(client, po_b).post(_aanvaard_url(uitnodiging), {"versie": uitnodiging.versie})
    assert r.status_code == 302
    assert BijbehorendBestuur.objects.count() == 1


def test_b_aanvaardt_niet_twee_keer(client, opzet, vandaag):
    o = opzet
    uitnodiging = _nodig_uit(o)
    c = _als(client, o["gebruiker_b"])
    assert c.post(_aanvaard_url(uitnodiging), {"versie": uitnodiging.versie}).status_code == 302
    aantal = AuditRegel.objects.count()
    r = c.post(_aanvaard_url(uitnodiging), {"versie": uitnodiging.versie}, follow=True)  # the same button again
    assert Conflict.bericht in r.content.decode()
    r = c.post(_aanvaard_url(uitnodiging), {"versie": uitnodiging.versie + 1}, follow=True)  # a forged new versie
    assert "al aanvaard" in r.content.decode()
    r = c.post(_aanvaard_url(uitnodiging), {}, follow=True)  # no versie at all
    assert Conflict.bericht in r.content.decode()
    assert BijbehorendBestuur.objects.count() == 1
    assert AuditRegel.objects.count() == aantal


def test_ingetrokken_uitnodiging_wordt_niet_aanvaard(client, opzet, vandaag):
    o = opzet
    uitnodiging = _nodig_uit(o)
    r = _als(client, o["gebruiker_a"]).post(reverse("registratie:uitnodiging_intrekken", args=[uitnodiging.pk]),
                                            {"versie": uitnodiging.versie})
    assert r.status_code == 302
    uitnodiging.refresh_from_db()
    assert uitnodiging.status == "ingetrokken"
    c = _als(client, o["gebruiker_b"])
    r = c.post(_aanvaard_url(uitnodiging), {"versie": uitnodiging.versie}, follow=True)
    assert "al ingetrokken" in r.content.decode()
    assert not BijbehorendBestuur.objects.exists()
    assert c.get(o["x"].get_absolute_url()).status_code == 404


def test_verlopen_uitnodiging_wordt_niet_aanvaard(client, opzet, vandaag, time_machine):
    o = opzet
    uitnodiging = _nodig_uit(o)
    time_machine.move_to("2026-12-28 10:00:00+01:00", tick=False)  # day 30: the last valid day
    assert uitnodiging.is_open_op(_vandaag())
    time_machine.move_to("2026-12-29 10:00:00+01:00", tick=False)  # day 31
    c = _als(client, o["gebruiker_b"])
    assert "nodigt uw bestuur uit" not in c.get(reverse("registratie:organisatie", args=[o["b"].code])).content.decode()
    assert "uitnodiging voor een samenwerkingsschool" not in c.get(reverse("home")).content.decode()
    r = c.post(_aanvaard_url(uitnodiging), {"versie": uitnodiging.versie}, follow=True)
    assert "verlopen" in r.content.decode()
    assert not BijbehorendBestuur.objects.exists()
    # A may invite again: the expired one no longer blocks.
    nieuw = _nodig_uit(o)
    assert nieuw.status == "open"
    uitnodiging.refresh_from_db()
    assert uitnodiging.status == "verlopen"


def test_b_wijzigt_de_opleiding_van_a_niet(client, opzet, vandaag):
    o = opzet
    _gedeeld(o)
    c = _als(client, o["gebruiker_b"])
    ao = o["ao_a"]
    assert c.get(ao.get_absolute_url()).status_code == 200  # B sees A's offer at the shared school
    for naam, gegevens in (("opleiding_wijzigen", {"ingangsdatum": vandaag.isoformat(), "eigen_naam": "Gekaapt",
                                                   "doelgroepBasisonderwijs": "BO", "versie": ao.versie}),
                           ("opleiding_beeindigen", {"einddatum": "2027-07-31", "versie": ao.versie})):
        assert c.get(reverse(f"registratie:{naam}", args=[ao.code])).status_code == 403
        assert c.post(reverse(f"registratie:{naam}", args=[ao.code]), gegevens).status_code == 403
    ao.refresh_from_db()
    assert ao.einddatum is None and ao.versie == 1
    assert ao.huidige_periode(vandaag).eigen_naam == ""
    # Nor A's locatie.
    assert c.get(o["gebruik_a"].get_absolute_url()).status_code == 404


def test_b_beeindigt_de_aanbieder_niet_en_laat_de_rest_aan_de_penvoerder(client, opzet, vandaag):
    o = opzet
    _gedeeld(o)
    c = _als(client, o["gebruiker_b"])
    x = o["x"]
    aantal = AuditRegel.objects.count()
    assert c.post(reverse("registratie:aanbieder_beeindigen", args=[x.code]),
                  {"einddatum": "2027-07-31", "versie": x.versie}).status_code == 403
    assert c.post(reverse("registratie:aanbieder_wijzigen", args=[x.code]),
                  {"ingangsdatum": vandaag.isoformat(), "naam": "Gekaapt", "versie": x.versie}).status_code == 403
    assert c.post(reverse("registratie:relatie_toevoegen", args=[x.code]),
                  {"instelling": "22BB", "begindatum": vandaag.isoformat()}).status_code == 403
    assert c.post(reverse("registratie:samenwerking_uitnodigen", args=[x.code]),
                  {"bestuurcode": o["c"].code, "begindatum": vandaag.isoformat()}).status_code == 403
    assert c.post(reverse("registratie:contact_toevoegen", args=["aanbieder", x.code]),
                  {"context": "ALGEMEEN", "begindatum": vandaag.isoformat(), "email": "x@b.nl"}).status_code == 403
    x.refresh_from_db()
    assert x.einddatum is None and x.versie == 1
    assert AuditRegel.objects.count() == aantal
    assert not Uitnodiging.objects.filter(aan_bestuur=o["c"]).exists()


def test_b_ziet_de_besloten_contacten_van_a_niet(client, opzet, vandaag):
    o = opzet
    _gedeeld(o)
    besloten = contact_services.registreer_contact(o["x"], door="test", context="TOEZICHT", begindatum=vandaag,
                                                   email="geheim@a.nl")
    openbaar = contact_services.registreer_contact(o["x"], door="test", context="ALGEMEEN", begindatum=vandaag,
                                                   email="info@debrug.nl")
    c = _als(client, o["gebruiker_b"])
    pagina = c.get(o["x"].get_absolute_url()).content.decode()
    assert "info@debrug.nl" in pagina and "geheim@a.nl" not in pagina
    assert c.get(reverse("registratie:contact", args=[besloten.pk])).status_code == 403
    assert c.get(reverse("registratie:contact", args=[openbaar.pk])).status_code == 200
    assert "geheim@a.nl" in _als(client, o["gebruiker_a"]).get(o["x"].get_absolute_url()).content.decode()


def test_na_het_einde_van_de_samenwerking_wijzigt_b_niets_meer(client, opzet, vandaag, time_machine):
    o = opzet
    _gedeeld(o)
    ao_b = factories.bo_opleiding(o["x"], locatie=o["gebruik_b"].locatie, begindatum=vandaag, bestuur=o["b"])
    relatie = BijbehorendBestuur.objects.get()
    c = _als(client, o["gebruiker_a"])  # the penvoerder ends it; B could as well
    r = c.post(reverse("registratie:samenwerking_beeindigen", args=[relatie.pk]),
               {"einddatum": "2027-07-31", "versie": relatie.versie})
    assert r.status_code == 302, r.content.decode()[:3000]
    relatie.refresh_from_db()
    ao_b.refresh_from_db()
    assert str(relatie.einddatum) == "2027-07-31" and str(ao_b.einddatum) == "2027-07-31"
    assert set(AuditRegel.objects.filter(objecttype="bijbehorend bestuur", actie="beeindigd")
               .values_list("bestuurcode", flat=True)) == {o["a"].code, o["b"].code}

    c = _als(client, o["gebruiker_b"])
    assert c.get(o["x"].get_absolute_url()).status_code == 200  # still valid until and including 31-7
    time_machine.move_to("2027-08-01 10:00:00+02:00", tick=False)
    c = _als(client, o["gebruiker_b"])  # a new session: the old one expired over eight months
    assert c.get(o["x"].get_absolute_url()).status_code == 404
    assert c.get(ao_b.get_absolute_url()).status_code == 404
    url = reverse("registratie:opleiding_toevoegen", args=[o["x"].code]) + "?sector=BO"
    assert c.post(url, _bo_formulier(o["gebruik_b"].locatie, _vandaag())).status_code == 404
    assert c.post(reverse("registratie:opleiding_wijzigen", args=[ao_b.code]),
                  {"ingangsdatum": _vandaag().isoformat(), "eigen_naam": "Na het einde",
                   "doelgroepBasisonderwijs": "BO", "versie": ao_b.versie}).status_code == 404
    assert AangebodenOpleiding.objects.filter(aanbieder=o["x"]).count() == 2


def test_b_beeindigt_zelf_maar_niet_met_een_verouderd_formulier(client, opzet, vandaag):
    o = opzet
    relatie = _gedeeld(o)
    url = reverse("registratie:samenwerking_beeindigen", args=[relatie.pk])
    c = _als(client, o["gebruiker_b"])
    assert c.get(url).status_code == 200
    oude_versie = relatie.versie
    samenwerking_services.beeindig_samenwerking(relatie, door=o["gebruiker_a"], versie=oude_versie,
                                                einddatum=vandaag + timedelta(days=100))  # a colleague at A first
    r = c.post(url, {"einddatum": "2027-07-31", "versie": oude_versie})
    assert r.status_code == 200 and Conflict.bericht in r.content.decode()
    relatie.refresh_from_db()
    assert relatie.einddatum == vandaag + timedelta(days=100)
    r = c.post(url, {"einddatum": "2027-01-31", "versie": relatie.versie})
    assert r.status_code == 302
    relatie.refresh_from_db()
    assert str(relatie.einddatum) == "2027-01-31"
    # C cannot end it.
    assert _als(client, o["gebruiker_c"]).post(url, {"einddatum": "2026-12-31", "versie": relatie.versie}
                                               ).status_code == 404


def test_een_toekomstige_samenwerking_geeft_vandaag_nog_niets(client, opzet, vandaag):
    o = opzet
    uitnodiging = _nodig_uit(o, begindatum=vandaag + timedelta(days=10))
    samenwerking_services.aanvaard(uitnodiging, door=o["gebruiker_b"], versie=uitnodiging.versie)
    assert _als(client, o["gebruiker_b"]).get(o["x"].get_absolute_url()).status_code == 404


def test_uitnodigen_weigert_onzin(opzet, vandaag):
    o = opzet
    from kern.fouten import RegelFout

    for code, fragment in (("999B999", "geen onderwijsbestuur"), (o["a"].code, "eigen bestuur")):
        with pytest.raises(RegelFout) as info:
            samenwerking_services.nodig_uit(o["x"], door="test", van_bestuur=o["a"], bestuurcode=code,
                                            begindatum=vandaag)
        assert fragment in str(info.value.message_dict)
    with pytest.raises(RegelFout):  # another board's aanbieder
        samenwerking_services.nodig_uit(o["x"], door="test", van_bestuur=o["b"], bestuurcode=o["c"].code,
                                        begindatum=vandaag)
    _nodig_uit(o)
    with pytest.raises(RegelFout, match="open uitnodiging"):
        _nodig_uit(o)
    assert Uitnodiging.objects.count() == 1


def test_een_blauwdruk_van_a_wijzigt_de_opleiding_van_b_niet(opzet, vandaag):
    """A's blauwdruk reads A's register, B's offers at the shared school included; applying it changes none."""
    from kern.fouten import RegelFout
    from modelleertool.toepassen import Uitvoerder

    o = opzet
    _gedeeld(o)
    ao_b = factories.bo_opleiding(o["x"], locatie=o["gebruik_b"].locatie, begindatum=vandaag, bestuur=o["b"])
    uitvoerder = Uitvoerder(o["a"], door="test", ingangsdatum=vandaag)
    assert uitvoerder._ao(str(o["ao_a"].code)) == o["ao_a"]
    with pytest.raises(RegelFout, match="samenwerkingsschool"):
        uitvoerder._ao(str(ao_b.code))


# --- B's own tree: the shared school with only B's offers (registratie/laden.py) --------------------------------

def test_b_ziet_de_school_in_zijn_boom_met_alleen_zijn_eigen_opleidingen(client, opzet, vandaag):
    from registratie.laden import laad_registratie
    o = opzet
    _gedeeld(o)
    ao_b = factories.bo_opleiding(o["x"], locatie=o["gebruik_b"].locatie, begindatum=vandaag, bestuur=o["b"])
    pagina = _als(client, o["gebruiker_b"]).get(reverse("registratie:organisatie", args=[o["b"].code]))
    tekst = pagina.content.decode()
    assert o["x"].get_absolute_url() in tekst and f"samenwerkingsschool van {o['a'].code}" in tekst
    assert ao_b.get_absolute_url() in tekst and o["ao_a"].get_absolute_url() not in tekst
    # A still sees every offer of its aanbieder, B's included.
    tekst_a = _als(client, o["gebruiker_a"]).get(reverse("registratie:organisatie", args=[o["a"].code])).content
    assert ao_b.get_absolute_url() in tekst_a.decode() and o["ao_a"].get_absolute_url() in tekst_a.decode()
    # The controle, blauwdruk and counts read only B's own aanbieders: A's aanbieder and offers are not B's.
    registratie_b = laad_registratie(o["b"], vandaag, met_gedeelde=True)
    assert [a.pk for a in registratie_b.gedeelde_aanbieders] == [o["x"].pk]
    assert o["x"].pk not in {a.pk for a in registratie_b.aanbieders}
    assert o["ao_a"].pk not in {ao.pk for ao in registratie_b.aangeboden_opleidingen}


def test_b_ziet_de_school_niet_meer_na_het_einde_van_de_samenwerking(opzet, vandaag):
    from registratie.laden import laad_registratie
    from registratie.selectors import organisatie_boom
    o = opzet
    _gedeeld(o)
    BijbehorendBestuur.objects.update(einddatum=vandaag + timedelta(days=10))
    assert [a.pk for a in organisatie_boom(o["b"], vandaag).gedeelde_aanbieders] == [o["x"].pk]
    assert organisatie_boom(o["b"], vandaag + timedelta(days=11)).gedeelde_aanbieders == []
    assert laad_registratie(o["c"], vandaag, met_gedeelde=True).gedeelde_aanbieders == []  # not C's
    assert laad_registratie(o["b"], vandaag).gedeelde_aanbieders == []  # the controle's load leaves them out


def test_b_ziet_na_het_einde_ook_op_een_oude_peildatum_geen_dode_links(client, opzet, vandaag, time_machine):
    """The relation ended yesterday: on a peildatum inside it, B's tree leaves the school out (its pages would
    give B a 404 today), while B's own offer there stays reachable for A, whose school it is."""
    o = opzet
    _gedeeld(o)
    ao_b = factories.bo_opleiding(o["x"], locatie=o["gebruik_b"].locatie, begindatum=vandaag, bestuur=o["b"])
    BijbehorendBestuur.objects.update(einddatum=vandaag + timedelta(days=10))
    time_machine.move_to(vandaag + timedelta(days=12), tick=False)
    client_b = _als(client, o["gebruiker_b"])
    url = reverse("registratie:organisatie", args=[o["b"].code])
    tekst = client_b.get(url, {"peildatum": (vandaag + timedelta(days=5)).isoformat()}).content.decode()
    assert o["x"].get_absolute_url() not in tekst and ao_b.get_absolute_url() not in tekst
    assert client_b.get(ao_b.get_absolute_url()).status_code == 404  # what the link would have given
    # Negative control: before the end, the same peildatum shows it.
    time_machine.move_to(vandaag + timedelta(days=1), tick=False)
    tekst = client_b.get(url, {"peildatum": (vandaag + timedelta(days=5)).isoformat()}).content.decode()
    assert ao_b.get_absolute_url() in tekst


def test_een_blauwdruk_van_b_raakt_de_school_van_a_niet(client, opzet, vandaag):
    """B's blauwdruk reads only B's own aanbieders: the shared school, A's offer and B's own offer there are
    not in it, and applying one cannot name them (the page says so)."""
    from kern.fouten import RegelFout
    from modelleertool.toepassen import Uitvoerder

    o = opzet
    _gedeeld(o)
    ao_b = factories.bo_opleiding(o["x"], locatie=o["gebruik_b"].locatie, begindatum=vandaag, bestuur=o["b"])
    uitvoerder = Uitvoerder(o["b"], door="test", ingangsdatum=vandaag)
    with pytest.raises(RegelFout):
        uitvoerder.aanbieder(o["x"].code)
    for ao in (o["ao_a"], ao_b):
        with pytest.raises(AangebodenOpleiding.DoesNotExist):
            uitvoerder._ao(str(ao.code))
    pagina = _als(client, o["gebruiker_b"]).get(reverse("blauwdruk:lijst", args=[o["b"].code])).content.decode()
    assert "samenwerkingsschool van een ander bestuur staan niet in de blauwdruk" in pagina


def test_de_controle_van_b_telt_en_meldt_niets_van_de_school_van_a(client, opzet, vandaag):
    """The shared aanbieder, its BRIN and A's offer are A's: B's controle checks only B's own offer there
    (tests/controle/test_samenwerkingsschool.py), never A's."""
    o = opzet
    _gedeeld(o)
    factories.bo_opleiding(o["x"], locatie=o["gebruik_b"].locatie, begindatum=vandaag, bestuur=o["b"])
    pagina = _als(client, o["gebruiker_b"]).get(reverse("controle:bestuur", args=[o["b"].code]))
    assert pagina.status_code == 200
    tekst = pagina.content.decode()
    assert o["ao_a"].get_absolute_url() not in tekst and str(o["ao_a"].code) not in tekst
    assert "AANBIEDER_ZONDER_OPLEIDING" not in re.findall(r'data-regel="([A-Z_0-9]+)"', tekst)
    pagina_a = _als(client, o["gebruiker_a"]).get(reverse("controle:bestuur", args=[o["a"].code]))
    assert o["x"].code in pagina_a.content.decode()  # the signal is A's to see (no BRIN, A's aanbieder)


def test_de_boom_van_b_toont_de_besloten_contacten_van_a_niet(client, opzet, vandaag):
    """The loader brings no contacts of the shared aanbieder into B's registration: they are A's."""
    from registratie.laden import laad_registratie
    o = opzet
    _gedeeld(o)
    contact_services.registreer_contact(o["x"], door="test", context="TOEZICHT", begindatum=vandaag,
                                        email="geheim@a.nl")
    pagina = _als(client, o["gebruiker_b"]).get(reverse("registratie:organisatie", args=[o["b"].code]))
    assert o["x"].code in pagina.content.decode() and "geheim@a.nl" not in pagina.content.decode()
    registratie_b = laad_registratie(o["b"], vandaag, met_gedeelde=True)
    assert registratie_b.contacten_van(o["x"]) == [] and all(c.aanbieder_id is None for c in registratie_b.contacten)
