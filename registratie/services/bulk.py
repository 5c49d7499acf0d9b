"""Writes many new rows at once: PostgreSQL COPY where the database has it, else bulk_create.

Why: bulk_create sends INSERT ... VALUES with a parameter per value, and for the ~27,000 rows of a DUO
import (erkenningen, boards, periods, audit entries) Django's SQL compilation and psycopg's quoting of
every parameter cost seconds. COPY streams the rows in PostgreSQL's text format, checked by the same
constraints (unique, foreign key, check) and inside the caller's transaction.

Both paths end the same way: the rows exist and every object has its primary key (bulk_create returns the
keys on PostgreSQL and on SQLite ≥ 3.35, and Django 6 requires 3.37). For COPY the keys are taken from the
table's own sequence in one query first, in ascending order, so rows written together keep the order of
the list, as with bulk_create. Like bulk_create, this sends no
signals and calls no save(); auto_now and auto_now_add are filled in through the field's pre_save, and
every value goes through the field's get_db_prep_save, as Django's INSERT does, except where that is
known to return the value unchanged (see ``_omzetter``).

The rows go to COPY as ready-made lines of its text format (``_copy_tekst``), written in blocks: psycopg's
``write_row`` looks up an adapter for every value, which cost more than the database spent storing them
(bench/README.md, importer). ``schrijf_waarden`` writes rows given as field values, without model instances,
for a writer whose rows nobody reads back (the importer's audit entries).
"""

import json
import queue
import re
import sys
import threading
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from datetime import date, datetime
from functools import cache
from itertools import repeat
from operator import attrgetter, is_, methodcaller
from typing import Any, NamedTuple, cast

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, connections, models, router, transaction
from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.models import signals
from django.db.models.base import ModelState
from django.db.models.fields import AutoFieldMixin
from django.utils import timezone
from psycopg.adapt import PyFormat, Transformer
from psycopg.types.json import Json, Jsonb

type Veld = models.Field[Any, Any]

BATCH = 500  # bulk_create: SQLite allows at most 32,766 parameters per statement
BLOK = 2000  # COPY lines per write: fewer calls into psycopg, yet no payload of the whole table in memory
WISSELTIJD = 0.0005  # seconds: the interpreter's switch interval while a writer thread runs (op_de_achtergrond)

# Django's own field classes whose get_db_prep_save, on PostgreSQL, returns a value of the listed exact
# type as it is (or as the same int in a psycopg wrapper, which COPY writes as the same text). Only the
# exact classes: a subclass may convert differently, so it takes the full path.
_ONGEWIJZIGD: dict[type[Veld], type] = {
    models.CharField: str, models.TextField: str, models.SlugField: str, models.EmailField: str,
    models.IntegerField: int, models.PositiveIntegerField: int, models.SmallIntegerField: int,
    models.PositiveSmallIntegerField: int, models.BigIntegerField: int, models.PositiveBigIntegerField: int,
    models.AutoField: int, models.BigAutoField: int, models.SmallAutoField: int, models.BooleanField: bool,
    models.DateField: date, models.DateTimeField: datetime,
}


def schrijf_nieuw(objecten: Sequence[models.Model], *, using: str | None = None) -> None:
    """Insert new objects of one model; afterwards each has its primary key, as after bulk_create."""
    if not objecten:
        return
    model = type(objecten[0])
    if any(type(obj) is not model for obj in objecten):
        raise TypeError("schrijf_nieuw schrijft objecten van één model tegelijk.")
    alias = using or router.db_for_write(model) or DEFAULT_DB_ALIAS
    if connections[alias].vendor != "postgresql":
        model._default_manager.using(alias).bulk_create(objecten, batch_size=BATCH)
        return
    if model._meta.parents:
        raise TypeError("schrijf_nieuw kent geen overerving tussen tabellen (multi-table inheritance).")
    relaties = _relaties(model)
    for obj in objecten:  # as bulk_create: refuse an unsaved related object, take the id of a saved one
        if model._meta.private_fields or (relaties and not _sleutels_klaar(obj, relaties)):
            obj._prepare_related_fields_for_save(operation_name="schrijf_nieuw")  # type: ignore[attr-defined]  # private Model API, not in django-stubs
    with transaction.atomic(using=alias, savepoint=False):
        _kopieer(model, objecten, alias)
        # What bulk_create would have done through the model's queryset (AuditRegel raises its boards' counters).
        na_invoer = getattr(model, "na_invoer", None)
        if na_invoer is not None:
            _na_invoer(alias, na_invoer, objecten)


def _kopieer(model: type[models.Model], objecten: Sequence[models.Model], alias: str) -> None:
    verbinding = connections[alias]
    meta = model._meta
    # The key's attribute itself, not the pk property: without parent tables (refused above) that is all the
    # property reads and sets, and it is used three times per row.
    sleutelnaam = meta.pk.attname
    for obj in objecten:
        if getattr(obj, sleutelnaam) is None:
            setattr(obj, sleutelnaam, meta.pk.get_pk_value_on_save(obj))  # e.g. a UUID default; None for an auto field
    zonder_sleutel = [obj for obj in objecten if getattr(obj, sleutelnaam) is None]
    if zonder_sleutel:
        for obj, sleutel in zip(zonder_sleutel, _volgende_sleutels(verbinding, meta, len(zonder_sleutel)), strict=True):
            setattr(obj, sleutelnaam, sleutel)
    velden = meta.concrete_fields
    _copy(verbinding, meta, [_omzetter(veld, verbinding) for veld in velden], objecten)
    for obj in objecten:
        obj._state.adding = False
        obj._state.db = alias


def reserveer_sleutels(model: type[models.Model], aantal: int, *, using: str | None = None) -> list[int]:
    """``aantal`` keys from the model's sequence, ascending, for objects that ``schrijf_nieuw`` writes later in this
    transaction (an object whose key is set keeps it). Empty on another database: bulk_create gives the keys there.

    Why ahead: taking them as the rows are written is a query, and a query first waits until every COPY queued
    before it is stored (``op_de_achtergrond``); taken before anything is queued, the writes need no query at all.
    A key taken and not used is a gap in the sequence, as after a rollback."""
    alias = using or router.db_for_write(model) or DEFAULT_DB_ALIAS
    verbinding = connections[alias]
    if aantal <= 0 or verbinding.vendor != "postgresql":
        return []
    return _volgende_sleutels(verbinding, model._meta, aantal)


def _volgende_sleutels(verbinding: BaseDatabaseWrapper, meta: Any, aantal: int) -> list[int]:
    with verbinding.cursor() as cursor:
        # The sequence's name is looked up once: inside the select list it was looked up per row, which
        # took 8 times as long as the nextval calls themselves (6,000 keys of a DUO import: 32 ms, now 4).
        cursor.execute("SELECT pg_get_serial_sequence(%s, %s)",
                       [verbinding.ops.quote_name(meta.db_table), meta.pk.column])
        (reeks,) = cursor.fetchone()
        cursor.execute("SELECT nextval(%s::regclass) FROM generate_series(1, %s)", [reeks, aantal])
        return sorted(sleutel for (sleutel,) in cursor.fetchall())


def nieuw_object[M: models.Model](model: type[M], waarden: dict[str, Any]) -> M:
    """``model(**waarden)``, made the way ``Model.from_db`` and ``registratie.laden`` make a loaded row: the
    instance's ``__dict__`` built whole (the importer makes 15,000 erkenningen at once; Django's constructor,
    setting field by field through descriptors and sending its signals, was its largest single cost). Same result
    (tests/registratie/test_importer_snel.py): a default for every field not given, a related object given by
    name cached beside its key, the database state its descriptor sets. Anything else (an attname, a one-to-one
    field, a database router, pre_init/post_init receivers, an object of the wrong model) takes the keyword road."""
    plan = _constructievelden(model)
    if not plan.gewoon or not plan.namen.issuperset(waarden) or router.routers or _met_init_ontvangers(model):
        return model(**waarden)
    staat = ModelState()
    # Every field in order, a fixed default already in; then the given values at once (a field other than a
    # relation is stored under its name), in C rather than a Python step per field.
    inhoud: dict[str, Any] = {"_state": staat, **plan.standaard}
    inhoud.update(waarden)
    for veld, naam, attnaam in plan.relaties:
        if naam not in inhoud:  # not given: its attname holds the default already
            continue
        doel = inhoud.pop(naam)  # a related object is stored as its key, beside it in the cache
        if doel is None:
            inhoud[attnaam] = None
            staat.fields_cache[naam] = None
        elif not _koppel(staat, doel, veld.remote_field.model._meta.concrete_model):
            return model(**waarden)  # Django's own refusal, with its message
        else:
            inhoud[attnaam] = getattr(doel, veld.target_field.attname)
            staat.fields_cache[naam] = doel
    for veld, naam, attnaam in plan.per_object:  # a default made anew for every object (a callable one)
        if naam not in waarden:
            inhoud[attnaam] = veld.get_default()
    obj = model.__new__(model)
    obj.__dict__ = inhoud
    return obj


def _koppel(staat: ModelState, doel: models.Model, doelmodel: type[models.Model]) -> bool:
    """What the forward descriptor's __set__ does with a related object when no database router is configured:
    check its model, give both sides a database, and refuse a relation across databases (returns False)."""
    if not isinstance(doel, doelmodel):
        return False
    if staat.db is None:
        staat.db = doel._state.db or DEFAULT_DB_ALIAS
    if doel._state.db is None:
        doel._state.db = staat.db
    return doel._state.db == staat.db


class _Constructieplan(NamedTuple):
    """What ``nieuw_object`` needs of a model, decided once: the field names; whether its own road fits (not for a
    one-to-one key: its descriptor also fills the related object's reverse cache); per attname in field order the
    fixed default (None in the place of one that must be made per object, ``_vaste_standaard``); the keys set
    through a related object, and the fields whose default is made per object, each as (field, name, attname)."""

    namen: frozenset[str]
    gewoon: bool
    standaard: dict[str, Any]
    relaties: tuple[tuple[Any, str, str], ...]
    per_object: tuple[tuple[Any, str, str], ...]


@cache
def _constructievelden(model: type[models.Model]) -> _Constructieplan:
    velden = model._meta.concrete_fields
    relaties = tuple((veld, veld.name, veld.attname) for veld in velden
                     if veld.is_relation and veld.name != veld.attname)
    gewoon = all(cast(models.ForeignObjectRel, veld.remote_field).multiple for veld, _, _ in relaties)
    standaard = {veld.attname: veld.get_default() if _vaste_standaard(veld) else None for veld in velden}
    return _Constructieplan(frozenset(veld.name for veld in velden), gewoon, standaard, relaties,
                            tuple((veld, veld.name, veld.attname) for veld in velden if not _vaste_standaard(veld)))


def _vaste_standaard(veld: Veld) -> bool:
    """Whether get_default() gives the same value every time, so it can be taken once per model: a default that
    is not callable (Django returns that very object each time), or none at all (None or ''); not a callable
    default nor a db_default (a new expression each call)."""
    if veld.has_default():
        return not callable(veld.default)
    return not veld.has_db_default()


def _met_init_ontvangers(model: type[models.Model]) -> bool:
    """Whether making an instance must send pre_init/post_init; the project connects none, so mostly the first,
    cheap question answers (it is asked for every new erkenning of an import)."""
    if not (signals.pre_init.receivers or signals.post_init.receivers):
        return False
    return signals.pre_init.has_listeners(model) or signals.post_init.has_listeners(model)


@cache
def _relaties(model: type[models.Model]) -> tuple[tuple[str, str, str], ...]:
    """Per concrete relation field of the model: its name, its attname and the attname of its target field."""
    return tuple((veld.name, veld.attname, cast("models.ForeignKey[Any, Any]", veld).target_field.attname)
                 for veld in model._meta.concrete_fields if veld.is_relation)


def _sleutels_klaar(obj: models.Model, relaties: Sequence[tuple[str, str, str]]) -> bool:
    """Whether ``_prepare_related_fields_for_save`` would find nothing to do or refuse: every cached related
    object's key is set on obj and is that object's key (no object cached: that method checks nothing either).
    Only then may the call be skipped; it costs more than the COPY of the row (15,000 rows of a DUO import).
    ``relaties``: ``_relaties(model)``, decided once per model, not per row."""
    cache = obj._state.fields_cache
    for naam, attnaam, doelattnaam in relaties:
        gerelateerd = cache.get(naam)
        if gerelateerd is None:
            continue
        sleutel = getattr(obj, attnaam)
        if sleutel is None or getattr(gerelateerd, doelattnaam) != sleutel:
            return False
    return True


def schrijf_waarden(model: type[models.Model], rijen: Sequence[dict[str, Any]], *, using: str | None = None) -> None:
    """Insert new rows of one model given as {field name: value}, as ``model(**rij)`` would hold them, without
    making the instances on PostgreSQL (on another database: bulk_create of those instances). A field left
    out gets its default (auto_now_add: now). The rows' keys are not returned; for rows nobody reads back.
    A model with an ``na_invoer`` hook needs ``na_invoer_waarden``, which gets the rows."""
    if not rijen:
        return
    alias = using or router.db_for_write(model) or DEFAULT_DB_ALIAS
    meta = model._meta
    if meta.parents:
        raise TypeError("schrijf_waarden kent geen overerving tussen tabellen (multi-table inheritance).")
    na_invoer = getattr(model, "na_invoer_waarden", None)
    if na_invoer is None and hasattr(model, "na_invoer"):
        raise TypeError(f"{model.__name__} heeft na_invoer maar geen na_invoer_waarden.")
    with transaction.atomic(using=alias, savepoint=False):
        verbinding = connections[alias]
        if verbinding.vendor != "postgresql":
            # The model's own queryset runs what its bulk_create does after (AuditRegel: na_invoer), as in
            # schrijf_nieuw; only the COPY below passes by it.
            model._default_manager.using(alias).bulk_create([model(**_ontleed_json(rij)) for rij in rijen],
                                                            batch_size=BATCH)
            return
        # An auto key is left to the column's identity default, as an INSERT without it does.
        velden = [veld for veld in meta.concrete_fields
                  if not (veld.primary_key and isinstance(veld, AutoFieldMixin))]
        _copy(verbinding, meta, [_waardeomzetter(veld, verbinding) for veld in velden], rijen)
        if na_invoer is not None:
            _na_invoer(alias, na_invoer, rijen)


def _ontleed_json(rij: dict[str, Any]) -> dict[str, Any]:
    """The row with a JsonTekst's value parsed back, for a model instance (bulk_create)."""
    return {naam: json.loads(waarde) if type(waarde) is JsonTekst else waarde for naam, waarde in rij.items()}


def _waardeomzetter(veld: Veld, verbinding: BaseDatabaseWrapper) -> "_Kolom[dict[str, Any]]":
    """rij -> the field's COPY text: the given value (by name, or by attname for a key), else the default;
    then get_db_prep_save, as for an instance (``_omzetter``). Every reader here only reads."""
    lees: Callable[[dict[str, Any]], Any]
    if veld.is_relation and veld.name != veld.attname:
        naam, attnaam = veld.name, veld.attname

        def lees_sleutel(rij: dict[str, Any]) -> Any:
            if naam in rij:
                gerelateerd = rij[naam]
                return None if gerelateerd is None else gerelateerd.pk
            return rij.get(attnaam)
        lees = lees_sleutel
    elif getattr(veld, "auto_now", False) or getattr(veld, "auto_now_add", False):
        # One moment for all rows (bulk_create takes one per row, microseconds apart); as DateField.pre_save.
        nu = timezone.now() if isinstance(veld, models.DateTimeField) else date.today()
        lees = _lezer(veld.name, nu)
    else:
        lees = _lezer(veld.name, veld.get_default())
    return _kolom(veld, lees, verbinding, alleen_lezen=True)


def _lezer(naam: str, standaard: Any) -> Callable[[dict[str, Any]], Any]:
    """rij -> rij.get(naam, standaard), called from C (150,000 values per DUO import)."""
    return methodcaller("get", naam, standaard)


class _Kolom[T](NamedTuple):
    """A field of a COPY (``_kolom``): its reader (source -> value; None where reading has an effect, such as
    auto_now setting the attribute, so it must run for every row), its text (source -> the value as COPY text) and
    whether it is a text column (its plain str values are written as they are, escaped where needed)."""

    veld: Veld
    lees: Callable[[T], Any] | None
    tekst: Callable[[T], str]
    is_tekst: bool


def _copy[T](verbinding: BaseDatabaseWrapper, meta: Any, kolommen: Sequence[_Kolom[T]], bronnen: Sequence[T]) -> None:
    """COPY the rows into the model's table as lines of COPY's text format, a block of lines per write.

    A field with the same value (the same object) in every row is made into text once and written after the others,
    as the same end of every line: many columns of a bulk write hold one value (the audit entries of an import: the
    user, the action, the object type, the moment), and a column's text per row costs more than the check."""
    wisselend, vast = _splits_vaste_kolommen(kolommen, bronnen)
    naam = verbinding.ops.quote_name
    # A concrete field always has a column; the names come from model meta.
    namen = ", ".join(naam(str(kolom.veld.column)) for kolom in (*wisselend, *vast))
    sql = f"COPY {naam(meta.db_table)} ({namen}) FROM STDIN"
    einde = "\t".join(kolom.tekst(bronnen[0]) for kolom in vast)
    blokken = _blokken(wisselend, bronnen, einde)
    achtergrond = _ACHTERGROND.get(id(verbinding))
    if achtergrond is not None:
        achtergrond.kopieer(sql, blokken)
        return
    # The raw psycopg cursor has copy(); its errors become Django's (IntegrityError, ...) as with execute.
    with verbinding.cursor() as cursor, verbinding.wrap_database_errors, cursor.cursor.copy(sql) as kopie:
        for blok in blokken:
            kopie.write(blok)


def _splits_vaste_kolommen[T](kolommen: Sequence[_Kolom[T]],
                              bronnen: Sequence[T]) -> tuple[list[_Kolom[T]], list[_Kolom[T]]]:
    """The columns whose value differs between the rows, and those whose reader gives the same object for every row
    (checked in C; a differing column mostly stops at the second row). At least one column stays in the first."""
    if len(bronnen) < 2:
        return list(kolommen), []
    wisselend: list[_Kolom[T]] = []
    vast: list[_Kolom[T]] = []
    for kolom in kolommen:
        lees = kolom.lees
        if lees is not None and all(map(is_, map(lees, bronnen), repeat(lees(bronnen[0])))):
            vast.append(kolom)
        else:
            wisselend.append(kolom)
    if not wisselend:  # every row the same: a line still starts with a column
        wisselend.append(vast.pop(0))
    return wisselend, vast


def _blokken[T](kolommen: Sequence[_Kolom[T]], bronnen: Sequence[T], einde: str = "") -> Iterator[str]:
    """The lines, BLOK at a time, made a column at a time (``_kolomteksten``); ``einde``: the text of the columns
    that are the same in every row, after the others."""
    for begin in range(0, len(bronnen), BLOK):
        blok = bronnen[begin:begin + BLOK]
        teksten: list[Iterable[str]] = [_kolomteksten(kolom, blok) for kolom in kolommen]
        if einde:
            teksten.append(repeat(einde, len(blok)))
        yield "\n".join(map("\t".join, zip(*teksten, strict=False))) + "\n"


def _kolomteksten[T](kolom: _Kolom[T], blok: Sequence[T]) -> list[str]:
    """One column's text for every row of a block. A text column whose values are all plain str, printable and
    without a backslash (checked once over the whole column, in C) is its values as they are: no call per value,
    the escape being needed nowhere (as ``_ontsnapt`` decides per value, which the other columns still do)."""
    if kolom.is_tekst and kolom.lees is not None:
        waarden = list(map(kolom.lees, blok))
        if set(map(type, waarden)) == {str} and _zonder_ontsnapping("".join(waarden)):
            return waarden
    return list(map(kolom.tekst, blok))


class _Achtergrond:
    """The COPYs of one connection, written by a thread of their own (``op_de_achtergrond``).

    The calling thread formats the lines and queues them a block at a time; this thread only sends them, so the
    database stores one table while Python builds the next. The queue is drained (``wacht``) before any other
    statement on the connection, so the caller's queries see every row written before them, in order.
    """

    def __init__(self, verbinding: BaseDatabaseWrapper) -> None:
        self.verbinding = verbinding
        self.wachtrij: queue.Queue[tuple[str, str] | None] = queue.Queue()
        self.fout: BaseException | None = None
        self.afbreken = False
        # The writers' na_invoer hooks with all the rows they were given, run once each after the last COPY.
        self.na_afloop: dict[Callable[[list[Any]], None], list[Any]] = {}
        self.draad = threading.Thread(target=self._draai, name="bulk-copy", daemon=True)

    def kopieer(self, sql: str, blokken: Iterable[str]) -> None:
        self.wachtrij.put(("begin", sql))
        for blok in blokken:
            self.wachtrij.put(("blok", blok))
        self.wachtrij.put(("einde", ""))

    def _draai(self) -> None:
        """Take the queue in order. After an error (or ``afbreken``) the rest is only taken off the queue: the
        caller raises the error at its next statement, and its transaction is rolled back."""
        kopie: Any = None  # psycopg's Copy context manager of the COPY in progress, and what it returned
        schrijver: Any = None
        while (taak := self.wachtrij.get()) is not None:
            soort, inhoud = taak
            try:
                if self.fout is not None or self.afbreken:  # nothing after an error is written
                    self._breek_af(kopie)
                    kopie = schrijver = None
                elif soort == "begin":
                    nieuw = self.verbinding.connection.cursor().copy(inhoud)
                    schrijver = nieuw.__enter__()
                    kopie = nieuw  # only once entered: an open COPY is what _breek_af ends
                elif soort == "blok":
                    schrijver.write(inhoud)
                elif soort == "sql":
                    self.verbinding.connection.execute(inhoud)
                else:
                    klaar, kopie, schrijver = kopie, None, None
                    klaar.__exit__(None, None, None)
            except BaseException as fout:
                self.fout = fout
                self._breek_af(kopie)  # a write failed with the COPY still open: end it here, not by the collector
                kopie = schrijver = None
            finally:
                self.wachtrij.task_done()
        self._breek_af(kopie)  # the caller stopped halfway a COPY: end it, so that its rollback can run
        self.wachtrij.task_done()

    def _breek_af(self, kopie: Any) -> None:
        """End a COPY in progress with CopyFail: nothing of it is stored."""
        if kopie is not None:
            try:
                kopie.__exit__(RuntimeError, RuntimeError("afgebroken"), None)
            except BaseException as fout:
                self.fout = self.fout or fout

    def wacht(self) -> None:
        """Until everything queued is written; then the writer's error, as Django's error class. The error stays:
        nothing queued after a failed COPY is written, so every later statement and the end of the block fail too
        (a caller that caught the first could otherwise lose rows without knowing)."""
        self.wachtrij.join()
        if self.fout is not None:
            with self.verbinding.wrap_database_errors:
                raise self.fout

    def voor_sql(self, execute: Callable[..., Any], sql: str, params: Any, many: bool, context: Any) -> Any:
        """An execute wrapper: a statement on this connection waits until the COPYs before it are written.

        Setting or releasing a savepoint (a domain service's ``transaction.atomic`` within the block) is queued
        behind them instead: it returns nothing, so the caller need not wait for it. It fails only when the
        transaction failed already, and that error is raised at the next statement, as a COPY's is. Rolling back to
        a savepoint does wait: what it undoes must be written first, and its error is the caller's to see."""
        if params is None and not many and sql.startswith(_IN_DE_RIJ):
            self.wachtrij.put(("sql", sql))
            return None
        self.wacht()
        return execute(sql, params, many, context)


# Statements queued behind the COPYs instead of waiting for them (_Achtergrond.voor_sql): Django's savepoint SQL on
# PostgreSQL ("SAVEPOINT <name>", "RELEASE SAVEPOINT <name>"); "ROLLBACK TO SAVEPOINT" is not among them.
_IN_DE_RIJ = ("SAVEPOINT ", "RELEASE SAVEPOINT ")

_ACHTERGROND: dict[int, _Achtergrond] = {}  # id(connection wrapper) -> its writer, while op_de_achtergrond runs


@contextmanager
def op_de_achtergrond(using: str = DEFAULT_DB_ALIAS) -> Iterator[None]:
    """Within the block, ``schrijf_nieuw`` and ``schrijf_waarden`` return once their rows are formatted: a thread
    sends them to PostgreSQL while the caller goes on (the database has a core of its own; the DUO importer spent
    a third of its time waiting on it, bench/README.md). Any other statement on the connection first waits until
    the queued rows are written, so what it reads and writes is in order; so does leaving the block, after which
    the writers' ``na_invoer`` hooks run, once each on all their rows (the audit's board counters: one statement at
    the end instead of one per write, each of which would wait for the writer).

    Foreign keys are checked as each statement ends (``SET CONSTRAINTS ALL IMMEDIATE``), by the database while the
    caller goes on, not all at the commit, where the import waited 120 ms for them: so a caller writes parents
    before their children. Afterwards they are deferred again; after an error the rollback restores that.

    While the writer runs, the interpreter's switch interval is at most ``WISSELTIJD`` (process-wide; restored after).

    Must run inside a transaction (the rows commit together, or not at all) and on one thread: the connection is
    shared with the writer, never used by both at once. A COPY that fails raises its error at the next statement,
    or when the block is left; the caller's transaction is then rolled back. On another database nothing changes.
    """
    verbinding = connections[using]
    if verbinding.vendor != "postgresql" or id(verbinding) in _ACHTERGROND:
        yield
        return
    if not verbinding.in_atomic_block:
        raise RuntimeError("op_de_achtergrond hoort binnen een transactie (transaction.atomic).")
    with verbinding.cursor() as cursor:
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
    achtergrond = _Achtergrond(verbinding)
    achtergrond.draad.start()
    _ACHTERGROND[id(verbinding)] = achtergrond
    wisseltijd = sys.getswitchinterval()
    # The writer needs the GIL back after every piece psycopg sends (128 kB) while the caller's thread computes; at
    # Python's default the caller may keep it 5 ms each time, which held the writer to about 25 MB/s: a DUO import's
    # audit entries (5 MB) then reach PostgreSQL after Python is done. Process-wide, so it is restored afterwards.
    sys.setswitchinterval(min(wisseltijd, WISSELTIJD))
    try:
        with verbinding.execute_wrapper(achtergrond.voor_sql):
            yield
            achtergrond.wacht()
            del _ACHTERGROND[id(verbinding)]  # what the hooks write goes straight to the database, not to the queue
            for hook, rijen in achtergrond.na_afloop.items():
                hook(rijen)
        with verbinding.cursor() as cursor:
            # Every deferrable constraint of the project is INITIALLY DEFERRED (Django's foreign keys).
            cursor.execute("SET CONSTRAINTS ALL DEFERRED")
    except BaseException:
        achtergrond.afbreken = True
        raise
    finally:
        _ACHTERGROND.pop(id(verbinding), None)
        achtergrond.wachtrij.put(None)
        achtergrond.draad.join()  # before the caller's rollback or commit uses the connection
        sys.setswitchinterval(wisseltijd)  # once the writer is gone: it also sends the last rows, or aborts a COPY


def _na_invoer(alias: str, hook: Callable[[Any], None], rijen: Sequence[Any]) -> None:
    """Run a writer's na_invoer hook on its rows now, or, within ``op_de_achtergrond``, once when the block ends,
    on the rows of all its writes together (AuditRegel's raises each board's counter once, not once per write)."""
    achtergrond = _ACHTERGROND.get(id(connections[alias]))
    if achtergrond is None:
        hook(rijen)
    else:
        achtergrond.na_afloop.setdefault(hook, []).extend(rijen)


NULL = "\\N"
_BIJZONDER = re.compile(r"[\\\t\n\r]")
_ONTSNAPPING = str.maketrans({"\\": "\\\\", "\t": "\\t", "\n": "\\n", "\r": "\\r"})


def _zonder_ontsnapping(tekst: str) -> bool:
    """Whether COPY's text format takes the text as it is: two C string methods cost less than a regex search
    (``_kolomtekst``'s text columns make the same test inline, per value)."""
    return tekst.isprintable() and "\\" not in tekst


def _ontsnapt(tekst: str) -> str:
    """Text as a field of COPY's text format: backslash escapes for tab, newline, CR and the backslash."""
    if _zonder_ontsnapping(tekst):
        return tekst
    return tekst.translate(_ONTSNAPPING) if _BIJZONDER.search(tekst) else tekst


def _tekst(waarde: Any, verbinding: BaseDatabaseWrapper) -> str:
    """Any value as get_db_prep_save gives it, as a COPY text field: the plain types by hand, anything else
    through psycopg's own text dumper for its type."""
    soort = type(waarde)
    if waarde is None:
        return NULL
    if soort is bool:
        return "t" if waarde else "f"
    if soort is int:
        return str(waarde)
    if soort is date or soort is datetime:
        return cast(date, waarde).isoformat()
    if soort is str:
        return _ontsnapt(waarde)
    if (soort is Jsonb or soort is Json) and waarde.dumps is not None:  # Django's, with its encoder
        gedumpt = waarde.dumps(waarde.obj)
        return _ontsnapt(gedumpt if isinstance(gedumpt, str) else bytes(gedumpt).decode())
    dumper = Transformer.from_context(verbinding.connection).get_dumper(waarde, PyFormat.TEXT)
    return _ontsnapt(bytes(dumper.dump(waarde) or b"").decode())


def _als_bool(waarde: bool) -> str:
    return "t" if waarde else "f"


_OPMAAK: dict[type, Callable[[Any], str]] = {str: _ontsnapt, int: str, bool: _als_bool, date: date.isoformat,
                                             datetime: datetime.isoformat}


def _omzetter(veld: Veld, verbinding: BaseDatabaseWrapper) -> _Kolom[models.Model]:
    """obj -> the field's COPY text: pre_save, then get_db_prep_save, as Django's INSERT compiler does. Only a
    plain attribute's reader is given (``_Kolom``): pre_save may set the attribute (auto_now does)."""
    lees: Callable[[models.Model], Any]
    if type(veld) in (models.DateTimeField, models.DateField) and (veld.auto_now or veld.auto_now_add):  # type: ignore[attr-defined]  # both have them
        # Django's own pre_save sets the attribute to now; here one moment for all rows of one write, as
        # schrijf_waarden does (bulk_create takes one per row, microseconds apart), so its text is made once.
        nu = timezone.now() if type(veld) is models.DateTimeField else date.today()

        def lees_nu(obj: models.Model, attnaam: str = veld.attname, nu: Any = nu) -> Any:
            setattr(obj, attnaam, nu)
            return nu
        lees = lees_nu
    elif getattr(veld, "auto_now", False) or getattr(veld, "auto_now_add", False) or not _gewone_pre_save(veld):
        def lees_pre_save(obj: models.Model, veld: Veld = veld) -> Any:
            return veld.pre_save(obj, add=True)
        lees = lees_pre_save
    else:
        lees = attrgetter(veld.attname)
        return _kolom(veld, lees, verbinding, alleen_lezen=True)
    return _kolom(veld, lees, verbinding, alleen_lezen=False)


def _kolom[T](veld: Veld, lees: Callable[[T], Any], verbinding: BaseDatabaseWrapper, *,
              alleen_lezen: bool) -> _Kolom[T]:
    """The field as a COPY column; ``alleen_lezen``: whether ``lees`` only reads (then _copy may call it apart
    from the text, to find a value that every row shares)."""
    soort = _kolomsoort(veld)
    return _Kolom(veld, lees if alleen_lezen else None, _kolomtekst(veld, lees, verbinding, soort), soort is str)


def _kolomsoort(veld: Veld) -> type | None:
    """The plain Python type whose values of this field ``_kolomtekst`` writes without get_db_prep_save (for a key:
    its target field's), or None."""
    doel: Veld = cast("models.ForeignKey[Any, Any]", veld).target_field if veld.is_relation else veld
    # A class is hashable; mypy checks Field.__hash__ as if called on the class.
    return _ongewijzigd_type(type(doel))  # type: ignore[arg-type]


def _kolomtekst[T](veld: Veld, lees: Callable[[T], Any], verbinding: BaseDatabaseWrapper,
                   soort: type | None) -> Callable[[T], str]:
    """source -> the text COPY writes for the value ``lees`` gives, prepared as get_db_prep_save would.

    A plain value of a core field (str in a CharField, int in an IntegerField, a date, an aware datetime)
    is what get_db_prep_save returns on PostgreSQL anyway, so skipping the call saves most of the time of
    preparing the rows of a first import (bench/README.md, importer); the text is made in the same step.
    Anything else (a field class not listed, a value of another type, an expression) takes the full path.
    """
    if type(veld) is models.JSONField and veld.encoder is None:
        return _als_json(veld, lees, verbinding)
    if soort is None:
        return lambda bron: _tekst(_voorbereid(veld, lees(bron), verbinding), verbinding)
    opmaak = _OPMAAK[soort]
    met_tijd = soort is datetime

    def anders(waarde: Any) -> str:
        if waarde is None:
            return NULL
        if isinstance(waarde, models.Choices) and type(waarde.value) is soort:
            return opmaak(waarde.value)  # a TextChoices/IntegerChoices member: psycopg writes its value
        return _tekst(_voorbereid(veld, waarde, verbinding), verbinding)

    if soort is str:  # most columns
        # The last text or TextChoices member and its line text: runs of rows share one, which then costs no check
        # at all (the audit entries' actie where one write mixes changes and endings: 3,000 of 4,000 values in a
        # DUO update). A column with one value in every row of a write never gets here: _copy writes it once.
        vorige: Any = None
        vorige_tekst = NULL

        def tekstkolom(bron: T) -> str:
            nonlocal vorige, vorige_tekst
            waarde = lees(bron)
            if waarde is vorige:
                return vorige_tekst
            if type(waarde) is str:
                # _zonder_ontsnapping inline, not through a call: most texts need no escape (150,000 a DUO import)
                tekst = waarde if waarde.isprintable() and "\\" not in waarde else _ontsnapt(waarde)
            elif waarde is None:
                return NULL
            else:
                tekst = anders(waarde)
                if not isinstance(waarde, str):  # only an immutable value's text may be reused
                    return tekst
            vorige, vorige_tekst = waarde, tekst
            return tekst
        return tekstkolom

    if met_tijd:  # a moment: most rows of a bulk write share one (auto_now_add), so its text is made once
        laatste: Any = None
        laatste_tekst = NULL

        def tijdkolom(bron: T) -> str:
            nonlocal laatste, laatste_tekst
            waarde = lees(bron)
            if waarde is not laatste:
                laatste = waarde
                laatste_tekst = (opmaak(waarde) if type(waarde) is datetime and _met_tijdzone(waarde)
                                 else anders(waarde))
            return laatste_tekst
        return tijdkolom

    def kolom(bron: T) -> str:
        waarde = lees(bron)
        if type(waarde) is soort:
            return opmaak(waarde)
        return NULL if waarde is None else anders(waarde)  # an empty date or key: no call

    return kolom


# json.dumps with any option makes a new encoder per call; one, made once (the default json.dumps otherwise).
_JSON = json.JSONEncoder(ensure_ascii=False).encode


def _json_encoder() -> Callable[[Any], str]:
    """_JSON without its set-up per call: JSONEncoder.encode makes a new C encoder for every value (a third of the
    time of a snapshot's encoding, 13,000 per DUO import); this one is made once. It keeps no record of the
    containers it is in (markers None: a value that contains itself ends in RecursionError instead of
    ValueError; a shared record would outlive an error). Otherwise the same options and the same text."""
    c_make_encoder = getattr(json.encoder, "c_make_encoder", None)
    if c_make_encoder is None:  # a Python without json's C accelerator
        return _JSON
    opties = json.JSONEncoder(ensure_ascii=False)
    maak = c_make_encoder(None, opties.default, json.encoder.encode_basestring, None, opties.key_separator,
                          opties.item_separator, opties.sort_keys, opties.skipkeys, opties.allow_nan)
    leeg = ""

    def codeer(waarde: Any) -> str:
        if type(waarde) is str:  # as JSONEncoder.encode: a string alone is not a container
            return _JSON(waarde)
        return leeg.join(maak(waarde, 0))
    return codeer


_JSON_SNEL = _json_encoder()


def json_tekst(waarde: Any) -> str:
    """A value as the JSON text a JSONField's COPY column writes (without COPY's escape)."""
    return _JSON_SNEL(waarde)


class JsonTekst(str):
    """A JSON value given as its ready-made text, for a JSONField of ``schrijf_waarden``: written into the column
    as it is (the writer need not make a dict that the encoder then reads again). Other databases get the value
    parsed back, which is what bulk_create expects."""


def _als_json[T](veld: Veld, lees: Callable[[T], Any], verbinding: BaseDatabaseWrapper) -> Callable[[T], str]:
    """A JSONField without its own encoder: the JSON text itself, which COPY writes into the jsonb column as
    get_db_prep_save's Jsonb(value, json.dumps) would be written (jsonb keeps the parsed value, not the text,
    so the unescaped accents change nothing stored). None stays NULL, as Django stores it."""
    def kolom(bron: T) -> str:
        waarde = lees(bron)
        if waarde is None:
            return NULL
        if type(waarde) is JsonTekst:
            tekst: str = waarde
        elif hasattr(waarde, "resolve_expression"):  # refused there, as for any field
            return _tekst(_voorbereid(veld, waarde, verbinding), verbinding)
        else:
            tekst = _JSON_SNEL(waarde)
        # JSON writes tab, newline and CR inside strings as escapes, and nothing else of them: only a backslash
        # (of those escapes) needs COPY's escape, and looking for it costs less than the regex over the whole text.
        return tekst.replace("\\", "\\\\") if "\\" in tekst else tekst
    return kolom


def _voorbereid(veld: Veld, waarde: Any, verbinding: BaseDatabaseWrapper) -> Any:
    if hasattr(waarde, "resolve_expression"):  # F(), Value(), db_default...: COPY takes values only
        raise TypeError(f"{veld.model.__name__}.{veld.name}: schrijf_nieuw kan geen SQL-expressie kopiëren.")
    return veld.get_db_prep_save(waarde, verbinding)


@cache
def _ongewijzigd_type(klasse: type[Veld]) -> type | None:
    return _ONGEWIJZIGD.get(klasse)


def _gewone_pre_save(veld: Veld) -> bool:
    """Whether the field's pre_save only reads the attribute (Field's own, or a date without auto_now)."""
    return type(veld).pre_save in (models.Field.pre_save, models.DateField.pre_save, models.DateTimeField.pre_save)


def _met_tijdzone(waarde: datetime) -> bool:
    """Django stores an aware datetime as it is (with USE_TZ); a naive one gets a warning and a zone."""
    return (waarde.tzinfo is not None) == settings.USE_TZ
