"""The printable blauwdruk of the largest real board (DUO's open data: bevoegd gezag 24597, 57 schools), printed
to PDF by a real Chromium as a school leader prints it: A4, the page size of the print stylesheet."""

import pytest
from django.urls import reverse

from autorisatie.rollen import Rol
from tests.helpers import factories
from tests.helpers.pdf import tekst_per_pagina

MAX_A4_PAGINAS = 8
A4_LIGGEND_BREEDTE_PX = 1047  # 277 mm between the margins, at 96 px per inch

# grootste_bestuur: tests/helpers/groot.py (registered in tests/conftest.py)
pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_blauwdruk_van_57_scholen_past_op_8_a4_paginas(pagina, inloggen, grootste_bestuur, tmp_path):
    schoolleider = factories.gebruiker_met_rollen("schoolleider", grootste_bestuur, rollen=[Rol.BLAUWDRUK_INZIEN])
    inloggen(schoolleider.username)
    pad = reverse("registratie:afdrukken", args=[grootste_bestuur.code])
    assert pagina.goto(pagina.live_server_url + pad).ok

    pdf = pagina.pdf(format="A4", prefer_css_page_size=True, path=tmp_path / "blauwdruk.pdf")
    tekst = tekst_per_pagina(pdf)
    assert len(tekst) <= MAX_A4_PAGINAS, f"{len(tekst)} pagina's; tekst per pagina: {tekst}"
    assert all(tekst), f"een lege pagina: {tekst}"
    assert tekst[0] >= tekst[1] / 2, f"pagina 1 heeft meer dan alleen de kop: {tekst}"

    # Every school is named in full: its name cell holds the whole name and nothing spills out of it.
    pagina.set_viewport_size({"width": A4_LIGGEND_BREEDTE_PX, "height": 800})
    pagina.emulate_media(media="print")
    cellen = pagina.eval_on_selector_all(
        "table th.naam", "els => els.map(e => [e.textContent.trim(), e.scrollWidth <= e.clientWidth])")
    namen = {a.huidige_periode(a.begindatum).naam for a in grootste_bestuur.aanbieders.all()}
    assert len(namen) >= 50
    assert {naam for naam, _ in cellen} == namen
    assert [naam for naam, past in cellen if not past] == []
    assert pagina.evaluate("document.scrollingElement.scrollWidth") <= A4_LIGGEND_BREEDTE_PX
