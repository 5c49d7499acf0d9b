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


# --- Issue 19: the cheaper CSV line gives what the old one gave ------------------------------------------------

def _oude_csv_waarde(waarde):
    """kern.export.csv_waarde as of commit 517355e."""
    from datetime import datetime
    from decimal import Decimal

    if type(waarde) is str:
        return "'" + waarde if waarde.startswith(export.GEVAARLIJKE_BEGINTEKENS) else waarde
    if waarde is None:
        return ""
    if isinstance(waarde, bool):
        return "ja" if waarde else "nee"
    if isinstance(waarde, datetime):
        return export.lokale_tijd(waarde).strftime("%d-%m-%Y %H:%M")
    if isinstance(waarde, date):
        return waarde.strftime("%d-%m-%Y")
    if isinstance(waarde, float | Decimal):
        return str(waarde).replace(".", ",")
    return str(export.veilige_waarde(str(waarde)))


def _waarden():
    import enum
    import uuid
    from datetime import UTC, datetime
    from decimal import Decimal

    class Getal(enum.IntEnum):
        MIN = -3
        PLUS = 4

    class Woord(enum.StrEnum):
        A = "=a"
        B = "b"

    return ["", "tekst", "=SOM(A1)", "+31", "-", "@x", "\tx", "\rx", "a;b", 'zei "ja"', "regel\nregel", "'al",
            None, True, False, 0, 7, -5, 10**20, -(10**20), 1.5, -2.25, Decimal("3.10"), Decimal("-1"),
            date(2026, 8, 1), date(1999, 12, 31), date(2026, 8, 1),
            datetime(2026, 11, 28, 9, 5, tzinfo=UTC), datetime(2026, 6, 1, 23, 30, tzinfo=UTC),
            datetime(2026, 11, 28, 9, 5), uuid.UUID("6f1c3a1e-0b6d-4a52-9d5e-3f0e2b7d8c11"),
            Getal.MIN, Getal.PLUS, Woord.A, Woord.B, ["lijst"]]


def test_csv_waarde_als_voorheen():
    for waarde in _waarden() * 2:  # twice: the second date comes from the table
        assert export.csv_waarde(waarde) == _oude_csv_waarde(waarde), repr(waarde)


def test_csv_regel_en_blok_als_voorheen():
    waarden = _waarden()
    bestand = CsvBestand(["a"] * len(waarden))
    uit = io.StringIO()
    oud = csv.writer(uit, delimiter=";", quoting=csv.QUOTE_MINIMAL, lineterminator="\r\n")
    oud.writerow([_oude_csv_waarde(w) for w in waarden])
    assert bestand.regel(waarden) == uit.getvalue()
    # schrijf_rijen (one write per source) gives the same file as schrijf per row.
    per_rij, per_blok = export.CsvZipSchrijver(), export.CsvZipSchrijver()
    for s in (per_rij, per_blok):
        s.blad("Blad", [Kolom("a")] * len(waarden))
    for rij in (waarden, waarden[::-1]):
        per_rij.schrijf("Blad", rij)
    per_blok.schrijf_rijen("Blad", [waarden, waarden[::-1]])
    per_blok.schrijf_rijen("Blad", [])
    a, b = io.BytesIO(), io.BytesIO()
    per_rij.bewaar(a)
    per_blok.bewaar(b)
    with zipfile.ZipFile(a) as za, zipfile.ZipFile(b) as zb:
        assert za.read("blad.csv") == zb.read("blad.csv")
