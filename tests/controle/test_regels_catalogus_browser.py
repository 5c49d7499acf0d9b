"""In Chromium: from a signal on the controle screen, the administrator follows the rule's link to its public
catalogue page and reads what it means and how to fix it; the page opens without login too and axe finds no
violation of any impact on it."""

import re
from datetime import date

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect

from controle import catalogus
from tests.helpers import factories
from tests.helpers.controle import vul_schoon

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True),
              pytest.mark.usefixtures("opleidingen_catalogus")]


def test_van_signaal_naar_uitleg_van_de_regel(inloggen, tmp_path):
    bestuur = factories.bestuur_met_erkenningen("10001", brin4s=("11AA", "11AB"))
    vul_schoon(bestuur, date.today())
    factories.aanbieder(bestuur, naam="De Nieuwe School", brin4="11AA")
    factories.gebruiker_met_rollen("beheerder", bestuur)
    p = inloggen("beheerder")
    p.goto(p.live_server_url + f"/controle/{bestuur.code}/")
    # Signals are grouped by rule: the group's heading names and links its rule.
    signaal = p.locator("section.signaalgroep[data-regel=AANBIEDER_ZONDER_OPLEIDING]")
    tekst = catalogus.tekst("AANBIEDER_ZONDER_OPLEIDING")
    expect(signaal).to_contain_text(tekst.naam)
    expect(p.locator("main")).not_to_contain_text("rio-po")
    p.screenshot(path=str(tmp_path / "controle-signaal.png"), full_page=True)
    with p.expect_navigation():
        signaal.get_by_role("link", name=re.compile("AANBIEDER_ZONDER_OPLEIDING")).click()
    expect(p).to_have_url(re.compile(r"/controle/regels/AANBIEDER_ZONDER_OPLEIDING/$"))
    expect(p.get_by_role("heading", level=1)).to_have_text(tekst.naam)
    expect(p.locator("#herstel")).to_have_text(tekst.herstel)

    p.context.clear_cookies()  # logged out: the catalogue is public
    p.goto(p.live_server_url + "/controle/regels/AANBIEDER_ZONDER_OPLEIDING/")
    expect(p.get_by_role("heading", level=1)).to_have_text(tekst.naam)
    expect(p.locator("header").get_by_role("link", name="Inloggen")).to_be_visible()
    p.screenshot(path=str(tmp_path / "regel.png"), full_page=True)
    for pad in ("/controle/regels/AANBIEDER_ZONDER_OPLEIDING/", "/controle/regels/"):
        p.goto(p.live_server_url + pad)
        bevindingen = Axe().run(p).response["violations"]
        assert not bevindingen, (pad, [(v["id"], v["impact"]) for v in bevindingen])
