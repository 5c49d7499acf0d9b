"""Issue 18 §1: DUO's real files of special schools, board names and pupils, imported with the basisonderwijs
file: counts checked against an independent read of the files, a second run that changes nothing, separate
runs that close nothing of another file's kind, and a newer snapshot with a rename, a new board and a closure."""

import csv
import io
import re
from collections import Counter
from pathlib import Path

import pytest
from django.core.management import call_command
from django.urls import reverse

from registratie.importer.lezen import BESTUREN_BESTAND, DEMO_BESTAND, LEERLINGEN_BESTAND, SPECIAAL_BESTAND
from registratie.importer.toepassen import DOOR
from registratie.models import (
    NAAM_ONBEKEND,
    AangebodenOpleiding,
    AuditRegel,
    BevoegdGezag,
    EerdereNaam,
    Instellingserkenning,
    Onderwijsaanbieder,
    Onderwijsbestuur,
    Vestigingserkenning,
)

ALLE = (DEMO_BESTAND, SPECIAAL_BESTAND, BESTUREN_BESTAND, LEERLINGEN_BESTAND)
# SOURCE.md: the boards of the basisonderwijs file that DUO's board list lacks.
ONBEKEND = {"10799", "10925", "30330", "41324", "42833", "42861", "65768", "76585", "78184", "98255"}
RIJEN = ("bevoegd gezag", "BRIN4", "BRIN6", "onderwijsbestuur", "eerdere naam", "bestuursnaam",
         r"BRIN6 \(leerlingen\)")


def draai(*args) -> str:
    uit = io.StringIO()
    call_command("importeer_duo_open_data", *map(str, args), stdout=uit)
    return uit.getvalue()


def tellingen(uitvoer: str) -> dict[str, tuple[int, ...]]:
    """The count table: soort -> (aangemaakt, gewijzigd, ongewijzigd, beëindigd, geweigerd), rows present only."""
    uit = {}
    for soort in RIJEN:
        regel = re.search(rf"^  {soort}\s+(\d+)\s+(\d+)\s+(\d+)\s+(\d+)\s+(\d+)$", uitvoer, re.MULTILINE)
        if regel:
            uit[soort.replace("\\", "")] = tuple(int(g) for g in regel.groups())
    return uit


def lees_csv(pad: Path, codering: str, scheiding: str) -> list[dict[str, str]]:
    with pad.open(encoding=codering, newline="") as f:
        return list(csv.DictReader(f, delimiter=scheiding))


def laatste_telling(pad: Path = LEERLINGEN_BESTAND) -> dict[str, str]:
    """An independent read of the pupils file: BRIN6 -> latest non-empty count."""
    uit = {}
    for rij in lees_csv(pad, "utf-8-sig", ";"):
        jaren = sorted((k for k in rij if k.startswith("LEERLINGEN_")), reverse=True)
        waarde = next((rij[j].strip() for j in jaren if rij[j].strip()), "")
        uit[rij["VESTIGINGSCODE"]] = waarde if waarde in ("", "<5") else str(int(waarde))
    return uit


def soorten_per_school() -> Counter:
    return Counter(Instellingserkenning.objects.values_list("soort", flat=True))


@pytest.mark.django_db
def test_alle_echte_bestanden_samen_tellingen_namen_soorten_leerlingen_en_tweede_keer_niets():
    uitvoer = draai(*ALLE, "--peildatum", "2026-08-01")
    # 749 boards of basisonderwijs + 241 of special schools, 160 of them in both files.
    assert tellingen(uitvoer) == {
        "bevoegd gezag": (830, 0, 0, 0, 0), "BRIN4": (6011 + 520, 0, 0, 0, 0), "BRIN6": (6122 + 905, 0, 0, 0, 0),
        "onderwijsbestuur": (830, 0, 0, 0, 0), "eerdere naam": (1564, 0, 0, 0, 0),
    }
    # The report per file, with what each file held.
    assert "02.-alle-schoolvestigingen-basisonderwijs.csv: vestigingen (formaat 2026), 6122 regels, 0 geweigerd; " \
           "scholen (BRIN4) per soort: BAO 6011" in uitvoer
    assert "09.-alle-vestigingen-sbo-so-en-vso.csv: vestigingen (formaat sbo-so-vso), 905 regels, 0 geweigerd; " \
           "scholen (BRIN4) per soort: (V)SO 197, SBO 257, SO 39, VSO 27" in uitvoer
    assert "duo_besturen.csv: besturenlijst, 3176 regels, 1120 bevoegde gezagen met naam en KvK-nummer" in uitvoer
    assert "Bevoegde gezagen (lopend): 820 met naam van DUO, 10 naam onbekend bij DUO" in uitvoer

    # Names: every board of the list has its real name and KvK number, the others say so.
    assert set(BevoegdGezag.objects.filter(naam=NAAM_ONBEKEND).values_list("nummer", flat=True)) == ONBEKEND
    assert not BevoegdGezag.objects.filter(naam__startswith="Bevoegd gezag").exists()
    lijst = {r["bevoegd_gezag"]: r for r in lees_csv(BESTUREN_BESTAND, "utf-8", ",")
             if r["herkomst"] == "besturenlijst"}
    for gezag in BevoegdGezag.objects.exclude(naam=NAAM_ONBEKEND):  # a double space in DUO's name is one
        verwacht = " ".join(lijst[gezag.nummer]["naam"].split()), lijst[gezag.nummer]["kvk"]
        assert (gezag.naam, gezag.kvk_nummer) == verwacht
    asvo = Onderwijsbestuur.objects.get(bevoegd_gezag__nummer="20970")
    assert asvo.kvk_nummer == "40531595"
    assert [p.naam for p in asvo.perioden.all()] == ["Amsterdamse Schoolver. v. Opv. en Onderwijs 'A.S.V.O.'"]
    assert list(asvo.bevoegd_gezag.eerdere_namen.values_list("naam", flat=True)) == [
        "Amsterdamse Scholen Vereniging Opvoeding en Onderwijs"]
    onbekend = Onderwijsbestuur.objects.get(bevoegd_gezag__nummer="10799")
    assert [p.naam for p in onbekend.perioden.all()] == [NAAM_ONBEKEND] and onbekend.kvk_nummer == ""

    # Schools by kind; a board can hold both kinds.
    assert soorten_per_school() == {"BAO": 6011, "SBO": 257, "(V)SO": 197, "SO": 39, "VSO": 27}
    per_gezag: dict[str, set[str]] = {}
    for nummer, soort in Instellingserkenning.objects.values_list("bevoegd_gezag__nummer", "soort"):
        per_gezag.setdefault(nummer, set()).add(soort)
    assert sum(1 for s in per_gezag.values() if "BAO" in s and s - {"BAO"}) == 160
    renn4 = Instellingserkenning.objects.get(code="06SV")  # De Aventurijn, cluster 4, SO and VSO
    assert (renn4.soort, renn4.cluster, renn4.bevoegd_gezag.naam) == ("(V)SO", "4", "Stichting RENN4")
    assert Instellingserkenning.objects.get(code="17GW").soort == "(V)SO"  # SO, VSO and (V)SO vestigingen

    # Pupils: the latest count of every BRIN6 the file has, as DUO writes it.
    telling = laatste_telling()
    vestigingen = {v.code: v for v in Vestigingserkenning.objects.all()}
    verwacht = {code: waarde for code, waarde in telling.items() if code in vestigingen and waarde}
    assert {c: v.leerlingen for c, v in vestigingen.items() if v.leerlingen} == verwacht
    assert len(verwacht) == 6972
    klein = next(v for v in vestigingen.values() if v.leerlingen == "<5")
    assert klein.leerlingen_tekst.startswith("minder dan 5 leerlingen (")
    assert vestigingen["04IU00"].leerlingen_jaar == 2025

    # Audit: every erkenning, board and older name has its entry; a second run writes nothing.
    assert AuditRegel.objects.filter(objecttype="eerdere naam", actie="aangemaakt").count() == 1564
    voor = AuditRegel.objects.count()
    tweede = draai(*ALLE, "--peildatum", "2026-08-01")
    assert all(t[0] == t[1] == t[3] == 0 for t in tellingen(tweede).values()), tweede
    assert AuditRegel.objects.count() == voor


@pytest.mark.django_db
def test_bestanden_los_na_elkaar_sluiten_niets_van_een_andere_soort_en_namen_worden_gecorrigeerd():
    draai(DEMO_BESTAND, "--peildatum", "2026-08-01")
    speciaal = tellingen(draai(SPECIAAL_BESTAND, "--peildatum", "2026-08-01"))
    # The special-school file says nothing about basisscholen: nothing of the first file is closed.
    assert speciaal["BRIN4"] == (520, 0, 0, 0, 0) and speciaal["bevoegd gezag"] == (81, 0, 160, 0, 0)
    opnieuw = tellingen(draai(DEMO_BESTAND, "--peildatum", "2026-08-01"))
    assert opnieuw["BRIN4"] == (0, 0, 6011, 0, 0) and opnieuw["bevoegd gezag"][3] == 0
    assert not Instellingserkenning.objects.filter(einddatum__isnull=False).exists()
    assert BevoegdGezag.objects.filter(naam=NAAM_ONBEKEND).count() == 830

    # The board list later: the placeholder was never a name, so every period is corrected (audited).
    namen = draai(BESTUREN_BESTAND, "--peildatum", "2026-09-01")
    assert tellingen(namen)["bevoegd gezag"] == (0, 820, 10, 0, 0)
    assert tellingen(namen)["bestuursnaam"] == (0, 820, 0, 0, 0)
    asvo = Onderwijsbestuur.objects.get(bevoegd_gezag__nummer="20970")
    assert [p.naam for p in asvo.perioden.all()] == ["Amsterdamse Schoolver. v. Opv. en Onderwijs 'A.S.V.O.'"]
    correctie = AuditRegel.objects.get(objecttype="onderwijsbestuur", objectcode=asvo.code, actie="correctie")
    assert correctie.voor["perioden"][0]["naam"] == NAAM_ONBEKEND and correctie.na["kvk_nummer"] == "40531595"

    # The pupils file on its own: counts for the BRIN6s already there, nothing reopened or created.
    leerlingen = tellingen(draai(LEERLINGEN_BESTAND, "--peildatum", "2026-09-01"))
    assert leerlingen["BRIN6 (leerlingen)"] == (0, 6972, 7027 - 6972, 0, 0)
    assert Vestigingserkenning.objects.count() == 7027


def _zonder_gezag(inhoud: bytes, nummer: str) -> bytes:
    return b"".join(r for r in inhoud.splitlines(keepends=True) if f";{nummer};".encode() not in r)


@pytest.mark.django_db
def test_nieuwere_bestanden_geven_hernoeming_nieuw_bestuur_en_sluiting_met_audit(tmp_path):
    draai(*ALLE, "--peildatum", "2026-08-01")
    besturen = BESTUREN_BESTAND.read_bytes().replace(b"Stichting RENN4", b"Stichting RENN4 Noord")
    speciaal = _zonder_gezag(SPECIAAL_BESTAND.read_bytes(), "20233")  # board 20233 stops (one (V)SO school)
    regel = next(r for r in SPECIAAL_BESTAND.read_bytes().splitlines(keepends=True) if b";06SV00;" in r)
    speciaal += regel.replace(b";41414;06SV;06SV00;", b";99999;99ZZ;99ZZ00;")  # a new board with a new school
    (tmp_path / "besturen.csv").write_bytes(besturen)
    (tmp_path / "speciaal.csv").write_bytes(speciaal)
    voor = AuditRegel.objects.count()

    uitvoer = draai(DEMO_BESTAND, tmp_path / "speciaal.csv", tmp_path / "besturen.csv", LEERLINGEN_BESTAND,
                    "--peildatum", "2026-12-01")
    t = tellingen(uitvoer)
    # 99999 new, 41414 renamed, 20233 gone (its unchanged name is counted once more, with the board list)
    assert t["bevoegd gezag"] == (1, 1, 829, 1, 0), uitvoer
    assert t["BRIN4"] == (1, 0, 6530, 1, 0) and t["onderwijsbestuur"] == (1, 0, 829, 1, 0)
    assert t["bestuursnaam"] == (0, 1, 0, 0, 0)

    renn4 = Onderwijsbestuur.objects.get(bevoegd_gezag__nummer="41414")
    assert [(str(p.begindatum), p.naam) for p in renn4.perioden.all()] == [
        ("2021-08-01", "Stichting RENN4"), ("2026-12-01", "Stichting RENN4 Noord")]
    assert AuditRegel.objects.filter(objecttype="bevoegd gezag", objectcode="41414", actie="gewijzigd",
                                     gebruikersnaam=DOOR).exists()
    assert AuditRegel.objects.filter(objecttype="onderwijsbestuur", objectcode=renn4.code, actie="gewijzigd").exists()

    nieuw = BevoegdGezag.objects.get(nummer="99999")
    assert nieuw.naam == NAAM_ONBEKEND and str(nieuw.begindatum) == "2026-12-01"
    assert Instellingserkenning.objects.get(code="99ZZ").soort == "(V)SO"
    weg = BevoegdGezag.objects.get(nummer="20233")
    assert str(weg.einddatum) == "2026-11-30"
    assert str(Onderwijsbestuur.objects.get(bevoegd_gezag=weg).einddatum) == "2026-11-30"
    assert AuditRegel.objects.filter(objectcode="20233", actie="beeindigd").exists()
    assert AuditRegel.objects.count() > voor


@pytest.mark.django_db
def test_vul_registratie_geeft_so_en_vso_aanbod_dat_bij_de_soort_past():
    uitvoer = draai(*ALLE, "--peildatum", "2026-08-01", "--vul-registratie", "--besturen", "1",
                    "--bevoegd-gezag", "20233", "--bevoegd-gezag", "20281")
    assert "Geweigerd" not in uitvoer, uitvoer
    # 20233: one (V)SO school (cluster 3): both an SO and a VSO offering, doelgroepen of cluster 3.
    [aanbieder] = Onderwijsaanbieder.objects.filter(bestuur__bevoegd_gezag__nummer="20233")
    aanbod = {(ao.opleiding.sector, ao.opleiding.naam): {k.waarde for k in ao.kenmerken.all()}
              for ao in AangebodenOpleiding.objects.filter(aanbieder=aanbieder)}
    assert set(aanbod) == {("SO", "Speciaal onderwijs zml/mg"), ("VSO", "Vso-vervolgonderwijs")}
    assert all("MOEILIJK_LEREND" in doelgroepen for doelgroepen in aanbod.values())
    # 20281 (Lucas Onderwijs) holds both kinds: BO at its BAO and SBO schools, SO/VSO at its special schools.
    per_soort: dict[str, set[str]] = {}
    for ao in AangebodenOpleiding.objects.filter(aanbieder__bestuur__bevoegd_gezag__nummer="20281"):
        soort = ao.aanbieder.juridische_relaties.get().instelling.soort
        doelgroep = {k.waarde for k in ao.kenmerken.all() if k.naam == "doelgroepBasisonderwijs"}
        per_soort.setdefault(soort, set()).add(f"{ao.opleiding.sector} {''.join(doelgroep)}".strip())
    assert per_soort["BAO"] == {"BO BO"} and per_soort["SBO"] == {"BO SBO"}
    assert per_soort["SO"] == {"SO"} and per_soort["(V)SO"] == {"SO", "VSO"}
    assert EerdereNaam.objects.exists()


@pytest.fixture
def asvo(db, client):
    """ASVO (bevoegd gezag 20970, one school 04IU at one address) imported from the real files and registered."""
    draai(DEMO_BESTAND, BESTUREN_BESTAND, LEERLINGEN_BESTAND, "--peildatum", "2026-08-01", "--vul-registratie",
          "--bevoegd-gezag", "20970")
    assert Onderwijsaanbieder.objects.count() == 1  # only the board named
    return Onderwijsbestuur.objects.get(bevoegd_gezag__nummer="20970")


@pytest.mark.django_db
def test_leerlingen_en_eerdere_namen_op_de_schermen(client, asvo, vandaag):
    from tests.helpers.factories import gebruiker_met_rollen

    aantal = Vestigingserkenning.objects.get(code="04IU00").leerlingen_tekst
    assert aantal == f"{laatste_telling()['04IU00']} leerlingen (2025)"
    client.force_login(gebruiker_met_rollen("asvo", asvo))
    boom = client.get(reverse("registratie:organisatie", args=[asvo.code])).content.decode()
    assert f"({aantal})" in boom  # the tree: the BRIN6 of the locatie with its count
    plaatje = client.get(reverse("registratie:plaatje_svg", args=[asvo.code])).content.decode()
    assert aantal in plaatje
    zoeken = client.get(reverse("openbaar:zoeken"), {"q": "04IU"}).content.decode()
    assert aantal in zoeken

    eerder = "Amsterdamse Scholen Vereniging Opvoeding en Onderwijs"
    historie = client.get(reverse("registratie:historie", args=[asvo.code])).content.decode()
    assert eerder in historie and "KvK 40531595" in historie and "Naam volgens DUO" in historie
    openbaar = client.get(reverse("openbaar:bestuur", args=[asvo.code])).content.decode()
    assert eerder in openbaar and "Eerdere namen" in openbaar


@pytest.mark.django_db
def test_naam_en_kvk_van_duo_zijn_alleen_lezen_maar_de_rest_mag(client, asvo, vandaag):
    from tests.helpers.factories import gebruiker_met_rollen

    client.force_login(gebruiker_met_rollen("asvo", asvo))
    naam = asvo.huidige_periode(vandaag).naam
    url = reverse("registratie:bestuur_wijzigen", args=[asvo.code])
    basis = {"versie": asvo.versie, "ingangsdatum": vandaag.isoformat(), "naam": naam, "internationale_naam": "",
             "kvk_nummer": "40531595", "rsin": ""}
    for veld, waarde in (("naam", "Een eigen naam"), ("kvk_nummer", "12345678")):
        antwoord = client.post(url, {**basis, veld: waarde})
        pagina = antwoord.content.decode()
        assert antwoord.status_code in (200, 400) and "komt uit de open data van DUO" in pagina
        assert "geef de juiste gegevens dan door aan DUO" in pagina  # says how to fix it
    asvo.refresh_from_db()
    assert (asvo.huidige_periode(vandaag).naam, asvo.kvk_nummer) == (naam, "40531595")
    antwoord = client.post(url, {**basis, "internationale_naam": "ASVO Amsterdam", "rsin": "123456789"})
    assert antwoord.status_code == 302, antwoord.content.decode()[:2000]
    asvo.refresh_from_db()
    assert asvo.rsin == "123456789"


@pytest.mark.django_db
def test_soort_uit_het_leerlingenbestand_alleen_waar_de_andere_bestanden_zwijgen():
    from tests.helpers.factories import bestuur_met_erkenningen

    bestuur_met_erkenningen("40631", brin4s=("00AO", "11AA"), soort="")  # 00AO is a VSO school in DUO's files
    Instellingserkenning.objects.filter(code="11AA").update(soort="BAO")
    Vestigingserkenning.objects.filter(code="00AO00").update(leerlingen="", leerlingen_jaar=None)
    draai(LEERLINGEN_BESTAND, "--peildatum", "2026-09-01")
    school = Instellingserkenning.objects.get(code="00AO")
    assert school.soort == "VSO" and Instellingserkenning.objects.get(code="11AA").soort == "BAO"
    assert Vestigingserkenning.objects.get(code="00AO00").leerlingen == laatste_telling()["00AO00"]
    regel = AuditRegel.objects.get(objectcode="00AO", actie="gewijzigd", gebruikersnaam=DOOR)
    assert regel.voor["soort"] == "" and regel.na["soort"] == "VSO"
