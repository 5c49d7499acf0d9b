"""The concept editor with the largest real board (57 schools) at 1280x800 in a real Chromium: editing a row far
down the page opens its form right there (focus in the form, the row still in view, no jump of thousands of
pixels), and saving comes back to that row. Also without script, through the server."""

import re

import pytest
from django.urls import reverse
from playwright.sync_api import Page, expect

from modelleertool import services
from tests.helpers import factories
from tests.helpers.a11y import controleer_volledig
from tests.helpers.browser import WACHTWOORD
from tests.helpers.groot import SCHERM

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
RIJ = "aanbieder-50"


@pytest.fixture
def concept(grootste_bestuur):
    modelleerder = factories.gebruiker_met_rollen("modelleerder", grootste_bestuur)
    return services.nieuw_concept(grootste_bestuur, door=modelleerder), modelleerder


def _scrolly(p: Page) -> float:
    return p.evaluate("window.scrollY")


def _open_en_hernoem(p: Page, pad: str, met_script: bool) -> None:
    assert p.goto(p.live_server_url + pad).ok
    rij = p.locator(f"#{RIJ}")
    link = rij.locator("a.bewerk-link", has_text="Naam wijzigen")
    link.scroll_into_view_if_needed()
    voor = _scrolly(p)
    assert voor > 2 * SCHERM["height"], "the row is far down the page"
    if met_script:
        link.click()
    else:
        with p.expect_navigation():
            link.click()
    naam = rij.get_by_label(re.compile(r"^\s*Nieuwe naam"))
    expect(naam).to_be_visible()
    if met_script:
        expect(naam).to_be_focused()
    expect(naam).to_be_in_viewport()
    expect(rij.locator(".knoop").first).to_be_in_viewport()
    assert abs(_scrolly(p) - voor) < SCHERM["height"], f"jumped from {voor} to {_scrolly(p)}"
    if met_script:  # axe-core runs as script in the page
        controleer_volledig(p, "concept met formulier onder de rij")

    naam.fill("Hernoemd in het concept")
    with p.expect_navigation():
        rij.get_by_role("button", name="Opslaan in het concept").click()
    assert p.url.endswith(f"#{RIJ}")
    expect(p.locator(f"#{RIJ} .knoop").first).to_contain_text("Hernoemd in het concept")
    expect(p.locator(f"#{RIJ} .knoop").first).to_be_in_viewport()


def test_bewerken_opent_onder_de_rij_en_komt_terug(pagina, inloggen, concept):
    blauwdruk, modelleerder = concept
    inloggen(modelleerder.username)
    pagina.set_viewport_size(SCHERM)
    _open_en_hernoem(pagina, reverse("blauwdruk:modelleren", args=[blauwdruk.bestuur.code, blauwdruk.pk]), True)


def test_zonder_script_ook_onder_de_rij(browser, live_server, concept):
    blauwdruk, modelleerder = concept
    context = browser.new_context(java_script_enabled=False, viewport=SCHERM, locale="nl-NL",
                                  timezone_id="Europe/Amsterdam")
    try:
        p = context.new_page()
        p.live_server_url = live_server.url
        p.goto(live_server.url + "/inloggen/")
        p.locator("#id_username").fill(modelleerder.username)
        p.locator("#id_password").fill(WACHTWOORD)
        with p.expect_navigation():
            p.locator("main").get_by_role("button", name="Inloggen", exact=True).click()
        _open_en_hernoem(p, reverse("blauwdruk:modelleren", args=[blauwdruk.bestuur.code, blauwdruk.pk]), False)
    finally:
        context.close()
