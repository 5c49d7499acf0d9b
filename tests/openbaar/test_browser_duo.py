"""Issue 4, Done when: in a browser, a visitor finds a real school from DUO's open data by its BRIN6 and by its
postcode and opens its public page, without logging in. The board is a real one, loaded by the importer from
DUO's file (fixture ``duo`` of tests/browser/test_registratie_e2e.py) and registered by the importer's filler."""

import re

import pytest
from django.db import transaction
from playwright.sync_api import Page, expect

from registratie.importer.vul_registratie import Vulresultaat, _catalogus, _vul_bestuur

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def geregistreerd(duo):
    with transaction.atomic():
        _vul_bestuur(duo.bestuur, _catalogus(), Vulresultaat())
    return duo


def _zoek(pagina: Page, term: str) -> None:
    pagina.goto(pagina.live_server_url + "/")
    pagina.get_by_role("navigation", name="Hoofdmenu").get_by_role("link", name="Zoeken").click()
    pagina.get_by_label("Naam, code, postcode of plaats").fill(term)
    pagina.get_by_role("button", name="Zoeken").click()


def _open_school(pagina: Page, school) -> None:
    rij = pagina.get_by_role("row").filter(has_text=school.brin6)  # the school's row, its BRIN6 under it
    expect(rij).to_contain_text(school.naam)
    rij.get_by_role("link", name=school.brin6).click()
    expect(pagina).to_have_url(re.compile(r"/openbaar/locatie/\d{3}X\d{3}/$"))
    expect(pagina.get_by_role("main")).to_contain_text(school.naam)
    expect(pagina.get_by_role("main")).to_contain_text(school.plaatsnaam)
    expect(pagina.get_by_role("main")).to_contain_text(school.brin6)


def test_echte_school_op_brin6_en_op_postcode(pagina: Page, geregistreerd):
    school = geregistreerd.vestigingen[0]
    _zoek(pagina, school.brin6.lower())
    expect(pagina.locator("header").get_by_role("link", name="Inloggen")).to_be_visible()  # not logged in
    _open_school(pagina, school)

    _zoek(pagina, school.postcode)
    _open_school(pagina, school)
