"""The callback URL of a subscription, and one POST to it, without letting a supplier aim the portal at its own
network (SSRF).

In production a callback is ``https`` and every address its host name resolves to must be a public one; the POST
then connects to the address that was checked (no second DNS lookup that could answer 127.0.0.1), follows no
redirect and waits at most ``MELDINGEN_TIMEOUT`` seconds. ``MELDINGEN_LOKAAL_TOESTAAN`` (DEBUG, tests, the
benchmark) also allows ``http`` to localhost and private addresses.
"""

import http.client
import ipaddress
import socket
import ssl
from dataclasses import dataclass
from urllib.parse import SplitResult, urlsplit

from django.conf import settings

LOKALE_NAMEN = {"localhost", "127.0.0.1", "::1"}
MAX_LENGTE = 500


class OngeldigeCallback(ValueError):
    """A callback URL the portal will not call; the message says why (Dutch, for the supplier)."""


@dataclass(frozen=True)
class Doel:
    """Where one POST goes: the URL's parts and the checked address to connect to."""

    https: bool
    host: str
    poort: int
    pad: str
    adres: str


@dataclass(frozen=True)
class Resultaat:
    """The receiver's answer: accepted (2xx), or what went wrong (status or the network error)."""

    status: int | None
    fout: str = ""

    @property
    def gelukt(self) -> bool:
        return self.status is not None and 200 <= self.status < 300

    @property
    def onbereikbaar(self) -> bool:
        """Down or overloaded (no answer, 429, 503): the receiver's other events wait too. Another error is about
        this one request; the next event may still go through."""
        return self.status is None or self.status in (429, 503)


def lokaal_toegestaan() -> bool:
    return bool(getattr(settings, "MELDINGEN_LOKAAL_TOESTAAN", settings.DEBUG))


def _delen(url: str) -> SplitResult:
    if len(url) > MAX_LENGTE:
        raise OngeldigeCallback(f"De callback-URL is langer dan {MAX_LENGTE} tekens.")
    if any(teken in url for teken in "\x00\r\n\t "):
        raise OngeldigeCallback("De callback-URL bevat spaties of stuurtekens.")
    try:
        delen = urlsplit(url)
        delen.port  # noqa: B018  (raises ValueError for a port that is not a number)
    except ValueError:
        raise OngeldigeCallback("De callback-URL is geen geldige URL.") from None
    if delen.scheme not in ("https", "http") or not delen.hostname:
        raise OngeldigeCallback("De callback-URL moet beginnen met https:// en een hostnaam hebben.")
    if delen.username is not None or delen.password is not None:
        raise OngeldigeCallback("Zet geen gebruikersnaam of wachtwoord in de callback-URL; de handtekening bewijst "
                                "dat de melding van het portaal komt.")
    if delen.fragment:
        raise OngeldigeCallback("Een callback-URL heeft geen #-deel.")
    if delen.scheme == "http" and not (lokaal_toegestaan() and delen.hostname in LOKALE_NAMEN):
        raise OngeldigeCallback("De callback-URL moet https gebruiken (http alleen naar localhost in een test- of "
                                "ontwikkelomgeving).")
    return delen


def _publiek(adres: str) -> bool:
    ip = ipaddress.ip_address(adres.split("%")[0])
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        ip = ip.ipv4_mapped
    return ip.is_global and not ip.is_multicast


def _adressen(host: str, poort: int) -> list[str]:
    try:
        gevonden = socket.getaddrinfo(host, poort, type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError):
        raise OngeldigeCallback(f"De hostnaam {host} van de callback-URL bestaat niet (DNS).") from None
    return list(dict.fromkeys(str(info[4][0]) for info in gevonden))


def doel(url: str) -> Doel:
    """Check the URL and resolve its host; every address must be public unless local targets are allowed."""
    delen = _delen(url)
    https = delen.scheme == "https"
    host = delen.hostname or ""
    poort = delen.port or (443 if https else 80)
    adressen = _adressen(host, poort)
    if not lokaal_toegestaan():
        verboden = [adres for adres in adressen if not _publiek(adres)]
        if verboden or not adressen:
            raise OngeldigeCallback(f"De callback-URL wijst naar een intern of gereserveerd adres "
                                    f"({', '.join(verboden) or 'geen adres'}); alleen publieke adressen zijn "
                                    "toegestaan.")
    pad = (delen.path or "/") + (f"?{delen.query}" if delen.query else "")
    return Doel(https, host, poort, pad, adressen[0])


def controleer(url: str) -> str:
    """The URL if the portal may call it, else OngeldigeCallback; for a new subscription."""
    doel(url)
    return url


class _Verbinding(http.client.HTTPConnection):
    """An HTTP connection to the checked address (not to a new DNS answer for the host name)."""

    def __init__(self, doel_: Doel, timeout: float) -> None:
        super().__init__(doel_.host, doel_.poort, timeout=timeout)
        self._adres = doel_.adres

    def connect(self) -> None:
        self.sock = socket.create_connection((self._adres, self.port), self.timeout)
        self.sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)


class _TlsVerbinding(http.client.HTTPSConnection):
    """The same for https: TCP to the checked address, TLS (SNI and certificate) for the host name."""

    def __init__(self, doel_: Doel, timeout: float) -> None:
        super().__init__(doel_.host, doel_.poort, timeout=timeout, context=ssl.create_default_context())
        self._adres = doel_.adres

    def connect(self) -> None:
        kaal = socket.create_connection((self._adres, self.port), self.timeout)
        kaal.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        self.sock = self._context.wrap_socket(kaal, server_hostname=self.host)  # type: ignore[attr-defined]


def verstuur(url: str, body: bytes, headers: dict[str, str]) -> Resultaat:
    """POST body to url once. Never raises for what the receiver or the network does: that is a Resultaat."""
    timeout = float(getattr(settings, "MELDINGEN_TIMEOUT", 5))
    try:
        bestemming = doel(url)
    except OngeldigeCallback as fout:
        return Resultaat(None, str(fout))
    klasse = _TlsVerbinding if bestemming.https else _Verbinding
    verbinding = klasse(bestemming, timeout)
    try:
        verbinding.request("POST", bestemming.pad, body=body, headers=headers)
        antwoord = verbinding.getresponse()
        antwoord.read(4096)  # a little, so the connection closes cleanly; the content does not matter
        return Resultaat(antwoord.status, "" if 200 <= antwoord.status < 300 else f"HTTP {antwoord.status}")
    except (OSError, http.client.HTTPException) as fout:
        return Resultaat(None, f"{type(fout).__name__}: {fout}"[:300])
    finally:
        verbinding.close()
