"""The SOAP service against a running portal (live_server): the board of the XML API's tests (fixture ``register``,
see tests/uitwisseling/rio_xml/conftest.py), a zeep client that loads the WSDL from the portal, and certificates
made in the test."""

import importlib

import pytest
from django.apps import apps as django_apps

from tests.helpers import soap
from tests.uitwisseling.rio_xml.conftest import Register, register  # noqa: F401 (the shared fixture)

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(autouse=True)
def catalogus(transactional_db):
    # The opleidingen of data migration 0003: a transactional test's flush removes them (as in tests/browser).
    importlib.import_module("registratie.migrations.0003_opleidingen_catalogus").laad(django_apps, None)


@pytest.fixture
def certificaat() -> soap.Certificaat:
    return soap.maak_certificaat()


@pytest.fixture
def las(live_server, register: Register):  # noqa: F811 (the fixture imported above)
    """zeep with the API key of the mandated system."""
    return soap.client(live_server, register.sleutel)
