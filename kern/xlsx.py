"""A streaming xlsx writer for the portal's exports: rows go straight into each sheet's XML, nothing is kept.

Why not openpyxl or XlsxWriter: the national control file writes about half a million cells, and a library
that builds a cell object per value spends most of the export on that. Measured on one machine, in one
run, with 480,000 cells: openpyxl (write-only) took 7–8 s, XlsxWriter (constant_memory) 4 s, and writing
the sheet XML here 0.24 s (bench/README.md, "xlsx-schrijver"). The files stay plain OOXML (SpreadsheetML)
of the smallest kind Excel, LibreOffice and openpyxl read:

- Text is an inline string (``t="inlineStr"``), so there is no shared-strings table to hold in memory.
- Four styles: normal, bold (the header), date and date-time (``DD-MM-YYYY``, ``DD-MM-YYYY HH:MM``).
- Per sheet: column widths, the header row frozen, an autofilter over the rows written, optional list validations
  (the blauwdruk template's drop-down lists), optionally hidden.

Each sheet's rows go to their own temporary file, so sheets can be filled side by side. ``bewaar`` writes the
zip. Values arrive already made safe (kern.export: formula starts, control characters). This module only turns
Python values into cells.
"""

import math
import re
import shutil
import tempfile
import zipfile
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path
from typing import IO, Any
from xml.sax.saxutils import escape, quoteattr

__all__ = ["Werkblad", "Werkboek", "kolomletter"]

_MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_PKG_REL = "http://schemas.openxmlformats.org/package/2006/relationships"
_XML = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'

# Style indexes in styles.xml (cellXfs), below.
NORMAAL, VET, DATUM, DATUMTIJD = 0, 1, 2, 3
_EXCEL_NUL = date(1899, 12, 30).toordinal()  # Excel's day 0 (with its 1900 leap-year quirk, for dates after 1900)
# XML 1.0 forbids these; kern.export already drops them, this is the last guard.
_ONGELDIG = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
_RIJEN_PER_SCHRIJFBEURT = 500


def kolomletter(nummer: int) -> str:
    """1 → A, 27 → AA."""
    letters = ""
    while nummer:
        nummer, rest = divmod(nummer - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


_LETTERS = [kolomletter(i) for i in range(1, 16385)]  # Excel's 16,384 columns


def _tekstcel(ref: str, tekst: str, stijl: int) -> str:
    tekst = _ONGELDIG.sub("", tekst)
    behoud = ' xml:space="preserve"' if tekst[:1].isspace() or tekst[-1:].isspace() else ""
    s = f' s="{stijl}"' if stijl else ""
    return f'<c r="{ref}"{s} t="inlineStr"><is><t{behoud}>{escape(tekst)}</t></is></c>'


def cel(ref: str, waarde: Any, stijl: int = NORMAAL) -> str:
    """One cell's XML ('' for an empty cell, which is simply left out)."""
    if waarde is None or waarde == "":
        return ""
    if type(waarde) is str:
        return _tekstcel(ref, waarde, stijl)
    if isinstance(waarde, bool):
        return f'<c r="{ref}" t="b"><v>{int(waarde)}</v></c>'
    if isinstance(waarde, datetime):
        dag = waarde.toordinal() - _EXCEL_NUL
        fractie = (waarde.hour * 3600 + waarde.minute * 60 + waarde.second) / 86400
        return f'<c r="{ref}" s="{DATUMTIJD}"><v>{dag + fractie!r}</v></c>'
    if isinstance(waarde, date):
        return f'<c r="{ref}" s="{DATUM}"><v>{waarde.toordinal() - _EXCEL_NUL}</v></c>'
    if isinstance(waarde, int | Decimal) or (isinstance(waarde, float) and math.isfinite(waarde)):
        return f'<c r="{ref}"><v>{waarde}</v></c>'
    return _tekstcel(ref, str(waarde), stijl)


@dataclass(frozen=True)
class Keuzelijst:
    """A list validation on rows 2.. of one column: values from ``bron`` (a range such as Lijsten!$A$2:$A$9)."""

    kolom: int
    tot_rij: int
    bron: str
    streng: bool
    uitleg: str

    def xml(self) -> str:
        letter = _LETTERS[self.kolom - 1]
        stijl = "stop" if self.streng else "warning"
        bericht = (f' showInputMessage="1" promptTitle="Keuzelijst" prompt={quoteattr(self.uitleg[:250])}'
                   f' errorTitle="Waarde niet in de lijst" error={quoteattr(self.uitleg[:250])}'
                   if self.uitleg else "")
        return (f'<dataValidation type="list" errorStyle="{stijl}" allowBlank="1" showErrorMessage="1"{bericht}'
                f' sqref="{letter}2:{letter}{self.tot_rij}"><formula1>{escape(self.bron)}</formula1>'
                "</dataValidation>")


@dataclass
class Werkblad:
    """One sheet: a header row (bold, frozen, filtered) and rows appended in order to a temporary file."""

    titel: str
    breedtes: list[int]
    verborgen: bool = False
    keuzelijsten: list[Keuzelijst] = field(default_factory=list)
    rijen: int = 0  # rows written, the header included
    _bestand: IO[bytes] = field(default_factory=lambda: tempfile.TemporaryFile(), repr=False)  # noqa: SIM115
    _buffer: list[str] = field(default_factory=list, repr=False)

    def rij(self, waarden: Any, stijl: int = NORMAAL) -> None:
        self.rijen += 1
        nummer = self.rijen
        cellen = "".join([cel(f"{_LETTERS[i]}{nummer}", w, stijl) for i, w in enumerate(waarden)])
        self._buffer.append(f'<row r="{nummer}">{cellen}</row>')
        if len(self._buffer) >= _RIJEN_PER_SCHRIJFBEURT:
            self._leeg_buffer()

    def keuzelijst(self, kolom: int, bron: str, *, tot_rij: int, streng: bool, uitleg: str) -> None:
        self.keuzelijsten.append(Keuzelijst(kolom, tot_rij, bron, streng, uitleg))

    def _leeg_buffer(self) -> None:
        self._bestand.write("".join(self._buffer).encode("utf-8"))
        self._buffer.clear()

    def _kop(self, geselecteerd: bool) -> str:
        kolommen = "".join(f'<col min="{i}" max="{i}" width="{b}" customWidth="1"/>'
                           for i, b in enumerate(self.breedtes, start=1))
        return (f'{_XML}<worksheet xmlns="{_MAIN}" xmlns:r="{_REL}">'
                f'<sheetViews><sheetView workbookViewId="0"{' tabSelected="1"' if geselecteerd else ""}>'
                '<pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" state="frozen"/>'
                '<selection pane="bottomLeft" activeCell="A2" sqref="A2"/></sheetView></sheetViews>'
                f'<sheetFormatPr defaultRowHeight="15"/>{f"<cols>{kolommen}</cols>" if kolommen else ""}<sheetData>')

    def filterbereik(self) -> str:
        return f"A1:{_LETTERS[max(1, len(self.breedtes)) - 1]}{max(1, self.rijen)}"

    def _staart(self) -> str:
        lijsten = "".join(k.xml() for k in self.keuzelijsten)
        return ("</sheetData>"
                f'<autoFilter ref="{self.filterbereik()}"/>'
                f'{f'<dataValidations count="{len(self.keuzelijsten)}">{lijsten}</dataValidations>' if lijsten else ""}'
                "</worksheet>")

    def schrijf_naar(self, doel: IO[bytes], geselecteerd: bool) -> None:
        self._leeg_buffer()
        doel.write(self._kop(geselecteerd).encode("utf-8"))
        self._bestand.seek(0)
        shutil.copyfileobj(self._bestand, doel, 1 << 16)
        doel.write(self._staart().encode("utf-8"))
        self._bestand.close()


_STIJLEN = (
    f'{_XML}<styleSheet xmlns="{_MAIN}">'
    '<numFmts count="2"><numFmt numFmtId="164" formatCode="DD-MM-YYYY"/>'
    '<numFmt numFmtId="165" formatCode="DD-MM-YYYY HH:MM"/></numFmts>'
    '<fonts count="2"><font><sz val="11"/><name val="Calibri"/></font>'
    '<font><b/><sz val="11"/><name val="Calibri"/></font></fonts>'
    '<fills count="2"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill>'
    '</fills><borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>'
    '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>'
    '<cellXfs count="4"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>'
    '<xf numFmtId="0" fontId="1" fillId="0" borderId="0" xfId="0" applyFont="1"/>'
    '<xf numFmtId="164" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>'
    '<xf numFmtId="165" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/></cellXfs>'
    '<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>'
    "</styleSheet>"
)


def _bladnaam_in_formule(titel: str) -> str:
    return "'" + titel.replace("'", "''") + "'"


class Werkboek:
    """Sheets in the order they are added; ``bewaar`` writes the xlsx (a zip) to a path or a binary stream."""

    def __init__(self) -> None:
        self.bladen: list[Werkblad] = []

    def blad(self, titel: str, breedtes: list[int]) -> Werkblad:
        blad = Werkblad(titel[:31], breedtes)
        self.bladen.append(blad)
        return blad

    def _eerste_zichtbare(self) -> int:
        return next((i for i, b in enumerate(self.bladen) if not b.verborgen), 0)

    def _werkboek_xml(self) -> str:
        zichtbaar = self._eerste_zichtbare()
        bladen = "".join(
            f'<sheet name={quoteattr(b.titel)} sheetId="{i}"{' state="hidden"' if b.verborgen else ""} r:id="rId{i}"/>'
            for i, b in enumerate(self.bladen, start=1))
        filters = "".join(
            f'<definedName name="_xlnm._FilterDatabase" localSheetId="{i}" hidden="1">'
            f'{escape(_bladnaam_in_formule(b.titel))}!{_absoluut(b.filterbereik())}</definedName>'
            for i, b in enumerate(self.bladen))
        return (f'{_XML}<workbook xmlns="{_MAIN}" xmlns:r="{_REL}">'
                f'<bookViews><workbookView activeTab="{zichtbaar}"/></bookViews><sheets>{bladen}</sheets>'
                f'{f"<definedNames>{filters}</definedNames>" if filters else ""}</workbook>')

    def _onderdelen(self) -> dict[str, str]:
        n = len(self.bladen)
        werkbladen = "".join(
            f'<Override PartName="/xl/worksheets/sheet{i}.xml" '
            'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
            for i in range(1, n + 1))
        relaties = "".join(
            f'<Relationship Id="rId{i}" Type="{_REL}/worksheet" Target="worksheets/sheet{i}.xml"/>'
            for i in range(1, n + 1))
        return {
            "[Content_Types].xml": (
                f'{_XML}<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
                '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
                '<Default Extension="xml" ContentType="application/xml"/>'
                '<Override PartName="/xl/workbook.xml" '
                'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
                '<Override PartName="/xl/styles.xml" '
                'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>'
                f"{werkbladen}</Types>"),
            "_rels/.rels": (
                f'{_XML}<Relationships xmlns="{_PKG_REL}">'
                f'<Relationship Id="rId1" Type="{_REL}/officeDocument" Target="xl/workbook.xml"/></Relationships>'),
            "xl/workbook.xml": self._werkboek_xml(),
            "xl/_rels/workbook.xml.rels": (
                f'{_XML}<Relationships xmlns="{_PKG_REL}">{relaties}'
                f'<Relationship Id="rId{n + 1}" Type="{_REL}/styles" Target="styles.xml"/></Relationships>'),
            "xl/styles.xml": _STIJLEN,
        }

    def bewaar(self, doel: str | Path | IO[bytes]) -> None:
        # Compression level 1: repetitive XML shrinks almost as well as at the default level 6, in less time.
        with zipfile.ZipFile(doel, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=1) as archief:
            for naam, inhoud in self._onderdelen().items():
                archief.writestr(naam, inhoud)
            actief = self._eerste_zichtbare()
            for i, blad in enumerate(self.bladen):
                with archief.open(f"xl/worksheets/sheet{i + 1}.xml", "w") as onderdeel:
                    blad.schrijf_naar(onderdeel, geselecteerd=i == actief)


def _absoluut(bereik: str) -> str:
    """'A1:J4' → '$A$1:$J$4'."""
    return ":".join(re.sub(r"([A-Z]+)(\d+)", r"$\1$\2", deel) for deel in bereik.split(":"))
