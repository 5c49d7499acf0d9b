"""Mail the person whose roles changed (autorisatie.signalen.rollen_gewijzigd), after the commit.

The signal comes inside the service's transaction: the mail waits for the commit (a refused or rolled back grant
sends nothing), and whatever goes wrong here is logged, never raised into the grant or the ending itself."""

import logging
from dataclasses import dataclass
from datetime import date
from functools import partial
from typing import Any

from django.contrib.auth.models import User
from django.db import transaction
from django.dispatch import receiver

from autorisatie.models import Roltoewijzing
from autorisatie.rollen import Rol
from autorisatie.signalen import TOEGEKEND, rollen_gewijzigd
from berichten.models import Soort
from berichten.verzenden import verstuur
from kern.tijd import vandaag
from registratie.models import Onderwijsbestuur

logger = logging.getLogger("berichten")

# Roles the login gives and takes (the Beheerder PO claim): the person learns those from the login itself.
NIET_MELDEN = {"claim"}


@dataclass(frozen=True)
class Rolregel:
    rol: str
    begindatum: date
    einddatum: date | None


@dataclass(frozen=True)
class Rolbericht:
    """What the mail needs, copied at the signal: a withdrawn role's row is deleted before the commit."""

    gebeurtenis: str
    gebruiker_id: int
    bestuur_id: int | None
    rollen: tuple[Rolregel, ...]


@receiver(rollen_gewijzigd, sender=Roltoewijzing)
def bij_rollen_gewijzigd(sender: type[Roltoewijzing], gebeurtenis: str, toewijzingen: list[Roltoewijzing],
                         **kwargs: Any) -> None:
    try:
        te_melden = [t for t in toewijzingen if t.bron not in NIET_MELDEN]
        for bericht in _per_persoon_en_bestuur(gebeurtenis, te_melden):
            transaction.on_commit(partial(stuur_rolbericht, bericht))
    except Exception:
        logger.exception("Rolbericht niet voorbereid (gebeurtenis=%s)", gebeurtenis)


def _per_persoon_en_bestuur(gebeurtenis: str, toewijzingen: list[Roltoewijzing]) -> list[Rolbericht]:
    groepen: dict[tuple[int, int | None], list[Rolregel]] = {}
    for t in toewijzingen:
        groepen.setdefault((t.gebruiker_id, t.bestuur_id), []).append(Rolregel(t.rol, t.begindatum, t.einddatum))
    return [Rolbericht(gebeurtenis, gebruiker_id, bestuur_id, tuple(regels))
            for (gebruiker_id, bestuur_id), regels in groepen.items()]


def stuur_rolbericht(bericht: Rolbericht) -> bool:
    """After the commit: one mail to the person, listing the roles of this one change."""
    try:
        gebruiker = User.objects.filter(pk=bericht.gebruiker_id, is_active=True).first()
        if gebruiker is None:
            return False
        bestuur = (Onderwijsbestuur.objects.prefetch_related("perioden").filter(pk=bericht.bestuur_id).first()
                   if bericht.bestuur_id else None)
        context = {
            "bestuur": bestuur, "bestuursnaam": _naam(bestuur),
            "rollen": [{"naam": _rolnaam(r.rol), "begindatum": r.begindatum, "einddatum": r.einddatum,
                        "gepland": r.begindatum > vandaag()} for r in bericht.rollen],
        }
        sjabloon = "rol_toegekend" if bericht.gebeurtenis == TOEGEKEND else f"rol_{bericht.gebeurtenis}"
        return verstuur(gebruiker, Soort.ROLLEN, sjabloon, context)
    except Exception:
        logger.exception("Rolbericht niet verstuurd (gebruiker=%s)", bericht.gebruiker_id)
        return False


def _naam(bestuur: Onderwijsbestuur | None) -> str:
    if bestuur is None:
        return ""
    periode = bestuur.huidige_periode(vandaag())
    return periode.naam if periode is not None else ""


def _rolnaam(waarde: str) -> str:
    return Rol(waarde).label if waarde in Rol.values else waarde
