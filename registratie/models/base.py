"""Building blocks for RIO objects: a lifespan and period rows.

Date convention (docs/adr/0001-einddatum-inclusief.md): every einddatum is the **last day** on which
the object or period is valid (inclusive), as RIO's portal says "beëindigd per 31-7". A following
period starts the day after. RIO's XML (exclusive end) is produced by adding one day on output.
"""

from datetime import date

from django.db import models

from kern.geldigheid import Geldigheid, geldig_op_q


class Levensduur(Geldigheid, models.Model):
    """An object that exists from begindatum until (and including) einddatum."""

    begindatum = models.DateField("begindatum")
    einddatum = models.DateField("einddatum", null=True, blank=True, help_text="Laatste dag (inclusief).")
    # Optimistic locking: a form carries the versie it was read at; a save with an older one is a conflict.
    versie = models.PositiveIntegerField(default=1, editable=False)

    class Meta:
        abstract = True


# Re-exported under its old name: services, forms and views filter with registratie.models.geldig_op.
geldig_op = geldig_op_q


class Periode(Geldigheid, models.Model):
    """A row of time-varying attributes; the periods of one object are contiguous and never overlap."""

    begindatum = models.DateField("begindatum")
    einddatum = models.DateField("einddatum", null=True, blank=True)

    class Meta:
        abstract = True
        ordering = ["begindatum"]


class PeriodeHouder(Levensduur):
    """An object whose names live in period rows reachable as ``self.perioden``."""

    class Meta:
        abstract = True

    def perioden_geladen(self) -> list:
        """The periods in begindatum order: the list registratie.laden put on the object when it came from
        there, else the (prefetched) relation."""
        geladen = self.__dict__.get("perioden_lijst")
        return geladen if geladen is not None else list(self.perioden.all())

    def periode_op(self, peildatum: date):
        """The period valid on peildatum."""
        return next((p for p in self.perioden_geladen() if p.is_actief_op(peildatum)), None)

    def huidige_periode(self, peildatum: date):
        """The period on peildatum, or the nearest one (first future, else last) for display."""
        perioden = self.perioden_geladen()
        return (next((p for p in perioden if p.is_actief_op(peildatum)), None)
                or next((p for p in perioden if p.begindatum > peildatum), None)
                or (perioden[-1] if perioden else None))
