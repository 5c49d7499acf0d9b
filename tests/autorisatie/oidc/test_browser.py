"""The OIDC login and logout in a real Chromium: the portal's button, the provider's page and back."""

import re

import pytest
from playwright.sync_api import expect

from tests.helpers import factories

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def bestuur():
    return factories.bestuur_met_erkenningen("10001", brin4s=("11AA",))


def _inloggen_bij_provider(pagina, live_server, oidc_provider, sub: str) -> None:
    pagina.goto(f"{live_server.url}/inloggen/")
    pagina.get_by_role("link", name="Inloggen via uw organisatie (OpenID Connect)").click()
    expect(pagina).to_have_url(re.compile("^" + re.escape(f"{oidc_provider.url}/oauth2/authorize?")))
    pagina.get_by_label("Subject").fill(sub)  # the mock's "Custom user" box: people set up by the test
    pagina.get_by_role("button", name="Authorize", exact=True).click()


def test_inloggen_en_uitloggen_via_de_inlogdienst(pagina, live_server, oidc_provider, bestuur):
    oidc_provider.zet_persoon("sub-bea-browser", given_name="Bea", family_name="de Beheerder",
                              email="bea@school.example.nl", bevoegd_gezag_nummer="10001", beheerder_po=True)

    _inloggen_bij_provider(pagina, live_server, oidc_provider, "sub-bea-browser")

    expect(pagina).to_have_url(f"{live_server.url}/")  # the stappenplan of her board
    expect(pagina.get_by_role("heading", level=1)).to_contain_text("Stappenplan")
    expect(pagina.locator("header")).to_contain_text("Ingelogd als Bea de Beheerder")

    # Logout is a form POST that redirects to the provider: the CSP's form-action must allow that origin.
    pagina.locator("header").get_by_role("button", name="Uitloggen").click()
    expect(pagina).to_have_url(re.compile("^" + re.escape(f"{oidc_provider.url}/oauth2/end_session?")))
    pagina.get_by_role("button", name="End session").click()
    expect(pagina).to_have_url(f"{live_server.url}/")
    expect(pagina.locator("header").get_by_role("link", name="Inloggen")).to_be_visible()


def test_onbekende_organisatie_ziet_de_reden_op_de_inlogpagina(pagina, live_server, oidc_provider, bestuur):
    oidc_provider.zet_persoon("sub-onbekend-browser", given_name="Onno", bevoegd_gezag_nummer="99999")

    _inloggen_bij_provider(pagina, live_server, oidc_provider, "sub-onbekend-browser")

    expect(pagina).to_have_url(f"{live_server.url}/inloggen/")
    expect(pagina.get_by_role("alert")).to_contain_text(
        "Uw organisatie (bevoegd gezag 99999) is niet bekend in het portaal")
    expect(pagina.locator("header").get_by_role("link", name="Inloggen")).to_be_visible()
