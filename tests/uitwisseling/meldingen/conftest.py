"""A board with two schools of which only 11AA mandates the LAS for dienst RIO, a second board whose school 22BB
mandates another supplier's system, a real HTTP receiver on 127.0.0.1 and the LAS's subscription to it."""

from dataclasses import dataclass
from datetime import date

import pytest

from tests.helpers import factories
from tests.helpers.ontvanger import Ontvanger
from uitwisseling.meldingen import services


@dataclass
class Opzet:
    bestuur: object
    aanbieder: object  # of 11AA, mandated
    gebruik: object
    opleiding: object
    andere_aanbieder: object  # of 11AB, not mandated
    ander_bestuur: object
    aanbieder_van_b: object  # of 22BB, mandated only to the other supplier's system
    systeem: object
    sleutel: str
    mandaat: object
    ander_systeem: object
    andere_sleutel: str


@pytest.fixture
def opzet(bestuur, ander_bestuur, vandaag) -> Opzet:
    aanbieder = factories.aanbieder(bestuur, naam="De Regenboog", brin4="11AA")
    gebruik = factories.locatiegebruik(bestuur, brin6="11AA00")
    opleiding = factories.bo_opleiding(aanbieder, locatie=gebruik.locatie, eigen_naam="Regenboog basis",
                                       eerste_instroomdatum=date(2021, 8, 1))
    andere = factories.aanbieder(bestuur, naam="De Linde", brin4="11AB")
    van_b = factories.aanbieder(ander_bestuur, naam="Het Baken", brin4="22BB")
    systeem, sleutel = factories.systeem_met_sleutel("Voorbeeld LAS", prefix="las1")
    ander_systeem, andere_sleutel = factories.systeem_met_sleutel("Ander LAS", leverancier="Leverancier C",
                                                                  prefix="las2")
    mandaat = factories.mandaat(bestuur, "11AA", systeem)
    factories.mandaat(ander_bestuur, "22BB", ander_systeem)
    return Opzet(bestuur, aanbieder, gebruik, opleiding, andere, ander_bestuur, van_b, systeem, sleutel, mandaat,
                 ander_systeem, andere_sleutel)


@pytest.fixture
def ontvanger():
    ontvanger = Ontvanger().start()
    yield ontvanger
    ontvanger.stop()


@pytest.fixture
def abonnement(opzet, ontvanger):
    """The LAS subscribes to everything it may see; the secret is the portal's."""
    abonnement, _ = services.maak_abonnement(opzet.systeem, callback_url=ontvanger.url)
    return abonnement
