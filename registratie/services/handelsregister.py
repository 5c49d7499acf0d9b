"""Fetch the Handelsregister (KvK) of bevoegde gezagen and keep it as a snapshot (docs/handelsregister.md).

Called by the management command ververs_handelsregister only; pages read the snapshot and never call the KvK.
A snapshot is not data the board entered, so no rule of data entry applies; that it was fetched (or changed)
is recorded in the audit trail, and the snapshot carries its fetch time.
"""

import difflib
import logging
import re
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from enum import StrEnum

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone

from registratie.handelsregister import (
    Basisprofiel,
    GeenToegang,
    Handelsregister,
    HandelsregisterFout,
    geldig_kvk_nummer,
)
from registratie.models import AuditRegel, BevoegdGezag, Handelsregistergegevens
from registratie.services import audit

logger = logging.getLogger(__name__)
DOOR = "Handelsregister (KvK)"
POSTCODE = re.compile(r"[1-9][0-9]{3}[A-Z]{2}", re.ASCII)


class Status(StrEnum):
    NIEUW = "nieuw"
    GEWIJZIGD = "gewijzigd"
    ONGEWIJZIGD = "ongewijzigd"
    OVERGESLAGEN = "overgeslagen"
    FOUT = "fout"


@dataclass(frozen=True)
class Uitkomst:
    gezag: BevoegdGezag
    status: Status
    melding: str = ""


def _velden(profiel: Basisprofiel) -> dict[str, object]:
    """The snapshot's columns from a Basisprofiel, each cut to its column (the KvK's lengths are not ours)."""
    waarden: dict[str, object] = {"kvk_nummer": profiel.kvk_nummer, "naam": profiel.naam,
                                  "website": profiel.website, "telefoonnummer": profiel.telefoonnummer,
                                  "datum_aanvang": profiel.datum_aanvang, "datum_einde": profiel.datum_einde}
    for soort, adres in (("bezoek", profiel.bezoekadres), ("post", profiel.postadres)):
        waarden |= {f"{soort}_straatnaam": adres.straatnaam, f"{soort}_huisnummer": adres.huisnummer,
                    f"{soort}_toevoeging": adres.toevoeging, f"{soort}_postcode": adres.postcode,
                    f"{soort}_plaatsnaam": adres.plaatsnaam}
    for veld, waarde in waarden.items():
        lengte = Handelsregistergegevens._meta.get_field(veld).max_length  # type: ignore[union-attr]
        if isinstance(waarde, str) and lengte and len(waarde) > lengte:
            waarden[veld] = waarde[:lengte]
    for veld in ("bezoek_postcode", "post_postcode"):
        if not POSTCODE.fullmatch(str(waarden[veld])):
            waarden[veld] = ""
    try:
        URLValidator(schemes=["http", "https"])(waarden["website"])
    except ValidationError:
        waarden["website"] = ""  # shown as a link: only a real http(s) address
    return waarden


def _bestuurcode(gezag: BevoegdGezag) -> str:
    bestuur = getattr(gezag, "onderwijsbestuur", None)
    return bestuur.code if bestuur is not None else ""


@transaction.atomic
def bewaar(gezag: BevoegdGezag, profiel: Basisprofiel) -> Status:
    """Store the profile as the gezag's snapshot; an audit entry when it is new or its content changed."""
    waarden = _velden(profiel)
    nu = timezone.now()
    bestaand = Handelsregistergegevens.objects.select_for_update().filter(bevoegd_gezag=gezag).first()
    if bestaand is None:
        nieuw = Handelsregistergegevens.objects.create(bevoegd_gezag=gezag, opgehaald_op=nu, **waarden)
        audit.registreer(door=DOOR, actie=AuditRegel.Actie.AANGEMAAKT, obj=nieuw, bestuurcode=_bestuurcode(gezag),
                         voor=None, omschrijving=f"Handelsregister (KvK {profiel.kvk_nummer}) opgehaald voor "
                                                 f"bevoegd gezag {gezag.nummer}")
        return Status.NIEUW
    gewijzigd = any(getattr(bestaand, veld) != waarde for veld, waarde in waarden.items())
    voor = audit.momentopname(bestaand) if gewijzigd else None
    for veld, waarde in waarden.items():
        setattr(bestaand, veld, waarde)
    bestaand.opgehaald_op = nu
    bestaand.save()
    if not gewijzigd:
        return Status.ONGEWIJZIGD  # the fetch time on the snapshot records it; no entry: nothing changed
    audit.registreer(door=DOOR, actie=AuditRegel.Actie.GEWIJZIGD, obj=bestaand, bestuurcode=_bestuurcode(gezag),
                     voor=voor, omschrijving=f"Handelsregister (KvK {profiel.kvk_nummer}) opnieuw opgehaald voor "
                                             f"bevoegd gezag {gezag.nummer}: gewijzigd")
    return Status.GEWIJZIGD


def ververs(gezag: BevoegdGezag, bron: Handelsregister) -> Uitkomst:
    """Fetch one gezag's Basisprofiel and store it. A number that is not 8 digits is never sent; a KvK error
    leaves the existing snapshot as it was. GeenToegang is raised: it holds for every board."""
    if not geldig_kvk_nummer(gezag.kvk_nummer):
        return Uitkomst(gezag, Status.OVERGESLAGEN, "geen geldig KvK-nummer (8 cijfers) bij DUO")
    try:
        profiel = bron.basisprofiel(gezag.kvk_nummer)
    except GeenToegang:
        raise
    except HandelsregisterFout as fout:
        logger.warning("Handelsregister voor bevoegd gezag %s: %s", gezag.nummer, fout)
        return Uitkomst(gezag, Status.FOUT, str(fout))
    return Uitkomst(gezag, bewaar(gezag, profiel))


def te_verversen(nummers: Iterable[str] | None = None) -> QuerySet[BevoegdGezag]:
    """The bevoegde gezagen with a KvK number (or those with the given bevoegd-gezagnummers)."""
    qs = BevoegdGezag.objects.exclude(kvk_nummer="").select_related("onderwijsbestuur").order_by("nummer")
    return qs.filter(nummer__in=list(nummers)) if nummers is not None else qs


def ververs_alle(bron: Handelsregister, nummers: Iterable[str] | None = None) -> Iterator[Uitkomst]:
    for gezag in te_verversen(nummers).iterator(chunk_size=200):
        yield ververs(gezag, bron)


# Words that say what kind of legal person it is, not which one: left out when names are compared.
VORMWOORDEN = frozenset({"stichting", "vereniging", "st", "ver", "de", "het", "een", "van", "voor", "en", "te", "in",
                         "op", "der", "den", "bv", "nv", "ua", "wa"})


def _woorden(naam: str) -> list[str]:
    zonder_accenten = "".join(t for t in unicodedata.normalize("NFKD", naam.casefold()) if not unicodedata.combining(t))
    return [w for w in re.split(r"[^a-z0-9]+", zonder_accenten) if w and w not in VORMWOORDEN]


def namen_wijken_sterk_af(duo: str, kvk: str) -> bool:
    """True when DUO's name of the bevoegd gezag and the Handelsregister's name hardly look alike: neither's
    words (without 'Stichting', 'voor', ...) contain the other's, and their letters match less than 60%."""
    a, b = _woorden(duo), _woorden(kvk)
    if not a or not b or set(a) <= set(b) or set(b) <= set(a):
        return False
    return difflib.SequenceMatcher(None, " ".join(a), " ".join(b)).ratio() < 0.6
