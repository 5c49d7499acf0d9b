"""registratie.laden.objecten: model instances built from values_list rows must be what Django's own iteration
(``list(qs.select_related(...))``) gives: same fields, annotations, related objects (also NULL ones) and state, and
the model methods the tree, the controle and the picture call on them must work without a query."""

from datetime import date

import pytest
from django.db import connection
from django.db.models import Exists, OuterRef, signals
from django.test.utils import CaptureQueriesContext

from autorisatie.models import Mandaat
from registratie.laden import VasteObjecten, objecten
from registratie.models import (
    AangebodenOpleiding,
    BegeleidingErkenning,
    Contactgegevens,
    Instellingserkenning,
    JuridischeRelatie,
    Onderwijsaanbieder,
    Onderwijslocatiegebruik,
    Vestigingserkenning,
    Vestigingsrelatie,
)
from registratie.services import contact as contact_services
from tests.helpers import factories
from tests.helpers.controle import las, vul_schoon

pytestmark = pytest.mark.django_db


def _velden(obj) -> dict:
    return {k: v for k, v in obj.__dict__.items() if k != "_state"}


def _gelijk(snel, django, gerelateerd) -> None:
    assert type(snel) is type(django)
    assert _velden(snel) == _velden(django)
    assert (snel._state.adding, snel._state.db) == (django._state.adding, django._state.db) == (False, "default")
    for pad in gerelateerd:
        a, b = snel, django
        for veld in pad.split("__"):
            if a is None:
                break
            assert veld in a._state.fields_cache and veld in b._state.fields_cache, pad
            a, b = a._state.fields_cache[veld], b._state.fields_cache[veld]
            assert (a is None) == (b is None), pad
            if a is not None:
                assert type(a) is type(b) and _velden(a) == _velden(b), pad


def _vergelijk(qs, *gerelateerd) -> list:
    snel = objecten(qs, *gerelateerd)
    django = list(qs.select_related(*gerelateerd) if gerelateerd else qs)
    assert len(snel) == len(django) > 0
    for a, b in zip(snel, django, strict=True):
        _gelijk(a, b, gerelateerd)
    return snel


@pytest.fixture
def registratie(bestuur, ander_bestuur, vandaag):
    vul_schoon(bestuur, vandaag)
    aanbieder = factories.aanbieder(ander_bestuur, naam="De Vlinder")
    factories.bo_opleiding(aanbieder)  # no locatie: the LEFT JOIN finds nothing
    factories.mandaat(ander_bestuur, "22BB", las())
    contact_services.registreer_contact(aanbieder, door="test", context="ALGEMEEN", begindatum=vandaag,
                                        email="jan.jansen@school.example")
    return bestuur


def test_gelijk_aan_django_voor_elke_soort_van_de_lader(registratie):
    _vergelijk(Onderwijsaanbieder.objects.order_by("code"))
    opleidingen = _vergelijk(AangebodenOpleiding.objects.order_by("begindatum", "code"), "opleiding", "locatie",
                             "samenwerkingsbestuur")
    assert any(ao.locatie_id is None for ao in opleidingen) and any(ao.locatie_id for ao in opleidingen)
    _vergelijk(JuridischeRelatie.objects.order_by("pk"), "instelling")
    _vergelijk(Vestigingsrelatie.objects.order_by("pk"), "vestiging")
    _vergelijk(Onderwijslocatiegebruik.objects.order_by("locatie__code"), "locatie")
    _vergelijk(Vestigingserkenning.objects.order_by("code"), "instelling")
    _vergelijk(Contactgegevens.objects.order_by("context", "begindatum", "pk"))
    _vergelijk(Mandaat.objects.order_by("pk"), "instelling", "systeem", "systeem__leverancier")
    instellingen = _vergelijk(Instellingserkenning.objects.annotate(
        begeleid=Exists(BegeleidingErkenning.objects.filter(instelling_id=OuterRef("pk")))).order_by("code"))
    assert all(i.begeleid is False for i in instellingen)


def test_modelmethoden_werken_zonder_query(registratie, vandaag):
    [ao, *_] = objecten(AangebodenOpleiding.objects.order_by("begindatum", "code"), "opleiding", "locatie")
    [gebruik, *_] = objecten(Onderwijslocatiegebruik.objects.order_by("pk"), "locatie")
    [mandaat, *_] = objecten(Mandaat.objects.order_by("pk"), "instelling", "systeem", "systeem__leverancier")
    with CaptureQueriesContext(connection) as queries:
        assert ao.get_absolute_url() == f"/aangeboden-opleidingen/{ao.code}/"
        assert ao.opleiding.naam == "Basisonderwijs" and ao.is_actief_op(vandaag)
        assert gebruik.locatie.adres and gebruik.status_op(vandaag)
        assert mandaat.systeem.leverancier.naam == "Leverancier A B.V." and mandaat.get_dienst_display()
    assert len(queries) == 0
    # Still a stored row: saving updates it (no INSERT), and a foreign key set later replaces the cached object.
    ao.einddatum = date(2027, 7, 31)
    ao.save(update_fields=["einddatum"])
    assert AangebodenOpleiding.objects.get(pk=ao.pk).einddatum == date(2027, 7, 31)
    gebruik.locatie_id = None
    assert "locatie" not in gebruik._state.fields_cache


def test_select_related_erbij_is_een_fout(registratie):
    with pytest.raises(AssertionError):
        objecten(AangebodenOpleiding.objects.select_related("opleiding"))


def test_geen_init_signalen_in_het_project():
    """objecten() skips Model.__init__, so it would skip pre_init/post_init receivers: there must be none."""
    assert signals.pre_init.receivers == [] and signals.post_init.receivers == []


def test_vaste_objecten_geven_wat_objecten_geeft_bij_elk_aantal_ids(registratie, ander_bestuur, vandaag):
    """VasteObjecten compiles per number of ids and swaps the ids in: each call, in any order of counts, gives the
    rows and instances of objecten() on the queryset built for those ids, also none for an empty list."""
    vul_schoon(ander_bestuur, vandaag)

    def bouw(ids):
        return AangebodenOpleiding.objects.filter(aanbieder__bestuur_id__in=ids).order_by("begindatum", "code")

    vast = VasteObjecten(bouw, "locatie")
    for ids in ([registratie.pk], [registratie.pk, ander_bestuur.pk], [ander_bestuur.pk], [],
                [ander_bestuur.pk, registratie.pk], [registratie.pk]):
        snel, gewoon = vast.lijst(ids), objecten(bouw(ids), "locatie")
        assert len(snel) == len(gewoon) == len(list(bouw(ids)))
        for a, b in zip(snel, gewoon, strict=True):
            _gelijk(a, b, ["locatie"])
    with CaptureQueriesContext(connection) as queries:
        vast.lijst([registratie.pk])
    assert len(queries) == 1
