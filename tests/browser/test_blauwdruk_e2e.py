"""Issue 6, Done when: in a browser, a Beheerder PO of a real board downloads the blauwdruk template, uploads it
filled, sees the preview with its diff, applies it with today's date, and finds the new aanbieders in Mijn
organisatie, in the picture and on the dashboard (steps 1 and 5 move).

The board is a real one from DUO's open data, loaded by the importer (fixture ``duo`` of
tests/browser/test_registratie_e2e.py). Nothing is frozen: the live server runs in another thread, so "today"
is date.today().
"""

import io
import re
from datetime import date

import pytest
from openpyxl import load_workbook
from playwright.sync_api import Page, expect

from autorisatie.rollen import BEHEERDERSROLLEN, GEBRUIKERSROLLEN
from modelleertool.inhoud import GEGEVENSBLADEN, HULPBLADEN
from modelleertool.models import Blauwdruk
from registratie.models import Onderwijsaanbieder
from tests.helpers import factories
from tests.helpers.blauwdruk import als_bytes, voeg_rij_toe
from tests.helpers.browser import klik, url

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _stap(p: Page, nummer: int):
    return p.locator(f"#stap-{nummer}")


def _vul_in(inhoud: bytes, vestigingen) -> bytes:
    """What a board does in Excel: one aanbieder per school with its BRIN6 as locatie and a BO offer there, and
    the board's Algemeen contact."""
    boek = load_workbook(io.BytesIO(inhoud))
    for v in vestigingen:
        voeg_rij_toe(boek["Aanbieders"], {"Naam": v.naam, "BRIN4": v.brin4})
        voeg_rij_toe(boek["Locaties"], {"BRIN6": v.brin6})
        voeg_rij_toe(boek["Aangeboden opleidingen"], {"Aanbieder": v.naam, "Opleiding": "Basisonderwijs",
                                                      "Locatie": v.brin6, "Doelgroep": "Regulier basisonderwijs"})
    voeg_rij_toe(boek["Contactgegevens"], {"Eenheid": "Bestuur", "Communicatiecontext": "Algemeen",
                                           "E-mailadres": "info@stichting-rhenen.example.nl"})
    return als_bytes(boek)


def test_beheerder_modelleert_een_echt_bestuur_met_een_blauwdruk(pagina, inloggen, duo, tmp_path):
    p = pagina
    bestuur = duo.bestuur
    vandaag = date.today()
    factories.gebruiker_met_rollen("beheerder", bestuur, rollen=(*GEBRUIKERSROLLEN, *BEHEERDERSROLLEN))

    inloggen("beheerder")
    expect(p).to_have_url(url(p, "/"))
    expect(_stap(p, 1)).to_have_class(re.compile(r"\bstap-open\b"))
    expect(_stap(p, 5)).to_have_class(re.compile(r"\bstap-open\b"))
    expect(_stap(p, 5)).to_contain_text("Er is nog geen onderwijsaanbieder geregistreerd.")

    # To the board's blauwdruk page, and the template download.
    with p.expect_navigation():
        p.get_by_role("navigation", name="Hoofdmenu").get_by_role("link", name="Mijn organisatie").click()
    klik(p, bestuur.code)
    klik(p, "Blauwdruk (modelleren)")
    expect(p).to_have_url(url(p, f"/organisatie/{bestuur.code}/blauwdruk/"))
    expect(p.locator("main")).to_contain_text("Nog geen blauwdrukken.")
    with p.expect_response(re.compile(r"/blauwdruk/sjabloon\.xlsx$")) as antwoord, p.expect_download() as download:
        p.get_by_role("link", name="Sjabloon downloaden (.xlsx)").click()
    assert antwoord.value.status == 200
    assert antwoord.value.headers["content-type"] == XLSX
    assert download.value.suggested_filename == f"blauwdruk-{bestuur.code}-{vandaag:%Y%m%d}.xlsx"
    pad = tmp_path / download.value.suggested_filename
    download.value.save_as(pad)
    sjabloon = load_workbook(pad)
    assert set(sjabloon.sheetnames) == {b.titel for b in GEGEVENSBLADEN} | set(HULPBLADEN)
    erkenningen = " ".join(str(c.value) for rij in sjabloon["Erkenningen"].iter_rows() for c in rij if c.value)
    for v in duo.vestigingen:  # prefilled with the board's own BRIN4 and BRIN6
        assert v.brin4 in erkenningen and v.brin6 in erkenningen

    # Upload the filled template.
    ingevuld = tmp_path / "blauwdruk-ingevuld.xlsx"
    ingevuld.write_bytes(_vul_in(pad.read_bytes(), duo.vestigingen))
    klik(p, "Blauwdruk uploaden")
    p.get_by_label("Blauwdruk (.xlsx)").set_input_files(str(ingevuld))
    p.get_by_label("Naam van de blauwdruk (optioneel)").fill("Twee scholen")
    with p.expect_navigation():
        p.locator("main").get_by_role("button", name="Uploaden en controleren").click()
    blauwdruk = Blauwdruk.objects.get(bestuur=bestuur)
    expect(p).to_have_url(url(p, blauwdruk.get_absolute_url()))
    expect(p.get_by_role("heading", level=1)).to_have_text(f"Blauwdruk {blauwdruk.pk}: Twee scholen")

    # The preview: the diff against today's (empty) registration, every line new.
    aantal = 3 * len(duo.vestigingen) + 1
    expect(p.locator("main")).to_contain_text(f"{aantal} nieuw, 0 gewijzigd, 0 beëindigd.")
    regels = p.locator("#verschil tbody tr")
    expect(regels).to_have_count(aantal)
    for v in duo.vestigingen:
        expect(p.locator("#verschil")).to_contain_text(v.naam)
        expect(p.locator("#verschil")).to_contain_text(v.brin6)
    assert not Onderwijsaanbieder.objects.filter(bestuur=bestuur).exists()  # a preview changes nothing

    # Apply with today's date.
    p.get_by_label("Ingangsdatum").fill(vandaag.isoformat())
    with p.expect_navigation():
        p.locator("main").get_by_role("button", name="Blauwdruk toepassen").click()
    expect(p.get_by_role("status").first).to_contain_text(f"De blauwdruk is toegepast: {aantal} wijzigingen")
    expect(p.locator("main")).to_contain_text("toegepast")
    blauwdruk.refresh_from_db()
    assert blauwdruk.status == Blauwdruk.Status.TOEGEPAST and blauwdruk.ingangsdatum == vandaag

    # Mijn organisatie shows the new aanbieders; so does the picture.
    with p.expect_navigation():
        p.get_by_role("navigation", name="Hoofdmenu").get_by_role("link", name="Mijn organisatie").click()
    klik(p, bestuur.code)
    boom = p.get_by_role("list", name="Bestuur, groepen, aanbieders en aangeboden opleidingen")
    for v in duo.vestigingen:
        aanbieder = Onderwijsaanbieder.objects.get(bestuur=bestuur, perioden__naam=v.naam)
        expect(boom).to_contain_text(v.naam)
        expect(boom).to_contain_text(aanbieder.code)
        expect(boom).to_contain_text(f"BRIN {v.brin4}")
    klik(p, "Organisatieplaatje")
    for v in duo.vestigingen:
        expect(p.locator("main svg").first).to_contain_text(v.naam[:20])

    # The dashboard: step 1 done (applied), step 5 done (the registration passes the mandatory checks).
    p.goto(p.live_server_url + "/")
    expect(_stap(p, 1)).to_have_class(re.compile(r"\bstap-klaar\b"))
    expect(_stap(p, 1)).to_contain_text(f"Blauwdruk {blauwdruk.pk} is toegepast")
    expect(_stap(p, 5)).to_have_class(re.compile(r"\bstap-klaar\b"))
    expect(_stap(p, 5)).to_contain_text("De registratie voldoet aan alle verplichte controles.")
    p.screenshot(path=str(tmp_path / "stappenplan.png"), full_page=True)
