"""Importer of DUO's open data "alle schoolvestigingen basisonderwijs" into the erkenningen.

Why: in RIO the juridische werkelijkheid (bevoegd gezag, BRIN4, BRIN6) comes from DUO, never from the
board (rio-po.md §1.11). DUO publishes it monthly as a CSV, so this importer turns one snapshot of that
file into BevoegdGezag / Instellingserkenning / Vestigingserkenning rows and gives every bevoegd gezag
its onderwijsbestuur (999B999), the way DUO creates boards from erkenningen (§1.3).

How it behaves (see registratie/data/SOURCE.md for the file itself):

- Reading (``lees_bestand``) recognises the 2026 and the 2020 column names by the header, normalises
  every value, and rejects a row it cannot trust with a Dutch reason and its line number. A rejected
  row is skipped, never fatal; an unrecognised header is fatal (``ImportFout``) before anything is
  written.
- Applying (``importeer``) runs in one transaction and compares the snapshot with what is stored:
  new codes are created, differences (renames, moves, a BRIN4 under another bevoegd gezag) are
  updated, codes absent from the newer snapshot are closed per the day before the peildatum
  (einddatum is inclusive, docs/adr/0001). A second run of the same file changes nothing.
  Every change gets its own AuditRegel in the same transaction.
- Speed (issue #7): new rows (erkenningen, boards with their periods, audit entries) are written in bulk,
  on PostgreSQL with COPY (``services/bulk.py``), and the boards through the domain service's batch
  variant; the rule that decides what is written is the same as row by row.
- ``vul_registratie`` (demo and benchmark data) registers through the domain services one aanbieder
  per BRIN4, one locatiegebruik per address and one BO aangeboden opleiding per aanbieder.
"""

from __future__ import annotations

import codecs
import csv
import io
import re
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date
from functools import cache
from pathlib import Path
from time import perf_counter
from typing import Any

from django.db import connections, models, router, transaction
from django.utils import timezone

from kern.fouten import RegelFout
from kern.tijd import dag_voor
from registratie.models import (
    AuditRegel,
    BevoegdGezag,
    Instellingserkenning,
    JuridischeRelatie,
    Onderwijsbestuur,
    Vestigingserkenning,
    Vestigingsrelatie,
)
from registratie.services import bulk
from registratie.services import organisatie as organisatie_services
from registratie.services.adres import POSTCODE, normaliseer_postcode
from registratie.services.regels import datum

Actie = AuditRegel.Actie

DOOR = "importeer_duo_open_data"
# RIO for primary education went live on 1 August 2021: boards (and hence everything registered under
# them) exist in RIO from that day. DUO's file carries no dates, so on the very first import this is
# the only honest begindatum for a board; the erkenningen themselves get an unknown (NULL) begindatum.
RIO_PO_START = date(2021, 8, 1)

DATA_MAP = Path(__file__).resolve().parent.parent / "data"
DEMO_BESTAND = DATA_MAP / "02.-alle-schoolvestigingen-basisonderwijs.csv"
OUD_BESTAND = DATA_MAP / "alle-vestigingen-bo.csv"

# Codes are checked with ASCII classes: Python's \d also accepts e.g. Arabic-Indic digits.
BEVOEGD_GEZAG_NUMMER = re.compile(r"[0-9]{5}")
BRIN4 = re.compile(r"[0-9]{2}[A-Z]{2}")
BRIN6 = re.compile(r"[0-9]{2}[A-Z]{2}[0-9]{2}")
VOLGNUMMER = re.compile(r"[0-9]{1,2}")
# "5", "5-A", "128-130", "27-A 29", "2/3", "5A": leading number, optional separator, the rest.
HUISNUMMER_TOEVOEGING = re.compile(r"([0-9]+)\s*(?:[-/]\s*)?(.*)", re.DOTALL)
# Unicode's control characters (category Cc): one regex search instead of a category lookup per character.
STUURTEKEN = re.compile("[\x00-\x1f\x7f-\x9f]")


class ImportFout(Exception):
    """The file as a whole cannot be imported (unreadable, unknown header); nothing is written."""


# --- The file ----------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Formaat:
    """A version of DUO's column names; only the two code columns were renamed between them."""

    naam: str
    instellingscode: str
    vestigingscode: str


FORMATEN = (
    Formaat("2026", "INSTELLINGSCODE", "VESTIGINGSCODE"),
    Formaat("2020", "BRIN NUMMER", "VESTIGINGSNUMMER"),
)
GEDEELDE_KOLOMMEN = (
    "BEVOEGD GEZAG NUMMER", "VESTIGINGSNAAM", "STRAATNAAM", "HUISNUMMER-TOEVOEGING", "POSTCODE",
    "PLAATSNAAM", "GEMEENTENUMMER", "GEMEENTENAAM", "DENOMINATIE", "TELEFOONNUMMER", "INTERNETADRES",
)


@dataclass(frozen=True)
class Vestigingsregel:
    """One accepted row: a BRIN6 with its BRIN4 and bevoegd gezag, values already normalised."""

    regelnummer: int
    bevoegd_gezag: str
    instellingscode: str
    vestigingscode: str
    naam: str
    straatnaam: str
    huisnummer: int
    huisnummertoevoeging: str
    postcode: str
    plaatsnaam: str
    gemeentenummer: str
    gemeentenaam: str
    denominatie: str
    telefoonnummer: str
    internetadres: str

    def vestigingswaarden(self) -> dict[str, Any]:
        """The Vestigingserkenning fields this row sets (the instelling is added by the caller)."""
        return {
            "naam": self.naam, "straatnaam": self.straatnaam, "huisnummer": self.huisnummer,
            "huisnummertoevoeging": self.huisnummertoevoeging, "postcode": self.postcode,
            "plaatsnaam": self.plaatsnaam, "gemeentenummer": self.gemeentenummer,
            "gemeentenaam": self.gemeentenaam, "telefoonnummer": self.telefoonnummer,
            "internetadres": self.internetadres,
        }


@dataclass(frozen=True)
class Weigering:
    """A skipped row and why, so the reader can fix or report it to DUO."""

    regelnummer: int
    reden: str
    # Whatever codes could be read from the row: they are "unknown", not "gone", so never closed.
    codes: tuple[str, ...] = ()

    def __str__(self) -> str:
        return f"regel {self.regelnummer}: {self.reden}"


@dataclass(frozen=True)
class Instellingsgegevens:
    """A BRIN4 as the snapshot describes it, derived from its vestigingen."""

    code: str
    naam: str
    bevoegd_gezag: str
    denominatie: str


@dataclass
class Bestand:
    """A read snapshot: accepted rows and rejected rows; nothing is in the database yet."""

    formaat: str
    regels: list[Vestigingsregel]
    weigeringen: list[Weigering]
    aantal_regels: int
    naam: str = ""

    def bevoegde_gezagen(self) -> set[str]:
        return {r.bevoegd_gezag for r in self.regels}

    def vestigingen(self) -> dict[str, Vestigingsregel]:
        return {r.vestigingscode: r for r in self.regels}

    def instellingen(self) -> dict[str, Instellingsgegevens]:
        """BRIN4 name and denominatie come from the hoofdvestiging (volgnummer 00), else the lowest code.

        DUO gives a denominatie per vestiging (8 BRIN4s differ between their vestigingen); the file has
        no BRIN4 name at all, and the hoofdvestiging's name is how the school is known.
        """
        per_instelling: dict[str, list[Vestigingsregel]] = defaultdict(list)
        for regel in self.regels:
            per_instelling[regel.instellingscode].append(regel)
        uit = {}
        for code, regels in per_instelling.items():
            bron = min(regels, key=lambda r: r.vestigingscode)
            uit[code] = Instellingsgegevens(code, bron.naam, bron.bevoegd_gezag, bron.denominatie)
        return uit

    def beschermde_codes(self) -> set[str]:
        """Codes named in rejected rows: we do not know their state, so they must not be closed."""
        return {code for weigering in self.weigeringen for code in weigering.codes}


def decodeer(inhoud: bytes) -> str:
    """DUO writes cp1252; a UTF-8 file is accepted only with a BOM (what DUO's newer portal emits).

    Undecodable bytes become U+FFFD, and a row that needs such a value is rejected rather than the
    whole file: one bad byte should not block 6,000 good rows.
    """
    if inhoud.startswith(codecs.BOM_UTF8):
        return inhoud[len(codecs.BOM_UTF8):].decode("utf-8", errors="replace")
    return inhoud.decode("cp1252", errors="replace")


def normaliseer_kop(kop: Iterable[str]) -> list[str]:
    return [" ".join(naam.split()).upper() for naam in kop]


def herken_formaat(kop: list[str]) -> tuple[Formaat, dict[str, int]]:
    """The format by its code columns, and the position of every column we read."""
    posities: dict[str, int] = {}
    for i, naam in enumerate(kop):
        if naam in posities and naam:
            raise ImportFout(f"De kolom '{naam}' staat twee keer in de kopregel; zo is niet te zeggen welke "
                             "bedoeld is. Gebruik het bestand zoals DUO het levert.")
        posities.setdefault(naam, i)
    formaat = next((f for f in FORMATEN if {f.instellingscode, f.vestigingscode} <= posities.keys()), None)
    if formaat is None:
        raise ImportFout(
            "De kopregel is niet herkend als DUO-bestand 'alle schoolvestigingen basisonderwijs': verwacht "
            "de kolommen INSTELLINGSCODE en VESTIGINGSCODE (formaat 2026) of BRIN NUMMER en VESTIGINGSNUMMER "
            f"(formaat 2020), gescheiden door ';'. Gevonden: {'; '.join(kop)[:300]}. Er is niets ingelezen."
        )
    ontbrekend = [k for k in GEDEELDE_KOLOMMEN if k not in posities]
    if ontbrekend:
        raise ImportFout(f"In de kopregel ontbreken de kolommen {', '.join(ontbrekend)}. "
                         "Er is niets ingelezen.")
    nodig = (*GEDEELDE_KOLOMMEN, formaat.instellingscode, formaat.vestigingscode)
    return formaat, {k: posities[k] for k in nodig}


def lees_bestand(bron: Path | str | bytes, naam: str = "") -> Bestand:
    """Read and check a snapshot; raises ImportFout only for problems with the file as a whole."""
    if isinstance(bron, bytes):
        inhoud = bron
    else:
        pad = Path(bron)
        naam = naam or pad.name
        try:
            inhoud = pad.read_bytes()
        except OSError as fout:
            raise ImportFout(f"Het bestand {pad} kan niet worden gelezen: {fout.strerror or fout}.") from fout
    rijen = _csv_rijen(decodeer(inhoud))
    kopregel = next(rijen, None)
    if kopregel is None or isinstance(kopregel[1], str):
        raise ImportFout("Het bestand is leeg of de kopregel is onleesbaar. Er is niets ingelezen.")
    formaat, kolommen = herken_formaat(normaliseer_kop(kopregel[1]))
    breedte = len(kopregel[1])
    regels: list[Vestigingsregel] = []
    weigeringen: list[Weigering] = []
    aantal = 0
    for regelnummer, velden in rijen:
        aantal += 1
        if isinstance(velden, str):
            weigeringen.append(Weigering(regelnummer, velden))
            continue
        if len(velden) != breedte:
            weigeringen.append(Weigering(regelnummer, f"de regel heeft {len(velden)} velden, de kopregel "
                                                      f"{breedte}; is er een ';' te veel of te weinig?",
                                         _leesbare_codes(velden, kolommen, formaat)))
            continue
        try:
            regels.append(lees_regel(velden, kolommen, formaat, regelnummer))
        except Afgewezen as afwijzing:
            codes = _leesbare_codes(velden, kolommen, formaat)
            weigeringen.append(Weigering(regelnummer, afwijzing.reden, codes))
    regels, dubbel = controleer_samenhang(regels)
    weigeringen = sorted(weigeringen + dubbel, key=lambda w: w.regelnummer)
    return Bestand(formaat.naam, regels, weigeringen, aantal, naam)


def _csv_rijen(tekst: str) -> Iterator[tuple[int, list[str] | str]]:
    """(line number, fields) per non-empty row, or (line number, reason) when the CSV parser gives up.

    DUO quotes a field CSV-style when it holds quotes (Basisschool "Kla4" is written with doubled
    quotes inside quotes), so splitting on ';' is not enough. The line number is that of the row's
    first line, as an editor shows it.
    """
    lezer = csv.reader(io.StringIO(tekst, newline=""), delimiter=";")
    begin = 1
    while True:
        try:
            velden = next(lezer)
        except StopIteration:
            return
        except csv.Error as fout:
            yield begin, f"de regel is geen geldige CSV ({fout})"
            begin = lezer.line_num + 1
            continue
        if velden and any(v.strip() for v in velden):
            yield begin, velden
        begin = lezer.line_num + 1


class Afgewezen(Exception):
    """A row is skipped; reden lists every problem found in it."""

    def __init__(self, reden: str) -> None:
        super().__init__(reden)
        self.reden = reden


def _leesbare_codes(velden: list[str], kolommen: dict[str, int], formaat: Formaat) -> tuple[str, ...]:
    """Best-effort codes of a rejected row (kept from closure); empty when unreadable."""
    def veld(kolom: str) -> str:
        positie = kolommen[kolom]
        return velden[positie].strip().upper() if positie < len(velden) else ""

    bevoegd_gezag, instelling, vestiging = (veld("BEVOEGD GEZAG NUMMER"), veld(formaat.instellingscode),
                                            veld(formaat.vestigingscode))
    if VOLGNUMMER.fullmatch(vestiging):
        vestiging = instelling + vestiging.zfill(2)
    return tuple(c for c in (bevoegd_gezag, instelling, vestiging) if c)


@cache
def _max_lengte(model: type[models.Model], veld: str) -> int:
    return model._meta.get_field(veld).max_length


def _tekst(waarde: str, omschrijving: str, model: type[models.Model], veld: str, problemen: list[str]) -> str:
    """Strip DUO's padding (' ' or 80 spaces means empty) and check what the database would refuse."""
    waarde = waarde.strip()
    if "\ufffd" in waarde:
        problemen.append(f"{omschrijving} bevat een onleesbaar teken (het bestand hoort Windows-1252 te zijn)")
    elif STUURTEKEN.search(waarde):
        problemen.append(f"{omschrijving} bevat een stuurteken (bijvoorbeeld een tab of regeleinde)")
    maximum = _max_lengte(model, veld)
    if len(waarde) > maximum:
        problemen.append(f"{omschrijving} is {len(waarde)} tekens; het maximum is {maximum}")
    return waarde


def splits_huisnummer(waarde: str) -> tuple[int | None, str]:
    """'5-A' → (5, 'A'); '128-130' → (128, '130'); '27-A 29' → (27, 'A 29'); no leading number → None."""
    treffer = HUISNUMMER_TOEVOEGING.fullmatch(waarde.strip())
    if treffer is None or len(treffer.group(1)) > 5:  # > 99999, and int() of huge strings is slow
        return None, waarde.strip()
    return int(treffer.group(1)), treffer.group(2).strip()


def normaliseer_internetadres(waarde: str) -> str:
    """Kept as DUO gives it (mostly without scheme); only a trailing '/' goes, so equal sites compare equal."""
    return waarde.strip().rstrip("/")


def lees_regel(velden: list[str], kolommen: dict[str, int], formaat: Formaat, regelnummer: int) -> Vestigingsregel:
    """Normalise one row; raise Afgewezen with every problem found, so one fix pass is enough."""
    problemen: list[str] = []

    def veld(kolom: str) -> str:
        return velden[kolommen[kolom]]

    bevoegd_gezag = veld("BEVOEGD GEZAG NUMMER").strip()
    instellingscode = veld(formaat.instellingscode).strip().upper()
    vestigingscode = veld(formaat.vestigingscode).strip().upper()
    if not BEVOEGD_GEZAG_NUMMER.fullmatch(bevoegd_gezag):
        problemen.append(f"ongeldig bevoegd-gezagnummer '{bevoegd_gezag[:20]}' (verwacht 5 cijfers)")
    if not BRIN4.fullmatch(instellingscode):
        problemen.append(f"ongeldige instellingscode (BRIN4) '{instellingscode[:20]}' "
                         "(verwacht 2 cijfers en 2 hoofdletters, zoals 04IU)")
    if VOLGNUMMER.fullmatch(vestigingscode):
        vestigingscode = instellingscode + vestigingscode.zfill(2)  # older files: only the volgnummer
    if not BRIN6.fullmatch(vestigingscode):
        problemen.append(f"ongeldige vestigingscode (BRIN6) '{vestigingscode[:20]}' "
                         "(verwacht 2 cijfers, 2 hoofdletters en 2 cijfers, zoals 04IU00)")
    elif BRIN4.fullmatch(instellingscode) and not vestigingscode.startswith(instellingscode):
        problemen.append(f"vestigingscode {vestigingscode} begint niet met de instellingscode "
                         f"{instellingscode}")

    V = Vestigingserkenning  # short alias keeps the field list readable
    naam = _tekst(veld("VESTIGINGSNAAM"), "de vestigingsnaam", V, "naam", problemen)
    if not naam:
        problemen.append("de vestigingsnaam ontbreekt")
    straatnaam = _tekst(veld("STRAATNAAM"), "de straatnaam", V, "straatnaam", problemen)
    huisnummer, toevoeging = _lees_huisnummer(veld("HUISNUMMER-TOEVOEGING"), problemen)
    postcode = _lees_postcode(veld("POSTCODE"), problemen)
    plaatsnaam = _tekst(veld("PLAATSNAAM"), "de plaatsnaam", V, "plaatsnaam", problemen)
    gemeentenummer = _tekst(veld("GEMEENTENUMMER"), "het gemeentenummer", V, "gemeentenummer", problemen)
    if gemeentenummer.isascii() and gemeentenummer.isdigit():
        gemeentenummer = gemeentenummer.zfill(4)  # CBS codes are 4 digits; older files dropped the zeros
    gemeentenaam = _tekst(veld("GEMEENTENAAM"), "de gemeentenaam", V, "gemeentenaam", problemen)
    denominatie = _tekst(veld("DENOMINATIE"), "de denominatie", Instellingserkenning, "denominatie", problemen)
    telefoonnummer = _tekst(veld("TELEFOONNUMMER"), "het telefoonnummer", V, "telefoonnummer", problemen)
    internetadres = normaliseer_internetadres(
        _tekst(veld("INTERNETADRES"), "het internetadres", V, "internetadres", problemen))
    if problemen:
        raise Afgewezen("; ".join(problemen))
    assert huisnummer is not None  # guaranteed: _lees_huisnummer adds a problem otherwise
    return Vestigingsregel(regelnummer, bevoegd_gezag, instellingscode, vestigingscode, naam, straatnaam,
                           huisnummer, toevoeging, postcode, plaatsnaam, gemeentenummer, gemeentenaam,
                           denominatie, telefoonnummer, internetadres)


def _lees_huisnummer(waarde: str, problemen: list[str]) -> tuple[int | None, str]:
    """Rule 2: huisnummer 1..99999 and a toevoeging of at most 6 characters (RIO's and the BAG's limit)."""
    if not waarde.strip():
        problemen.append("het huisnummer ontbreekt")
        return None, ""
    huisnummer, toevoeging = splits_huisnummer(waarde)
    if huisnummer is None or not 1 <= huisnummer <= 99999:
        problemen.append(f"ongeldig huisnummer '{waarde.strip()[:20]}' (verwacht een getal van 1 tot 99999, "
                         "eventueel gevolgd door '-' en een toevoeging)")
        return None, ""
    maximum = _max_lengte(Vestigingserkenning, "huisnummertoevoeging")
    if len(toevoeging) > maximum:
        problemen.append(f"de huisnummertoevoeging '{toevoeging[:20]}' is langer dan {maximum} tekens")
    elif "\ufffd" in toevoeging or STUURTEKEN.search(toevoeging):
        problemen.append("de huisnummertoevoeging bevat een onleesbaar teken of stuurteken")
    return huisnummer, toevoeging


def _lees_postcode(waarde: str, problemen: list[str]) -> str:
    """Rule 2: stored without space as 1234AB."""
    postcode = normaliseer_postcode(waarde)
    if not postcode:
        problemen.append("de postcode ontbreekt")
    elif not POSTCODE.fullmatch(postcode):
        problemen.append(f"ongeldige postcode '{waarde.strip()[:20]}' (verwacht 1234 AB)")
    return postcode


def controleer_samenhang(regels: list[Vestigingsregel]) -> tuple[list[Vestigingsregel], list[Weigering]]:
    """Checks across rows: a vestigingscode once, a BRIN4 under one bevoegd gezag. The first row wins.

    The first one wins because DUO's files are sorted and a later duplicate is the likelier mistake;
    the reason names the line of the first, so a reader can compare the two.
    """
    gezien_vestiging: dict[str, int] = {}
    gezag_van_instelling: dict[str, tuple[str, int]] = {}
    goed: list[Vestigingsregel] = []
    fout: list[Weigering] = []
    for regel in regels:
        codes = (regel.bevoegd_gezag, regel.instellingscode, regel.vestigingscode)
        if regel.vestigingscode in gezien_vestiging:
            eerste = gezien_vestiging[regel.vestigingscode]
            fout.append(Weigering(regel.regelnummer, f"dubbele vestigingscode {regel.vestigingscode} "
                                                     f"(ook op regel {eerste})", codes))
            continue
        eerder = gezag_van_instelling.get(regel.instellingscode)
        if eerder is not None and eerder[0] != regel.bevoegd_gezag:
            fout.append(Weigering(regel.regelnummer, f"instelling {regel.instellingscode} hoort op regel "
                                                     f"{eerder[1]} bij bevoegd gezag {eerder[0]}, hier bij "
                                                     f"{regel.bevoegd_gezag}", codes))
            continue
        gezien_vestiging[regel.vestigingscode] = regel.regelnummer
        gezag_van_instelling.setdefault(regel.instellingscode, (regel.bevoegd_gezag, regel.regelnummer))
        goed.append(regel)
    return goed, fout


# --- Applying a snapshot -------------------------------------------------------------------------------

SOORTEN = ("bevoegd gezag", "BRIN4", "BRIN6", "onderwijsbestuur")


@dataclass
class Telling:
    aangemaakt: int = 0
    gewijzigd: int = 0
    ongewijzigd: int = 0
    beeindigd: int = 0
    geweigerd: int = 0


@dataclass
class Importresultaat:
    bestand: str
    formaat: str
    peildatum: date
    eerste_import: bool
    tellingen: dict[str, Telling] = field(default_factory=lambda: {s: Telling() for s in SOORTEN})
    weigeringen: list[Weigering] = field(default_factory=list)
    meldingen: list[str] = field(default_factory=list)
    duur: float = 0.0


def toestand(obj: models.Model) -> dict[str, Any]:
    """JSON-safe state for the audit trail; a foreign key is shown by its code, as users know it."""
    uit: dict[str, Any] = {}
    for veld in obj._meta.concrete_fields:
        if veld.name in ("id", "bijgewerkt_op"):
            continue
        waarde = getattr(obj, veld.name)
        if isinstance(veld, models.ForeignKey):
            waarde = None if waarde is None else _sleutel(waarde)
        elif isinstance(waarde, date):
            waarde = waarde.isoformat()
        uit[veld.name] = waarde
    return uit


@dataclass
class _Notitie:
    actie: str
    objecttype: str
    objectcode: str
    bevoegd_gezag: str
    omschrijving: str
    ingangsdatum: date | None
    voor: dict[str, Any] | None
    na: dict[str, Any]


class Auditboek:
    """Collects the audit entries of one import and writes them in one bulk write at the end.

    They are written last so that the bestuurcode (the board whose trail shows the entry) is known
    even for a bevoegd gezag whose board this same import creates.
    """

    def __init__(self) -> None:
        self._notities: list[_Notitie] = []

    def noteer(self, actie: str, obj: models.Model, *, bevoegd_gezag: str, voor: dict[str, Any] | None,
               omschrijving: str, ingangsdatum: date | None) -> None:
        self._notities.append(_Notitie(actie, str(obj._meta.verbose_name), _sleutel(obj), bevoegd_gezag,
                                       omschrijving, ingangsdatum, voor, toestand(obj)))

    def schrijf(self) -> int:
        bestuurcodes = dict(Onderwijsbestuur.objects.filter(bevoegd_gezag__isnull=False)
                            .values_list("bevoegd_gezag__nummer", "code"))
        # gebruiker_id rather than gebruiker=None: the same NULL, without Django's default lookup per row.
        bulk.schrijf_nieuw([
            AuditRegel(gebruiker_id=None, gebruikersnaam=DOOR, actie=n.actie, objecttype=n.objecttype,
                       objectcode=n.objectcode, bestuurcode=bestuurcodes.get(n.bevoegd_gezag, ""),
                       omschrijving=n.omschrijving[:300], ingangsdatum=n.ingangsdatum, voor=n.voor, na=n.na)
            for n in self._notities
        ])
        return len(self._notities)


def _sleutel(obj: models.Model) -> str:
    return obj.nummer if isinstance(obj, BevoegdGezag) else obj.code


def _is_beeindigd(obj: models.Model, peildatum: date) -> bool:
    return obj.einddatum is not None and obj.einddatum < peildatum


def _verschillen(obj: models.Model, waarden: dict[str, Any]) -> list[str]:
    """Fields whose stored value differs; a foreign key compares by id so no query is needed."""
    anders = []
    for naam, waarde in waarden.items():
        if isinstance(waarde, models.Model):
            if getattr(obj, f"{naam}_id") != waarde.pk:
                anders.append(naam)
        elif getattr(obj, naam) != waarde:
            anders.append(naam)
    return anders


@dataclass
class _Toepassing:
    """The context every step of one import needs."""

    peildatum: date
    eerste_import: bool
    boek: Auditboek
    resultaat: Importresultaat

    @property
    def begindatum_nieuw(self) -> date | None:
        """Unknown on the first import (DUO's file has no dates); else the snapshot's date."""
        return None if self.eerste_import else self.peildatum

    @property
    def einddatum_weg(self) -> date:
        """Absent from the snapshot of the peildatum: its last valid day is the day before."""
        return dag_voor(self.peildatum)


def _pas_erkenningen_toe(ctx: _Toepassing, soort: str, model: type[models.Model], bestaand: dict[str, Any],
                         gewenst: dict[str, dict[str, Any]], gezag_van: Callable[[str], str],
                         aanmaakwaarden: Callable[[str], dict[str, Any]] = lambda _code: {}) -> None:
    """Create what is new, update what differs (and reopen what was closed), leave the rest alone.

    The new objects are added to ``bestaand`` with their ids (bulk.schrijf_nieuw sets them), so the next
    step can refer to them without reading the table again.
    """
    telling = ctx.resultaat.tellingen[soort]
    sleutelveld = "nummer" if model is BevoegdGezag else "code"
    nu = timezone.now()
    nieuw: list[models.Model] = []
    gewijzigd: list[models.Model] = []
    gewijzigde_velden: set[str] = set()
    for code in sorted(gewenst):
        waarden = gewenst[code]
        obj = bestaand.get(code)
        if obj is None:
            obj = model(**{sleutelveld: code}, begindatum=ctx.begindatum_nieuw, **aanmaakwaarden(code),
                        **waarden)
            nieuw.append(obj)
            telling.aangemaakt += 1
            ctx.boek.noteer(Actie.AANGEMAAKT, obj, bevoegd_gezag=gezag_van(code), voor=None,
                            ingangsdatum=ctx.begindatum_nieuw,
                            omschrijving=f"{soort} {code} aangemaakt uit DUO open data ({_per(ctx)})")
            continue
        anders = _verschillen(obj, waarden)
        heropend = _is_beeindigd(obj, ctx.peildatum)
        if not anders and not heropend:
            telling.ongewijzigd += 1
            continue
        voor = toestand(obj)
        for naam in anders:
            setattr(obj, naam, waarden[naam])
        if heropend:
            obj.einddatum = None
            anders.append("einddatum")
        obj.bijgewerkt_op = nu
        gewijzigd.append(obj)
        gewijzigde_velden.update(anders)
        telling.gewijzigd += 1
        wat = "heropend" if heropend else "gewijzigd"
        ctx.boek.noteer(Actie.GEWIJZIGD, obj, bevoegd_gezag=gezag_van(code), voor=voor,
                        ingangsdatum=ctx.peildatum,
                        omschrijving=f"{soort} {code} {wat} ({', '.join(sorted(anders))}) uit DUO open "
                                     f"data ({_per(ctx)})")
    bulk.schrijf_nieuw(nieuw)
    bestaand.update((getattr(obj, sleutelveld), obj) for obj in nieuw)
    if gewijzigd:
        werk_bij(model, gewijzigd, [*sorted(gewijzigde_velden), "bijgewerkt_op"])


def werk_bij(model: type[models.Model], objecten: list[models.Model], veldnamen: list[str]) -> None:
    """Write the given fields of many rows with one prepared UPDATE run through executemany.

    Why not bulk_update: it builds a CASE WHEN expression per row and field, which costs Django about
    0.2 ms each; a snapshot that renames 2,000 vestigingen then takes 14 s instead of well under one.
    Table and column names come from the model's meta, the values are parameters.
    """
    if not objecten:
        return
    verbinding = connections[router.db_for_write(model)]
    naam = verbinding.ops.quote_name
    velden = [model._meta.get_field(v) for v in veldnamen]
    toewijzingen = ", ".join(f"{naam(v.column)} = %s" for v in velden)
    sql = (f"UPDATE {naam(model._meta.db_table)} SET {toewijzingen} "  # noqa: S608 - names from model meta
           f"WHERE {naam(model._meta.pk.column)} = %s")
    parameters = [[v.get_db_prep_save(getattr(obj, v.attname), verbinding) for v in velden] + [obj.pk]
                  for obj in objecten]
    with verbinding.cursor() as cursor:
        cursor.executemany(sql, parameters)


def _per(ctx: _Toepassing) -> str:
    return f"peildatum {datum(ctx.peildatum)}"


def _door_importer_aangemaakt(model: type[models.Model]) -> set[str]:
    """Codes this importer created (its audit entries say so).

    Only those are closed when absent: the file lists basisonderwijs only, so an erkenning that came
    from elsewhere (a future SO/VSO file, or entered by a functioneel beheerder) is not "gone".
    """
    return set(AuditRegel.objects.filter(gebruikersnaam=DOOR, actie=Actie.AANGEMAAKT,
                                         objecttype=str(model._meta.verbose_name))
               .values_list("objectcode", flat=True))


def _sluit_verdwenen(ctx: _Toepassing, soort: str, model: type[models.Model], bestaand: dict[str, Any],
                     aanwezig: Iterable[str], beschermd: set[str],
                     gezag_van: Callable[[Any], str]) -> list[Any]:
    """Close (einddatum = day before the peildatum) what the importer created and the snapshot lacks."""
    telling = ctx.resultaat.tellingen[soort]
    eigen = _door_importer_aangemaakt(model)
    aanwezig = set(aanwezig)
    nu = timezone.now()
    gesloten = []
    for code in sorted(bestaand):
        obj = bestaand[code]
        if code in aanwezig or code in beschermd or code not in eigen:
            continue
        if obj.einddatum is not None and obj.einddatum <= ctx.einddatum_weg:
            continue
        voor = toestand(obj)
        # An erkenning that only began on this very peildatum ends on its first day, never before it.
        obj.einddatum = max(ctx.einddatum_weg, obj.begindatum) if obj.begindatum else ctx.einddatum_weg
        obj.bijgewerkt_op = nu
        gesloten.append(obj)
        telling.beeindigd += 1
        ctx.boek.noteer(Actie.BEEINDIGD, obj, bevoegd_gezag=gezag_van(obj), voor=voor,
                        ingangsdatum=obj.einddatum,
                        omschrijving=f"{soort} {code} beëindigd per {datum(obj.einddatum)}: niet meer in "
                                     f"DUO open data ({_per(ctx)})")
    werk_bij(model, gesloten, ["einddatum", "bijgewerkt_op"])
    return gesloten


def _maak_besturen(ctx: _Toepassing, gezagen: Iterable[BevoegdGezag]) -> None:
    """One onderwijsbestuur per bevoegd gezag in the file, only through the domain service, never two.

    The missing ones go to the service in one batch, in order of bevoegd-gezagnummer, so they get their
    codes in that order.
    """
    telling = ctx.resultaat.tellingen["onderwijsbestuur"]
    met_bestuur = dict(Onderwijsbestuur.objects.filter(bevoegd_gezag__isnull=False)
                       .values_list("bevoegd_gezag_id", "einddatum"))
    begindatum = RIO_PO_START if ctx.eerste_import else max(ctx.peildatum, RIO_PO_START)
    zonder_bestuur: list[BevoegdGezag] = []
    for gezag in sorted(gezagen, key=lambda g: g.nummer):
        if gezag.pk not in met_bestuur:
            zonder_bestuur.append(gezag)
            continue
        telling.ongewijzigd += 1
        if met_bestuur[gezag.pk] is not None and met_bestuur[gezag.pk] < ctx.peildatum:
            ctx.resultaat.meldingen.append(
                f"Bevoegd gezag {gezag.nummer} staat weer in het bestand, maar zijn onderwijsbestuur is "
                f"beëindigd per {datum(met_bestuur[gezag.pk])}. Een bestuur heropenen kan alleen een "
                "functioneel beheerder.")
    organisatie_services.maak_besturen_voor_bevoegde_gezagen(zonder_bestuur, begindatum, door=DOOR)
    telling.aangemaakt += len(zonder_bestuur)


def _beeindig_besturen(ctx: _Toepassing, gezagen: list[BevoegdGezag]) -> None:
    """Rule 14: a vanished bevoegd gezag's board ends only when it has no active aanbieders; else report."""
    telling = ctx.resultaat.tellingen["onderwijsbestuur"]
    for bestuur in Onderwijsbestuur.objects.filter(bevoegd_gezag__in=gezagen).select_related("bevoegd_gezag"):
        einddatum = bestuur.bevoegd_gezag.einddatum
        if bestuur.einddatum is not None and bestuur.einddatum <= einddatum:
            continue
        if bestuur.begindatum > einddatum:
            telling.geweigerd += 1
            ctx.resultaat.meldingen.append(
                f"{_bestuur_tekst(bestuur)} is niet beëindigd: pas op {datum(bestuur.begindatum)}, na de einddatum "
                f"{datum(einddatum)}.")
            continue
        try:
            # DUO records the closure after the fact, so the portal's 'not in the past' rule does not apply.
            organisatie_services.beeindig_bestuur(bestuur, door=DOOR, einddatum=einddatum, vanuit_erkenning=True)
        except RegelFout as fout:
            telling.geweigerd += 1
            ctx.resultaat.meldingen.append(f"{_bestuur_tekst(bestuur)} is niet beëindigd: {' '.join(fout.messages)}")
        else:
            telling.beeindigd += 1


def _bestuur_tekst(bestuur: Onderwijsbestuur) -> str:
    return f"Onderwijsbestuur {bestuur.code} (bevoegd gezag {bestuur.bevoegd_gezag.nummer})"


def _meld_losse_koppelingen(ctx: _Toepassing, verhuisd: set[str], gesloten_instellingen: list[Any],
                            gesloten_vestigingen: list[Any]) -> None:
    """Tell the reader where the board's own registration now points at a changed erkenning.

    The importer does not touch aanbieders or locaties (that is the board's side); it only reports.
    """
    einde = ctx.einddatum_weg
    lopend = JuridischeRelatie.objects.exclude(einddatum__lte=einde).select_related("aanbieder__bestuur",
                                                                                     "instelling")
    gesloten4 = [i.code for i in gesloten_instellingen]
    for relatie in lopend.filter(instelling__code__in=gesloten4):
        ctx.resultaat.meldingen.append(
            f"BRIN4 {relatie.instelling.code} is beëindigd per {datum(relatie.instelling.einddatum)}, maar "
            f"{_aanbieder_tekst(relatie)} heeft er nog een lopende juridische relatie mee.")
    for relatie in lopend.filter(instelling__code__in=verhuisd):
        if relatie.aanbieder.bestuur.bevoegd_gezag_id != relatie.instelling.bevoegd_gezag_id:
            ctx.resultaat.meldingen.append(
                f"BRIN4 {relatie.instelling.code} hoort nu bij een ander bevoegd gezag, maar "
                f"{_aanbieder_tekst(relatie)} heeft er nog een lopende juridische relatie mee.")
    gesloten6 = [v.code for v in gesloten_vestigingen]
    gekoppeld = (Vestigingsrelatie.objects.exclude(einddatum__lte=einde).filter(vestiging__code__in=gesloten6)
                 .select_related("gebruik__bestuur", "gebruik__locatie", "vestiging"))
    for relatie in gekoppeld:
        ctx.resultaat.meldingen.append(
            f"BRIN6 {relatie.vestiging.code} is beëindigd per {datum(relatie.vestiging.einddatum)}, maar "
            f"locatiegebruik {relatie.gebruik.code} is er nog aan gekoppeld.")


def _aanbieder_tekst(relatie: JuridischeRelatie) -> str:
    return f"aanbieder {relatie.aanbieder.code} (bestuur {relatie.aanbieder.bestuur.code})"


@transaction.atomic
def importeer(bestand: Bestand, peildatum: date) -> Importresultaat:
    """Apply a snapshot as of peildatum: all or nothing, rejected rows skipped and reported."""
    start = perf_counter()
    eerste_import = not (BevoegdGezag.objects.exists() or Instellingserkenning.objects.exists()
                         or Vestigingserkenning.objects.exists())
    resultaat = Importresultaat(bestand.naam, bestand.formaat, peildatum, eerste_import,
                                weigeringen=list(bestand.weigeringen))
    resultaat.tellingen["BRIN6"].geweigerd = len(bestand.weigeringen)
    ctx = _Toepassing(peildatum, eerste_import, Auditboek(), resultaat)
    beschermd = bestand.beschermde_codes()

    # 1. Bevoegde gezagen. The file has no board names; an existing name (e.g. from DUO's board file)
    #    is therefore never overwritten, only a new one gets the placeholder.
    in_bestand = bestand.bevoegde_gezagen()
    gezagen = {g.nummer: g for g in BevoegdGezag.objects.all()}
    _pas_erkenningen_toe(ctx, "bevoegd gezag", BevoegdGezag, gezagen, {n: {} for n in in_bestand},
                         gezag_van=lambda nummer: nummer,
                         aanmaakwaarden=lambda nummer: {"naam": f"Bevoegd gezag {nummer}"})

    # 2. BRIN4: name and denominatie of the hoofdvestiging; a move to another bevoegd gezag is an update.
    instellingen_bestand = bestand.instellingen()
    instellingen = {i.code: i for i in Instellingserkenning.objects.select_related("bevoegd_gezag")}
    verhuisd = {code for code, gegevens in instellingen_bestand.items()
                if code in instellingen and instellingen[code].bevoegd_gezag.nummer != gegevens.bevoegd_gezag}
    _pas_erkenningen_toe(
        ctx, "BRIN4", Instellingserkenning, instellingen,
        {code: {"naam": g.naam, "bevoegd_gezag": gezagen[g.bevoegd_gezag], "denominatie": g.denominatie}
         for code, g in instellingen_bestand.items()},
        gezag_van=lambda code: instellingen_bestand[code].bevoegd_gezag)

    # 3. BRIN6: names, addresses, phone and website.
    vestigingen_bestand = bestand.vestigingen()
    vestigingen = {v.code: v for v in Vestigingserkenning.objects.select_related("instelling__bevoegd_gezag")}
    _pas_erkenningen_toe(
        ctx, "BRIN6", Vestigingserkenning, vestigingen,
        {code: {"instelling": instellingen[r.instellingscode], **r.vestigingswaarden()}
         for code, r in vestigingen_bestand.items()},
        gezag_van=lambda code: vestigingen_bestand[code].bevoegd_gezag)

    # 4. Closures: what the importer created earlier and this snapshot no longer lists.
    gesloten6 = _sluit_verdwenen(ctx, "BRIN6", Vestigingserkenning, vestigingen, vestigingen_bestand,
                                 beschermd, gezag_van=lambda v: v.instelling.bevoegd_gezag.nummer)
    gesloten4 = _sluit_verdwenen(ctx, "BRIN4", Instellingserkenning, instellingen, instellingen_bestand,
                                 beschermd, gezag_van=lambda i: i.bevoegd_gezag.nummer)
    gesloten_gezagen = _sluit_verdwenen(ctx, "bevoegd gezag", BevoegdGezag, gezagen, in_bestand, beschermd,
                                        gezag_van=lambda g: g.nummer)

    # 5. Boards: create the missing ones, end those of vanished bevoegde gezagen (rule 14).
    _maak_besturen(ctx, [gezagen[n] for n in in_bestand])
    _beeindig_besturen(ctx, gesloten_gezagen)
    _meld_losse_koppelingen(ctx, verhuisd, gesloten4, gesloten6)
    ctx.boek.schrijf()
    resultaat.duur = perf_counter() - start
    return resultaat


# --- Report -----------------------------------------------------------------------------------------

def verslag(resultaat: Importresultaat) -> list[str]:
    """The lines the command prints: a count table, then every rejected row and every note."""
    soort = "eerste import" if resultaat.eerste_import else "bijwerking"
    regels = [
        f"DUO open data {resultaat.bestand} (formaat {resultaat.formaat}), peildatum "
        f"{resultaat.peildatum.isoformat()}, {soort}:",
        f"  {'soort':<17}{'aangemaakt':>11}{'gewijzigd':>11}{'ongewijzigd':>12}{'beëindigd':>11}"
        f"{'geweigerd':>11}",
    ]
    for naam, t in resultaat.tellingen.items():
        regels.append(f"  {naam:<17}{t.aangemaakt:>11}{t.gewijzigd:>11}{t.ongewijzigd:>12}{t.beeindigd:>11}"
                      f"{t.geweigerd:>11}")
    if resultaat.weigeringen:
        regels.append(f"Geweigerde regels ({len(resultaat.weigeringen)}), overgeslagen:")
        regels.extend(f"  {w}" for w in resultaat.weigeringen)
    if resultaat.meldingen:
        regels.append(f"Let op ({len(resultaat.meldingen)}):")
        regels.extend(f"  {m}" for m in resultaat.meldingen)
    regels.append(f"Klaar in {resultaat.duur:.1f} s.")
    return regels
