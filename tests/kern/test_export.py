"""kern.export and kern.download: one xlsx writer, one CSV set-up, one download response."""

import csv
import io
import zipfile
from datetime import date

import pytest
from openpyxl import load_workbook

from kern import export
from kern.download import content_disposition, download
from kern.export import Blad, CsvBestand, Kolom

NAMEN = Blad("Namen", [Kolom("Naam"), Kolom("Formule"), Kolom("Datum", 12)],
             lambda bron: [(bron, "=SUM(A1:A9)", date(2026, 11, 28)), ("+31 30 123", "@x", None)])


def _xlsx_rijen(bron: str) -> list[tuple]:
    blad = load_workbook(export.bestand([NAMEN], [bron], "xlsx"))["Namen"]
    return [tuple(c.value for c in rij) for rij in blad.iter_rows()]


def test_xlsx_schrapt_stuurtekens_en_ontwapent_formules():
    # The old in-memory xlsx() raised IllegalCharacterError on a BEL character in a name.
    rijen = _xlsx_rijen("Jan\x07 Jansen")
    assert rijen[0] == ("Naam", "Formule", "Datum")
    naam, formule, datum = rijen[1]
    assert naam == "Jan Jansen"
    assert formule == "'=SUM(A1:A9)"
    assert datum.date() == date(2026, 11, 28)
    assert rijen[2][:2] == ("'+31 30 123", "'@x")


def test_stuurteken_voor_formule_wordt_ook_ontwapend():
    assert _xlsx_rijen("\x07=HYPERLINK(\"x\")")[1][0] == "'=HYPERLINK(\"x\")"


def test_csv_zip_zelfde_bladen_nederlands_excel():
    uitvoer = export.bestand([NAMEN], ["Jan;Jansen"], "zip")
    with zipfile.ZipFile(uitvoer) as archief:
        assert archief.namelist() == ["namen.csv"]
        ruw = archief.read("namen.csv")
    assert ruw.startswith(b"\xef\xbb\xbfNaam;Formule;Datum\r\n")
    rijen = list(csv.reader(io.StringIO(ruw.decode("utf-8-sig"), newline=""), delimiter=";"))
    assert rijen[1] == ["Jan;Jansen", "'=SUM(A1:A9)", "28-11-2026"]
    assert rijen[2] == ["'+31 30 123", "'@x", ""]


def test_csv_bestand_in_blokken():
    bestand = CsvBestand(["A", "B"])
    blokken = list(bestand.regels(([i, i / 2] for i in range(5)), per_blok=2))
    assert blokken[0] == "\ufeffA;B\r\n"
    assert len(blokken) == 4
    assert "".join(blokken[1:]) == "0;0,0\r\n1;0,5\r\n2;1,0\r\n3;1,5\r\n4;2,0\r\n"


def test_onbekend_formaat():
    with pytest.raises(ValueError, match="ods"):
        export.schrijver_voor("ods")


def test_content_disposition():
    assert content_disposition("rollen-100B490-20261128.xlsx") == 'attachment; filename="rollen-100B490-20261128.xlsx"'
    kop = content_disposition('école "1"/\r\nSet-Cookie: x.csv')
    assert "\r" not in kop and "\n" not in kop
    assert kop.startswith('attachment; filename="ecole _1__Set-Cookie: x.csv"; filename*=UTF-8\'\'')
    assert kop.endswith("%C3%A9cole%20%221%22_Set-Cookie%3A%20x.csv")


def test_download_bytes_en_bestand():
    antwoord = download(b"a;b\r\n", "register.csv", "csv")
    assert antwoord["Content-Type"] == "text/csv; charset=utf-8"
    assert antwoord["Content-Disposition"] == 'attachment; filename="register.csv"'
    antwoord = download(io.BytesIO(b"PK"), "bestand.zip", "zip")
    assert antwoord["Content-Type"] == "application/zip"
    assert antwoord["Content-Disposition"] == 'attachment; filename="bestand.zip"'
    assert b"".join(antwoord.streaming_content) == b"PK"
