"""The delta operations page with a keyset cursor: page n+1 starts after the last code of page n, without OFFSET
and without counting the feed again, and a client that jumps to a page still gets the same records."""

import pytest
from django.core.cache import cache
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from lxml import etree

from tests.helpers import factories, soap
from tests.helpers.rio_xml import tekst, teksten
from uitwisseling.soap import operaties
from uitwisseling.soap.envelop import SOAP_NS

pytestmark = pytest.mark.django_db

VERZOEK = (f'<soap:Envelope xmlns:soap="{SOAP_NS}" xmlns:duo="{soap.NS}"><soap:Body>'
           "<duo:opvragen_gewijzigdeOnderwijsaanbieders_request>"
           "<duo:identificatiecodeBedrijfsdocument>delta-1</duo:identificatiecodeBedrijfsdocument>"
           f"<duo:verzendendeInstantie>{soap.LAS_OIN}</duo:verzendendeInstantie>"
           f"<duo:ontvangendeInstantie>{soap.DUO_OIN}</duo:ontvangendeInstantie>"
           "<duo:datumTijdBedrijfsdocument>2026-11-28T10:00:00Z</duo:datumTijdBedrijfsdocument>"
           "<duo:peildatumtijdMutaties>2000-01-01T00:00:00Z</duo:peildatumtijdMutaties>"
           "<duo:pagina>{pagina}</duo:pagina>"
           "</duo:opvragen_gewijzigdeOnderwijsaanbieders_request></soap:Body></soap:Envelope>")


@pytest.fixture
def drie_aanbieders(bestuur, vandaag, monkeypatch):
    systeem, sleutel = factories.systeem_met_sleutel()
    factories.mandaat(bestuur, "11AA", systeem)
    codes = sorted(factories.aanbieder(bestuur, f"School {i}", brin4="11AA").code for i in range(3))
    monkeypatch.setattr(operaties, "PER_PAGINA", 2)
    cache.clear()
    return sleutel, codes


def _pagina(sleutel: str, nummer: int) -> etree._Element:
    antwoord = Client().post("/api/rio/v4/raadplegen/", VERZOEK.replace("{pagina}", str(nummer)),
                             content_type="text/xml; charset=utf-8", headers={"Authorization": f"Bearer {sleutel}"})
    assert antwoord.status_code == 200, antwoord.content
    return etree.fromstring(antwoord.content).find(f"{{{SOAP_NS}}}Body")[0]


def test_pagina_na_pagina_met_een_cursor(drie_aanbieders):
    sleutel, codes = drie_aanbieders
    eerste = _pagina(sleutel, 0)
    assert tekst(eerste, "paginering/aantalPaginas") == "2"
    assert tekst(eerste, "paginering/aantalResultaten") == "3"
    with CaptureQueriesContext(connection) as queries:
        tweede = _pagina(sleutel, 1)
    feed = [q["sql"] for q in queries if "registratie_auditregel" in q["sql"]]
    assert len(feed) == 1, feed  # one feed query for the page: no COUNT again
    assert "OFFSET" not in feed[0].upper() and "COUNT(" not in feed[0].upper()
    gezien = teksten(eerste, "gewijzigde_Onderwijsaanbieder/onderwijsaanbiedercode") + teksten(
        tweede, "gewijzigde_Onderwijsaanbieder/onderwijsaanbiedercode")
    assert gezien == codes


def test_springen_naar_een_pagina_zonder_cursor_geeft_hetzelfde(drie_aanbieders):
    sleutel, codes = drie_aanbieders
    assert teksten(_pagina(sleutel, 1), "gewijzigde_Onderwijsaanbieder/onderwijsaanbiedercode") == codes[2:]


def test_pagina_voorbij_het_einde_wordt_geweigerd(drie_aanbieders):
    sleutel, _ = drie_aanbieders
    antwoord = _pagina(sleutel, 5)
    assert tekst(antwoord, "requestGoedgekeurd") == "false"
    assert tekst(antwoord, "foutmelding/foutcode") == "pagina_bestaat_niet"
