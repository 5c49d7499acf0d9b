"""The portal on a phone (390 × 844, an iPhone 12-15): the menu folds behind a button that works without inline
script, tables scroll inside their own box, no key page scrolls sideways, and dates do not wrap."""

import re
from pathlib import Path

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from autorisatie.rollen import BEHEERDERSROLLEN, GEBRUIKERSROLLEN, Rol
from tests.helpers import factories
from tests.helpers.a11y import controleer

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

BREEDTE = 390
LANGE_NAAM = "Openbare Basisschool voor Montessori- en Daltononderwijs De Grote Regenboogvlei"


@pytest.fixture
def telefoon(pagina):
    pagina.set_viewport_size({"width": BREEDTE, "height": 844})
    return pagina


@pytest.fixture
def gevuld_bestuur(bestuur, opleidingen_catalogus):
    """A board with what the key pages list: aanbieders (one with a long name), a locatie, an opleiding, a
    contact, a mandate, and a Beheerder PO who holds every role."""
    eerste = factories.aanbieder(bestuur, naam=LANGE_NAAM, brin4="11AA")
    factories.aanbieder(bestuur, naam="OBS De Regenboog", brin4="11AB")
    factories.bo_opleiding(eerste, locatie=factories.locatiegebruik(bestuur, brin6="11AA00").locatie)
    systeem, _ = factories.systeem_met_sleutel()
    factories.mandaat(bestuur, "11AA", systeem)
    return bestuur


def sleutelpaginas(code: str) -> dict[str, str]:
    return {
        "home": reverse("home"),
        "mijn organisatie": reverse("registratie:organisatie", args=[code]),
        "controle": reverse("controle:bestuur", args=[code]),
        "rollen": reverse("autorisatie:rollen", args=[code]),
        "mandaten": reverse("autorisatie:mandaten", args=[code]),
        "zoeken": reverse("openbaar:zoeken") + "?q=regenboog",
        "blauwdruk": reverse("blauwdruk:lijst", args=[code]),
        "organisatieplaatje": reverse("registratie:plaatje", args=[code]),  # wider than a phone: scrolls in its box
        "afdrukbare blauwdruk": reverse("registratie:afdrukken", args=[code]),
    }


# Per page: how far it scrolls sideways, tables that stick out of their scroll box, and date cells that wrap.
METING = """() => {
  const vak = (el) => { for (let p = el.parentElement; p; p = p.parentElement) {
      const s = getComputedStyle(p); if (s.overflowX === 'auto' || s.overflowX === 'scroll') return p; }
    return null; };
  const tabellen = [...document.querySelectorAll('main table')];
  return {
    breedte: document.scrollingElement.scrollWidth,
    tabellen: tabellen.length,
    losse_tabellen: tabellen.filter(t => t.getBoundingClientRect().width > document.documentElement.clientWidth
                                         && !vak(t)).map(t => t.className),
    gevouwen_datums: [...document.querySelectorAll('main td, main th')]
      .filter(c => /^\\d{2}-\\d{2}-\\d{4}$/.test(c.textContent.trim()) && getComputedStyle(c).whiteSpace !== 'nowrap')
      .map(c => c.textContent.trim()).slice(0, 3),
  };
}"""


def test_sleutelpaginas_op_390_pixels(telefoon, inloggen, gevuld_bestuur, output_path):
    persoon = factories.gebruiker_met_rollen("beheerder", gevuld_bestuur,
                                             rollen=[*GEBRUIKERSROLLEN, *BEHEERDERSROLLEN, Rol.OSR_TOEGANG])
    inloggen(persoon.username)
    Path(output_path).mkdir(parents=True, exist_ok=True)
    fouten = []
    for naam, pad in sleutelpaginas(gevuld_bestuur.code).items():
        assert telefoon.goto(telefoon.live_server_url + pad).ok, naam
        meting = telefoon.evaluate(METING)
        controleer(telefoon, f"{pad} op {BREEDTE} px")  # e.g. a scrolling table box must be reachable by keyboard
        telefoon.screenshot(path=Path(output_path) / f"390-{naam.replace(' ', '-')}.png", full_page=True)
        if meting["breedte"] > BREEDTE or meting["losse_tabellen"] or meting["gevouwen_datums"]:
            fouten.append(f"{naam}: {meting}")
    assert not fouten, "\n".join(fouten)


def test_menu_klapt_in_en_uit_op_een_telefoon(telefoon, inloggen, gevuld_bestuur):
    persoon = factories.gebruiker_met_rollen("beheerder", gevuld_bestuur)
    inloggen(persoon.username)
    hoofdmenu = telefoon.get_by_role("navigation", name="Hoofdmenu")
    knop = hoofdmenu.get_by_role("button", name="Menu")
    mijn_organisatie = hoofdmenu.get_by_role("link", name="Mijn organisatie")
    expect(knop).to_have_attribute("aria-expanded", "false")
    expect(mijn_organisatie).to_be_hidden()
    knop.click()
    expect(knop).to_have_attribute("aria-expanded", "true")
    expect(mijn_organisatie).to_be_visible()
    mijn_organisatie.click()
    expect(telefoon).to_have_url(re.compile(reverse("registratie:kies_bestuur")))
    telefoon.keyboard.press("Tab")  # the menu is folded again on the next page
    expect(hoofdmenu.get_by_role("link", name="Mijn organisatie")).to_be_hidden()

    telefoon.set_viewport_size({"width": 1280, "height": 800})  # a laptop: no button, the menu is open
    expect(knop).to_be_hidden()
    expect(hoofdmenu.get_by_role("link", name="Mijn organisatie")).to_be_visible()
