"""Reading DUO's supplementary files: board names and KvK numbers, and pupils per vestiging.

They add to the erkenningen of the vestigingen files (lezen.py) and create none of their own: a board of the
list that has no school in the register (a VO or MBO board, say) is not the portal's business. Like lezen.py,
a row that cannot be trusted is rejected with its line number and a Dutch reason; a file whose header is not
recognised is refused as a whole (ImportFout). See registratie/data/SOURCE.md for the files.
"""

from __future__ import annotations

import codecs
import csv
import io
import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from registratie.importer.lezen import BEVOEGD_GEZAG_NUMMER, BRIN6, STUURTEKEN, ImportFout, Weigering, _lees_inhoud
from registratie.models import BevoegdGezag, Instellingserkenning

Soort = Instellingserkenning.Soort
KVK = re.compile(r"[0-9]{8}")
BESTUREN_KOLOMMEN = ("kvk", "naam", "herkomst", "bevoegd_gezag")
LEERLINGEN_KOP = re.compile(r"LEERLINGEN_([0-9]{4})")
# SOORT_VESTIGING of the pupils file → the soort of a BRIN4.
SOORT_LEERLINGEN = {"BO": Soort.BAO, "SBO": Soort.SBO, "SO": Soort.SO, "VSO": Soort.VSO, "SO/VSO": Soort.VSO_SO}
MAX_NAAM = BevoegdGezag._meta.get_field("naam").max_length


def soort_bestand(inhoud: bytes) -> str:
    """Which of DUO's files this is, by its header: 'besturen', 'leerlingen' or 'vestigingen' (the rest)."""
    kop = inhoud[:2000].removeprefix(codecs.BOM_UTF8).split(b"\n", 1)[0].decode("cp1252", errors="replace").upper()
    if kop.startswith("KVK,NAAM") or ("KVK" in kop and "HERKOMST" in kop):
        return "besturen"
    if "LEERLINGEN_" in kop:
        return "leerlingen"
    return "vestigingen"


def _tekst_utf8(inhoud: bytes) -> str:
    """UTF-8 (with or without BOM); a cp1252 file is still read, so one odd export is not refused."""
    inhoud = inhoud.removeprefix(codecs.BOM_UTF8)
    try:
        return inhoud.decode("utf-8")
    except UnicodeDecodeError:
        return inhoud.decode("cp1252", errors="replace")


# --- Board names and KvK numbers ----------------------------------------------------------------------

@dataclass(frozen=True)
class Bestuursnaam:
    """A bevoegd gezag as DUO's board list names it: the current name, KvK number and older names (RIO)."""

    nummer: str
    naam: str
    kvk_nummer: str
    eerdere_namen: tuple[str, ...] = ()


@dataclass
class Besturenbestand:
    naam: str
    besturen: dict[str, Bestuursnaam]
    weigeringen: list[Weigering] = field(default_factory=list)
    aantal_regels: int = 0


def lees_besturen(bron: Path | str | bytes, naam: str = "") -> Besturenbestand:
    """Read duo_besturen.csv: one 'besturenlijst' row (current name) per board, 'rio' rows for older names."""
    inhoud, naam = _lees_inhoud(bron, naam)
    lezer = csv.DictReader(io.StringIO(_tekst_utf8(inhoud), newline=""))
    kop = [k.strip().lower() for k in (lezer.fieldnames or [])]
    ontbrekend = [k for k in BESTUREN_KOLOMMEN if k not in kop]
    if ontbrekend:
        raise ImportFout(f"De kopregel van het besturenbestand mist de kolommen {', '.join(ontbrekend)} "
                         "(verwacht kvk,naam,herkomst,soort,bevoegd_gezag). Er is niets ingelezen.")
    lezer.fieldnames = kop
    huidig: dict[str, tuple[str, str]] = {}
    eerder: dict[str, list[str]] = {}
    weigeringen: list[Weigering] = []
    aantal = 0
    for rij in lezer:
        aantal += 1
        regelnummer = lezer.line_num
        nummers = [n.strip() for n in (rij.get("bevoegd_gezag") or "").split("+")]
        kvk, bestuursnaam = (rij.get("kvk") or "").strip(), " ".join((rij.get("naam") or "").split())
        problemen = _bestuur_problemen(nummers, kvk, bestuursnaam)
        if problemen:
            weigeringen.append(Weigering(regelnummer, "; ".join(problemen), bestand=naam))
            continue
        for nummer in nummers:
            if (rij.get("herkomst") or "").strip() == "besturenlijst":
                if nummer in huidig:
                    weigeringen.append(Weigering(regelnummer, f"bevoegd gezag {nummer} heeft al een huidige naam "
                                                              "(herkomst besturenlijst) op een eerdere regel",
                                                 bestand=naam))
                    continue
                huidig[nummer] = (bestuursnaam, kvk)
            else:
                eerder.setdefault(nummer, []).append(bestuursnaam)
    besturen = {
        nummer: Bestuursnaam(nummer, bestuursnaam, kvk,
                             tuple(sorted({n for n in eerder.get(nummer, []) if n != bestuursnaam})))
        for nummer, (bestuursnaam, kvk) in huidig.items()
    }
    return Besturenbestand(naam, besturen, weigeringen, aantal)


def _bestuur_problemen(nummers: list[str], kvk: str, naam: str) -> list[str]:
    problemen = [f"ongeldig bevoegd-gezagnummer '{n[:20]}' (verwacht 5 cijfers)"
                 for n in nummers if not BEVOEGD_GEZAG_NUMMER.fullmatch(n)]
    if not KVK.fullmatch(kvk):
        problemen.append(f"ongeldig KvK-nummer '{kvk[:20]}' (verwacht 8 cijfers)")
    if not naam:
        problemen.append("de naam ontbreekt")
    elif len(naam) > MAX_NAAM:
        problemen.append(f"de naam is {len(naam)} tekens; het maximum is {MAX_NAAM}")
    elif STUURTEKEN.search(naam) or "\ufffd" in naam:
        problemen.append("de naam bevat een onleesbaar teken of stuurteken")
    return problemen


# --- Pupils per vestiging ------------------------------------------------------------------------------

@dataclass(frozen=True)
class Leerlingtelling:
    """A BRIN6's latest count as DUO writes it ('312' or '<5'), its year, and the kind DUO gives the vestiging."""

    vestigingscode: str
    aantal: str
    jaar: int | None
    soort: str


@dataclass
class Leerlingenbestand:
    naam: str
    tellingen: dict[str, Leerlingtelling]
    weigeringen: list[Weigering] = field(default_factory=list)
    aantal_regels: int = 0

    def vestigingen_per_soort(self) -> dict[str, int]:
        return dict(sorted(Counter(t.soort for t in self.tellingen.values()).items()))


def lees_leerlingen(bron: Path | str | bytes, naam: str = "") -> Leerlingenbestand:
    """Read '06.-historisch-overzicht-aantal-leerlingen-per-schoolvestiging': per BRIN6 the latest count."""
    inhoud, naam = _lees_inhoud(bron, naam)
    rijen = csv.reader(io.StringIO(_tekst_utf8(inhoud), newline=""), delimiter=";")
    kop = [" ".join(k.split()).upper() for k in next(rijen, [])]
    jaren = sorted(((int(m.group(1)), i) for i, k in enumerate(kop) if (m := LEERLINGEN_KOP.fullmatch(k))),
                   reverse=True)
    if "VESTIGINGSCODE" not in kop or "SOORT_VESTIGING" not in kop or not jaren:
        raise ImportFout("De kopregel van het leerlingenbestand is niet herkend: verwacht VESTIGINGSCODE, "
                         "SOORT_VESTIGING en kolommen LEERLINGEN_JJJJ, gescheiden door ';'. Er is niets ingelezen.")
    code_kolom, soort_kolom = kop.index("VESTIGINGSCODE"), kop.index("SOORT_VESTIGING")
    tellingen: dict[str, Leerlingtelling] = {}
    weigeringen: list[Weigering] = []
    aantal = 0
    for velden in rijen:
        if not any(v.strip() for v in velden):
            continue
        aantal += 1
        regelnummer = rijen.line_num
        if len(velden) != len(kop):
            weigeringen.append(Weigering(regelnummer, f"de regel heeft {len(velden)} velden, de kopregel {len(kop)}",
                                         bestand=naam))
            continue
        code, soort_duo = velden[code_kolom].strip().upper(), velden[soort_kolom].strip().upper()
        problemen = []
        if not BRIN6.fullmatch(code):
            problemen.append(f"ongeldige vestigingscode (BRIN6) '{code[:20]}'")
        elif code in tellingen:
            problemen.append(f"dubbele vestigingscode {code}")
        if soort_duo not in SOORT_LEERLINGEN:
            problemen.append(f"onbekende soort vestiging '{soort_duo[:20]}' (verwacht BO, SBO, SO, VSO of SO/VSO)")
        laatste = next(((jaar, velden[i].strip()) for jaar, i in jaren if velden[i].strip()), None)
        if laatste is not None and not (laatste[1] == "<5" or (laatste[1].isascii() and laatste[1].isdigit()
                                        and len(laatste[1]) <= 6)):
            problemen.append(f"ongeldig aantal leerlingen '{laatste[1][:20]}' in {laatste[0]} (verwacht een getal "
                             "of <5)")
        if problemen:
            weigeringen.append(Weigering(regelnummer, "; ".join(problemen), (code,), naam))
            continue
        # "031" and "31" are one count; "<5" stays as DUO writes it.
        aantal_leerlingen, jaar = ((laatste[1] if laatste[1] == "<5" else str(int(laatste[1])), laatste[0])
                                   if laatste else ("", None))
        tellingen[code] = Leerlingtelling(code, aantal_leerlingen, jaar, SOORT_LEERLINGEN[soort_duo])
    return Leerlingenbestand(naam, tellingen, weigeringen, aantal)
