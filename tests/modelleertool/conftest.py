"""Fixtures of the blauwdruk tests: a registered board, and helpers to fill and upload the template."""


import pytest

from registratie.services import contact as contact_services
from tests.helpers import factories


@pytest.fixture
def registratie(bestuur, vandaag):
    """One aanbieder (11AA) with a BO opleiding at its BRIN6 locatie, and Algemeen contact on the board."""
    aanbieder = factories.aanbieder(bestuur, naam="De Regenboog")
    gebruik = factories.locatiegebruik(bestuur, brin6="11AA00")
    ao = factories.bo_opleiding(aanbieder, locatie=gebruik.locatie)
    contact = contact_services.registreer_contact(bestuur, door="test", context="ALGEMEEN", begindatum=vandaag,
                                                  email="info@stichting.nl", telefoonnummer="+31 50 123 4567")
    return {"aanbieder": aanbieder, "gebruik": gebruik, "opleiding": ao, "contact": contact}
