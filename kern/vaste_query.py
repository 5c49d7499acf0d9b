"""A query that Django builds and compiles once per database and then runs again with other values.

For the few lookups that every API call makes (the API key): building the queryset and compiling it to SQL cost
about five times PostgreSQL's own answer (1.4 ms against 0.3 ms per call on a shared 2-core machine,
bench/README.md "the shared floor of a SOAP call"), and that SQL is the same on every call but for one value.

    SLEUTEL = VasteQuery(lambda prefix: ApiSleutel.objects.select_related("systeem").filter(prefix=prefix))
    sleutel = SLEUTEL.eerste("abc")

The function gets a placeholder for each value and returns the queryset; its SQL and parameters are made once per
database (alias and vendor) by Django's own compiler, the placeholders are swapped for the values of each call, and
the rows become model instances as a queryset would make them (``Model.from_db``, the backend's converters, the
``select_related`` objects cached on their parent). Only plain querysets: no annotations or ``extra``, forward
relations in ``select_related`` only, each placeholder passed to the database unchanged and exactly once (an
``exact`` filter on a text column); anything else is refused when it is first compiled, not answered wrongly. The
function runs once per database: whatever may differ between calls (a date, today) must be a placeholder.
"""

import threading
from collections.abc import Callable, Hashable, Sequence
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import EmptyResultSet
from django.db import DEFAULT_DB_ALIAS, connections
from django.db.models import Model, QuerySet
from django.db.models.query import ValuesListIterable

Omzetter = tuple[list[Callable[..., Any]], Any]  # the converters of a column and its expression


@dataclass(frozen=True)
class _Model:
    """Where one model's columns are in a row, and how it hangs on its parent (Django's own setters of
    select_related: the parent's field cache and, for a unique relation, the reverse one; None for the root)."""

    model: type[Model]
    kolommen: list[int]
    namen: list[str]
    pk: int  # the position of the primary key in kolommen: NULL means no related row (a nullable relation)
    zet: Callable[[Model, Model | None], None] | None
    terug: Callable[[Model, Model], None] | None
    onder: list["_Model"]


@dataclass(frozen=True)
class _Gecompileerd:
    sql: str
    params: list[Any]
    plekken: list[int]  # per value: its index in params
    omzetters: dict[int, Omzetter]
    boom: _Model


class Plek(str):
    """The placeholder for a value while the query is compiled (a str, so a text field accepts it)."""

    __slots__ = ()


class VasteQuery[M: Model]:
    def __init__(self, bouw: Callable[..., QuerySet[M]]) -> None:
        self._bouw = bouw
        self._gecompileerd: dict[tuple[str, str, int], _Gecompileerd] = {}
        self._slot = threading.Lock()

    def _compileer(self, alias: str, aantal: int) -> _Gecompileerd:
        connection = connections[alias]
        sleutel = (alias, connection.vendor, aantal)
        gevonden = self._gecompileerd.get(sleutel)
        if gevonden is not None:
            return gevonden
        with self._slot:
            plekken = [Plek(f"\x1fvaste-query-plek-{i}\x1f") for i in range(aantal)]
            queryset = self._bouw(*plekken).using(alias)
            query = queryset.query
            if query.annotations or query.extra or query.extra_tables:
                raise ValueError("VasteQuery: geen annotaties of extra; alleen velden van modellen.")
            compiler = query.get_compiler(using=alias)
            sql, params = compiler.as_sql()
            posities = []
            for plek in plekken:
                gevonden_op = [i for i, p in enumerate(params) if p is plek or p == plek]
                if len(gevonden_op) != 1:
                    raise ValueError(f"VasteQuery: plek {plekken.index(plek)} komt {len(gevonden_op)} keer in de "
                                     "parameters voor (verwacht: één keer, ongewijzigd).")
                posities.append(gevonden_op[0])
            if compiler.annotation_col_map:
                raise ValueError("VasteQuery: geen annotaties.")
            select = compiler.select
            expressies = [s[0] for s in select[:compiler.col_count]]
            omzetters = compiler.get_converters(expressies)
            gecompileerd = _Gecompileerd(sql, list(params), posities, omzetters,
                                         _boom(compiler.klass_info, select))
            self._gecompileerd[sleutel] = gecompileerd
            return gecompileerd

    def lijst(self, *waarden: Any, using: str = DEFAULT_DB_ALIAS) -> list[M]:
        """The objects for these values (one per placeholder, in order), as ``list(queryset)`` would give."""
        gecompileerd = self._compileer(using, len(waarden))
        params = list(gecompileerd.params)
        for plek, waarde in zip(gecompileerd.plekken, waarden, strict=True):
            params[plek] = waarde
        connection = connections[using]
        with connection.cursor() as cursor:
            cursor.execute(gecompileerd.sql, params)
            rijen = cursor.fetchall()
        return [_object(gecompileerd.boom, _omgezet(rij, gecompileerd.omzetters, connection), using) for rij in rijen]

    def eerste(self, *waarden: Any, using: str = DEFAULT_DB_ALIAS) -> M | None:
        """The first object (the query's own order), or None."""
        gevonden = self.lijst(*waarden, using=using)
        return gevonden[0] if gevonden else None


def _boom(klass_info: dict[str, Any] | None, select: Sequence[Any]) -> _Model:
    if klass_info is None:
        raise ValueError("VasteQuery: alleen een queryset van modelobjecten.")
    onder = []
    for sub in klass_info.get("related_klass_infos", []):
        if sub.get("reverse") or sub.get("from_parent"):
            raise ValueError("VasteQuery: alleen voorwaartse relaties in select_related.")
        onder.append(_boom(sub, select))
    model = klass_info["model"]
    kolommen = list(klass_info["select_fields"])
    namen = [select[i][0].target.attname for i in kolommen]
    if model._meta.pk.attname not in namen:
        raise ValueError("VasteQuery: de primaire sleutel van elk model hoort in de select.")
    return _Model(model, kolommen, namen, namen.index(model._meta.pk.attname), klass_info.get("local_setter"),
                  klass_info.get("remote_setter"), onder)


def _omgezet(rij: Sequence[Any], omzetters: dict[int, Omzetter], connection: Any) -> Sequence[Any]:
    if not omzetters:
        return rij
    waarden = list(rij)
    for i, (functies, expressie) in omzetters.items():
        for functie in functies:
            waarden[i] = functie(waarden[i], expressie, connection)
    return waarden


def _object(boom: _Model, rij: Sequence[Any], alias: str) -> Any:
    """The model object of a row, its select_related objects hung on it as Django's RelatedPopulator does."""
    obj = boom.model.from_db(alias, boom.namen, [rij[i] for i in boom.kolommen])
    for sub in boom.onder:
        gerelateerd = None if rij[sub.kolommen[sub.pk]] is None else _object(sub, rij, alias)
        if sub.zet is not None:
            sub.zet(obj, gerelateerd)
        if gerelateerd is not None and sub.terug is not None:
            sub.terug(gerelateerd, obj)
    return obj


# --- Rows: a values_list queryset, compiled once per database and variant ----------------------------------------

class PlekGetal(int):
    """The placeholder for an integer value (an id) while the query is compiled."""

    __slots__ = ()


# Placeholder integers: unlikely as a real value, and inside a 32-bit column's range (Django turns a lookup with an
# out-of-range value into "no rows" before it reaches the SQL, and the placeholder would not be found).
_GETAL_BASIS = 2_147_400_000
_MERK = "\x1fvaste-query-plek-"
_MAX_VARIANTEN = 64  # compiled statements kept per query; a variant with today's date adds one a day


@dataclass(frozen=True)
class _Rijen:
    sql: str | None  # None: the query can match nothing (Django's EmptyResultSet)
    params: list[Any]
    plekken: list[list[int]]  # per value: its indexes in params (none: this variant does not use it)
    omzetters: dict[int, Omzetter]


class VasteRijen:
    """``VasteQuery`` for a ``values_list`` queryset: its rows as tuples, annotations allowed (an EXISTS per right).

    A value may be used any number of times (a person's id in every EXISTS) or not at all in a variant (a superuser
    sees every board). Values are text or integers; a value the query changes on its way to the database (``%v%``),
    or writes into the SQL itself, is refused when first compiled. ``variant`` keywords are passed to the builder
    and are part of the key: what the builder reads that is not a value, such as today's date (``dag=vandaag()``,
    so a statement is compiled again on the first call of a new day) or whether the person is a superuser.

        RECHTEN = VasteRijen(lambda pk, code, *, dag: ...values_list("pk", "mag_x"))
        RECHTEN.rijen(gebruiker.pk, "100B042", dag=vandaag())
    """

    def __init__(self, bouw: Callable[..., QuerySet[Any, Any]]) -> None:
        self._bouw = bouw
        self._gecompileerd: dict[tuple[Hashable, ...], _Rijen] = {}
        self._slot = threading.Lock()

    def _compileer(self, alias: str, waarden: tuple[Any, ...], variant: dict[str, Hashable]) -> _Rijen:
        connection = connections[alias]
        getallen = tuple(isinstance(w, int) and not isinstance(w, bool) for w in waarden)
        sleutel = (alias, connection.vendor, getallen, tuple(sorted(variant.items())))
        gevonden = self._gecompileerd.get(sleutel)
        if gevonden is not None:
            return gevonden
        with self._slot:
            plekken: list[Plek | PlekGetal] = [PlekGetal(_GETAL_BASIS + i) if getal else Plek(f"{_MERK}{i}\x1f")
                                               for i, getal in enumerate(getallen)]
            queryset = self._bouw(*plekken, **variant).using(alias)
            if queryset._iterable_class is not ValuesListIterable:
                raise ValueError("VasteRijen: alleen een values_list-queryset (rijen als tuples).")
            compiler = queryset.query.get_compiler(using=alias)
            try:
                sql, params = compiler.as_sql()
            except EmptyResultSet:
                gecompileerd = _Rijen(None, [], [[] for _ in plekken], {})
            else:
                gecompileerd = _Rijen(sql, list(params), [_posities(plek, sql, params) for plek in plekken],
                                      compiler.get_converters([s[0] for s in compiler.select[:compiler.col_count]]))
            if len(self._gecompileerd) >= _MAX_VARIANTEN:
                self._gecompileerd.clear()
            self._gecompileerd[sleutel] = gecompileerd
            return gecompileerd

    def rijen(self, *waarden: Any, using: str = DEFAULT_DB_ALIAS, **variant: Hashable) -> list[tuple[Any, ...]]:
        """The rows for these values (one per placeholder, in order), as ``list(queryset)`` would give."""
        gecompileerd = self._compileer(using, waarden, variant)
        if gecompileerd.sql is None:
            return []
        params = list(gecompileerd.params)
        for plekken, waarde in zip(gecompileerd.plekken, waarden, strict=True):
            for plek in plekken:
                params[plek] = waarde
        connection = connections[using]
        with connection.cursor() as cursor:
            cursor.execute(gecompileerd.sql, params)
            rijen = cursor.fetchall()
        return [tuple(_omgezet(rij, gecompileerd.omzetters, connection)) for rij in rijen]


def _posities(plek: "Plek | PlekGetal", sql: str, params: Sequence[Any]) -> list[int]:
    """Where the placeholder's value is in the parameters; refused if it was changed or written into the SQL."""
    if isinstance(plek, PlekGetal):
        if str(int(plek)) in sql:
            raise ValueError("VasteRijen: een getal staat in de SQL zelf in plaats van als parameter.")
        return [i for i, p in enumerate(params) if type(p) is not bool and isinstance(p, int) and p == plek]
    if _MERK in sql:
        raise ValueError("VasteRijen: een waarde staat in de SQL zelf in plaats van als parameter.")
    if any(isinstance(p, str) and plek in p and p != plek for p in params):
        raise ValueError("VasteRijen: de query verandert een waarde (zoals icontains: '%waarde%').")
    return [i for i, p in enumerate(params) if isinstance(p, str) and p == plek]
