"""Validity on a date: the one implementation of docs/adr/0001-einddatum-inclusief.md.

Valid on peildatum ``d``: ``begin <= d`` and (``eind`` is empty or ``d <= eind``). The end date is the
**last** valid day (inclusive). "Relevant" on ``d``: valid on ``d`` or starting later; only what ended
before ``d`` is history.

An empty begin counts as "always started" (erkenningen of the first import, waarden without a start); for a
non-null begin field the queryset filters leave that branch out (``begin_kan_leeg``) so their SQL is the
plain comparison.
"""

from datetime import date
from typing import ClassVar

from django.db.models import Q

__all__ = ["Geldigheid", "geldig_op_q", "relevant_op_q"]


class Geldigheid:
    """Mixin for anything with a begin and an (inclusive) end date; set the field names if they differ."""

    geldig_begin: ClassVar[str] = "begindatum"
    geldig_eind: ClassVar[str] = "einddatum"

    def _geldig_grenzen(self) -> tuple[date | None, date | None]:
        begin: date | None = getattr(self, self.geldig_begin)
        eind: date | None = getattr(self, self.geldig_eind)
        return begin, eind

    def is_geldig_op(self, peildatum: date) -> bool:
        """Valid on peildatum, the end date included."""
        # The dates read here, not through _geldig_grenzen: the national control file asks 100,000 times.
        begin: date | None = getattr(self, self.geldig_begin)
        eind: date | None = getattr(self, self.geldig_eind)
        return (begin is None or begin <= peildatum) and (eind is None or eind >= peildatum)

    # The registratie models and their callers (services, templates) have always called it this.
    is_actief_op = is_geldig_op

    def is_relevant_op(self, peildatum: date) -> bool:
        """Valid on peildatum or starting later; what ended before peildatum is not."""
        begin: date | None = getattr(self, self.geldig_begin)
        eind: date | None = getattr(self, self.geldig_eind)
        # is_geldig_op(peildatum) or a later begin, with the dates read once (a national file asks 60,000 times).
        return (begin is not None and begin > peildatum) or eind is None or eind >= peildatum

    def status_op(self, peildatum: date) -> str:
        """'toekomstig', 'beëindigd' or 'actief' on peildatum (a later begin wins over an earlier end)."""
        begin, eind = self._geldig_grenzen()
        if begin is not None and begin > peildatum:
            return "toekomstig"
        if eind is not None and eind < peildatum:
            return "beëindigd"
        return "actief"


def geldig_op_q(peildatum: date, prefix: str = "", *, begin: str = "begindatum", eind: str = "einddatum",
                begin_kan_leeg: bool = False) -> Q:
    """Filter for rows valid on peildatum: the queryset form of ``Geldigheid.is_geldig_op``.

    ``prefix`` reaches the dates through a relation (``"gebruiken__"``); ``begin_kan_leeg`` for a nullable
    begin field, where an empty begin counts as started.
    """
    begonnen = Q(**{f"{prefix}{begin}__lte": peildatum})
    if begin_kan_leeg:
        begonnen = Q(**{f"{prefix}{begin}__isnull": True}) | begonnen
    return begonnen & (Q(**{f"{prefix}{eind}__isnull": True}) | Q(**{f"{prefix}{eind}__gte": peildatum}))


def relevant_op_q(peildatum: date, prefix: str = "", *, begin: str = "begindatum", eind: str = "einddatum",
                  begin_kan_leeg: bool = False) -> Q:
    """Filter for rows valid on peildatum or starting later: the queryset form of ``is_relevant_op``."""
    geldig = geldig_op_q(peildatum, prefix, begin=begin, eind=eind, begin_kan_leeg=begin_kan_leeg)
    return geldig | Q(**{f"{prefix}{begin}__gt": peildatum})
