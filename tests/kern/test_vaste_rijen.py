"""kern.vaste_query.VasteRijen: a values_list compiled once per database and variant gives the rows the queryset
gives, for every value, and refuses what it cannot answer the same way."""

import pytest
from django.db.models import Exists, OuterRef, Q

from autorisatie.models import Roltoewijzing
from kern.vaste_query import VasteRijen
from registratie.models import Onderwijsbestuur

pytestmark = pytest.mark.django_db


def _besturen(pk, code, *, met_rol=False):
    qs = Onderwijsbestuur.objects.filter(Q(pk=pk) | Q(code=code) | Q(pk__in=[pk])).order_by("code")
    if met_rol:  # the id a second and third time, inside an annotation
        qs = qs.annotate(rol=Exists(Roltoewijzing.objects.filter(bestuur=OuterRef("pk"), bestuur_id=pk)))
        return qs.values_list("code", "rol", "begindatum")
    return qs.values_list("code", "begindatum")


def test_dezelfde_rijen_als_de_queryset_voor_elke_waarde(bestuur, ander_bestuur, beheerder, django_assert_num_queries):
    vast = VasteRijen(_besturen)
    for pk, code in [(bestuur.pk, ander_bestuur.code), (ander_bestuur.pk, "onbekend"), (-1, bestuur.code), (-1, "")]:
        for met_rol in (False, True):
            with django_assert_num_queries(1):
                rijen = vast.rijen(pk, code, met_rol=met_rol)
            assert rijen == list(_besturen(pk, code, met_rol=met_rol)), (pk, code, met_rol)
    # A boolean annotation is a bool and a date a date on PostgreSQL and SQLite alike (the backend's converters).
    (_, rol, begin), = vast.rijen(bestuur.pk, "geen", met_rol=True)
    assert rol is True and begin == bestuur.begindatum
    assert vast.rijen(bestuur.pk, "' OR '1'='1") == [(bestuur.code, bestuur.begindatum)]  # a value, never SQL


def test_een_variant_wordt_opnieuw_gecompileerd():
    gebouwd: list[str] = []

    def bouw(code, *, dag):
        gebouwd.append(dag)
        return Onderwijsbestuur.objects.filter(code=code).values_list("code")

    vast = VasteRijen(bouw)
    vast.rijen("a", dag="maandag")
    vast.rijen("b", dag="maandag")
    vast.rijen("c", dag="dinsdag")
    assert gebouwd == ["maandag", "dinsdag"]


def test_een_query_die_niets_kan_vinden_geeft_niets(django_assert_num_queries):
    vast = VasteRijen(lambda code: Onderwijsbestuur.objects.filter(code=code, pk__in=[]).values_list("code"))
    with django_assert_num_queries(0):
        assert vast.rijen("x") == []


@pytest.mark.parametrize("bouw", [
    lambda c: Onderwijsbestuur.objects.filter(code__icontains=c).values_list("code"),  # '%c%': changed
    lambda c: Onderwijsbestuur.objects.filter(code=c),  # model objects: VasteQuery's work
    lambda c: Onderwijsbestuur.objects.filter(code=c).values("code"),  # dicts
], ids=["icontains", "objecten", "values"])
def test_weigert_wat_het_niet_hetzelfde_kan_beantwoorden(bouw):
    with pytest.raises(ValueError, match="VasteRijen"):
        VasteRijen(bouw).rijen("100B001")
