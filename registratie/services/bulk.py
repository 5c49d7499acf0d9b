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
"""

from collections.abc import Callable, Sequence
from datetime import date, datetime
from functools import cache
from operator import attrgetter
from typing import Any, cast

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, connections, models, router, transaction
from django.db.backends.base.base import BaseDatabaseWrapper

type Veld = models.Field[Any, Any]

BATCH = 500  # bulk_create: SQLite allows at most 32,766 parameters per statement

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
    if any(veld.is_relation for veld in model._meta.concrete_fields):
        for obj in objecten:  # as bulk_create: refuse an unsaved related object, take the id of a saved one
            obj._prepare_related_fields_for_save(operation_name="schrijf_nieuw")  # type: ignore[attr-defined]  # private Model API, not in django-stubs
    with transaction.atomic(using=alias, savepoint=False):
        _kopieer(model, objecten, alias)
        # What bulk_create would have done through the model's queryset (AuditRegel raises its boards' counters).
        na_invoer = getattr(model, "na_invoer", None)
        if na_invoer is not None:
            na_invoer(objecten)


def _kopieer(model: type[models.Model], objecten: Sequence[models.Model], alias: str) -> None:
    verbinding = connections[alias]
    meta = model._meta
    for obj in objecten:
        if obj.pk is None:
            obj.pk = meta.pk.get_pk_value_on_save(obj)  # e.g. a UUID default; None for an auto field
    zonder_sleutel = [obj for obj in objecten if obj.pk is None]
    naam = verbinding.ops.quote_name
    with verbinding.cursor() as cursor:
        if zonder_sleutel:
            cursor.execute("SELECT nextval(pg_get_serial_sequence(%s, %s)) FROM generate_series(1, %s)",
                           [naam(meta.db_table), meta.pk.column, len(zonder_sleutel)])
            for obj, (sleutel,) in zip(zonder_sleutel, sorted(cursor.fetchall()), strict=True):
                obj.pk = sleutel
        velden = meta.concrete_fields
        omzetters = [_omzetter(veld, verbinding) for veld in velden]
        kolommen = ", ".join(naam(str(veld.column)) for veld in velden)  # a concrete field always has a column
        sql = f"COPY {naam(meta.db_table)} ({kolommen}) FROM STDIN"  # names from model meta
        # The raw psycopg cursor has copy(); its errors become Django's (IntegrityError, ...) as with execute.
        with verbinding.wrap_database_errors, cursor.cursor.copy(sql) as kopie:
            for obj in objecten:
                kopie.write_row([omzet(obj) for omzet in omzetters])
    for obj in objecten:
        obj._state.adding = False
        obj._state.db = alias


def _omzetter(veld: Veld, verbinding: BaseDatabaseWrapper) -> Callable[[models.Model], Any]:
    """obj -> the value COPY writes: pre_save, then get_db_prep_save, as Django's INSERT compiler does.

    A plain value of a core field (str in a CharField, int in an IntegerField, a date, an aware datetime)
    is what get_db_prep_save returns on PostgreSQL anyway, so skipping the call saves most of the time of
    preparing the audit rows of a first import (bench/README.md, importer). Anything else (a field class not listed,
    JSON, a value of another type, an expression) takes the full path.
    """
    lees: Callable[[models.Model], Any]
    if getattr(veld, "auto_now", False) or getattr(veld, "auto_now_add", False) or not _gewone_pre_save(veld):
        def lees_pre_save(obj: models.Model, veld: Veld = veld) -> Any:
            return veld.pre_save(obj, add=True)
        lees = lees_pre_save
    else:
        lees = attrgetter(veld.attname)
    doel: Veld = cast("models.ForeignKey[Any, Any]", veld).target_field if veld.is_relation else veld
    # A class is hashable; mypy checks Field.__hash__ as if called on the class.
    soort = _ongewijzigd_type(type(doel))  # type: ignore[arg-type]
    if soort is None:
        return lambda obj: _voorbereid(veld, lees(obj), verbinding)

    def omzet(obj: models.Model) -> Any:
        waarde = lees(obj)
        if waarde is None or (type(waarde) is soort
                              and (soort is not datetime or _met_tijdzone(cast(datetime, waarde)))):
            return waarde
        return _voorbereid(veld, waarde, verbinding)

    return omzet


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
