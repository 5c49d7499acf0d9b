"""OSR: the board's mandates for supplier systems per school and dienst (rio-po.md §4).

Queries used by the mandate screens, controle (rule 'school zonder actief RIO-mandaat') and the
stappenplan dashboard. The services that change mandates and API keys live here too, audited.
"""

import secrets
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import cast

from django.contrib.auth.models import User
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext

from autorisatie.models import ApiSleutel, Dienst, Mandaat, Systeem
from autorisatie.toegang import sleutel_hash
from kern.fouten import Fouten
from kern.tijd import vandaag
from registratie.models import AuditRegel, Instellingserkenning, Onderwijsbestuur, geldig_op
from registratie.services import audit
from registratie.services.audit import Door, Momentopname
from registratie.services.regels import ALGEMEEN, datum, eind_niet_voor_begin, niet_in_verleden, overlapt

AuditActie = AuditRegel.Actie


def scholen_van(bestuur: Onderwijsbestuur, peildatum: date) -> QuerySet[Instellingserkenning]:
    """The board's schools (BRIN4 of its bevoegd gezag) that exist on the peildatum."""
    return Instellingserkenning.objects.filter(geldig_op(peildatum, begin_kan_leeg=True),
                                               bevoegd_gezag_id=bestuur.bevoegd_gezag_id).order_by("code")


def scholen_zonder_rio_mandaat(bestuur: Onderwijsbestuur, peildatum: date) -> QuerySet[Instellingserkenning]:
    """Schools of the board without an active mandate for dienst RIO on the peildatum."""
    gemandateerd = Mandaat.objects.filter(geldig_op(peildatum), bestuur=bestuur, dienst=Dienst.RIO)
    return scholen_van(bestuur, peildatum).exclude(pk__in=gemandateerd.values("instelling"))


# --- Overview for the mandate screens -----------------------------------------------------------------------

BINNENKORT_DAGEN = 30  # a mandate ending within this many days is shown as a warning


@dataclass(frozen=True)
class MandaatRegel:
    mandaat: Mandaat
    status: str  # 'actief', 'toekomstig' or 'beëindigd' on the peildatum


@dataclass(frozen=True)
class Overzicht:
    """The board's mandates per school on a peildatum, with what needs attention."""

    peildatum: date
    per_school: list[tuple[Instellingserkenning, list[MandaatRegel]]]
    zonder_rio: list[Instellingserkenning]
    eindigen_binnenkort: list[Mandaat]
    # Schools with two or more active RIO mandates (different systems): the LAS that fetches the codes is unclear.
    dubbel_rio: list[tuple[Instellingserkenning, list[Mandaat]]] = field(default_factory=list)

    @property
    def aantal_mandaten(self) -> int:
        return sum(len(regels) for _, regels in self.per_school)


def mandaten_van(bestuur: Onderwijsbestuur) -> QuerySet[Mandaat]:
    return Mandaat.objects.filter(bestuur=bestuur).select_related("instelling", "systeem__leverancier")


def mandaten_overzicht(bestuur: Onderwijsbestuur, peildatum: date) -> Overzicht:
    """Every school of the board (and any school it ever mandated) with its mandates and their status."""
    mandaten = list(mandaten_van(bestuur).order_by("instelling__code", "dienst", "begindatum", "pk"))
    scholen = {s.pk: s for s in scholen_van(bestuur, peildatum)}
    scholen.update({m.instelling_id: m.instelling for m in mandaten if m.instelling_id not in scholen})
    per_school: dict[int, list[MandaatRegel]] = {pk: [] for pk in scholen}
    for m in mandaten:
        per_school[m.instelling_id].append(MandaatRegel(m, m.status_op(peildatum)))
    grens = peildatum + timedelta(days=BINNENKORT_DAGEN)
    return Overzicht(
        peildatum=peildatum,
        per_school=[(scholen[pk], per_school[pk]) for pk in sorted(scholen, key=lambda pk: scholen[pk].code)],
        zonder_rio=list(scholen_zonder_rio_mandaat(bestuur, peildatum)),
        eindigen_binnenkort=[m for m in mandaten if m.is_actief_op(peildatum) and m.einddatum is not None
                             and m.einddatum <= grens],
        dubbel_rio=dubbele_rio_mandaten(mandaten, peildatum),
    )


def dubbele_rio_mandaten(mandaten: Iterable[Mandaat], peildatum: date
                         ) -> list[tuple[Instellingserkenning, list[Mandaat]]]:
    """Schools with more than one RIO mandate active on the peildatum. The same system twice is refused when it is
    added (_controleer_nieuw); two different systems are allowed (rio-po.md §4: a second LAS needs its own
    mandate) but for RIO, where the LAS fetches the school's codes, it is usually a forgotten old LAS."""
    per_school: dict[int, list[Mandaat]] = {}
    for m in mandaten:
        if m.dienst == Dienst.RIO and m.is_actief_op(peildatum):
            per_school.setdefault(m.instelling_id, []).append(m)
    return sorted(((lijst[0].instelling, lijst) for lijst in per_school.values() if len(lijst) > 1),
                  key=lambda paar: paar[0].code)


def lopende_mandaten_per_school(bestuur: Onderwijsbestuur, dienst: str, peildatum: date) -> dict[int, list[Mandaat]]:
    """Per school (pk) its mandates for this dienst that are active on the peildatum or start later."""
    per_school: dict[int, list[Mandaat]] = {}
    for m in mandaten_van(bestuur).filter(dienst=dienst).order_by("begindatum", "pk"):
        if m.is_relevant_op(peildatum):
            per_school.setdefault(m.instelling_id, []).append(m)
    return per_school


# --- Services: every change in one transaction with its audit entry (docs/adr/0003) -------------------------

def _controleer_nieuw(fouten: Fouten, bestuur: Onderwijsbestuur, instelling: Instellingserkenning, dienst: str,
                      systeem: Systeem, begindatum: date, einddatum: date | None, veld: str = "instelling",
                      voorvoegsel: str = "") -> None:
    """The rules of a new mandate; ``veld``/``voorvoegsel`` let a copy report per school on one field."""
    if instelling.bevoegd_gezag_id != bestuur.bevoegd_gezag_id:
        fouten.voeg_toe(veld, gettext("%(voorvoegsel)sSchool %(code)s is een school van een ander bestuur. U kunt "
                                      "alleen een mandaat geven voor de scholen (BRIN4) van bestuur %(code2)s.") % {
                                          "voorvoegsel": voorvoegsel, "code": instelling.code, "code2": bestuur.code})
        return
    if instelling.einddatum is not None and instelling.einddatum < begindatum:
        fouten.voeg_toe(veld, gettext("%(voorvoegsel)sSchool %(code)s bestaat niet meer na %(datum)s. Kies een "
                                      "school die op de begindatum bestaat.") % {
                                          "voorvoegsel": voorvoegsel, "code": instelling.code,
                                          "datum": datum(instelling.einddatum)})
    if dienst not in Dienst.values:
        fouten.voeg_toe("dienst", gettext("Kies een dienst uit de lijst, bijvoorbeeld RIO."))
        return
    if not systeem.actief:
        fouten.voeg_toe("systeem", gettext("Het systeem %(systeem)s is niet actief en kan geen mandaat krijgen. "
                                           "Kies een actief systeem of vraag uw leverancier naar de opvolger.") % {
                                               "systeem": systeem})
    bestaand = (Mandaat.objects.select_for_update().filter(instelling=instelling, dienst=dienst, systeem=systeem)
                .order_by("begindatum"))
    for m in bestaand:
        if overlapt(begindatum, einddatum, m.begindatum, m.einddatum):
            tot = " " + gettext("tot en met %(datum)s") % {"datum": datum(m.einddatum)} if m.einddatum else ""
            fouten.voeg_toe(veld, gettext("%(voorvoegsel)sSchool %(code)s heeft voor dienst %(waarde)s al een "
                                          "mandaat voor %(naam)s (vanaf %(datum)s%(tot)s). Beëindig dat mandaat "
                                          "eerst, of laat het nieuwe mandaat na de einddatum beginnen.") % {
                                              "voorvoegsel": voorvoegsel, "code": instelling.code,
                                              "waarde": Dienst(dienst).label, "naam": systeem.naam,
                                              "datum": datum(m.begindatum), "tot": tot})


def _gebruiker(door: Door) -> User | None:
    """Anything with a pk is taken as the user (as in audit.nieuwe_regel); the cast only tells mypy so."""
    return cast(User | None, door if getattr(door, "pk", None) else None)


def _registreer(door: Door, actie: str, mandaat: Mandaat, voor: Momentopname | None, omschrijving: str,
                ingangsdatum: date) -> None:
    audit.registreer(door=door, actie=actie, obj=mandaat, bestuurcode=mandaat.bestuur.code, voor=voor,
                     omschrijving=omschrijving, ingangsdatum=ingangsdatum)


def _maak(bestuur: Onderwijsbestuur, instelling: Instellingserkenning, dienst: str, systeem: Systeem,
          begindatum: date, einddatum: date | None, door: Door, hoe: str) -> Mandaat:
    mandaat = Mandaat.objects.create(bestuur=bestuur, instelling=instelling, dienst=dienst, systeem=systeem,
                                     begindatum=begindatum, einddatum=einddatum,
                                     aangemaakt_door=_gebruiker(door))
    _registreer(door, AuditActie.AANGEMAAKT, mandaat, None,
                f"Mandaat {hoe}: school {instelling.code}, dienst {mandaat.get_dienst_display()}, "
                f"systeem {systeem}", begindatum)
    return mandaat


@transaction.atomic
def voeg_mandaat_toe(bestuur: Onderwijsbestuur, instelling: Instellingserkenning, dienst: str, systeem: Systeem,
                     begindatum: date | None = None, einddatum: date | None = None, *, door: Door) -> Mandaat:
    """The board lets systeem exchange data for one school and dienst, from begindatum (default today)."""
    begindatum = begindatum or vandaag()
    fouten = Fouten()
    niet_in_verleden(fouten, begindatum, "begindatum", "De begindatum")
    eind_niet_voor_begin(fouten, begindatum, einddatum)
    _controleer_nieuw(fouten, bestuur, instelling, dienst, systeem, begindatum, einddatum)
    fouten.gooi()
    return _maak(bestuur, instelling, dienst, systeem, begindatum, einddatum, door, "toegevoegd")


@transaction.atomic
def beeindig_mandaat(mandaat: Mandaat, einddatum: date | None = None, *, door: Door) -> Mandaat:
    """End a mandate: einddatum is its last valid day (today at the earliest, default today)."""
    mandaat = Mandaat.objects.select_for_update(of=("self",)).select_related(
        "bestuur", "instelling", "systeem__leverancier").get(pk=mandaat.pk)
    einddatum = einddatum or vandaag()
    fouten = Fouten()
    if mandaat.einddatum is not None and mandaat.einddatum < vandaag():
        fouten.voeg_toe(ALGEMEEN, gettext("Dit mandaat is al beëindigd per %(datum)s.") % {
            "datum": datum(mandaat.einddatum)})
        fouten.gooi()
    niet_in_verleden(fouten, einddatum, "einddatum", "De einddatum")
    if einddatum < mandaat.begindatum:
        fouten.voeg_toe("einddatum", gettext("De einddatum (%(datum)s) ligt vóór de begindatum van het mandaat "
                                             "(%(datum2)s). Kies %(datum2)s of later.") % {
                                                 "datum": datum(einddatum), "datum2": datum(mandaat.begindatum)})
    if mandaat.einddatum is not None and einddatum > mandaat.einddatum:
        fouten.voeg_toe("einddatum", gettext("Dit mandaat eindigt al op %(datum)s. U kunt het alleen eerder laten "
                                             "eindigen: kies %(datum)s of eerder.") % {
                                                 "datum": datum(mandaat.einddatum)})
    fouten.gooi()
    voor = audit.momentopname(mandaat)
    mandaat.einddatum = einddatum
    mandaat.save(update_fields=["einddatum"])
    _registreer(door, AuditActie.BEEINDIGD, mandaat, voor,
                f"Mandaat beëindigd per {datum(einddatum)}: school {mandaat.instelling.code}, dienst "
                f"{mandaat.get_dienst_display()}, systeem {mandaat.systeem}", einddatum)
    return mandaat


@transaction.atomic
def kopieer_mandaat(mandaat: Mandaat, instellingen: Iterable[Instellingserkenning], *, door: Door) -> list[Mandaat]:
    """The same dienst and systeem for other schools of the board, all or nothing.

    The copies start today (or on the original's later begindatum) and end with the original."""
    mandaat = Mandaat.objects.select_related("bestuur", "systeem__leverancier").get(pk=mandaat.pk)
    scholen = sorted({i.pk: i for i in instellingen}.values(), key=lambda i: i.code)
    begindatum = max(mandaat.begindatum, vandaag())
    fouten = Fouten()
    if not scholen:
        fouten.voeg_toe("instellingen", gettext("Kies ten minste één school om het mandaat naar te kopiëren."))
    if mandaat.einddatum is not None and mandaat.einddatum < begindatum:
        fouten.voeg_toe(ALGEMEEN, gettext("Dit mandaat is beëindigd per %(datum)s en kan niet meer worden "
                                          "gekopieerd. Voeg een nieuw mandaat toe.") % {
                                              "datum": datum(mandaat.einddatum)})
    for school in scholen:
        _controleer_nieuw(fouten, mandaat.bestuur, school, mandaat.dienst, mandaat.systeem, begindatum,
                          mandaat.einddatum, veld="instellingen")
    fouten.gooi()
    return [_maak(mandaat.bestuur, school, mandaat.dienst, mandaat.systeem, begindatum, mandaat.einddatum, door,
                  f"gekopieerd van school {mandaat.instelling.code}") for school in scholen]


# --- API keys of a supplier system (kept by DUO's functional administrators) --------------------------------

PREFIX_BYTES = 4  # 8 hex characters: finds the row, not secret


def _registreer_sleutel(door: Door, actie: str, sleutel: ApiSleutel, voor: Momentopname | None,
                        omschrijving: str) -> None:
    audit.registreer(door=door, actie=actie, obj=sleutel, bestuurcode="", voor=voor,
                     omschrijving=omschrijving, ingangsdatum=vandaag())


@transaction.atomic
def maak_api_sleutel(systeem: Systeem, omschrijving: str = "", *, door: Door) -> tuple[ApiSleutel, str]:
    """A new key ``<prefix>.<geheim>`` for systeem; only its hash is stored, so show the key once."""
    fouten = Fouten()
    if not systeem.actief:
        fouten.voeg_toe(ALGEMEEN, gettext("Het systeem %(systeem)s is niet actief; een sleutel ervan zou niets "
                                          "kunnen lezen. Zet het systeem eerst op actief.") % {"systeem": systeem})
    fouten.gooi()
    prefix = secrets.token_hex(PREFIX_BYTES)
    while ApiSleutel.objects.filter(prefix=prefix).exists():
        prefix = secrets.token_hex(PREFIX_BYTES)
    volledig = f"{prefix}.{secrets.token_urlsafe(32)}"
    sleutel = ApiSleutel.objects.create(systeem=systeem, omschrijving=omschrijving.strip(), prefix=prefix,
                                        sleutel_hash=sleutel_hash(volledig),
                                        aangemaakt_door=_gebruiker(door))
    _registreer_sleutel(door, AuditActie.AANGEMAAKT, sleutel, None,
                        f"API-sleutel {prefix}… aangemaakt voor {systeem}")
    return sleutel, volledig


@transaction.atomic
def trek_sleutel_in(sleutel: ApiSleutel, *, door: Door) -> ApiSleutel:
    """Revoke a key: from now on the API refuses it (toegang.api_sleutel)."""
    sleutel = ApiSleutel.objects.select_for_update(of=("self",)).select_related("systeem__leverancier").get(
        pk=sleutel.pk)
    fouten = Fouten()
    if sleutel.is_ingetrokken:
        fouten.voeg_toe(ALGEMEEN, gettext("Sleutel %(prefix)s… is al ingetrokken.") % {"prefix": sleutel.prefix})
    fouten.gooi()
    voor = audit.momentopname(sleutel)
    sleutel.ingetrokken_op = timezone.now()
    sleutel.save(update_fields=["ingetrokken_op"])
    _registreer_sleutel(door, AuditActie.BEEINDIGD, sleutel, voor,
                        f"API-sleutel {sleutel.prefix}… van {sleutel.systeem} ingetrokken")
    return sleutel
