"""Fixtures of the controle tests: a board that passes every check, and the browser fixtures for the e2e test."""

import importlib

import pytest
from django.apps import apps as django_apps

from registratie.services import contact as contact_services
from tests import factories
from tests.browser.conftest import browser_context_args, browser_type_launch_args, inloggen, pagina  # noqa: F401


@pytest.fixture(autouse=True)
def exportmap(settings, tmp_path):
    """Background exports write into a temporary folder, never into the checkout."""
    settings.EXPORT_MAP = tmp_path / "exports"
    return settings.EXPORT_MAP


@pytest.fixture
def opleidingen_catalogus(transactional_db):
    """The opleidingen of data migration 0003: a transactional test's flush removes them for the next one."""
    importlib.import_module("registratie.migrations.0003_opleidingen_catalogus").laad(django_apps, None)


def las() -> "Systeem":  # noqa: F821
    """The supplier system the clean boards mandate for RIO."""
    from autorisatie.models import Leverancier, Systeem

    leverancier, _ = Leverancier.objects.get_or_create(naam="Leverancier A B.V.")
    return Systeem.objects.get_or_create(leverancier=leverancier, naam="Voorbeeld LAS")[0]


def vul_schoon(bestuur, vandaag):
    """Every BRIN4 an aanbieder with a BO offer and a RIO mandate (OSR), every BRIN6 a locatie, and Algemeen on
    the bestuur."""
    aanbieders = []
    for instelling in bestuur.bevoegd_gezag.instellingen.order_by("code"):
        factories.mandaat(bestuur, instelling.code, las())
        aanbieder = factories.aanbieder(bestuur, naam=f"School {instelling.code}", brin4=instelling.code)
        for vestiging in instelling.vestigingen.order_by("code"):
            gebruik = factories.locatiegebruik(bestuur, brin6=vestiging.code)
            factories.bo_opleiding(aanbieder, locatie=gebruik.locatie)
        aanbieders.append(aanbieder)
    contact_services.registreer_contact(bestuur, door="test", context="ALGEMEEN", begindatum=vandaag,
                                        email="info@stichting.example", telefoonnummer="050 123 4567")
    return aanbieders


@pytest.fixture
def schoon_bestuur(bestuur, vandaag):
    """``bestuur`` (BRIN4 11AA and 11AB, one BRIN6 each) registered without any defect."""
    vul_schoon(bestuur, vandaag)
    return bestuur
