"""The controlebestand as xlsx and as CSV zip, read back with openpyxl and the csv module."""

import csv
import io
import zipfile
from datetime import date, datetime

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from registratie.models import (
    AanbiederPeriode,
    AangebodenOpleiding,
    AangebodenOpleidingPeriode,
    BegeleidingPeriode,
    Instellingserkenning,
    JuridischeRelatie,
    Kenmerk,
    Onderwijsaanbieder,
    Onderwijslocatie,
    Onderwijslocatiegebruik,
    Opleiding,
    Vestigingserkenning,
    Vestigingsrelatie,
)
from registratie.services import contact as contact_services
from tests.helpers import factories
from tests.helpers.controle import las

BLADEN = ["Bestuur", "Aanbieders", "Begeleidingsaanbieders", "Locaties en gebruik", "Aangeboden opleidingen",
          "Contactgegevens", "Effectieve contacten", "Rollen", "Mandaten", "Signalen"]
CSV_NAMEN = ["bestuur.csv", "aanbieders.csv", "begeleidingsaanbieders.csv", "locaties-en-gebruik.csv",
             "aangeboden-opleidingen.csv", "contactgegevens.csv", "effectieve-contacten.csv", "rollen.csv",
             "mandaten.csv", "signalen.csv"]


def _download(client, bestuur, formaat: str, query: str = ""):
    antwoord = client.get(reverse(f"controle:controlebestand_{formaat}", args=[bestuur.code]) + query)
    assert antwoord.status_code == 200
    return antwoord, b"".join(antwoord.streaming_content)


def xlsx_bladen(inhoud: bytes) -> dict[str, list[tuple]]:
    boek = load_workbook(io.BytesIO(inhoud), read_only=True)
    return {blad.title: [tuple(c for c in rij) for rij in blad.iter_rows(values_only=True)] for blad in boek}


def csv_bladen(inhoud: bytes) -> dict[str, list[list[str]]]:
    bladen = {}
    with zipfile.ZipFile(io.BytesIO(inhoud)) as archief:
        for naam in archief.namelist():
            ruw = archief.read(naam)
            assert ruw.startswith(b"\xef\xbb\xbf"), f"{naam}: geen BOM (Excel leest dan ANSI)"
            bladen[naam] = list(csv.reader(io.StringIO(ruw.decode("utf-8-sig"), newline=""), delimiter=";"))
    return bladen


@pytest.fixture
def geregistreerd(schoon_bestuur, vandaag):
    aanbieder = schoon_bestuur.aanbieders.order_by("code").first()
    contact_services.registreer_contact(aanbieder, door="test", context="LEERPLICHT", begindatum=vandaag,
                                        email="lp@school.example", bezoek_straatnaam="Schoolstraat",
                                        bezoek_huisnummer=12, bezoek_toevoeging="a", bezoek_postcode="1234AB",
                                        bezoek_plaatsnaam="Utrecht")
    factories.aanbieder(schoon_bestuur, naam="Zonder aanbod", brin4="11AA")
    return schoon_bestuur


@pytest.mark.django_db
def test_xlsx_bladen_koppen_opmaak_en_datums(beheerder_client, geregistreerd):
    antwoord, inhoud = _download(beheerder_client, geregistreerd, "xlsx")
    assert antwoord["Content-Type"] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    assert f'filename="controlebestand-{geregistreerd.code}-20261128.xlsx"' in antwoord["Content-Disposition"]
    boek = load_workbook(io.BytesIO(inhoud))
    assert boek.sheetnames == BLADEN
    for blad in boek:
        assert blad.freeze_panes == "A2", blad.title
        assert blad["A1"].font.bold and blad["A1"].value == "Bestuurcode"
        assert blad.auto_filter.ref.startswith("A1:"), blad.title
        assert blad.column_dimensions["A"].width >= 12
    aanbieders = boek["Aanbieders"]
    assert [c.value for c in aanbieders[1]] == [
        "Bestuurcode", "Aanbiedercode", "Naam", "Internationale naam", "Groep", "BRIN4 op peildatum",
        "Oprichtingsdatum", "Einddatum", "Status op peildatum", "Aangeboden opleidingen (aantal)"]
    oprichting = aanbieders["G2"]
    assert oprichting.is_date and oprichting.value == datetime(2021, 8, 1)
    assert oprichting.number_format == "DD-MM-YYYY"
    assert aanbieders.auto_filter.ref == "A1:J4"  # header + 3 aanbieders
    assert aanbieders.column_dimensions["C"].width == 40


@pytest.mark.django_db
def test_xlsx_inhoud(beheerder_client, geregistreerd):
    bladen = xlsx_bladen(_download(beheerder_client, geregistreerd, "xlsx")[1])
    code = geregistreerd.code
    bestuur = bladen["Bestuur"]
    assert bestuur[1][:2] == (code, "Stichting 10001") and bestuur[1][10:] == (94, 1, 0)  # 16 of 17 rules
    aanbieders = {r[2]: r for r in bladen["Aanbieders"][1:]}
    assert aanbieders["School 11AA"][5] == "11AA" and aanbieders["School 11AA"][9] == 1
    assert aanbieders["Zonder aanbod"][8] == "actief" and aanbieders["Zonder aanbod"][9] == 0
    locaties = bladen["Locaties en gebruik"][1:]
    assert sorted(r[7] for r in locaties) == ["11AA00", "11AB00"]
    opleidingen = bladen["Aangeboden opleidingen"][1:]
    assert len(opleidingen) == 2 and opleidingen[0][12] == "Doelgroep: Regulier basisonderwijs"
    contacten = bladen["Contactgegevens"][1:]
    leerplicht = next(r for r in contacten if r[3] == "Leerplicht")
    assert leerplicht[4] == "nee" and leerplicht[10] == "Schoolstraat 12-a, 1234 AB UTRECHT"
    effectief = bladen["Effectieve contacten"][1:]
    assert len(effectief) == 3 * 8
    assert sum(1 for r in effectief if r[11].endswith("(Leerplicht)")) == 1
    mandaten = bladen["Mandaten"]
    assert mandaten[0] == ("Bestuurcode", "BRIN4", "Dienst", "Systeem", "Leverancier", "Vanaf", "Tot en met",
                           "Status op peildatum")
    assert mandaten[1:] == [(code, brin4, "RIO", "Voorbeeld LAS", "Leverancier A B.V.", datetime(2021, 8, 1), None,
                             "actief") for brin4 in ("11AA", "11AB")]
    signalen = bladen["Signalen"][1:]
    assert len(signalen) == 1
    s = signalen[0]
    assert s[1:3] == ("fout", "AANBIEDER_ZONDER_OPLEIDING") and s[4] == "Onderwijsaanbieder"
    assert s[9].startswith("http://testserver/aanbieders/") and s[9].endswith("/opleidingen/nieuw/")
    rollen = bladen["Rollen"][1:]
    assert {r[1] for r in rollen} == {"beheerder"} and all(r[4] == code for r in rollen)
    assert "beheerder@example.test" not in str(rollen)  # no e-mail addresses in the control file


@pytest.mark.django_db
def test_csv_zip_is_hetzelfde_als_xlsx(beheerder_client, geregistreerd):
    antwoord, inhoud = _download(beheerder_client, geregistreerd, "zip")
    assert antwoord["Content-Type"] == "application/zip"
    assert f'filename="controlebestand-{geregistreerd.code}-20261128.zip"' in antwoord["Content-Disposition"]
    bladen = csv_bladen(inhoud)
    assert list(bladen) == CSV_NAMEN
    xlsx = xlsx_bladen(_download(beheerder_client, geregistreerd, "xlsx")[1])
    for (titel, xrijen), crijen in zip(xlsx.items(), bladen.values(), strict=True):
        assert len(xrijen) == len(crijen), titel
        assert list(xrijen[0]) == crijen[0], titel
    aanbieder = bladen["aanbieders.csv"][1]
    assert aanbieder[6] == "01-08-2021"  # Dutch date, as Excel NL reads it
    assert bladen["bestuur.csv"][1][9] == "28-11-2026"


@pytest.mark.django_db
def test_lastige_namen_blijven_tekst(beheerder_client, schoon_bestuur, vandaag):
    """Quotes, semicolons, line breaks and a leading '=' (imported data; the forms refuse line breaks)."""
    lastig = {
        "formule": '=HYPERLINK("http://kwaad.example";"klik")',
        "puntkomma": 'School "De Brug"; locatie 2\nregel twee',
        "plus": "+31 50 123 4567",
        "min": "-Basisschool",
        "apenstaart": "@SUM(A1:A9)",
    }
    aanbieders = list(schoon_bestuur.aanbieders.order_by("code"))
    namen = list(lastig.values())
    factories.aanbieder(schoon_bestuur, naam="x", brin4="11AA")
    factories.aanbieder(schoon_bestuur, naam="y", brin4="11AA")
    factories.aanbieder(schoon_bestuur, naam="z", brin4="11AA")
    aanbieders = list(schoon_bestuur.aanbieders.order_by("code"))
    for aanbieder, naam in zip(aanbieders, namen, strict=True):
        AanbiederPeriode.objects.filter(aanbieder=aanbieder).update(naam=naam)
    verwacht = {n if n[0] not in "=+-@" else "'" + n for n in namen}

    xlsx = xlsx_bladen(_download(beheerder_client, schoon_bestuur, "xlsx")[1])
    assert {r[2] for r in xlsx["Aanbieders"][1:]} == verwacht
    boek = load_workbook(io.BytesIO(_download(beheerder_client, schoon_bestuur, "xlsx")[1]))
    assert all(c.data_type != "f" for rij in boek["Aanbieders"].iter_rows() for c in rij)  # no formula cells

    bladen = csv_bladen(_download(beheerder_client, schoon_bestuur, "zip")[1])
    assert {r[2] for r in bladen["aanbieders.csv"][1:]} == verwacht
    assert all(len(r) == 10 for r in bladen["aanbieders.csv"])  # the semicolon did not split a cell
    pagina = beheerder_client.get(reverse("controle:bestuur", args=[schoon_bestuur.code])).content.decode()
    assert "School &quot;De Brug&quot;; locatie 2" in pagina and "<script" not in pagina.split("<main")[1][:0] + ""


@pytest.mark.django_db
def test_begeleidingsaanbieders_met_herkomst_van_algemeen_en_lastige_naam(beheerder_client, schoon_bestuur, vandaag):
    """The sheet of onderwijsbegeleidingsaanbieders (issue 18 §2): BRIN4, expertise, where Algemeen comes from, and
    its signals in the sheet Signalen; a name starting with '=' stays text (kern.export)."""
    from registratie.services import begeleiding as begeleiding_services

    so = Instellingserkenning.objects.create(code="11SO", naam="Auris SO", bevoegd_gezag=schoon_bestuur.bevoegd_gezag,
                                             soort="SO", cluster="2", begindatum=factories.BEGIN)
    eerste = begeleiding_services.registreer_begeleidingsaanbieder(
        schoon_bestuur, door="test", naam="Ambulante dienst", begindatum=vandaag, instellingen=[so],
        expertises=["SLECHTHORENDHEID", "DOOFHEID"])
    tweede = begeleiding_services.registreer_begeleidingsaanbieder(
        schoon_bestuur, door="test", naam="Tweede", begindatum=vandaag, instellingen=[so], expertises=["EPILEPSIE"])
    BegeleidingPeriode.objects.filter(begeleidingsaanbieder=tweede).update(naam='=HYPERLINK("http://x.example")')
    contact_services.registreer_contact(eerste, door="test", context="ALGEMEEN", begindatum=vandaag,
                                        email="info@auris.example")
    Instellingserkenning.objects.filter(code="11SO").update(cluster="3")
    xlsx = xlsx_bladen(_download(beheerder_client, schoon_bestuur, "xlsx")[1])
    assert xlsx["Begeleidingsaanbieders"][0][:6] == ("Bestuurcode", "Code", "Naam", "Internationale naam",
                                                      "BRIN4 op peildatum", "Expertise")
    rijen = {r[1]: r for r in xlsx["Begeleidingsaanbieders"][1:]}
    assert rijen[eerste.code][2:6] == ("Ambulante dienst", None, "11SO", "Slechthorendheid, Doofheid")
    assert rijen[eerste.code][8:] == ("actief", f"onderwijsbegeleidingsaanbieder {eerste.code}")
    assert rijen[tweede.code][2] == '\'=HYPERLINK("http://x.example")'
    assert rijen[tweede.code][9] == f"onderwijsbestuur {schoon_bestuur.code}"
    boek = load_workbook(io.BytesIO(_download(beheerder_client, schoon_bestuur, "xlsx")[1]))
    assert all(c.data_type != "f" for rij in boek["Begeleidingsaanbieders"].iter_rows() for c in rij)
    signalen = [r for r in xlsx["Signalen"][1:] if r[2] == "BEGELEIDING_ERKENNING"]
    assert {r[5] for r in signalen} == {eerste.code, tweede.code}
    assert all(r[4] == "Onderwijsbegeleidingsaanbieder" and r[9].endswith(
        f"/begeleidingsaanbieders/{r[5]}/beeindigen/") for r in signalen)
    csv_rijen = csv_bladen(_download(beheerder_client, schoon_bestuur, "zip")[1])["begeleidingsaanbieders.csv"]
    assert len(csv_rijen) == 3 and all(len(r) == 10 for r in csv_rijen)


@pytest.mark.django_db
def test_stuurtekens_worden_geschrapt_in_xlsx(beheerder_client, schoon_bestuur):
    ao = AangebodenOpleiding.objects.filter(aanbieder__bestuur=schoon_bestuur).first()
    ao.perioden.update(eigen_naam="Naam\x0bmet\x01stuurteken")
    rijen = xlsx_bladen(_download(beheerder_client, schoon_bestuur, "xlsx")[1])["Aangeboden opleidingen"]
    assert "Naammetstuurteken" in {r[6] for r in rijen}


@pytest.mark.django_db
def test_leeg_bestuur(beheerder_client, bestuur):
    xlsx = xlsx_bladen(_download(beheerder_client, bestuur, "xlsx")[1])
    assert list(xlsx) == BLADEN
    # 8 rollen of beheerder; no mandates; 8 signalen
    assert [len(xlsx[t]) for t in BLADEN] == [2, 1, 1, 1, 1, 1, 1, 9, 1, 9]
    assert {r[2] for r in xlsx["Signalen"][1:]} == {"BESTUUR_ZONDER_LOCATIE", "BRIN4_NIET_GEBRUIKT",
                                                   "BRIN6_NIET_GEBRUIKT", "GEEN_ALGEMEEN_CONTACT", "OSR_MANDAAT"}
    bladen = csv_bladen(_download(beheerder_client, bestuur, "zip")[1])
    assert [len(bladen[n]) for n in CSV_NAMEN] == [2, 1, 1, 1, 1, 1, 1, 9, 1, 9]


def _bulk_bestuur(aantal: int):
    """A board with ``aantal`` aanbieders, locaties and offers, written in bulk (thousands of objects)."""
    bestuur = factories.bestuur_met_erkenningen("50005", brin4s=("50AA",))
    factories.mandaat(bestuur, "50AA", las())
    instelling = Instellingserkenning.objects.get(code="50AA")
    vestiging = Vestigingserkenning.objects.get(code="50AA00")
    basis = Opleiding.objects.get(naam="Basisonderwijs")
    begin = factories.BEGIN
    aanbieders = Onderwijsaanbieder.objects.bulk_create(
        Onderwijsaanbieder(code=f"{500 + i // 1000:03d}A{i % 1000:03d}", bestuur=bestuur, begindatum=begin)
        for i in range(aantal))
    AanbiederPeriode.objects.bulk_create(AanbiederPeriode(aanbieder=a, begindatum=begin, naam=f"School {i}")
                                         for i, a in enumerate(aanbieders))
    JuridischeRelatie.objects.bulk_create(JuridischeRelatie(aanbieder=a, instelling=instelling, begindatum=begin)
                                          for a in aanbieders)
    locaties = Onderwijslocatie.objects.bulk_create(
        Onderwijslocatie(code=f"{500 + i // 1000:03d}X{i % 1000:03d}", postcode="5000AB", huisnummer=i + 1,
                         straatnaam="Lange Laan", plaatsnaam="ERGENS") for i in range(aantal))
    gebruiken = Onderwijslocatiegebruik.objects.bulk_create(
        Onderwijslocatiegebruik(bestuur=bestuur, locatie=loc, begindatum=begin) for loc in locaties)
    Vestigingsrelatie.objects.bulk_create(Vestigingsrelatie(gebruik=g, vestiging=vestiging, begindatum=begin)
                                          for g in gebruiken)
    aos = AangebodenOpleiding.objects.bulk_create(
        AangebodenOpleiding(aanbieder=a, opleiding=basis, locatie=loc, begindatum=begin)
        for a, loc in zip(aanbieders, locaties, strict=True))
    AangebodenOpleidingPeriode.objects.bulk_create(
        AangebodenOpleidingPeriode(aangeboden_opleiding=ao, begindatum=begin) for ao in aos)
    Kenmerk.objects.bulk_create(Kenmerk(aangeboden_opleiding=ao, naam="doelgroepBasisonderwijs", waarde="BO",
                                        begindatum=begin) for ao in aos)
    return bestuur


@pytest.mark.django_db
def test_bestuur_met_duizenden_objecten(client, vandaag, django_assert_max_num_queries):
    bestuur = _bulk_bestuur(1000)
    client.force_login(factories.gebruiker_met_rollen("groot", bestuur))
    with django_assert_max_num_queries(30):
        pagina = client.get(reverse("controle:bestuur", args=[bestuur.code]))
    assert pagina.status_code == 200
    assert [s.regel for s in pagina.context["controle"].signalen] == ["GEEN_ALGEMEEN_CONTACT"]
    xlsx = xlsx_bladen(_download(client, bestuur, "xlsx")[1])
    assert len(xlsx["Aanbieders"]) == 1001 and len(xlsx["Locaties en gebruik"]) == 1001
    assert len(xlsx["Aangeboden opleidingen"]) == 1001 and len(xlsx["Effectieve contacten"]) == 8001
    bladen = csv_bladen(_download(client, bestuur, "zip")[1])
    assert len(bladen["effectieve-contacten.csv"]) == 8001
    assert bladen["aanbieders.csv"][1000][2] == "School 999"
    assert date.fromisoformat("2021-08-01").strftime("%d-%m-%Y") == bladen["aanbieders.csv"][1][6]
