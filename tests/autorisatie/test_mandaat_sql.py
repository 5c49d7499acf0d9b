"""The SQL form of the supplier-system mandate rule (toegang.mandaat_sql, for the hand-written SOAP delta of one
aanbieder) answers as the ORM helpers it copies: gemandateerde_instellingen (today) and gemandateerd_tijdens (today
and on a given day). Every kind of mandate period, another system's and another dienst's mandates, a school with two
mandates with a gap between them, on every day around their edges."""

from datetime import date, timedelta

import pytest
from django.db import connection

from autorisatie import toegang
from autorisatie.models import Dienst
from registratie.models import Instellingserkenning
from tests.helpers import factories

pytestmark = pytest.mark.django_db

VANDAAG = date(2026, 11, 28)  # the fixture ``vandaag``
DAG = timedelta(days=1)


@pytest.fixture
def mandaten(vandaag):
    bestuur = factories.bestuur_met_erkenningen(
        "30003", brin4s=("31AA", "31AB", "31AC", "31AD", "31AE", "31AF", "31AG", "31AH", "31AI", "31AJ"))
    systeem, _ = factories.systeem_met_sleutel("LAS", prefix="lasmsql1")
    ander, _ = factories.systeem_met_sleutel("Ander LAS", leverancier="Leverancier D", prefix="lasmsql2")
    for brin4, begin, einde in (
        ("31AA", date(2021, 8, 1), None),  # open
        ("31AB", date(2021, 8, 1), VANDAAG),  # ends today (inclusive)
        ("31AC", date(2021, 8, 1), VANDAAG - DAG),  # ended yesterday
        ("31AD", VANDAAG, None),  # starts today
        ("31AE", VANDAAG + DAG, None),  # starts tomorrow
        ("31AF", VANDAAG - 10 * DAG, VANDAAG - 5 * DAG),  # a gap: ended, then again from three days ago
        ("31AF", VANDAAG - 3 * DAG, None),
        ("31AG", VANDAAG - 3 * DAG, VANDAAG - 3 * DAG),  # one day, in the past
    ):
        factories.mandaat(bestuur, brin4, systeem, begindatum=begin, einddatum=einde)
    factories.mandaat(bestuur, "31AH", ander)  # another system
    factories.mandaat(bestuur, "31AI", systeem, dienst=Dienst.VERZUIM)  # another dienst
    # 31AJ: no mandate at all
    return systeem


def _sql(systeem, dag: date | None) -> set[int]:
    tijdens = None if dag is None else ("%s", [connection.ops.adapt_datefield_value(dag)])
    voorwaarde, params = toegang.mandaat_sql(systeem, "i.id", tijdens=tijdens)
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT i.id FROM {Instellingserkenning._meta.db_table} i WHERE {voorwaarde}", params)
        return {rij[0] for rij in cursor.fetchall()}


def test_vandaag_als_gemandateerde_instellingen(mandaten):
    verwacht = set(toegang.gemandateerde_instellingen(mandaten).values_list("pk", flat=True))
    assert _sql(mandaten, None) == verwacht
    codes = set(Instellingserkenning.objects.filter(pk__in=verwacht).values_list("code", flat=True))
    assert codes == {"31AA", "31AB", "31AD", "31AF"}  # the rule itself, so the comparison is not between two empties


@pytest.mark.parametrize("verschil", range(-12, 3))
def test_op_een_dag_als_gemandateerd_tijdens(mandaten, verschil):
    dag = VANDAAG + verschil * DAG
    verwacht = set(toegang.gemandateerd_tijdens(mandaten, dag).values_list("instelling", flat=True))
    assert _sql(mandaten, dag) == verwacht
    codes = set(Instellingserkenning.objects.filter(pk__in=verwacht).values_list("code", flat=True))
    assert codes == {-4: {"31AA", "31AB"}, -3: {"31AA", "31AB", "31AF"}, 0: {"31AA", "31AB", "31AD", "31AF"},
                     1: {"31AA", "31AD", "31AF"}}.get(verschil, codes)


def test_ook_op_een_andere_dag_van_vandaag(mandaten, time_machine):
    """Today is the clock's (kern.tijd.vandaag) in both forms, not a date fixed when the module was loaded."""
    time_machine.move_to("2026-12-10 10:00:00+01:00", tick=False)  # 31AB has ended, 31AE has begun
    verwacht = set(toegang.gemandateerde_instellingen(mandaten).values_list("pk", flat=True))
    assert _sql(mandaten, None) == verwacht
    assert verwacht == set(Instellingserkenning.objects.filter(code__in=("31AA", "31AD", "31AE", "31AF")).values_list(
        "pk", flat=True))
    for verschil in range(-15, 1):
        dag = date(2026, 12, 10) + verschil * DAG
        assert _sql(mandaten, dag) == set(toegang.gemandateerd_tijdens(mandaten, dag).values_list(
            "instelling", flat=True))
