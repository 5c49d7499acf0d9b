"""Writes audit entries: a JSON snapshot of the object (with its periods) before and after a change."""

import uuid
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from django.db import models, transaction

from kern.tijd import vandaag
from registratie.models import AuditRegel

# Child rows that belong to an object's state and are shown in its before/after snapshot.
KINDEREN: dict[str, tuple[str, ...]] = {
    "Onderwijsbestuur": ("perioden",),
    "Onderwijsaanbiedersgroep": ("perioden",),
    "Onderwijsaanbieder": ("perioden", "juridische_relaties"),
    "Onderwijslocatiegebruik": ("vestigingsrelaties",),
    "AangebodenOpleiding": ("perioden", "kenmerken"),
}
OVERGESLAGEN = {"id", "versie", "bijgewerkt_op"}


def wijzigingsactie(ingangsdatum: date) -> str:
    """A change that takes effect later is recorded as 'gepland' (scheduled), else as 'gewijzigd'."""
    return AuditRegel.Actie.GEPLAND if ingangsdatum > vandaag() else AuditRegel.Actie.GEWIJZIGD


def _waarde(obj: models.Model, veld: models.Field) -> Any:
    if isinstance(veld, models.ForeignKey):
        gerelateerd = getattr(obj, veld.name)
        return None if gerelateerd is None else str(getattr(gerelateerd, "code", gerelateerd.pk))
    waarde = getattr(obj, veld.attname)
    if isinstance(waarde, date | datetime):
        return waarde.isoformat()
    if isinstance(waarde, uuid.UUID | Decimal):
        return str(waarde)
    return waarde


def _velden(obj: models.Model, weg: str | None = None) -> dict[str, Any]:
    return {
        veld.name: _waarde(obj, veld)
        for veld in obj._meta.concrete_fields
        if veld.name not in OVERGESLAGEN and veld.name != weg
    }


def momentopname(obj: models.Model | None) -> dict[str, Any] | None:
    """JSON-safe state of obj and its child rows (periods, relations, kenmerken)."""
    if obj is None:
        return None
    return momentopname_van(obj, {relatie: list(getattr(obj, relatie).all().order_by("pk"))
                                  for relatie in KINDEREN.get(type(obj).__name__, ())})


def momentopname_van(obj: models.Model, kinderen: dict[str, list[models.Model]]) -> dict[str, Any]:
    """The same state with the child rows given (in pk order), for a bulk writer that just made them: no query."""
    toestand = _velden(obj)
    for relatie in KINDEREN.get(type(obj).__name__, ()):
        terug = getattr(type(obj), relatie).field.name
        toestand[relatie] = [_velden(kind, weg=terug) for kind in kinderen[relatie]]
    return toestand


def objectcode(obj: models.Model) -> str:
    return str(getattr(obj, "code", obj.pk))


def registreer(
    *,
    door,
    actie: str,
    obj: models.Model,
    bestuurcode: str,
    omschrijving: str,
    voor: dict[str, Any] | None,
    ingangsdatum: date | None = None,
) -> AuditRegel:
    """Record a change; must be called inside the transaction that made it (so both commit or neither)."""
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("Een auditregel hoort in dezelfde transactie als de wijziging.")
    return AuditRegel.objects.create(
        gebruiker=door if getattr(door, "pk", None) else None,
        gebruikersnaam=gebruikersnaam(door),
        actie=actie,
        objecttype=obj._meta.verbose_name,
        objectcode=objectcode(obj),
        bestuurcode=bestuurcode,
        omschrijving=omschrijving[:300],
        ingangsdatum=ingangsdatum,
        voor=voor,
        na=momentopname(obj),
    )


def gebruikersnaam(door) -> str:
    if door is None:
        return "systeem"
    if isinstance(door, str):
        return door
    volledige_naam = door.get_full_name() if hasattr(door, "get_full_name") else ""
    return volledige_naam or door.get_username()


def historie(objecttype_code_paren: list[tuple[str, str]]):
    """Audit entries of the given (objecttype, objectcode) pairs, newest first."""
    query = models.Q(pk__in=[])
    for objecttype, code in objecttype_code_paren:
        query |= models.Q(objecttype=objecttype, objectcode=code)
    return AuditRegel.objects.filter(query)
