"""Stappenplan step 2, Informeer (issue 6 item 5): the Beheerder PO gives school leaders the portal role
'Blauwdruk inzien (schoolleider)'. They see the board's blauwdrukken, organisation picture and printable
blauwdruk, and nothing else of the board; the role is not one of RIO's gebruikersrollen."""

from datetime import timedelta

import pytest
from django.http import Http404
from django.urls import reverse

from autorisatie import services, toegang
from autorisatie.models import Roltoewijzing
from autorisatie.rollen import GEBRUIKERSROLLEN, TOEKENBAAR_DOOR, Rol
from autorisatie.toegang import Actie
from modelleertool.inhoud import uit_registratie
from modelleertool.models import Blauwdruk
from registratie.models import AuditRegel, Onderwijsaanbieder, Onderwijsbestuur
from registratie.services import contact as contact_services
from rio_portal.stappenplan import Status, stappenplan
from tests.helpers import factories
from tests.helpers.urls import OPENBAAR, PERSOONLIJK, elders, patronen, url_voor

pytestmark = pytest.mark.django_db

ROL = Rol.BLAUWDRUK_INZIEN
# The pages a school leader may open: the blauwdrukken (list, preview, picture of a blauwdruk) and the
# organisation picture with its printable page.
TOEGESTAAN = {"blauwdruk:lijst", "blauwdruk:voorbeeld", "blauwdruk:plaatje", "registratie:plaatje",
              "registratie:plaatje_svg", "registratie:afdrukken"}


def hoofdinhoud(antwoord) -> str:
    """The page's <main>: without the menu, which links a school leader to his board's blauwdruk."""
    html = antwoord.content.decode()
    return html[html.index("<main"):html.index("</main>")]


@pytest.fixture
def registratie(bestuur, vandaag):
    """An aanbieder with a locatie and opleiding, a public and a restricted contact, and a concept blauwdruk."""
    aanbieder = factories.aanbieder(bestuur, naam="De Regenboog")
    gebruik = factories.locatiegebruik(bestuur, brin6="11AA00")
    factories.bo_opleiding(aanbieder, locatie=gebruik.locatie)
    contact_services.registreer_contact(bestuur, door="test", context="ALGEMEEN", begindatum=vandaag,
                                        email="info@stichting.nl")
    contact_services.registreer_contact(aanbieder, door="test", context="LEERPLICHT", begindatum=vandaag,
                                        email="leerplicht-geheim@regenboog.nl")
    blauwdruk = Blauwdruk.objects.create(bestuur=bestuur, naam="Plan 2027",
                                         inhoud=uit_registratie(bestuur, vandaag).naar_json())
    return {"aanbieder": aanbieder, "gebruik": gebruik, "blauwdruk": blauwdruk}


@pytest.fixture
def schoolleider(bestuur, po, vandaag):
    """A colleague (logged in once) who got the role from the Beheerder PO."""
    persoon = factories.collega("directeur", bestuur)
    services.ken_rollen_toe(bestuur, door=po, gebruiker=persoon, rollen=[ROL], begindatum=vandaag)
    return persoon


def _rollen_url(bestuur, naam="autorisatie:rollen", *args):
    return reverse(naam, args=[bestuur.code, *args])


# --- Granting and ending on the rollen screen ------------------------------------------------------------------

def test_po_kent_de_rol_toe_op_het_rollenscherm_met_audit(po_client, bestuur, vandaag):
    directeur = factories.collega("directeur", bestuur)
    scherm = po_client.get(_rollen_url(bestuur)).content.decode()
    assert f'value="{ROL.value}"' in scherm and "Blauwdruk inzien (schoolleider)" in scherm
    assert stappenplan(bestuur).stap(2).status == Status.OPEN

    antwoord = po_client.post(_rollen_url(bestuur), {"formulier": "toekennen", "gebruiker": directeur.pk,
                                                     "rol": ROL.value, "begindatum": vandaag.isoformat()})
    assert antwoord.status_code == 302, antwoord.content.decode()[:2000]
    toewijzing = Roltoewijzing.objects.get(gebruiker=directeur)
    assert toewijzing.rol == ROL and toewijzing.bestuur == bestuur
    regel = AuditRegel.objects.get(objecttype="roltoewijzing", actie="aangemaakt")
    assert regel.bestuurcode == bestuur.code and regel.gebruikersnaam == "po"
    assert "Blauwdruk inzien" in regel.omschrijving and "directeur" in regel.omschrijving
    assert stappenplan(bestuur).stap(2).status == Status.KLAAR
    assert toegang.mag(directeur, Actie.LEZEN_BLAUWDRUK, bestuur)
    assert not toegang.mag(directeur, Actie.LEZEN, bestuur)


def test_rol_zit_niet_in_alle_rio_rollen(po_client, po, bestuur, vandaag):
    antwoord = po_client.post(_rollen_url(bestuur), {"formulier": "toekennen", "gebruiker": po.pk,
                                                     "rol": "ALLE_RIO_ROLLEN", "begindatum": vandaag.isoformat()})
    assert antwoord.status_code == 302
    gekregen = set(Roltoewijzing.objects.filter(gebruiker=po).exclude(bron="test").values_list("rol", flat=True))
    assert gekregen == {r.value for r in GEBRUIKERSROLLEN} and ROL.value not in gekregen
    assert ROL not in GEBRUIKERSROLLEN


def test_alleen_beheerder_rio_algemeen_geeft_de_rol(client, bestuur, vandaag):
    assert ROL in TOEKENBAAR_DOOR[Rol.BEHEERDER_ALGEMEEN]
    assert ROL not in TOEKENBAAR_DOOR[Rol.BEHEERDER_SELFSERVICE]
    selfservice = factories.gebruiker_met_rollen("selfservice", bestuur, rollen=[Rol.BEHEERDER_SELFSERVICE])
    directeur = factories.collega("directeur", bestuur)
    client.force_login(selfservice)
    antwoord = client.post(_rollen_url(bestuur), {"formulier": "toekennen", "gebruiker": directeur.pk,
                                                  "rol": ROL.value, "begindatum": vandaag.isoformat()})
    assert antwoord.status_code == 200  # the form again: not a choice for this beheerder
    assert not Roltoewijzing.objects.filter(gebruiker=directeur).exists()


def test_aangekondigde_schoolleider_krijgt_de_rol_bij_eerste_inlog(po_client, bestuur, vandaag):
    antwoord = po_client.post(_rollen_url(bestuur), {"email": "directeur@school.nl", "rol": ROL.value,
                                                     "begindatum": vandaag.isoformat()})
    assert antwoord.status_code == 302, antwoord.content.decode()[:2000]
    directeur = factories.collega("directeur", bestuur)
    directeur.email = "directeur@school.nl"
    directeur.save()
    assert services.koppel_aankondigingen(directeur, bestuur, email_geverifieerd=True) == 1
    assert toegang.mag(directeur, Actie.LEZEN_BLAUWDRUK, bestuur)
    assert stappenplan(bestuur).stap(2).status == Status.KLAAR


def test_beeindigen_neemt_de_toegang_weg(po_client, client, bestuur, schoolleider, registratie, vandaag):
    toewijzing = Roltoewijzing.objects.get(gebruiker=schoolleider)
    antwoord = po_client.post(_rollen_url(bestuur, "autorisatie:rol_beeindigen", toewijzing.pk))
    assert antwoord.status_code == 302
    assert AuditRegel.objects.filter(objecttype="roltoewijzing", actie="beeindigd").count() == 1
    client.force_login(schoolleider)
    assert client.get(reverse("blauwdruk:lijst", args=[bestuur.code])).status_code == 404
    assert client.get(reverse("registratie:plaatje", args=[bestuur.code])).status_code == 404
    assert stappenplan(bestuur).stap(2).status == Status.OPEN


# --- What the holder sees --------------------------------------------------------------------------------------

def test_schoolleider_ziet_blauwdruk_plaatje_en_afdruk(client, bestuur, schoolleider, registratie):
    client.force_login(schoolleider)
    blauwdruk = registratie["blauwdruk"]
    lijst = client.get(reverse("blauwdruk:lijst", args=[bestuur.code]))
    assert lijst.status_code == 200 and blauwdruk.get_absolute_url() in lijst.content.decode()
    voorbeeld = client.get(blauwdruk.get_absolute_url())
    assert voorbeeld.status_code == 200 and "Plan 2027" in voorbeeld.content.decode()
    assert 'action="' + reverse("blauwdruk:verwerpen", args=[bestuur.code, blauwdruk.pk]) not in \
        voorbeeld.content.decode()  # reading only: no keep/discard forms
    concept = client.get(reverse("blauwdruk:plaatje", args=[bestuur.code, blauwdruk.pk]))
    assert concept.status_code == 200 and "<svg" in concept.content.decode()
    plaatje = client.get(reverse("registratie:plaatje", args=[bestuur.code]))
    assert plaatje.status_code == 200 and "<svg" in plaatje.content.decode()
    afdruk = client.get(reverse("registratie:afdrukken", args=[bestuur.code]))
    html = afdruk.content.decode()
    assert afdruk.status_code == 200 and "De Regenboog" in html and "info@stichting.nl" in html
    assert "leerplicht-geheim@regenboog.nl" not in html  # restricted contexts stay with the register roles


def test_schoolleider_ziet_niets_anders_van_het_bestuur(client, bestuur, schoolleider, registratie, vandaag):
    client.force_login(schoolleider)
    aanbieder, blauwdruk = registratie["aanbieder"], registratie["blauwdruk"]
    code = bestuur.code
    geweigerd = [
        reverse("registratie:organisatie", args=[code]), reverse("registratie:historie", args=[code]),
        aanbieder.get_absolute_url(), reverse("registratie:aanbieder_wijzigen", args=[aanbieder.code]),
        reverse("registratie:aanbieder_toevoegen", args=[code]),
        reverse("registratie:locatiegebruik", args=[registratie["gebruik"].code]),
        reverse("controle:bestuur", args=[code]), reverse("controle:controlebestand_xlsx", args=[code]),
        reverse("autorisatie:mandaten", args=[code]), reverse("autorisatie:rollen", args=[code]),
        reverse("blauwdruk:sjabloon", args=[code]), reverse("blauwdruk:uploaden", args=[code]),
    ]
    for url in geweigerd:
        assert client.get(url).status_code in (403, 404), url
    voor = AuditRegel.objects.count()
    for naam in ("blauwdruk:toepassen", "blauwdruk:verwerpen", "blauwdruk:bewaren"):
        antwoord = client.post(reverse(naam, args=[code, blauwdruk.pk]), {"ingangsdatum": vandaag.isoformat()})
        assert antwoord.status_code in (403, 404), naam
    blauwdruk.refresh_from_db()
    assert blauwdruk.status == Blauwdruk.Status.CONCEPT and AuditRegel.objects.count() == voor
    # Lists that follow the register role do not offer the board either.
    assert code not in hoofdinhoud(client.get(reverse("registratie:kies_bestuur")))
    assert code not in hoofdinhoud(client.get(reverse("controle:overzicht")))


def test_toegang_leest_de_rol_als_alleen_blauwdruk(bestuur, ander_bestuur, schoolleider, registratie, beheerder):
    """The decision itself (autorisatie.toegang): LEZEN is 'any role' except this one."""
    assert list(toegang.besturen(schoolleider)) == []
    assert list(toegang.besturen(schoolleider, Actie.LEZEN_BLAUWDRUK)) == [bestuur]
    assert not toegang.beperk(Onderwijsaanbieder.objects.all(), schoolleider).exists()
    rechten = toegang.rechten_op(schoolleider, bestuur)
    assert rechten[Actie.LEZEN_BLAUWDRUK] and not any(v for k, v in rechten.items() if k != Actie.LEZEN_BLAUWDRUK)
    assert toegang.haal(Onderwijsbestuur.objects.all(), schoolleider, Actie.LEZEN_BLAUWDRUK, code=bestuur.code)
    with pytest.raises(Http404):
        toegang.haal(Onderwijsbestuur.objects.all(), schoolleider, code=bestuur.code)
    with pytest.raises(Http404):
        toegang.vereis(schoolleider, Actie.BEHEREN_AANBIEDER, bestuur)
    with pytest.raises(Http404):  # the role counts for its own board only
        toegang.vereis(schoolleider, Actie.LEZEN_BLAUWDRUK, ander_bestuur)
    # Every register role also shows the blauwdruk; the school leader role added to one changes nothing.
    assert toegang.mag(beheerder, Actie.LEZEN_BLAUWDRUK, bestuur)
    Roltoewijzing.objects.create(gebruiker=beheerder, rol=ROL, bestuur=bestuur, begindatum=bestuur.begindatum)
    assert toegang.mag(beheerder, Actie.LEZEN, bestuur)


def test_verlopen_rol_geeft_niets(client, bestuur, registratie, vandaag):
    oud = factories.gebruiker_met_rollen("oud", bestuur, rollen=[ROL], einddatum=vandaag - timedelta(days=1))
    client.force_login(oud)
    assert client.get(reverse("blauwdruk:lijst", args=[bestuur.code])).status_code == 404


def test_url_wandeling_schoolleider_krijgt_alleen_de_blauwdrukpaginas(client, objecten_van_b):
    """Every URL pattern with objects of the school leader's own board: the blauwdruk pages open (200), every
    other register, controle and autorisatie page gives 403/404 (405 for a method it does not take)."""
    b = objecten_van_b["bestuur"]
    leider = factories.gebruiker_met_rollen("leider_b", b, rollen=[ROL])
    client.force_login(leider)
    voor = AuditRegel.objects.count()
    geopend = set()
    for naam, patroon in patronen():
        if naam in OPENBAAR or naam in PERSOONLIJK or elders(naam):
            continue
        url = url_voor(naam, patroon, objecten_van_b)
        if naam in TOEGESTAAN:
            antwoord = client.get(url)
            assert antwoord.status_code == 200, f"{naam} {url}: {antwoord.status_code}"
            assert client.post(url).status_code == 405, naam
            geopend.add(naam)
            continue
        for methode in (client.get, client.post):
            antwoord = methode(url)
            assert antwoord.status_code in (403, 404, 405), f"{naam} {url}: {antwoord.status_code}"
    assert geopend == TOEGESTAAN
    assert AuditRegel.objects.count() == voor


@pytest.mark.django_db
def test_startpagina_van_de_schoolleider_wijst_naar_de_blauwdruk(client, bestuur, schoolleider, registratie):
    client.force_login(schoolleider)
    html = client.get(reverse("home")).content.decode()
    assert "Blauwdruk van uw bestuur" in html
    for naam in ("blauwdruk:lijst", "registratie:plaatje", "registratie:afdrukken"):
        assert f'href="{reverse(naam, args=[bestuur.code])}"' in html
    assert f'href="{reverse("registratie:organisatie", args=[bestuur.code])}"' not in html
    lijst = client.get(reverse("blauwdruk:lijst", args=[bestuur.code])).content.decode()
    assert reverse("blauwdruk:sjabloon", args=[bestuur.code]) not in lijst  # the template would be a 404
    assert f'href="{reverse("registratie:organisatie", args=[bestuur.code])}"' not in lijst
