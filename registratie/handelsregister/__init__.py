"""The Handelsregister (KvK) behind the board's KvK number: an interface and its adapters (docs/handelsregister.md).

``bron()`` gives the configured source, or None when it is off (the default: ``HANDELSREGISTER = "uit"``).
Only the management command ververs_handelsregister asks it; pages read the stored snapshot
(registratie.models.Handelsregistergegevens) and never call the KvK.
"""

import re
from dataclasses import dataclass
from datetime import date
from typing import Protocol

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

KVK_NUMMER = re.compile(r"[0-9]{8}", re.ASCII)


def geldig_kvk_nummer(nummer: object) -> bool:
    """Exactly 8 ASCII digits: nothing else ever goes into a URL to the KvK."""
    return isinstance(nummer, str) and KVK_NUMMER.fullmatch(nummer) is not None


@dataclass(frozen=True)
class Adres:
    straatnaam: str = ""
    huisnummer: int | None = None
    toevoeging: str = ""
    postcode: str = ""
    plaatsnaam: str = ""


@dataclass(frozen=True)
class Basisprofiel:
    """What the portal keeps of a Basisprofiel: the legal person, its hoofdvestiging's addresses and contact."""

    kvk_nummer: str
    naam: str
    bezoekadres: Adres
    postadres: Adres
    website: str
    telefoonnummer: str
    datum_aanvang: date | None
    datum_einde: date | None


class HandelsregisterFout(Exception):
    """The Handelsregister gave no usable answer; the message is safe to log and show (never the key)."""


class NietGevonden(HandelsregisterFout):
    """The KvK does not know the number (404)."""


class GeenToegang(HandelsregisterFout):
    """The KvK refused the key (401/403): a configuration problem, the same for every board."""


class NietBereikbaar(HandelsregisterFout):
    """Timeout, connection refused, a 5xx, or an answer that is not a Basisprofiel."""


class Handelsregister(Protocol):
    naam: str  # shown as the source, e.g. "KvK Basisprofiel"

    def basisprofiel(self, kvk_nummer: str) -> Basisprofiel:
        """The Basisprofiel of kvk_nummer (8 digits); raises a HandelsregisterFout when there is none."""
        ...


UIT = "uit"
KVK = "kvk"


def aan() -> bool:
    """Whether the portal fetches the Handelsregister at all (setting HANDELSREGISTER, "uit" by default)."""
    return getattr(settings, "HANDELSREGISTER", UIT) != UIT


def bron() -> Handelsregister | None:
    """The configured Handelsregister, or None when it is off (the default)."""
    keuze = getattr(settings, "HANDELSREGISTER", UIT)
    if keuze == UIT:
        return None
    if keuze == KVK:
        from registratie.handelsregister.kvk import KvkBasisprofiel

        return KvkBasisprofiel(url=settings.KVK_API_URL, sleutel=settings.KVK_API_KEY,
                               timeout=settings.KVK_TIMEOUT)
    raise ImproperlyConfigured(f"HANDELSREGISTER is '{UIT}' of '{KVK}', niet {keuze!r}.")
