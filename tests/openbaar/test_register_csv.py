"""Open data: the public register as one CSV (';', UTF-8 with BOM, Dutch headers, formula-safe, cached)."""

import csv
import io

import pytest
from django.urls import reverse

from openbaar.zoeken import REGISTER_KOLOMMEN
from tests.helpers import factories
from tests.helpers.openbaar import BESLOTEN, PUBLIEK_BESTUUR, PUBLIEK_SCHOOL

CSV = reverse("openbaar:register_csv")


def _download(client) -> tuple[bytes, list[dict[str, str]]]:
    antwoord = client.get(CSV)
    assert antwoord.status_code == 200
    assert antwoord["Content-Type"] == "text/csv; charset=utf-8"
    assert antwoord["Content-Disposition"] == 'attachment; filename="rio-po-register-2026-11-28.csv"'
    ruw = antwoord.content
    lezer = csv.DictReader(io.StringIO(ruw.decode("utf-8-sig"), newline=""), delimiter=";")
    assert lezer.fieldnames == [k.kop for k in REGISTER_KOLOMMEN]
    return ruw, list(lezer)


@pytest.mark.django_db
def test_bestand_met_bom_puntkomma_en_nederlandse_koppen(client, register):
    ruw, rijen = _download(client)
    assert ruw.startswith(b"\xef\xbb\xbfOnderwijsbestuurcode;Naam onderwijsbestuur;")
    assert b"\r\n" in ruw
    per_school = {r["Onderwijsaanbiedercode"]: r for r in rijen}
    assert set(per_school) == {register.school.code, register.andere_school.code}
    rij = per_school[register.school.code]
    assert rij == {
        "Onderwijsbestuurcode": register.bestuur.code, "Naam onderwijsbestuur": "Stichting 10001",
        "Bevoegd-gezagnummer": "10001", "Onderwijsaanbiedercode": register.school.code,
        "Naam onderwijsaanbieder": "OBS De Regenboog", "Oprichtingsdatum": "01-08-2021",
        "Instellingscode (BRIN)": "11AA", "Onderwijslocatiecode": register.locatie.code,
        "Vestigingscode (BRIN6)": "11AA00", "Straatnaam": "Schoolstraat", "Huisnummer": "11", "Toevoeging": "",
        "Postcode": "1001AB", "Plaatsnaam": "UTRECHT", "Opleidingen": "Basisonderwijs",
        "Doelgroepen": "Regulier basisonderwijs", "E-mailadres (Algemeen)": PUBLIEK_SCHOOL,
        "Telefoonnummer (Algemeen)": "", "Website (Algemeen)": "https://regenboog.example.nl",
        "Voortgezet uit": "", "Opgevolgd door": "",
    }
    assert per_school[register.andere_school.code]["Doelgroepen"] == "Speciaal basisonderwijs"


@pytest.mark.django_db
def test_alleen_openbare_contactgegevens_met_overerving_van_het_bestuur(client, register):
    from registratie.models import Contactgegevens

    Contactgegevens.objects.filter(aanbieder=register.school, context="ALGEMEEN").delete()
    ruw, rijen = _download(client)
    tekst = ruw.decode("utf-8-sig")
    for adres in BESLOTEN.values():
        assert adres not in tekst
    rij = next(r for r in rijen if r["Onderwijsaanbiedercode"] == register.school.code)
    assert (rij["E-mailadres (Algemeen)"], rij["Telefoonnummer (Algemeen)"]) == (PUBLIEK_BESTUUR, "030 123 4567")


@pytest.mark.django_db
def test_formule_aan_het_begin_van_een_naam_wordt_onschadelijk(client, register):
    factories.aanbieder(register.bestuur, naam='=HYPERLINK("https://kwaad.example","klik")', brin4="11AB")
    factories.aanbieder(register.bestuur, naam="@SOM(A1:A9)", brin4="11AB")
    _, rijen = _download(client)
    namen = {r["Naam onderwijsaanbieder"] for r in rijen}
    assert '\'=HYPERLINK("https://kwaad.example","klik")' in namen
    assert "'@SOM(A1:A9)" in namen
    assert not any(n.startswith(("=", "+", "-", "@")) for r in rijen for n in r.values())


@pytest.mark.django_db
def test_aanbieder_zonder_opleiding_en_meerdere_locaties(client, register, vandaag):
    """One row per aanbieder × locatie; an aanbieder without an aangeboden opleiding gets one row too."""
    factories.aanbieder(register.bestuur, naam="Nog Leeg", brin4="11AB")
    tweede = factories.locatiegebruik(register.bestuur, brin6="11AB00")
    factories.bo_opleiding(register.school, locatie=tweede.locatie, doelgroep="SBO")
    _, rijen = _download(client)
    school = [r for r in rijen if r["Onderwijsaanbiedercode"] == register.school.code]
    assert sorted((r["Onderwijslocatiecode"], r["Vestigingscode (BRIN6)"]) for r in school) == sorted(
        [(register.locatie.code, "11AA00"), (tweede.locatie.code, "11AB00")])
    leeg = [r for r in rijen if r["Naam onderwijsaanbieder"] == "Nog Leeg"]
    assert len(leeg) == 1 and leeg[0]["Onderwijslocatiecode"] == "" and leeg[0]["Opleidingen"] == ""


@pytest.mark.django_db
def test_aantal_queries_groeit_niet_met_het_aantal_scholen(client, register, django_assert_max_num_queries):
    for i in range(6):
        factories.aanbieder(register.bestuur, naam=f"School {i}", brin4="11AB")
    with django_assert_max_num_queries(14):
        antwoord = client.get(CSV)
        rijen = antwoord.content.count(b"\r\n")
    assert rijen == 1 + 8


@pytest.mark.django_db
def test_tweede_download_uit_de_cache_tot_het_register_wijzigt(client, register, django_assert_max_num_queries):
    eerste, _ = _download(client)
    with django_assert_max_num_queries(2):  # the register state only; the file itself comes from the cache
        assert client.get(CSV).content == eerste
    factories.aanbieder(register.bestuur, naam="Nieuwe School", brin4="11AB")  # audited: a new register state
    _, rijen = _download(client)
    assert "Nieuwe School" in {r["Naam onderwijsaanbieder"] for r in rijen}


@pytest.mark.django_db
def test_uitlegpagina_beschrijft_elke_kolom(client, register):
    html = client.get(reverse("openbaar:open_data")).content.decode()
    assert f'href="{CSV}"' in html
    for kolom in REGISTER_KOLOMMEN:
        assert kolom.kop in html
    assert "puntkomma" in html and "aanbieder × onderwijslocatie" in html
