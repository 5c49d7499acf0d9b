"""Mijn organisatie of the largest real board (57 schools), at 1280x800 in a real Chromium: the summary comes
first, the main actions are within the first three screens, the tree is one line per aanbieder until opened, and
the filter box finds a school and says how many it shows."""

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from tests.helpers import factories
from tests.helpers.a11y import controleer_volledig
from tests.helpers.groot import SCHERM, binnen_drie_schermen, bovenkant

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def organisatiepagina(pagina, inloggen, grootste_bestuur):
    beheerder = factories.gebruiker_met_rollen("beheerder", grootste_bestuur)
    inloggen(beheerder.username)
    pagina.set_viewport_size(SCHERM)
    pad = reverse("registratie:organisatie", args=[grootste_bestuur.code])
    assert pagina.goto(pagina.live_server_url + pad).ok
    return pagina


def test_samenvatting_eerst_en_hoofdacties_binnen_drie_schermen(organisatiepagina, grootste_bestuur):
    p = organisatiepagina
    main = p.locator("main")
    expect(p.locator("#tellingen")).to_contain_text("55 onderwijsaanbieders")
    assert bovenkant(p.locator("#samenvatting")) < bovenkant(p.locator("#boom")), "summary above the tree"
    assert bovenkant(p.locator("#samenvatting")) < SCHERM["height"], "the summary is on the first screen"
    for actie in ("Onderwijsaanbieder toevoegen", "Onderwijslocatie toevoegen"):
        knop = main.get_by_role("link", name=actie, exact=True)
        assert binnen_drie_schermen(knop), f"{actie} at y={bovenkant(knop)}, below the third screen"
    # The sections further down are one click away from the first screen.
    naar = p.get_by_role("navigation", name="Onderdelen van deze pagina")
    assert bovenkant(naar) < SCHERM["height"]
    naar.get_by_role("link", name="Contactgegevens").click()
    expect(main.get_by_role("link", name="Contactgegevens toevoegen", exact=True)).to_be_in_viewport()
    # One line per aanbieder: the aangeboden opleidingen are folded away, and open with their summary.
    assert p.locator("#boom details.boom-opleidingen[open]").count() == 0
    eerste = p.locator("#boom .boom-aanbieder").first
    opleiding = eerste.locator(".knoop-opleiding").first
    expect(opleiding).to_be_hidden()
    eerste.locator("summary").click()
    expect(opleiding).to_be_visible()
    controleer_volledig(p, "Mijn organisatie (57 scholen)")


def test_filter_vindt_een_school_en_meldt_het_aantal(organisatiepagina, grootste_bestuur):
    p = organisatiepagina
    aanbieder = grootste_bestuur.aanbieders.order_by("code").last()
    naam = aanbieder.huidige_periode(aanbieder.begindatum).naam
    brin4 = aanbieder.juridische_relaties.get().instelling.code
    filter_ = p.get_by_label("Zoek een aanbieder op naam, code of BRIN")
    status = p.locator("#boom-filter-status")
    expect(status).to_have_attribute("aria-live", "polite")
    zichtbaar = p.locator("#boom .boom-aanbieder:visible")

    filter_.fill(brin4.lower())  # as typed: lower case
    expect(zichtbaar).to_have_count(1)
    expect(zichtbaar.first).to_contain_text(naam)
    expect(status).to_have_text("1 van 55 aanbieders getoond.")

    filter_.fill("geen school heet zo")
    expect(zichtbaar).to_have_count(0)
    expect(status).to_have_text("0 van 55 aanbieders getoond.")

    filter_.fill("")
    expect(zichtbaar).to_have_count(55)
    expect(status).to_have_text("Alle 55 aanbieders getoond.")
    controleer_volledig(p, "Mijn organisatie met filter")


def test_zonder_javascript_staat_alles_er_en_geen_lege_filter(browser, live_server, grootste_bestuur):
    """Without script the filter box (which could not work) is hidden, and every aanbieder is listed."""
    beheerder = factories.gebruiker_met_rollen("zonderjs", grootste_bestuur)
    context = browser.new_context(java_script_enabled=False, viewport=SCHERM, locale="nl-NL",
                                  timezone_id="Europe/Amsterdam")
    try:
        p = context.new_page()
        p.goto(live_server.url + "/inloggen/")
        p.locator("#id_username").fill(beheerder.username)
        p.locator("#id_password").fill("geheim-wachtwoord")
        with p.expect_navigation():
            p.locator("main").get_by_role("button", name="Inloggen", exact=True).click()
        p.goto(live_server.url + reverse("registratie:organisatie", args=[grootste_bestuur.code]))
        expect(p.locator("#boom-filter")).to_be_hidden()
        expect(p.locator("#boom .boom-aanbieder:visible")).to_have_count(55)
    finally:
        context.close()
