"""Fixtures of the OSR tests: supplier systems, a person with OSR-toegang, and the browser fixtures."""

import pytest

from autorisatie.models import Leverancier, Systeem
from autorisatie.rollen import Rol
from tests.helpers import factories


@pytest.fixture
def las(db) -> Systeem:
    leverancier = Leverancier.objects.create(naam="Leverancier A B.V.")
    return Systeem.objects.create(leverancier=leverancier, naam="Voorbeeld LAS")


@pytest.fixture
def ander_las(db) -> Systeem:
    leverancier = Leverancier.objects.create(naam="Leverancier B B.V.")
    return Systeem.objects.create(leverancier=leverancier, naam="Ander LAS")


@pytest.fixture
def oud_las(db) -> Systeem:
    leverancier = Leverancier.objects.create(naam="Leverancier C B.V.")
    return Systeem.objects.create(leverancier=leverancier, naam="Oud LAS", actief=False)


@pytest.fixture
def drie_scholen(db):
    """A board with three schools (BRIN4 33AA, 33AB, 33AC)."""
    return factories.bestuur_met_erkenningen("30003", brin4s=("33AA", "33AB", "33AC"))


@pytest.fixture
def osr_gebruiker(bestuur):
    """Someone of ``bestuur`` who holds only OSR-toegang (reads the board, manages its mandates)."""
    return factories.gebruiker_met_rollen("osr", bestuur, rollen=[Rol.OSR_TOEGANG])


@pytest.fixture
def osr_client(client, osr_gebruiker):
    client.force_login(osr_gebruiker)
    return client


