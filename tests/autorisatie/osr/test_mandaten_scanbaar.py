"""Mandaten (OSR) as a page a person can scan (issue 16 §3): one table for all schools with a filter, a warning for
two active RIO mandates at one school, and a copy form with "alle scholen" that marks schools that already have a
mandate for the dienst (and skips them)."""

import re
from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from autorisatie.models import Mandaat
from autorisatie.rollen import GEBRUIKERSROLLEN, Rol
from registratie.models import Instellingserkenning
from tests.helpers import factories
from tests.helpers.osr import stand

pytestmark = pytest.mark.django_db


def _html(client, bestuur) -> str:
    antwoord = client.get(reverse("autorisatie:mandaten", args=[bestuur.code]))
    assert antwoord.status_code == 200
    return re.sub(r"\s+", " ", antwoord.content.decode())


def test_een_tabel_voor_alle_scholen_met_filter(osr_client, bestuur, las):
    factories.mandaat(bestuur, "11AA", las)
    html = _html(osr_client, bestuur)
    assert html.count("<table") == 1 and 'id="mandaten"' in html
    # Every school has a row and an anchor (the controle screen links to #school-XXXX), also without mandate.
    assert 'id="school-11AA"' in html and 'id="school-11AB"' in html
    geen = re.search(r'<tr class="geen-mandaat" id="school-11AB".*?</tr>', html).group(0)
    assert "Geen mandaten voor deze school." in geen and "?instelling=11AB" in geen
    assert '<label class="form-label mb-0" for="mandaten-filter">' in html
    assert 'id="mandaten-filter-status" aria-live="polite"' in html and "js/filter.js" in html
    assert 'data-filter-tekst="11AA School 11AA RIO Voorbeeld LAS Leverancier A B.V."' in html


def test_twee_actieve_rio_mandaten_voor_een_school_geven_een_waarschuwing(client, bestuur, las, ander_las, lezer,
                                                                          vandaag):
    factories.mandaat(bestuur, "11AA", las)
    factories.mandaat(bestuur, "11AA", ander_las, begindatum=vandaag - timedelta(days=10))
    factories.mandaat(bestuur, "11AB", las)
    factories.mandaat(bestuur, "11AB", ander_las, dienst="ROD_PO")  # another dienst: no warning
    client.force_login(lezer)
    html = _html(client, bestuur)
    dubbel = re.search(r'<ul id="dubbel-rio">(.*?)</ul>', html).group(1)
    assert dubbel.count("<li>") == 1 and "11AA" in dubbel and "11AB" not in dubbel
    assert "Voorbeeld LAS" in dubbel and "Ander LAS" in dubbel
    assert "twee of meer actieve RIO-mandaten" in html and "Beëindig het mandaat" in html


def test_een_beeindigd_tweede_rio_mandaat_geeft_geen_waarschuwing(client, bestuur, las, ander_las, lezer, vandaag):
    factories.mandaat(bestuur, "11AA", las, einddatum=vandaag - timedelta(days=1))
    factories.mandaat(bestuur, "11AA", ander_las)
    client.force_login(lezer)
    assert 'id="dubbel-rio"' not in _html(client, bestuur)


@pytest.fixture
def vier_scholen(db, las, ander_las):
    bestuur = factories.bestuur_met_erkenningen("40004", brin4s=("44AA", "44AB", "44AC", "44AD"))
    bron = factories.mandaat(bestuur, "44AA", las)
    factories.mandaat(bestuur, "44AC", ander_las)  # already a RIO mandate, from another system
    return bestuur, bron


def _kopieer_url(bestuur, bron) -> str:
    return reverse("autorisatie:mandaat_kopieren", args=[bestuur.code, bron.pk])


def test_kopieerformulier_markeert_scholen_met_mandaat_en_heeft_alle_scholen(client, vier_scholen):
    bestuur, bron = vier_scholen
    client.force_login(factories.gebruiker_met_rollen("osr4", bestuur, rollen=[Rol.OSR_TOEGANG]))
    html = re.sub(r"\s+", " ", client.get(_kopieer_url(bestuur, bron)).content.decode())
    assert "Alle scholen zonder mandaat voor RIO (2)" in html
    assert "44AC School 44AC — heeft al een mandaat voor RIO (Ander LAS)" in html
    assert "44AB School 44AB — heeft" not in html and "44AB School 44AB" in html

    antwoord = client.post(_kopieer_url(bestuur, bron), {"alle_scholen": "on"})
    assert antwoord.status_code == 302
    rio = Mandaat.objects.filter(dienst="RIO", systeem=bron.systeem)
    assert sorted(rio.values_list("instelling__code", flat=True)) == ["44AA", "44AB", "44AD"]  # 44AC skipped


def test_kopieren_zonder_keuze_zegt_wat_te_doen(client, vier_scholen):
    bestuur, bron = vier_scholen
    client.force_login(factories.gebruiker_met_rollen("osr4", bestuur, rollen=[Rol.OSR_TOEGANG]))
    voor = stand()
    antwoord = client.post(_kopieer_url(bestuur, bron), {})
    assert antwoord.status_code == 200 and "of kies &#x27;Alle scholen&#x27;" in antwoord.content.decode()
    assert stand() == voor


def test_alle_scholen_als_er_niets_meer_te_kopieren_is(client, vier_scholen, las):
    bestuur, bron = vier_scholen
    for brin4 in ("44AB", "44AD"):
        factories.mandaat(bestuur, brin4, las)
    client.force_login(factories.gebruiker_met_rollen("osr4", bestuur, rollen=[Rol.OSR_TOEGANG]))
    voor = stand()
    antwoord = client.post(_kopieer_url(bestuur, bron), {"alle_scholen": "on"})
    assert antwoord.status_code == 200 and "er is niets te kopiëren" in antwoord.content.decode()
    assert stand() == voor


def test_mandatenpagina_kost_geen_query_per_school(client, las, lezer):
    aantallen = []
    for nummer, aantal in (("50005", 2), ("60006", 25)):
        brin4s = [f"{nummer[:2]}{chr(65 + i // 26)}{chr(65 + i % 26)}" for i in range(aantal)]
        bestuur = factories.bestuur_met_erkenningen(nummer, brin4s=brin4s)
        for brin4 in brin4s:
            factories.mandaat(bestuur, brin4, las)
        client.force_login(factories.gebruiker_met_rollen(f"lezer{nummer}", bestuur))
        with CaptureQueriesContext(connection) as vastgelegd:
            _html(client, bestuur)
        aantallen.append(len(vastgelegd))
    assert aantallen[0] == aantallen[1], f"queries for 2 and 25 schools: {aantallen}"
    assert Instellingserkenning.objects.count() >= 27


def test_herstellink_van_controle_via_mandaten_terug_naar_controle(client, bestuur, las, vandaag):
    """Controle → 'Mandaten beheren' → '+ mandaat toevoegen' for the school → saved → back on controle, signal gone."""
    client.force_login(factories.gebruiker_met_rollen("osrc", bestuur, rollen=[*GEBRUIKERSROLLEN, Rol.OSR_TOEGANG]))
    factories.mandaat(bestuur, "11AA", las)
    controle = reverse("controle:bestuur", args=[bestuur.code])
    html = client.get(controle).content.decode()
    herstel = re.search(r'href="([^"]+)">Mandaten beheren</a>', html).group(1).replace("&amp;", "&")
    mandaten = client.get(herstel).content.decode()
    nieuw = re.search(r'href="([^"]*instelling=11AB)">\+ mandaat toevoegen', mandaten).group(1).replace("&amp;", "&")
    assert "volgende=" in nieuw
    formulier = client.get(nieuw).content.decode()
    assert re.search(rf'<a class="btn btn-link" href="{re.escape(controle)}">Annuleren</a>', formulier)
    antwoord = client.post(nieuw, {"instelling": Instellingserkenning.objects.get(code="11AB").pk, "dienst": "RIO",
                                   "systeem": las.pk, "begindatum": vandaag.isoformat()})
    assert antwoord.status_code == 302 and antwoord["Location"] == controle
    assert 'data-regel="OSR_MANDAAT"' not in client.get(controle).content.decode()


def test_mandaat_toevoegen_met_volgende_naar_een_andere_site_blijft_thuis(osr_client, bestuur, las, vandaag):
    url = reverse("autorisatie:mandaat_nieuw", args=[bestuur.code]) + "?volgende=//evil.example/"
    antwoord = osr_client.post(url, {"instelling": Instellingserkenning.objects.get(code="11AB").pk, "dienst": "RIO",
                                     "systeem": las.pk, "begindatum": vandaag.isoformat()})
    assert antwoord.status_code == 302
    assert antwoord["Location"] == reverse("autorisatie:mandaten", args=[bestuur.code])
