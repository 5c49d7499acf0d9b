"""Browser fixtures and page helpers for the end-to-end tests in a real Chromium (Debian's /usr/bin/chromium,
driven by Playwright); the fixtures are registered in tests/conftest.py.

No `playwright install`: pytest-playwright is pointed at the system browser. Every page blocks traffic to
anything but the live server on the loopback interface, so a test can never reach the internet.
"""

import os
import re

import pytest
from playwright.sync_api import Page, expect

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")  # Playwright's sync API keeps an event loop running

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                  "--disable-background-networking", "--disable-component-update", "--disable-sync"]
NIET_LOKAAL = re.compile(r"^(?!https?://(127\.0\.0\.1|localhost)[:/])")
WACHTWOORD = "geheim-wachtwoord"  # tests.helpers.factories.gebruiker_met_rollen


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    return {**browser_type_launch_args, "executable_path": CHROMIUM, "args": CHROMIUM_FLAGS}


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args):
    return {**browser_context_args, "locale": "nl-NL", "timezone_id": "Europe/Amsterdam",
            "viewport": {"width": 1280, "height": 900}}


@pytest.fixture
def pagina(page, live_server):
    """pytest-playwright's page, offline except for the live server, with short timeouts."""
    page.route(NIET_LOKAAL, lambda route: route.abort())
    page.set_default_timeout(10_000)
    page.set_default_navigation_timeout(15_000)
    page.live_server_url = live_server.url  # for the tests' helpers: pagina.goto(pagina.live_server_url + ...)
    return page


@pytest.fixture
def inloggen(pagina):
    """Log in through the real login form (/inloggen/) as the given user."""

    def inloggen(gebruikersnaam: str, wachtwoord: str = WACHTWOORD):
        pagina.goto(pagina.live_server_url + "/inloggen/")
        pagina.locator("#id_username").fill(gebruikersnaam)
        pagina.locator("#id_password").fill(wachtwoord)
        with pagina.expect_navigation():
            pagina.locator("main").get_by_role("button", name="Inloggen", exact=True).click()
        expect(pagina).not_to_have_url(re.compile(r"/inloggen/"))  # a failed login stays on the form
        return pagina

    return inloggen


# --- Small page helpers ------------------------------------------------------------------------------------

def veld(pagina: Page, label: str):
    """A form field by its visible label (crispy adds '*' to required ones)."""
    return pagina.get_by_label(re.compile(rf"^\s*{re.escape(label)}\s*\*?\s*$"))


def opslaan(pagina: Page, knop: str = "Opslaan") -> None:
    """Submit the form and wait for the answer (a redirect to the object, or the form with its errors)."""
    with pagina.expect_navigation():
        pagina.locator("main form[method=post]").get_by_role("button", name=knop, exact=True).click()


def klik(pagina: Page, naam: str, exact: bool = True) -> None:
    with pagina.expect_navigation():
        pagina.locator("main").get_by_role("link", name=naam, exact=exact).first.click()


def url(pagina: Page, pad: str) -> re.Pattern:
    return re.compile("^" + re.escape(pagina.live_server_url + pad) + r"(\?.*)?$")
