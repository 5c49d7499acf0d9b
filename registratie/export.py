"""Spreadsheet output shared by every download: xlsx (openpyxl write-only) and safe cell values.

A value that starts with =, +, - or @ (or a tab/CR) would be run as a formula by Excel; such values
are written as text with a leading apostrophe, so a name like "=HYPERLINK(...)" stays a name.
"""

import io
from collections.abc import Iterable, Sequence
from datetime import date, datetime
from itertools import chain, islice
from typing import Any

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

GEVAARLIJKE_BEGINTEKENS = ("=", "+", "-", "@", "\t", "\r")


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
        kop = []
        for k in koppen:
            cel = WriteOnlyCell(blad, value=k)
            cel.font = Font(bold=True)
            kop.append(cel)
        blad.append(kop)
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


def _datumcel(blad, waarde: Any) -> Any:
    if isinstance(waarde, date):
        cel = WriteOnlyCell(blad, value=waarde)
        cel.number_format = "DD-MM-YYYY" if not isinstance(waarde, datetime) else "DD-MM-YYYY HH:MM"
        return cel
    return waarde
