"""Adresdrift: locaties whose address in the register differs from what the address service says.

For DUO's functional administrators (the page controle:adresdrift and ``manage.py adresdrift``). Read-only: it
lists, it never changes a locatie; fixing one is a correction with its own audit line. Compared per locatie:
whether the service knows the address (postcode + huisnummer + toevoeging), its straatnaam and plaatsnaam
(ignoring case, accents and DUO's "GEM <gemeente>" suffix) and the BAG id.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from registratie.adressen.lokaal import gewoon
from registratie.models import Onderwijslocatie
from registratie.services.adres import Adres, Adresdienst


@dataclass(frozen=True)
class Afwijking:
    """One locatie and how its address differs from the service's (Dutch, one phrase per difference)."""

    locatie: Onderwijslocatie
    verschillen: tuple[str, ...]
    adres: Adres | None  # what the service has, None when it does not know the address

    def __str__(self) -> str:
        return f"{self.locatie.code} {self.locatie.adres}: {'; '.join(self.verschillen)}"


def _plaats(naam: str) -> str:
    """'ALTEVEER GEM NOORDENVELD' and 'Alteveer' are the same place: DUO adds the municipality to a name."""
    return re.sub(r"\s+gem(eente)?\.?\s+.*$", "", gewoon(naam))


def verschillen(locatie: Onderwijslocatie, adres: Adres | None, dienstnaam: str) -> tuple[str, ...]:
    if adres is None:
        return (f"adres onbekend bij de adresdienst ({dienstnaam})",)
    uit: list[str] = []
    if locatie.straatnaam and gewoon(locatie.straatnaam) != gewoon(adres.straatnaam):
        uit.append(f"straatnaam '{locatie.straatnaam}', adresdienst '{adres.straatnaam}'")
    if locatie.plaatsnaam and _plaats(locatie.plaatsnaam) != _plaats(adres.plaatsnaam):
        uit.append(f"plaatsnaam '{locatie.plaatsnaam}', adresdienst '{adres.plaatsnaam}'")
    if adres.bag_id and locatie.bag_id != adres.bag_id:
        uit.append(f"BAG-id '{locatie.bag_id or '(geen)'}', adresdienst '{adres.bag_id}'")
    return tuple(uit)


def adresdrift(dienst: Adresdienst, locaties: Iterable[Onderwijslocatie] | None = None) -> Iterator[Afwijking]:
    """The locaties (all, in code order, unless given) that differ; DienstNietBereikbaar stops the report."""
    if locaties is None:
        locaties = Onderwijslocatie.objects.order_by("code").iterator(chunk_size=500)
    for locatie in locaties:
        adres = dienst.zoek(locatie.postcode, locatie.huisnummer, locatie.huisnummertoevoeging)
        anders = verschillen(locatie, adres, dienst.naam)
        if anders:
            yield Afwijking(locatie, anders, adres)
