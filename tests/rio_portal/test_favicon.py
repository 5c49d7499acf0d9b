"""The portal's icon: linked from every page and at /favicon.ico (browsers ask for it on their own), no 404."""

from pathlib import Path

import pytest
from django.contrib.staticfiles import finders
from django.templatetags.static import static
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_favicon_gelinkt_en_op_favicon_ico(client):
    html = client.get(reverse("home")).content.decode()
    assert f'<link rel="icon" href="{static("img/favicon.svg")}" type="image/svg+xml">' in html
    antwoord = client.get("/favicon.ico")
    assert antwoord.status_code == 301 and antwoord["Location"] == static("img/favicon.ico")
    ico = Path(finders.find("img/favicon.ico")).read_bytes()
    assert ico[:4] == b"\x00\x00\x01\x00", "an ICO file"
    assert finders.find("img/favicon.svg")
