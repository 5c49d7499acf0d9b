"""Issue 18 §2, samenwerkingsschool in the controle ("both see it, each edits what is theirs", docs/adr/0011).

Board A (10001, penvoerder) shares aanbieder X with board B (20002); B keeps one offer at X, ending on 15 August (not
31 July: a warning B fixes itself). B's controle and control file check and list that offer, with a fix link B
may open; A is not blamed for it; C (30003) sees nothing of it; after the relation ends B's controle leaves X out.
Written as the user and as the attacker, through the URLs a browser uses."""

import html
import io
import re
from datetime import date, datetime, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from controle import bestand, gegevens, services
from registratie.models import AanbiederPeriode, AangebodenOpleidingPeriode, BijbehorendBestuur
from registratie.services import contact as contact_services
from registratie.services import opleiding as opleiding_services
from registratie.services import samenwerking as samenwerking_services
from tests.controle.test_bestand import _download, csv_bladen, xlsx_bladen
from tests.helpers import factories

pytestmark = pytest.mark.django_db

EINDE_B = date(2027, 8, 15)


@pytest.fixture
def opzet(bestuur, ander_bestuur, vandaag):
    derde = factories.bestuur_met_erkenningen("30003", brin4s=("33CC",))
    x = factories.aanbieder(bestuur, naam="De Brug")  # BRIN 11AA, soort BAO
    gebruik_a = factories.locatiegebruik(bestuur)
    ao_a = factories.bo_opleiding(x, locatie=gebruik_a.locatie)
    gebruik_b = factories.locatiegebruik(ander_bestuur)
    gebruiker_a = factories.gebruiker_met_rollen("anna", bestuur)
    gebruiker_b = factories.gebruiker_met_rollen("bert", ander_bestuur)
    uitnodiging = samenwerking_services.nodig_uit(x, door=gebruiker_a, van_bestuur=bestuur,
                                                  bestuurcode=ander_bestuur.code, begindatum=vandaag)
    relatie = samenwerking_services.aanvaard(uitnodiging, door=gebruiker_b, versie=uitnodiging.versie)
    ao_b = factories.bo_opleiding(x, locatie=gebruik_b.locatie, begindatum=vandaag, bestuur=ander_bestuur)
    ao_b = opleiding_services.beeindig_aangeboden_opleiding(ao_b, door=gebruiker_b, versie=ao_b.versie,
                                                            einddatum=EINDE_B)
    # A's restricted contact of X, and a public one: neither is B's (B's controle has no contacts of X).
    contact_services.registreer_contact(x, door="test", context="TOEZICHT", begindatum=vandaag,
                                        email="geheim@debrug.example")
    contact_services.registreer_contact(x, door="test", context="ALGEMEEN", begindatum=vandaag,
                                        email="info@debrug.example")
    return {"a": bestuur, "b": ander_bestuur, "c": derde, "x": x, "ao_a": ao_a, "ao_b": ao_b, "relatie": relatie,
            "gebruik_b": gebruik_b, "gebruiker_a": gebruiker_a, "gebruiker_b": gebruiker_b,
            "gebruiker_c": factories.gebruiker_met_rollen("cor", derde)}


def _als(client, gebruiker):
    client.force_login(gebruiker)
    return client


def _pagina(client, bestuur, query: str = "") -> str:
    antwoord = client.get(reverse("controle:bestuur", args=[bestuur.code]) + query)
    assert antwoord.status_code == 200
    return antwoord.content.decode()


def _signaal(pagina: str, ao) -> str | None:
    """The signal line about ao on the check screen, or None."""
    for regel in re.findall(r'<li class="signaal[^"]*" data-regel="[A-Z_0-9]+">.*?</li>', pagina, re.S):
        if f'href="{ao.get_absolute_url()}"' in regel:
            return regel
    return None


def _controle(bestuur, peildatum):
    return services.controleer(gegevens.laad_bestuur(gegevens.besturen_qs().get(pk=bestuur.pk), peildatum))


def _codes(controle) -> set[str]:
    return {s.object.code for s in controle.signalen}


# --- As the user: B -------------------------------------------------------------------------------------------

def test_b_ziet_het_signaal_op_zijn_opleiding_bij_de_school_van_a_en_herstelt_het(client, opzet):
    o = opzet
    c = _als(client, o["gebruiker_b"])
    pagina = _pagina(c, o["b"])
    regel = _signaal(pagina, o["ao_b"])
    assert regel is not None, "B's own offer at A's school is checked in B's controle"
    assert 'data-regel="EINDE_OP_31_JULI"' in regel
    assert f"({o['x'].code}, samenwerkingsschool van {o['a'].code})" in html.unescape(regel)
    # The fix link is a button (B has the role on B, and toegang lets B change its own offer at X).
    herstel = re.search(r'<a class="btn btn-sm btn-outline-primary" href="([^"]+)">Einddatum aanpassen</a>', regel)
    assert herstel is not None, regel
    url = html.unescape(herstel.group(1))
    assert url.startswith(reverse("registratie:opleiding_beeindigen", args=[o["ao_b"].code]))
    assert c.get(url).status_code == 200
    # Only the offer B keeps: not A's offer at X, not X itself, not X's contacts.
    assert _signaal(pagina, o["ao_a"]) is None and str(o["ao_a"].code) not in pagina
    assert f'href="{o["x"].get_absolute_url()}"' not in pagina
    assert "geheim@debrug.example" not in pagina and "info@debrug.example" not in pagina
    # The school's BRIN4 (11AA, BAO) is loaded with it: basisonderwijs fits, no 'soort onbekend' warning.
    assert 'data-regel="OPLEIDING_PAST_BIJ_SCHOOL"' not in pagina

    # B fixes it through the form the link opens; the signal is gone and the screen comes back.
    ao_b = o["ao_b"]
    r = c.post(url, {"einddatum": "2027-07-31", "versie": ao_b.versie})
    assert r.status_code == 302, r.content.decode()[:3000]
    assert r["Location"].startswith(reverse("controle:bestuur", args=[o["b"].code]))
    assert _signaal(_pagina(c, o["b"]), ao_b) is None


def test_de_score_van_b_telt_zijn_opleiding_bij_de_school_van_a(opzet, vandaag):
    o = opzet
    controle = _controle(o["b"], vandaag)
    assert str(o["ao_b"].code) in _codes(controle)
    assert {s.regel for s in controle.signalen if s.object.code == str(o["ao_b"].code)} == {"EINDE_OP_31_JULI"}
    assert not any(u.geslaagd for u in controle.uitkomsten if u.regel.code == "EINDE_OP_31_JULI")


def test_het_controlebestand_van_b_toont_zijn_opleiding_bij_de_school_van_a(client, opzet):
    o = opzet
    c = _als(client, o["gebruiker_b"])
    bladen = xlsx_bladen(_download(c, o["b"], "xlsx")[1])
    kop, *rijen = bladen["Aangeboden opleidingen"]
    assert kop[-1] == "Samenwerkingsschool"
    assert [(r[0], r[1], r[2], r[3], r[-1]) for r in rijen] == [
        (o["b"].code, str(o["ao_b"].code), o["x"].code, "De Brug", f"samenwerkingsschool van {o['a'].code}")]
    signalen = [r for r in bladen["Signalen"][1:] if r[5] == str(o["ao_b"].code)]
    assert len(signalen) == 1 and signalen[0][2] == "EINDE_OP_31_JULI"
    assert signalen[0][9] == "http://testserver" + reverse("registratie:opleiding_beeindigen", args=[o["ao_b"].code])
    # Nothing else of X: not as B's aanbieder, not its contacts, not A's offer.
    alles = repr(bladen)
    assert "geheim@debrug.example" not in alles and "info@debrug.example" not in alles
    assert str(o["ao_a"].code) not in alles
    assert all(r[1] != o["x"].code for r in bladen["Aanbieders"][1:])
    assert all(r[1] != o["x"].code for r in bladen["Effectieve contacten"][1:])
    # The CSV zip has the same rows.
    csv = csv_bladen(_download(c, o["b"], "zip")[1])["aangeboden-opleidingen.csv"]
    assert csv[0][-1] == "Samenwerkingsschool" and csv[1][-1] == f"samenwerkingsschool van {o['a'].code}"


def test_formules_in_de_naam_van_b_blijven_tekst(client, opzet):
    """B's eigen naam of its offer goes through the same writer (kern.export) as the rest: no formula."""
    o = opzet
    AangebodenOpleidingPeriode.objects.filter(aangeboden_opleiding=o["ao_b"]).update(
        eigen_naam='=HYPERLINK("http://kwaad.example";"klik")')
    AanbiederPeriode.objects.filter(aanbieder=o["x"]).update(naam="@SUM(A1:A9)")  # A's name of X, in B's row
    c = _als(client, o["gebruiker_b"])
    rijen = xlsx_bladen(_download(c, o["b"], "xlsx")[1])["Aangeboden opleidingen"][1:]
    assert rijen[0][6] == "'" + '=HYPERLINK("http://kwaad.example";"klik")' and rijen[0][3] == "'@SUM(A1:A9)"
    csv = csv_bladen(_download(c, o["b"], "zip")[1])["aangeboden-opleidingen.csv"]
    assert csv[1][6].startswith("'=") and csv[1][3].startswith("'@")


def test_het_landelijke_bestand_noemt_de_opleiding_bij_beide_besturen_en_meldt_haar_eenmaal(opzet, vandaag):
    """DUO's file: the offer is listed under A (whose aanbieder it is) and under B (who keeps it), each row saying
    so; its signal is B's only."""
    o = opzet
    uitvoer = io.BytesIO()
    bestand.schrijf(bestand.landelijke_controles(vandaag), "xlsx", uitvoer)
    bladen = xlsx_bladen(uitvoer.getvalue())
    rijen = sorted((r[0], r[15]) for r in bladen["Aangeboden opleidingen"][1:] if r[1] == str(o["ao_b"].code))
    assert rijen == [(o["a"].code, f"bijgehouden door bijbehorend bestuur {o['b'].code}"),
                     (o["b"].code, f"samenwerkingsschool van {o['a'].code}")]
    signalen = [(r[0], r[2]) for r in bladen["Signalen"][1:] if r[5] == str(o["ao_b"].code)]
    assert signalen == [(o["b"].code, "EINDE_OP_31_JULI")]


# --- A: not blamed for what B keeps -------------------------------------------------------------------------------

def test_a_krijgt_geen_signaal_over_de_opleiding_van_b(client, opzet, vandaag):
    """Decision (controle/regels.py): a signal on an offer B keeps is B's to fix (A gets 403 on its forms), so A's
    controle leaves it out; A's file still lists the offer, saying who keeps it."""
    o = opzet
    c = _als(client, o["gebruiker_a"])
    pagina = _pagina(c, o["a"])
    assert _signaal(pagina, o["ao_b"]) is None and str(o["ao_b"].code) not in pagina
    assert str(o["ao_b"].code) not in _codes(_controle(o["a"], vandaag))
    # A cannot change it: the link B got would be a 403 for A.
    assert c.get(reverse("registratie:opleiding_beeindigen", args=[o["ao_b"].code])).status_code == 403
    bladen = xlsx_bladen(_download(c, o["a"], "xlsx")[1])
    rijen = {r[1]: r for r in bladen["Aangeboden opleidingen"][1:]}
    assert rijen[str(o["ao_b"].code)][-1] == f"bijgehouden door bijbehorend bestuur {o['b'].code}"
    assert len(rijen[str(o["ao_a"].code)]) == 15 or rijen[str(o["ao_a"].code)][15] in ("", None)  # A's own
    assert all(r[5] != str(o["ao_b"].code) for r in bladen["Signalen"][1:])


def test_de_opleiding_van_b_telt_voor_de_aanbieder_van_a(opzet, vandaag):
    """X is A's aanbieder: an offer at it counts whoever keeps it, so A is not told X offers nothing while B's
    offer runs, and is told so once it no longer does."""
    o = opzet
    opleiding_services.beeindig_aangeboden_opleiding(o["ao_a"], door="test", versie=o["ao_a"].versie,
                                                     einddatum=date(2026, 12, 31))
    zonder = {s.object.code for s in _controle(o["a"], date(2027, 1, 1)).signalen
              if s.regel == "AANBIEDER_ZONDER_OPLEIDING"}
    assert o["x"].code not in zonder  # B's offer runs until 15 August
    zonder = {s.object.code for s in _controle(o["a"], EINDE_B + timedelta(days=1)).signalen
              if s.regel == "AANBIEDER_ZONDER_OPLEIDING"}
    assert o["x"].code in zonder


# --- As the attacker ------------------------------------------------------------------------------------------

def test_c_ziet_er_niets_van(client, opzet):
    o = opzet
    c = _als(client, o["gebruiker_c"])
    pagina = _pagina(c, o["c"])
    assert o["x"].code not in pagina and str(o["ao_b"].code) not in pagina
    bladen = xlsx_bladen(_download(c, o["c"], "xlsx")[1])
    assert o["x"].code not in repr(bladen) and str(o["ao_b"].code) not in repr(bladen)
    for bestuur in (o["a"], o["b"]):  # nor through the other boards' controle or file
        assert c.get(reverse("controle:bestuur", args=[bestuur.code])).status_code == 404
        assert c.get(reverse("controle:controlebestand_xlsx", args=[bestuur.code])).status_code == 404
    assert c.get(reverse("registratie:opleiding_beeindigen", args=[o["ao_b"].code])).status_code == 404
    assert c.get(o["ao_b"].get_absolute_url()).status_code == 404


def test_b_opent_de_controle_van_a_niet(client, opzet):
    """Sharing a school gives B no view of A's controle or file (A's other data, restricted contacts)."""
    c = _als(client, opzet["gebruiker_b"])
    assert c.get(reverse("controle:bestuur", args=[opzet["a"].code])).status_code == 404
    assert c.get(reverse("controle:controlebestand_zip", args=[opzet["a"].code])).status_code == 404


def test_na_het_einde_van_de_samenwerking_controleert_b_de_school_niet_meer(client, opzet, vandaag, time_machine):
    o = opzet
    relatie = o["relatie"]
    samenwerking_services.beeindig_samenwerking(relatie, door=o["gebruiker_b"], versie=relatie.versie,
                                                einddatum=date(2027, 7, 31))
    c = _als(client, o["gebruiker_b"])  # the relation still holds today; B's offer now ends with it, on 31 July
    rijen = xlsx_bladen(_download(c, o["b"], "xlsx")[1])["Aangeboden opleidingen"][1:]
    assert [(r[1], r[11]) for r in rijen] == [(str(o["ao_b"].code), datetime(2027, 7, 31))]
    time_machine.move_to("2027-08-01 10:00:00+02:00", tick=False)
    c = _als(client, o["gebruiker_b"])
    for query in ("", "?peildatum=2027-06-01"):  # also not for a peildatum while it held: B cannot open it now
        pagina = _pagina(c, o["b"], query)
        assert str(o["ao_b"].code) not in pagina and o["x"].code not in pagina
        rijen = xlsx_bladen(_download(c, o["b"], "xlsx", query)[1])["Aangeboden opleidingen"][1:]
        assert rijen == []
    assert gegevens.laad_bestuur(o["b"], date(2027, 6, 1)).gedeelde_aanbieders == []


def test_een_toekomstige_samenwerking_komt_niet_in_de_controle(client, opzet, vandaag):
    """A relation that starts later opens nothing today, so no peildatum shows it yet."""
    o = opzet
    BijbehorendBestuur.objects.update(begindatum=vandaag + timedelta(days=10))
    c = _als(client, o["gebruiker_b"])
    for query in ("", f"?peildatum={(vandaag + timedelta(days=20)).isoformat()}"):
        assert str(o["ao_b"].code) not in _pagina(c, o["b"], query)


# --- A fixed number of queries --------------------------------------------------------------------------------

def _queries(client, bestuur) -> int:
    url = reverse("controle:bestuur", args=[bestuur.code])
    client.get(url)
    with CaptureQueriesContext(connection) as vastgelegd:
        assert client.get(url).status_code == 200
    return len(vastgelegd)


def test_queries_groeien_niet_met_de_samenwerkingsscholen(client, opzet, vandaag):
    """One shared school or three, with an offer of B at each: the same number of queries for B's screen."""
    o = opzet
    c = _als(client, o["gebruiker_b"])
    een = _queries(c, o["b"])
    for naam in ("De Haven", "Het Anker"):
        school = factories.aanbieder(o["a"], naam=naam, brin4="11AB")
        uitnodiging = samenwerking_services.nodig_uit(school, door=o["gebruiker_a"], van_bestuur=o["a"],
                                                      bestuurcode=o["b"].code, begindatum=vandaag)
        samenwerking_services.aanvaard(uitnodiging, door=o["gebruiker_b"], versie=uitnodiging.versie)
        factories.bo_opleiding(school, locatie=o["gebruik_b"].locatie, begindatum=vandaag, bestuur=o["b"])
    assert len(gegevens.laad_bestuur(o["b"], vandaag).gedeelde_aanbieders) == 3
    assert _queries(c, o["b"]) == een
