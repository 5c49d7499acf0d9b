"""Address normalisation and checks (rule 2): postcode stored as 1234AB, huisnummer 1..99999.

Also the address service's vocabulary (issue 18 §3): an ``Adres``, the ``Adresdienst`` interface that the
implementations in registratie/adressen/ fulfil, and the rule for what its answer means for a typed address
(``controleer`` + ``adresdienst_fouten``). Defined here, not in registratie/adressen, so that the services need
not import the implementations (which read DUO's files through the importer).
"""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass, field
from typing import Any, Protocol

from django.utils.translation import gettext

from kern.fouten import Fouten
from registratie.models.locatie import toon_postcode

POSTCODE = re.compile(r"^[1-9][0-9]{3}[A-Z]{2}$")


def normaliseer_postcode(invoer: str) -> str:
    # str.split() drops the same whitespace as the regex \s+ did (both Python's Unicode isspace), without the
    # regex cache lookup per call (6,000 per DUO import).
    return "".join((invoer or "").split()).upper()


def postcode_fouten(fouten: Fouten, postcode: str, veld: str = "postcode", verplicht: bool = True) -> None:
    if not postcode:
        if verplicht:
            fouten.voeg_toe(veld, gettext("Vul de postcode in, bijvoorbeeld 1234 AB."))
        return
    if not POSTCODE.match(postcode):
        fouten.voeg_toe(veld, gettext("'%(postcode)s' is geen geldige postcode. Gebruik vier cijfers (niet "
                                      "beginnend met 0) en twee letters, bijvoorbeeld 1234 AB.") % {
                                          "postcode": postcode})


def huisnummer_fouten(fouten: Fouten, huisnummer: int | None, toevoeging: str, veld: str = "huisnummer",
                      veld_toevoeging: str = "huisnummertoevoeging", verplicht: bool = True) -> None:
    if huisnummer is None:
        if verplicht:
            fouten.voeg_toe(veld, gettext("Vul het huisnummer in (alleen cijfers; een letter hoort bij de "
                                          "toevoeging)."))
    elif not 1 <= huisnummer <= 99999:
        fouten.voeg_toe(veld, gettext("Het huisnummer ligt tussen 1 en 99999."))
    if len(toevoeging or "") > 6:
        fouten.voeg_toe(veld_toevoeging, gettext("De toevoeging is hoogstens 6 tekens, bijvoorbeeld A of 2-hoog."))
    elif toevoeging and not toevoeging.isprintable():  # e.g. a NUL byte, which PostgreSQL cannot store
        fouten.voeg_toe(veld_toevoeging, gettext("De toevoeging bevat een teken dat niet kan (zoals een tab of "
                                                 "regelovergang). Gebruik letters en cijfers, bijvoorbeeld A of "
                                                 "2-hoog."))


# --- The address service (issue 18 §3; docs/adressen.md) ----------------------------------------------------

# The most suggestions a caller gets, whatever it asks: a combobox shows a handful, not a city.
MAX_SUGGESTIES = 10


class DienstNietBereikbaar(Exception):
    """The address service did not answer (timeout, refused, HTTP error, not JSON): never fatal for a form."""


@dataclass(frozen=True)
class Adres:
    """A Dutch address as the register stores it (rule 2), with the BAG id of its nummeraanduiding if known."""

    postcode: str  # 1234AB
    huisnummer: int
    toevoeging: str  # huisletter and huisnummertoevoeging together, upper case ("A", "2HOOG", "")
    straatnaam: str
    plaatsnaam: str
    bag_id: str = ""  # 16 digits (nummeraanduiding); empty where the service does not know it

    @property
    def nummer(self) -> str:
        return f"{self.huisnummer}-{self.toevoeging}" if self.toevoeging else str(self.huisnummer)

    @property
    def weergave(self) -> str:
        return f"{self.straatnaam} {self.nummer}, {toon_postcode(self.postcode)} {self.plaatsnaam}".strip()

    def als_json(self) -> dict[str, Any]:
        return {**asdict(self), "weergave": self.weergave}


class Adresdienst(Protocol):
    """What the portal asks an address service. Every method may raise DienstNietBereikbaar."""

    naam: str
    # True for a service that knows every Dutch address (the BAG): a postcode it does not know is wrong there.
    # The local default knows only the schools' addresses, so an unknown postcode proves nothing.
    volledig: bool

    def suggesties(self, tekst: str, maximum: int = MAX_SUGGESTIES) -> list[Adres]:
        """Addresses matching what a person has typed so far ("kerkstr 5 utr", "1234 ab 5")."""
        ...

    def zoek(self, postcode: str, huisnummer: int, toevoeging: str = "") -> Adres | None:
        """The address with exactly this postcode, huisnummer and toevoeging, or None."""
        ...

    def op_postcode(self, postcode: str) -> list[Adres]:
        """Every address the service knows at this postcode (to say which numbers exist)."""
        ...


def gelijke_toevoeging(a: str, b: str) -> bool:
    """'a', 'A' and '-A' are the same toevoeging; so are 'A2' and 'A-2' (huisletter plus toevoeging)."""
    return re.sub(r"[^0-9A-Z]", "", a.upper()) == re.sub(r"[^0-9A-Z]", "", b.upper())


@dataclass(frozen=True)
class Adrescontrole:
    """What the address service said about a typed address: found (with its BAG id), or what it does know."""

    dienst: str
    bereikbaar: bool = True
    adres: Adres | None = None
    volledig: bool = False
    op_postcode: tuple[Adres, ...] = field(default=())

    @property
    def bag_id(self) -> str:
        return self.adres.bag_id if self.adres else ""


def controleer(dienst: Adresdienst, postcode: str, huisnummer: int, toevoeging: str = "") -> Adrescontrole:
    """Ask the service about one address; an unreachable service is an answer too (bereikbaar=False)."""
    try:
        adres = dienst.zoek(postcode, huisnummer, toevoeging)
        bekend = () if adres else tuple(dienst.op_postcode(postcode))
    except DienstNietBereikbaar:
        return Adrescontrole(dienst.naam, bereikbaar=False)
    return Adrescontrole(dienst.naam, adres=adres, volledig=dienst.volledig, op_postcode=bekend)


def adresdienst_fouten(fouten: Fouten, controle: Adrescontrole, postcode: str, huisnummer: int,
                       toevoeging: str) -> None:
    """An address the service should know but does not is an error that says what it does know.

    The service knows the postcode but not this number (or toevoeging): a typing mistake, most likely. A
    complete service (the BAG) that does not know the postcode at all: the same. An unreachable service, or
    the local default that does not know the postcode: no error (the caller shows a warning for the first).
    """
    if not controle.bereikbaar or controle.adres is not None:
        return
    nummer = f"{huisnummer}-{toevoeging}" if toevoeging else str(huisnummer)
    if controle.op_postcode:
        bekend = sorted(controle.op_postcode, key=lambda a: (a.huisnummer, a.toevoeging))
        nummers = ", ".join(a.nummer for a in bekend[:12]) + (" …" if len(bekend) > 12 else "")
        straat = bekend[0].straatnaam
        fouten.voeg_toe("huisnummer", f"Op postcode {toon_postcode(postcode)} ({straat}) kent de adresdienst "
                                      f"huisnummer {nummer} niet; wel: {nummers}. Kies een van deze nummers, "
                                      "of controleer de postcode. Ontbreekt het adres in de BAG, neem dan "
                                      "contact op met de gemeente.")
    elif controle.volledig:
        fouten.voeg_toe("postcode", f"De postcode {toon_postcode(postcode)} staat niet in de BAG. Controleer de "
                                    "postcode, of neem contact op met de gemeente als het adres in de BAG "
                                    "ontbreekt.")
