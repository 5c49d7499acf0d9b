"""The fingerprint of a computed difference: binds applying a blauwdruk to the difference the user reviewed.

The preview puts it in the apply form; applying recomputes the difference inside its transaction and refuses
when the fingerprint differs, so a colleague's change to the register (or to the concept) after the preview is
never reverted silently.
"""

import hashlib
import json
from dataclasses import asdict, is_dataclass
from typing import Any

from modelleertool.verschil import Verschil


def _rij(rij: Any) -> Any:
    return asdict(rij) if is_dataclass(rij) and not isinstance(rij, type) else rij


def vingerafdruk(verschil: Verschil) -> str:
    """sha256 over every change (with the live and the blauwdruk values) and every problem."""
    inhoud = {
        "wijzigingen": [[w.soort, w.blad, w.rij, w.sleutel, w.naam, w.velden, _rij(w.oud), _rij(w.nieuw)]
                        for w in verschil.wijzigingen],
        "problemen": [[p.blad, p.rij, p.kolom, p.bericht] for p in verschil.problemen],
    }
    tekst = json.dumps(inhoud, sort_keys=True, default=str, ensure_ascii=False)
    return hashlib.sha256(tekst.encode()).hexdigest()
