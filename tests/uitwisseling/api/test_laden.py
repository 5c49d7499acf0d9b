"""The board lists load their page with uitwisseling.api.laden (one query per kind, no prefetch_related): the
records must equal those of the prefetched querysets of uitwisseling.selectie, on every peildatum, for a board
with successors, ended relations, several periods, kenmerken that change and objects without any children."""

from datetime import date

import pytest

from registratie.models import Instellingserkenning, Vestigingserkenning
from registratie.services import opleiding as opl
from registratie.services import organisatie as org
from tests.helpers import factories
from uitwisseling import selectie
from uitwisseling.aanroep import Aanroep
from uitwisseling.api import laden, serialisatie

pytestmark = pytest.mark.django_db

PEILDATUMS = [date(2019, 1, 1), date(2026, 11, 28), date(2027, 3, 1), date(2027, 9, 1)]


@pytest.fixture
def gevarieerd(opzet, vandaag):
    factories.mandaat(opzet.bestuur, "11AB", opzet.systeem)
    regenboog = opzet.gemandateerd.aanbieder
    wilg = factories.aanbieder(opzet.bestuur, naam="De Wilg", brin4="11AA")
    org.beeindig_aanbieder(wilg, door="test", versie=wilg.versie, einddatum=date(2027, 1, 31),
                           opvolgercode=regenboog.code)
    regenboog.refresh_from_db()
    org.wijzig_aanbieder(regenboog, door="test", versie=regenboog.versie, ingangsdatum=date(2027, 8, 1),
                         naam="De Nieuwe Regenboog", internationale_naam="The Rainbow", groep=None)
    regenboog.refresh_from_db()
    org.beeindig_aanbieder(regenboog, door="test", versie=regenboog.versie, einddatum=date(2027, 12, 31),
                           opvolgercode=opzet.van_b.aanbieder.code)
    ao = opzet.gemandateerd.opleiding
    ao.refresh_from_db()
    opl.wijzig_aangeboden_opleiding(ao, door="test", versie=ao.versie, ingangsdatum=vandaag,
                                    eigen_naam="Regenboog nieuw", internationale_naam="", omschrijving="",
                                    kenmerken={"doelgroepBasisonderwijs": ["BO"], "onderwijsconcept": ["DALTON"]})
    Vestigingserkenning.objects.create(  # a second location of 11AB
        code="11AB01", instelling=Instellingserkenning.objects.get(code="11AB"), naam="De Linde dependance",
        straatnaam="Laan", huisnummer=7, postcode="3511AB", plaatsnaam="UTRECHT")
    factories.locatiegebruik(opzet.bestuur, brin6="11AB01")
    return opzet


@pytest.mark.parametrize("peildatum", PEILDATUMS, ids=str)
def test_geladen_records_gelijk_aan_prefetch(gevarieerd, peildatum):
    opzet = gevarieerd
    aanroep = Aanroep(opzet.systeem, None, peildatum)
    for qs, serialiseer, lader in [
        (selectie.aanbieders_van(aanroep, opzet.bestuur), serialisatie.aanbieder, laden.AANBIEDERS),
        (selectie.locatiegebruik_van(aanroep, opzet.bestuur), serialisatie.locatiegebruik, laden.LOCATIEGEBRUIK),
        (selectie.aangeboden_opleidingen(aanroep, bestuur=opzet.bestuur), serialisatie.aangeboden_opleiding,
         laden.OPLEIDINGEN),
    ]:
        verwacht = [serialiseer(obj, peildatum) for obj in qs.all()]
        assert [serialiseer(obj, peildatum) for obj in lader(qs.all())] == verwacht
        assert [serialiseer(obj, peildatum) for obj in lader(qs.all()[1:2])] == verwacht[1:2]  # a later page
        assert lader(qs.none()) == []


def test_de_variatie_staat_er_echt_in(gevarieerd):
    """The data the comparison above runs on holds what it should test (a test that cannot fail is a defect)."""
    aanroep = Aanroep(gevarieerd.systeem, None, date(2027, 9, 1))
    records = [serialisatie.aanbieder(a, aanroep.peildatum)
               for a in laden.AANBIEDERS(selectie.aanbieders_van(aanroep, gevarieerd.bestuur))]
    regenboog = next(r for r in records if r["naam"] == "De Nieuwe Regenboog")
    assert regenboog["voorgangers"] and regenboog["opvolger"] and regenboog["internationale_naam"]
    opleidingen = [serialisatie.aangeboden_opleiding(o, aanroep.peildatum) for o in laden.OPLEIDINGEN(
        selectie.aangeboden_opleidingen(aanroep, bestuur=gevarieerd.bestuur))]
    assert any(len(o["kenmerken"]) == 2 for o in opleidingen) and any(o["eigen_naam"] for o in opleidingen)
    gebruik = laden.LOCATIEGEBRUIK(selectie.locatiegebruik_van(aanroep, gevarieerd.bestuur))
    assert len(gebruik) == 3
