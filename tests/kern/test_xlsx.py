"""kern.xlsx, the streaming writer behind every xlsx download: what it writes reads back as the same values,
types, styles, filters, lists and visibility in openpyxl (what DUO's and the boards' tools read xlsx with)."""

import io
import zipfile
from datetime import date, datetime
from decimal import Decimal

import pytest
from openpyxl import load_workbook

from kern.export import Kolom, XlsxSchrijver
from kern.xlsx import VET, Werkboek, kolomletter


def _lees(boek: Werkboek, **opties):
    uit = io.BytesIO()
    boek.bewaar(uit)
    uit.seek(0)
    return load_workbook(uit, **opties), uit


def test_kolomletters():
    assert [kolomletter(n) for n in (1, 26, 27, 52, 53, 702, 703, 16384)] == [
        "A", "Z", "AA", "AZ", "BA", "ZZ", "AAA", "XFD"]


def test_waarden_komen_terug_met_hun_soort():
    boek = Werkboek()
    blad = boek.blad("Soorten", [10] * 30)
    blad.rij(["kop"] * 30, stijl=VET)
    rij = ["tekst", "  spaties eromheen  ", "regel\nregel", "<&>\"'", "é ü ß 漢", True, False, 7, -2.5,
           Decimal("3.25"), date(2026, 8, 1), datetime(2026, 12, 5, 13, 45), None, "", "na gaten"]
    blad.rij(rij + [None] * 14 + ["kolom AD"])
    wb, _ = _lees(boek)
    ws = wb["Soorten"]
    waarden = [c.value for c in ws[2]]
    assert waarden[:12] == ["tekst", "  spaties eromheen  ", "regel\nregel", "<&>\"'", "é ü ß 漢", True, False, 7,
                            -2.5, 3.25, datetime(2026, 8, 1), datetime(2026, 12, 5, 13, 45)]
    assert waarden[12] is None and waarden[13] is None and waarden[14] == "na gaten"
    assert ws["AD2"].value == "kolom AD"
    assert ws["K2"].number_format == "DD-MM-YYYY" and ws["L2"].number_format == "DD-MM-YYYY HH:MM"
    assert ws["A1"].font.bold and not ws["A2"].font.bold


def test_kop_vast_filter_en_breedtes():
    boek = Werkboek()
    blad = boek.blad("Een blad met een erg lange naam die Excel afkapt", [12, 40])
    blad.rij(["Code", "Naam"], stijl=VET)
    for i in range(3):
        blad.rij([f"C{i}", f"naam {i}"])
    wb, _ = _lees(boek)
    ws = wb.worksheets[0]
    assert ws.title == "Een blad met een erg lange naam"[:31]
    assert ws.freeze_panes == "A2" and ws.auto_filter.ref == "A1:B4"
    assert ws.column_dimensions["A"].width == 12 and ws.column_dimensions["B"].width == 40


def test_keuzelijst_en_verborgen_blad():
    boek = Werkboek()
    invoer = boek.blad("Invoer", [20])
    invoer.rij(["Soort"], stijl=VET)
    lijsten = boek.blad("Lijst's", [20])
    for waarde in ("Lijst", "BO", "SO"):
        lijsten.rij([waarde])
    lijsten.verborgen = True
    invoer.keuzelijst(1, "'Lijst''s'!$A$2:$A$3", tot_rij=2001, streng=True, uitleg='Kies "BO" of <SO>.')
    wb, _ = _lees(boek)
    assert wb["Lijst's"].sheet_state == "hidden" and wb["Invoer"].sheet_state == "visible"
    [validatie] = wb["Invoer"].data_validations.dataValidation
    assert (validatie.type, validatie.formula1, str(validatie.sqref)) == ("list", "'Lijst''s'!$A$2:$A$3", "A2:A2001")
    assert validatie.errorStyle == "stop" and validatie.error == 'Kies "BO" of <SO>.'


def test_bladen_naast_elkaar_gevuld_en_veel_rijen():
    boek = Werkboek()
    a, b = boek.blad("A", [10]), boek.blad("B", [10])
    for i in range(1200):  # over the flush size: rows reach the temporary file in several writes
        a.rij([i])
        b.rij([f"b{i}"])
    wb, uit = _lees(boek, read_only=True)
    assert [r[0] for r in wb["A"].iter_rows(values_only=True)] == list(range(1200))
    assert [r[0] for r in wb["B"].iter_rows(values_only=True)][-1] == "b1199"
    namen = zipfile.ZipFile(uit).namelist()
    assert "xl/sharedStrings.xml" not in namen and "xl/worksheets/sheet2.xml" in namen


@pytest.mark.parametrize("waarde", ["=HYPERLINK(\"https://evil.example\")", "+31 30", "-1+1", "@SUM(A1)",
                                    "\tx", "\rx", "naam\x07met bel", "\x00=1+1"])
def test_gevaarlijke_tekst_blijft_tekst(waarde):
    schrijver = XlsxSchrijver()
    schrijver.blad("Blad", [Kolom("Naam")])
    schrijver.schrijf("Blad", [waarde])
    uit = io.BytesIO()
    schrijver.bewaar(uit)
    uit.seek(0)
    cel = load_workbook(uit)["Blad"]["A2"]
    assert cel.data_type == "s" and isinstance(cel.value, str)
    assert "\x07" not in cel.value and "\x00" not in cel.value
    assert not cel.value.startswith(("=", "+", "-", "@", "\t", "\r"))
