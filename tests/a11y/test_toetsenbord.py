"""Keyboard only: change the name of an onderwijsaanbieder with Tab, Shift+Tab, Enter and Space (and typing),
checking at every step that the focused element shows a visible focus indicator (WCAG 2.1.1 and 2.4.7)."""

import importlib

import pytest
from django.apps import apps as django_apps
from django.urls import reverse
from playwright.sync_api import Page, expect

from registratie.models import Onderwijsaanbieder
from tests.helpers import factories

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

MAX_TABS = 80

# Description of the focused element plus whether a focus indicator is drawn (outline or box-shadow).
FOCUS = """() => {
  const e = document.activeElement;
  if (!e || e === document.body) return {id: "", tekst: "", tag: "BODY", zichtbaar: false};
  const s = getComputedStyle(e);
  const outline = s.outlineStyle !== "none" && parseFloat(s.outlineWidth) > 0;
  const schaduw = s.boxShadow && s.boxShadow !== "none";
  return {id: e.id, tekst: (e.innerText || e.value || "").trim(), tag: e.tagName, type: e.type || "",
          zichtbaar: outline || schaduw};
}"""


def focus(pagina: Page) -> dict:
    return pagina.evaluate(FOCUS)


def tab_naar(pagina: Page, past, toets: str = "Tab") -> dict:
    """Press Tab (or Shift+Tab) until the focused element matches; every stop must show its focus."""
    for _ in range(MAX_TABS):
        pagina.keyboard.press(toets)
        nu = focus(pagina)
        if nu["tag"] != "BODY":
            assert nu["zichtbaar"], f"focus niet zichtbaar op {nu}"
        if past(nu):
            return nu
    raise AssertionError(f"met {toets} niet bereikt na {MAX_TABS} stappen")


def test_naam_wijzigen_met_alleen_toetsenbord(inloggen, bestuur):
    importlib.import_module("registratie.migrations.0003_opleidingen_catalogus").laad(django_apps, None)
    aanbieder = factories.aanbieder(bestuur, naam="OBS De Regenboog")
    persoon = factories.gebruiker_met_rollen("toetsenbord", bestuur)
    pagina = inloggen(persoon.username)
    pagina.goto(pagina.live_server_url + reverse("registratie:aanbieder", args=[aanbieder.code]))

    # The skip link comes first, then the page; the "Wijzigen" action opens with Enter.
    eerste = tab_naar(pagina, lambda f: True)
    assert eerste["tekst"] == "Naar de inhoud", eerste
    tab_naar(pagina, lambda f: f["tag"] == "A" and f["tekst"] == "Wijzigen")
    with pagina.expect_navigation():
        pagina.keyboard.press("Enter")
    expect(pagina).to_have_url(pagina.live_server_url + reverse("registratie:aanbieder_wijzigen",
                                                                 args=[aanbieder.code]))

    # Past the name to the submit button, then back with Shift+Tab to the name and retype it.
    tab_naar(pagina, lambda f: f["tag"] == "BUTTON" and f["type"] == "submit" and "Uitloggen" not in f["tekst"])
    tab_naar(pagina, lambda f: f["id"] == "id_naam", toets="Shift+Tab")
    pagina.keyboard.press("Control+A")
    pagina.keyboard.type("IKC De Regenboog")
    knop = tab_naar(pagina, lambda f: f["tag"] == "BUTTON" and f["type"] == "submit")
    assert "Uitloggen" not in knop["tekst"], knop
    with pagina.expect_navigation():
        pagina.keyboard.press("Space")

    expect(pagina.locator("main")).to_contain_text("IKC De Regenboog")
    aanbieder = Onderwijsaanbieder.objects.get(pk=aanbieder.pk)
    assert aanbieder.perioden.latest("begindatum").naam == "IKC De Regenboog"
