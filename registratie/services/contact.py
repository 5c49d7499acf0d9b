"""Services for contactgegevens per communicatiecontext, and the fallback to find the effective contact."""

import operator
import re
from collections.abc import Callable, Iterable
from contextlib import AbstractContextManager
from dataclasses import dataclass
from datetime import date
from functools import reduce
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import EmailValidator, URLValidator
from django.db import models, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext

from kern.fouten import Fouten
from registratie.domein.enumeraties import CONTEXT_PER_CODE
from registratie.models import (
    AuditRegel,
    Contactgegevens,
    Handelsregistergegevens,
    Onderwijsaanbieder,
    Onderwijsaanbiedersgroep,
    Onderwijsbegeleidingsaanbieder,
    Onderwijsbestuur,
    geldig_op,
)
from registratie.services import audit
from registratie.services.adres import huisnummer_fouten, normaliseer_postcode, postcode_fouten
from registratie.services.audit import Door, Wijziging
from registratie.services.regels import binnen_levensduur, datum, einddatum_fouten, niet_in_verleden, overlapt

Actie = AuditRegel.Actie
Eenheid = Onderwijsbestuur | Onderwijsaanbiedersgroep | Onderwijsaanbieder | Onderwijsbegeleidingsaanbieder
TELEFOON = re.compile(r"^(\+|[0-9])[0-9 ()\-]{2,21}$")
CONTACTVELDEN = (
    "afdeling", "toelichting", "email", "telefoonnummer", "website",
    "bezoek_straatnaam", "bezoek_huisnummer", "bezoek_toevoeging", "bezoek_postcode", "bezoek_plaatsnaam",
    "post_straatnaam", "post_huisnummer", "post_toevoeging", "post_postcode", "post_plaatsnaam",
)


def _eenheid_veld(eenheid: Eenheid) -> str:
    return {Onderwijsbestuur: "bestuur", Onderwijsaanbiedersgroep: "groep", Onderwijsaanbieder: "aanbieder",
            Onderwijsbegeleidingsaanbieder: "begeleidingsaanbieder"}[type(eenheid)]


# Free-text fields: checked on length and control characters (PostgreSQL refuses NUL and too-long values).
TEKSTVELDEN = ("afdeling", "toelichting", "email", "telefoonnummer", "website",
               "bezoek_straatnaam", "bezoek_plaatsnaam", "post_straatnaam", "post_plaatsnaam")


def _normaliseer(gegevens: dict[str, Any]) -> dict[str, Any]:
    schoon = {k: (v.strip() if isinstance(v, str) else v) for k, v in gegevens.items() if k in CONTACTVELDEN}
    for veld in (*TEKSTVELDEN, "bezoek_toevoeging", "post_toevoeging"):
        if veld in schoon and schoon[veld] is None:
            schoon[veld] = ""
    for veld in ("bezoek_postcode", "post_postcode"):
        schoon[veld] = normaliseer_postcode(schoon.get(veld, ""))
    for veld in ("bezoek_plaatsnaam", "post_plaatsnaam"):
        schoon[veld] = (schoon.get(veld) or "").upper()
    return schoon


def _tekst_fouten(fouten: Fouten, g: dict[str, Any]) -> set[str]:
    """Length (the column's max_length) and no control characters; returns the fields that failed."""
    fout = set()
    for veld in TEKSTVELDEN:
        waarde = g.get(veld)
        if not isinstance(waarde, str) or not waarde:
            continue
        kolom = Contactgegevens._meta.get_field(veld)
        # Every TEKSTVELD is a column with a max_length; the assert tells mypy (get_field may return a relation).
        assert isinstance(kolom, models.Field) and kolom.max_length is not None
        label = str(kolom.verbose_name)
        label = label[:1].upper() + label[1:]
        if len(waarde) > kolom.max_length:
            fouten.voeg_toe(veld, gettext("%(label)s is hoogstens %(max_length)s tekens (nu %(aantal)s).") % {
                "label": label, "max_length": kolom.max_length, "aantal": len(waarde)})
            fout.add(veld)
        elif not waarde.isprintable():
            fouten.voeg_toe(veld, gettext("%(label)s bevat een teken dat niet kan, zoals een tab of regelovergang.") % {
                "label": label})
            fout.add(veld)
    return fout


def _contact_fouten(fouten: Fouten, g: dict[str, Any]) -> None:
    middelen = [g.get("email"), g.get("telefoonnummer"), g.get("website"), g.get("bezoek_postcode"),
                g.get("post_postcode")]
    if not any(middelen):
        fouten.voeg_toe("__all__", gettext("Vul minstens één manier van contact in: e-mailadres, telefoonnummer, "
                                           "website, bezoekadres of postadres."))
    al_fout = _tekst_fouten(fouten, g)
    if g.get("email") and "email" not in al_fout:
        try:
            EmailValidator()(g["email"])
        except ValidationError:
            fouten.voeg_toe("email", gettext("Vul een geldig e-mailadres in, bijvoorbeeld info@school.nl."))
    if g.get("telefoonnummer") and "telefoonnummer" not in al_fout and not TELEFOON.match(g["telefoonnummer"]):
        fouten.voeg_toe("telefoonnummer", gettext("Vul een telefoonnummer in met cijfers, eventueel beginnend met "
                                                  "+, bijvoorbeeld 050 599 7738."))
    if g.get("website") and "website" not in al_fout:
        try:
            URLValidator(schemes=["http", "https"])(g["website"])
        except ValidationError:
            fouten.voeg_toe("website", gettext("Vul een webadres in dat begint met https:// of http://."))
    for soort in ("bezoek", "post"):
        heeft_adres = any(g.get(f"{soort}_{v}") not in (None, "")  # huisnummer 0 is filled in (and wrong)
                          for v in ("straatnaam", "huisnummer", "toevoeging", "postcode", "plaatsnaam"))
        if heeft_adres:
            postcode_fouten(fouten, g.get(f"{soort}_postcode", ""), f"{soort}_postcode")
            huisnummer_fouten(fouten, g.get(f"{soort}_huisnummer"), g.get(f"{soort}_toevoeging", ""),
                              f"{soort}_huisnummer", f"{soort}_toevoeging")
            if not g.get(f"{soort}_plaatsnaam"):
                fouten.voeg_toe(f"{soort}_plaatsnaam", gettext("Vul de plaatsnaam in."))


def _overlap_fouten(fouten: Fouten, eenheid: Eenheid, context: str, begin: date, eind: date | None,
                    behalve: int | None = None) -> None:
    bestaande = Contactgegevens.objects.filter(**{_eenheid_veld(eenheid): eenheid}, context=context)
    for bestaand in bestaande if behalve is None else bestaande.exclude(pk=behalve):
        if overlapt(begin, eind, bestaand.begindatum, bestaand.einddatum):
            fouten.voeg_toe("context", gettext("%(code)s heeft al contactgegevens voor %(label)s in die periode "
                                               "(vanaf %(datum)s). Wijzig die, of beëindig ze eerst.") % {
                                                   "code": eenheid.code, "label": CONTEXT_PER_CODE[context].label,
                                                   "datum": datum(bestaand.begindatum)})


@transaction.atomic
def registreer_contact(eenheid: Eenheid, *, door: Door, context: str, begindatum: date,
                       **gegevens: Any) -> Contactgegevens:
    g = _normaliseer(gegevens)
    fouten = Fouten()
    if context not in CONTEXT_PER_CODE:
        fouten.voeg_toe("context", gettext("Kies een communicatiecontext uit de lijst."))
    niet_in_verleden(fouten, begindatum, "begindatum", "De begindatum", nieuw=True)
    binnen_levensduur(fouten, begindatum, eenheid, "begindatum", "De begindatum")
    _contact_fouten(fouten, g)
    if not fouten:
        _overlap_fouten(fouten, eenheid, context, begindatum, eenheid.einddatum)
    fouten.gooi()
    contact = Contactgegevens.objects.create(**{_eenheid_veld(eenheid): eenheid}, context=context,
                                             begindatum=begindatum, einddatum=eenheid.einddatum, **g)
    audit.registreer(door=door, actie=Actie.AANGEMAAKT, obj=contact, bestuurcode=eenheid.bestuur.code, voor=None,
                     omschrijving=f"Contactgegevens {CONTEXT_PER_CODE[context].label} toegevoegd aan {eenheid.code}",
                     ingangsdatum=begindatum)
    return contact


def wijzig_contact(contact: Contactgegevens, *, door: Door, versie: int | None, **gegevens: Any) -> Contactgegevens:
    """Contact details change at once; a change from a later date is made by ending and adding."""
    with audit.wijziging(contact, door=door, versie=versie, actie=Actie.GEWIJZIGD,
                         bestuurcode=contact.bestuur_van_eenheid.code,
                         omschrijving=f"Contactgegevens {contact.communicatiecontext.label} van "
                                      f"{contact.eenheid_code} gewijzigd") as w:
        contact = w.obj
        # Fields not passed keep their value (a partial change must not blank the rest of the address).
        g = _normaliseer({**{veld: getattr(contact, veld) for veld in CONTACTVELDEN}, **gegevens})
        _contact_fouten(w.fouten, g)
        w.gooi()
        for k, v in g.items():
            setattr(contact, k, v)
    return contact


def beeindig_contact(contact: Contactgegevens, *, door: Door, versie: int | None,
                     einddatum: date) -> Contactgegevens:
    with _beeindiging(contact, door=door, einddatum=einddatum, versie=versie) as w:
        contact = w.obj
        einddatum_fouten(w.fouten, einddatum, begin=contact.begindatum, bestaand=contact)
        w.gooi()
        contact.einddatum = einddatum  # not before begindatum (checked): never the removal of _beeindig
    return contact


def _beeindiging(contact: Contactgegevens, *, door: Door, einddatum: date, versie: int | None = None,
                 vergrendelen: bool = True) -> AbstractContextManager[Wijziging[Contactgegevens]]:
    return audit.wijziging(contact, door=door, actie=Actie.BEEINDIGD, bestuurcode=contact.bestuur_van_eenheid.code,
                           omschrijving=f"Contactgegevens {contact.communicatiecontext.label} van "
                                        f"{contact.eenheid_code} beëindigd per {datum(einddatum)}",
                           ingangsdatum=einddatum, versie=versie, vergrendelen=vergrendelen)


def _beeindig(contact: Contactgegevens, *, door: Door, einddatum: date) -> None:
    """End contact details in a cascade from a unit (the caller locked them); ones that would only start after
    einddatum are removed, with their own entry before the row goes."""
    if contact.begindatum > einddatum:
        audit.registreer(door=door, actie=Actie.VERWIJDERD, obj=contact, voor=audit.momentopname(contact),
                         ingangsdatum=einddatum, bestuurcode=contact.bestuur_van_eenheid.code,
                         omschrijving=f"Geplande contactgegevens {contact.communicatiecontext.label} van "
                                      f"{contact.eenheid_code} vervallen")
        contact.delete()
        return
    with _beeindiging(contact, door=door, einddatum=einddatum, vergrendelen=False):
        contact.einddatum = einddatum


def beeindig_contacten_van(eenheid: Eenheid, *, door: Door, einddatum: date) -> int:
    lopend = list(Contactgegevens.objects.filter(**{_eenheid_veld(eenheid): eenheid})
                  .exclude(einddatum__lte=einddatum).select_for_update())
    for contact in lopend:
        _beeindig(contact, door=door, einddatum=einddatum)
    return len(lopend)


@dataclass(frozen=True)
class EffectiefContact:
    context: str
    contact: Contactgegevens | None
    herkomst: str  # e.g. "aanbieder 100A001 (Leerplicht)", "bestuur 100B001 (Algemeen)"
    # The last level of the chain: the board's Handelsregister as last fetched (only when contact is None).
    handelsregister: Handelsregistergegevens | None = None

    @property
    def label(self) -> str:
        return CONTEXT_PER_CODE[self.context].label

    @property
    def gegevens(self) -> Contactgegevens | Handelsregistergegevens | None:
        """What is shown: the registered contact, else the Handelsregister's (both have email, telefoonnummer,
        website, bezoekadres and postadres)."""
        return self.contact if self.contact is not None else self.handelsregister


GEEN_CONTACT = "niets geregistreerd: Handelsregister (KvK) van het bestuur"

# Looks up one unit's contact details for one context (from the database, or from data loaded in bulk).
ZoekContact = Callable[[Eenheid, str], Contactgegevens | None]
_HANDELSREGISTER = "_handelsregister_geladen"


def laad_handelsregister(besturen: Iterable[Onderwijsbestuur]) -> None:
    """Read the Handelsregister snapshots of these boards in one query (none when no board has a KvK number),
    kept on each board object for ``handelsregister_van``."""
    nog = [b for b in besturen if _HANDELSREGISTER not in b.__dict__]
    gezagen: set[int] = {b.bevoegd_gezag_id for b in nog if b.bevoegd_gezag_id and b.kvk_nummer}
    per_gezag = {h.bevoegd_gezag_id: h for h in Handelsregistergegevens.objects.filter(
        bevoegd_gezag_id__in=gezagen)} if gezagen else {}
    for bestuur in nog:
        gevonden = per_gezag.get(bestuur.bevoegd_gezag_id) if bestuur.bevoegd_gezag_id else None
        # Fetched for another number (DUO changed the board's KvK number since): not this board's any more.
        bestuur.__dict__[_HANDELSREGISTER] = (gevonden if gevonden is not None
                                              and gevonden.kvk_nummer == bestuur.kvk_nummer else None)


def handelsregister_momentopname(bestuur: Onderwijsbestuur) -> Handelsregistergegevens | None:
    """The board's stored Handelsregister snapshot for its current KvK number, or None (never a call to the KvK)."""
    if _HANDELSREGISTER not in bestuur.__dict__:
        laad_handelsregister([bestuur])
    gegevens: Handelsregistergegevens | None = bestuur.__dict__[_HANDELSREGISTER]
    return gegevens


def handelsregister_van(bestuur: Onderwijsbestuur) -> Handelsregistergegevens | None:
    """The snapshot as the chain's last level: only when it has something to reach the board by."""
    gegevens = handelsregister_momentopname(bestuur)
    return gegevens if gegevens is not None and gegevens.heeft_contact else None


def handelsregister_herkomst(gegevens: Handelsregistergegevens) -> str:
    return (f"Handelsregister (KvK {gegevens.kvk_nummer}) van het bestuur, opgehaald op "
            f"{datum(timezone.localdate(gegevens.opgehaald_op))}")


# A unit whose effective contact details are asked: an onderwijsaanbieder, or (so/vso, rio-po.md §1.6) an
# onderwijsbegeleidingsaanbieder.
Contactdrager = Onderwijsaanbieder | Onderwijsbegeleidingsaanbieder


def contactketen(drager: Contactdrager) -> list[Eenheid]:
    """The units whose contact details serve ``drager``, nearest first: the aanbieder, its groep, the bestuur; a
    begeleidingsaanbieder and its bestuur (it belongs to no groep).

    rio-po.md §2 says contexts may sit on the begeleidingsaanbieder (§1.6, [P17]) and that a context filled on the
    bestuur "applies to the units beneath it" [P5, P7]; a begeleidingsaanbieder is a unit the board registers
    beneath itself, so it inherits from the board like an aanbieder (and the rule BEGELEIDING_CONTACT already
    reads Algemeen this way). The sources do not describe it separately (§10.2)."""
    if isinstance(drager, Onderwijsbegeleidingsaanbieder):
        return [drager, drager.bestuur]
    return [drager, *([drager.groep] if drager.groep else []), drager.bestuur]


def effectief_contact_via(aanbieder: Contactdrager, context: str, zoek: ZoekContact) -> EffectiefContact:
    """Fallback of rio-po.md §2: same context on aanbieder, groep, bestuur; then Algemeen on that chain;
    then the Handelsregister. The one place for this order; ``zoek`` only says where the rows come from.
    ``aanbieder`` may also be an onderwijsbegeleidingsaanbieder: its chain is itself and the bestuur
    (``contactketen``).

    Our choice for the open ordering question (§10.2): the asked context anywhere up the chain wins
    over Algemeen, because a context filled on the board is meant for the units beneath it.

    The Handelsregister level shows the board's stored snapshot (manage.py ververs_handelsregister) with its
    source and fetch date; without one it only names the Handelsregister (GEEN_CONTACT).
    """
    keten = contactketen(aanbieder)
    for gezocht in dict.fromkeys([context, "ALGEMEEN"]):
        for eenheid in keten:
            gevonden = zoek(eenheid, gezocht)
            if gevonden is not None:
                return EffectiefContact(context, gevonden, f"{eenheid._meta.verbose_name} {eenheid.code} "
                                                           f"({CONTEXT_PER_CODE[gezocht].label})")
    handelsregister = handelsregister_van(aanbieder.bestuur)
    if handelsregister is not None:
        return EffectiefContact(context, None, handelsregister_herkomst(handelsregister), handelsregister)
    return EffectiefContact(context, None, GEEN_CONTACT)


def is_eigen_contact(drager: Contactdrager, effectief: EffectiefContact) -> bool:
    """The effective contact is the drager's own, for the asked context (not inherited, not Algemeen instead)."""
    c = effectief.contact
    if c is None or c.context != effectief.context:
        return False
    eigen_id: int | None = getattr(c, f"{_eenheid_veld(drager)}_id")
    return eigen_id == drager.pk


def effectieve_contacten(aanbieder: Contactdrager, peildatum: date,
                         contexten: Iterable[str]) -> list[EffectiefContact]:
    """The effective contact details of several contexts, with one query for the whole chain."""
    keten = reduce(operator.or_, (Q(**{_eenheid_veld(e): e}) for e in contactketen(aanbieder)))
    geldig: dict[tuple[str, int, str], Contactgegevens] = {}
    for contact in Contactgegevens.objects.filter(keten).filter(geldig_op(peildatum)):  # model order, as .first()
        eenheid_veld = next(v for v in ("aanbieder", "begeleidingsaanbieder", "groep", "bestuur")
                            if getattr(contact, f"{v}_id"))
        geldig.setdefault((eenheid_veld, getattr(contact, f"{eenheid_veld}_id"), contact.context), contact)

    def uit_geladen(eenheid: Eenheid, gezocht: str) -> Contactgegevens | None:
        return geldig.get((_eenheid_veld(eenheid), eenheid.pk, gezocht))

    return [effectief_contact_via(aanbieder, context, uit_geladen) for context in contexten]


def effectief_contact(aanbieder: Contactdrager, context: str, peildatum: date) -> EffectiefContact:
    """The effective contact details from the database, one query per unit looked at."""
    def uit_database(eenheid: Eenheid, gezocht: str) -> Contactgegevens | None:
        return Contactgegevens.objects.filter(**{_eenheid_veld(eenheid): eenheid}, context=gezocht).filter(
            geldig_op(peildatum)).first()

    return effectief_contact_via(aanbieder, context, uit_database)
