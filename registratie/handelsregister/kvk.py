"""Adapter for the KvK Handelsregister Basisprofiel API v1: GET {url}/v1/basisprofielen/{kvkNummer}, header apikey.

The transport is one function (``haal``) on urllib from the standard library. The key goes only into the
request header: it is not in the URL, not in an exception message and not in ``repr`` of the adapter.
"""

import json
import urllib.error
import urllib.request
from datetime import date
from typing import Any
from urllib.parse import quote

from django.core.exceptions import ImproperlyConfigured

from registratie.handelsregister import (
    Adres,
    Basisprofiel,
    GeenToegang,
    HandelsregisterFout,
    NietBereikbaar,
    NietGevonden,
    geldig_kvk_nummer,
)

MAX_ANTWOORD = 1_000_000  # bytes; a Basisprofiel is a few kB


def haal(url: str, headers: dict[str, str], timeout: float) -> tuple[int, bytes]:
    """GET url; (status, body) for any HTTP answer, OSError (URLError, timeout) when there is none."""
    verzoek = urllib.request.Request(url, headers=headers, method="GET")  # noqa: S310 - scheme checked in __init__
    try:
        with urllib.request.urlopen(verzoek, timeout=timeout) as antwoord:  # noqa: S310 - https/http from settings
            return antwoord.status, antwoord.read(MAX_ANTWOORD + 1)
    except urllib.error.HTTPError as fout:
        with fout:
            return fout.code, fout.read(MAX_ANTWOORD + 1)


class KvkBasisprofiel:
    naam = "KvK Basisprofiel"

    def __init__(self, *, url: str, sleutel: str, timeout: float = 10) -> None:
        if not url.startswith(("https://", "http://")):
            raise ImproperlyConfigured("KVK_API_URL begint met https://, bijvoorbeeld https://api.kvk.nl/api.")
        if not sleutel:
            raise ImproperlyConfigured("KVK_API_KEY is leeg: vraag een API-sleutel aan bij de KvK.")
        self.url = url.rstrip("/")
        self._sleutel = sleutel
        self.timeout = timeout

    def __repr__(self) -> str:
        return f"KvkBasisprofiel(url={self.url!r})"  # never the key

    def basisprofiel(self, kvk_nummer: str) -> Basisprofiel:
        if not geldig_kvk_nummer(kvk_nummer):
            raise HandelsregisterFout("Een KvK-nummer bestaat uit 8 cijfers.")
        url = f"{self.url}/v1/basisprofielen/{quote(kvk_nummer, safe='')}"
        try:
            status, body = haal(url, {"apikey": self._sleutel, "Accept": "application/json"}, self.timeout)
        except (OSError, ValueError) as fout:  # URLError, timeout, refused; ValueError: a malformed URL
            raise NietBereikbaar(f"De KvK is niet bereikbaar ({type(fout).__name__}).") from None
        if status == 404:
            raise NietGevonden(f"KvK-nummer {kvk_nummer} staat niet in het Handelsregister.")
        if status in (401, 403):
            raise GeenToegang(f"De KvK weigert de API-sleutel (HTTP {status}); controleer KVK_API_KEY.")
        if status != 200:
            raise NietBereikbaar(f"De KvK antwoordde met HTTP {status}.")
        if len(body) > MAX_ANTWOORD:
            raise NietBereikbaar("Het antwoord van de KvK is te groot.")
        try:
            gegevens = json.loads(body)
        except (UnicodeDecodeError, ValueError):
            raise NietBereikbaar("Het antwoord van de KvK is geen JSON.") from None
        if not isinstance(gegevens, dict) or gegevens.get("kvkNummer") != kvk_nummer:
            raise NietBereikbaar("Het antwoord van de KvK is geen Basisprofiel van dit nummer.")
        return lees(gegevens)


def _tekst(waarde: Any) -> str:
    """A string from the answer, without control characters (PostgreSQL refuses NUL); anything else is ''."""
    if not isinstance(waarde, str):
        return ""
    return "".join(teken for teken in waarde if teken.isprintable()).strip()


def _datum(waarde: Any) -> date | None:
    """The KvK writes dates as yyyymmdd ('20080101'); an unknown part is 00 ('20080000'): then None."""
    tekst = _tekst(waarde).replace("-", "")
    if len(tekst) != 8 or not tekst.isascii() or not tekst.isdigit():
        return None
    try:
        return date(int(tekst[:4]), int(tekst[4:6]), int(tekst[6:]))
    except ValueError:
        return None


def _adres(adressen: list[Any], soort: str) -> Adres:
    for a in adressen:
        if isinstance(a, dict) and _tekst(a.get("type")).lower() == soort:
            huisnummer = a.get("huisnummer")
            toevoeging = " ".join(_tekst(a.get(v)) for v in ("huisletter", "huisnummerToevoeging") if a.get(v))
            straat = _tekst(a.get("straatnaam")) or _tekst(a.get("postbusnummer") and f"Postbus {a['postbusnummer']}")
            return Adres(straatnaam=straat,
                         huisnummer=huisnummer if isinstance(huisnummer, int) and 0 < huisnummer < 100000 else None,
                         toevoeging=toevoeging, postcode=_tekst(a.get("postcode")).replace(" ", "").upper(),
                         plaatsnaam=_tekst(a.get("plaats")).upper())
    return Adres()


def _object(waarde: Any) -> dict[str, Any]:
    return waarde if isinstance(waarde, dict) else {}


def _lijst(waarde: Any) -> list[Any]:
    return waarde if isinstance(waarde, list) else []


def lees(gegevens: dict[str, Any]) -> Basisprofiel:
    """The parts of a Basisprofiel the portal keeps; the owner's and officers' data are not read."""
    hoofd = _object(_object(gegevens.get("_embedded")).get("hoofdvestiging"))
    adressen = _lijst(hoofd.get("adressen"))
    websites = _lijst(hoofd.get("websites")) or _lijst(gegevens.get("websites"))
    website = next((_tekst(w) for w in websites if _tekst(w)), "")
    if website and not website.startswith(("http://", "https://")):
        website = f"https://{website}"  # the KvK gives 'www.school.nl'
    materieel = _object(gegevens.get("materieleRegistratie"))
    return Basisprofiel(
        kvk_nummer=_tekst(gegevens.get("kvkNummer")),
        naam=_tekst(gegevens.get("statutaireNaam")) or _tekst(gegevens.get("naam")),
        bezoekadres=_adres(adressen, "bezoekadres"),
        postadres=_adres(adressen, "correspondentieadres"),
        website=website,
        telefoonnummer=_tekst(hoofd.get("telefoonnummer") or gegevens.get("telefoonnummer")),
        datum_aanvang=_datum(materieel.get("datumAanvang")) or _datum(gegevens.get("formeleRegistratiedatum")),
        datum_einde=_datum(materieel.get("datumEinde")),
    )
