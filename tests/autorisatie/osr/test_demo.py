"""The demo data: two fictional suppliers with a LAS each, RIO mandates for most (not all) schools of the
demo board, so the overview and the controle show the warning; running it again adds nothing."""

import io

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command

from autorisatie import osr, toegang
from autorisatie.models import Leverancier, Mandaat, Systeem
from autorisatie.toegang import Actie
from tests.helpers import factories

pytestmark = pytest.mark.django_db


def test_demo_mandaten_idempotent(settings, vandaag):
    settings.DEBUG = True
    demo = factories.bestuur_met_erkenningen("40004", brin4s=("44AA", "44AB", "44AC"))
    factories.aanbieder(demo)  # kies_besturen prefers a board with aanbieders
    call_command("maak_demo_gebruikers", stdout=io.StringIO())
    assert set(Leverancier.objects.values_list("naam", flat=True)) == {"Leverancier A B.V.", "Leverancier B B.V."}
    assert Systeem.objects.filter(actief=True).count() == 2
    assert sorted(Mandaat.objects.filter(dienst="RIO").values_list("instelling__code", flat=True)) == ["44AA", "44AB"]
    assert [s.code for s in osr.scholen_zonder_rio_mandaat(demo, vandaag)] == ["44AC"]
    assert toegang.mag(get_user_model().objects.get(username="beheerder"), Actie.BEHEREN_MANDATEN, demo)
    uitvoer = io.StringIO()
    call_command("maak_demo_gebruikers", stdout=uitvoer)
    assert Mandaat.objects.count() == 2 and Systeem.objects.count() == 2
    assert "0 RIO-mandaat/mandaten toegevoegd; 1 school/scholen zonder actief RIO-mandaat" in uitvoer.getvalue()
