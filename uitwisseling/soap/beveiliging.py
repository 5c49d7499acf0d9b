"""Who is calling: the supplier system behind a SOAP request (Edukoppeling 1.3 / Digikoppeling WUS, rio-po.md §8.4).

A system proves itself in one of three ways, strongest first:

1. **mTLS**: the TLS-terminating proxy verified the client's PKIoverheid certificate and passes it in the header
   named by ``RIO_MTLS_HEADER`` (URL-encoded PEM, nginx ``$ssl_client_escaped_cert``). Off by default: without
   the setting that header is ignored, whoever sends it (it would otherwise be a free pass).
2. **The API key** (``Authorization: Bearer`` / ``X-API-Key``), as for the JSON and XML APIs.
3. **A signed message**: a wsse:Security header with a Timestamp, a BinarySecurityToken (the certificate) and an
   XML signature (exclusive c14n, rsa-sha256) over Action, From, To, MessageID, Timestamp and Body. The
   certificate, or the OIN in wsa:From (``?oin=``), names the system; the signature must be made with the
   certificate registered for that system (Systeem.certificaat).

Whenever the message carries a signature and the system has a registered certificate, the signature and the
timestamp are checked, whatever identified the system; a bad one is a fault. An OIN in wsa:From that is not the
system's own is a fault too.
"""

import base64
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from urllib.parse import unquote

from cryptography import x509
from cryptography.hazmat.primitives import hashes
from django.conf import settings
from django.http import HttpRequest
from django.utils import timezone
from lxml import etree
from signxml import InvalidCertificate, InvalidDigest, InvalidInput, InvalidSignature, SignatureMethod
from signxml.algorithms import DigestAlgorithm
from signxml.verifier import SignatureConfiguration, XMLVerifier

from autorisatie import toegang
from autorisatie.models import ApiSleutel, Systeem
from uitwisseling.aanroep import sleutel_uit_verzoek
from uitwisseling.soap.envelop import DS_NS, SOAP_NS, WSA_NS, WSSE_NS, WSU_NS, Envelop, SoapFout, oin_uit_adres

X509_TOKEN = "http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-x509-token-profile-1.0#X509v3"  # noqa: S105 (a URI, not a secret)
WSU_ID = f"{{{WSU_NS}}}Id"
MAX_KLOKVERSCHIL = timedelta(minutes=5)  # how far a sender's clock may run ahead
# What the signature must cover (Digikoppeling WUS): the addressing headers, the timestamp and the body.
ONDERTEKEND = ("Action", "From", "To", "MessageID")


@dataclass(frozen=True)
class Beller:
    """The identified system, the key it used (if any) and how it proved itself (for the call log)."""

    systeem: Systeem
    sleutel: ApiSleutel | None
    bewijs: str  # 'mtls', 'sleutel', 'certificaat', 'oin'
    oin: str


def _niet_geauthenticeerd(melding: str, detail: str) -> SoapFout:
    return SoapFout(melding, detail, status=401)


def _certificaat(der: bytes) -> x509.Certificate:
    try:
        return x509.load_der_x509_certificate(der)
    except ValueError:
        raise SoapFout("Het certificaat in de BinarySecurityToken is geen geldig X.509-certificaat.",
                       "certificaat_ongeldig") from None


def _vingerafdruk(certificaat: x509.Certificate) -> str:
    return certificaat.fingerprint(hashes.SHA256()).hex()


def mtls_certificaat(request: HttpRequest) -> x509.Certificate | None:
    """The client certificate the proxy verified, only when RIO_MTLS_HEADER names the header; otherwise None,
    even when the request carries such a header (anyone can send a header)."""
    header = getattr(settings, "RIO_MTLS_HEADER", "")
    if not header:
        return None
    waarde = request.headers.get(header, "").strip()
    if not waarde:
        return None
    try:
        return x509.load_pem_x509_certificate(unquote(waarde).encode())
    except ValueError:
        raise _niet_geauthenticeerd("Het clientcertificaat van de TLS-verbinding is onleesbaar.",
                                    "mtls_ongeldig") from None


def _token(envelop: Envelop) -> x509.Certificate | None:
    beveiliging = envelop.beveiliging
    if beveiliging is None:
        return None
    token = beveiliging.find(f"{{{WSSE_NS}}}BinarySecurityToken")
    if token is None:
        return None
    if token.get("ValueType", X509_TOKEN) != X509_TOKEN:
        raise SoapFout("Alleen een X.509v3-BinarySecurityToken wordt ondersteund.", "token_ongeldig")
    try:
        der = base64.b64decode("".join((token.text or "").split()), validate=True)
    except ValueError:
        raise SoapFout("De BinarySecurityToken is geen geldige base64.", "token_ongeldig") from None
    return _certificaat(der)


def _handtekening(envelop: Envelop) -> etree._Element | None:
    beveiliging = envelop.beveiliging
    return beveiliging.find(f"{{{DS_NS}}}Signature") if beveiliging is not None else None


def _systeem_met_certificaat(certificaat: x509.Certificate) -> Systeem | None:
    return Systeem.objects.select_related("leverancier").filter(
        certificaat_sha256=_vingerafdruk(certificaat), actief=True).first()


def controleer_tijdstempel(envelop: Envelop) -> None:
    """wsu:Timestamp: Created not in the future (beyond clock skew), Expires not passed."""
    beveiliging = envelop.beveiliging
    stempel = beveiliging.find(f"{{{WSU_NS}}}Timestamp") if beveiliging is not None else None
    if stempel is None:
        raise SoapFout("Een ondertekend bericht moet een wsu:Timestamp hebben.", "tijdstempel_ontbreekt")
    nu = timezone.now()
    try:
        gemaakt = datetime.fromisoformat(stempel.findtext(f"{{{WSU_NS}}}Created", "").strip())
        verloopt = datetime.fromisoformat(stempel.findtext(f"{{{WSU_NS}}}Expires", "").strip())
    except ValueError:
        raise SoapFout("wsu:Timestamp heeft geen geldige Created en Expires.", "tijdstempel_ongeldig") from None
    if gemaakt.tzinfo is None or verloopt.tzinfo is None:
        gemaakt, verloopt = gemaakt.replace(tzinfo=UTC), verloopt.replace(tzinfo=UTC)
    if gemaakt > nu + MAX_KLOKVERSCHIL or verloopt < nu:
        raise SoapFout("Het bericht is verlopen of komt uit de toekomst (wsu:Timestamp).", "tijdstempel_verlopen")


def _te_ondertekenen(envelop: Envelop) -> list[etree._Element]:
    """The elements the signature must cover; each must be present."""
    delen: list[etree._Element] = [envelop.body]
    stempel = envelop.beveiliging.find(f"{{{WSU_NS}}}Timestamp") if envelop.beveiliging is not None else None
    if stempel is not None:
        delen.append(stempel)
    for naam in ONDERTEKEND:
        element = envelop.header.find(f"{{{WSA_NS}}}{naam}") if envelop.header is not None else None
        if element is None:
            raise SoapFout(f"Een ondertekend bericht moet wsa:{naam} hebben.", "adressering_ontbreekt")
        delen.append(element)
    return delen


def controleer_handtekening(envelop: Envelop, certificaat_pem: str) -> None:
    """The XML signature in wsse:Security is valid for the registered certificate and covers Body, Timestamp and
    the WS-Addressing headers. Ids must be unique, so a reference cannot point at a copy elsewhere (signature
    wrapping)."""
    handtekening = _handtekening(envelop)
    if handtekening is None:
        raise SoapFout("Het bericht is niet ondertekend, maar het systeem heeft een certificaat: onderteken "
                       "Action, From, To, MessageID, Timestamp en Body.", "handtekening_ontbreekt", status=401)
    ids = [e.get(WSU_ID) for e in envelop.root.iter() if isinstance(e.tag, str) and e.get(WSU_ID)]
    if len(ids) != len(set(ids)) or any(e.get("Id") or e.get("ID") or e.get("id") for e in envelop.root.iter()
                                        if isinstance(e.tag, str) and e.tag != f"{{{DS_NS}}}Signature"):
        raise SoapFout("Elke wsu:Id moet uniek zijn (en alleen wsu:Id mag een element aanwijzen).", "id_dubbel")
    config = SignatureConfiguration(
        require_x509=True, expect_references=True, location=f"./{{{SOAP_NS}}}Header/{{{WSSE_NS}}}Security/",
        signature_methods=frozenset({SignatureMethod.RSA_SHA256, SignatureMethod.RSA_SHA512,
                                     SignatureMethod.ECDSA_SHA256}),
        digest_algorithms=frozenset({DigestAlgorithm.SHA256, DigestAlgorithm.SHA512}))
    try:
        resultaten = XMLVerifier().verify(envelop.root, x509_cert=certificaat_pem, id_attribute="Id",
                                          expect_config=config)
    except (InvalidSignature, InvalidDigest, InvalidInput, InvalidCertificate, ValueError) as fout:
        raise SoapFout(f"De handtekening is ongeldig: {str(fout)[:150]}", "handtekening_ongeldig",
                       status=401) from None
    ondertekend = {r.signed_xml.get(WSU_ID) for r in (resultaten if isinstance(resultaten, list) else [resultaten])
                   if r.signed_xml is not None}
    ontbreekt = [etree.QName(e).localname for e in _te_ondertekenen(envelop) if e.get(WSU_ID) not in ondertekend]
    if ontbreekt:
        raise SoapFout(f"De handtekening dekt niet: {', '.join(ontbreekt)}.", "handtekening_onvolledig", status=401)
    controleer_tijdstempel(envelop)


def identificeer(request: HttpRequest, envelop: Envelop) -> Beller:
    """The calling system, or a SoapFout (401) that says how to identify."""
    oin = oin_uit_adres(envelop.van)
    token = _token(envelop)
    mtls = mtls_certificaat(request)
    sleutel_tekst = sleutel_uit_verzoek(request)
    sleutel = None
    if mtls is not None:
        systeem = _systeem_met_certificaat(mtls)
        if systeem is None:
            raise _niet_geauthenticeerd("Het clientcertificaat hoort bij geen actief systeem. Laat het certificaat "
                                        "registreren bij DUO.", "certificaat_onbekend")
        bewijs = "mtls"
    elif sleutel_tekst:
        sleutel = toegang.api_sleutel(sleutel_tekst)
        if sleutel is None:
            raise _niet_geauthenticeerd("De API-sleutel is onbekend, ingetrokken of hoort bij een inactief "
                                        "systeem.", "sleutel_ongeldig")
        systeem, bewijs = sleutel.systeem, "sleutel"
    elif token is not None:
        systeem = _systeem_met_certificaat(token)
        if systeem is None:
            raise _niet_geauthenticeerd("Het certificaat in de BinarySecurityToken hoort bij geen actief systeem.",
                                        "certificaat_onbekend")
        bewijs = "certificaat"
    elif oin:
        systeem = Systeem.objects.select_related("leverancier").filter(oin=oin, actief=True).first()
        if systeem is None or not systeem.certificaat:
            raise _niet_geauthenticeerd(f"OIN {oin[:20]} hoort bij geen systeem met een geregistreerd certificaat; "
                                        "een OIN alleen bewijst niets. Onderteken het bericht of gebruik een "
                                        "API-sleutel.", "oin_onbekend")
        bewijs = "oin"
    else:
        raise _niet_geauthenticeerd("Het systeem is niet geïdentificeerd. Gebruik een API-sleutel (Authorization: "
                                    "Bearer), een ondertekend bericht met het geregistreerde certificaat, of mTLS.",
                                    "niet_geidentificeerd")
    if oin and systeem.oin and oin != systeem.oin:
        raise _niet_geauthenticeerd(f"wsa:From noemt OIN {oin[:20]}, maar het systeem heeft OIN {systeem.oin}.",
                                    "oin_onjuist")
    ondertekend = _handtekening(envelop) is not None
    if bewijs in ("certificaat", "oin") or (ondertekend and systeem.certificaat):
        # The message speaks for the system only if the system's own certificate signed it.
        if token is not None and systeem.certificaat and _vingerafdruk(token) != systeem.certificaat_sha256:
            raise _niet_geauthenticeerd("Het bericht is ondertekend met een ander certificaat dan dat van het "
                                        "systeem.", "certificaat_onjuist")
        controleer_handtekening(envelop, systeem.certificaat)
    return Beller(systeem, sleutel, bewijs, oin or systeem.oin)
