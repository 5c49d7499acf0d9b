"""The local default: the real addresses of DUO's school files (registratie/data), in memory, no network.

Built once per process from the files the importer reads (``lees_bestand``: parsed in one place), about 7,000
addresses. It knows only addresses where a school is, so it can confirm an address but not prove one wrong
unless it knows the postcode (see Adresdienst.volledig). It has no BAG ids: DUO's files carry none.
"""

from __future__ import annotations

import re
import unicodedata
from collections import defaultdict
from collections.abc import Iterable
from functools import cache
from pathlib import Path

from registratie.services.adres import MAX_SUGGESTIES, Adres, gelijke_toevoeging

# The longest text searched: an address is shorter; the rest is ignored.
MAX_ZOEKTEKST = 100


def gewoon(tekst: str) -> str:
    """Text as searched: lower case, without accents, single spaces ("Kerkstraat  É" → "kerkstraat e")."""
    ontleed = unicodedata.normalize("NFKD", tekst)
    return " ".join("".join(t for t in ontleed if not unicodedata.combining(t)).casefold().split())


def zoekwoorden(tekst: str) -> list[str]:
    """The words of what was typed: control characters and punctuation separate words; at most 8 words."""
    return re.sub(r"[\W_]+", " ", gewoon(tekst[:MAX_ZOEKTEKST])).split()[:8]


class Lokaal:
    naam = "lokaal"
    volledig = False

    def __init__(self, adressen: Iterable[Adres]) -> None:
        uniek = {(a.postcode, a.huisnummer, a.toevoeging): a for a in adressen}
        self._adressen = sorted(uniek.values(), key=lambda a: (a.plaatsnaam, a.straatnaam, a.huisnummer,
                                                                a.toevoeging))
        self._teksten = [self._zoektekst(a) for a in self._adressen]
        self._per_postcode: dict[str, list[Adres]] = defaultdict(list)
        for adres in self._adressen:
            self._per_postcode[adres.postcode].append(adres)

    def __len__(self) -> int:
        return len(self._adressen)

    @staticmethod
    def _zoektekst(adres: Adres) -> str:
        """One line per address that every way of typing it can match: '1234ab', '1234 ab', '5a', '5-a'."""
        pc = adres.postcode.lower()
        nummer = f"{adres.huisnummer}{adres.toevoeging}".lower()
        return " " + gewoon(f"{adres.straatnaam} {adres.nummer} {nummer} {pc} {pc[:4]} {pc[4:]} {adres.plaatsnaam}")

    def suggesties(self, tekst: str, maximum: int = MAX_SUGGESTIES) -> list[Adres]:
        woorden = zoekwoorden(tekst)
        if not woorden:
            return []
        maximum = max(0, min(maximum, MAX_SUGGESTIES))
        # Every word must occur; an address where each word starts a word of it comes first.
        begin = [" " + w for w in woorden]
        treffers: list[tuple[int, int]] = []
        for i, regel in enumerate(self._teksten):
            if all(w in regel for w in woorden):
                treffers.append((sum(b not in regel for b in begin), i))
        treffers.sort()
        return [self._adressen[i] for _, i in treffers[:maximum]]

    def zoek(self, postcode: str, huisnummer: int, toevoeging: str = "") -> Adres | None:
        return next((a for a in self._per_postcode.get(postcode, ())
                     if a.huisnummer == huisnummer and gelijke_toevoeging(a.toevoeging, toevoeging)), None)

    def op_postcode(self, postcode: str) -> list[Adres]:
        return list(self._per_postcode.get(postcode, ()))


def adressen_uit_bestanden(paden: Iterable[Path]) -> list[Adres]:
    """The vestigingen's addresses of DUO's files, read by the importer's reader (rows it rejects are skipped)."""
    from registratie.importer.lezen import lees_bestand  # the importer imports the models; only when built

    return [Adres(r.postcode, r.huisnummer, r.huisnummertoevoeging, r.straatnaam, r.plaatsnaam)
            for pad in paden for r in lees_bestand(pad).regels]


@cache
def lokale_dienst() -> Lokaal:
    """The one local service of this process, built at first use (a few hundred ms) and kept."""
    from registratie.importer.lezen import DEMO_BESTAND, SPECIAAL_BESTAND

    return Lokaal(adressen_uit_bestanden([DEMO_BESTAND, SPECIAAL_BESTAND]))
