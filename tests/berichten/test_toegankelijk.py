"""axe-core at zero serious or critical violations on the mail pages, with and without login; the settings page
is used with the keyboard only."""

import pytest
from playwright.sync_api import expect

from berichten import afmelden
from berichten.models import Berichtvoorkeur, Soort
from tests.helpers.a11y import controleer
from tests.helpers.factories import collega

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_instellingen_met_toetsenbord_en_zonder_fouten(inloggen, bestuur):
    persoon = collega("jan", bestuur)
    pagina = inloggen("jan")
    pagina.get_by_role("link", name="Mijn e-mailberichten").click()
    controleer(pagina, "/mijn-e-mailberichten/")
    pagina.get_by_label(str(Soort.MANDATEN.label)).focus()
    pagina.keyboard.press("Space")  # off
    pagina.get_by_label("English").check()
    pagina.get_by_role("button", name="Bewaren").focus()
    with pagina.expect_navigation():
        pagina.keyboard.press("Enter")
    expect(pagina.get_by_role("status").first).to_contain_text("zijn bewaard")
    controleer(pagina, "/mijn-e-mailberichten/ (bewaard)")
    voorkeur = Berichtvoorkeur.objects.get(gebruiker=persoon)
    assert voorkeur.uitgezet == [Soort.MANDATEN] and voorkeur.taal == "en"


def test_afmeldpaginas_zonder_inloggen(pagina, bestuur):
    persoon = collega("jan", bestuur)
    basis = pagina.live_server_url + "/mijn-e-mailberichten/afmelden/"
    pagina.goto(f"{basis}?token={afmelden.token(persoon.pk, Soort.ROLLEN)}")
    controleer(pagina, "afmelden (bevestigen)")
    with pagina.expect_navigation():
        pagina.get_by_role("button", name="Afmelden").click()
    expect(pagina.locator("h1")).to_have_text("Afgemeld")
    controleer(pagina, "afmelden (klaar)")
    assert Berichtvoorkeur.objects.get(gebruiker=persoon).uitgezet == [Soort.ROLLEN]
    pagina.goto(f"{basis}?token=vervalst")
    controleer(pagina, "afmelden (ongeldig)")
