"""The controle screen of the largest real board (57 schools) at 1280x800 in a real Chromium: the signals come
first, grouped by rule; a fix link leads to the form and, once saved, back to this screen with the signal gone.
The effective-contacts table (8 rows per school) is folded until opened."""

import re

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from tests.helpers import factories
from tests.helpers.a11y import controleer_volledig
from tests.helpers.browser import opslaan, veld
from tests.helpers.groot import SCHERM, binnen_drie_schermen, bovenkant

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_herstellink_rondje_komt_terug_zonder_signaal(pagina, inloggen, grootste_bestuur):
    beheerder = factories.gebruiker_met_rollen("controleur", grootste_bestuur)
    inloggen(beheerder.username)
    pagina.set_viewport_size(SCHERM)
    pad = reverse("controle:bestuur", args=[grootste_bestuur.code])
    assert pagina.goto(pagina.live_server_url + pad).ok
    main = pagina.locator("main")

    assert bovenkant(pagina.locator("#signalen-kop")) < SCHERM["height"], "the signals start on the first screen"
    groep = pagina.locator('section.signaalgroep[data-regel="GEEN_ALGEMEEN_CONTACT"]')
    herstel = groep.get_by_role("link", name="Contactgegevens toevoegen")
    assert binnen_drie_schermen(herstel), f"fix link at y={bovenkant(herstel)}"
    tabel = pagina.locator("table.effectief")
    expect(tabel).to_be_hidden()  # folded by default ...
    main.get_by_text("Welke contactgegevens gelden").click()
    expect(tabel).to_be_visible()  # ... and there when opened
    controleer_volledig(pagina, "controle (57 scholen)")

    with pagina.expect_navigation():
        herstel.click()
    expect(pagina.get_by_role("heading", level=1)).to_contain_text("Contactgegevens toevoegen")
    veld(pagina, "Communicatiecontext").select_option(label="Algemeen")
    veld(pagina, "E-mailadres").fill("info@bestuur.example.nl")
    opslaan(pagina)

    expect(pagina).to_have_url(re.compile("^" + re.escape(pagina.live_server_url + pad) + "$"))
    expect(pagina.get_by_role("status").first).to_contain_text("Contactgegevens Algemeen zijn toegevoegd")
    expect(pagina.locator('section.signaalgroep[data-regel="GEEN_ALGEMEEN_CONTACT"]')).to_have_count(0)
    expect(pagina.locator('li.signaal[data-regel="GEEN_ALGEMEEN_CONTACT"]')).to_have_count(0)


def test_volgende_naar_een_andere_site_leidt_niet_weg(pagina, inloggen, grootste_bestuur):
    beheerder = factories.gebruiker_met_rollen("aanvaller", grootste_bestuur)
    inloggen(beheerder.username)
    formulier = reverse("registratie:contact_toevoegen", args=["bestuur", grootste_bestuur.code])
    for aanval in ("https://evil.example/", "//evil.example/"):
        assert pagina.goto(f"{pagina.live_server_url}{formulier}?volgende={aanval}").ok
        expect(pagina.locator("main").get_by_role("link", name="Annuleren")).to_have_attribute(
            "href", grootste_bestuur.get_absolute_url())
    veld(pagina, "Communicatiecontext").select_option(label="Algemeen")
    veld(pagina, "E-mailadres").fill("info@bestuur.example.nl")
    opslaan(pagina)
    assert pagina.url.startswith(pagina.live_server_url + grootste_bestuur.get_absolute_url())
