"""Corrections of the past by a DUO functional administrator (docs/adr/0008-correcties.md).

A board changes its register from today on (rule 16). What was registered wrongly in the past is corrected
here: a back-dated begin or end of an object, or a wrong value in a past period. The period rules still hold
(contiguous periods, rows inside the object's lifespan, the object inside its parent's); only "not in the
past" does not. Every correction needs a reason and is audited as a 'correctie' entry with before and after,
so the audit trail keeps what was known before (formal history) next to what is true now (material history).
"""

from datetime import date, datetime, time
from typing import Any, cast

from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext

from kern.fouten import Fouten, RegelFout
from kern.tijd import dag_voor
from registratie.models import (
    AanbiederPeriode,
    AangebodenOpleiding,
    AangebodenOpleidingPeriode,
    AuditRegel,
    BestuurPeriode,
    Contactgegevens,
    GroepPeriode,
    Levensduur,
    Onderwijsbestuur,
    Periode,
)
from registratie.models.base import PeriodeHouder
from registratie.services import audit
from registratie.services.audit import Door, Momentopname
from registratie.services.perioden import Periodehouder
from registratie.services.regels import datum, eind_niet_voor_begin, perioden_problemen
from registratie.services.vergrendeling import ZONDER_VERSIECONTROLE, vergrendel, verhoog_versie

# The period attributes a correction may change, per period model (the dates go through the boundary rules).
CORRIGEERBAAR: dict[type[Periode], tuple[str, ...]] = {
    BestuurPeriode: ("naam", "internationale_naam"),
    GroepPeriode: ("naam", "internationale_naam"),
    AanbiederPeriode: ("naam", "internationale_naam"),
    AangebodenOpleidingPeriode: ("eigen_naam", "internationale_naam"),
}
# Attributes that may not be empty after a correction.
VERPLICHT = {"naam"}


def bestuur_van(obj: models.Model) -> Onderwijsbestuur:
    if isinstance(obj, Onderwijsbestuur):
        return obj
    if isinstance(obj, Contactgegevens):
        return obj.bestuur_van_eenheid
    if isinstance(obj, AangebodenOpleiding):
        return obj.aanbieder.bestuur
    return cast(Onderwijsbestuur, obj.bestuur)  # type: ignore[attr-defined]  # groep, aanbieder, gebruik


def _ouder(obj: Levensduur) -> Levensduur | None:
    """The object whose lifespan obj must lie in (none for a bestuur: its bevoegd gezag is DUO's own)."""
    if isinstance(obj, Onderwijsbestuur):
        return None
    if isinstance(obj, Contactgegevens):
        eenheid: Levensduur = obj.eenheid
        return eenheid
    if isinstance(obj, AangebodenOpleiding):
        return obj.aanbieder
    return bestuur_van(obj)


def _relaties(obj: models.Model, soort: type[models.Model]) -> list[Any]:
    """The reverse relations of obj to rows of soort: its periods and dated relations, or its child objects."""
    return [rel for rel in obj._meta.related_objects
            if isinstance(rel, models.ManyToOneRel) and issubclass(rel.related_model, soort)]


def _rijen(obj: models.Model, rel: Any) -> models.QuerySet[Any]:
    rijen: models.QuerySet[Any] = rel.related_model._default_manager.filter(**{rel.field.name: obj})
    return rijen


def _schrijf(obj: Levensduur, *, door: Door, voor: Momentopname | None, omschrijving: str, reden: str,
             ingangsdatum: date) -> AuditRegel:
    """Bump the versie and write the 'correctie' entry with its reason, in the caller's transaction."""
    verhoog_versie(obj)
    regel = audit.nieuwe_regel(door=door, actie=AuditRegel.Actie.CORRECTIE, obj=obj,
                               bestuurcode=bestuur_van(obj).code, omschrijving=omschrijving, voor=voor,
                               na=audit.momentopname(obj), ingangsdatum=ingangsdatum)
    regel.reden = reden
    regel.save(force_insert=True)
    return regel


def _reden_fouten(fouten: Fouten, reden: str) -> None:
    if not reden.strip():
        fouten.voeg_toe("reden", gettext("Vul de reden van de correctie in, bijvoorbeeld het besluit of de melding "
                                         "waarop ze berust: een correctie van het verleden moet later uit te "
                                         "leggen zijn."))


def _rijen_binnen_levensduur(fouten: Fouten, obj: Levensduur) -> None:
    """Periods stay contiguous (rule 4); dated relations and child objects stay inside the lifespan (5/6)."""
    if isinstance(obj, PeriodeHouder):
        houder = cast(Periodehouder, obj)
        for probleem in perioden_problemen(list(houder.perioden.order_by("begindatum")), obj):
            fouten.voeg_toe("begindatum", gettext("%(probleem)s Corrigeer eerst de perioden, of kies andere "
                                                  "datums.") % {"probleem": probleem})
    for rel in _relaties(obj, Periode):  # the contiguity check does not see a period that ends before it begins
        for rij in _rijen(obj, rel):
            if rij.einddatum is not None and rij.einddatum < rij.begindatum:
                fouten.voeg_toe("begindatum", gettext("Een %(verbose_name)s (%(datum)s t/m %(datum2)s) zou vóór "
                                                      "zijn begin eindigen.") % {
                                                          "verbose_name": rij._meta.verbose_name,
                                                          "datum": datum(rij.begindatum),
                                                          "datum2": datum(rij.einddatum)})
    for rel in _relaties(obj, Levensduur):
        for kind in _rijen(obj, rel):
            if _ouder(kind) != obj:
                continue  # e.g. an aanbieder in a groep: the groep is not its parent
            if kind.begindatum < obj.begindatum or (obj.einddatum is not None and (
                    kind.einddatum is None or kind.einddatum > obj.einddatum)):
                fouten.voeg_toe("begindatum", gettext("%(waarde)s %(waarde2)s (%(waarde3)s) valt dan buiten de "
                                                      "levensduur. Corrigeer dat eerst.") % {
                                                          "waarde": str(kind._meta.verbose_name).capitalize(),
                                                          "waarde2": audit.objectcode(kind),
                                                          "waarde3": _looptijd(kind.begindatum, kind.einddatum)})


def corrigeer_levensduur[L: Levensduur](obj: L, *, door: Door, begindatum: date, einddatum: date | None, reden: str,
                                        versie: int | None = ZONDER_VERSIECONTROLE) -> L:
    """Correct an object's begin and end, also in the past. The periods and dated relations that started on the
    old begin move with it, those that ended on the old end too; the result must still meet the period rules
    and lie inside the parent's lifespan, else nothing is saved."""
    with transaction.atomic():
        obj = vergrendel(obj, versie)
        voor = audit.momentopname(obj)
        fouten = Fouten()
        _reden_fouten(fouten, reden)
        eind_niet_voor_begin(fouten, begindatum, einddatum)
        ouder = _ouder(obj)
        if ouder is not None:
            if begindatum < ouder.begindatum:
                fouten.voeg_toe("begindatum", gettext("De begindatum (%(datum)s) ligt vóór het begin van "
                                                      "%(verbose_name)s %(waarde)s (%(datum2)s).") % {
                                                          "datum": datum(begindatum),
                                                          "verbose_name": ouder._meta.verbose_name,
                                                          "waarde": audit.objectcode(ouder),
                                                          "datum2": datum(ouder.begindatum)})
            if ouder.einddatum is not None and (einddatum is None or einddatum > ouder.einddatum):
                fouten.voeg_toe("einddatum", gettext("De einddatum moet uiterlijk het einde van %(verbose_name)s "
                                                     "%(waarde)s (%(datum)s) zijn.") % {
                                                         "verbose_name": ouder._meta.verbose_name,
                                                         "waarde": audit.objectcode(ouder),
                                                         "datum": datum(ouder.einddatum)})
        if (obj.begindatum, obj.einddatum) == (begindatum, einddatum):
            fouten.voeg_toe("begindatum", gettext("De datums zijn niet veranderd: er valt niets te corrigeren."))
        fouten.gooi()
        oud_begin, oud_eind = obj.begindatum, obj.einddatum
        verschoven = _verschuif_rijen(fouten, obj, (oud_begin, oud_eind), (begindatum, einddatum))
        fouten.gooi()  # before any write: PostgreSQL refuses a period that ends before it begins outright
        # Shrinking rows first, then growing ones: the periods never overlap in between (the exclusion constraint).
        for _, rij in sorted(verschoven, key=lambda paar: not paar[0]):
            rij.save(update_fields=["begindatum", "einddatum"])
        obj.begindatum, obj.einddatum = begindatum, einddatum
        obj.save(update_fields=["begindatum", "einddatum"])
        _rijen_binnen_levensduur(fouten, obj)
        fouten.gooi()  # inside the atomic block: the rows moved above to check them are rolled back too
        _schrijf(obj, door=door, voor=voor, reden=reden.strip(), ingangsdatum=min(begindatum, oud_begin),
                 omschrijving=f"Levensduur gecorrigeerd: {_looptijd(oud_begin, oud_eind)} wordt "
                              f"{_looptijd(begindatum, einddatum)}")
    return obj


def _verschuif_rijen(fouten: Fouten, obj: Levensduur, oud: tuple[date, date | None],
                     nieuw: tuple[date, date | None]) -> list[tuple[bool, Any]]:
    """The periods and dated relations that began with the old begin or ended with the old end, with their
    dates moved along (unsaved) and whether they shrink; a row that would end before it begins is refused."""
    verschoven = []
    for rel in _relaties(obj, Periode):
        for rij in _rijen(obj, rel).select_for_update():
            begin = nieuw[0] if rij.begindatum == oud[0] else rij.begindatum
            eind = nieuw[1] if rij.einddatum == oud[1] else rij.einddatum
            if (begin, eind) == (rij.begindatum, rij.einddatum):
                continue
            if eind is not None and eind < begin:
                fouten.voeg_toe("begindatum", gettext("De %(verbose_name)s van %(waarde)s zou vóór zijn begin "
                                                      "eindigen. Corrigeer eerst die periode, of kies andere "
                                                      "datums.") % {
                                                          "verbose_name": rij._meta.verbose_name,
                                                          "waarde": _looptijd(rij.begindatum, rij.einddatum)})
            krimpt = begin >= rij.begindatum and eind is not None and (rij.einddatum is None or eind <= rij.einddatum)
            rij.begindatum, rij.einddatum = begin, eind
            verschoven.append((krimpt, rij))
    return verschoven


def _looptijd(begin: date, eind: date | None) -> str:
    return f"{datum(begin)} t/m {datum(eind) if eind else '…'}"


def _houder(periode: Periode) -> Periodehouder:
    for veld in periode._meta.concrete_fields:
        if isinstance(veld, models.ForeignKey) and veld.remote_field.related_name == "perioden":
            houder: Periodehouder = getattr(periode, veld.name)
            return houder
    raise TypeError(f"{type(periode).__name__} heeft geen houder")


def corrigeer_periode(periode: Periode, *, door: Door, reden: str, begindatum: date | None = None,
                      versie: int | None = ZONDER_VERSIECONTROLE, **waarden: str) -> Periodehouder:
    """Correct a period's values (a wrong naam in the past) and optionally move its begin: the previous period
    then ends the day before. A begin that would swallow the previous period or pass its own end overlaps."""
    toegestaan = CORRIGEERBAAR.get(type(periode), ())
    onbekend = set(waarden) - set(toegestaan)
    if onbekend:
        raise ValueError(f"Niet te corrigeren in {type(periode).__name__}: {', '.join(sorted(onbekend))}")
    with transaction.atomic():
        houder = vergrendel(_houder(periode), versie)
        voor = audit.momentopname(houder)
        perioden = list(houder.perioden.select_for_update().order_by("begindatum"))
        periode = next(p for p in perioden if p.pk == periode.pk)
        fouten = Fouten()
        _reden_fouten(fouten, reden)
        waarden = {k: v.strip() for k, v in waarden.items()}
        _waarde_fouten(fouten, periode, waarden)
        vorige = next((p for p in reversed(perioden) if p.begindatum < periode.begindatum), None)
        nieuw_begin = periode.begindatum if begindatum is None else begindatum
        if nieuw_begin != periode.begindatum:
            _grens_fouten(fouten, periode, vorige, nieuw_begin)
        if nieuw_begin == periode.begindatum and all(getattr(periode, k) == v for k, v in waarden.items()):
            fouten.voeg_toe("reden", gettext("Er is niets veranderd: er valt niets te corrigeren."))
        fouten.gooi()
        oud_begin = periode.begindatum
        periode.begindatum = nieuw_begin
        for k, v in waarden.items():
            setattr(periode, k, v)
        if nieuw_begin > oud_begin:
            periode.save()  # shrink this period before the previous one grows: no overlap in between
        if vorige is not None and nieuw_begin != oud_begin:
            vorige.einddatum = dag_voor(nieuw_begin)
            vorige.save(update_fields=["einddatum"])
        if nieuw_begin <= oud_begin:
            periode.save()
        problemen = perioden_problemen(list(houder.perioden.order_by("begindatum")), houder)
        if problemen:  # a safety net (rolled back with the block): the checks above should have refused it
            raise RegelFout({"begindatum": problemen})
        _schrijf(houder, door=door, voor=voor, reden=reden.strip(), ingangsdatum=min(oud_begin, nieuw_begin),
                 omschrijving=f"Periode vanaf {datum(oud_begin)} gecorrigeerd")
    return houder


def _waarde_fouten(fouten: Fouten, periode: Periode, waarden: dict[str, str]) -> None:
    for veld, waarde in waarden.items():
        lengte = getattr(periode._meta.get_field(veld), "max_length", None)
        if veld in VERPLICHT and not waarde:
            fouten.voeg_toe(veld, gettext("Vul een naam in."))
        elif lengte is not None and len(waarde) > lengte:
            fouten.voeg_toe(veld, gettext("Dit is %(aantal)s tekens; het maximum is %(lengte)s.") % {
                "aantal": len(waarde), "lengte": lengte})
        elif not waarde.isprintable():
            fouten.voeg_toe(veld, gettext("Dit bevat een teken dat niet kan, zoals een tab of regelovergang."))


def _grens_fouten(fouten: Fouten, periode: Periode, vorige: Periode | None, nieuw_begin: date) -> None:
    """Moving a period's begin moves the boundary with the previous period; it may not swallow either."""
    if vorige is None:
        fouten.voeg_toe("begindatum", gettext("De eerste periode begint met het object zelf. Corrigeer de "
                                              "begindatum van het object (levensduur) in plaats van die van de "
                                              "periode."))
    elif nieuw_begin <= vorige.begindatum:
        fouten.voeg_toe("begindatum", gettext("De nieuwe begindatum (%(datum)s) zou de periode vanaf %(datum2)s "
                                              "overlappen. Kies een datum na %(datum2)s.") % {
                                                  "datum": datum(nieuw_begin), "datum2": datum(vorige.begindatum)})
    if periode.einddatum is not None and nieuw_begin > periode.einddatum:
        fouten.voeg_toe("begindatum", gettext("De nieuwe begindatum (%(datum)s) ligt na het einde van deze periode "
                                              "(%(datum2)s) en zou de volgende overlappen.") % {
                                                  "datum": datum(nieuw_begin), "datum2": datum(periode.einddatum)})


def bekend_op(obj: models.Model, dag: date) -> Momentopname | None:
    """The object as it was registered at the end of dag (formal history): the latest audit snapshot written
    on or before that day, or None when nothing was registered yet. Compare with the object's periods, which
    say what is valid on a date (material history)."""
    einde = timezone.make_aware(datetime.combine(dag, time.max))
    regel = (AuditRegel.objects
             .filter(objecttype=str(obj._meta.verbose_name), objectcode=audit.objectcode(obj), tijdstip__lte=einde)
             .exclude(na__isnull=True).order_by("-tijdstip", "-id").first())
    return None if regel is None else regel.na
