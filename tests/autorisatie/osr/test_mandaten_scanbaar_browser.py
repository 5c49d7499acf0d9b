"""Mandaten (OSR) of the largest real board (57 schools, 55 BRIN4) at 1280x800 in a real Chromium: one table with a
filter that finds a school and announces the count, the main action at the top, and the copy form's
"alle scholen" that gives every school without a RIO mandate the board's LAS in one go."""

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from autorisatie.models import Leverancier, Mandaat, Systeem
from autorisatie.rollen import Rol
from tests.helpers import factories
from tests.helpers.a11y import controleer_volledig
from tests.helpers.browser import opslaan
from tests.helpers.groot import SCHERM, binnen_drie_schermen, bovenkant

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def met_mandaten(grootste_bestuur):
    las = Systeem.objects.create(leverancier=Leverancier.objects.create(naam="Leverancier A B.V."), naam="Het LAS")
    oud = Systeem.objects.create(leverancier=Leverancier.objects.create(naam="Leverancier B B.V."), naam="Oud LAS")
    scholen = list(grootste_bestuur.bevoegd_gezag.instellingen.order_by("code"))
    for school in scholen[:10]:
        factories.mandaat(grootste_bestuur, school.code, las)
    factories.mandaat(grootste_bestuur, scholen[0].code, oud)  # the old LAS was never ended
    return grootste_bestuur, scholen, las


def test_een_tabel_met_filter_en_waarschuwing(pagina, inloggen, met_mandaten):
    bestuur, scholen, _ = met_mandaten
    osr = factories.gebruiker_met_rollen("osr", bestuur, rollen=[Rol.OSR_TOEGANG])
    inloggen(osr.username)
    pagina.set_viewport_size(SCHERM)
    assert pagina.goto(pagina.live_server_url + reverse("autorisatie:mandaten", args=[bestuur.code])).ok
    main = pagina.locator("main")
    knop = main.get_by_role("link", name="Mandaat toevoegen", exact=True)
    assert bovenkant(knop) < SCHERM["height"] and binnen_drie_schermen(knop)
    expect(pagina.locator("#dubbel-rio")).to_contain_text(scholen[0].code)
    assert pagina.locator("main table").count() == 1
    rijen = pagina.locator("#mandaten tbody tr:visible")
    expect(rijen).to_have_count(11 + len(scholen) - 10)  # 11 mandates + a row per school without one
    assert bovenkant(pagina.locator("#mandaten-filter")) < 2 * SCHERM["height"]

    filter_ = pagina.get_by_label("Zoek op school, dienst of systeem")
    filter_.fill(scholen[0].code.lower())
    expect(rijen).to_have_count(2)  # its two RIO mandates
    expect(pagina.locator("#mandaten-filter-status")).to_have_text(f"2 van {11 + len(scholen) - 10} rijen getoond.")
    filter_.fill("oud las")
    expect(rijen).to_have_count(1)
    controleer_volledig(pagina, "mandaten (57 scholen)")


def test_kopieren_naar_alle_scholen(pagina, inloggen, met_mandaten):
    bestuur, scholen, las = met_mandaten
    osr = factories.gebruiker_met_rollen("osr", bestuur, rollen=[Rol.OSR_TOEGANG])
    inloggen(osr.username)
    bron = Mandaat.objects.get(instelling=scholen[1], systeem=las)
    assert pagina.goto(pagina.live_server_url + reverse("autorisatie:mandaat_kopieren",
                                                        args=[bestuur.code, bron.pk])).ok
    main = pagina.locator("main")
    expect(main).to_contain_text(f"{scholen[2].code} {scholen[2].naam} — heeft al een mandaat voor RIO (Het LAS)")
    controleer_volledig(pagina, "mandaat kopiëren (57 scholen)")
    main.get_by_label(f"Alle scholen zonder mandaat voor RIO ({len(scholen) - 10})").check()
    opslaan(pagina, "Kopiëren naar de gekozen scholen")
    expect(pagina.get_by_role("status").first).to_contain_text(f"gekopieerd naar {len(scholen) - 10} scholen")
    assert Mandaat.objects.filter(systeem=las, dienst="RIO").count() == len(scholen)
