"""The WSDL and XSD as the portal serves them: DUO's own contract, with this portal's address."""

import pytest
import requests
from lxml import etree

from uitwisseling.rio_xml import schema

pytestmark = pytest.mark.django_db(transaction=True)

WSDL_NS = {"wsdl": "http://schemas.xmlsoap.org/wsdl/", "soap": "http://schemas.xmlsoap.org/wsdl/soap/",
           "xsd": "http://www.w3.org/2001/XMLSchema"}


def test_wsdl_draagt_het_eigen_adres_en_wijst_naar_het_eigen_xsd(live_server):
    antwoord = requests.get(f"{live_server.url}/api/rio/v4/raadplegen/?wsdl", timeout=30)
    assert antwoord.status_code == 200
    assert antwoord.headers["Content-Type"].startswith("text/xml")
    assert antwoord.headers["Cache-Control"] == "private, no-store"
    root = etree.fromstring(antwoord.content)
    adressen = root.xpath("//soap:address/@location", namespaces=WSDL_NS)
    assert adressen == [f"{live_server.url}/api/rio/v4/raadplegen/"]
    locaties = root.xpath("//xsd:import/@schemaLocation", namespaces=WSDL_NS)
    assert locaties == [f"{live_server.url}/api/rio/v4/raadplegen/?xsd=DUO_RIO_Raadplegen_OnderwijsOrganisatie_V4.xsd"]
    operaties = root.xpath("//wsdl:portType/wsdl:operation/@name", namespaces=WSDL_NS)
    assert len(operaties) == 14
    xsd = requests.get(locaties[0], timeout=30)
    assert xsd.status_code == 200
    assert xsd.content == schema.RAADPLEGEN_XSD.read_bytes()


def test_onbekend_schema_bestaat_niet(live_server):
    antwoord = requests.get(f"{live_server.url}/api/rio/v4/raadplegen/?xsd=../../settings.py", timeout=30)
    assert antwoord.status_code == 404
    assert b"SECRET" not in antwoord.content


def test_wsdl_is_verder_ongewijzigd_die_van_duo():
    """Only soap:address and the import's schemaLocation differ from DUO's file (uitwisseling/schemas/SOURCE.md)."""
    from django.test import RequestFactory

    from uitwisseling.soap.views import WSDL, wsdl

    geserveerd = etree.fromstring(wsdl(RequestFactory().get("/api/rio/v4/raadplegen/", {"wsdl": ""})).content)
    origineel = etree.parse(str(WSDL)).getroot()
    for root in (geserveerd, origineel):
        for e in root.xpath("//soap:address", namespaces=WSDL_NS):
            e.set("location", "-")
        for e in root.xpath("//xsd:import", namespaces=WSDL_NS):
            e.set("schemaLocation", "-")
    assert etree.tostring(geserveerd, method="c14n") == etree.tostring(origineel, method="c14n")
