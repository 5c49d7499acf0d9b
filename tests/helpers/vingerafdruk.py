"""The fingerprint a preview puts in the apply form of a blauwdruk, for tests that post the apply form directly."""

import re

from modelleertool.inhoud import Blauwdruk as Inhoud
from modelleertool.models import Blauwdruk
from modelleertool.verschil import bereken
from modelleertool.vingerafdruk import vingerafdruk


def bekeken(blauwdruk: Blauwdruk) -> str:
    """The fingerprint of the difference as the preview shows it now."""
    blauwdruk.refresh_from_db()
    return vingerafdruk(bereken(blauwdruk.bestuur, Inhoud.van_json(blauwdruk.inhoud)))


def uit_pagina(html: str) -> str:
    """The fingerprint in the apply form of a rendered preview."""
    gevonden = re.search(r'name="vingerafdruk" value="([0-9a-f]*)"', html)
    assert gevonden, "the preview has no apply form with a vingerafdruk"
    return gevonden.group(1)
