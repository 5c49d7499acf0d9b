"""toegang.api_sleutel reads the key through a statement compiled once per process (kern.vaste_query): each call
still asks the database, so a key revoked or a system deactivated after an earlier successful call is refused on the
next one; the hash is compared in constant time; a prefix is a value, never SQL."""

import pytest
from django.utils import timezone

from autorisatie import toegang
from autorisatie.models import ApiSleutel
from tests.helpers import factories

pytestmark = pytest.mark.django_db


def test_geldige_sleutel_in_een_query_met_systeem_en_leverancier(django_assert_num_queries):
    systeem, sleutel = factories.systeem_met_sleutel("LAS", prefix="las1")
    with django_assert_num_queries(1):
        gevonden = toegang.api_sleutel(sleutel)
        assert gevonden is not None and gevonden.systeem == systeem
        assert gevonden.systeem.leverancier.naam == "Leverancier A B.V."


def test_ingetrokken_na_gebruik_wordt_geweigerd():
    _, sleutel = factories.systeem_met_sleutel("LAS", prefix="las1")
    assert toegang.api_sleutel(sleutel) is not None  # compiled and answered once
    ApiSleutel.objects.filter(prefix="las1").update(ingetrokken_op=timezone.now())
    assert toegang.api_sleutel(sleutel) is None


def test_inactief_systeem_na_gebruik_wordt_geweigerd():
    systeem, sleutel = factories.systeem_met_sleutel("LAS", prefix="las1")
    assert toegang.api_sleutel(sleutel) is not None
    systeem.actief = False
    systeem.save()
    assert toegang.api_sleutel(sleutel) is None


def test_verkeerd_geheim_andermans_prefix_en_vreemde_prefixen():
    _, sleutel = factories.systeem_met_sleutel("LAS", prefix="las1")
    _, andere = factories.systeem_met_sleutel("Ander", leverancier="Ander B.V.", prefix="las2")
    assert toegang.api_sleutel(sleutel) is not None
    assert toegang.api_sleutel(sleutel + "x") is None
    assert toegang.api_sleutel("las1." + andere.partition(".")[2]) is None  # the other key's secret
    assert toegang.api_sleutel("las2." + sleutel.partition(".")[2]) is None
    for kapot in ("", ".", "las1", "las1.", ".geheim", "' OR '1'='1.x", "%.x", "las_.x", "LAS1." + sleutel[5:]):
        assert toegang.api_sleutel(kapot) is None, kapot
