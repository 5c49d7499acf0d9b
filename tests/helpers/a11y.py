"""axe-core in the browser: the serious and critical WCAG 2.1 A/AA violations of a page."""

from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Page

WCAG_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
ERNSTIG = {"serious", "critical"}
AXE = Axe()


def ernstige_bevindingen(pagina: Page) -> list[str]:
    """axe-core on the current page; the serious and critical WCAG A/AA violations, one line per element."""
    uitslag = AXE.run(pagina, options={"runOnly": {"type": "tag", "values": WCAG_AA}})
    return [f"{v['id']} ({v['impact']}): {v['help']} -> {knoop['target']}"
            for v in uitslag.response["violations"] if v["impact"] in ERNSTIG for knoop in v["nodes"]]


def controleer(pagina: Page, pad: str) -> None:
    fouten = ernstige_bevindingen(pagina)
    assert not fouten, f"{pad}: {len(fouten)} ernstige toegankelijkheidsfouten:\n" + "\n".join(fouten)


def alle_bevindingen(pagina: Page) -> list[str]:
    """axe-core on the current page: every WCAG A/AA violation, of any impact (minor and moderate too)."""
    uitslag = AXE.run(pagina, options={"runOnly": {"type": "tag", "values": WCAG_AA}})
    return [f"{v['id']} ({v['impact']}): {v['help']} -> {knoop['target']}"
            for v in uitslag.response["violations"] for knoop in v["nodes"]]


def controleer_volledig(pagina: Page, pad: str) -> None:
    fouten = alle_bevindingen(pagina)
    assert not fouten, f"{pad}: {len(fouten)} toegankelijkheidsfouten:\n" + "\n".join(fouten)
