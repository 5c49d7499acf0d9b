"""Reading DUO's open data "alle schoolvestigingen basisonderwijs" into plain, typed records.

Why separate from applying (toepassen.py): reading needs no database and no transaction, so a file can be
checked (and its bad rows reported) without touching the register, and the rules for a trustworthy row
live in one place. See registratie/data/SOURCE.md for the file itself.

- ``lees_bestand`` recognises the 2026 and the 2020 column names by the header, normalises every value,
  and rejects a row it cannot trust with a Dutch reason and its line number. A rejected row is skipped,
  never fatal; an unrecognised header is fatal (``ImportFout``) before anything is written.
- The result is a ``Bestand``: accepted ``Vestigingsregel``s and rejected ``Weigering``s. The models are
  consulted only for their field lengths, so a value the database would refuse is rejected here.
"""

from __future__ import annotations

import codecs
import csv
import io
import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any, NamedTuple

from django.db import models

from registratie.models import Instellingserkenning, Vestigingserkenning
from registratie.services.adres import POSTCODE, normaliseer_postcode

DATA_MAP = Path(__file__).resolve().parent.parent / "data"
DEMO_BESTAND = DATA_MAP / "02.-alle-schoolvestigingen-basisonderwijs.csv"
OUD_BESTAND = DATA_MAP / "alle-vestigingen-bo.csv"
SPECIAAL_BESTAND = DATA_MAP / "09.-alle-vestigingen-sbo-so-en-vso.csv"
BESTUREN_BESTAND = DATA_MAP / "duo_besturen.csv"
LEERLINGEN_BESTAND = DATA_MAP / "06.-historisch-overzicht-aantal-leerlingen-per-schoolvestiging.csv"

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

Soort = Instellingserkenning.Soort
SOORT_KOLOM = "SOORT PRIMAIR ONDERWIJS"
# DUO's kinds in the special-school file; SBAO is speciaal basisonderwijs.
SOORT_SPECIAAL = {"SBAO": Soort.SBO, "SO": Soort.SO, "VSO": Soort.VSO, "(V)SO": Soort.VSO_SO}
CLUSTER = re.compile(r"[1-4](?:/[1-4])?")


@dataclass(frozen=True)
class Formaat:
    """A version of DUO's column names; only the two code columns were renamed between them.

    ``speciaal``: the file of SBO, SO and VSO schools, which adds the soort and the cluster per vestiging;
    the basisonderwijs files list basisscholen (BAO) only. ``bereik`` is what a file speaks for: only
    erkenningen of those soorten can be "gone" when the file no longer lists them.
    """

    naam: str
    instellingscode: str
    vestigingscode: str
    speciaal: bool = False

    @property
    def bereik(self) -> frozenset[str]:
        return frozenset(SOORT_SPECIAAL.values()) if self.speciaal else frozenset({Soort.BAO})


FORMATEN = (
    Formaat("sbo-so-vso", "INSTELLINGSCODE", "VESTIGINGSCODE", speciaal=True),
    Formaat("2026", "INSTELLINGSCODE", "VESTIGINGSCODE"),
    Formaat("2020", "BRIN NUMMER", "VESTIGINGSNUMMER"),
)
GEDEELDE_KOLOMMEN = (
    "BEVOEGD GEZAG NUMMER", "VESTIGINGSNAAM", "STRAATNAAM", "HUISNUMMER-TOEVOEGING", "POSTCODE",
    "PLAATSNAAM", "GEMEENTENUMMER", "GEMEENTENAAM", "DENOMINATIE", "TELEFOONNUMMER", "INTERNETADRES",
)


class Vestigingsregel(NamedTuple):
    """One accepted row: a BRIN6 with its BRIN4 and bevoegd gezag, values already normalised.

    A named tuple, not a frozen dataclass: reading makes one per row (and an ``Instellingsgegevens`` per BRIN4),
    and a tuple is made in a tenth of the time a dataclass instance takes (0.15 against 1.4 µs, measured).
    Immutable all the same; compared field by field."""

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
    soort: str = Soort.BAO
    cluster: str = ""

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
    bestand: str = ""  # set when several files are imported together, so the reader knows which

    def __str__(self) -> str:
        waar = f"{self.bestand} " if self.bestand else ""
        return f"{waar}regel {self.regelnummer}: {self.reden}"


class Instellingsgegevens(NamedTuple):
    """A BRIN4 as the snapshot describes it, derived from its vestigingen (a named tuple, as Vestigingsregel)."""

    code: str
    naam: str
    bevoegd_gezag: str
    denominatie: str
    soort: str = Soort.BAO
    cluster: str = ""


def soort_van_instelling(soorten: set[str], hoofdvestiging: str) -> str:
    """One soort for a BRIN4 whose vestigingen DUO lists with several (10 in the special-school file).

    SO and VSO vestigingen under one BRIN4 make it a school for (voortgezet) speciaal onderwijs, (V)SO;
    any other mix (not in DUO's files) keeps the hoofdvestiging's soort.
    """
    if len(soorten) == 1:
        return next(iter(soorten))
    if soorten <= {Soort.SO, Soort.VSO, Soort.VSO_SO}:
        return Soort.VSO_SO
    return hoofdvestiging


def cluster_van_instelling(clusters: Iterable[str]) -> str:
    """The clusters of all vestigingen together: '3' and '3/4' → '3/4'."""
    cijfers = sorted({c for cluster in clusters for c in cluster.split("/") if c})
    return "/".join(cijfers)


@dataclass
class Bestand:
    """A read snapshot: accepted rows and rejected rows; nothing is in the database yet.

    One or more vestigingen files (basisonderwijs, special schools) read together; ``bereik`` holds the
    soorten they speak for (see Formaat.bereik), ``per_bestand`` the rows read per file for the report.
    """

    formaat: str
    regels: list[Vestigingsregel]
    weigeringen: list[Weigering]
    aantal_regels: int
    naam: str = ""
    bereik: frozenset[str] = frozenset({Soort.BAO})
    per_bestand: dict[str, Bestandstelling] = field(default_factory=dict)
    _instellingen: dict[str, Instellingsgegevens] | None = field(default=None, init=False, repr=False, compare=False)

    def bevoegde_gezagen(self) -> set[str]:
        return {r.bevoegd_gezag for r in self.regels}

    def vestigingen(self) -> dict[str, Vestigingsregel]:
        return {r.vestigingscode: r for r in self.regels}

    def instellingen(self) -> dict[str, Instellingsgegevens]:
        """BRIN4 name and denominatie come from the hoofdvestiging (volgnummer 00), else the lowest code.

        DUO gives a denominatie per vestiging (8 BRIN4s differ between their vestigingen); the file has
        no BRIN4 name at all, and the hoofdvestiging's name is how the school is known.

        Made once: the reader counts the schools by soort with it, the importer applies it (a snapshot's rows do
        not change after reading; ``voeg_samen`` makes a new one)."""
        if self._instellingen is None:
            self._instellingen = self._maak_instellingen()
        return self._instellingen

    def _maak_instellingen(self) -> dict[str, Instellingsgegevens]:
        per_instelling: dict[str, list[Vestigingsregel]] = defaultdict(list)
        for regel in self.regels:
            per_instelling[regel.instellingscode].append(regel)
        uit = {}
        for code, regels in per_instelling.items():
            if len(regels) == 1:  # most BRIN4s: one vestiging, whose soort and cluster are the BRIN4's
                bron = regels[0]
                soort = bron.soort
                cluster = cluster_van_instelling((bron.cluster,)) if bron.cluster else ""
            else:
                bron = min(regels, key=lambda r: r.vestigingscode)
                soort = soort_van_instelling({r.soort for r in regels}, bron.soort)
                cluster = cluster_van_instelling(r.cluster for r in regels)
            uit[code] = Instellingsgegevens(code, bron.naam, bron.bevoegd_gezag, bron.denominatie, soort, cluster)
        return uit

    def voeg_samen(self, ander: Bestand) -> Bestand:
        """Two vestigingen files as one snapshot (basisonderwijs plus special schools), checked together."""
        weigeringen = [*_met_bestand(self.weigeringen, self.naam), *_met_bestand(ander.weigeringen, ander.naam)]
        regels, dubbel = controleer_samenhang([*self.regels, *ander.regels])
        return Bestand(f"{self.formaat}+{ander.formaat}", regels, weigeringen + dubbel,
                       self.aantal_regels + ander.aantal_regels, f"{self.naam} + {ander.naam}",
                       self.bereik | ander.bereik, {**self.per_bestand, **ander.per_bestand})

    def beschermde_codes(self) -> set[str]:
        """Codes named in rejected rows: we do not know their state, so they must not be closed."""
        return {code for weigering in self.weigeringen for code in weigering.codes}


@dataclass(frozen=True)
class Bestandstelling:
    """What one file held, for the per-file report: rows, rejected rows and schools (BRIN4) per soort."""

    formaat: str
    regels: int
    geweigerd: int
    scholen_per_soort: dict[str, int]


def _met_bestand(weigeringen: list[Weigering], naam: str) -> list[Weigering]:
    return [w if w.bestand else Weigering(w.regelnummer, w.reden, w.codes, naam) for w in weigeringen]


def _lees_inhoud(bron: Path | str | bytes, naam: str) -> tuple[bytes, str]:
    if isinstance(bron, bytes):
        return bron, naam
    pad = Path(bron)
    try:
        return pad.read_bytes(), naam or pad.name
    except OSError as fout:
        raise ImportFout(f"Het bestand {pad} kan niet worden gelezen: {fout.strerror or fout}.") from fout


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
    formaat = next((f for f in FORMATEN if {f.instellingscode, f.vestigingscode} <= posities.keys()
                    and (SOORT_KOLOM in posities) == f.speciaal), None)
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
    if formaat.speciaal and "CLUSTER" not in posities:
        raise ImportFout("In de kopregel ontbreekt de kolom CLUSTER (bestand sbo, so en vso). Er is niets ingelezen.")
    extra = (SOORT_KOLOM, "CLUSTER") if formaat.speciaal else ()
    nodig = (*GEDEELDE_KOLOMMEN, formaat.instellingscode, formaat.vestigingscode, *extra)
    return formaat, {k: posities[k] for k in nodig}


def lees_bestand(bron: Path | str | bytes, naam: str = "") -> Bestand:
    """Read and check a snapshot; raises ImportFout only for problems with the file as a whole."""
    inhoud, naam = _lees_inhoud(bron, naam)
    rijen = _csv_rijen(decodeer(inhoud))
    kopregel = next(rijen, None)
    if kopregel is None or isinstance(kopregel[1], str):
        raise ImportFout("Het bestand is leeg of de kopregel is onleesbaar. Er is niets ingelezen.")
    formaat, kolommen = herken_formaat(normaliseer_kop(kopregel[1]))
    breedte = len(kopregel[1])
    plan = leesplan(kolommen, formaat)
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
            regels.append(lees_regel(velden, plan, regelnummer))
        except Afgewezen as afwijzing:
            codes = _leesbare_codes(velden, kolommen, formaat)
            weigeringen.append(Weigering(regelnummer, afwijzing.reden, codes))
    regels, dubbel = controleer_samenhang(regels)
    weigeringen = sorted(weigeringen + dubbel, key=lambda w: w.regelnummer)
    bestand = Bestand(formaat.naam, regels, weigeringen, aantal, naam, formaat.bereik)
    per_soort = Counter(i.soort for i in bestand.instellingen().values())
    bestand.per_bestand[naam] = Bestandstelling(formaat.naam, aantal, len(weigeringen), dict(sorted(per_soort.items())))
    return bestand


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
        if velden and (velden[0].strip() or any(v.strip() for v in velden)):  # mostly decided by the first field
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


def _tekst(velden: list[str], kolom: tuple[int, str, int], problemen: list[str], tekens_goed: bool = False) -> str:
    """The value at ``kolom`` (position, description, maximum length; ``Leesplan.teksten``) with DUO's padding
    stripped (' ' or 80 spaces means empty), checked for what the database would refuse.

    ``tekens_goed``: the whole row is known to hold no unreadable character nor control character (``_schone_rij``),
    so this value's own search is skipped."""
    positie, omschrijving, maximum = kolom
    waarde = velden[positie].strip()
    if tekens_goed:
        pass
    elif "\ufffd" in waarde:
        problemen.append(f"{omschrijving} bevat een onleesbaar teken (het bestand hoort Windows-1252 te zijn)")
    elif STUURTEKEN.search(waarde):
        problemen.append(f"{omschrijving} bevat een stuurteken (bijvoorbeeld een tab of regeleinde)")
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


class Leesplan(NamedTuple):
    """Where a file's columns are and what their values may hold, worked out once per file from its header
    (``leesplan``), so that reading a row looks nothing up by name."""

    formaat: Formaat
    bevoegd_gezag: int
    instellingscode: int
    vestigingscode: int
    huisnummer: int
    postcode: int
    teksten: tuple[tuple[int, str, int], ...]  # (position, description, maximum length) per text value, in order
    soort: int  # -1 for a file without the special schools' soort and cluster
    cluster: int


# The text values of a row in the order their problems are reported: column, description, model and field (length).
_TEKSTEN = (
    ("VESTIGINGSNAAM", "de vestigingsnaam", Vestigingserkenning, "naam"),
    ("STRAATNAAM", "de straatnaam", Vestigingserkenning, "straatnaam"),
    ("PLAATSNAAM", "de plaatsnaam", Vestigingserkenning, "plaatsnaam"),
    ("GEMEENTENUMMER", "het gemeentenummer", Vestigingserkenning, "gemeentenummer"),
    ("GEMEENTENAAM", "de gemeentenaam", Vestigingserkenning, "gemeentenaam"),
    ("DENOMINATIE", "de denominatie", Instellingserkenning, "denominatie"),
    ("TELEFOONNUMMER", "het telefoonnummer", Vestigingserkenning, "telefoonnummer"),
    ("INTERNETADRES", "het internetadres", Vestigingserkenning, "internetadres"),
)


def leesplan(kolommen: dict[str, int], formaat: Formaat) -> Leesplan:
    teksten = tuple((kolommen[kolom], omschrijving, _max_lengte(model, veld))
                    for kolom, omschrijving, model, veld in _TEKSTEN)
    return Leesplan(formaat, kolommen["BEVOEGD GEZAG NUMMER"], kolommen[formaat.instellingscode],
                    kolommen[formaat.vestigingscode], kolommen["HUISNUMMER-TOEVOEGING"], kolommen["POSTCODE"],
                    teksten, kolommen.get(SOORT_KOLOM, -1), kolommen.get("CLUSTER", -1))


def lees_regel(velden: list[str], plan: Leesplan, regelnummer: int) -> Vestigingsregel:
    """Normalise one row; raise Afgewezen with every problem found, so one fix pass is enough."""
    problemen: list[str] = []
    bevoegd_gezag = velden[plan.bevoegd_gezag].strip()
    instellingscode = velden[plan.instellingscode].strip().upper()
    vestigingscode = velden[plan.vestigingscode].strip().upper()
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

    schoon = _schone_rij(velden)
    (naam_, straat_, plaats_, gemeentenummer_, gemeentenaam_, denominatie_, telefoon_, internet_) = plan.teksten
    naam = _tekst(velden, naam_, problemen, schoon)
    if not naam:
        problemen.append("de vestigingsnaam ontbreekt")
    straatnaam = _tekst(velden, straat_, problemen, schoon)
    huisnummer, toevoeging = _lees_huisnummer(velden[plan.huisnummer], problemen, schoon)
    postcode = _lees_postcode(velden[plan.postcode], problemen)
    plaatsnaam = _tekst(velden, plaats_, problemen, schoon)
    gemeentenummer = _tekst(velden, gemeentenummer_, problemen, schoon)
    if gemeentenummer.isascii() and gemeentenummer.isdigit():
        gemeentenummer = gemeentenummer.zfill(4)  # CBS codes are 4 digits; older files dropped the zeros
    gemeentenaam = _tekst(velden, gemeentenaam_, problemen, schoon)
    denominatie = _tekst(velden, denominatie_, problemen, schoon)
    telefoonnummer = _tekst(velden, telefoon_, problemen, schoon)
    internetadres = normaliseer_internetadres(_tekst(velden, internet_, problemen, schoon))
    soort, cluster = _lees_soort(velden, plan, problemen)
    if problemen:
        raise Afgewezen("; ".join(problemen))
    assert huisnummer is not None  # guaranteed: _lees_huisnummer adds a problem otherwise
    return Vestigingsregel(regelnummer, bevoegd_gezag, instellingscode, vestigingscode, naam, straatnaam, huisnummer,
                           toevoeging, postcode, plaatsnaam, gemeentenummer, gemeentenaam, denominatie, telefoonnummer,
                           internetadres, soort, cluster)


def _lees_soort(velden: list[str], plan: Leesplan, problemen: list[str]) -> tuple[str, str]:
    """BAO for the basisonderwijs files; the special-school file says SBAO, SO, VSO or (V)SO and a cluster."""
    if not plan.formaat.speciaal:
        return Soort.BAO, ""
    waarde = velden[plan.soort].strip().upper()
    soort = SOORT_SPECIAAL.get(waarde, "")
    if not soort:
        problemen.append(f"onbekende soort primair onderwijs '{waarde[:20]}' (verwacht SBAO, SO, VSO of (V)SO)")
    cluster = velden[plan.cluster].strip()
    if cluster and not CLUSTER.fullmatch(cluster):
        problemen.append(f"onbekend cluster '{cluster[:20]}' (verwacht 1, 2, 3, 4 of bijvoorbeeld 3/4)")
    return soort, cluster


def _schone_rij(velden: list[str]) -> bool:
    """Whether no field of the row holds an unreadable character (U+FFFD) or a control character: one pass over
    the row in C instead of a regex search per field. isprintable() is False for every control character (and for
    a few more, such as a non-breaking space); a row it refuses, or with U+FFFD anywhere (even in padding that
    stripping removes, or in a column that is not read), is checked field by field as before: the same reasons."""
    rij = "".join(velden)
    return "\ufffd" not in rij and rij.isprintable()


def _lees_huisnummer(waarde: str, problemen: list[str], tekens_goed: bool = False) -> tuple[int | None, str]:
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
    elif not tekens_goed and ("\ufffd" in toevoeging or STUURTEKEN.search(toevoeging)):
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
