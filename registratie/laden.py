"""A board's whole registration in memory, loaded with a fixed number of queries: the tree (selectors),
the blauwdruk and organisatieplaatje, and the controle rules and control file all read it.

The query count depends on the number of *batches*, never on the number of objects: each kind of
object is fetched once for the whole batch and handed out per board in Python. Related objects are
wired up by hand (aanbieder.bestuur, ao.aanbieder, ...) so that reading them later costs no query; a BRIN4, BRIN6,
locatie or catalogue opleiding that many rows name is one shared instance (``_koppel``), not a joined copy per row.
Each query is built and compiled once per process (``VasteObjecten``), and only the board ids change per call.

Children are plain lists grouped in Python from one query per kind, kept in the Registratie and asked of
it: ``opleidingen_van(aanbieder)``, ``relaties_van(aanbieder)``, ``vestigingsrelaties_van(gebruik)``,
``kenmerken_van(ao)``, ``contacten_van(eenheid)``, ``perioden_van(houder)``. Django's prefetch_related would
run the same queries, but builds a queryset per parent and another per ``.all()``; for the national file (some
40,000 parents, read 200,000 times) that was half of the time, and for the tree of a 500-school board almost
half of the page. So code that gets its objects from here asks the Registratie, never ``obj.opleidingen.all()``.

Periods are the exception: they stay on their owner as ``perioden_lijst``, because every name shown anywhere
goes through PeriodeHouder.huidige_periode (models, template filters), which has no Registratie at hand.
"""

from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any, cast

from django.db import DEFAULT_DB_ALIAS
from django.db.models import Exists, Model, OuterRef, Q, QuerySet
from django.db.models.base import ModelState

from kern.vaste_query import VasteRijen
from registratie.models import (
    AanbiederPeriode,
    AangebodenOpleiding,
    AangebodenOpleidingPeriode,
    BegeleidingErkenning,
    BegeleidingPeriode,
    BijbehorendBestuur,
    Contactgegevens,
    GroepPeriode,
    Instellingserkenning,
    JuridischeRelatie,
    Kenmerk,
    Onderwijsaanbieder,
    Onderwijsaanbiedersgroep,
    Onderwijsbegeleidingsaanbieder,
    Onderwijsbestuur,
    Onderwijslocatie,
    Onderwijslocatiegebruik,
    Opleiding,
    Vestigingserkenning,
    Vestigingsrelatie,
    geldig_op,
)
from registratie.models.base import PeriodeHouder
from registratie.services.begeleiding import SO_VSO
from registratie.services.opleiding import gehouden_door

Eenheidsleutel = tuple[str, int]  # ("bestuur" | "groep" | "aanbieder" | "begeleidingsaanbieder", pk)


@dataclass
class Registratie:
    """The whole registration of one board (also ended objects), as of loading time."""

    bestuur: Onderwijsbestuur
    peildatum: date
    # False: loaded for the tree (organisatie_boom), without the kenmerken of offers and the contacts of the units
    # below the board, which the tree does not show; asking for them is then an error, not an empty answer.
    met_details: bool = True
    groepen: list[Onderwijsaanbiedersgroep] = field(default_factory=list)
    aanbieders: list[Onderwijsaanbieder] = field(default_factory=list)
    locatiegebruiken: list[Onderwijslocatiegebruik] = field(default_factory=list)
    contacten: list[Contactgegevens] = field(default_factory=list)
    instellingen: list[Instellingserkenning] = field(default_factory=list)
    vestigingen: list[Vestigingserkenning] = field(default_factory=list)
    contacten_per_eenheid: dict[Eenheidsleutel, list[Contactgegevens]] = field(
        default_factory=lambda: defaultdict(list))
    # Children per parent pk, in the order the screens show them.
    opleidingen_per_aanbieder: dict[int, list[AangebodenOpleiding]] = field(default_factory=dict)
    relaties_per_aanbieder: dict[int, list[JuridischeRelatie]] = field(default_factory=dict)
    kenmerken_per_opleiding: dict[int, list[Kenmerk]] = field(default_factory=dict)
    relaties_per_gebruik: dict[int, list[Vestigingsrelatie]] = field(default_factory=dict)
    # Samenwerkingsscholen of another board where this one is a bijbehorend bestuur on the peildatum
    # (docs/adr/0011), with only this board's own offers there and the aanbieder's BRIN4 relations (both shown on
    # the aanbieder's page to this board), never its contacts. Kept apart from ``aanbieders``: the blauwdruk, the
    # counts and the rules about aanbieders read those, and the shared aanbieder's name, BRIN and contacts are the
    # penvoerder's. The controle checks the offers here through ``gehouden_opleidingen``.
    gedeelde_aanbieders: list[Onderwijsaanbieder] = field(default_factory=list)
    # Onderwijsbegeleidingsaanbieders (999T999, rio-po.md §1.6; so/vso boards of cluster 1 and 2 only), also ended
    # ones, with their erkenningsrelaties (BRIN4) per begeleidingsaanbieder pk.
    begeleiders: list[Onderwijsbegeleidingsaanbieder] = field(default_factory=list)
    erkenningen_per_begeleider: dict[int, list[BegeleidingErkenning]] = field(default_factory=dict)

    @property
    def aangeboden_opleidingen(self) -> Iterator[AangebodenOpleiding]:
        """Every offer of the board's own aanbieders, also those a bijbehorend bestuur keeps there."""
        for aanbieder in self.aanbieders:
            yield from self.opleidingen_van(aanbieder)

    @property
    def gehouden_opleidingen(self) -> Iterator[AangebodenOpleiding]:
        """The offers this board keeps (``gehouden_door``, docs/adr/0011): those of its own aanbieders that no
        bijbehorend bestuur registered, then (when loaded ``met_gedeelde``) its own offers at the samenwerkingsscholen
        of other boards, in ``gedeelde_aanbieders`` order."""
        for aanbieder in self.aanbieders:
            for ao in self.opleidingen_van(aanbieder):
                if ao.samenwerkingsbestuur_id is None or ao.samenwerkingsbestuur_id == self.bestuur.pk:
                    yield ao
        yield from self.gedeelde_opleidingen

    @property
    def gedeelde_opleidingen(self) -> Iterator[AangebodenOpleiding]:
        """This board's own offers at the samenwerkingsscholen of other boards (loaded ``met_gedeelde``)."""
        for aanbieder in self.gedeelde_aanbieders:
            yield from self.opleidingen_van(aanbieder)

    def contacten_van(self, eenheid) -> list[Contactgegevens]:
        soort = eenheidsoort(eenheid)
        if not self.met_details and soort != "bestuur":
            raise ValueError("Contactgegevens onder het bestuur zijn niet geladen (met_details=False).")
        return self.contacten_per_eenheid.get((soort, eenheid.pk), [])

    def opleidingen_van(self, aanbieder: Onderwijsaanbieder) -> list[AangebodenOpleiding]:
        """All the aanbieder's aangeboden opleidingen (also ended ones), by begindatum and code."""
        return self.opleidingen_per_aanbieder.get(aanbieder.pk, [])

    def relaties_van(self, aanbieder: Onderwijsaanbieder) -> list[JuridischeRelatie]:
        """The aanbieder's BRIN4 relations (with their instelling), by begindatum."""
        return self.relaties_per_aanbieder.get(aanbieder.pk, [])

    def kenmerken_van(self, ao: AangebodenOpleiding) -> list[Kenmerk]:
        """The kenmerken valid on the peildatum (for an offer not yet started or ended: its nearest set)."""
        if not self.met_details:
            raise ValueError("Kenmerken zijn niet geladen (met_details=False).")
        return ao.kenmerken_op(self.peildatum, self.kenmerken_per_opleiding.get(ao.pk, []))

    def erkenningen_van(self, begeleider: Onderwijsbegeleidingsaanbieder) -> list[BegeleidingErkenning]:
        """The begeleidingsaanbieder's BRIN4 relations (with their instelling), by begindatum."""
        return self.erkenningen_per_begeleider.get(begeleider.pk, [])

    def vestigingsrelaties_van(self, gebruik: Onderwijslocatiegebruik) -> list[Vestigingsrelatie]:
        """The locatiegebruik's BRIN6 relations (with their vestiging), by begindatum."""
        return self.relaties_per_gebruik.get(gebruik.pk, [])

    @staticmethod
    def perioden_van(houder: PeriodeHouder) -> list:
        """The periods of a loaded object, by begindatum (see the module docstring for why they stay on it)."""
        return houder.perioden_geladen()


_EENHEIDSOORT: dict[type, str] = {
    Onderwijsbestuur: "bestuur", Onderwijsaanbiedersgroep: "groep", Onderwijsaanbieder: "aanbieder",
    Onderwijsbegeleidingsaanbieder: "begeleidingsaanbieder"}


def eenheidsoort(eenheid) -> str:
    return _EENHEIDSOORT[type(eenheid)]


def besturen_qs() -> QuerySet[Onderwijsbestuur]:
    """Boards as the loader expects them: with bevoegd gezag and name periods, and ``ooit_bijbehorend`` (an EXISTS
    in the same query): whether the board has any relation as bijbehorend bestuur. Most boards never share a
    school, so loading ``met_gedeelde`` then skips its query (a board got elsewhere always spends it)."""
    return Onderwijsbestuur.objects.select_related("bevoegd_gezag").prefetch_related("perioden").annotate(
        ooit_bijbehorend=Exists(BijbehorendBestuur.objects.filter(bestuur=OuterRef("pk"))))


def laad_registratie(bestuur: Onderwijsbestuur, peildatum: date, met_gedeelde: bool = False,
                     met_details: bool = True) -> Registratie:
    return laad_registraties([bestuur], peildatum, met_gedeelde=met_gedeelde, met_details=met_details)[0]


def laad_registraties[R: Registratie](besturen: Sequence[Onderwijsbestuur], peildatum: date,
                                      soort: type[R] = Registratie, met_gedeelde: bool = False,
                                      met_details: bool = True) -> list[R]:
    """The registrations of a batch of boards (pass them from ``besturen_qs``), in the given order, each as a
    ``soort`` (a Registratie, or a subclass that adds what its caller loads next). ``met_gedeelde``: also the
    samenwerkingsscholen of other boards (``gedeelde_aanbieders``): the tree shows them and the controle checks
    this board's offers there; the blauwdruk and the organisatieplaatje do not spend the query. ``met_details``
    False: without the kenmerken of the offers and the contacts below the board (the tree shows neither)."""
    per_bestuur = {b.pk: soort(bestuur=b, peildatum=peildatum, met_details=met_details) for b in besturen}
    if not per_bestuur:
        return []
    for b in besturen:
        b.perioden_lijst = list(b.perioden.all())
    ids = list(per_bestuur)
    groepen = _groepen(per_bestuur, ids)
    # The erkenningen and locaties first: the relations and offers below point at these same instances (a BRIN4,
    # BRIN6 or locatie is one object however many rows name it) instead of each joining its own copy.
    instellingen, vestigingen = _erkenningen(per_bestuur)
    locaties = _locatiegebruiken(per_bestuur, ids, vestigingen)
    aanbieders = _aanbieders(per_bestuur, ids, groepen, instellingen, locaties, met_details)
    if met_gedeelde and any(getattr(b, "ooit_bijbehorend", True) for b in besturen):
        _gedeelde_aanbieders(per_bestuur, ids, peildatum)
    begeleiders = _begeleiders(per_bestuur, ids)
    if met_details:
        _contacten(per_bestuur, groepen, aanbieders, begeleiders)
    else:
        _contacten_van_besturen(per_bestuur, ids)
    return list(per_bestuur.values())


def _per(qs: QuerySet, sleutel: str, *gerelateerd: str) -> dict[int, list]:
    """Rows grouped by a foreign key: Django's prefetch_related would build a queryset per parent
    (some 40,000 for the national file), this is one dict. ``gerelateerd``: as select_related."""
    return _gegroepeerd(objecten(qs, *gerelateerd), sleutel)


def _gegroepeerd(rijen: list, sleutel: str) -> dict[int, list]:
    """Loaded rows by the value of a column (a foreign key's attname): read from the instance's ``__dict__``, where
    ``objecten`` put every column, as a foreign key's attname is a data descriptor that getattr() would go through."""
    gegroepeerd: dict[int, list] = defaultdict(list)
    for rij in rijen:
        gegroepeerd[rij.__dict__[sleutel]].append(rij)
    return gegroepeerd


def objecten[M: Model](qs: QuerySet[M], *gerelateerd: str) -> list[M]:
    """``list(qs.select_related(*gerelateerd))``, built from ``values_list`` rows: the same model instances (same
    columns, annotations and related objects, ``_state`` of a loaded row), without Django's per-row machinery
    (``Model.__init__`` setting field by field through descriptors, a RelatedPopulator per joined model). For the
    national file that machinery was 3 s of 7.6 s of loading (bench/README.md, issue 19).

    For plain loading only: no deferred fields, no pre_init/post_init receivers (the project has none;
    tests/registratie/test_laden_objecten.py checks both, and that the instances equal Django's field by field)."""
    vorm = _Vorm.van(qs, gerelateerd)
    return vorm.objecten(qs.values_list(*vorm.kolommen, *vorm.annotaties), qs.db)


@dataclass(frozen=True)
class _Vorm[M: Model]:
    """Which columns ``objecten`` asks of a queryset, and how a row of them becomes the instances."""

    model: type[M]
    eigen: list[str]  # the model's attnames, its first columns
    kolommen: list[str]  # values_list names: the model's own, then those of each related object
    # Per related object: its path, the path of the object it hangs on, the field there, its model, its attnames,
    # its first and end column, and the column of its primary key.
    delen: list[tuple[str, str, str, type[Model], list[str], int, int, int]]
    annotaties: list[str]

    @classmethod
    def van(cls, qs: QuerySet[M], gerelateerd: Sequence[str]) -> "_Vorm[M]":
        assert not qs.query.select_related, "pass the related objects to objecten(), not to select_related()"
        eigen = [f.attname for f in qs.model._meta.concrete_fields]
        kolommen = list(eigen)
        delen = []
        for pad in gerelateerd:
            model = _gerelateerd_model(qs.model, pad)
            velden = model._meta.concrete_fields
            begin = len(kolommen)
            kolommen += [f"{pad}__{f.name}" for f in velden]
            ouder_pad, _, veld = pad.rpartition("__")
            delen.append((pad, ouder_pad, veld, model, [f.attname for f in velden], begin, len(kolommen),
                          begin + [f.attname for f in velden].index(model._meta.pk.attname)))
        return cls(qs.model, eigen, kolommen, delen, list(qs.query.annotations))

    def objecten(self, rijen: Iterable[Sequence[Any]], db: str) -> list[M]:
        model, eigen = self.model, self.eigen
        if not self.delen and not self.annotaties:  # most of the loader's queries: one model, nothing joined
            return [_object(model, eigen, rij, db) for rij in rijen]
        annotaties, eerste_annotatie = self.annotaties, len(self.kolommen)
        resultaat: list[M] = []
        for rij in rijen:
            obj = _object(model, eigen, rij, db)  # zip() in _object stops after the model's own columns
            per_pad: dict[str, Model | None] = {"": obj}
            for pad, ouder_pad, veld, gerelateerd, attnames, begin, eind, sleutel in self.delen:
                # A NULL key (LEFT JOIN found nothing) is None, as select_related caches it.
                gevonden = None if rij[sleutel] is None else _object(gerelateerd, attnames, rij[begin:eind], db)
                per_pad[pad] = gevonden
                ouder = per_pad[ouder_pad]
                if ouder is not None:
                    ouder._state.fields_cache[veld] = gevonden
            for naam, waarde in zip(annotaties, rij[eerste_annotatie:], strict=True):
                obj.__dict__[naam] = waarde
            resultaat.append(obj)
        return resultaat


class VasteObjecten[M: Model]:
    """``objecten(bouw(ids), *gerelateerd)`` for a loader query that differs per call only in its board (or other)
    ids: Django builds and compiles it once per database and number of ids (kern.vaste_query.VasteRijen), and each
    call only swaps the ids in. Building and compiling the dozen querysets of one registration was a fifth of the
    loader's time for the tree of a 500-school board, more than PostgreSQL's answer to them (bench/README.md,
    issue 19). ``bouw`` gets placeholders for the ids and must use each as a value (``__in`` or ``=``)."""

    def __init__(self, bouw: Callable[[list[int]], QuerySet[M]], *gerelateerd: str) -> None:
        self._bouw = bouw
        self._gerelateerd = gerelateerd
        self._vorm: _Vorm[M] | None = None
        self._rijen = VasteRijen(self._values_list)

    def _values_list(self, *ids: int) -> QuerySet[M, Any]:
        qs = self._bouw(list(ids))
        vorm = self._vorm = _Vorm.van(qs, self._gerelateerd)  # the same for every number of ids
        return qs.values_list(*vorm.kolommen, *vorm.annotaties)

    def lijst(self, ids: Iterable[int]) -> list[M]:
        rijen = self._rijen.rijen(*ids)
        assert self._vorm is not None  # set when the statement was first compiled
        return self._vorm.objecten(rijen, DEFAULT_DB_ALIAS)


# The loader's queries per list of board ids (bevoegd gezag ids for the erkenningen), compiled once (VasteObjecten).
_AANBIEDERS = VasteObjecten(lambda ids: Onderwijsaanbieder.objects.filter(bestuur_id__in=ids).order_by("code"))
_AANBIEDERPERIODEN = VasteObjecten(lambda ids: AanbiederPeriode.objects.filter(aanbieder__bestuur_id__in=ids)
                                   .order_by("begindatum", "pk"))
_JURIDISCHE_RELATIES = VasteObjecten(lambda ids: JuridischeRelatie.objects.filter(aanbieder__bestuur_id__in=ids)
                                     .order_by("begindatum", "pk"))
# With the bijbehorend bestuur that keeps an offer at a samenwerkingsschool (a join, no query; NULL for nearly every
# row, so its columns cost nothing): the controle and its file name it (docs/adr/0011).
_AANGEBODEN_OPLEIDINGEN = VasteObjecten(lambda ids: AangebodenOpleiding.objects.filter(aanbieder__bestuur_id__in=ids)
                                        .order_by("begindatum", "code"), "samenwerkingsbestuur")
# The catalogue opleidingen those offers name: a handful, each one instance.
_OPLEIDINGEN = VasteObjecten(lambda ids: Opleiding.objects.filter(pk__in=AangebodenOpleiding.objects.filter(
    aanbieder__bestuur_id__in=ids).values("opleiding_id")))
_OPLEIDINGSPERIODEN = VasteObjecten(lambda ids: AangebodenOpleidingPeriode.objects.filter(
    aangeboden_opleiding__aanbieder__bestuur_id__in=ids).order_by("begindatum", "pk"))
_KENMERKEN = VasteObjecten(lambda ids: Kenmerk.objects.filter(aangeboden_opleiding__aanbieder__bestuur_id__in=ids)
                           .order_by("naam", "waarde"))
_VESTIGINGSRELATIES = VasteObjecten(lambda ids: Vestigingsrelatie.objects.filter(gebruik__bestuur_id__in=ids)
                                    .order_by("begindatum", "pk"))
_LOCATIEGEBRUIKEN = VasteObjecten(lambda ids: Onderwijslocatiegebruik.objects.filter(bestuur_id__in=ids)
                                  .order_by("locatie__code"), "locatie")
# ``begeleid``: a begeleidingsaanbieder hangs under it (_begeleiders asks for those only where there may be any).
_INSTELLINGEN = VasteObjecten(lambda bevoegde_gezagen: Instellingserkenning.objects.filter(
    bevoegd_gezag_id__in=bevoegde_gezagen).annotate(
    begeleid=Exists(BegeleidingErkenning.objects.filter(instelling_id=OuterRef("pk")))).order_by("code"))
_CONTACTEN_VAN_BESTUREN = VasteObjecten(lambda ids: Contactgegevens.objects.filter(bestuur_id__in=ids)
                                        .order_by("context", "begindatum", "pk"))
_VESTIGINGEN = VasteObjecten(lambda bevoegde_gezagen: Vestigingserkenning.objects.filter(
    instelling__bevoegd_gezag_id__in=bevoegde_gezagen).order_by("code"))


def _gerelateerd_model(model: type[Model], pad: str) -> type[Model]:
    for veld in pad.split("__"):
        model = cast(type[Model], model._meta.get_field(veld).related_model)
    return model


def _object[M: Model](model: type[M], attnames: list[str], waarden: Sequence[Any], db: str) -> M:
    """A model instance of a loaded row, as ``Model.from_db`` makes it (every concrete field in ``__dict__``).
    ``waarden`` may go on after the model's columns (a joined row): only the first ``len(attnames)`` are its own.

    The instance's ``__dict__`` is made whole and then set, instead of being filled key by key: some 100,000
    instances for the national file (bench/README.md, issue 19)."""
    obj = model.__new__(model)
    staat = ModelState()
    staat.adding = False
    staat.db = db
    velden = dict(zip(attnames, waarden))  # noqa: B905 (waarden may be longer, see above)
    velden["_state"] = staat
    obj.__dict__ = velden
    return obj


def _terug[T](kinderen: list[T], veld: str, ouder) -> list[T]:
    """Point each child's foreign key at its loaded parent (prefetch_related does the same), so that a
    child reading its parent, e.g. a period's name falling back on its opleiding's, costs no query.

    Straight into the relation's cache, as select_related and prefetch_related fill it: the children were loaded by
    their key to this parent, so the descriptor's work (setting that key again) is not needed; for the national file
    that was 60,000 calls."""
    for kind in kinderen:
        kind._state.fields_cache[veld] = ouder  # type: ignore[attr-defined]
    return kinderen


def _koppel[M: Model](kinderen: list, veld: str, bekend: dict[int, M], model: type[M]) -> None:
    """Point each child's foreign key ``veld`` at the loaded instance it names (``bekend``, by pk), as select_related
    would have, but one shared instance per row named: for the tree of a 500-school board a join per kind built 2,500
    copies, and their columns were most of those queries' time (bench/README.md, issue 19). What ``bekend`` lacks
    (a BRIN4 of another bevoegd gezag, a locatie the board does not use) comes in one query, only when there is any."""
    attname = f"{veld}_id"
    sleutels = [kind.__dict__[attname] for kind in kinderen]  # as in _gegroepeerd
    ontbrekend = set(sleutels) - bekend.keys() - {None}
    if ontbrekend:
        bekend = {**bekend, **{o.pk: o for o in objecten(model.objects.filter(pk__in=ontbrekend))}}
    for kind, sleutel in zip(kinderen, sleutels, strict=True):
        kind._state.fields_cache[veld] = None if sleutel is None else bekend[sleutel]


def _zet(kind: Model, veld: str, ouder: Model | None) -> None:
    """``kind.veld = ouder`` for a parent found by the child's own key (so the key needs no setting): straight into
    the relation's cache, as _terug (the descriptor also sets the key and checks the type: 20,000 calls for the
    national file)."""
    kind._state.fields_cache[veld] = ouder


def _velden(model: type[Model], pad: str = "") -> dict[str, str]:
    """values() keys of a model's columns (through ``pad`` for a joined one), mapped to their attnames."""
    return {(f"{pad}__{f.name}" if pad else f.attname): f.attname for f in model._meta.concrete_fields}


def _gelezen[M: Model](model: type[M], rij: dict[str, Any], velden: dict[str, str], db: str) -> M | None:
    """One object from its columns in a joined row; None where the LEFT JOIN found nothing."""
    waarden = [rij[sleutel] for sleutel in velden]
    if waarden[[f.attname for f in model._meta.concrete_fields].index(model._meta.pk.attname)] is None:
        return None
    return model.from_db(db, list(velden.values()), waarden)


def _met_kinderen[M: Model](qs: QuerySet[M], kinderen: dict[str, type[Model]]
                            ) -> list[tuple[M, dict[str, list[Model]]]]:
    """Parents with their children (reverse foreign keys, each ``pad`` a path, e.g. ``perioden``) from ONE query
    with LEFT JOINs, instead of a query per kind of child: for the small kinds (groepen, begeleidingsaanbieders)
    that most boards have none of, so that a board that has them costs the same number of queries as one that has
    not. Children come in the order of ``qs``'s order_by, each once (a row per combination of children)."""
    ouder_velden = _velden(qs.model)
    kind_velden = {pad: _velden(model, pad) for pad, model in kinderen.items()}
    ouders: dict[Any, tuple[M, dict[str, dict[Any, Model]]]] = {}
    for rij in qs.values(*ouder_velden, *(k for velden in kind_velden.values() for k in velden)):
        ouder = _gelezen(qs.model, rij, ouder_velden, qs.db)
        assert ouder is not None
        _, per_pad = ouders.setdefault(ouder.pk, (ouder, {pad: {} for pad in kinderen}))
        for pad, model in kinderen.items():
            kind = _gelezen(model, rij, kind_velden[pad], qs.db)
            if kind is not None:
                per_pad[pad].setdefault(kind.pk, kind)
    return [(ouder, {pad: list(k.values()) for pad, k in per_pad.items()}) for ouder, per_pad in ouders.values()]


def _groepen(per_bestuur: dict[int, Registratie], ids: list[int]) -> dict[int, Onderwijsaanbiedersgroep]:
    # Most PO boards have no aanbiedersgroep: groepen and their periods in one query.
    qs = Onderwijsaanbiedersgroep.objects.filter(bestuur_id__in=ids).order_by("code", "perioden__begindatum",
                                                                               "perioden__pk")
    groepen = {}
    for groep, kinderen in _met_kinderen(qs, {"perioden": GroepPeriode}):
        g = per_bestuur[groep.bestuur_id]
        _zet(groep, "bestuur", g.bestuur)
        groep.perioden_lijst = _terug(kinderen["perioden"], "groep", groep)
        g.groepen.append(groep)
        groepen[groep.pk] = groep
    return groepen


def _aanbieders(per_bestuur: dict[int, Registratie], ids: list[int], groepen: dict[int, Onderwijsaanbiedersgroep],
                instellingen: dict[int, Instellingserkenning], locaties: dict[int, Onderwijslocatie],
                met_kenmerken: bool) -> dict[int, Onderwijsaanbieder]:
    perioden = _gegroepeerd(_AANBIEDERPERIODEN.lijst(ids), "aanbieder_id")
    relaties = _JURIDISCHE_RELATIES.lijst(ids)
    _koppel(relaties, "instelling", instellingen, Instellingserkenning)
    alle_opleidingen = _AANGEBODEN_OPLEIDINGEN.lijst(ids)
    _koppel(alle_opleidingen, "opleiding", {o.pk: o for o in _OPLEIDINGEN.lijst(ids)}, Opleiding)
    _koppel(alle_opleidingen, "locatie", locaties, Onderwijslocatie)
    opleidingen = _gegroepeerd(alle_opleidingen, "aanbieder_id")
    relaties_per = _gegroepeerd(relaties, "aanbieder_id")
    ao_perioden = _gegroepeerd(_OPLEIDINGSPERIODEN.lijst(ids), "aangeboden_opleiding_id")
    kenmerken = _gegroepeerd(_KENMERKEN.lijst(ids), "aangeboden_opleiding_id") if met_kenmerken else {}
    aanbieders = {}
    for aanbieder in _AANBIEDERS.lijst(ids):
        g = per_bestuur[aanbieder.bestuur_id]
        pk = aanbieder.pk
        _zet(aanbieder, "bestuur", g.bestuur)
        _zet(aanbieder, "groep", groepen.get(aanbieder.groep_id))  # a board's aanbieder is in a groep of that board
        aanbieder.perioden_lijst = _terug(perioden.get(pk, []), "aanbieder", aanbieder)
        g.relaties_per_aanbieder[pk] = _terug(relaties_per.get(pk, []), "aanbieder", aanbieder)
        eigen = g.opleidingen_per_aanbieder[pk] = _terug(opleidingen.get(pk, []), "aanbieder", aanbieder)
        for ao in eigen:
            ao_pk = ao.pk
            ao.perioden_lijst = _terug(ao_perioden.get(ao_pk, []), "aangeboden_opleiding", ao)
            g.kenmerken_per_opleiding[ao_pk] = _terug(kenmerken.get(ao_pk, []), "aangeboden_opleiding", ao)
        g.aanbieders.append(aanbieder)
        aanbieders[pk] = aanbieder
    return aanbieders


def _gedeelde_aanbieders(per_bestuur: dict[int, Registratie], ids: list[int], peildatum: date) -> None:
    """One query for the relations; only when there are any, one per kind for what hangs below them."""
    relaties = list(BijbehorendBestuur.objects.filter(geldig_op(peildatum), bestuur_id__in=ids)
                    .select_related("aanbieder__bestuur").order_by("aanbieder__code"))
    if not relaties:
        return
    aanbieder_ids = [r.aanbieder_id for r in relaties]
    gehouden = Q(pk__in=[])
    for bestuur_id in {r.bestuur_id for r in relaties}:
        gehouden |= gehouden_door(per_bestuur[bestuur_id].bestuur)
    perioden = _per(AanbiederPeriode.objects.filter(aanbieder_id__in=aanbieder_ids).order_by("begindatum", "pk"),
                    "aanbieder_id")
    # The BRIN4 of the school (the penvoerder's, on the aanbieder's page for this board too): the controle judges
    # whether this board's offers fit the school (OPLEIDING_PAST_BIJ_SCHOOL).
    relaties_brin4 = _per(JuridischeRelatie.objects.filter(aanbieder_id__in=aanbieder_ids).order_by("begindatum", "pk"),
                          "aanbieder_id", "instelling")
    opleidingen = objecten(AangebodenOpleiding.objects.filter(gehouden, aanbieder_id__in=aanbieder_ids)
                           .order_by("begindatum", "code"), "opleiding", "locatie")
    ao_ids = [ao.pk for ao in opleidingen]
    ao_perioden = _per(AangebodenOpleidingPeriode.objects.filter(aangeboden_opleiding_id__in=ao_ids)
                       .order_by("begindatum", "pk"), "aangeboden_opleiding_id")
    kenmerken = _per(Kenmerk.objects.filter(aangeboden_opleiding_id__in=ao_ids).order_by("naam", "waarde"),
                     "aangeboden_opleiding_id")
    for relatie in relaties:
        g = per_bestuur[relatie.bestuur_id]
        # A fresh copy per board (also of its relations): the same aanbieder may be shared with two boards of one
        # batch, and each copy points at that board's own lists.
        aanbieder = _kopie(relatie.aanbieder)
        aanbieder.bestuur = relatie.aanbieder.bestuur
        aanbieder.groep = None  # the penvoerder's groep is not this board's
        aanbieder.penvoerder = relatie.aanbieder.bestuur
        aanbieder.samenwerking = relatie  # the BijbehorendBestuur itself, with its dates
        aanbieder.perioden_lijst = _terug(list(perioden.get(aanbieder.pk, [])), "aanbieder", aanbieder)
        g.relaties_per_aanbieder[aanbieder.pk] = _terug([_kopie(r, instelling=r.instelling)
                                                         for r in relaties_brin4.get(aanbieder.pk, [])],
                                                        "aanbieder", aanbieder)
        eigen = [ao for ao in opleidingen
                 if ao.aanbieder_id == aanbieder.pk and ao.samenwerkingsbestuur_id == g.bestuur.pk]
        g.opleidingen_per_aanbieder[aanbieder.pk] = _terug(eigen, "aanbieder", aanbieder)
        for ao in eigen:
            ao.samenwerkingsbestuur = g.bestuur
            ao.perioden_lijst = _terug(ao_perioden.get(ao.pk, []), "aangeboden_opleiding", ao)
            g.kenmerken_per_opleiding[ao.pk] = _terug(kenmerken.get(ao.pk, []), "aangeboden_opleiding", ao)
        g.gedeelde_aanbieders.append(aanbieder)


def _kopie[M: Model](obj: M, **gerelateerd: Model) -> M:
    """A copy of a loaded row (same pk and columns, still the stored row), with the given related objects set."""
    kopie = type(obj)(**{f.attname: getattr(obj, f.attname) for f in obj._meta.concrete_fields})
    kopie._state.adding = False
    kopie._state.db = obj._state.db
    for veld, waarde in gerelateerd.items():
        setattr(kopie, veld, waarde)
    return kopie
def _begeleiders(per_bestuur: dict[int, Registratie], ids: list[int]) -> dict[int, Onderwijsbegeleidingsaanbieder]:
    """Only boards of so/vso (cluster 1 and 2) have begeleidingsaanbieders: asked only for the boards with a so/vso
    erkenning or an erkenning a begeleidingsaanbieder hangs under (see _erkenningen), and then with their periods
    and BRIN4 relations (with the instelling) in one query."""
    gevraagd = [i for i in ids if any(e.soort in SO_VSO or e.begeleid for e in per_bestuur[i].instellingen)]
    if not gevraagd:
        return {}
    qs = Onderwijsbegeleidingsaanbieder.objects.filter(bestuur_id__in=gevraagd).order_by(
        "code", "perioden__begindatum", "perioden__pk", "erkenningsrelaties__begindatum", "erkenningsrelaties__pk")
    begeleiders = {}
    for begeleider, kinderen in _met_kinderen(qs, {"perioden": BegeleidingPeriode,
                                                    "erkenningsrelaties": BegeleidingErkenning,
                                                    "erkenningsrelaties__instelling": Instellingserkenning}):
        g = per_bestuur[begeleider.bestuur_id]
        _zet(begeleider, "bestuur", g.bestuur)
        begeleider.perioden_lijst = _terug(kinderen["perioden"], "begeleidingsaanbieder", begeleider)
        instellingen = {i.pk: i for i in kinderen["erkenningsrelaties__instelling"]}
        relaties = _terug(cast(list[BegeleidingErkenning], kinderen["erkenningsrelaties"]), "begeleidingsaanbieder",
                          begeleider)
        for relatie in relaties:
            relatie.instelling = cast(Instellingserkenning, instellingen[relatie.instelling_id])
        g.erkenningen_per_begeleider[begeleider.pk] = relaties
        g.begeleiders.append(begeleider)
        begeleiders[begeleider.pk] = begeleider
    return begeleiders


def _locatiegebruiken(per_bestuur: dict[int, Registratie], ids: list[int],
                      vestigingen: dict[int, Vestigingserkenning]) -> dict[int, Onderwijslocatie]:
    """The boards' locatiegebruiken with their BRIN6 relations; returns the locaties they use, by pk."""
    alle_relaties = _VESTIGINGSRELATIES.lijst(ids)
    _koppel(alle_relaties, "vestiging", vestigingen, Vestigingserkenning)
    relaties = _gegroepeerd(alle_relaties, "gebruik_id")
    locaties: dict[int, Onderwijslocatie] = {}
    for gebruik in _LOCATIEGEBRUIKEN.lijst(ids):
        g = per_bestuur[gebruik.bestuur_id]
        _zet(gebruik, "bestuur", g.bestuur)
        g.relaties_per_gebruik[gebruik.pk] = _terug(relaties.get(gebruik.pk, []), "gebruik", gebruik)
        g.locatiegebruiken.append(gebruik)
        locaties[gebruik.locatie_id] = gebruik.locatie
    return locaties


def _contacten_van_besturen(per_bestuur: dict[int, Registratie], ids: list[int]) -> None:
    for contact in _CONTACTEN_VAN_BESTUREN.lijst(ids):
        g = per_bestuur[contact.bestuur_id]
        _zet(contact, "bestuur", g.bestuur)
        g.contacten.append(contact)
        g.contacten_per_eenheid[("bestuur", contact.bestuur_id)].append(contact)


def _contacten(per_bestuur: dict[int, Registratie], groepen: dict[int, Onderwijsaanbiedersgroep],
               aanbieders: dict[int, Onderwijsaanbieder],
               begeleiders: dict[int, Onderwijsbegeleidingsaanbieder]) -> None:
    # One query without joins: the units are already known, so filter on their ids.
    qs = Contactgegevens.objects.filter(Q(bestuur_id__in=per_bestuur) | Q(groep_id__in=groepen)
                                        | Q(aanbieder_id__in=aanbieders)
                                        | Q(begeleidingsaanbieder_id__in=begeleiders)
                                        ).order_by("context", "begindatum", "pk")
    eenheid: Onderwijsbestuur | Onderwijsaanbiedersgroep | Onderwijsaanbieder | Onderwijsbegeleidingsaanbieder
    for contact in objecten(qs):
        if contact.aanbieder_id:
            eenheid = contact.aanbieder = aanbieders[contact.aanbieder_id]
        elif contact.begeleidingsaanbieder_id:
            eenheid = contact.begeleidingsaanbieder = begeleiders[contact.begeleidingsaanbieder_id]
        elif contact.groep_id:
            eenheid = contact.groep = groepen[contact.groep_id]
        else:
            eenheid = contact.bestuur = per_bestuur[contact.bestuur_id].bestuur
        g = per_bestuur[eenheid.bestuur.pk]
        g.contacten.append(contact)
        g.contacten_per_eenheid[(eenheidsoort(eenheid), eenheid.pk)].append(contact)


def _erkenningen(per_bestuur: dict[int, Registratie]
                 ) -> tuple[dict[int, Instellingserkenning], dict[int, Vestigingserkenning]]:
    """The BRIN4s and BRIN6s of the boards' bevoegde gezagen; returns both by pk (one instance each, shared)."""
    per_bevoegd_gezag = {g.bestuur.bevoegd_gezag_id: g for g in per_bestuur.values() if g.bestuur.bevoegd_gezag_id}
    instellingen: dict[int, Instellingserkenning] = {}
    for instelling in _INSTELLINGEN.lijst(per_bevoegd_gezag):
        per_bevoegd_gezag[instelling.bevoegd_gezag_id].instellingen.append(instelling)
        instellingen[instelling.pk] = instelling
    vestigingen: dict[int, Vestigingserkenning] = {}
    for vestiging in _VESTIGINGEN.lijst(per_bevoegd_gezag):
        instelling = instellingen[vestiging.instelling_id]  # the filter above: one of these
        _zet(vestiging, "instelling", instelling)
        per_bevoegd_gezag[instelling.bevoegd_gezag_id].vestigingen.append(vestiging)
        vestigingen[vestiging.pk] = vestiging
    return instellingen, vestigingen


def in_batches(qs: QuerySet[Onderwijsbestuur], grootte: int, na: str = "") -> Iterator[list[Onderwijsbestuur]]:
    """Boards in code order (those with a code after ``na``), a batch at a time (keyset paging: no OFFSET, no list
    of all boards)."""
    laatste = na
    while True:
        batch = list(qs.filter(code__gt=laatste).order_by("code")[:grootte])
        if not batch:
            return
        yield batch
        laatste = batch[-1].code
