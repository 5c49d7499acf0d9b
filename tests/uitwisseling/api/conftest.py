"""A board with two schools of which only one (11AA) mandates the LAS for dienst RIO, and a second board (B)
that a *different* system may read; the client calls the real views with the key in an HTTP header."""

from dataclasses import dataclass
from datetime import date

import pytest

from tests.helpers import factories


@dataclass
class School:
    aanbieder: object
    gebruik: object
    opleiding: object


@dataclass
class Opzet:
    bestuur: object
    gemandateerd: School  # school 11AA: the LAS has a RIO mandate
    niet_gemandateerd: School  # school 11AB: no mandate for the LAS
    ander_bestuur: object
    van_b: School  # board B (22BB): mandated only to another system
    systeem: object
    sleutel: str
    mandaat: object
    ander_systeem: object
    andere_sleutel: str


def _school(bestuur, naam: str, brin4: str) -> School:
    aanbieder = factories.aanbieder(bestuur, naam=naam, brin4=brin4)
    gebruik = factories.locatiegebruik(bestuur, brin6=f"{brin4}00")
    opleiding = factories.bo_opleiding(aanbieder, locatie=gebruik.locatie, eigen_naam=f"{naam} basis",
                                       eerste_instroomdatum=date(2021, 8, 1))
    return School(aanbieder, gebruik, opleiding)


@pytest.fixture
def opzet(bestuur, ander_bestuur, vandaag) -> Opzet:
    gemandateerd = _school(bestuur, "De Regenboog", "11AA")
    niet_gemandateerd = _school(bestuur, "De Linde", "11AB")
    van_b = _school(ander_bestuur, "Het Baken", "22BB")
    systeem, sleutel = factories.systeem_met_sleutel("Voorbeeld LAS", prefix="las1")
    ander_systeem, andere_sleutel = factories.systeem_met_sleutel("Ander LAS", leverancier="Leverancier C",
                                                                  prefix="las2")
    mandaat = factories.mandaat(bestuur, "11AA", systeem)
    factories.mandaat(ander_bestuur, "22BB", ander_systeem)
    return Opzet(bestuur, gemandateerd, niet_gemandateerd, ander_bestuur, van_b, systeem, sleutel, mandaat,
                 ander_systeem, andere_sleutel)


@pytest.fixture
def api(client, opzet):
    """GET with the LAS's key as a Bearer token."""

    def get(url: str, sleutel: str | None = opzet.sleutel, **params):
        headers = {"Authorization": f"Bearer {sleutel}"} if sleutel else {}
        return client.get(url, params, headers=headers)

    return get
