"""Every download's file format, written once: xlsx (kern.xlsx, streaming), CSV for Dutch Excel, safe values.

An export is declared once (``Blad``: identifier, name, columns, rows, after pretix's exporters); the format
is generic. ``schrijf`` fills the declared sheets side by side in one pass over the sources (the control
files walk the boards once and add rows to every sheet as they go) through ``XlsxSchrijver`` or
``CsvZipSchrijver``; both stream to temporary files, so memory stays bounded however many rows there are.
``CsvBestand`` is the one CSV set-up (also for a single CSV file, such as the public register).

A value that starts with =, +, - or @ (or a tab/CR) would be run as a formula by Excel; such values
are written as text with a leading apostrophe, so a name like "=HYPERLINK(...)" stays a name.
"""

import csv
import io
import re
import shutil
import tempfile
import zipfile
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path
from typing import IO, Any, cast

from django.utils import timezone

from kern.xlsx import VET, Werkblad, Werkboek

GEVAARLIJKE_BEGINTEKENS = ("=", "+", "-", "@", "\t", "\r")
# Characters XML 1.0 cannot hold (all C0 controls but tab, newline and carriage return).
ILLEGAL_CHARACTERS_RE = re.compile(r"[\000-\010]|[\013-\014]|[\016-\037]")
XLSX_MIME = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
# The MIME type per format (file extension) of a download.
MIME = {"xlsx": XLSX_MIME, "zip": "application/zip", "csv": "text/csv; charset=utf-8", "svg": "image/svg+xml"}


def lokale_tijd(moment: datetime) -> datetime:
    """A moment as the Dutch read it (TIME_ZONE, Europe/Amsterdam): the database keeps UTC, a file shows no zone."""
    return timezone.localtime(moment) if timezone.is_aware(moment) else moment


def veilige_waarde(waarde: Any) -> Any:
    """Neutralise formula injection; keep numbers and dates as they are (Excel shows them as such)."""
    if isinstance(waarde, str) and waarde.startswith(GEVAARLIJKE_BEGINTEKENS):
        return "'" + waarde
    if isinstance(waarde, datetime):
        return lokale_tijd(waarde).replace(tzinfo=None)  # Excel has no time zones: the Dutch wall clock
    return waarde


# --- xlsx ----------------------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Kolom:
    """A column of a sheet: its Dutch header and a readable width in characters.

    The width is fixed up front because a sheet filled side by side cannot look ahead at its rows
    (the sheet's XML names the column widths before the first row).
    """

    kop: str
    breedte: int = 0  # 0: wide enough for the header (at least 10)

    @property
    def kolombreedte(self) -> int:
        return self.breedte or max(10, len(self.kop) + 2)


class XlsxSchrijver:
    """An xlsx workbook whose sheets are filled in any order, row by row (kern.xlsx streams each sheet to its own
    temporary file, so rows of sheet 2 may be added before the last row of sheet 1 without holding either)."""

    def __init__(self) -> None:
        self.boek = Werkboek()
        self._bladen: dict[str, Werkblad] = {}

    def blad(self, titel: str, kolommen: Sequence[Kolom]) -> Werkblad:
        blad = self.boek.blad(titel, [k.kolombreedte for k in kolommen])
        blad.rij([k.kop for k in kolommen], stijl=VET)
        self._bladen[titel] = blad
        return blad

    def schrijf(self, titel: str, rij: Sequence[Any]) -> None:
        self._bladen[titel].rij([xlsx_waarde(w) for w in rij])

    def schrijf_rijen(self, titel: str, rijen: Iterable[Sequence[Any]]) -> None:
        blad = self._bladen[titel]
        for rij in rijen:
            blad.rij([xlsx_waarde(w) for w in rij])

    def bewaar(self, doel: str | Path | IO[bytes]) -> None:
        self.boek.bewaar(doel)


def xlsx_waarde(waarde: Any) -> Any:
    """One cell's value: text is made XML-safe and formula-safe, a moment becomes the Dutch wall clock.

    Control characters other than tab and newline cannot be stored in xlsx (XML): they are dropped
    first, so that what is left is then checked for a formula start.
    """
    if type(waarde) is str:  # the common case first: a national file has half a million cells
        if ILLEGAL_CHARACTERS_RE.search(waarde):
            waarde = ILLEGAL_CHARACTERS_RE.sub("", waarde)
        return "'" + waarde if waarde.startswith(GEVAARLIJKE_BEGINTEKENS) else waarde
    return veilige_waarde(waarde)


def csv_waarde(waarde: Any) -> str:
    """A cell as Dutch Excel reads it from CSV: dd-mm-jjjj dates, decimal comma, ja/nee, no formulas."""
    soort = type(waarde)
    if soort is str:  # the common case first: a national file has close to a million cells
        return cast(str, "'" + waarde if waarde.startswith(GEVAARLIJKE_BEGINTEKENS) else waarde)
    if waarde is None:
        return ""
    if soort is date:  # a national file has some 200,000 dates, and few different ones
        tekst = _DATUMTEKST.get(waarde)
        if tekst is None:
            tekst = waarde.strftime("%d-%m-%Y")
            if len(_DATUMTEKST) < 10_000:
                _DATUMTEKST[waarde] = tekst
        return tekst
    if soort is int:
        tekst = str(waarde)
        return "'" + tekst if waarde < 0 else tekst  # "-5" starts like a formula
    if isinstance(waarde, bool):
        return "ja" if waarde else "nee"
    if isinstance(waarde, datetime):
        return lokale_tijd(waarde).strftime("%d-%m-%Y %H:%M")
    if isinstance(waarde, date):
        return waarde.strftime("%d-%m-%Y")
    if isinstance(waarde, float | Decimal):
        return str(waarde).replace(".", ",")
    return str(veilige_waarde(str(waarde)))


# dd-mm-jjjj per date already written (a date is immutable; the table stops growing at 10,000 dates).
_DATUMTEKST: dict[date, str] = {}


class _Regel:
    """A file-like object whose write returns the line: csv.writer then hands out lines one by one."""

    def write(self, regel: str) -> str:
        return regel


class CsvBestand:
    """One CSV file as Dutch Excel opens it directly: ';', CRLF, UTF-8 with a byte order mark, Dutch values.

    Hands out text (``kop``, ``regel``, ``regels``); where it goes (a response, a zip entry) is the caller's.
    Encode it as plain UTF-8: the byte order mark is already the first character of ``kop``.
    """

    # Without the byte order mark Dutch Excel reads the file as ANSI (é → Ã©).
    BOM = "\ufeff"
    CODERING = "utf-8"

    def __init__(self, koppen: Sequence[str]) -> None:
        self.koppen = list(koppen)
        self._schrijver = csv.writer(_Regel(), delimiter=";", quoting=csv.QUOTE_MINIMAL, lineterminator="\r\n")

    def kop(self) -> str:
        return self.BOM + str(self._schrijver.writerow(self.koppen))

    def regel(self, rij: Sequence[Any]) -> str:
        # Text that starts harmlessly and empty cells (most of a file) without a call of csv_waarde.
        return cast(str, self._schrijver.writerow([
            w if type(w) is str and not w.startswith(GEVAARLIJKE_BEGINTEKENS) else "" if w is None else csv_waarde(w)
            for w in rij]))

    def regels(self, rijen: Iterable[Sequence[Any]], per_blok: int = 200) -> Iterator[str]:
        """The header, then the rows in blocks of ``per_blok`` lines (fewer, larger strings to join or send)."""
        yield self.kop()
        blok: list[str] = []
        for rij in rijen:
            blok.append(self.regel(rij))
            if len(blok) >= per_blok:
                yield "".join(blok)
                blok = []
        if blok:
            yield "".join(blok)


class CsvZipSchrijver:
    """The same sheets as one CSV file each (``CsvBestand``: what Dutch Excel opens directly) in a zip.

    A zip entry can only be written while no other entry is open, so each sheet first streams to its
    own temporary file; ``bewaar`` then copies those bytes into the zip one after another, followed by the
    lines of the sheet that other processes wrote (``voeg_toe``, ``CsvDelenSchrijver``).
    """

    met_kop = True

    def __init__(self) -> None:
        self._bestanden: dict[str, io.TextIOWrapper] = {}
        self._ruw: dict[str, IO[bytes]] = {}
        self._csv: dict[str, CsvBestand] = {}
        self._delen: dict[str, list[Path]] = {}

    def _nieuw_bestand(self, titel: str) -> IO[bytes]:
        return tempfile.TemporaryFile()  # closed in bewaar

    def blad(self, titel: str, kolommen: Sequence[Kolom]) -> None:
        csv_bestand = CsvBestand([k.kop for k in kolommen])
        ruw = self._nieuw_bestand(titel)
        bestand = io.TextIOWrapper(ruw, encoding=CsvBestand.CODERING, newline="")
        if self.met_kop:
            bestand.write(csv_bestand.kop())
        self._bestanden[titel] = bestand
        self._ruw[titel] = ruw
        self._csv[titel] = csv_bestand
        self._delen[titel] = []

    def schrijf(self, titel: str, rij: Sequence[Any]) -> None:
        self._bestanden[titel].write(self._csv[titel].regel(rij))

    def schrijf_rijen(self, titel: str, rijen: Iterable[Sequence[Any]]) -> None:
        """The rows of one source as one write (a national file: a write per board and sheet, not per row)."""
        regel = self._csv[titel].regel
        tekst = "".join([regel(rij) for rij in rijen])
        if tekst:
            self._bestanden[titel].write(tekst)

    def voeg_toe(self, titel: str, deel: Path) -> None:
        """Lines of this sheet that another process wrote (``CsvDelenSchrijver``), after the rows written here and
        after the parts added before."""
        self._delen[titel].append(deel)

    def bewaar(self, doel: str | Path | IO[bytes]) -> None:
        with zipfile.ZipFile(doel, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=1) as archief:
            for titel, bestand in self._bestanden.items():
                bestand.flush()
                bestand.detach()  # so the wrapper cannot close the file it no longer writes to
                ruw = self._ruw[titel]
                ruw.seek(0)
                with archief.open(f"{bestandsnaam(titel)}.csv", "w") as entry:
                    shutil.copyfileobj(ruw, entry, 1 << 16)
                    for deel in self._delen[titel]:
                        with deel.open("rb") as lijnen:
                            shutil.copyfileobj(lijnen, entry, 1 << 16)
                ruw.close()


class CsvDelenSchrijver(CsvZipSchrijver):
    """One process's share of a CSV zip: the lines of every sheet, without header, each in its own file in ``map_``
    (``deel_van``), for the process that puts the zip together (``CsvZipSchrijver.voeg_toe``)."""

    met_kop = False

    def __init__(self, map_: Path) -> None:
        super().__init__()
        self.map = map_

    def _nieuw_bestand(self, titel: str) -> IO[bytes]:
        return self.deel_van(self.map, titel).open("wb")

    @staticmethod
    def deel_van(map_: Path, titel: str) -> Path:
        return map_ / f"{bestandsnaam(titel)}.csv"

    def bewaar(self, doel: str | Path | IO[bytes] | None = None) -> None:
        """Close every part (``doel`` is not used: the parts are the result)."""
        for bestand in self._bestanden.values():
            bestand.close()


def bestandsnaam(titel: str) -> str:
    """'Locaties en gebruik' → 'locaties-en-gebruik': a file name without spaces or odd characters."""
    return "".join(t if t.isalnum() else "-" for t in titel.lower()).strip("-")


# --- Exports declared once ------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Blad[B]:
    """One sheet of an export, declared once: its name, columns and rows per source ``B`` (a board, a check).

    The format is not its concern: ``schrijf`` makes an xlsx sheet or a CSV file of it. ``identifier``
    (default: the name as a file name) names the CSV file in a zip.
    """

    naam: str
    kolommen: Sequence[Kolom]
    rijen: Callable[[B], Iterable[Sequence[Any]]]
    identifier: str = field(default="")

    def __post_init__(self) -> None:
        if not self.identifier:
            object.__setattr__(self, "identifier", bestandsnaam(self.naam))


FORMATEN = ("xlsx", "zip")


def schrijver_voor(formaat: str) -> XlsxSchrijver | CsvZipSchrijver:
    if formaat not in FORMATEN:
        raise ValueError(f"Onbekend formaat {formaat!r}")
    return XlsxSchrijver() if formaat == "xlsx" else CsvZipSchrijver()


def schrijf[B](bladen: Sequence[Blad[B]], bronnen: Iterable[B], formaat: str, doel: str | Path | IO[bytes]) -> None:
    """Every sheet of ``bladen`` for every source (consumed once, lazily), side by side, to ``doel``."""
    _vul(schrijver_voor(formaat), bladen, bronnen).bewaar(doel)


def _vul[B, S: XlsxSchrijver | CsvZipSchrijver](schrijver: S, bladen: Sequence[Blad[B]], bronnen: Iterable[B]) -> S:
    for blad in bladen:
        schrijver.blad(blad.naam, blad.kolommen)
    for bron in bronnen:
        for blad in bladen:
            schrijver.schrijf_rijen(blad.naam, blad.rijen(bron))
    return schrijver


def schrijf_deel[B](bladen: Sequence[Blad[B]], bronnen: Iterable[B], map_: Path) -> None:
    """The CSV lines of every sheet for the sources, without header, one file per sheet in ``map_``: a share of a
    CSV zip that ``zip_uit_delen`` puts together."""
    _vul(CsvDelenSchrijver(map_), bladen, bronnen).bewaar()


def zip_uit_delen[B](bladen: Sequence[Blad[B]], mappen: Sequence[Path], doel: str | Path | IO[bytes]) -> None:
    """The CSV zip of ``schrijf``, from shares written by ``schrijf_deel`` (in the order of ``mappen``): each sheet
    its header, then the lines of every share."""
    schrijver = CsvZipSchrijver()
    for blad in bladen:
        schrijver.blad(blad.naam, blad.kolommen)
        for map_ in mappen:
            schrijver.voeg_toe(blad.naam, CsvDelenSchrijver.deel_van(map_, blad.naam))
    schrijver.bewaar(doel)


def bestand[B](bladen: Sequence[Blad[B]], bronnen: Iterable[B], formaat: str) -> IO[bytes]:
    """``schrijf`` into a temporary file (in memory up to 8 MB), rewound: ready for a download response."""
    uitvoer = tempfile.SpooledTemporaryFile(max_size=8 << 20)  # noqa: SIM115 (the response closes it)
    schrijf(bladen, bronnen, formaat, uitvoer)
    uitvoer.seek(0)
    return uitvoer


def inhoud[B](bladen: Sequence[Blad[B]], bronnen: Iterable[B], formaat: str) -> bytes:
    """``schrijf`` into memory: for small files (one board's access review)."""
    uitvoer = io.BytesIO()
    schrijf(bladen, bronnen, formaat, uitvoer)
    return uitvoer.getvalue()
