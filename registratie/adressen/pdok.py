"""PDOK Locatieserver (v3.1), the BAG's addresses over HTTP: ``/free`` with Solr filters, type ``adres`` only.

One GET per question, with a timeout; anything but a JSON answer of the documented shape (timeout, refused
connection, HTTP error, HTML, a missing field) becomes DienstNietBereikbaar, so a form never breaks on it.
Only what a person typed as an address (or a postcode and number) is sent; nothing about schools or boards.
"""

from __future__ import annotations

import json
import logging
import re
import urllib.error
import urllib.parse
import urllib.request
from typing import Any

from registratie.adressen.lokaal import MAX_ZOEKTEKST
from registratie.services.adres import MAX_SUGGESTIES, Adres, DienstNietBereikbaar, gelijke_toevoeging

logger = logging.getLogger(__name__)

VELDEN = ("id,weergavenaam,type,postcode,huisnummer,huisletter,huisnummertoevoeging,straatnaam,woonplaatsnaam,"
          "nummeraanduiding_id")
# What may go into a Solr filter: a postcode 1234AB and a number; anything else is not asked.
POSTCODE = re.compile(r"[1-9][0-9]{3}[A-Z]{2}")
MAX_OP_POSTCODE = 100  # a postcode has at most a few dozen addresses; a flat of hundreds is cut off
MAX_ANTWOORD = 2_000_000  # bytes: a bigger answer is not an address list


class Pdok:
    naam = "pdok"
    volledig = True

    def __init__(self, basis_url: str, timeout: float = 2.0) -> None:
        if urllib.parse.urlsplit(basis_url).scheme not in {"http", "https"}:  # never file: or ftp: from settings
            raise ValueError(f"PDOK_LOCATIESERVER_URL moet met https:// beginnen, niet {basis_url[:40]!r}.")
        self.basis_url = basis_url.rstrip("/")
        self.timeout = timeout

    def _vraag(self, pad: str, parameters: list[tuple[str, str]]) -> list[dict[str, Any]]:
        url = f"{self.basis_url}/{pad}?{urllib.parse.urlencode(parameters)}"
        verzoek = urllib.request.Request(url, headers={"Accept": "application/json"})  # noqa: S310  http(s) only
        try:
            with urllib.request.urlopen(verzoek, timeout=self.timeout) as antwoord:  # noqa: S310  http(s) only
                inhoud = antwoord.read(MAX_ANTWOORD + 1)
            if len(inhoud) > MAX_ANTWOORD:
                raise ValueError("antwoord te groot")
            docs = json.loads(inhoud)["response"]["docs"]
            if not isinstance(docs, list):
                raise ValueError("response.docs is geen lijst")
            return docs
        except (OSError, ValueError, KeyError, TypeError) as fout:  # URLError, HTTPError and timeouts are OSErrors
            logger.warning("PDOK Locatieserver niet bereikbaar: %s (%s)", type(fout).__name__, fout)
            raise DienstNietBereikbaar(str(fout)) from fout

    def _adressen(self, docs: list[dict[str, Any]]) -> list[Adres]:
        adressen = []
        for doc in docs:
            adres = adres_uit_doc(doc)
            if adres is not None:
                adressen.append(adres)
        return adressen

    def suggesties(self, tekst: str, maximum: int = MAX_SUGGESTIES) -> list[Adres]:
        tekst = " ".join(tekst[:MAX_ZOEKTEKST].split())
        if not tekst:
            return []
        rijen = max(1, min(maximum, MAX_SUGGESTIES))
        return self._adressen(self._vraag("free", [("q", tekst), ("fq", "type:adres"), ("fl", VELDEN),
                                                   ("rows", str(rijen))]))[:rijen]

    def zoek(self, postcode: str, huisnummer: int, toevoeging: str = "") -> Adres | None:
        if not POSTCODE.fullmatch(postcode) or not 1 <= huisnummer <= 99999:
            return None
        docs = self._vraag("free", [("q", f"postcode:{postcode}"), ("fq", "type:adres"),
                                    ("fq", f"huisnummer:{huisnummer}"), ("fl", VELDEN), ("rows", "50")])
        return next((a for a in self._adressen(docs) if a.postcode == postcode and a.huisnummer == huisnummer
                     and gelijke_toevoeging(a.toevoeging, toevoeging)), None)

    def op_postcode(self, postcode: str) -> list[Adres]:
        if not POSTCODE.fullmatch(postcode):
            return []
        docs = self._vraag("free", [("q", f"postcode:{postcode}"), ("fq", "type:adres"), ("fl", VELDEN),
                                    ("rows", str(MAX_OP_POSTCODE))])
        return [a for a in self._adressen(docs) if a.postcode == postcode]


def adres_uit_doc(doc: dict[str, Any]) -> Adres | None:
    """One Locatieserver doc of type adres as an Adres; a doc without postcode or number (a street) is None."""
    if doc.get("type") != "adres":
        return None
    postcode = str(doc.get("postcode") or "").replace(" ", "").upper()
    try:
        huisnummer = int(doc.get("huisnummer") or 0)
    except (TypeError, ValueError):
        return None
    if not POSTCODE.fullmatch(postcode) or not 1 <= huisnummer <= 99999:
        return None
    toevoeging = f"{doc.get('huisletter') or ''}{doc.get('huisnummertoevoeging') or ''}".upper()[:6]
    bag_id = str(doc.get("nummeraanduiding_id") or "")
    return Adres(postcode=postcode, huisnummer=huisnummer, toevoeging=toevoeging,
                 straatnaam=str(doc.get("straatnaam") or "")[:80],
                 plaatsnaam=str(doc.get("woonplaatsnaam") or "").upper()[:40],
                 bag_id=bag_id if re.fullmatch(r"[0-9]{16}", bag_id) else "")
