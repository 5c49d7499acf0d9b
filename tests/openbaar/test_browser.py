"""Zoeken en vinden in a real Chromium, without logging in: search a BRIN6 and click through to the public
locatie page; both pages pass axe-core's WCAG 2.1 AA checks (no serious or critical violations)."""

import importlib
import re
from datetime import date

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.apps import apps as django_apps
from playwright.sync_api import Page, expect

from registratie.services import contact as contact_services
from tests.helpers import factories

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

WCAG_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]


def _ernstig(pagina: Page) -> list[str]:
    uitslag = Axe().run(pagina, options={"runOnly": {"type": "tag", "values": WCAG_AA}})
    return [f"{v['id']}: {v['help']} -> {knoop['target']}" for v in uitslag.response["violations"]
            if v["impact"] in {"serious", "critical"} for knoop in v["nodes"]]


@pytest.fixture
def school(transactional_db, bestuur):
    # The opleidingen of data migration 0003: a transactional test's flush removes them (as in tests/browser).
    importlib.import_module("registratie.migrations.0003_opleidingen_catalogus").laad(django_apps, None)
    aanbieder = factories.aanbieder(bestuur, naam="OBS De Regenboog", brin4="11AA")
    gebruik = factories.locatiegebruik(bestuur, brin6="11AA00")
    factories.bo_opleiding(aanbieder, locatie=gebruik.locatie)
    contact_services.registreer_contact(aanbieder, door="test", context="LEERPLICHT", begindatum=date.today(),
                                        email="leerplicht@regenboog.example.nl")
    return aanbieder, gebruik.locatie


def test_brin6_zoeken_en_doorklikken_naar_de_locatie(pagina: Page, school):
    aanbieder, locatie = school
    pagina.goto(pagina.live_server_url + "/")
    pagina.get_by_role("navigation", name="Hoofdmenu").get_by_role("link", name="Zoeken").click()
    expect(pagina.get_by_role("heading", level=1)).to_have_text("Zoeken en vinden")
    pagina.get_by_label("Naam, code, postcode of plaats").fill("11aa00")
    expect(pagina.get_by_label("Alleen actief op vandaag")).to_be_checked()
    pagina.get_by_role("button", name="Zoeken").click()
    tabel = pagina.get_by_role("table")
    expect(pagina.get_by_role("status").filter(has_text="gevonden")).to_contain_text("1 school gevonden")
    expect(tabel.get_by_role("row")).to_have_count(2)  # the header and one school, with its BRIN6 under it
    expect(tabel.get_by_role("row").nth(1)).to_contain_text("OBS De Regenboog")
    expect(tabel.get_by_role("row").nth(1)).to_contain_text("exacte code")
    assert not _ernstig(pagina), _ernstig(pagina)

    tabel.get_by_role("link", name="11AA00").click()
    expect(pagina).to_have_url(re.compile(rf"/openbaar/locatie/{locatie.code}/$"))
    expect(pagina.get_by_role("heading", level=1)).to_contain_text("Schoolstraat 11")
    expect(pagina.get_by_role("main")).to_contain_text("School 11AA vestiging 0")
    pagina.get_by_role("link", name="OBS De Regenboog").click()
    expect(pagina).to_have_url(re.compile(rf"/openbaar/aanbieder/{aanbieder.code}/$"))
    expect(pagina.get_by_role("main")).not_to_contain_text("leerplicht@regenboog.example.nl")
    assert not _ernstig(pagina), _ernstig(pagina)
