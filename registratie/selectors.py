"""Read side: what the screens show of a board on a peildatum, from its registration loaded with a fixed number
of queries (registratie.laden)."""

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from functools import cached_property
from typing import Any, cast

from django.db.models import CharField, Count, OuterRef, Q, StringAgg, Subquery, Sum, Value
from django.db.models.functions import Cast, Coalesce, Concat

from kern.tijd import dag_voor
from kern.vaste_query import VasteRijen
from registratie.domein.enumeraties import kenmerk_labels
from registratie.laden import Registratie, laad_registratie
from registratie.models import (
    AangebodenOpleiding,
    AangebodenOpleidingPeriode,
    Bestuursstand,
    BijbehorendBestuur,
    Contactgegevens,
    Instellingserkenning,
    Onderwijsaanbieder,
    Onderwijsaanbiedersgroep,
    Onderwijsbegeleidingsaanbieder,
    Onderwijsbestuur,
    Onderwijslocatiegebruik,
    Opvolging,
    Vestigingserkenning,
)
from registratie.models.stand import ALGEMEEN


def _standen_q(bestuur_id: int | OuterRef, code: str | OuterRef) -> Q:
    """The Bestuursstand rows of a board's screens: its own, ALGEMEEN, and those of every board it shares a
    samenwerkingsschool with, either side and whatever the relation's dates. ``bestuur_id`` is used one subquery
    deeper than ``code`` (an annotation passes OuterRef(OuterRef("pk")) and OuterRef("code"))."""
    penvoerders = BijbehorendBestuur.objects.filter(bestuur_id=bestuur_id).values("aanbieder__bestuur__code")
    bijbehorend = BijbehorendBestuur.objects.filter(aanbieder__bestuur_id=bestuur_id).values("bestuur__code")
    return (Q(bestuurcode=code) | Q(bestuurcode=ALGEMEEN) | Q(bestuurcode__in=penvoerders)
            | Q(bestuurcode__in=bijbehorend))


def standen_annotatie(bestuur: str = "pk", code: str = "code", ook: Q | None = None) -> Coalesce:
    """``bestuursstand`` as an annotation of an Onderwijsbestuur queryset: the counters as ``code=teller`` pairs in
    one text, so the access question of a cached screen brings them along (toegang.bestuur_met_rechten). The same
    text means the same counters; the pairs' order is the database's (another order only costs a cache miss).

    On a queryset of an object of a board, ``bestuur`` and ``code`` name its board's id and code fields, and ``ook``
    adds the counters of other boards whose data the object's page shows (``opvolging_standen_q``,
    ``locatie_standen_q``)."""
    paren = Concat("bestuurcode", Value("="), Cast("teller", CharField()), output_field=CharField())
    welke = _standen_q(OuterRef(OuterRef(bestuur)), OuterRef(code))
    if ook is not None:
        welke |= ook
    standen = (Bestuursstand.objects.filter(welke).order_by()
               .annotate(alle=Value(1)).values("alle").annotate(tekst=StringAgg(paren, Value(";"))).values("tekst"))
    return Coalesce(Subquery(standen, output_field=CharField()), Value(""), output_field=CharField())


def opvolging_standen_q() -> Q:
    """For ``standen_annotatie`` on aanbieders: the boards on the other side of its OVERGANG relations, of which the
    aanbieder page shows the aanbieder's name (an opvolger may belong to another board, rio-po.md §1.12)."""
    opvolgers = Opvolging.objects.filter(voorganger_id=OuterRef(OuterRef("pk"))).values("opvolger__bestuur__code")
    voorgangers = Opvolging.objects.filter(opvolger_id=OuterRef(OuterRef("pk"))).values("voorganger__bestuur__code")
    return Q(bestuurcode__in=opvolgers) | Q(bestuurcode__in=voorgangers)


def locatie_standen_q() -> Q:
    """For ``standen_annotatie`` on locatiegebruiken: every board that uses the same onderwijslocatie (the page
    counts them, and any of them may change the locatie's address)."""
    return Q(bestuurcode__in=Onderwijslocatiegebruik.objects.filter(
        locatie_id=OuterRef(OuterRef("locatie_id"))).values("bestuur__code"))


def _standen(bestuur_id: int) -> Any:
    return Onderwijsbestuur.objects.filter(pk=bestuur_id).order_by().annotate(stand=standen_annotatie()).values_list(
        "stand")


# Asked on every view of a cached screen whose board came without them: compiled once per process (kern.vaste_query).
_STANDEN = VasteRijen(_standen)
STAND_ATTRIBUUT = "bestuursstand"  # where toegang.bestuur_met_rechten leaves the annotation on the board


def bestuursstand(bestuur: Onderwijsbestuur) -> str:
    """The change counters a board's screens are built from (``_standen_q``), as one text: part of the key of a
    cached screen (kern.fragmenten). No query when the board came with them (toegang.bestuur_met_rechten)."""
    geladen = getattr(bestuur, STAND_ATTRIBUUT, None)
    if geladen is not None:
        return cast(str, geladen)
    rijen = _STANDEN.rijen(bestuur.pk)
    return cast(str, rijen[0][0]) if rijen else ""


def bestuursstanden(bestuur_ids: list[int]) -> dict[int, str]:
    """``bestuursstand`` of many boards in one query (the home page's stappenplannen)."""
    return dict(Onderwijsbestuur.objects.filter(pk__in=bestuur_ids).order_by().annotate(
        stand=standen_annotatie()).values_list("pk", "stand"))


def _registerstand() -> Any:
    return (Bestuursstand.objects.order_by().annotate(alle=Value(1)).values("alle")
            .annotate(som=Sum("teller"), aantal=Count("*")).values_list("som", "aantal"))


_REGISTERSTAND = VasteRijen(_registerstand)


def registerstand() -> tuple[int, int]:
    """The state of the whole register as one key: the sum and number of all change counters. Counters only rise
    and rows are only added, so every audited change anywhere gives another pair (a page that shows the whole
    register, such as the public search, is cached under it: kern.fragmenten)."""
    rijen = _REGISTERSTAND.rijen()
    return (int(rijen[0][0] or 0), int(rijen[0][1])) if rijen else (0, 0)


@dataclass(frozen=True)
class AanbiederInBoom:
    """One aanbieder line of the tree, for templates (which cannot call ``Boom.opleidingen_van(a)``)."""

    aanbieder: Onderwijsaanbieder
    brin4: list[Instellingserkenning]
    opleidingen: list[AangebodenOpleiding]


@dataclass(frozen=True)
class BegeleiderInBoom:
    """One onderwijsbegeleidingsaanbieder of the tree with its BRIN4s on the peildatum, for templates."""

    begeleider: Onderwijsbegeleidingsaanbieder
    brin4: list[Instellingserkenning]


@dataclass(frozen=True)
class GebruikInBoom:
    """One row of the locaties table, for templates."""

    gebruik: Onderwijslocatiegebruik
    brin6: list[Vestigingserkenning]


@dataclass
class Boom:
    """Mijn organisatie on a peildatum: bestuur → (groepen →) aanbieders → aangeboden opleidingen.

    What is shown of each object on the peildatum is asked of the tree (``opleidingen_van(aanbieder)``,
    ``brin4_van(aanbieder)``, ``brin6_van(gebruik)``); ``registratie`` holds everything (also what is not shown),
    e.g. the contacts of every unit (``registratie.contacten_van(aanbieder)``), unless it was loaded without its
    details (``organisatie_boom(met_details=False)``)."""

    bestuur: Onderwijsbestuur
    peildatum: date
    groepen: list[Onderwijsaanbiedersgroep]
    aanbieders_per_groep: dict[int | None, list[Onderwijsaanbieder]]
    locatiegebruiken: list[Onderwijslocatiegebruik]
    contacten: list[Contactgegevens]
    registratie: Registratie
    ongebruikte_brin4: list[Instellingserkenning] = field(default_factory=list)
    ongebruikte_brin6: list[Vestigingserkenning] = field(default_factory=list)
    aantal_beeindigd: int = 0
    # Keyed by pk, filled by organisatie_boom for the objects shown.
    opleidingen_per_aanbieder: dict[int, list[AangebodenOpleiding]] = field(default_factory=dict)
    brin4_per_aanbieder: dict[int, list[Instellingserkenning]] = field(default_factory=dict)
    brin6_per_gebruik: dict[int, list[Vestigingserkenning]] = field(default_factory=dict)
    # Another board's samenwerkingsschool where this board is bijbehorend bestuur, with its own offers there.
    gedeelde_aanbieders: list[Onderwijsaanbieder] = field(default_factory=list)
    # The board's onderwijsbegeleidingsaanbieders shown on the peildatum (rio-po.md §1.6, so/vso cluster 1 and 2).
    begeleiders: list[Onderwijsbegeleidingsaanbieder] = field(default_factory=list)
    brin4_per_begeleider: dict[int, list[Instellingserkenning]] = field(default_factory=dict)

    @property
    def aanbieders(self) -> list[Onderwijsaanbieder]:
        return [a for lijst in self.aanbieders_per_groep.values() for a in lijst]

    def opleidingen_van(self, aanbieder: Onderwijsaanbieder) -> list[AangebodenOpleiding]:
        """The aanbieder's aangeboden opleidingen shown on the peildatum (also those starting later)."""
        return self.opleidingen_per_aanbieder.get(aanbieder.pk, [])

    def brin4_van(self, aanbieder: Onderwijsaanbieder) -> list[Instellingserkenning]:
        return self.brin4_per_aanbieder.get(aanbieder.pk, [])

    def brin6_van(self, gebruik: Onderwijslocatiegebruik) -> list[Vestigingserkenning]:
        return self.brin6_per_gebruik.get(gebruik.pk, [])

    def _regel(self, aanbieder: Onderwijsaanbieder) -> AanbiederInBoom:
        return AanbiederInBoom(aanbieder, self.brin4_van(aanbieder), self.opleidingen_van(aanbieder))

    @cached_property  # the template asks it once per groep
    def regels_per_groep(self) -> dict[int | None, list[AanbiederInBoom]]:
        return {groep: [self._regel(a) for a in lijst] for groep, lijst in self.aanbieders_per_groep.items()}

    @property
    def gedeelde_regels(self) -> list[AanbiederInBoom]:
        return [self._regel(a) for a in self.gedeelde_aanbieders]

    @property
    def aanbiederregels(self) -> list[AanbiederInBoom]:
        return [self._regel(a) for a in self.aanbieders]

    @property
    def begeleiderregels(self) -> list[BegeleiderInBoom]:
        return [BegeleiderInBoom(b, self.brin4_per_begeleider.get(b.pk, [])) for b in self.begeleiders]

    @property
    def gebruikregels(self) -> list[GebruikInBoom]:
        return [GebruikInBoom(g, self.brin6_van(g)) for g in self.locatiegebruiken]


def _zichtbaar(obj, peildatum: date, toon_alles: bool) -> bool:
    return toon_alles or obj.is_relevant_op(peildatum)


def organisatie_boom(bestuur: Onderwijsbestuur, peildatum: date, toon_beeindigd: bool = False,
                     samenwerking_opent: Callable[[BijbehorendBestuur], bool] | None = None,
                     met_details: bool = True) -> Boom:
    """Everything valid on peildatum (and what is scheduled to start later), grouped for the tree.

    ``samenwerking_opent``: the access rule (``toegang.samenwerking_opent``, a layer above this one) that says
    whether a samenwerkingsschool of another board is open to this board today; a school it closes is left out,
    so a past peildatum never shows offers whose links would give 404. ``met_details`` False: the registration
    without the kenmerken and the contacts below the board (laden), for the tree page, which shows neither."""
    registratie = laad_registratie(bestuur, peildatum, met_gedeelde=True, met_details=met_details)
    aanbieders = [a for a in registratie.aanbieders if _zichtbaar(a, peildatum, toon_beeindigd)]
    groepen = [g for g in registratie.groepen if _zichtbaar(g, peildatum, toon_beeindigd)]
    per_groep: dict[int | None, list[Onderwijsaanbieder]] = {g.pk: [] for g in groepen}
    per_groep[None] = []
    opleidingen: dict[int, list[AangebodenOpleiding]] = {}
    brin4: dict[int, list[Instellingserkenning]] = {}
    for aanbieder in aanbieders:
        opleidingen[aanbieder.pk] = [ao for ao in registratie.opleidingen_van(aanbieder)
                                     if _zichtbaar(ao, peildatum, toon_beeindigd)]
        brin4[aanbieder.pk] = [r.instelling for r in registratie.relaties_van(aanbieder) if r.is_actief_op(peildatum)]
        per_groep[aanbieder.groep_id if aanbieder.groep_id in per_groep else None].append(aanbieder)
    gedeeld = [a for a in registratie.gedeelde_aanbieders if _zichtbaar(a, peildatum, toon_beeindigd)
               and (samenwerking_opent is None or samenwerking_opent(a.samenwerking))]
    for aanbieder in gedeeld:  # the BRIN is the penvoerder's and not shown as this board's
        opleidingen[aanbieder.pk] = [ao for ao in registratie.opleidingen_van(aanbieder)
                                     if _zichtbaar(ao, peildatum, toon_beeindigd)]
    begeleiders = [b for b in registratie.begeleiders if _zichtbaar(b, peildatum, toon_beeindigd)]
    gebruiken = [g for g in registratie.locatiegebruiken if _zichtbaar(g, peildatum, toon_beeindigd)]
    brin6 = {gebruik.pk: [r.vestiging for r in registratie.vestigingsrelaties_van(gebruik)
                          if r.is_relevant_op(peildatum)] for gebruik in gebruiken}
    # Erkenningen of the board that nothing (also no hidden, ended object) uses on the peildatum.
    gebruikte_brin4 = {r.instelling_id for a in registratie.aanbieders for r in registratie.relaties_van(a)
                       if r.is_actief_op(peildatum)}
    gebruikte_brin6 = {r.vestiging_id for g in registratie.locatiegebruiken
                       for r in registratie.vestigingsrelaties_van(g) if r.is_actief_op(peildatum)}
    return Boom(
        bestuur=bestuur,
        peildatum=peildatum,
        groepen=groepen,
        aanbieders_per_groep=per_groep,
        locatiegebruiken=gebruiken,
        contacten=[c for c in registratie.contacten_van(bestuur) if _zichtbaar(c, peildatum, toon_beeindigd)],
        registratie=registratie,
        ongebruikte_brin4=[e for e in registratie.instellingen
                           if e.pk not in gebruikte_brin4 and e.is_actief_op(peildatum)],
        ongebruikte_brin6=[v for v in registratie.vestigingen
                           if v.pk not in gebruikte_brin6 and v.is_actief_op(peildatum)],
        aantal_beeindigd=len(registratie.aanbieders) - len(aanbieders),
        opleidingen_per_aanbieder=opleidingen,
        brin4_per_aanbieder=brin4,
        brin6_per_gebruik=brin6,
        gedeelde_aanbieders=gedeeld,
        begeleiders=begeleiders,
        brin4_per_begeleider={b.pk: [r.instelling for r in registratie.erkenningen_van(b) if r.is_actief_op(peildatum)]
                              for b in begeleiders},
    )


@dataclass(frozen=True)
class Opleidingsstand:
    """One row of an aangeboden opleiding's tijdlijn: its names and kenmerken from begindatum to einddatum."""

    begindatum: date
    einddatum: date | None
    periode: AangebodenOpleidingPeriode | None
    kenmerken: list[tuple[str, str]]


def opleiding_tijdlijn(ao: AangebodenOpleiding) -> list[Opleidingsstand]:
    """Names (periods) and kenmerken change per ingangsdatum, each on their own dates; the tijdlijn has one row
    per date on which either changes, so a scheduled kenmerk change shows (and can be cancelled) like a name."""
    perioden = list(ao.perioden.all())
    kenmerken = list(ao.kenmerken.all())
    grenzen = sorted({p.begindatum for p in perioden} | {k.begindatum for k in kenmerken})
    rijen = []
    for i, begin in enumerate(grenzen):
        eind = dag_voor(grenzen[i + 1]) if i + 1 < len(grenzen) else ao.einddatum
        rijen.append(Opleidingsstand(
            begin, eind, next((p for p in perioden if p.is_geldig_op(begin)), None),
            kenmerk_labels(ao.sector, ((k.naam, k.waarde) for k in kenmerken if k.is_geldig_op(begin)))))
    return rijen


def opvolging_van(aanbieder: Onderwijsaanbieder) -> dict[str, Any]:
    """The OVERGANG relations of an aanbieder (rio-po.md §1.12): ``opvolging`` (what it went on in, or None) and
    ``voortzettingen`` (the aanbieders it continues), with the other side's names loaded."""
    opvolging = (Opvolging.objects.filter(voorganger=aanbieder).select_related("opvolger")
                 .prefetch_related("opvolger__perioden").first())
    voortzettingen = list(Opvolging.objects.filter(opvolger=aanbieder).select_related("voorganger")
                          .prefetch_related("voorganger__perioden"))
    return {"opvolging": opvolging, "voortzettingen": voortzettingen}
