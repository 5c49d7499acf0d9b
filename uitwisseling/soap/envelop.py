"""SOAP 1.1 envelopes as DUO's Raadplegen V4 service exchanges them (document/literal, WS-Addressing 1.0).

Reading: ``lees`` parses a request safely (no DTD, no entities, no network) into an ``Envelop``: the WS-Addressing
headers, the wsse:Security header and the one body element. Writing: ``antwoord`` wraps a response element in an
envelope with the WS-Addressing headers Edukoppeling asks for (rio-po.md §8.4), ``fout`` builds a SOAP fault.
"""

import uuid
from dataclasses import dataclass
from urllib.parse import parse_qs, urlsplit

from lxml import etree

from uitwisseling.rio_xml.schema import NAMESPACE

SOAP_NS = "http://schemas.xmlsoap.org/soap/envelope/"
WSA_NS = "http://www.w3.org/2005/08/addressing"
WSSE_NS = "http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-secext-1.0.xsd"
WSU_NS = "http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-utility-1.0.xsd"
DS_NS = "http://www.w3.org/2000/09/xmldsig#"
CONTRACT = "http://duo.nl/contract/DUO_RIO_Raadplegen_OnderwijsOrganisatie_V4"
ANONIEM = "http://www.w3.org/2005/08/addressing/anonymous"
CONTENT_TYPE = "text/xml; charset=utf-8"  # SOAP 1.1 (Edukoppeling: text/xml;charset=UTF-8)
MAX_VERZOEK = 1_000_000  # bytes; a Raadplegen request is a few kB, signed included


class SoapFout(Exception):
    """A request the service cannot process at all: answered with a SOAP fault, not with a response element.
    ``code`` is soap:Client (the caller's fault) or soap:Server; ``detail`` a stable machine code."""

    def __init__(self, melding: str, detail: str, *, client: bool = True, status: int | None = None) -> None:
        super().__init__(melding)
        self.melding = melding
        self.detail = detail
        self.code = "soap:Client" if client else "soap:Server"
        # SOAP 1.1 answers every fault with 500; this portal keeps 500 for its own failures and answers a bad
        # request with a 4xx, so no caller can make the service look broken (docs/soap.md).
        self.status = status or (400 if client else 500)


def actie(operatie: str) -> str:
    """The SOAPAction and wsa:Action of an operation (the WSDL's soap:operation soapAction)."""
    return f"{CONTRACT}/{operatie}"


def oin_uit_adres(adres: str) -> str:
    """The OIN in a WS-Addressing address (``…/anonymous?oin=00000001234567890000``), or ''."""
    return (parse_qs(urlsplit(adres).query).get("oin") or [""])[0].strip()


@dataclass
class Envelop:
    root: etree._Element
    header: etree._Element | None
    body: etree._Element
    verzoek: etree._Element  # the one element in the Body: <operatie>_request

    def wsa(self, naam: str) -> str:
        """The text of a WS-Addressing header (Action, MessageID, To); '' when absent."""
        if self.header is None:
            return ""
        element = self.header.find(f"{{{WSA_NS}}}{naam}")
        return (element.text or "").strip() if element is not None else ""

    @property
    def van(self) -> str:
        """wsa:From/wsa:Address: who sends (Edukoppeling: the anonymous address with ``?oin=``)."""
        if self.header is None:
            return ""
        adres = self.header.find(f"{{{WSA_NS}}}From/{{{WSA_NS}}}Address")
        return (adres.text or "").strip() if adres is not None else ""

    @property
    def beveiliging(self) -> etree._Element | None:
        return self.header.find(f"{{{WSSE_NS}}}Security") if self.header is not None else None

    @property
    def operatie(self) -> str:
        """The operation named by the body element (``opvragen_x_request`` → ``opvragen_x``)."""
        return etree.QName(self.verzoek).localname.removesuffix("_request")


def _parser() -> etree.XMLParser:
    # No DTDs, no entity expansion, no network: an envelope is data from outside (XXE, billion laughs).
    return etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, dtd_validation=False,
                           huge_tree=False, remove_comments=True, remove_pis=True)


def lees(inhoud: bytes) -> Envelop:
    """Parse a SOAP 1.1 request; a SoapFout when it is not one envelope with a header (optional) and exactly one
    body element in DUO's Raadplegen namespace."""
    if not inhoud.strip():
        raise SoapFout("Het verzoek is leeg; verwacht een SOAP 1.1-envelop.", "envelop_ontbreekt")
    if len(inhoud) > MAX_VERZOEK:
        raise SoapFout("Het verzoek is te groot.", "envelop_te_groot", status=413)
    try:
        root = etree.fromstring(inhoud, _parser())
    except etree.XMLSyntaxError as fout:
        raise SoapFout(f"Het verzoek is geen goedgevormde XML: {str(fout)[:150]}", "xml_ongeldig") from None
    if root.getroottree().docinfo.doctype:
        raise SoapFout("Een DOCTYPE is niet toegestaan in een SOAP-bericht.", "doctype")
    if root.tag != f"{{{SOAP_NS}}}Envelope":
        raise SoapFout("Het verzoek is geen SOAP 1.1-envelop (soap:Envelope in "
                       f"{SOAP_NS}).", "envelop_ongeldig")
    kinderen = [k for k in root if isinstance(k.tag, str)]
    header = next((k for k in kinderen if k.tag == f"{{{SOAP_NS}}}Header"), None)
    body = next((k for k in kinderen if k.tag == f"{{{SOAP_NS}}}Body"), None)
    if body is None:
        raise SoapFout("De SOAP-envelop heeft geen Body.", "body_ontbreekt")
    inhoud_body = [k for k in body if isinstance(k.tag, str)]
    if len(inhoud_body) != 1:
        raise SoapFout("De Body moet precies één element bevatten: het verzoek van de operatie.", "body_ongeldig")
    verzoek = inhoud_body[0]
    naam = etree.QName(verzoek)
    if naam.namespace != NAMESPACE or not naam.localname.endswith("_request"):
        raise SoapFout(f"Onbekend verzoek {naam.localname[:60]}: verwacht een opvragen_…_request in {NAMESPACE}.",
                       "operatie_onbekend")
    return Envelop(root, header, body, verzoek)


def _el(ouder: etree._Element, ns: str, naam: str, tekst: str | None = None) -> etree._Element:
    element = etree.SubElement(ouder, f"{{{ns}}}{naam}")
    if tekst is not None:
        element.text = tekst
    return element


def _envelop() -> tuple[etree._Element, etree._Element, etree._Element]:
    root = etree.Element(f"{{{SOAP_NS}}}Envelope", nsmap={"soap": SOAP_NS, "wsa": WSA_NS})
    return root, _el(root, SOAP_NS, "Header"), _el(root, SOAP_NS, "Body")


@dataclass(frozen=True)
class Adressering:
    """The WS-Addressing headers of an answer: what it answers (RelatesTo) and between whom (OINs)."""

    actie: str
    relates_to: str
    eigen_oin: str
    oin_ontvanger: str

    def schrijf(self, header: etree._Element) -> None:
        _el(header, WSA_NS, "Action", self.actie)
        _el(header, WSA_NS, "MessageID", f"urn:uuid:{uuid.uuid4()}")
        if self.relates_to:
            _el(header, WSA_NS, "RelatesTo", self.relates_to)
        _el(header, WSA_NS, "To", f"{ANONIEM}?oin={self.oin_ontvanger}" if self.oin_ontvanger else ANONIEM)
        van = _el(header, WSA_NS, "From")
        _el(van, WSA_NS, "Address", f"{ANONIEM}?oin={self.eigen_oin}")


def antwoord(element: etree._Element, adressering: Adressering) -> bytes:
    """The response element in an envelope with Action (the operation's action + 'Response'), a new MessageID,
    RelatesTo = the request's MessageID, and To/From carrying the OINs."""
    root, header, body = _envelop()
    adressering.schrijf(header)
    body.append(element)
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8")


def fout(soapfout: SoapFout, adressering: Adressering | None = None) -> bytes:
    """A SOAP 1.1 fault: faultcode, a Dutch faultstring and the machine code as detail."""
    root, header, body = _envelop()
    if adressering is not None:
        adressering.schrijf(header)
    else:
        _el(header, WSA_NS, "Action", "http://www.w3.org/2005/08/addressing/soap/fault")
        _el(header, WSA_NS, "MessageID", f"urn:uuid:{uuid.uuid4()}")
    f = _el(body, SOAP_NS, "Fault")
    etree.SubElement(f, "faultcode").text = soapfout.code
    etree.SubElement(f, "faultstring").text = soapfout.melding
    detail = etree.SubElement(f, "detail")
    _el(detail, NAMESPACE, "foutcode", soapfout.detail)
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8")
