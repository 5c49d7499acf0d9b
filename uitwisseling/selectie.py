"""What the read API returns, for JSON and RIO's XML alike: the register objects of an organisation that the
calling system may read (only schools that mandate it today; autorisatie.toegang.beperk_voor_systeem), in
their version on the peildatum.

Both formats call these functions, so a JSON and an XML answer to the same question hold the same records.
"""

import uuid
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any

from django.conf import settings
from django.db import connection
from django.db.models import (
    CharField,
    Count,
    Exists,
    Expression,
    Func,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    StringAgg,
    Subquery,
    Sum,
    UUIDField,
    Value,
)
from django.db.models.functions import Cast, Coalesce, Concat, Left, Substr, TruncDate
from django.utils import timezone

from autorisatie import toegang
from autorisatie.models import Dienst, Mandaat, Systeem
from kern.tijd import vandaag
from kern.vaste_query import VasteRijen
from registratie.models import (
    AangebodenOpleiding,
    AuditRegel,
    BegeleidingErkenning,
    Bestuursstand,
    Instellingserkenning,
    JuridischeRelatie,
    Onderwijsaanbieder,
    Onderwijsbegeleidingsaanbieder,
    Onderwijsbestuur,
    Onderwijslocatiegebruik,
    Opvolging,
    Vestigingserkenning,
    Vestigingsrelatie,
    geldig_op,
)
from registratie.models.juridisch import bevoegd_gezag_nummer_validator, brin6_validator
from registratie.models.organisatie import aanbiedercode_validator, bestuurcode_validator
from registratie.selectors import standen_annotatie
from registratie.services import audit
from uitwisseling.aanroep import MANDAAT_HERSTEL, Aanroep, ApiFout, vandaag_genoemd

# The code formats: the model validators' own patterns, so the API accepts exactly what the register stores.
BESTUURCODE = bestuurcode_validator.regex
AANBIEDERCODE = aanbiedercode_validator.regex
BEVOEGD_GEZAG = bevoegd_gezag_nummer_validator.regex
BRIN6 = brin6_validator.regex


def _ongeldig(soort: str, code: str, vorm: str) -> ApiFout:
    return ApiFout(400, "code_ongeldig", f"'{code[:40]}' is geen geldige {soort}. Verwacht: {vorm}.")


def _onbekend(soort: str, code: str) -> ApiFout:
    return ApiFout(404, "niet_gevonden", f"Er is geen {soort} met code {code} in het register.")


def organisatie(code: str) -> Onderwijsbestuur:
    """An onderwijsbestuur by its code (999B999) or by its bevoegd-gezagnummer (5 digits)."""
    code = code.strip().upper()
    if BESTUURCODE.match(code):
        bestuur = Onderwijsbestuur.objects.filter(code=code).first()
    elif BEVOEGD_GEZAG.match(code):
        bestuur = Onderwijsbestuur.objects.filter(bevoegd_gezag__nummer=code).first()
    else:
        raise _ongeldig("organisatiecode", code,
                        "een onderwijsbestuurcode (999B999) of een bevoegd-gezagnummer (5 cijfers)")
    if bestuur is None:
        raise _onbekend("onderwijsbestuur of bevoegd gezag", code)
    return bestuur


def aanbieder(code: str) -> Onderwijsaanbieder:
    code = code.strip().upper()
    if not AANBIEDERCODE.match(code):
        raise _ongeldig("onderwijsaanbiedercode", code, "de vorm 999A999")
    gevonden = Onderwijsaanbieder.objects.filter(code=code).first()
    if gevonden is None:
        raise _onbekend("onderwijsaanbieder", code)
    return gevonden


def organisatie_met_gezag(bestuur: Onderwijsbestuur) -> Onderwijsbestuur:
    """The board with what ``serialisatie.organisatie`` reads: its periods and its bevoegd gezag's earlier names."""
    return Onderwijsbestuur.objects.select_related("bevoegd_gezag").prefetch_related(
        "perioden", "bevoegd_gezag__eerdere_namen").get(pk=bestuur.pk)


def vestiging(code: str) -> Vestigingserkenning:
    code = code.strip().upper()
    if not BRIN6.match(code):
        raise _ongeldig("vestigingscode (BRIN6)", code, "2 cijfers, 2 hoofdletters en 2 cijfers, zoals 12AB00")
    gevonden = Vestigingserkenning.objects.select_related("instelling").filter(code=code).first()
    if gevonden is None:
        raise _onbekend("vestiging (BRIN6)", code)
    return gevonden


def instellingen_van_aanbieder(obj: Onderwijsaanbieder, peildatum: date) -> QuerySet[Instellingserkenning]:
    relaties = JuridischeRelatie.objects.filter(geldig_op(peildatum), aanbieder=obj)
    return Instellingserkenning.objects.filter(pk__in=relaties.values("instelling"))


def vereis_organisatie_zichtbaar(aanroep: Aanroep, bestuur: Onderwijsbestuur) -> None:
    """403 when none of the board's schools mandates the system today (nothing to read at all)."""
    scholen = toegang.gemandateerde_instellingen(aanroep.systeem)
    if not scholen.filter(bevoegd_gezag_id=bestuur.bevoegd_gezag_id).exists():
        raise _organisatie_geweigerd(aanroep, bestuur.code)


def _organisatie_geweigerd(aanroep: Aanroep, code: str) -> ApiFout:
    return ApiFout(403, "geen_mandaat",
                   f"Geen enkele school van {code} heeft systeem '{aanroep.systeem.naam}' "
                   f"{vandaag_genoemd()} een mandaat gegeven voor dienst RIO. "
                   f"{MANDAAT_HERSTEL}")


@dataclass(frozen=True)
class BestuurVoorSysteem:
    """A board a system may read (``organisatie`` + ``vereis_organisatie_zichtbaar``), with what a cached list of
    it is keyed on: the board's change counters (selectors.bestuursstand) and the schools linked to its objects
    that mandate the system today (ids, ``scholen_van_bestuur``)."""

    bestuur: Onderwijsbestuur  # only pk, code and bevoegd_gezag_id: enough to filter on
    stand: str
    scholen: str


def _geordend(*velden: str) -> dict[str, Any]:
    """``order_by`` for a StringAgg of a cache key where the database can order an aggregate (PostgreSQL); SQLite's
    GROUP_CONCAT cannot, and there another order of the same rows only costs a cache miss, never a wrong answer."""
    return {"order_by": velden} if connection.features.supports_aggregate_order_by_clause else {}


def _scholen_van_bestuur(gemandateerd: QuerySet[Instellingserkenning]) -> Coalesce:
    """Of the ``gemandateerd`` schools, those linked (on any date) to an object of the board of the outer-outer
    query, as their ids in one text: every school through which the board's lists (aanbieders_van,
    locatiegebruik_van, begeleidingsaanbieders_van, aangeboden_opleidingen of the board) can show anything, by the
    access rule's own paths (toegang.SCHOOL_PAD). An opleiding reaches its schools through its aanbieder."""
    gekoppeld = Q(pk__in=[])
    for model in (Onderwijsaanbieder, Onderwijslocatiegebruik, Onderwijsbegeleidingsaanbieder):
        pad, _ = toegang.SCHOOL_PAD[model]
        gekoppeld |= Q(pk__in=model.objects.filter(
            bestuur_id=OuterRef(OuterRef("pk"))).values(pad.removesuffix("__in")))
    ids = (gemandateerd.filter(gekoppeld).order_by().annotate(alle=Value(1)).values("alle")
           .annotate(tekst=StringAgg(Cast("pk", CharField()), Value(","), **_geordend("pk"))).values("tekst"))
    return Coalesce(Subquery(ids, output_field=CharField()), Value(""), output_field=CharField())


def _bestuur_voor_systeem_rij(code: str, systeem_id: int, *, op_nummer: bool, dag: date) -> QuerySet[Any, Any]:
    besturen = Onderwijsbestuur.objects.filter(**{"bevoegd_gezag__nummer" if op_nummer else "code": code})
    gemandateerd = toegang.gemandateerde_instellingen(systeem_id, dag=dag)
    return besturen.order_by("pk").annotate(
        zichtbaar=Exists(gemandateerd.filter(bevoegd_gezag_id=OuterRef("bevoegd_gezag_id"))),
        stand=standen_annotatie(), scholen=_scholen_van_bestuur(gemandateerd),
    ).values_list("pk", "code", "bevoegd_gezag_id", "zichtbaar", "stand", "scholen")[:1]


# Asked on every call of a board's list, cached or not: compiled once per process and day (kern.vaste_query).
_BESTUUR_VOOR_SYSTEEM = VasteRijen(_bestuur_voor_systeem_rij)


def bestuur_voor_systeem(aanroep: Aanroep, code: str) -> BestuurVoorSysteem:
    """``organisatie(code)`` then ``vereis_organisatie_zichtbaar`` (the same 400, 404 and 403), in one statement
    that also brings the parts of a cached list's key (``BestuurVoorSysteem``)."""
    code = code.strip().upper()
    if BESTUURCODE.match(code):
        op_nummer = False
    elif BEVOEGD_GEZAG.match(code):
        op_nummer = True
    else:
        raise _ongeldig("organisatiecode", code,
                        "een onderwijsbestuurcode (999B999) of een bevoegd-gezagnummer (5 cijfers)")
    rijen = _BESTUUR_VOOR_SYSTEEM.rijen(code, aanroep.systeem.pk, op_nummer=op_nummer, dag=vandaag())
    if not rijen:
        raise _onbekend("onderwijsbestuur of bevoegd gezag", code)
    pk, bestuurcode, bevoegd_gezag_id, zichtbaar, stand, scholen = rijen[0]
    if not zichtbaar:
        raise _organisatie_geweigerd(aanroep, bestuurcode)
    return BestuurVoorSysteem(Onderwijsbestuur(pk=pk, code=bestuurcode, bevoegd_gezag_id=bevoegd_gezag_id),
                              stand, scholen)


def vereis_aanbieder_zichtbaar(aanroep: Aanroep, obj: Onderwijsaanbieder) -> None:
    """403 unless the aanbieder belongs, on the peildatum, to a school that mandates the system today."""
    scholen = instellingen_van_aanbieder(obj, aanroep.peildatum)
    toegestaan = toegang.gemandateerde_instellingen(aanroep.systeem)
    if not scholen.exists():
        raise ApiFout(403, "geen_mandaat",
                      f"Onderwijsaanbieder {obj.code} hoort op {aanroep.peildatum.isoformat()} bij geen school "
                      "(BRIN4), dus daar is niets te lezen. Kies een peildatum waarop de aanbieder bestaat.")
    if not scholen.filter(pk__in=toegestaan).exists():
        codes = ", ".join(scholen.values_list("code", flat=True))
        raise ApiFout(403, "geen_mandaat",
                      f"Onderwijsaanbieder {obj.code} ({codes}) heeft systeem '{aanroep.systeem.naam}' "
                      f"{vandaag_genoemd()} geen mandaat gegeven voor dienst RIO. {MANDAAT_HERSTEL}")


def vereis_vestiging_zichtbaar(aanroep: Aanroep, obj: Vestigingserkenning) -> None:
    """403 when the BRIN6's school (BRIN4) does not mandate the system today."""
    if not toegang.mag_systeem_lezen(aanroep.systeem, obj.instelling):
        raise ApiFout(403, "geen_mandaat",
                      f"Vestiging {obj.code} hoort bij school {obj.instelling.code}, en die heeft systeem "
                      f"'{aanroep.systeem.naam}' {vandaag_genoemd()} geen mandaat gegeven voor dienst RIO. "
                      f"{MANDAAT_HERSTEL}")


def aanbieders_van(aanroep: Aanroep, bestuur: Onderwijsbestuur) -> QuerySet[Onderwijsaanbieder]:
    """The board's aanbieders that exist on the peildatum and belong to a school that mandates the system today."""
    qs = Onderwijsaanbieder.objects.filter(geldig_op(aanroep.peildatum), bestuur=bestuur)
    return toegang.beperk_voor_systeem(qs, aanroep.systeem, aanroep.peildatum).select_related(
        "bestuur", "opvolging__opvolger").prefetch_related(
        "perioden",
        Prefetch("juridische_relaties", queryset=JuridischeRelatie.objects.select_related("instelling")),
        # Organisatierelatie OVERGANG (issue 18 §2): the aanbieders this one continues.
        Prefetch("voortzettingen",
                 queryset=Opvolging.objects.select_related("voorganger").order_by("voorganger__code")),
    ).order_by("code")


def begeleidingsaanbieders_van(aanroep: Aanroep, bestuur: Onderwijsbestuur) -> QuerySet[Onderwijsbegeleidingsaanbieder]:
    """The board's onderwijsbegeleidingsaanbieders that exist on the peildatum and hang, on it, under a school that
    mandates the system today (as aanbieders_van)."""
    qs = Onderwijsbegeleidingsaanbieder.objects.filter(geldig_op(aanroep.peildatum), bestuur=bestuur)
    return toegang.beperk_voor_systeem(qs, aanroep.systeem, aanroep.peildatum).select_related(
        "bestuur").prefetch_related(
        "perioden",
        Prefetch("erkenningsrelaties", queryset=BegeleidingErkenning.objects.select_related("instelling")),
    ).order_by("code")


def locatiegebruik_van(aanroep: Aanroep, bestuur: Onderwijsbestuur) -> QuerySet[Onderwijslocatiegebruik]:
    qs = Onderwijslocatiegebruik.objects.filter(geldig_op(aanroep.peildatum), bestuur=bestuur)
    return toegang.beperk_voor_systeem(qs, aanroep.systeem, aanroep.peildatum).select_related(
        "locatie", "bestuur").prefetch_related(
        Prefetch("vestigingsrelaties", queryset=Vestigingsrelatie.objects.select_related("vestiging")),
    ).order_by("locatie__code", "pk")


def aangeboden_opleidingen(aanroep: Aanroep, *, bestuur: Onderwijsbestuur | None = None,
                           aanbieder: Onderwijsaanbieder | None = None,
                           vestiging: Vestigingserkenning | None = None) -> QuerySet[AangebodenOpleiding]:
    """Aangeboden opleidingen on the peildatum of a board, an aanbieder, or offered at a BRIN6's locations."""
    qs = AangebodenOpleiding.objects.filter(geldig_op(aanroep.peildatum))
    if bestuur is not None:
        qs = qs.filter(aanbieder__bestuur=bestuur)
    if aanbieder is not None:
        qs = qs.filter(aanbieder=aanbieder)
    if vestiging is not None:
        # A locatie can be shared by several boards: only the opleidingen of the BRIN6's own board count.
        gebruik = Vestigingsrelatie.objects.filter(geldig_op(aanroep.peildatum), vestiging=vestiging)
        qs = qs.filter(locatie__gebruiken__in=gebruik.values("gebruik"),
                       aanbieder__bestuur__bevoegd_gezag_id=vestiging.instelling.bevoegd_gezag_id)
    return toegang.beperk_voor_systeem(qs, aanroep.systeem, aanroep.peildatum).select_related(
        "aanbieder", "opleiding", "locatie").prefetch_related("perioden", "kenmerken").order_by("code")


# Audit object types the API reports changes of; the objectcode of each is what the API returns as its key.
GESYNCHRONISEERD: dict[str, type] = {
    Onderwijsaanbieder._meta.verbose_name: Onderwijsaanbieder,
    Onderwijslocatiegebruik._meta.verbose_name: Onderwijslocatiegebruik,
    AangebodenOpleiding._meta.verbose_name: AangebodenOpleiding,
}


def _zichtbaar(systeem: Systeem, model: type, veld: str, instellingscode: str | None = None,
               objecten: QuerySet | None = None) -> Exists:
    """The audit row (outer query, field ``veld``) is of an object of this model linked to a school that mandates
    the system today and also did on the day of the change, whatever the dates of the object or the link: a
    change that ends an object must reach the supplier too, a change made outside its mandate must not.
    ``instellingscode``: only that school (BRIN4), for a subscription that asks for one school."""
    pad, _ = toegang.SCHOOL_PAD[model]
    # Correlated on the school (EXISTS … WHERE instelling = the object's school), not "school IN (all mandates on
    # that day)": PostgreSQL cannot hash a set that depends on the row's day and re-read every mandate of the
    # system per audit row (bench/README.md, "SOAP").
    scholen = toegang.gemandateerd_tijdens(systeem, OuterRef(OuterRef("datum"))).filter(
        instelling=OuterRef(pad.removesuffix("__in")))
    if instellingscode is not None:
        scholen = scholen.filter(instelling__code=instellingscode)
    kandidaten = model.objects.all() if objecten is None else objecten
    return Exists(kandidaten.filter(_code_is(model, OuterRef(veld)), Exists(scholen)))


_UUID_VORM = "^[0-9a-fA-F]{8}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{12}$"


class _AlsUuid(Func):
    """An audit objectcode (a column of text, a UUID with hyphens) as the value of a UUIDField, so the comparison runs
    on the column's own unique index. PostgreSQL: a cast to uuid, guarded by a CASE (evaluated in order, unlike AND)
    so text that is no UUID gives NULL, not an error; SQLite stores a UUID as 32 hex digits: the hyphens go. Not
    for a constant: PostgreSQL folds a constant's CAST when planning, before the CASE is looked at."""

    output_field = UUIDField()

    def as_postgresql(self, compiler, connection, **extra_context):
        sql, params = compiler.compile(self.source_expressions[0])
        return f"CASE WHEN {sql} ~ '{_UUID_VORM}' THEN CAST({sql} AS uuid) END", [*params, *params]

    def as_sql(self, compiler, connection, **extra_context):
        sql, params = compiler.compile(self.source_expressions[0])
        return f"REPLACE({sql}, '-', '')", params


def _code_is(model: type, auditcode: Expression) -> Q:
    """The object's own code equals the objectcode the audit trail wrote for it (audit.objectcode), on the
    object's indexed columns: the feed's visibility subquery runs once per audit row, and a computed code on the
    object's side (a concatenation, a cast) scanned every object each time (bench/README.md, "SOAP")."""
    if model is Onderwijslocatiegebruik:  # '<bestuurcode>-<locatiecode>', both 7 characters (999B999, 999X999)
        return Q(bestuur__code=Left(auditcode, 7), locatie__code=Substr(auditcode, 9))
    if model is AangebodenOpleiding:
        return Q(code=_AlsUuid(auditcode))
    return Q(code=auditcode)


def wijzigingen_sinds(aanroep: Aanroep, sinds: datetime, objecten: QuerySet | None = None) -> QuerySet[AuditRegel]:
    """Audit entries after ``sinds`` of aanbieders, locatiegebruik and aangeboden opleidingen (or only of
    ``objecten``, one model's) of schools that mandate the system today, made on a day their mandate covered
    (Europe/Amsterdam), oldest first (so a client can resume from the last tijdstip it saw). One query: the schools
    the system may read are subqueries, not lists, so a supplier with thousands of schools costs no parameters."""
    return zichtbare_wijzigingen(aanroep.systeem, objecten=objecten).filter(tijdstip__gt=sinds).order_by(
        "tijdstip", "id")


def zichtbare_wijzigingen(systeem: Systeem, *, instellingscode: str | None = None,
                          objecttypen: Iterable[str] | None = None,
                          objecten: QuerySet | None = None) -> QuerySet[AuditRegel]:
    """Every audit entry the change feed would show the system (the rule of ``wijzigingen_sinds``), unordered;
    the change notifications (uitwisseling.meldingen) apply the same rule. ``instellingscode`` narrows it to one
    school, ``objecttypen`` (audit objecttypes) to some kinds of object, ``objecten`` to these objects of one model
    (the SOAP delta operations)."""
    filter_q = Q(pk__in=[])
    for objecttype, model in GESYNCHRONISEERD.items():
        if objecttypen is not None and objecttype not in objecttypen:
            continue
        if objecten is not None and model is not objecten.model:
            continue
        veld = "objectcode"
        # The cheap type test first: PostgreSQL keeps this order inside an OR, so a row of another type never
        # runs this type's visibility subquery.
        filter_q |= Q(objecttype=objecttype) & Q(_zichtbaar(systeem, model, veld, instellingscode, objecten))
    # The day of a change as kern.tijd.vandaag would have called it then (the current time zone, Amsterdam).
    return AuditRegel.objects.annotate(datum=TruncDate("tijdstip")).filter(filter_q)


def _feedstand_rij(systeem_id: int) -> QuerySet[Any, Any]:
    """The system's RIO mandates (every row, past ones too: ``_zichtbaar`` asks whether a school mandated the
    system on the day of a change) as one text, and selectors.registerstand (sum and number of all change
    counters: every audit row raises one, so any new row of the feed changes them)."""
    rij = Concat(Cast("instelling_id", CharField()), Value("/"), Cast("begindatum", CharField()), Value("/"),
                 Coalesce(Cast("einddatum", CharField()), Value("")), output_field=CharField())
    mandaten = (Mandaat.objects.filter(systeem_id=OuterRef("pk"), dienst=Dienst.RIO).order_by()
                .annotate(alle=Value(1)).values("alle")
                .annotate(tekst=StringAgg(rij, Value(";"), **_geordend("instelling_id", "begindatum", "einddatum")))
                .values("tekst"))
    standen = Bestuursstand.objects.order_by().annotate(alle=Value(1)).values("alle")
    return Systeem.objects.filter(pk=systeem_id).order_by().annotate(
        mandaatrijen=Coalesce(Subquery(mandaten, output_field=CharField()), Value(""), output_field=CharField()),
        som=Subquery(standen.annotate(som=Sum("teller")).values("som")),
        aantal=Subquery(standen.annotate(aantal=Count("*")).values("aantal")),
    ).values_list("mandaatrijen", "som", "aantal")


_FEEDSTAND = VasteRijen(_feedstand_rij)


def feedstand(aanroep: Aanroep) -> tuple[object, ...]:
    """What the change feed of the system depends on besides the question (``wijzigingen_sinds``): the key of its
    cached pages (uitwisseling.api.antwoordcache). One statement."""
    return tuple(_FEEDSTAND.rijen(aanroep.systeem.pk)[0])


# --- Formal history ("bekend op") of one object of the change feed ---------------------------------------

def object_uit_feed(aanroep: Aanroep, model: type, code: str) -> Any:
    """The object the change feed names by ``code``, if it is linked (on any date: an ended object keeps its
    history) to a school that mandates the system today; else 404 (unknown) or 403 (no mandate)."""
    if model is AangebodenOpleiding:  # a constant: PostgreSQL would fold _AlsUuid's CAST, and fail on no UUID
        try:
            sleutel = Q(code=uuid.UUID(code))
        except ValueError:
            sleutel = Q(pk__in=[])
    else:
        sleutel = _code_is(model, Value(code, output_field=CharField()))
    pad, _ = toegang.SCHOOL_PAD[model]
    # The object and its visibility in one query (the SOAP delta asks this once per aanbieder, bench/README.md).
    obj = model.objects.filter(sleutel).annotate(gemandateerd=Exists(model.objects.filter(
        pk=OuterRef("pk"), **{pad: toegang.gemandateerde_instellingen(aanroep.systeem)}))).first()
    if obj is None:
        raise _niet_in_feed(model, code)
    if not obj.gemandateerd:
        raise _geen_mandaat_voor_feed(aanroep, model, code)
    return obj


def _niet_in_feed(model: type, code: str) -> ApiFout:
    return ApiFout(404, "niet_gevonden", f"Er is geen {model._meta.verbose_name} met code {code[:60]}. Gebruik "
                                         "de code uit de lijsten of uit /wijzigingen.")


def _geen_mandaat_voor_feed(aanroep: Aanroep, model: type, code: str) -> ApiFout:
    return ApiFout(403, "geen_mandaat", f"Geen school van {model._meta.verbose_name} {code[:60]} heeft systeem "
                                        f"'{aanroep.systeem.naam}' {vandaag_genoemd()} een mandaat gegeven voor "
                                        f"dienst RIO. {MANDAAT_HERSTEL}")


class GewijzigdeOpleidingenVanAanbieder:
    """The changed aangeboden opleidingen of one aanbieder, as the SOAP delta of DUO's request with an
    onderwijsaanbiederCode asks (a full synchronisation asks it once per aanbieder, 6,011 times): the answer of
    ``object_uit_feed`` for the aanbieder (404 unknown, 403 when no school linked to it on any date mandates the
    system today) and of the change feed (``zichtbare_wijzigingen``) narrowed to its opleidingen, one row per
    opleiding (objectcode, rank of its strongest change), in code order, but as one hand-written statement per
    page: building the ORM's query cost about 5 ms per call, more than the database spends on it (bench/README.md,
    "SOAP"). The mandate rule is toegang.mandaat_sql; tests/uitwisseling/soap/test_delta_aanbieder_snel.py holds
    the answers equal to those of the ORM path.

    ``rangen``: the actions of rank 1, 2, … (any other action ranks 0); the rank of an opleiding is the highest of
    its changes."""

    def __init__(self, aanroep: Aanroep, sinds: datetime, code: str, rangen: Iterable[str]) -> None:
        self.aanroep, self.code, self.rangen = aanroep, code, list(rangen)
        self.sinds = connection.ops.adapt_datetimefield_value(sinds)

    def _aanbieder_sql(self) -> tuple[str, list[Any]]:
        """WITH aanbieder (id, mag): the aanbieder by its code, and 1 when a school linked to it (on any date)
        mandates the system today: object_uit_feed's rule."""
        mandaat, params = toegang.mandaat_sql(self.aanroep.systeem, "jr.instelling_id")
        return (f"WITH aanbieder AS (SELECT oa.id, CASE WHEN EXISTS (SELECT 1 FROM "  # noqa: S608 - names from model meta, values as parameters
                f"{JuridischeRelatie._meta.db_table} jr WHERE jr.aanbieder_id = oa.id AND {mandaat}) THEN 1 ELSE 0 "
                f"END AS mag FROM {Onderwijsaanbieder._meta.db_table} oa WHERE oa.code = %s) ",
                [*params, self.code])

    def _feed_sql(self, na: str | None) -> tuple[str, list[Any]]:
        """The aanbieder's changed opleidingen, grouped per opleiding (no order, no limit): audit rows after
        ``sinds`` of its opleidingen (by the index audit_object), made on a day a school linked to it mandated the
        system, which still mandates it today (zichtbare_wijzigingen's rule, ``_zichtbaar``)."""
        if connection.vendor == "postgresql":
            code = "CAST(ao.code AS text)"
        else:  # SQLite stores a UUID as 32 hex digits; the audit trail wrote str(uuid), with hyphens
            code = ("(substr(ao.code, 1, 8) || '-' || substr(ao.code, 9, 4) || '-' || substr(ao.code, 13, 4) || '-' "
                    "|| substr(ao.code, 17, 4) || '-' || substr(ao.code, 21, 12))")
        # The day of a change as kern.tijd.vandaag would have called it then: TruncDate in the current time zone.
        tzname = timezone.get_current_timezone_name() if settings.USE_TZ else None
        dag, dag_params = connection.ops.datetime_cast_date_sql("r.tijdstip", (), tzname)
        mandaat, mandaat_params = toegang.mandaat_sql(self.aanroep.systeem, "jr.instelling_id",
                                                      tijdens=(dag, list(dag_params)))
        rang = " ".join(f"WHEN r.actie = %s THEN {i}" for i, _ in enumerate(self.rangen, 1))
        sql = (f"SELECT r.objectcode, MAX(CASE {rang} ELSE 0 END) AS soort "  # noqa: S608 - names from model meta, values as parameters
               f"FROM {AangebodenOpleiding._meta.db_table} ao "
               f"JOIN {AuditRegel._meta.db_table} r ON r.objecttype = %s AND r.objectcode = {code} "
               "WHERE ao.aanbieder_id IN (SELECT id FROM aanbieder WHERE mag = 1) AND r.tijdstip > %s "
               f"AND EXISTS (SELECT 1 FROM {JuridischeRelatie._meta.db_table} jr "
               f"WHERE jr.aanbieder_id = ao.aanbieder_id AND {mandaat})")
        params = [*self.rangen, str(AangebodenOpleiding._meta.verbose_name), self.sinds, *mandaat_params]
        if na is not None:
            sql += " AND r.objectcode > %s"
            params.append(na)
        return f"{sql} GROUP BY r.objectcode", params

    def _weiger(self, rijen: list) -> None:
        if not rijen:
            raise _niet_in_feed(Onderwijsaanbieder, self.code)
        if not rijen[0][0]:
            raise _geen_mandaat_voor_feed(self.aanroep, Onderwijsaanbieder, self.code)

    def controleer(self) -> None:
        """404 or 403 as object_uit_feed, without reading the feed."""
        aanbieder, params = self._aanbieder_sql()
        with connection.cursor() as cursor:
            cursor.execute(f"{aanbieder}SELECT mag FROM aanbieder", params)  # noqa: S608 - names from model meta, values as parameters
            self._weiger(cursor.fetchall())

    def rijen(self, na: str | None, vanaf: int, aantal: int) -> list[tuple[str, int]]:
        """``aantal`` rows (objectcode, rank) in code order after the code ``na`` or from row ``vanaf``, with the
        aanbieder's check in the same statement (an unknown or unmandated aanbieder is refused)."""
        aanbieder, params = self._aanbieder_sql()
        feed, feed_params = self._feed_sql(na)
        with connection.cursor() as cursor:
            cursor.execute(f"{aanbieder}SELECT aanbieder.mag, feed.objectcode, feed.soort FROM aanbieder "  # noqa: S608 - names from model meta, values as parameters
                           f"LEFT JOIN ({feed} ORDER BY r.objectcode LIMIT %s OFFSET %s) feed ON 1 = 1 "
                           "ORDER BY feed.objectcode", [*params, *feed_params, aantal, vanaf])
            gevonden = cursor.fetchall()
        self._weiger(gevonden)
        return [(objectcode, soort) for _, objectcode, soort in gevonden if objectcode is not None]

    def tel(self) -> int:
        """The number of the aanbieder's changed opleidingen (after its check)."""
        aanbieder, params = self._aanbieder_sql()
        feed, feed_params = self._feed_sql(None)
        with connection.cursor() as cursor:
            cursor.execute(f"{aanbieder}SELECT mag, (SELECT COUNT(*) FROM ({feed}) feed) FROM aanbieder",  # noqa: S608 - names from model meta, values as parameters
                           [*params, *feed_params])
            gevonden = cursor.fetchall()
        self._weiger(gevonden)
        return gevonden[0][1]


def vereis_mandaat_op(aanroep: Aanroep, obj: Any, dag: date) -> None:
    """What the register knew on ``dag`` is shown only if a school of the object mandated the system then (and
    still does today): like the change feed, formal history never opens a day outside the mandate."""
    pad, _ = toegang.SCHOOL_PAD[type(obj)]
    if not type(obj).objects.filter(pk=obj.pk, **{pad: toegang.gemandateerd_tijdens(aanroep.systeem, dag)}).exists():
        raise ApiFout(403, "geen_mandaat", f"Op {dag.isoformat()} had systeem '{aanroep.systeem.naam}' geen mandaat "
                                           "voor dienst RIO van een school van dit object; kies een bekendOp binnen "
                                           "de periode van het mandaat.")


def correcties_van(aanroep: Aanroep, obj: Any, tot: date | None) -> QuerySet[AuditRegel]:
    """The corrections (formal history) of the object registered up to the end of ``tot``, on days the system
    had its mandate: the change feed's own filter, narrowed to this object."""
    regels = wijzigingen_sinds(aanroep, datetime.min.replace(tzinfo=UTC)).filter(
        actie=AuditRegel.Actie.CORRECTIE, objecttype=obj._meta.verbose_name, objectcode=audit.objectcode(obj))
    return regels if tot is None else regels.filter(datum__lte=tot)
