"""A small public register: two boards, a school with a locatie and an aangeboden opleiding, and contact
details in a public and in restricted communicatiecontexten."""

from dataclasses import dataclass

import pytest

from registratie.models import Onderwijsaanbieder, Onderwijsbestuur, Onderwijslocatie
from registratie.services import contact as contact_services
from tests.helpers import factories
from tests.helpers.openbaar import BESLOTEN, PUBLIEK_BESTUUR, PUBLIEK_SCHOOL


@dataclass
class Register:
    bestuur: Onderwijsbestuur
    ander_bestuur: Onderwijsbestuur
    school: Onderwijsaanbieder  # OBS De Regenboog, BRIN 11AA, on locatie of BRIN6 11AA00
    locatie: Onderwijslocatie
    andere_school: Onderwijsaanbieder  # Het Anker of the other board, BRIN 22BB, postcode 1002AB
    andere_locatie: Onderwijslocatie


@pytest.fixture
def register(bestuur, ander_bestuur, vandaag) -> Register:
    school = factories.aanbieder(bestuur, naam="OBS De Regenboog", brin4="11AA")
    gebruik = factories.locatiegebruik(bestuur, brin6="11AA00")
    factories.bo_opleiding(school, locatie=gebruik.locatie)
    andere = factories.aanbieder(ander_bestuur, naam="Het Anker", brin4="22BB")
    ander_gebruik = factories.locatiegebruik(ander_bestuur, brin6="22BB00")
    factories.bo_opleiding(andere, locatie=ander_gebruik.locatie, doelgroep="SBO")
    contact_services.registreer_contact(bestuur, door="test", context="ALGEMEEN", begindatum=vandaag,
                                        email=PUBLIEK_BESTUUR, telefoonnummer="030 123 4567")
    contact_services.registreer_contact(school, door="test", context="ALGEMEEN", begindatum=vandaag,
                                        email=PUBLIEK_SCHOOL, website="https://regenboog.example.nl")
    contact_services.registreer_contact(bestuur, door="test", context="TOEZICHT", begindatum=vandaag,
                                        email=BESLOTEN["TOEZICHT"])
    for context in ("LEERPLICHT", "SCHOOLALERT"):
        contact_services.registreer_contact(school, door="test", context=context, begindatum=vandaag,
                                            email=BESLOTEN[context])
    return Register(bestuur, ander_bestuur, school, gebruik.locatie, andere, ander_gebruik.locatie)
