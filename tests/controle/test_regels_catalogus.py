"""Issue 16 §4: every rule has a code, a Dutch name and a public page that says what it means and how to fix it;
every signal links to that page on the controle screen and in the control file; no screen or file shows where
a rule comes from in the project's documents ("rio-po.md §9 regel 11")."""

import io
import re

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from controle import catalogus
from controle.regels import REGELS
from registratie.services import contact as contact_services
from tests.helpers import factories

BRONVERWIJZING = re.compile(r"rio-po|§|\bP\d{1,2}\b|\bX\d\b")


def _tekst(html: str) -> str:
    """The visible text of a page, without tags (attributes and scripts would hide nothing here)."""
    return re.sub(r"<[^>]+>", " ", html)


@pytest.mark.django_db
@pytest.mark.parametrize("regel", REGELS, ids=lambda r: r.code)
def test_elke_controle_heeft_een_openbare_pagina_met_uitleg_en_herstel(client, regel):
    """A visitor without login opens the page of each registered rule and reads code, name, meaning and fix."""
    tekst = catalogus.tekst(regel.code)  # KeyError: a rule without text in the catalogue
    assert tekst.volledig, f"{regel.code}: naam, betekenis of herstel ontbreekt"
    antwoord = client.get(reverse("controle:regel", args=[regel.code]))
    assert antwoord.status_code == 200
    html = antwoord.content.decode()
    for deel in (tekst.code, tekst.naam, tekst.betekenis, tekst.herstel, regel.ernst.label):
        assert deel in html, (regel.code, deel)
    assert not BRONVERWIJZING.search(_tekst(html)), regel.code


@pytest.mark.django_db
@pytest.mark.parametrize("tekst", catalogus.REGELTEKSTEN, ids=lambda t: t.code)
def test_elke_regel_in_de_catalogus_heeft_tekst_en_een_pagina(client, tekst):
    assert tekst.volledig and re.fullmatch(r"[A-Z][A-Z0-9_]+", tekst.code), tekst
    html = client.get(reverse("controle:regel", args=[tekst.code])).content.decode()
    assert f"<h1>{tekst.naam}</h1>" in html and tekst.herstel in html


@pytest.mark.django_db
def test_lijst_toont_alle_regels_en_linkt_naar_hun_pagina(client):
    html = client.get(reverse("controle:regels")).content.decode()
    for tekst in catalogus.REGELTEKSTEN:
        assert f'href="{reverse("controle:regel", args=[tekst.code])}"' in html, tekst.code
    assert {r.code for r in REGELS} <= set(catalogus.PER_CODE), "een controle zonder plek in de catalogus"
    assert not BRONVERWIJZING.search(_tekst(html))


@pytest.mark.django_db
def test_onbekende_regel_geeft_404_en_kleine_letters_worden_omgeleid(client):
    assert client.get(reverse("controle:regel", args=["BESTAAT_NIET"])).status_code == 404
    antwoord = client.get("/controle/regels/kenmerk_geldig/")
    assert antwoord.status_code == 301 and antwoord["Location"] == reverse("controle:regel", args=["KENMERK_GELDIG"])


def test_geen_regel_zonder_tekst_valt_door_de_mand(monkeypatch):
    """The catalogue test above must fail for a rule that is registered without text."""
    with pytest.raises(KeyError):
        catalogus.tekst("NIEUWE_REGEL_ZONDER_TEKST")


@pytest.fixture
def bestuur_met_signalen(bestuur, vandaag):
    """A board with a school without aangeboden opleiding and a personal e-mail address in a public context."""
    aanbieder = factories.aanbieder(bestuur, naam="OBS De Regenboog", brin4="11AA")
    contact_services.registreer_contact(bestuur, door="test", context="ALGEMEEN", begindatum=vandaag,
                                        email="jan.jansen@example.nl")
    return bestuur, aanbieder


@pytest.mark.django_db
def test_controlescherm_linkt_elk_signaal_naar_zijn_regel_zonder_bronverwijzing(beheerder_client,
                                                                                bestuur_met_signalen):
    bestuur, _ = bestuur_met_signalen
    html = beheerder_client.get(reverse("controle:bestuur", args=[bestuur.code])).content.decode()
    signalen = re.findall(r'<li class="signaal[^"]*"[^>]*data-regel="([A-Z_0-9]+)".*?</li>', html, re.S)
    assert {"AANBIEDER_ZONDER_OPLEIDING", "PERSOONSGEGEVENS_OPENBAAR"} <= set(signalen)
    # Signals are grouped by rule: each group's heading links its rule, and holds only that rule's signals.
    for blok in re.findall(r'<section class="signaalgroep.*?</section>', html, re.S):
        code = re.search(r'data-regel="([A-Z_0-9]+)"', blok).group(1)
        kop = re.search(r"<h3.*?</h3>", blok, re.S).group(0)
        assert f'href="{reverse("controle:regel", args=[code])}"' in kop, code
        assert catalogus.tekst(code).naam in kop
        assert set(re.findall(r'<li class="signaal[^"]*"[^>]*data-regel="([A-Z_0-9]+)"', blok)) == {code}
    for regel in REGELS:  # the table of all checks links every rule too
        assert f'href="{reverse("controle:regel", args=[regel.code])}"' in html
    assert not BRONVERWIJZING.search(_tekst(html))


@pytest.mark.django_db
def test_controlebestand_linkt_elk_signaal_naar_zijn_regel(beheerder_client, bestuur_met_signalen):
    bestuur, _ = bestuur_met_signalen
    antwoord = beheerder_client.get(reverse("controle:controlebestand_xlsx", args=[bestuur.code]))
    boek = load_workbook(io.BytesIO(b"".join(antwoord.streaming_content)), read_only=True)
    rijen = list(boek["Signalen"].iter_rows(values_only=True))
    kop, signalen = rijen[0], rijen[1:]
    assert kop[-1] == "Uitleg van de regel" and signalen
    for rij in signalen:
        code = rij[2]
        assert rij[3] == catalogus.tekst(code).naam
        assert rij[-1] == "http://testserver" + reverse("controle:regel", args=[code])
    alle_cellen = " ".join(str(c) for blad in boek.worksheets for r in blad.iter_rows(values_only=True) for c in r
                           if c is not None)
    assert not re.search(r"rio-po|§", alle_cellen)
