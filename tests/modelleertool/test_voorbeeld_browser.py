"""The blauwdruk preview of the largest real board (57 schools) at 1280x800 in a real Chromium: a blauwdruk that
renames every school shows its summary and the apply button on the first screen, the 55 changes folded below."""

from datetime import date

import pytest
from django.test import Client
from playwright.sync_api import expect

from modelleertool.models import Blauwdruk
from tests.helpers import factories
from tests.helpers.a11y import controleer_volledig
from tests.helpers.blauwdruk import als_bytes, sjabloon, upload, zet
from tests.helpers.groot import SCHERM, binnen_drie_schermen, bovenkant

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_samenvatting_en_toepassen_boven_het_dichtgeklapte_verschil(pagina, inloggen, grootste_bestuur):
    beheerder = factories.gebruiker_met_rollen("blauwdrukker", grootste_bestuur)
    boek = sjabloon(grootste_bestuur)
    aantal = grootste_bestuur.aanbieders.count()
    for rij in range(2, 2 + aantal):
        zet(boek["Aanbieders"], rij, "Naam", f"Hernoemde school {rij}")
    client = Client()
    client.force_login(beheerder)
    assert upload(client, grootste_bestuur, als_bytes(boek)).status_code == 302
    blauwdruk = Blauwdruk.objects.get(bestuur=grootste_bestuur)

    inloggen(beheerder.username)
    pagina.set_viewport_size(SCHERM)
    assert pagina.goto(pagina.live_server_url + blauwdruk.get_absolute_url()).ok
    main = pagina.locator("main")
    expect(pagina.locator("#verschil-samenvatting")).to_have_text(f"0 nieuw, {aantal} gewijzigd, 0 beëindigd.")
    knop = main.get_by_role("button", name="Blauwdruk toepassen")
    assert bovenkant(knop) < SCHERM["height"], f"apply button at y={bovenkant(knop)}: not on the first screen"
    assert binnen_drie_schermen(knop)
    regels = pagina.locator("#verschil tbody tr")
    expect(regels).to_have_count(aantal)
    expect(regels.first).to_be_hidden()  # folded ...
    main.get_by_text(f"Alle {aantal} wijzigingen, per veld").click()
    expect(regels.first).to_be_visible()  # ... and opened with its summary
    controleer_volledig(pagina, "blauwdruk-voorbeeld (57 scholen)")

    pagina.get_by_label("Ingangsdatum").fill(date.today().isoformat())
    with pagina.expect_navigation():
        knop.click()
    expect(pagina.get_by_role("status").first).to_contain_text(f"De blauwdruk is toegepast: {aantal} wijzigingen")
