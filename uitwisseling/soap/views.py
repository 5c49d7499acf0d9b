"""/api/rio/v4/raadplegen/: DUO's Raadplegen V4 as a SOAP 1.1 service (document/literal), see docs/soap.md.

- ``GET ?wsdl``: DUO's WSDL with this portal's address in soap:address and the XSD import pointing here.
- ``GET ?xsd=<name>``: the schema the WSDL imports.
- ``POST``: one operation per request, routed by SOAPAction and by the body element (they must agree).

Order of a call: parse the envelope (fault when malformed), find the operation, validate the request against
DUO's XSD (fault, as DUO's Client.DK0004), identify the system (beveiliging), run the operation (a business
refusal is the operation's own response with requestGoedgekeurd=false, HTTP 200 as DUO answers), log the call.
"""

import copy
import logging
from functools import cache

from django.http import HttpRequest, HttpResponse
from django.utils.cache import patch_vary_headers
from django.views.decorators.csrf import csrf_exempt
from lxml import etree

from kern.tijd import vandaag
from uitwisseling.aanroep import Aanroep, ApiFout, log_aanroep, sleutel_gebruikt
from uitwisseling.rio_xml import bouwer, schema
from uitwisseling.rio_xml.bouwer import Kop
from uitwisseling.soap import envelop as soap
from uitwisseling.soap.beveiliging import Beller, identificeer
from uitwisseling.soap.envelop import Adressering, SoapFout
from uitwisseling.soap.operaties import OPERATIES, Verzoek

logger = logging.getLogger("uitwisseling.soap")

WSDL = schema.SCHEMAMAP / "DUO_RIO_Raadplegen_OnderwijsOrganisatie_V4.wsdl"
XSD_NAAM = schema.RAADPLEGEN_XSD.name
WSDL_NS = "http://schemas.xmlsoap.org/wsdl/"
WSDL_SOAP_NS = "http://schemas.xmlsoap.org/wsdl/soap/"
XS_NS = "http://www.w3.org/2001/XMLSchema"


@cache
def _wsdl() -> etree._Element:
    return etree.parse(str(WSDL), etree.XMLParser(resolve_entities=False, no_network=True)).getroot()


def wsdl(request: HttpRequest) -> HttpResponse:
    """DUO's WSDL, unchanged but for two addresses: the service's own (soap:address) and the schema's."""
    root = etree.fromstring(etree.tostring(_wsdl()))
    adres = request.build_absolute_uri(request.path)
    for element in root.iter(f"{{{WSDL_SOAP_NS}}}address"):
        element.set("location", adres)
    for element in root.iter(f"{{{XS_NS}}}import", f"{{{XS_NS}}}include"):
        element.set("schemaLocation", f"{adres}?xsd={XSD_NAAM}")
    return _xml(etree.tostring(root, xml_declaration=True, encoding="UTF-8"))


def xsd(request: HttpRequest) -> HttpResponse:
    if request.GET.get("xsd") != XSD_NAAM:
        return _xml(b"", status=404)
    return _xml(schema.RAADPLEGEN_XSD.read_bytes())


def _xml(inhoud: bytes, status: int = 200) -> HttpResponse:
    return HttpResponse(inhoud, content_type=soap.CONTENT_TYPE, status=status)


def _soapactie(request: HttpRequest) -> str:
    return request.headers.get("SOAPAction", "").strip().strip('"').strip()


def _operatie(request: HttpRequest, envelop: soap.Envelop) -> str:
    """The operation: the body element names it; SOAPAction and wsa:Action, when sent, must name the same one."""
    operatie = envelop.operatie
    if operatie not in OPERATIES:
        raise SoapFout(f"Onbekende operatie {operatie[:60]}; zie de WSDL (?wsdl).", "operatie_onbekend")
    for bron, actie in (("SOAPAction", _soapactie(request)), ("wsa:Action", envelop.wsa("Action"))):
        if actie and actie != soap.actie(operatie):
            raise SoapFout(f"{bron} '{actie[:120]}' past niet bij het verzoek {operatie}_request "
                           f"(verwacht {soap.actie(operatie)}).", "actie_onjuist")
    return operatie


# The one element DUO's XSD requires that the portal may go without: onderwijsaanbiederCode of the opleidingen
# delta, whose absence asks for every aanbieder (the extension in operaties.ALLE_AANBIEDERS).
ZONDER_AANBIEDER = ("opvragen_gewijzigdeAangebodenOpleidingen", "peildatumtijdMutaties", "onderwijsaanbiederCode")


def _valideer(operatie: str, verzoek: etree._Element) -> None:
    """The request against DUO's XSD; a fault as DUO's Client.DK0004 when it does not validate.

    The request element is validated where it stands in the parsed envelope: lxml validates an element as the root
    of its own document, with the namespaces declared on its ancestors in scope, the same as a serialised copy would
    be (tests/uitwisseling/soap/test_vloer.py), without writing and parsing it again. Only the extension's request
    without onderwijsaanbiederCode is validated as a copy, because the placeholder must not end up in the request."""
    if operatie == ZONDER_AANBIEDER[0] and verzoek.find(f"{{{schema.NAMESPACE}}}{ZONDER_AANBIEDER[2]}") is None:
        # Validate the rest as DUO's request would be: a valid placeholder where the code goes.
        verzoek = copy.deepcopy(verzoek)
        na = verzoek.find(f"{{{schema.NAMESPACE}}}{ZONDER_AANBIEDER[1]}")
        if na is not None:
            plek = etree.Element(f"{{{schema.NAMESPACE}}}{ZONDER_AANBIEDER[2]}")
            plek.text = "000A000"
            na.addnext(plek)
    gevonden = schema.fouten(verzoek)
    if gevonden:
        raise SoapFout("Het verzoek voldoet niet aan het XSD: " + "; ".join(gevonden)[:300], "DK0004")


def _parameters(verzoek: etree._Element, beller: Beller | None) -> dict[str, str]:
    """What the call log keeps of a request: its simple elements (codes, dates, page) and how the system proved
    itself."""
    gegevens = {etree.QName(e).localname: (e.text or "").strip() for e in verzoek.iter()
                if isinstance(e.tag, str) and len(e) == 0 and e is not verzoek}
    if beller is not None:
        gegevens["bewijs"] = beller.bewijs
    return gegevens


@csrf_exempt  # no session: the caller proves itself per message (key, certificate or mTLS)
def raadplegen(request: HttpRequest) -> HttpResponse:
    if request.method in ("GET", "HEAD"):
        if "wsdl" in request.GET or "WSDL" in request.GET:
            antwoord = wsdl(request)
        elif "xsd" in request.GET:
            antwoord = xsd(request)
        else:
            antwoord = HttpResponse("RIO Raadplegen V4 (SOAP 1.1). De WSDL staat op ?wsdl; zie docs/soap.md.\n",
                                    content_type="text/plain; charset=utf-8")
        antwoord["Cache-Control"] = "private, no-store"
        return antwoord
    if request.method != "POST":
        antwoord = _xml(soap.fout(SoapFout("Gebruik POST voor een SOAP-verzoek of GET ?wsdl.",
                                           "methode_niet_toegestaan", status=405)), status=405)
        antwoord["Allow"] = "GET, HEAD, POST"
        antwoord["Cache-Control"] = "private, no-store"
        return antwoord
    return _soap(request)


def _soap(request: HttpRequest) -> HttpResponse:
    beller: Beller | None = None
    operatie = ""
    adressering: Adressering | None = None
    parameters: dict[str, str] = {}
    aantal = 0
    melding = ""
    try:
        envelop = soap.lees(request.body)
        operatie = _operatie(request, envelop)
        parameters = _parameters(envelop.verzoek, None)
        _valideer(operatie, envelop.verzoek)
        beller = identificeer(request, envelop)
        parameters["bewijs"] = beller.bewijs
        verzoek = Verzoek(envelop.verzoek, Kop.nieuw(
            _waarde(envelop.verzoek, "verzendendeInstantie") or beller.oin or "onbekend"))
        adressering = Adressering(soap.actie(operatie) + "Response", envelop.wsa("MessageID"),
                                  verzoek.kop.verzender, beller.oin or verzoek.kop.ontvanger)
        element, aantal, melding = _voer_uit(operatie, verzoek, Aanroep(
            beller.systeem, beller.sleutel, verzoek.peildatum() or vandaag()))
        inhoud, status = soap.antwoord(element, adressering), 200
    except SoapFout as fout:
        logger.info("SOAP-fout: %s %s", fout.detail, fout.melding)
        inhoud, status, melding = soap.fout(fout, adressering), fout.status, fout.melding
    sleutel_gebruikt(beller.sleutel if beller else None)
    log_aanroep(request, operatie or "soap", "soap", beller.sleutel if beller else None, status, aantal, melding,
                systeem=beller.systeem if beller else None, parameters=parameters)
    antwoord = _xml(inhoud, status)
    antwoord["Cache-Control"] = "private, no-store"  # what a system may read depends on who it is
    patch_vary_headers(antwoord, ("Authorization", "X-API-Key"))
    return antwoord


def _waarde(element: etree._Element, naam: str) -> str:
    gevonden = element.find(f"{{{schema.NAMESPACE}}}{naam}")
    return (gevonden.text or "").strip() if gevonden is not None else ""


def _voer_uit(operatie: str, verzoek: Verzoek, aanroep: Aanroep) -> tuple[etree._Element, int, str]:
    """Run the operation; a business refusal becomes its own response with requestGoedgekeurd=false."""
    try:
        element, aantal = OPERATIES[operatie](verzoek, aanroep)
    except ApiFout as fout:
        logger.info("SOAP geweigerd: %s %s", operatie, fout.code)
        if operatie == "opvragen_gewijzigdOnderwijslocatiegebruik":  # this response has no foutmelding
            return bouwer.geweigerd_locatiegebruik_document(verzoek.kop), 0, fout.melding
        sleutels = [(n, w) for n, w in _sleutels(verzoek)] or [("operatie", operatie)]
        return bouwer.fout_document(operatie, verzoek.kop, fout.code, fout.melding, sleutels), 0, fout.melding
    return element, aantal, ""


def _sleutels(verzoek: Verzoek) -> list[tuple[str, str]]:
    """The identifiers of the request, as a Foutmelding's sleutelgegevens (at most 5)."""
    kop = {"identificatiecodeBedrijfsdocument", "verzendendeInstantie", "ontvangendeInstantie",
           "datumTijdBedrijfsdocument"}
    return [(etree.QName(e).localname, (e.text or "").strip()) for e in verzoek.element.iter()
            if isinstance(e.tag, str) and len(e) == 0 and e is not verzoek.element
            and etree.QName(e).localname not in kop and (e.text or "").strip()][:5]
