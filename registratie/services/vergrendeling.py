"""Optimistic locking: lock the row, compare the versie the user saw, bump it on save."""

from django.db import models

from kern.fouten import Conflict


def vergrendel[M: models.Model](obj: M, versie: int | None) -> M:
    """Re-read obj under a row lock; raise Conflict when it changed since the user read versie."""
    vers = type(obj).objects.select_for_update().get(pk=obj.pk)
    if versie is not None and vers.versie != versie:
        raise Conflict(Conflict.bericht)
    return vers


def verhoog_versie(obj: models.Model) -> None:
    obj.versie += 1
    obj.save()
