"""The portal's extension of opvragen_gewijzigdeAangebodenOpleidingen (docs/soap.md): without onderwijsaanbiederCode
it answers the changed opleidingen of every aanbieder the system may read, in one paged call, under the feed's
own rule (a school that mandates the system today, and did on the day of the change). DUO's request with the
code keeps its answer."""

from datetime import timedelta

import pytest
from django.core.cache import cache
from django.test import Client
from lxml import etree

from tests.helpers import soap
from tests.helpers.rio_xml import tekst, teksten
from tests.uitwisseling.api.conftest import Opzet, opzet  # noqa: F401 (the shared fixture)
from uitwisseling.rio_xml import schema
from uitwisseling.soap import operaties
from uitwisseling.soap.envelop import SOAP_NS

pytestmark = pytest.mark.django_db

OPERATIE = "opvragen_gewijzigdeAangebodenOpleidingen"
CODES = "gewijzigde_AangebodenOpleiding/aangebodenOpleidingCode"


def _verzoek(pagina: int = 0, aanbieder: str | None = None, sinds: str = "2000-01-01T00:00:00Z") -> str:
    code = f"<duo:onderwijsaanbiederCode>{aanbieder}</duo:onderwijsaanbiederCode>" if aanbieder else ""
    return (f'<soap:Envelope xmlns:soap="{SOAP_NS}" xmlns:duo="{soap.NS}"><soap:Body><duo:{OPERATIE}_request>'
            "<duo:identificatiecodeBedrijfsdocument>alle-1</duo:identificatiecodeBedrijfsdocument>"
            f"<duo:verzendendeInstantie>{soap.LAS_OIN}</duo:verzendendeInstantie>"
            f"<duo:ontvangendeInstantie>{soap.DUO_OIN}</duo:ontvangendeInstantie>"
            "<duo:datumTijdBedrijfsdocument>2026-11-28T10:00:00Z</duo:datumTijdBedrijfsdocument>"
            f"<duo:peildatumtijdMutaties>{sinds}</duo:peildatumtijdMutaties>{code}<duo:pagina>{pagina}</duo:pagina>"
            f"</duo:{OPERATIE}_request></soap:Body></soap:Envelope>")


def _roep(sleutel: str, envelop: str):
    return Client().post("/api/rio/v4/raadplegen/", envelop, content_type="text/xml; charset=utf-8",
                         headers={"Authorization": f"Bearer {sleutel}"})


def _antwoord(sleutel: str, envelop: str) -> etree._Element:
    antwoord = _roep(sleutel, envelop)
    assert antwoord.status_code == 200, antwoord.content
    body = etree.fromstring(antwoord.content).find(f"{{{SOAP_NS}}}Body")[0]
    schema.valideer(body)  # DUO's own response element, whichever request
    return body


@pytest.fixture(autouse=True)
def _leeg():
    cache.clear()


def test_zonder_aanbieder_alleen_de_opleidingen_van_de_gemandateerde_school(opzet: Opzet):  # noqa: F811
    body = _antwoord(opzet.sleutel, _verzoek())
    assert tekst(body, "requestGoedgekeurd") == "true"
    assert teksten(body, CODES) == [str(opzet.gemandateerd.opleiding.code)]
    # The other school of the board and the other board's school (mandated to another system) stay out.
    for vreemd in (opzet.niet_gemandateerd.opleiding, opzet.van_b.opleiding):
        assert str(vreemd.code) not in teksten(body, CODES)
    # The other system sees its own school only.
    assert teksten(_antwoord(opzet.andere_sleutel, _verzoek()), CODES) == [str(opzet.van_b.opleiding.code)]


def test_zonder_aanbieder_niets_na_een_beeindigd_mandaat(opzet: Opzet, vandaag):  # noqa: F811
    opzet.mandaat.einddatum = vandaag - timedelta(days=1)
    opzet.mandaat.save()
    body = _antwoord(opzet.sleutel, _verzoek())
    assert tekst(body, "requestGoedgekeurd") == "true" and teksten(body, CODES) == []


def test_zonder_aanbieder_in_paginas_met_een_cursor(opzet: Opzet, monkeypatch):  # noqa: F811
    """Two mandated schools' opleidingen, one per page: every code once, in code order."""
    from autorisatie.models import Mandaat

    Mandaat.objects.create(bestuur=opzet.bestuur, instelling=opzet.mandaat.instelling.__class__.objects.get(
        code="11AB"), dienst="RIO", systeem=opzet.systeem, begindatum=opzet.mandaat.begindatum)
    monkeypatch.setattr(operaties, "PER_PAGINA", 1)
    eerste = _antwoord(opzet.sleutel, _verzoek(0))
    assert tekst(eerste, "paginering/aantalPaginas") == "2"
    tweede = _antwoord(opzet.sleutel, _verzoek(1))
    verwacht = sorted(str(s.opleiding.code) for s in (opzet.gemandateerd, opzet.niet_gemandateerd))
    assert teksten(eerste, CODES) + teksten(tweede, CODES) == verwacht


def test_met_aanbieder_blijft_het_antwoord_van_duo(opzet: Opzet):  # noqa: F811
    body = _antwoord(opzet.sleutel, _verzoek(aanbieder=opzet.gemandateerd.aanbieder.code))
    assert teksten(body, CODES) == [str(opzet.gemandateerd.opleiding.code)]
    geweigerd = _antwoord(opzet.sleutel, _verzoek(aanbieder=opzet.niet_gemandateerd.aanbieder.code))
    assert tekst(geweigerd, "requestGoedgekeurd") == "false"
    assert tekst(geweigerd, "foutmelding/foutcode") == "geen_mandaat"


def test_de_rest_van_het_verzoek_blijft_aan_het_xsd_gebonden(opzet: Opzet):  # noqa: F811
    """Only the code may go; a request that breaks the XSD elsewhere is still DUO's DK0004 fault."""
    antwoord = _roep(opzet.sleutel, _verzoek(sinds="gisteren"))
    assert antwoord.status_code == 400 and b"DK0004" in antwoord.content
    zonder_pagina = _verzoek().replace("<duo:pagina>0</duo:pagina>", "")
    antwoord = _roep(opzet.sleutel, zonder_pagina)
    assert antwoord.status_code == 400 and b"DK0004" in antwoord.content
