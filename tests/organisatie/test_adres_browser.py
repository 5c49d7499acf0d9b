"""The address combobox of the locatie form in Chromium: typed and chosen with the keyboard only, checked by
axe with the list open, and the form still works without script (plain fields)."""

import pytest
from playwright.sync_api import expect

from registratie.models import Onderwijslocatie
from tests.helpers import factories
from tests.helpers.a11y import controleer_volledig
from tests.helpers.browser import NIET_LOKAAL, opslaan, veld

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def formulier(pagina, inloggen):
    bestuur = factories.bestuur_met_erkenningen("10001", brin4s=("11AA",))
    factories.gebruiker_met_rollen("beheerder", bestuur)
    inloggen("beheerder")
    pagina.goto(pagina.live_server_url + f"/organisatie/{bestuur.code}/locaties/nieuw/")
    return pagina, bestuur


def test_adres_kiezen_met_het_toetsenbord(formulier):
    p, _ = formulier
    zoek = p.get_by_role("combobox", name="Adres zoeken")
    expect(zoek).to_have_attribute("aria-expanded", "false")
    zoek.press_sequentially("melkweg 13 alte", delay=20)
    optie = p.get_by_role("option", name="Melkweg 13, 9306 TC ALTEVEER GEM NOORDENVELD")
    expect(optie).to_be_visible()
    expect(zoek).to_have_attribute("aria-expanded", "true")
    expect(p.get_by_role("status").filter(has_text="gevonden")).to_have_count(1)
    controleer_volledig(p, "locatie toevoegen, lijst open")
    zoek.press("Enter")  # nothing chosen yet: Enter must not submit the half-filled form
    p.wait_for_timeout(300)
    expect(zoek).to_have_value("melkweg 13 alte")  # a submitted form comes back with an empty search box
    expect(p.locator("#foutmeldingen")).to_have_count(0)
    zoek.press("ArrowDown")
    expect(optie).to_have_attribute("aria-selected", "true")
    expect(zoek).to_have_attribute("aria-activedescendant", optie.get_attribute("id"))
    zoek.press("Enter")
    expect(zoek).to_have_attribute("aria-expanded", "false")
    expect(veld(p, "Postcode")).to_have_value("9306 TC")
    expect(veld(p, "Huisnummer")).to_have_value("13")
    expect(veld(p, "Straatnaam")).to_have_value("Melkweg")
    expect(veld(p, "Plaatsnaam")).to_have_value("ALTEVEER GEM NOORDENVELD")
    veld(p, "Vestigingserkenning (BRIN6)").select_option(index=1)
    opslaan(p)
    expect(p.locator(".alert-success")).to_contain_text("is toegevoegd")
    locatie = Onderwijslocatie.objects.get()
    assert (locatie.postcode, locatie.huisnummer, locatie.straatnaam) == ("9306TC", 13, "Melkweg")


def test_escape_sluit_en_tikfout_wordt_uitgelegd(formulier):
    p, _ = formulier
    zoek = p.get_by_role("combobox", name="Adres zoeken")
    zoek.press_sequentially("9306 tc", delay=20)
    expect(p.get_by_role("listbox")).to_be_visible()
    zoek.press("Escape")
    expect(p.get_by_role("listbox")).to_be_hidden()
    veld(p, "Postcode").fill("9306 TC")
    veld(p, "Huisnummer").fill("31")
    veld(p, "Vestigingserkenning (BRIN6)").select_option(index=1)
    opslaan(p)
    expect(p.locator("#foutmeldingen")).to_contain_text("kent de adresdienst huisnummer 31 niet; wel: 13")
    assert not Onderwijslocatie.objects.exists()


def test_zonder_script_gewone_velden(browser, live_server):
    bestuur = factories.bestuur_met_erkenningen("10001", brin4s=("11AA",))
    factories.gebruiker_met_rollen("beheerder", bestuur)
    context = browser.new_context(java_script_enabled=False, locale="nl-NL")
    p = context.new_page()
    p.route(NIET_LOKAAL, lambda route: route.abort())
    p.goto(live_server.url + "/inloggen/")
    p.locator("#id_username").fill("beheerder")
    p.locator("#id_password").fill("geheim-wachtwoord")
    with p.expect_navigation():
        p.locator("main").get_by_role("button", name="Inloggen", exact=True).click()
    p.goto(live_server.url + f"/organisatie/{bestuur.code}/locaties/nieuw/")
    expect(p.get_by_role("combobox", name="Adres zoeken")).to_have_count(0)
    expect(veld(p, "Postcode")).to_be_visible()
    expect(veld(p, "Huisnummer")).to_be_visible()
    context.close()
