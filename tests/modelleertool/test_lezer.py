"""Bad input: every case gets a report with sheet, row and column (no server error), and nothing is stored.
Plus a property-based test: random cell contents never make the parser raise."""

import io
import zipfile
from datetime import date, datetime, time

import pytest
from django.test import override_settings
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import Workbook
from openpyxl.utils.exceptions import IllegalCharacterError

from modelleertool.inhoud import AANBIEDERS, CONTACTEN, GEGEVENSBLADEN, LOCATIES, OPLEIDINGEN
from modelleertool.lezer import FOUT, WAARSCHUWING, Kader, lees
from tests.helpers import factories
from tests.helpers.blauwdruk import als_bytes, kolom, leeg_boek, lees_boek, sjabloon, upload, voeg_rij_toe, zet


def _geweigerd(client, bestuur, data: bytes, *fragmenten: str, naam: str = "blauwdruk.xlsx") -> str:
    """Upload through the screen: a report (200), the fragments in it, and nothing stored anywhere."""
    voor = factories.stand()
    antwoord = client.post(reverse("blauwdruk:uploaden", args=[bestuur.code]),
                           {"bestand": _bestand(data, naam), "naam": ""})
    assert antwoord.status_code == 200
    pagina = antwoord.content.decode()
    assert "Er is niets opgeslagen" in pagina
    for fragment in fragmenten:
        assert fragment in pagina, fragment
    assert factories.stand() == voor
    return pagina


def _bestand(data: bytes, naam: str):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile(naam, data)


def _fout(resultaat, blad: str, rij: int | None, kolomdeel: str, bericht: str):
    assert resultaat.blauwdruk is None
    gevonden = [p for p in resultaat.fouten if p.blad == blad and p.rij == rij and kolomdeel in p.kolom
                and bericht in p.bericht]
    assert gevonden, resultaat.problemen
    return gevonden[0]


@pytest.fixture
def client_b(beheerder_client, registratie):
    return beheerder_client


# --- Not an xlsx at all --------------------------------------------------------------------------------------

def test_geen_xlsx(client_b, bestuur):
    _geweigerd(client_b, bestuur, b"naam;brin\nDe Linde;11AA\n", "geen Excel-bestand (.xlsx)", naam="x.csv")


def test_oud_xls(client_b, bestuur):
    _geweigerd(client_b, bestuur, b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600, "oud Excel-bestand (.xls)")


def test_afgebroken_bestand(client_b, bestuur):
    data = als_bytes(sjabloon(bestuur))
    _geweigerd(client_b, bestuur, data[: len(data) // 2], "geen Excel-bestand (.xlsx)")


def test_beschadigd_blad_in_de_zip(client_b, bestuur):
    uit = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(als_bytes(sjabloon(bestuur)))) as bron, zipfile.ZipFile(uit, "w") as doel:
        for item in bron.infolist():
            inhoud = bron.read(item)
            doel.writestr(item, b"<worksheet><sheetData><row r=" if item.filename.endswith("sheet3.xml") else inhoud)
    _geweigerd(client_b, bestuur, uit.getvalue(), "beschadigd")


def test_zip_maar_geen_werkmap(client_b, bestuur):
    uit = io.BytesIO()
    with zipfile.ZipFile(uit, "w") as archief:
        archief.writestr("leesmij.txt", "hallo")
    _geweigerd(client_b, bestuur, uit.getvalue(), "geen Excel-werkmap")


def test_te_groot_bestand_standaardgrens(client_b, bestuur):
    _geweigerd(client_b, bestuur, b"PK" + b"\0" * (5 * 1024 * 1024), "het maximum is 5 MB")


@override_settings(BLAUWDRUK_MAX_BYTES=10_000)
def test_grens_komt_uit_de_instelling(client_b, bestuur):
    assert "Hoogstens <strong>0 MB</strong>" in client_b.get(
        reverse("blauwdruk:uploaden", args=[bestuur.code])).content.decode()
    _geweigerd(client_b, bestuur, als_bytes(sjabloon(bestuur)) + b"\0" * 10_000, "het maximum is 0 MB")


# --- Sheets and columns ----------------------------------------------------------------------------------------

def test_hernoemd_blad(client_b, bestuur):
    boek = sjabloon(bestuur)
    boek["Locaties"].title = "locaties "
    _fout(lees_boek(boek, bestuur), "locaties ", None, "", "moet 'Locaties' heten")
    _geweigerd(client_b, bestuur, als_bytes(boek), "moet &#x27;Locaties&#x27; heten")


def test_ontbrekend_blad(client_b, bestuur):
    boek = sjabloon(bestuur)
    del boek["Contactgegevens"]
    _fout(lees_boek(boek, bestuur), "Contactgegevens", None, "", "ontbreekt")
    _geweigerd(client_b, bestuur, als_bytes(boek), "Contactgegevens", "ontbreekt")


def test_extra_kolom_is_een_waarschuwing(client_b, bestuur, registratie):
    boek = sjabloon(bestuur)
    blad = boek["Aanbieders"]
    blad.cell(row=1, column=30, value="Opmerking")
    blad.cell(row=2, column=30, value="nog navragen")
    resultaat = lees_boek(boek, bestuur)
    assert resultaat.blauwdruk is not None
    [waarschuwing] = resultaat.waarschuwingen
    assert (waarschuwing.blad, waarschuwing.rij, waarschuwing.kolom) == ("Aanbieders", 1, "AD (Opmerking)")
    assert upload(client_b, bestuur, als_bytes(boek)).status_code == 302  # accepted, warning kept on the concept


def test_ontbrekende_kolom(client_b, bestuur):
    boek = sjabloon(bestuur)
    boek["Aanbieders"].cell(row=1, column=kolom(boek["Aanbieders"], "BRIN4"), value="Instelling")
    resultaat = lees_boek(boek, bestuur)
    _fout(resultaat, "Aanbieders", 1, "BRIN4", "De kolom 'BRIN4' ontbreekt")
    _geweigerd(client_b, bestuur, als_bytes(boek), "De kolom &#x27;BRIN4&#x27; ontbreekt")


# --- Cells ------------------------------------------------------------------------------------------------------

def test_formule(client_b, bestuur):
    boek = sjabloon(bestuur)
    zet(boek["Aanbieders"], 2, "Naam", '=CONCATENATE("De ","Linde")')
    probleem = _fout(lees_boek(boek, bestuur), "Aanbieders", 2, "B (Naam)", "formule")
    assert "Typ de waarde zelf in" in probleem.bericht
    _geweigerd(client_b, bestuur, als_bytes(boek), "formule", "B (Naam)")


def test_tekst_die_met_is_begint_is_ook_een_formule(bestuur):
    boek = leeg_boek()
    boek["Aanbieders"].append([None, "=1+1", None, "11AA"])
    boek["Aanbieders"]["B2"].data_type = "s"
    _fout(lees(als_bytes(boek), Kader.voor(bestuur)), "Aanbieders", 2, "Naam", "formule")


def test_samengevoegde_cellen(client_b, bestuur, registratie):
    boek = sjabloon(bestuur)
    boek["Aanbieders"].merge_cells("B2:C2")
    _fout(lees_boek(boek, bestuur), "Aanbieders", 2, "B2", "samengevoegd")
    _geweigerd(client_b, bestuur, als_bytes(boek), "De cellen B2:C2 zijn samengevoegd")


def test_honderdduizend_lege_rijen(client_b, bestuur):
    boek = Workbook(write_only=True)
    for blad in GEGEVENSBLADEN:
        werkblad = boek.create_sheet(blad.titel)
        werkblad.append([k.kop for k in blad.kolommen])
        if blad is LOCATIES:
            for _ in range(100_000):
                werkblad.append([None])
    data = als_bytes(boek)
    resultaat = lees(data, Kader.voor(bestuur))
    _fout(resultaat, "Locaties", 2002, "", "voorbij rij 2001")
    _geweigerd(client_b, bestuur, data, "hoogstens 2000 rijen")


def test_onbekende_brin(client_b, bestuur, ander_bestuur):
    boek = sjabloon(bestuur)
    voeg_rij_toe(boek["Aanbieders"], {"Naam": "De Linde", "BRIN4": "22BB"})  # another board's BRIN4
    voeg_rij_toe(boek["Locaties"], {"Postcode": "1001 AB", "Huisnummer": 5, "BRIN6": "99ZZ00"})
    resultaat = lees_boek(boek, bestuur)
    _fout(resultaat, "Aanbieders", 3, "D (BRIN4)", "Onbekende BRIN 22BB")
    _fout(resultaat, "Locaties", 3, "G (BRIN6)", "Onbekende BRIN 99ZZ00")
    _geweigerd(client_b, bestuur, als_bytes(boek), "Onbekende BRIN 22BB", "D (BRIN4)")


def test_dubbele_aanbiedernaam(client_b, bestuur, registratie):
    boek = sjabloon(bestuur)
    voeg_rij_toe(boek["Aanbieders"], {"Naam": "de regenboog", "BRIN4": "11AB"})
    _fout(lees_boek(boek, bestuur), "Aanbieders", 3, "B (Naam)", "staat ook in rij 2")
    _geweigerd(client_b, bestuur, als_bytes(boek), "staat ook in rij 2")


def test_datum_als_tekst_dd_mm_jjjj_mag(bestuur, registratie, vandaag):
    boek = sjabloon(bestuur)
    voeg_rij_toe(boek["Aanbieders"], {"Naam": "De Linde", "BRIN4": "11AB", "Oprichtingsdatum": "01-08-2027"})
    resultaat = lees_boek(boek, bestuur)
    assert resultaat.fouten == []
    assert resultaat.blauwdruk.aanbieders[-1].begindatum == date(2027, 8, 1)


def test_ongeldige_datum_als_tekst(client_b, bestuur):
    boek = sjabloon(bestuur)
    voeg_rij_toe(boek["Aanbieders"], {"Naam": "De Linde", "BRIN4": "11AB", "Oprichtingsdatum": "31-02-2027"})
    voeg_rij_toe(boek["Aanbieders"], {"Naam": "De Eik", "BRIN4": "11AB", "Oprichtingsdatum": 45000})
    resultaat = lees_boek(boek, bestuur)
    _fout(resultaat, "Aanbieders", 3, "E (Oprichtingsdatum)", "geen geldige datum")
    _fout(resultaat, "Aanbieders", 4, "E (Oprichtingsdatum)", "geen datum")
    _geweigerd(client_b, bestuur, als_bytes(boek), "dd-mm-jjjj")


def test_foutwaarde_en_onbekende_verwijzingen(bestuur, registratie):
    boek = sjabloon(bestuur)
    voeg_rij_toe(boek["Aangeboden opleidingen"], {"Aanbieder": "Bestaat niet", "Opleiding": "Tekenles",
                                                  "Locatie": "999X999", "Doelgroep": "Montessori"})
    voeg_rij_toe(boek["Contactgegevens"], {"Eenheid": "Bestuur", "Communicatiecontext": "Geheim",
                                           "E-mailadres": "a@b.nl"})
    resultaat = lees_boek(boek, bestuur)
    _fout(resultaat, OPLEIDINGEN.titel, 3, "Aanbieder", "staat niet in het blad Aanbieders")
    _fout(resultaat, OPLEIDINGEN.titel, 3, "Opleiding", "Onbekende opleiding")
    _fout(resultaat, OPLEIDINGEN.titel, 3, "Locatie", "staat niet in het blad Locaties")
    _fout(resultaat, CONTACTEN.titel, 3, "Communicatiecontext", "Onbekende communicatiecontext")


def test_code_van_ander_bestuur(bestuur, registratie, ander_bestuur):
    vreemd = factories.aanbieder(ander_bestuur, naam="Vreemd")
    boek = sjabloon(bestuur)
    voeg_rij_toe(boek["Aanbieders"], {"Aanbiedercode": vreemd.code, "Naam": "Vreemd", "BRIN4": "11AA"})
    _fout(lees_boek(boek, bestuur), AANBIEDERS.titel, 3, "Aanbiedercode", "hoort niet bij een")


def test_extra_blad_is_een_waarschuwing(bestuur, registratie):
    boek = sjabloon(bestuur)
    boek.create_sheet("Mijn aantekeningen")
    resultaat = lees_boek(boek, bestuur)
    assert resultaat.blauwdruk is not None
    assert [(p.blad, p.ernst) for p in resultaat.waarschuwingen] == [("Mijn aantekeningen", WAARSCHUWING)]


# --- Property-based: random cells never raise ------------------------------------------------------------------

CELWAARDEN = st.one_of(
    st.none(), st.text(max_size=40), st.integers(min_value=-10**12, max_value=10**12),
    st.floats(allow_nan=False, allow_infinity=False), st.booleans(),
    st.dates(min_value=date(1900, 3, 1), max_value=date(2100, 1, 1)),
    st.datetimes(min_value=datetime(1900, 3, 1), max_value=datetime(2100, 1, 1)),
    st.times(), st.sampled_from(["11AA", "11AA00", "=SUM(A1:A2)", "'=x", "01-08-2027", "31-02-2027", "Bestuur",
                                 "Regulier basisonderwijs", "Basisonderwijs", "Algemeen", "100A001", "1234 AB",
                                 "#REF!", "BO; SBO", " ; ; "]),
)
RIJEN = st.lists(st.lists(CELWAARDEN, min_size=0, max_size=22), min_size=0, max_size=6)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(inhoud=st.fixed_dictionaries({b.titel: RIJEN for b in GEGEVENSBLADEN}))
def test_willekeurige_cellen_geven_nooit_een_uitzondering(bestuur, registratie, inhoud):
    boek = leeg_boek()
    for titel, rijen in inhoud.items():
        for rij in rijen:
            try:
                boek[titel].append(rij)
            except (ValueError, TypeError, IllegalCharacterError):  # a value openpyxl cannot store
                continue
    try:
        data = als_bytes(boek)
    except (ValueError, TypeError):
        return
    resultaat = lees(data, Kader.voor(bestuur))
    assert (resultaat.blauwdruk is None) == bool(resultaat.fouten)
    for probleem in resultaat.problemen:
        assert probleem.bericht and probleem.ernst in (FOUT, WAARSCHUWING)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(ruis=st.binary(max_size=2000), knip=st.integers(min_value=0, max_value=30_000))
def test_willekeurige_bytes_geven_nooit_een_uitzondering(bestuur, ruis, knip):
    lees(ruis, Kader.voor(bestuur))
    sjabloon_bytes = als_bytes(leeg_boek())
    resultaat = lees(sjabloon_bytes[:knip] + ruis, Kader.voor(bestuur))
    assert resultaat.blauwdruk is not None or resultaat.fouten


def test_tijd_in_een_datumkolom(bestuur):
    boek = leeg_boek()
    boek["Aanbieders"].append([None, "De Linde", None, "11AA", time(12, 30)])
    _fout(lees(als_bytes(boek), Kader.voor(bestuur)), "Aanbieders", 2, "Oprichtingsdatum", "datum")
