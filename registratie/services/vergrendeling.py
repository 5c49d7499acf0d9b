"""Optimistic locking: lock the row, compare the versie the user saw, bump it on save.

A web form must always send the versie it read: a missing versie (None) is refused like a stale one, so a form
can never skip the check by leaving the field out. Internal callers that have no versie to compare (the
importer, applying a blauwdruk, a button without a form) say so explicitly with ``ZONDER_VERSIECONTROLE``.
"""

from typing import Final

from kern.fouten import Conflict
from registratie.models import Levensduur


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
        raise Conflict(Conflict.bericht)
    return vers


def verhoog_versie(obj: Levensduur) -> None:
    obj.versie += 1
    obj.save()
