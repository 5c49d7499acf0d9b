"""Refusals: a business refusal is the operation's own answer with requestGoedgekeurd=false (HTTP 200, as DUO
answers); a request the service cannot process is a SOAP fault. The mandate is today's (docs/adr/0005)."""

from datetime import date, timedelta

import pytest
import requests
import zeep
from lxml import etree

from autorisatie.models import Mandaat
from tests.helpers import soap
from tests.helpers.rio_xml import tekst
from uitwisseling.models import ApiAanroep
from uitwisseling.soap.envelop import SOAP_NS

pytestmark = pytest.mark.django_db(transaction=True)


def _fout(antwoord: requests.Response) -> tuple[str, str]:
    """(faultcode, detail foutcode) of a SOAP fault."""
    envelop = etree.fromstring(antwoord.content)
    fault = envelop.find(f"{{{SOAP_NS}}}Body/{{{SOAP_NS}}}Fault")
    assert fault is not None, antwoord.text
    return fault.findtext("faultcode"), fault.find("detail")[0].text


def test_ongemandateerde_school_wordt_geweigerd(las, register):
    client, plugin = las
    client.service.opvragen_onderwijsaanbieder(**soap.kop(), onderwijsaanbiedercode=register.linde.code)
    antwoord = soap.antwoord_van(plugin)
    assert tekst(antwoord, "requestGoedgekeurd") == "false"
    assert tekst(antwoord, "foutmelding/foutcode") == "geen_mandaat"
    assert ApiAanroep.objects.get(formaat="soap").melding.startswith("Onderwijsaanbieder")


def test_beeindigd_mandaat_weigert_ook_met_een_oude_peildatum(las, register, vandaag):
    Mandaat.objects.filter(systeem=register.systeem).update(einddatum=vandaag - timedelta(days=1))
    client, plugin = las
    client.service.opvragen_aangebodenOpleidingenVanOrganisatie(
        **soap.kop(), onderwijsaanbiedercode=register.regenboog.code, peildatum=date(2025, 1, 1), pagina=0)
    antwoord = soap.antwoord_van(plugin)
    assert tekst(antwoord, "requestGoedgekeurd") == "false"
    assert tekst(antwoord, "foutmelding/foutcode") == "geen_mandaat"
    client.service.opvragen_gewijzigdOnderwijslocatiegebruik(
        **soap.kop(), peildatumtijdMutaties="2000-01-01T00:00:00Z", pagina=0)
    delta = soap.antwoord_van(plugin)  # this answer type has no foutmelding: approved, but empty
    assert delta.findall(f"{{{soap.NS}}}gewijzigd_Onderwijslocatiegebruik") == []


def test_mandaat_dat_nog_moet_beginnen_opent_niets(las, register, vandaag):
    Mandaat.objects.filter(systeem=register.systeem).update(begindatum=vandaag + timedelta(days=30))
    client, plugin = las
    client.service.opvragen_onderwijsaanbiedersVanOrganisatie(**soap.kop(), onderwijsbestuurCode=register.bestuur.code)
    assert tekst(soap.antwoord_van(plugin), "requestGoedgekeurd") == "false"


@pytest.mark.parametrize("inhoud", [
    b"",
    b"geen xml",
    b"<a>\x00</a>",
    b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]>'
    b'<soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/"><soap:Body>&e;</soap:Body>'
    b"</soap:Envelope>",
    b'<Envelope><Body/></Envelope>',
    b'<soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/"><soap:Header/></soap:Envelope>',
    b'<soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/"><soap:Body><x/></soap:Body>'
    b"</soap:Envelope>",
])
def test_misvormde_envelop_geeft_een_fault_en_nooit_500(live_server, register, inhoud):
    antwoord = soap.post(live_server.url, inhoud, {"Authorization": f"Bearer {register.sleutel}"})
    assert antwoord.status_code == 400
    code, _ = _fout(antwoord)
    assert code == "soap:Client"
    assert b"root:" not in antwoord.content
    assert antwoord.headers["Cache-Control"] == "private, no-store"


def _envelop(operatie: str, verzoek: str) -> bytes:
    return (f'<soap:Envelope xmlns:soap="{SOAP_NS}" xmlns:duo="{soap.NS}"><soap:Body>'
            f"<duo:{operatie}_request><duo:identificatiecodeBedrijfsdocument>abc-1</duo:identificatiecodeBedrijfsdocument>"
            f"<duo:verzendendeInstantie>{soap.LAS_OIN}</duo:verzendendeInstantie>"
            f"<duo:ontvangendeInstantie>{soap.DUO_OIN}</duo:ontvangendeInstantie>"
            f"<duo:datumTijdBedrijfsdocument>2026-11-28T10:00:00Z</duo:datumTijdBedrijfsdocument>{verzoek}"
            f"</duo:{operatie}_request></soap:Body></soap:Envelope>").encode()


def test_verzoek_dat_niet_aan_het_xsd_voldoet_is_een_fault(live_server, register):
    inhoud = _envelop("opvragen_onderwijsaanbieder", "<duo:onderwijsaanbiedercode>kapot!</duo:onderwijsaanbiedercode>")
    antwoord = soap.post(live_server.url, inhoud, {"Authorization": f"Bearer {register.sleutel}"})
    assert antwoord.status_code == 400
    assert _fout(antwoord) == ("soap:Client", "DK0004")


def test_soapaction_moet_bij_de_body_passen(live_server, register):
    inhoud = _envelop("opvragen_onderwijsaanbieder",
                      f"<duo:onderwijsaanbiedercode>{register.regenboog.code}</duo:onderwijsaanbiedercode>")
    goed = soap.post(live_server.url, inhoud, {"Authorization": f"Bearer {register.sleutel}", "SOAPAction":
                     '"http://duo.nl/contract/DUO_RIO_Raadplegen_OnderwijsOrganisatie_V4/opvragen_onderwijsaanbieder"'})
    assert goed.status_code == 200, goed.text
    fout = soap.post(live_server.url, inhoud, {"Authorization": f"Bearer {register.sleutel}", "SOAPAction":
                     "http://duo.nl/contract/DUO_RIO_Raadplegen_OnderwijsOrganisatie_V4/opvragen_onderwijslocatie"})
    assert _fout(fout) == ("soap:Client", "actie_onjuist")


def test_zonder_identificatie_een_fault_en_het_log_noemt_het(live_server, register):
    client, _ = soap.client(live_server)
    with pytest.raises(zeep.exceptions.Fault) as fout:
        client.service.opvragen_onderwijsaanbieder(**soap.kop(), onderwijsaanbiedercode=register.regenboog.code)
    assert fout.value.code == "soap:Client"
    aanroep = ApiAanroep.objects.get(formaat="soap")
    assert aanroep.statuscode == 401 and aanroep.systeem is None


def test_get_zonder_wsdl_en_andere_methoden(live_server):
    url = f"{live_server.url}/api/rio/v4/raadplegen/"
    assert requests.get(url, timeout=30).status_code == 200
    put = requests.put(url, timeout=30)
    assert put.status_code == 405 and "POST" in put.headers["Allow"]
    assert requests.get(url + "?wsdl=%00", timeout=30).status_code == 400  # the NUL rule: 400, never 500
