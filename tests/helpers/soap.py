"""A SOAP client as DUO's suppliers build one: zeep against the WSDL the portal serves, with a plugin that adds
what Edukoppeling asks (WS-Addressing with OINs, a wsse:Security header with Timestamp, BinarySecurityToken and
an XML signature: exclusive c14n, rsa-sha256). Certificates are made in the test (cryptography), PKIoverheid-like:
the OIN in the subject's serialNumber.
"""

import base64
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

import requests
import zeep
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.x509.oid import NameOID
from lxml import etree
from signxml import SignatureConstructionMethod, XMLSigner
from zeep.plugins import Plugin

from uitwisseling.rio_xml import schema
from uitwisseling.soap.envelop import ANONIEM, DS_NS, SOAP_NS, WSA_NS, WSSE_NS, WSU_NS, actie

NS = schema.NAMESPACE
DUO_OIN = "00000001800866472000"
LAS_OIN = "00000001234567890000"
EXC_C14N = "http://www.w3.org/2001/10/xml-exc-c14n#"
BASE64 = "http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-soap-message-security-1.0#Base64Binary"
X509 = "http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-x509-token-profile-1.0#X509v3"


@dataclass
class Certificaat:
    sleutel: rsa.RSAPrivateKey
    certificaat: x509.Certificate

    @property
    def pem(self) -> str:
        return self.certificaat.public_bytes(serialization.Encoding.PEM).decode()

    @property
    def sleutel_pem(self) -> bytes:
        return self.sleutel.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                          serialization.NoEncryption())


def maak_certificaat(oin: str = LAS_OIN, naam: str = "Voorbeeld LAS") -> Certificaat:
    """A self-signed certificate with the OIN as subject serialNumber (as PKIoverheid puts it)."""
    sleutel = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    onderwerp = x509.Name([x509.NameAttribute(NameOID.COUNTRY_NAME, "NL"),
                           x509.NameAttribute(NameOID.ORGANIZATION_NAME, "Leverancier A B.V."),
                           x509.NameAttribute(NameOID.SERIAL_NUMBER, oin),
                           x509.NameAttribute(NameOID.COMMON_NAME, naam)])
    nu = datetime.now(UTC)
    certificaat = (x509.CertificateBuilder().subject_name(onderwerp).issuer_name(onderwerp)
                   .public_key(sleutel.public_key()).serial_number(x509.random_serial_number())
                   .not_valid_before(nu - timedelta(days=1)).not_valid_after(nu + timedelta(days=365))
                   .sign(sleutel, hashes.SHA256()))
    return Certificaat(sleutel, certificaat)


def _el(ouder, ns: str, naam: str, tekst: str | None = None, wsu_id: str | None = None):
    element = etree.SubElement(ouder, f"{{{ns}}}{naam}")
    if tekst is not None:
        element.text = tekst
    if wsu_id:
        element.set(f"{{{WSU_NS}}}Id", wsu_id)
    return element


@dataclass
class Edukoppeling(Plugin):
    """zeep plugin: WS-Addressing (Action, MessageID, To and From with ?oin=) and, with a certificate, the wsse
    Security header signed over Action, From, To, MessageID, Timestamp and Body. ``verzonden``/``ontvangen``
    keep the last envelopes (for the recorded examples)."""

    oin: str = LAS_OIN
    certificaat: Certificaat | None = None
    token: Certificaat | None = None  # the certificate put in the BinarySecurityToken (default: the signer's)
    token_meesturen: bool = True  # False: no BinarySecurityToken, the OIN in wsa:From names the system
    verzonden: bytes = b""
    ontvangen: bytes = b""
    message_id: str = ""
    ondertekend: tuple[str, ...] = ("#id-action", "#id-from", "#id-messageid", "#id-to", "#id-timestamp", "#id-body")

    def egress(self, envelope, http_headers, operation, binding_options):
        header = envelope.find(f"{{{SOAP_NS}}}Header")
        if header is None:
            header = etree.Element(f"{{{SOAP_NS}}}Header")
            envelope.insert(0, header)
        self.message_id = f"urn:uuid:{uuid.uuid4()}"
        _el(header, WSA_NS, "Action", actie(operation.name), "id-action")
        van = _el(header, WSA_NS, "From", None, "id-from")
        _el(van, WSA_NS, "Address", f"{ANONIEM}?oin={self.oin}")
        _el(header, WSA_NS, "MessageID", self.message_id, "id-messageid")
        _el(header, WSA_NS, "To", f"{ANONIEM}?oin={DUO_OIN}", "id-to")
        etree.cleanup_namespaces(envelope, top_nsmap={"soap": SOAP_NS, "wsa": WSA_NS, "wsu": WSU_NS,
                                                       "wsse": WSSE_NS, "duo": NS})
        if self.certificaat is not None:
            self._onderteken(envelope, header)
        self.verzonden = etree.tostring(envelope)
        return envelope, http_headers

    def ingress(self, envelope, http_headers, operation):
        self.ontvangen = etree.tostring(envelope)
        return envelope, http_headers

    def _onderteken(self, envelope, header) -> None:
        envelope.find(f"{{{SOAP_NS}}}Body").set(f"{{{WSU_NS}}}Id", "id-body")
        beveiliging = etree.SubElement(header, f"{{{WSSE_NS}}}Security", nsmap={"wsse": WSSE_NS, "ds": DS_NS})
        beveiliging.set(f"{{{SOAP_NS}}}mustUnderstand", "1")
        nu = datetime.now(UTC)
        stempel = _el(beveiliging, WSU_NS, "Timestamp", None, "id-timestamp")
        _el(stempel, WSU_NS, "Created", nu.isoformat(timespec="milliseconds").replace("+00:00", "Z"))
        _el(stempel, WSU_NS, "Expires", (nu + timedelta(minutes=5)).isoformat(timespec="milliseconds")
            .replace("+00:00", "Z"))
        sleutelinfo = etree.Element(f"{{{DS_NS}}}KeyInfo")
        if self.token_meesturen:
            token = _el(beveiliging, WSSE_NS, "BinarySecurityToken", None, "id-token")
            token.set("EncodingType", BASE64)
            token.set("ValueType", X509)
            der = (self.token or self.certificaat).certificaat.public_bytes(serialization.Encoding.DER)
            token.text = base64.b64encode(der).decode()
            verwijzing = _el(sleutelinfo, WSSE_NS, "SecurityTokenReference")
            ref = _el(verwijzing, WSSE_NS, "Reference")
            ref.set("URI", "#id-token")
            ref.set("ValueType", X509)
        else:
            _el(sleutelinfo, DS_NS, "KeyName", self.oin)
        ondertekenaar = XMLSigner(method=SignatureConstructionMethod.detached, signature_algorithm="rsa-sha256",
                                  digest_algorithm="sha256", c14n_algorithm=EXC_C14N)
        handtekening = ondertekenaar.sign(
            envelope, key=self.certificaat.sleutel_pem, key_info=sleutelinfo, id_attribute="Id",
            reference_uri=list(self.ondertekend))
        beveiliging.append(handtekening)


def client(live_server, sleutel: str | None = None, plugin: Edukoppeling | None = None,
           headers: dict | None = None) -> tuple[zeep.Client, Edukoppeling]:
    """zeep with the WSDL as the running portal serves it."""
    sessie = requests.Session()
    if sleutel:
        sessie.headers["Authorization"] = f"Bearer {sleutel}"
    sessie.headers.update(headers or {})
    plugin = plugin or Edukoppeling()
    transport = zeep.Transport(session=sessie)
    wsdl = f"{live_server.url}/api/rio/v4/raadplegen/?wsdl"
    # strict=False: zeep cannot parse a substitution group in an answer (aangebodenBOOpleiding for the abstract
    # aangebodenOpleiding) in strict mode; the raw answer is validated against DUO's XSD instead (antwoord_van).
    return zeep.Client(wsdl, transport=transport, plugins=[plugin], settings=zeep.Settings(strict=False)), plugin


def kop(**extra) -> dict:
    """The Bedrijfsdocument fields every request starts with."""
    return {"identificatiecodeBedrijfsdocument": str(uuid.uuid4()), "verzendendeInstantie": LAS_OIN,
            "ontvangendeInstantie": DUO_OIN, "datumTijdBedrijfsdocument": datetime.now(UTC), **extra}


def antwoord_van(plugin: Edukoppeling) -> etree._Element:
    """The response element of the last call, checked against DUO's XSD."""
    envelop = etree.fromstring(plugin.ontvangen)
    element = envelop.find(f"{{{SOAP_NS}}}Body")[0]
    schema.valideer(etree.fromstring(etree.tostring(element)))
    return element


def post(live_server_url: str, inhoud: bytes, headers: dict | None = None) -> requests.Response:
    return requests.post(f"{live_server_url}/api/rio/v4/raadplegen/", data=inhoud, timeout=30,
                         headers={"Content-Type": "text/xml; charset=utf-8", **(headers or {})})
