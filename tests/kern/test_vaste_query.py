"""kern.vaste_query: a query compiled once per database gives the objects the queryset gives, for every value, and
refuses what it cannot answer the same way."""

import pytest
from django.db.models import F, Q

from autorisatie.models import ApiSleutel
from kern.vaste_query import VasteQuery
from tests.helpers import factories

pytestmark = pytest.mark.django_db


def _velden(obj) -> dict:
    return {f.attname: getattr(obj, f.attname) for f in obj._meta.concrete_fields}


def _sleutels() -> VasteQuery[ApiSleutel]:
    return VasteQuery(lambda prefix: ApiSleutel.objects.select_related("systeem__leverancier").filter(
        prefix=prefix, ingetrokken_op__isnull=True).order_by())


def test_dezelfde_objecten_als_de_queryset(django_assert_num_queries):
    factories.systeem_met_sleutel("LAS", prefix="las1")
    verwacht = ApiSleutel.objects.select_related("systeem__leverancier").get(prefix="las1")
    vast = _sleutels()
    with django_assert_num_queries(1):
        gevonden = vast.eerste("las1")
        # The select_related objects hang on it: reading them asks nothing more.
        assert gevonden.systeem.leverancier.naam == verwacht.systeem.leverancier.naam
    assert type(gevonden) is ApiSleutel and gevonden == verwacht
    assert _velden(gevonden) == _velden(verwacht)  # datetimes with their time zone, also on SQLite
    assert _velden(gevonden.systeem) == _velden(verwacht.systeem)
    assert _velden(gevonden.systeem.leverancier) == _velden(verwacht.systeem.leverancier)
    assert (gevonden._state.adding, gevonden._state.db, gevonden.systeem._state.adding) == (False, "default", False)


def test_elke_aanroep_leest_de_database_opnieuw_met_de_eigen_waarde():
    factories.systeem_met_sleutel("LAS", prefix="las1")
    factories.systeem_met_sleutel("Ander", leverancier="Ander B.V.", prefix="las2")
    vast = _sleutels()
    assert vast.eerste("las1").prefix == "las1"
    assert vast.eerste("las2").systeem.naam == "Ander"  # the same compiled statement, another value
    assert vast.eerste("las3") is None and vast.lijst("las3") == []
    ApiSleutel.objects.filter(prefix="las1").update(ingetrokken_op=F("aangemaakt_op"))
    assert vast.eerste("las1") is None  # nothing kept between calls but the SQL
    assert vast.eerste("las1' OR '1'='1") is None and vast.eerste("%") is None  # a value, never SQL


def test_een_lege_nullable_relatie_is_none_zonder_query(django_assert_num_queries, beheerder):
    factories.systeem_met_sleutel("LAS", prefix="las1")
    factories.systeem_met_sleutel("Ander", leverancier="Ander B.V.", prefix="las2")
    ApiSleutel.objects.filter(prefix="las2").update(aangemaakt_door=beheerder)
    vast = VasteQuery(lambda prefix: ApiSleutel.objects.select_related("aangemaakt_door").filter(prefix=prefix))
    with django_assert_num_queries(2):
        zonder, met = vast.eerste("las1"), vast.eerste("las2")
        assert zonder.aangemaakt_door is None and met.aangemaakt_door == beheerder
    assert met.aangemaakt_door.username == beheerder.username


@pytest.mark.parametrize("bouw", [
    lambda p: ApiSleutel.objects.filter(prefix__icontains=p),  # the value is changed ('%p%'): not a placeholder
    lambda p: ApiSleutel.objects.filter(Q(prefix=p) | Q(omschrijving=p)),  # twice
    lambda p: ApiSleutel.objects.filter(prefix=p).annotate(twee=F("id")),
    lambda p: ApiSleutel.objects.filter(prefix=p).values("id"),
    lambda p: ApiSleutel.objects.filter(prefix="vast"),  # the value is not used at all
], ids=["icontains", "tweemaal", "annotatie", "values", "ongebruikt"])
def test_weigert_wat_het_niet_hetzelfde_kan_beantwoorden(bouw):
    with pytest.raises(ValueError, match="VasteQuery"):
        VasteQuery(bouw).eerste("las1")
