"""The organisation picture downloads as PNG: drawn from the SVG file in a real Chromium (static/js/plaatje-png.js),
under the portal's strict CSP."""

import struct

import pytest
from django.urls import reverse

from autorisatie.rollen import Rol
from registratie import plaatje
from tests.helpers import factories

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PNG_HANDTEKENING = b"\x89PNG\r\n\x1a\n"


def png_maten(png: bytes) -> tuple[int, int]:
    """Width and height from the IHDR chunk, the first after the signature."""
    assert png[:8] == PNG_HANDTEKENING and png[12:16] == b"IHDR"
    breedte, hoogte = struct.unpack(">II", png[16:24])
    return breedte, hoogte


def test_schoolleider_downloadt_plaatje_als_png(pagina, inloggen, bestuur, opleidingen_catalogus):
    aanbieder = factories.aanbieder(bestuur, naam="OBS De Regenboog <script>")
    factories.bo_opleiding(aanbieder, locatie=factories.locatiegebruik(bestuur).locatie)
    schoolleider = factories.gebruiker_met_rollen("leider", bestuur, rollen=[Rol.BLAUWDRUK_INZIEN])
    csp_fouten: list[str] = []
    pagina.on("console", lambda m: csp_fouten.append(m.text) if "Content Security Policy" in m.text else None)
    inloggen(schoolleider.username)
    assert pagina.goto(pagina.live_server_url + reverse("registratie:plaatje", args=[bestuur.code])).ok
    svg_hoogte = int(pagina.locator("svg.organisatieplaatje").get_attribute("height"))

    with pagina.expect_download() as wachten:
        pagina.get_by_role("button", name="Download als PNG").click()
    download = wachten.value
    assert download.suggested_filename.startswith(f"organisatieplaatje-{bestuur.code}-")
    assert download.suggested_filename.endswith(".png")
    png = download.path().read_bytes()
    assert png_maten(png) == (2 * plaatje.BREEDTE, 2 * svg_hoogte)  # drawn at twice the picture's size
    assert len(png) > 10_000, "the boxes and texts are drawn, not an empty canvas"
    assert csp_fouten == []
    assert pagina.get_by_role("button", name="Download als PNG").is_enabled()
