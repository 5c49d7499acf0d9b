"""Optimistic locking: lock the row, compare the versie the user saw, bump it on save.

A web form must always send the versie it read: a missing versie (None) is refused like a stale one, so a form
can never skip the check by leaving the field out. Internal callers that have no versie to compare (the
importer, applying a blauwdruk, a button without a form) say so explicitly with ``ZONDER_VERSIECONTROLE``.
"""

from typing import Any, Final

from django.db.models import Q, QuerySet
from django.utils.translation import gettext

from kern.fouten import Conflict
from registratie.models import (
    AangebodenOpleiding,
    Contactgegevens,
    Levensduur,
    Onderwijsaanbieder,
    Onderwijsaanbiedersgroep,
    Onderwijsbegeleidingsaanbieder,
    Onderwijsbestuur,
    Onderwijslocatiegebruik,
)


class _ZonderVersiecontrole(int):
    """The explicit 'no versie to compare'. An int subclass, so the services' ``versie: int | None`` accept it
    without a signature change; a form can never produce it (it yields a plain int, at least 0)."""

    def __repr__(self) -> str:
        return "ZONDER_VERSIECONTROLE"


ZONDER_VERSIECONTROLE: Final[int] = _ZonderVersiecontrole(-1)


def zonder_controle(versie: int | None) -> bool:
    return isinstance(versie, _ZonderVersiecontrole)


def vergrendel[M: Levensduur](obj: M, versie: int | None) -> M:
    """Re-read obj under a row lock; raise Conflict when it changed since the user read versie, or when no versie
    was given at all (a form posted without its hidden versie)."""
    vers = type(obj)._default_manager.select_for_update().get(pk=obj.pk)
    if zonder_controle(versie):
        return vers
    if versie is None or vers.versie != versie:
        raise Conflict(gettext(Conflict.bericht))  # in the language of the request
    return vers


def verhoog_versie(obj: Levensduur) -> None:
    obj.versie += 1
    obj.save()


def vergrendel_register(bestuur: Onderwijsbestuur) -> None:
    """Lock every register row of the board until the caller's transaction ends, for a change of many rows that
    was decided on what the user saw (applying a blauwdruk): a colleague's save of any of them waits, then meets
    the new versie and gets the conflict message, instead of slipping in between reading and writing.

    PostgreSQL locks the rows (FOR UPDATE OF the row's own table); SQLite has no row locks, and its immediate
    transactions (settings) already let one writer at a time through."""
    register: list[QuerySet[Any]] = [
        Onderwijsbestuur.objects.filter(pk=bestuur.pk),
        Onderwijsaanbiedersgroep.objects.filter(bestuur=bestuur),
        Onderwijsaanbieder.objects.filter(bestuur=bestuur),
        Onderwijslocatiegebruik.objects.filter(bestuur=bestuur),
        AangebodenOpleiding.objects.filter(aanbieder__bestuur=bestuur),
        Onderwijsbegeleidingsaanbieder.objects.filter(bestuur=bestuur),
        Contactgegevens.objects.filter(Q(bestuur=bestuur) | Q(groep__bestuur=bestuur) | Q(aanbieder__bestuur=bestuur)
                                       | Q(begeleidingsaanbieder__bestuur=bestuur)),
    ]
    for qs in register:
        list(qs.select_for_update(of=("self",)).values_list("pk", flat=True))
