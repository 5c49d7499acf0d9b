"""Writes audit entries: a JSON snapshot of the object (with its periods) before and after a change.

One builder (``nieuwe_regel``, or ``regelwaarden`` for its fields) makes every entry; ``registreer`` saves one,
a bulk writer saves many. The
``wijziging`` context manager is the whole ritual of a change to a versioned object: lock, check the
versie, snapshot, collect errors, bump the versie and write the entry, in one transaction.
"""

import uuid
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from datetime import date, datetime
from decimal import Decimal
from functools import cache
from json.encoder import encode_basestring as JSON_TEKENREEKS
from operator import add, call, itemgetter
from typing import Any, cast

from django.contrib.auth.models import AnonymousUser, User
from django.db import models, transaction

from kern.fouten import Fouten
from kern.tijd import vandaag
from registratie.models import AuditRegel, Levensduur
from registratie.services.bulk import JsonTekst, json_tekst
from registratie.services.vergrendeling import ZONDER_VERSIECONTROLE, vergrendel, verhoog_versie

# Who made a change: a user, a description such as "inlog (claim Beheerder PO)", or None for the system.
type Door = User | AnonymousUser | str | None
type Momentopname = dict[str, Any]

# Child rows that belong to an object's state and are shown in its before/after snapshot.
KINDEREN: dict[str, tuple[str, ...]] = {
    "Onderwijsbestuur": ("perioden",),
    "Onderwijsaanbiedersgroep": ("perioden",),
    "Onderwijsaanbieder": ("perioden", "juridische_relaties"),
    "Onderwijslocatiegebruik": ("vestigingsrelaties",),
    "AangebodenOpleiding": ("perioden", "kenmerken"),
    "Onderwijsbegeleidingsaanbieder": ("perioden", "erkenningsrelaties"),
}
OVERGESLAGEN = {"id", "versie", "bijgewerkt_op"}


def benoem(obj: Any) -> str:
    """An object as an audit line names it: code and current name ("100A055 De Regenboog"), so that the history
    says which school changed, not only that "an aanbieder" did."""
    periode = obj.huidige_periode(vandaag()) if hasattr(obj, "huidige_periode") else None
    return " ".join(deel for deel in (str(obj.code), getattr(periode, "naam", "")) if deel)


def wijzigingsactie(ingangsdatum: date) -> str:
    """A change that takes effect later is recorded as 'gepland' (scheduled), else as 'gewijzigd'."""
    return AuditRegel.Actie.GEPLAND if ingangsdatum > vandaag() else AuditRegel.Actie.GEWIJZIGD


def _jsonwaarde(waarde: Any) -> Any:
    if isinstance(waarde, date | datetime):
        return waarde.isoformat()
    if isinstance(waarde, uuid.UUID | Decimal):
        return str(waarde)
    return waarde


@cache
def _snapshotvelden(model: type[models.Model], weg: str | None) -> tuple[tuple[str, str, bool], ...]:
    """(name, attname, is a foreign key) of the fields a snapshot shows, per model: decided once, not per row
    (a DUO import snapshots 13,000 objects)."""
    return tuple((veld.name, veld.attname, isinstance(veld, models.ForeignKey))
                 for veld in model._meta.concrete_fields if veld.name not in OVERGESLAGEN and veld.name != weg)


_GEWOON = (str, int, bool, type(None))  # JSON-safe as they are


def _velden(obj: models.Model, weg: str | None = None) -> Momentopname:
    """Field name -> JSON-safe value: a foreign key as the related object's code, a date as ISO text."""
    toestand: Momentopname = {}
    for naam, attnaam, is_sleutel in _snapshotvelden(type(obj), weg):
        if is_sleutel:
            gerelateerd = getattr(obj, naam)
            toestand[naam] = None if gerelateerd is None else objectcode(gerelateerd)
        else:
            waarde = getattr(obj, attnaam)
            toestand[naam] = waarde if type(waarde) in _GEWOON else _jsonwaarde(waarde)
    return toestand


def momentopname_json(obj: models.Model) -> JsonTekst:
    """``momentopname_van(obj, {})`` as its JSON text, for an object without child rows (an erkenning): made
    straight from the field values, without the dict that the JSON encoder would read again (a DUO import
    snapshots 13,000 objects). The same JSON value: every value is encoded as the encoder encodes it in the dict."""
    if KINDEREN.get(type(obj).__name__):
        raise TypeError(f"{type(obj).__name__} heeft kindrijen in zijn momentopname; gebruik momentopname_van.")
    kopjes, lezer, attnamen, sleutels, omzetters = _jsonplan(type(obj))
    try:
        waarden = list(lezer(obj.__dict__))  # a field holds its value in __dict__ under its attname
    except KeyError:  # a deferred field: read through its descriptor, which loads it, as _velden does
        waarden = [getattr(obj, a) for a in attnamen]
    cache = obj._state.fields_cache
    for i, naam in sleutels:
        # The related object as its descriptor gives it: from the instance's cache (Django keeps it in step with
        # the key), else loaded. The cache first: the descriptor's call costs more than the rest (13,000 an import).
        # No object: the descriptor decides (None, or its error for a required relation).
        gerelateerd = cache.get(naam)
        if gerelateerd is None:
            gerelateerd = getattr(obj, naam)
        waarden[i] = None if gerelateerd is None else objectcode(gerelateerd)
    try:
        # Per field its own converter, called from C: a text field's value straight through the encoder's C
        # function, which refuses anything but text (most of a snapshot's values, 100,000 per DUO import).
        teksten = ", ".join(map(add, kopjes, map(call, omzetters, waarden)))
    except TypeError:  # a value that is not text in a text field (None, a number): the general conversion
        teksten = ", ".join(map(add, kopjes, map(_json_waarde, waarden)))
    return JsonTekst("{" + teksten + "}")


@cache
def _jsonplan(model: type[models.Model]) -> tuple[tuple[str, ...], Callable[[dict[str, Any]], Iterable[Any]],
                                                   tuple[str, ...], tuple[tuple[int, str], ...],
                                                   tuple[Callable[[Any], str], ...]]:
    """Per snapshot field: its key as JSON with the separator ('"naam": '); one reader of all their values from an
    instance's __dict__, and their attnames; the foreign keys' positions and names; per field the converter of its
    value to JSON (``_json_omzetter``)."""
    velden = _snapshotvelden(model, None)
    attnamen = tuple(a for _, a, _ in velden)
    lezer: Callable[[dict[str, Any]], Iterable[Any]]
    if len(attnamen) == 1:  # itemgetter of one key gives the value, not a tuple
        enkel = itemgetter(attnamen[0])
        lezer = lambda inhoud: (enkel(inhoud),)  # noqa: E731
    else:
        lezer = itemgetter(*attnamen) if attnamen else (lambda inhoud: ())
    return (tuple(JSON_TEKENREEKS(naam) + ": " for naam, _, _ in velden), lezer, attnamen,
            tuple((i, naam) for i, (naam, _, is_sleutel) in enumerate(velden) if is_sleutel),
            tuple(_json_omzetter(model._meta.get_field(naam)) for naam, _, _ in velden))


def _json_omzetter(veld: Any) -> Callable[[Any], str]:
    """The encoder's own string function for a field that holds text (a required foreign key: its related code),
    else ``_json_waarde``. The string function refuses any other value, so a caller can fall back on that."""
    if veld.null:
        return _json_waarde
    if isinstance(veld, models.ForeignKey | models.CharField | models.TextField):
        return JSON_TEKENREEKS
    return _json_waarde


def _json_waarde(waarde: Any) -> str:
    """One value of a snapshot as JSON: _velden's conversion, then the encoder's text (bulk.json_tekst)."""
    soort = type(waarde)
    if soort is str:
        return JSON_TEKENREEKS(waarde)
    if waarde is None:
        return "null"
    if soort is int:
        return int.__repr__(waarde)  # as the encoder writes an int
    if isinstance(waarde, str):  # a TextChoices member: _jsonwaarde keeps it, the encoder writes its text
        return JSON_TEKENREEKS(waarde)
    return json_tekst(_jsonwaarde(waarde))


def momentopname(obj: models.Model | None) -> Momentopname | None:
    """JSON-safe state of obj and its child rows (periods, relations, kenmerken)."""
    if obj is None:
        return None
    return momentopname_van(obj, {relatie: list(getattr(obj, relatie).all().order_by("pk"))
                                  for relatie in KINDEREN.get(type(obj).__name__, ())})


def momentopname_van(obj: models.Model, kinderen: dict[str, list[models.Model]]) -> Momentopname:
    """The same state with the child rows given (in pk order), for a bulk writer that just made them: no query."""
    toestand = _velden(obj)
    for relatie in KINDEREN.get(type(obj).__name__, ()):
        terug = getattr(type(obj), relatie).field.name
        toestand[relatie] = [_velden(kind, weg=terug) for kind in kinderen[relatie]]
    return toestand


def objectcode(obj: models.Model) -> str:
    """The code users know an object by: its RIO code, a bevoegd gezag's nummer, else its pk."""
    veld = _codeveld(type(obj))  # what the class has, the instance has: asked once per model (13,000 per import)
    if veld is not None:
        try:
            return str(getattr(obj, veld))
        except AttributeError:  # a property whose related object is missing: decided below, as hasattr() did
            pass
    for veld in ("code", "nummer"):  # an instance's own attribute, or the class's that failed above
        if hasattr(obj, veld):
            return str(getattr(obj, veld))
    return str(obj.pk)


@cache
def _codeveld(klasse: type) -> str | None:
    return next((veld for veld in ("code", "nummer") if hasattr(klasse, veld)), None)


def nieuwe_regel(
    *,
    door: Door,
    actie: str,
    obj: models.Model,
    bestuurcode: str,
    omschrijving: str,
    voor: Momentopname | None,
    na: Momentopname | None,
    ingangsdatum: date | None = None,
) -> AuditRegel:
    """The one builder of an audit entry (unsaved): ``registreer`` saves it, a bulk writer saves many at once."""
    return AuditRegel(**regelwaarden(door=door, actie=actie, obj=obj, bestuurcode=bestuurcode,
                                     omschrijving=omschrijving, voor=voor, na=na, ingangsdatum=ingangsdatum))


def regelwaarden(
    *,
    door: Door,
    actie: str,
    obj: models.Model,
    bestuurcode: str,
    omschrijving: str,
    voor: Momentopname | JsonTekst | None,
    na: Momentopname | JsonTekst | None,
    ingangsdatum: date | None = None,
) -> dict[str, Any]:
    """The fields of the entry ``nieuwe_regel`` builds, for ``bulk.schrijf_waarden``: thousands of entries
    (a DUO import) without an AuditRegel instance each, which cost more than writing them."""
    # Anything with a pk is taken as the user (as before); the cast only tells mypy it is the user model.
    gebruiker = cast(User | None, door if getattr(door, "pk", None) else None)
    return {
        "gebruiker": gebruiker,
        "gebruikersnaam": gebruikersnaam(door),
        "actie": actie,
        "objecttype": str(obj._meta.verbose_name),
        "objectcode": objectcode(obj),
        "bestuurcode": bestuurcode,
        "omschrijving": omschrijving[:300],
        "ingangsdatum": ingangsdatum,
        "voor": voor,
        "na": na,
    }


def registreer(
    *,
    door: Door,
    actie: str,
    obj: models.Model,
    bestuurcode: str,
    omschrijving: str,
    voor: Momentopname | None,
    ingangsdatum: date | None = None,
) -> AuditRegel:
    """Record a change; must be called inside the transaction that made it (so both commit or neither)."""
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("Een auditregel hoort in dezelfde transactie als de wijziging.")
    regel = nieuwe_regel(door=door, actie=actie, obj=obj, bestuurcode=bestuurcode, omschrijving=omschrijving,
                         voor=voor, na=momentopname(obj), ingangsdatum=ingangsdatum)
    regel.save(force_insert=True)  # what objects.create did
    return regel


class Wijziging[M: Levensduur]:
    """What the body of ``wijziging`` works with: the locked object, the errors to collect, and the entry's
    actie, omschrijving and ingangsdatum, which the body may still set when they depend on what it did."""

    def __init__(self, obj: M, voor: Momentopname | None, actie: str, omschrijving: str,
                 ingangsdatum: date | None) -> None:
        self.obj = obj
        self.voor = voor
        self.fouten = Fouten()
        self.actie = actie
        self.omschrijving = omschrijving
        self.ingangsdatum = ingangsdatum
        self.gewijzigd = True

    def gooi(self) -> None:
        """Raise the errors collected so far, together; call this before the body changes any row."""
        self.fouten.gooi()

    def niets_gewijzigd(self) -> None:
        """Nothing differed: no new versie and no audit entry."""
        self.gewijzigd = False


@contextmanager
def wijziging[M: Levensduur](
    obj: M,
    *,
    door: Door,
    actie: str,
    bestuurcode: str,
    omschrijving: str = "",
    ingangsdatum: date | None = None,
    versie: int | None = ZONDER_VERSIECONTROLE,
    vergrendelen: bool = True,
) -> Iterator[Wijziging[M]]:
    """Lock obj (Conflict when it changed since ``versie``), snapshot it, run the body, raise the errors it
    collected in ``w.fouten``, then bump the versie and write one audit entry with before and after.

    Everything runs in one transaction, so an error (or Conflict) leaves no row changed and no entry.
    ``versie=None`` (a form posted without its versie) is refused like a stale versie; the default,
    ``ZONDER_VERSIECONTROLE``, is for actions that never read a versie (a button, a cascade, the importer).
    ``vergrendelen=False`` is for a cascade: the caller already locked the row inside its own transaction,
    so no savepoint is needed either.
    """
    with transaction.atomic(savepoint=vergrendelen):
        vers = vergrendel(obj, versie) if vergrendelen else obj
        w = Wijziging(vers, momentopname(vers), actie, omschrijving, ingangsdatum)
        yield w
        w.gooi()
        if w.gewijzigd:
            verhoog_versie(w.obj)
            registreer(door=door, actie=w.actie, obj=w.obj, bestuurcode=bestuurcode, voor=w.voor,
                       omschrijving=w.omschrijving, ingangsdatum=w.ingangsdatum)


def gebruikersnaam(door: Door) -> str:
    if door is None:
        return "systeem"
    if isinstance(door, str):
        return door
    volledige_naam = door.get_full_name() if hasattr(door, "get_full_name") else ""
    return volledige_naam or door.get_username()


def historie(objecttype_code_paren: list[tuple[str, str]]) -> models.QuerySet[AuditRegel]:
    """Audit entries of the given (objecttype, objectcode) pairs, newest first."""
    query = models.Q(pk__in=[])
    for objecttype, code in objecttype_code_paren:
        query |= models.Q(objecttype=objecttype, objectcode=code)
    return AuditRegel.objects.filter(query)
