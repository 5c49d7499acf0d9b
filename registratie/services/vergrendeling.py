"""Optimistic locking: lock the row, compare the versie the user saw, bump it on save."""

from kern.fouten import Conflict
from registratie.models import Levensduur


def vergrendel[M: Levensduur](obj: M, versie: int | None) -> M:
    """Re-read obj under a row lock; raise Conflict when it changed since the user read versie."""
    vers = type(obj)._default_manager.select_for_update().get(pk=obj.pk)
    if versie is not None and vers.versie != versie:
        raise Conflict(Conflict.bericht)
    return vers


def verhoog_versie(obj: Levensduur) -> None:
    obj.versie += 1
    obj.save()
