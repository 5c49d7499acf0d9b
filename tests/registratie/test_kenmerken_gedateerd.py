"""Kenmerken of an aangeboden opleiding change per ingangsdatum (issue 15 §5): a scheduled change must not
alter today's register, and a past peildatum must show the kenmerken that held then."""

from datetime import date

import pytest
from django.urls import reverse

from registratie.laden import laad_registratie
from registratie.models import AuditRegel
from registratie.services import opleiding as opl
from tests.helpers import factories

pytestmark = pytest.mark.django_db

SCHOOLJAAR = date(2027, 8, 1)


def _wijzig(ao, ingangsdatum, kenmerken):
    ao.refresh_from_db()
    return opl.wijzig_aangeboden_opleiding(ao, door="test", versie=ao.versie, ingangsdatum=ingangsdatum,
                                           eigen_naam="", internationale_naam="", omschrijving="",
                                           kenmerken=kenmerken)


def _op(ao, peildatum):
    registratie = laad_registratie(ao.aanbieder.bestuur, peildatum)
    geladen = next(a for a in registratie.aangeboden_opleidingen if a.pk == ao.pk)
    return {(k.naam, k.waarde) for k in registratie.kenmerken_van(geladen)}


@pytest.fixture
def ao(bestuur, vandaag):
    return factories.bo_opleiding(factories.aanbieder(bestuur))


OUD = {("doelgroepBasisonderwijs", "BO")}
DALTON = {"doelgroepBasisonderwijs": ["BO"], "onderwijsconcept": ["DALTON"]}
NIEUW = {("doelgroepBasisonderwijs", "BO"), ("onderwijsconcept", "DALTON")}


def test_geplande_kenmerkwijziging_verandert_vandaag_niet(ao, vandaag):
    """A board announces Dalton for next school year: today the school is not Dalton yet."""
    _wijzig(ao, SCHOOLJAAR, DALTON)
    assert _op(ao, vandaag) == OUD
    assert _op(ao, SCHOOLJAAR) == NIEUW
    assert {(k.naam, k.waarde) for k in ao.kenmerken_op(vandaag)} == OUD
    regel = AuditRegel.objects.filter(objectcode=str(ao.code)).latest("pk")
    assert regel.ingangsdatum == SCHOOLJAAR


def test_verleden_peildatum_toont_de_oude_kenmerken(ao, vandaag):
    """A change today does not rewrite what the register said yesterday."""
    _wijzig(ao, vandaag, DALTON)
    assert _op(ao, date(2026, 11, 27)) == OUD
    assert _op(ao, vandaag) == NIEUW


def test_tweede_wijziging_voor_een_geplande_houdt_de_geplande(ao, vandaag):
    """A change today, while a change for next school year is scheduled, lasts only until that one."""
    _wijzig(ao, SCHOOLJAAR, DALTON)
    _wijzig(ao, vandaag, {"doelgroepBasisonderwijs": ["VK"]})
    assert _op(ao, date(2026, 11, 27)) == OUD
    assert _op(ao, vandaag) == {("doelgroepBasisonderwijs", "VK")}
    assert _op(ao, SCHOOLJAAR) == NIEUW


def test_opleidingpagina_toont_kenmerken_op_de_peildatum(client, beheerder, ao, vandaag):
    _wijzig(ao, SCHOOLJAAR, DALTON)
    client.force_login(beheerder)
    url = reverse("registratie:opleiding", args=[ao.code])
    assert "Dalton" not in client.get(url).content.decode()
    assert "Dalton" in client.get(url, {"peildatum": "01-08-2027"}).content.decode()


def test_wijzigformulier_begint_met_de_kenmerken_van_vandaag(client, beheerder, ao, vandaag):
    _wijzig(ao, SCHOOLJAAR, DALTON)
    client.force_login(beheerder)
    form = client.get(reverse("registratie:opleiding_wijzigen", args=[ao.code])).context["form"]
    assert form.initial["onderwijsconcept"] == ""


def test_beeindigen_kort_de_kenmerken_in(ao, vandaag):
    _wijzig(ao, SCHOOLJAAR, DALTON)
    ao.refresh_from_db()
    opl.beeindig_aangeboden_opleiding(ao, door="test", versie=ao.versie, einddatum=date(2027, 7, 31))
    assert list(ao.kenmerken.values_list("waarde", "einddatum")) == [("BO", date(2027, 7, 31))]
