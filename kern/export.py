"""Spreadsheet output shared by every download: xlsx (openpyxl write-only), CSV for Dutch Excel, safe values.

A value that starts with =, +, - or @ (or a tab/CR) would be run as a formula by Excel; such values
are written as text with a leading apostrophe, so a name like "=HYPERLINK(...)" stays a name.

Two ways to write:
- ``xlsx(bladen)``: one workbook from (title, headers, rows) per sheet, sheet after sheet.
- ``XlsxSchrijver`` / ``CsvZipSchrijver``: several sheets filled *side by side* in one pass over the data
  (the control files walk the boards once and add rows to every sheet as they go). Both stream to
  temporary files, so memory stays bounded however many rows there are.
"""

import csv
import io
import shutil
import tempfile
import zipfile
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from itertools import chain, islice
from pathlib import Path
from typing import IO, Any

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

GEVAARLIJKE_BEGINTEKENS = ("=", "+", "-", "@", "\t", "\r")
XLSX_MIME = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def veilige_waarde(waarde: Any) -> Any:
    """Neutralise formula injection; keep numbers and dates as they are (Excel shows them as such)."""
    if isinstance(waarde, str) and waarde.startswith(GEVAARLIJKE_BEGINTEKENS):
        return "'" + waarde
    if isinstance(waarde, datetime):
        return waarde.replace(tzinfo=None)
    return waarde


def xlsx(bladen: Iterable[tuple[str, Sequence[str], Iterable[Sequence[Any]]]]) -> bytes:
    """One workbook, a sheet per (title, headers, rows): bold frozen header row, autofilter, widths.

    Rows are streamed (write-only mode); column widths are judged from the first rows only, so memory
    stays bounded however long a sheet is.
    """
    boek = Workbook(write_only=True)
    for titel, koppen, rijen in bladen:
        blad = boek.create_sheet(titel[:31])
        blad.freeze_panes = "A2"
        rijen = (tuple(veilige_waarde(w) for w in rij) for rij in rijen)
        eerste = list(islice(rijen, BREEDTE_STEEKPROEF))
        for i, breedte in enumerate(_breedtes(koppen, eerste), start=1):
            blad.column_dimensions[get_column_letter(i)].width = breedte
        blad.append(_kopcellen(blad, koppen))
        aantal = 0
        for rij in chain(eerste, rijen):
            blad.append([_datumcel(blad, w) for w in rij])
            aantal += 1
        blad.auto_filter.ref = f"A1:{get_column_letter(max(1, len(koppen)))}{aantal + 1}"
    uitvoer = io.BytesIO()
    boek.save(uitvoer)
    return uitvoer.getvalue()


BREEDTE_STEEKPROEF = 200


def _breedtes(koppen: Sequence[str], rijen: Sequence[Sequence[Any]]) -> list[int]:
    breedtes = [len(k) + 2 for k in koppen]
    for rij in rijen:
        for i, w in enumerate(rij[: len(breedtes)]):
            lengte = 12 if isinstance(w, date) else len(str(w)) + 2 if w is not None else 0
            breedtes[i] = min(60, max(breedtes[i], lengte))
    return breedtes


def _kopcellen(blad, koppen: Sequence[str]) -> list[WriteOnlyCell]:
    kop = []
    for k in koppen:
        cel = WriteOnlyCell(blad, value=k)
        cel.font = Font(bold=True)
        kop.append(cel)
    return kop


def _datumcel(blad, waarde: Any) -> Any:
    if isinstance(waarde, date):
        cel = WriteOnlyCell(blad, value=waarde)
        cel.number_format = "DD-MM-YYYY" if not isinstance(waarde, datetime) else "DD-MM-YYYY HH:MM"
        return cel
    return waarde


# --- Several sheets side by side ----------------------------------------------------------------------------

@dataclass(frozen=True)
class Kolom:
    """A column of a sheet: its Dutch header and a readable width in characters.

    The width is fixed up front because a sheet filled side by side cannot look ahead at its rows
    (write-only mode writes the column widths before the first row).
    """

    kop: str
    breedte: int = 0  # 0: wide enough for the header (at least 10)

    @property
    def kolombreedte(self) -> int:
        return self.breedte or max(10, len(self.kop) + 2)


class XlsxSchrijver:
    """An xlsx workbook whose sheets are filled in any order, row by row, in write-only mode.

    Each sheet streams to its own temporary file (openpyxl keeps one per write-only sheet), so rows of
    sheet 2 may be added before the last row of sheet 1 without holding either in memory.
    """

    def __init__(self) -> None:
        self.boek = Workbook(write_only=True)
        self._bladen: dict[str, Any] = {}
        self._aantallen: dict[str, int] = {}
        self._kolommen: dict[str, int] = {}

    def blad(self, titel: str, kolommen: Sequence[Kolom]) -> None:
        blad = self.boek.create_sheet(titel[:31])
        blad.freeze_panes = "A2"
        for i, kolom in enumerate(kolommen, start=1):
            blad.column_dimensions[get_column_letter(i)].width = kolom.kolombreedte
        blad.append(_kopcellen(blad, [k.kop for k in kolommen]))
        self._bladen[titel] = blad
        self._aantallen[titel] = 0
        self._kolommen[titel] = len(kolommen)

    def schrijf(self, titel: str, rij: Sequence[Any]) -> None:
        blad = self._bladen[titel]
        blad.append([_xlsx_cel(blad, w) for w in rij])
        self._aantallen[titel] += 1

    def bewaar(self, doel: str | Path | IO[bytes]) -> None:
        for titel, blad in self._bladen.items():
            laatste = get_column_letter(max(1, self._kolommen[titel]))
            blad.auto_filter.ref = f"A1:{laatste}{self._aantallen[titel] + 1}"
        self.boek.save(doel)


def _xlsx_cel(blad, waarde: Any) -> Any:
    """One cell: empty stays empty (no cell at all), text is made XML-safe and formula-safe, dates get a format.

    Control characters other than tab and newline cannot be stored in xlsx (XML): they are dropped
    first, so that what is left is then checked for a formula start.
    """
    if waarde is None or waarde == "":
        return None
    if isinstance(waarde, str) and ILLEGAL_CHARACTERS_RE.search(waarde):
        waarde = ILLEGAL_CHARACTERS_RE.sub("", waarde)
    return _datumcel(blad, veilige_waarde(waarde))


def csv_waarde(waarde: Any) -> str:
    """A cell as Dutch Excel reads it from CSV: dd-mm-jjjj dates, decimal comma, ja/nee, no formulas."""
    if type(waarde) is str:  # the common case first: a national file has close to a million cells
        return "'" + waarde if waarde.startswith(GEVAARLIJKE_BEGINTEKENS) else waarde
    if waarde is None:
        return ""
    if isinstance(waarde, bool):
        return "ja" if waarde else "nee"
    if isinstance(waarde, datetime):
        return waarde.strftime("%d-%m-%Y %H:%M")
    if isinstance(waarde, date):
        return waarde.strftime("%d-%m-%Y")
    if isinstance(waarde, float | Decimal):
        return str(waarde).replace(".", ",")
    return str(veilige_waarde(str(waarde)))


class CsvZipSchrijver:
    """The same sheets as one CSV file each (';', UTF-8 with BOM: what Dutch Excel opens directly) in a zip.

    A zip entry can only be written while no other entry is open, so each sheet first streams to its
    own temporary file; ``bewaar`` then copies those bytes into the zip one after another.
    """

    def __init__(self) -> None:
        self._bestanden: dict[str, io.TextIOWrapper] = {}
        self._schrijvers: dict[str, Any] = {}

    def blad(self, titel: str, kolommen: Sequence[Kolom]) -> None:
        # utf-8-sig writes the byte order mark first: without it Excel reads the file as ANSI (é → Ã©).
        bestand = io.TextIOWrapper(tempfile.TemporaryFile(), encoding="utf-8-sig", newline="")  # noqa: SIM115
        schrijver = csv.writer(bestand, delimiter=";", quoting=csv.QUOTE_MINIMAL, lineterminator="\r\n")
        schrijver.writerow([k.kop for k in kolommen])
        self._bestanden[titel] = bestand
        self._schrijvers[titel] = schrijver

    def schrijf(self, titel: str, rij: Sequence[Any]) -> None:
        self._schrijvers[titel].writerow([csv_waarde(w) for w in rij])

    def bewaar(self, doel: str | Path | IO[bytes]) -> None:
        with zipfile.ZipFile(doel, "w", compression=zipfile.ZIP_DEFLATED) as archief:
            for titel, bestand in self._bestanden.items():
                bestand.flush()
                ruw = bestand.detach()
                ruw.seek(0)
                with archief.open(f"{bestandsnaam(titel)}.csv", "w") as entry:
                    shutil.copyfileobj(ruw, entry, 1 << 16)
                ruw.close()


def bestandsnaam(titel: str) -> str:
    """'Locaties en gebruik' → 'locaties-en-gebruik': a file name without spaces or odd characters."""
    return "".join(t if t.isalnum() else "-" for t in titel.lower()).strip("-")
