"""A page of a board's list loaded for serialisation: one query per kind, without Django's per-row machinery.

Building a list of a 57-school board (uncached) was 16–20 ms of loading against 6–7 ms of SQL: model instances
built field by field, and a queryset per parent per prefetched relation (bench/README.md). Here the page comes
from ``registratie.laden.objecten`` (the same instances, built from rows) and each kind of child from one query,
grouped in Python and left on its parent as ``<relatie>_lijst`` (periods as ``perioden_lijst``, which
PeriodeHouder.periode_op reads); ``serialisatie`` reads those lists where they are (``kinderen``). The querysets
are those of ``selectie`` (the access rule, the order), stripped of their select_related and prefetch_related,
which are named here again; tests/uitwisseling/api/test_laden.py holds the records equal to the prefetched ones.
"""

from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.db.models import Model, QuerySet

from registratie.laden import objecten
from registratie.models import (
    AanbiederPeriode,
    AangebodenOpleidingPeriode,
    JuridischeRelatie,
    Kenmerk,
    Opvolging,
    Vestigingsrelatie,
)


@dataclass(frozen=True)
class Kind:
    """One kind of child: the relation's name on the parent, its rows (the order of prefetch_related's queryset),
    the child's key to the parent, and the related objects it is loaded with (as select_related)."""

    relatie: str
    rijen: Callable[[], QuerySet[Any]]
    sleutel: str
    gerelateerd: tuple[str, ...] = ()


@dataclass(frozen=True)
class Lader:
    gerelateerd: tuple[str, ...]
    kinderen: tuple[Kind, ...]

    def __call__(self, qs: QuerySet[Any]) -> list[Any]:
        """The objects of ``qs`` (a page, sliced or not) with their related objects and children."""
        ouders = objecten(qs.select_related(None).prefetch_related(None), *self.gerelateerd)
        ids = [ouder.pk for ouder in ouders]
        for kind in self.kinderen:
            per_ouder: dict[Any, list[Model]] = defaultdict(list)
            if ids:
                for rij in objecten(kind.rijen().filter(**{f"{kind.sleutel}__in": ids}), *kind.gerelateerd):
                    per_ouder[getattr(rij, kind.sleutel)].append(rij)
            for ouder in ouders:
                ouder.__dict__[f"{kind.relatie}_lijst"] = per_ouder.get(ouder.pk, [])
        return ouders


AANBIEDERS = Lader(("bestuur", "opvolging", "opvolging__opvolger"), (
    Kind("perioden", AanbiederPeriode.objects.all, "aanbieder_id"),
    Kind("juridische_relaties", JuridischeRelatie.objects.all, "aanbieder_id", ("instelling",)),
    Kind("voortzettingen", lambda: Opvolging.objects.order_by("voorganger__code"), "opvolger_id", ("voorganger",)),
))
LOCATIEGEBRUIK = Lader(("locatie", "bestuur"), (
    Kind("vestigingsrelaties", Vestigingsrelatie.objects.all, "gebruik_id", ("vestiging",)),
))
OPLEIDINGEN = Lader(("aanbieder", "opleiding", "locatie"), (
    Kind("perioden", AangebodenOpleidingPeriode.objects.all, "aangeboden_opleiding_id"),
    Kind("kenmerken", Kenmerk.objects.all, "aangeboden_opleiding_id"),
))
