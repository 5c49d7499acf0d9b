"""Issue #5 in a real Chromium: an administrator sees the signals of a board, follows a fix link, fixes it and
sees the score rise, records the check and downloads the xlsx and the CSV zip; DUO watches the national file
being made by the worker (the progress bar is updated by static/js/controle-export.js)."""

import csv
import io
import re
import zipfile
from datetime import date

import pytest
from django.contrib.auth import get_user_model
from openpyxl import load_workbook
from playwright.sync_api import Page, expect

from controle.models import Attestatie, Exportopdracht
from tests.helpers import factories
from tests.helpers.controle import draai_worker, vul_schoon

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True),
              pytest.mark.usefixtures("opleidingen_catalogus")]


def veld(pagina: Page, label: str):
    """A form field by its visible label (crispy adds '*' to required ones)."""
    return pagina.get_by_label(re.compile(rf"^\s*{re.escape(label)}\s*\*?\s*$"))


def test_beheerder_herstelt_een_signaal_en_downloadt_de_controlebestanden(inloggen):
    # Not frozen in time: the live server runs in another thread, so 'today' is the real today.
    bestuur = factories.bestuur_met_erkenningen("10001", brin4s=("11AA", "11AB"))
    vul_schoon(bestuur, date.today())
    nieuw = factories.aanbieder(bestuur, naam="De Nieuwe School", brin4="11AA")
    factories.gebruiker_met_rollen("beheerder", bestuur)
    p = inloggen("beheerder")

    p.goto(p.live_server_url + f"/organisatie/{bestuur.code}/")
    with p.expect_navigation():
        p.locator("main").get_by_role("link", name="Controle", exact=True).click()
    expect(p.get_by_role("heading", level=1)).to_have_text("Controle van de registratie")
    expect(p.locator("#score")).to_have_text("94%")  # 16 of the 17 rules pass
    signaal = p.locator("li.signaal[data-regel=AANBIEDER_ZONDER_OPLEIDING]")
    expect(signaal).to_contain_text(f"Onderwijsaanbieder {nieuw.code} heeft op")
    expect(signaal).to_contain_text("geen aangeboden opleiding")
    expect(p.locator("#regel-OSR_MANDAAT")).to_contain_text("in orde")  # vul_schoon gave every school a mandate

    # The fix link opens the existing screen; fill it in and save.
    with p.expect_navigation():
        signaal.get_by_role("link", name="Aangeboden opleiding toevoegen").click()
    expect(p.get_by_role("heading", level=1)).to_have_text("Aangeboden opleiding toevoegen (Basisonderwijs)")
    veld(p, "Opleiding").select_option(label="Basisonderwijs (PO-BAO)")
    veld(p, "Doelgroep").select_option(label="Regulier basisonderwijs")
    with p.expect_navigation():
        p.locator("main form[method=post]").get_by_role("button", name="Opslaan", exact=True).click()
    expect(p.get_by_role("status").first).to_contain_text("is toegevoegd")

    p.goto(p.live_server_url + f"/controle/{bestuur.code}/")
    expect(p.locator("#score")).to_have_text("100%")
    expect(p.get_by_text("Geen signalen: alle beschikbare controles zijn in orde.")).to_be_visible()

    # Record that the data were checked.
    with p.expect_navigation():
        p.get_by_role("button", name="Gegevens gecontroleerd").click()
    expect(p.locator("#attestatie")).to_contain_text("Gecontroleerd door beheerder")
    assert Attestatie.objects.get().score == 100

    # Download both control files and read them back.
    with p.expect_download() as xlsx_download:
        p.get_by_role("link", name="Controlebestand (xlsx)").click()
    assert xlsx_download.value.suggested_filename == f"controlebestand-{bestuur.code}-{date.today():%Y%m%d}.xlsx"
    boek = load_workbook(io.BytesIO(xlsx_download.value.path().read_bytes()), read_only=True)
    assert boek.sheetnames[0] == "Bestuur" and boek.sheetnames[-1] == "Signalen"
    aanbieders = [r[2] for r in boek["Aanbieders"].iter_rows(min_row=2, values_only=True)]
    assert "De Nieuwe School" in aanbieders
    with p.expect_download() as zip_download:
        p.get_by_role("link", name="Controlebestand (CSV, zip)").click()
    with zipfile.ZipFile(zip_download.value.path()) as archief:
        assert len(archief.namelist()) == 10
        rijen = list(csv.reader(io.StringIO(archief.read("aanbieders.csv").decode("utf-8-sig"), newline=""),
                                delimiter=";"))
    assert rijen[0][:3] == ["Bestuurcode", "Aanbiedercode", "Naam"] and len(rijen) == 4


def test_duo_ziet_de_voortgang_van_het_landelijke_bestand(inloggen):
    factories.bestuur_met_erkenningen("10001", brin4s=("11AA",))
    factories.bestuur_met_erkenningen("20002", brin4s=("22BB",))
    get_user_model().objects.create_superuser("duo", "duo@example.test", "geheim-wachtwoord")
    p = inloggen("duo")
    p.goto(p.live_server_url + "/controle/landelijk/")
    p.get_by_label("CSV-bestanden (zip)").check()
    with p.expect_navigation():
        p.get_by_role("button", name="Maak het landelijke controlebestand").click()
    expect(p.locator("#voortgang-tekst")).to_contain_text("In de wachtrij")
    expect(p.locator("#download")).to_be_hidden()

    draai_worker()  # the page polls the status meanwhile and shows the result without a reload

    expect(p.locator("#download")).to_be_visible(timeout=10_000)
    expect(p.locator("#voortgang-tekst")).to_have_text("Klaar: 100%")
    assert p.locator("#voortgang").evaluate("balk => balk.value") == 100
    with p.expect_download() as download:
        p.locator("#download").click()
    opdracht = Exportopdracht.objects.get()
    assert download.value.suggested_filename == f"controlebestand-landelijk-{opdracht.peildatum:%Y%m%d}.zip"
    with zipfile.ZipFile(download.value.path()) as archief:
        bestuur = archief.read("bestuur.csv").decode("utf-8-sig").splitlines()
    assert len(bestuur) == 3  # header + both boards
