"""The one access helper (autorisatie/toegang.py, docs/adr/0002): besturen, mag, vereis, beperk, haal.

A role counts only for the board in its selectiekenmerk and only on the days it is valid (einddatum inclusive).
Unseen objects give 404 (their existence is not revealed); seen but not changeable gives 403 with the missing role.
"""

from datetime import date, timedelta

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.http import Http404

from autorisatie import toegang
from autorisatie.rollen import GEBRUIKERSROLLEN, Rol
from autorisatie.toegang import Actie
from registratie.models import (
    AangebodenOpleiding,
    Contactgegevens,
    Onderwijsaanbieder,
    Onderwijsaanbiedersgroep,
    Onderwijsbestuur,
    Onderwijslocatiegebruik,
)
from registratie.services import contact as cs
from registratie.services import organisatie as org
from tests.helpers import factories
from tests.helpers.factories import BEGIN

pytestmark = pytest.mark.django_db

# The actions the eight gebruikersrollen give (the beheerdersrollen, for managing colleagues, are not tested here).
ROL_VAN = {actie: rol for actie, rol in toegang.BENODIGDE_ROL.items() if rol in GEBRUIKERSROLLEN}
GEBRUIKERSACTIES = [Actie.LEZEN, *ROL_VAN]
BEHEERACTIES = [a for a in ROL_VAN if a != Actie.LEZEN_BESLOTEN_CONTACT]


def _objecten(bestuur, vandaag):
    """One object of every scoped model for ``bestuur``, with the lookup haal() would get."""
    groep = org.registreer_groep(bestuur, door="test", naam="Cluster", internationale_naam="", begindatum=BEGIN)
    aanbieder = factories.aanbieder(bestuur)
    gebruik = factories.locatiegebruik(bestuur)
    ao = factories.bo_opleiding(aanbieder, locatie=gebruik.locatie)
    contact = cs.registreer_contact(bestuur, door="test", context="ALGEMEEN", begindatum=vandaag,
                                    email="info@bestuur.nl")
    return [
        (Onderwijsbestuur, {"code": bestuur.code}, Actie.BEHEREN_BESTUUR),
        (Onderwijsaanbiedersgroep, {"code": groep.code}, Actie.BEHEREN_GROEP),
        (Onderwijsaanbieder, {"code": aanbieder.code}, Actie.BEHEREN_AANBIEDER),
        (Onderwijslocatiegebruik, {"pk": gebruik.pk}, Actie.BEHEREN_LOCATIEGEBRUIK),
        (AangebodenOpleiding, {"code": ao.code}, Actie.BEHEREN_OPLEIDING),
        (Contactgegevens, {"pk": contact.pk}, Actie.BEHEREN_CONTACT),
    ]


def test_beheerder_van_a_mag_alles_bij_a(bestuur, ander_bestuur, beheerder, vandaag):
    assert list(toegang.besturen(beheerder)) == [bestuur]
    assert len(ROL_VAN) == 8  # every gebruikersrol guards an action; samenwerkingsvorm: samenwerkingsscholen (ADR 0011)
    for actie in GEBRUIKERSACTIES:
        assert toegang.mag(beheerder, actie, bestuur), actie
        toegang.vereis(beheerder, actie, bestuur)
    for model, lookup, actie in _objecten(bestuur, vandaag):
        assert toegang.haal(model.objects.all(), beheerder, actie, **lookup).pk == model.objects.get(**lookup).pk


def test_rol_voor_bestuur_a_geeft_nooit_iets_bij_bestuur_b(bestuur, ander_bestuur, beheerder, vandaag):
    objecten_b = _objecten(ander_bestuur, vandaag)
    _objecten(bestuur, vandaag)
    for actie in Actie:
        assert not toegang.mag(beheerder, actie, ander_bestuur), actie
        assert ander_bestuur not in toegang.besturen(beheerder, actie)
        with pytest.raises(Http404):  # not 403: the other board's existence is not revealed
            toegang.vereis(beheerder, actie, ander_bestuur)
    for model, lookup, actie in objecten_b:
        assert not toegang.beperk(model.objects.filter(**lookup), beheerder).exists(), model
        for gevraagd in (Actie.LEZEN, actie):
            with pytest.raises(Http404):
                toegang.haal(model.objects.all(), beheerder, gevraagd, **lookup)
        # Scoping the whole table gives exactly the objects of board A.
        zichtbaar = toegang.beperk(model.objects.all(), beheerder)
        assert zichtbaar.count() == 1, model


def test_leesrol_geeft_lezen_maar_403_met_ontbrekende_rol_bij_beheren(bestuur, lezer, vandaag):
    aanbieder = factories.aanbieder(bestuur)
    assert toegang.mag(lezer, Actie.LEZEN, bestuur)
    assert toegang.mag(lezer, Actie.LEZEN_BESLOTEN_CONTACT, bestuur)
    for actie in BEHEERACTIES:
        assert not toegang.mag(lezer, actie, bestuur), actie
        assert not toegang.besturen(lezer, actie).exists()
    assert toegang.haal(Onderwijsaanbieder.objects.all(), lezer, code=aanbieder.code) == aanbieder
    assert not toegang.beperk(Onderwijsaanbieder.objects.all(), lezer, Actie.BEHEREN_AANBIEDER).exists()

    with pytest.raises(toegang.Geweigerd) as info:
        toegang.haal(Onderwijsaanbieder.objects.all(), lezer, Actie.BEHEREN_AANBIEDER, code=aanbieder.code)
    assert isinstance(info.value, PermissionDenied)  # Django answers 403
    weigering = info.value.weigering
    assert (weigering.actie, weigering.bestuur, weigering.ontbrekende_rol) == (
        Actie.BEHEREN_AANBIEDER, bestuur, Rol.BEHEREN_ONDERWIJSAANBIEDER)

    with pytest.raises(toegang.Geweigerd) as info:
        toegang.vereis(lezer, Actie.BEHEREN_CONTACT, bestuur)
    assert info.value.weigering.ontbrekende_rol == Rol.BEHEREN_CONTACTADRES


def test_elke_gebruikersrol_geeft_alleen_haar_eigen_actie(bestuur, vandaag):
    for actie, rol in ROL_VAN.items():
        gebruiker = factories.gebruiker_met_rollen(f"alleen-{actie.value}", bestuur, rollen=[rol])
        assert toegang.mag(gebruiker, Actie.LEZEN, bestuur)
        for andere in toegang.BENODIGDE_ROL:
            assert toegang.mag(gebruiker, andere, bestuur) == (andere == actie), (rol, andere)


@pytest.mark.parametrize(("begin", "eind", "geldig"), [
    (BEGIN, date(2026, 11, 27), False),  # ended yesterday
    (BEGIN, date(2026, 11, 28), True),  # ends today: the einddatum is the last valid day
    (date(2026, 11, 29), None, False),  # starts tomorrow
    (date(2026, 11, 28), None, True),  # starts today
])
def test_rol_telt_alleen_op_geldige_dagen(bestuur, vandaag, begin, eind, geldig):
    gebruiker = factories.gebruiker_met_rollen("tijdelijk", bestuur, begindatum=begin, einddatum=eind)
    assert toegang.mag(gebruiker, Actie.LEZEN, bestuur) is geldig
    assert toegang.mag(gebruiker, Actie.BEHEREN_AANBIEDER, bestuur) is geldig
    assert list(toegang.besturen(gebruiker)) == ([bestuur] if geldig else [])
    if not geldig:
        with pytest.raises(Http404):
            toegang.haal(Onderwijsbestuur.objects.all(), gebruiker, code=bestuur.code)


def test_verlopen_rol_geeft_morgen_niets_meer(bestuur, vandaag, time_machine):
    gebruiker = factories.gebruiker_met_rollen("laatste-dag", bestuur, einddatum=vandaag)
    assert toegang.mag(gebruiker, Actie.LEZEN, bestuur)
    time_machine.move_to("2026-11-29 10:00:00+01:00", tick=False)
    assert not toegang.mag(gebruiker, Actie.LEZEN, bestuur)
    assert vandaag + timedelta(days=1) == date(2026, 11, 29)


def test_anoniem_krijgt_niets(bestuur, vandaag):
    anoniem = AnonymousUser()
    assert not toegang.besturen(anoniem).exists()
    assert not toegang.mag(anoniem, Actie.LEZEN, bestuur)
    assert not toegang.beperk(Onderwijsbestuur.objects.all(), anoniem).exists()
    with pytest.raises(Http404):
        toegang.vereis(anoniem, Actie.LEZEN, bestuur)
    with pytest.raises(Http404):
        toegang.haal(Onderwijsbestuur.objects.all(), anoniem, code=bestuur.code)


def test_rol_zonder_selectiekenmerk_geeft_niets(bestuur, vandaag):
    gebruiker = factories.gebruiker_met_rollen("zonder-bestuur", None)
    assert gebruiker.roltoewijzingen.count() == 8
    assert not toegang.besturen(gebruiker).exists()
    for actie in Actie:
        assert not toegang.mag(gebruiker, actie, bestuur)
    with pytest.raises(Http404):
        toegang.haal(Onderwijsbestuur.objects.all(), gebruiker, code=bestuur.code)


def test_contacten_op_elk_niveau_vallen_onder_het_eigen_bestuur(bestuur, ander_bestuur, beheerder, vandaag):
    groep = org.registreer_groep(bestuur, door="test", naam="Cluster", internationale_naam="", begindatum=BEGIN)
    aanbieder = factories.aanbieder(bestuur)
    eigen = [cs.registreer_contact(eenheid, door="test", context="ALGEMEEN", begindatum=vandaag, email="a@b.nl")
             for eenheid in (bestuur, groep, aanbieder)]
    vreemd = cs.registreer_contact(factories.aanbieder(ander_bestuur), door="test", context="ALGEMEEN",
                                   begindatum=vandaag, email="c@d.nl")
    assert set(toegang.beperk(Contactgegevens.objects.all(), beheerder)) == set(eigen)
    with pytest.raises(Http404):
        toegang.haal(Contactgegevens.objects.all(), beheerder, pk=vreemd.pk)


def test_haal_contact_van_een_aanbieder(bestuur, beheerder, vandaag):
    contact = cs.registreer_contact(factories.aanbieder(bestuur), door="test", context="ALGEMEEN", begindatum=vandaag,
                                    email="a@b.nl")
    assert toegang.haal(Contactgegevens.objects.all(), beheerder, Actie.BEHEREN_CONTACT, pk=contact.pk) == contact
