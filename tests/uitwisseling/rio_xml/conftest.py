"""A board with a bit of everything for the RIO XML API, and a helper that validates EVERY XML answer it gets.

Board 10001 (fixture ``bestuur``) has schools 11AA (mandates the system for RIO) and 11AB (does not):
- aanbieders: ``regenboog`` (11AA, renamed per 2027-01-01, eigen sleutel), ``eik`` (11AA, ends 2027-07-31),
  ``linde`` (11AB: never visible);
- locatiegebruik: ``gebruik_aa`` (BRIN6 11AA00), ``gebruik_ab`` (11AB00: never visible), ``gebruik_eind``
  (11AA00 at another address, ends 2027-07-31);
- aangeboden opleidingen: ``bo`` (regenboog at gebruik_aa, four kenmerken, partner aanbieder, renamed per
  2027-01-01), ``so`` (regenboog, online, two doelgroepen), ``bo_eind`` (eik, eerste instroom, ends 2027-07-31),
  ``bo_linde`` (linde: never visible).
"""

from dataclasses import dataclass
from datetime import date

import pytest

from registratie.models import Onderwijsaanbieder, Onderwijsbestuur, Onderwijslocatiegebruik, Opleiding
from registratie.services import locatie as locatie_services
from registratie.services import opleiding as opleiding_services
from registratie.services import organisatie as organisatie_services
from tests.helpers import factories
from tests.helpers.rio_xml import EINDE, HERNOEMD


@dataclass
class Register:
    bestuur: Onderwijsbestuur
    systeem: object
    sleutel: str
    regenboog: Onderwijsaanbieder
    eik: Onderwijsaanbieder
    linde: Onderwijsaanbieder
    gebruik_aa: Onderwijslocatiegebruik
    gebruik_ab: Onderwijslocatiegebruik
    gebruik_eind: Onderwijslocatiegebruik
    bo: object
    so: object
    bo_eind: object
    bo_linde: object


def _opleiding(aanbieder, naam: str, kenmerken: dict, **extra):
    return opleiding_services.registreer_aangeboden_opleiding(
        aanbieder, door="test", opleiding=Opleiding.objects.get(naam=naam), begindatum=factories.BEGIN,
        kenmerken=kenmerken, **{"locatie": None, **extra})


@pytest.fixture
def register(bestuur, vandaag) -> Register:
    systeem, sleutel = factories.systeem_met_sleutel()
    factories.mandaat(bestuur, "11AA", systeem)
    aa = bestuur.bevoegd_gezag.instellingen.get(code="11AA")

    regenboog = organisatie_services.registreer_aanbieder(
        bestuur, door="test", naam="De Regenboog", internationale_naam="The Rainbow", begindatum=factories.BEGIN,
        instellingen=[aa], eigen_sleutel="LAS-4711")
    organisatie_services.wijzig_aanbieder(regenboog, door="test", versie=regenboog.versie, ingangsdatum=HERNOEMD,
                                          naam="De Regenboog-Oost", internationale_naam="", groep=None)
    eik = factories.aanbieder(bestuur, "De Eik", brin4="11AA")
    linde = factories.aanbieder(bestuur, "De Linde", brin4="11AB")

    gebruik_aa = factories.locatiegebruik(bestuur, brin6="11AA00")
    gebruik_ab = factories.locatiegebruik(bestuur, brin6="11AB00")
    gebruik_eind = locatie_services.registreer_locatiegebruik(
        bestuur, door="test", postcode="3511AB", huisnummer=7, huisnummertoevoeging="a", plaatsnaam="UTRECHT",
        begindatum=factories.BEGIN, vestiging=gebruik_aa.vestigingsrelaties.get().vestiging)

    bo = _opleiding(regenboog, "Basisonderwijs", {
        "doelgroepBasisonderwijs": ["BO"], "onderwijsconcept": ["DALTON"],
        "doorlopendeLeerlijnBoVo": ["TIENERSCHOOL"], "bijzondereInrichting": ["UNESCO"]},
        locatie=gebruik_aa.locatie, eigen_naam="Regenboog Dalton", omschrijving="Dalton met tienerschool.",
        samenwerkende_aanbieders=[eik.code])
    opleiding_services.wijzig_aangeboden_opleiding(
        bo, door="test", versie=bo.versie, ingangsdatum=HERNOEMD, eigen_naam="Regenboog-Oost Dalton",
        internationale_naam="Rainbow East Dalton", omschrijving="", kenmerken={
            k.naam: [k.waarde] for k in bo.kenmerken.all()}, samenwerkende_aanbieders=[eik.code])
    for relatie in regenboog.juridische_relaties.all():  # BO and SO side by side: a school DUO gives no soort for
        relatie.instelling.soort = ""
        relatie.instelling.save(update_fields=["soort"])
    so = _opleiding(regenboog, "Speciaal onderwijs regulier",
                    {"doelgroepSpeciaalOnderwijs": ["AUTISME", "LANGDURIG_ZIEK"]})
    bo_eind = _opleiding(eik, "Basisonderwijs", {"doelgroepBasisonderwijs": ["SBO"]},
                         eerste_instroomdatum=date(2021, 9, 1))
    bo_linde = _opleiding(linde, "Basisonderwijs", {"doelgroepBasisonderwijs": ["BO"]})

    # Ending the aanbieder ends its opleidingen with it; ending the gebruik ends its BRIN6 relation.
    organisatie_services.beeindig_aanbieder(eik, door="test", versie=eik.versie, einddatum=EINDE)
    locatie_services.beeindig_locatiegebruik(gebruik_eind, door="test", versie=gebruik_eind.versie, einddatum=EINDE)
    for obj in (regenboog, eik, gebruik_eind, bo, bo_eind):
        obj.refresh_from_db()
    return Register(bestuur, systeem, sleutel, regenboog, eik, linde, gebruik_aa, gebruik_ab, gebruik_eind,
                    bo, so, bo_eind, bo_linde)
