"""The largest real board of DUO's open data (bevoegd gezag 24597: 57 schools, 55 BRIN4), loaded and filled by
the real importer as `make run` does, and a page helper for "is this within the first screens". The fixture is
registered in tests/conftest.py."""

import pytest
from django.core.management import call_command
from playwright.sync_api import Locator

from registratie.models import Onderwijsbestuur
from tests.helpers.duo import PEILDATUM_BESTAND, regels_van_bevoegd_gezag

GROOTSTE_BEVOEGD_GEZAG = "24597"  # the board with the most vestigingen in DUO's file (57)
SCHERM = {"width": 1280, "height": 800}  # the laptop screen of issue 16
MAX_SCHERMEN = 3  # the main action of a page lies within the first three screens


@pytest.fixture
def grootste_bestuur(opleidingen_catalogus, tmp_path) -> Onderwijsbestuur:
    kop, regels = regels_van_bevoegd_gezag(GROOTSTE_BEVOEGD_GEZAG)
    assert len(regels) == 57
    pad = tmp_path / f"vestigingen-bo-{GROOTSTE_BEVOEGD_GEZAG}.csv"
    pad.write_bytes((kop + "".join(regels)).encode("cp1252"))
    call_command("importeer_duo_open_data", str(pad), "--peildatum", PEILDATUM_BESTAND, "--vul-registratie",
                 "--stil")
    return Onderwijsbestuur.objects.get(bevoegd_gezag__nummer=GROOTSTE_BEVOEGD_GEZAG)


def bovenkant(element: Locator) -> float:
    """The element's top, in CSS pixels from the top of the page (not of the viewport)."""
    return element.evaluate("e => e.getBoundingClientRect().top + window.scrollY")


def binnen_drie_schermen(element: Locator) -> bool:
    return bovenkant(element) < MAX_SCHERMEN * SCHERM["height"]
