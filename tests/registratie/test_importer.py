"""The importer of DUO open data: real-file counts, updates between snapshots, rejections, robustness."""

import csv
import io
import re
from datetime import date
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.db import transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from registratie.importer.lezen import (
    DEMO_BESTAND,
    OUD_BESTAND,
    Bestand,
    lees_bestand,
    normaliseer_internetadres,
    splits_huisnummer,
)
from registratie.importer.toepassen import DOOR, RIO_PO_START, importeer
from registratie.models import (
    AangebodenOpleiding,
    AuditRegel,
    BevoegdGezag,
    Instellingserkenning,
    Onderwijsaanbieder,
    Onderwijsbestuur,
    Onderwijslocatiegebruik,
    Vestigingserkenning,
    Vestigingsrelatie,
)
from tests.helpers.factories import aanbieder
from tests.helpers.importer import GELDIGE_RIJ, KOP_2020, KOP_2026, csv_bytes, rij, vestiging

BESTUURCODE = re.compile(r"^\d{3}B\d{3}$")
SOORTEN = ("bevoegd gezag", "BRIN4", "BRIN6", "onderwijsbestuur")


def schrijf(tmp_path: Path, rijen: list, naam: str = "bestand.csv", **kwargs) -> Path:
    pad = tmp_path / naam
    pad.write_bytes(csv_bytes(rijen, **kwargs))
    return pad


def draai(pad: Path, *args: str) -> str:
    uit = io.StringIO()
    call_command("importeer_duo_open_data", str(pad), *args, stdout=uit)
    return uit.getvalue()


def tellingen(uitvoer: str) -> dict[str, tuple[int, ...]]:
    """Parse the count table: soort -> (aangemaakt, gewijzigd, ongewijzigd, beëindigd, geweigerd)."""
    uit = {}
    for soort in SOORTEN:
        regel = re.search(rf"^  {soort}\s+(\d+)\s+(\d+)\s+(\d+)\s+(\d+)\s+(\d+)$", uitvoer, re.MULTILINE)
        assert regel, uitvoer
        uit[soort] = tuple(int(g) for g in regel.groups())
    return uit


def codes_in(pad: Path) -> tuple[set[str], set[str], set[str], dict[str, str]]:
    """An independent read of a DUO file: its board numbers, BRIN4s, BRIN6s and BRIN4 -> board."""
    with pad.open(encoding="cp1252", newline="") as f:
        rijen = list(csv.reader(f, delimiter=";"))[1:]
    return ({r[1] for r in rijen}, {r[2] for r in rijen}, {r[3] for r in rijen}, {r[2]: r[1] for r in rijen})


def audit_aantal() -> int:
    return AuditRegel.objects.count()


# --- Normalisation -------------------------------------------------------------------------------------

@pytest.mark.parametrize(("invoer", "verwacht"), [
    ("13", (13, "")), ("5-A", (5, "A")), ("128-130", (128, "130")), ("27-A 29", (27, "A 29")),
    ("2/3", (2, "3")), ("5A", (5, "A")), (" 7 ", (7, "")), ("A-5", (None, "A-5")), ("123456", (None, "123456")),
])
def test_huisnummer_en_toevoeging_worden_gesplitst(invoer, verwacht):
    assert splits_huisnummer(invoer) == verwacht


def test_internetadres_blijft_zoals_gegeven_zonder_slash_aan_het_eind():
    assert normaliseer_internetadres("www.ckchetkompas.nl/ ") == "www.ckchetkompas.nl"
    assert normaliseer_internetadres("https://x.nl/a/") == "https://x.nl/a"
    assert normaliseer_internetadres(" " * 80) == ""


# --- The real 2026 file ----------------------------------------------------------------------------------

@pytest.mark.django_db
def test_echt_bestand_2026_tellingen_normalisatie_en_tweede_keer_niets():
    uitvoer = draai(DEMO_BESTAND, "--peildatum", "2026-08-01")
    assert tellingen(uitvoer) == {
        "bevoegd gezag": (749, 0, 0, 0, 0), "BRIN4": (6011, 0, 0, 0, 0), "BRIN6": (6122, 0, 0, 0, 0),
        "onderwijsbestuur": (749, 0, 0, 0, 0),
    }
    assert "formaat 2026" in uitvoer and "eerste import" in uitvoer
    assert (BevoegdGezag.objects.count(), Instellingserkenning.objects.count(),
            Vestigingserkenning.objects.count()) == (749, 6011, 6122)
    besturen = Onderwijsbestuur.objects.all()
    assert besturen.count() == 749
    assert all(BESTUURCODE.match(b.code) for b in besturen)
    assert {b.begindatum for b in besturen} == {RIO_PO_START}
    assert not Onderwijsbestuur.objects.filter(bevoegd_gezag__isnull=True).exists()
    # First import: DUO's file has no dates, so erkenningen begin on an unknown date.
    assert not Vestigingserkenning.objects.filter(begindatum__isnull=False).exists()

    asvo = Vestigingserkenning.objects.select_related("instelling__bevoegd_gezag").get(code="04IU00")
    assert (asvo.naam, asvo.postcode, asvo.huisnummer, asvo.huisnummertoevoeging) == ("ASVO", "1017XL", 37, "")
    assert (asvo.instelling.naam, asvo.instelling.bevoegd_gezag.nummer) == ("ASVO", "20970")
    # Without DUO's board list the file names no board: the honest name, not an invented one.
    assert asvo.instelling.bevoegd_gezag.naam == "naam onbekend bij DUO"
    assert asvo.gemeentenummer == "0363" and asvo.internetadres == "www.asvo.nl"
    # DUO's basisonderwijs file lists basisscholen only: every school is known as BAO (so SO/VSO is refused).
    assert set(Instellingserkenning.objects.values_list("soort", flat=True)) == {"BAO"}
    assert not Vestigingserkenning.objects.filter(postcode__contains=" ").exists()
    assert not Vestigingserkenning.objects.filter(internetadres__endswith="/").exists()
    assert not Vestigingserkenning.objects.filter(telefoonnummer=" ").exists()
    assert Vestigingserkenning.objects.filter(telefoonnummer="").count() == 50
    assert Vestigingserkenning.objects.filter(huisnummertoevoeging="A").exists()
    kla4 = Vestigingserkenning.objects.get(code="18HI00")  # a CSV-quoted name in the file
    assert kla4.naam == 'Basisschool "Kla4"' and (kla4.huisnummer, kla4.huisnummertoevoeging) == (36, "B")

    # Audit: one entry per erkenning and one per board, all by the importer.
    assert AuditRegel.objects.filter(gebruikersnaam=DOOR, actie="aangemaakt").count() == 749 + 6011 + 6122 + 749
    regel = AuditRegel.objects.get(objecttype="vestigingserkenning (BRIN6)", objectcode="04IU00")
    assert regel.na["naam"] == "ASVO" and regel.voor is None and BESTUURCODE.match(regel.bestuurcode)

    voor = audit_aantal()
    tweede = draai(DEMO_BESTAND, "--peildatum", "2026-08-01")
    assert tellingen(tweede) == {
        "bevoegd gezag": (0, 0, 749, 0, 0), "BRIN4": (0, 0, 6011, 0, 0), "BRIN6": (0, 0, 6122, 0, 0),
        "onderwijsbestuur": (0, 0, 749, 0, 0),
    }
    assert audit_aantal() == voor
    assert Onderwijsbestuur.objects.count() == 749


# --- 2020 snapshot, then 2026 ----------------------------------------------------------------------------

@pytest.mark.django_db
def test_2020_dan_2026_legt_hernoemingen_verhuizingen_en_beeindigingen_vast():
    eerste = draai(OUD_BESTAND, "--peildatum", "2020-12-01")
    assert "formaat 2020" in eerste
    assert tellingen(eerste)["BRIN6"] == (6268, 0, 0, 0, 0)
    audit_na_2020 = audit_aantal()

    uitvoer = draai(DEMO_BESTAND, "--peildatum", "2026-08-01")
    t = tellingen(uitvoer)
    bg20, b4_20, b6_20, gezag20 = codes_in(OUD_BESTAND)
    bg26, b4_26, b6_26, gezag26 = codes_in(DEMO_BESTAND)
    verhuisd = {c for c in b4_20 & b4_26 if gezag20[c] != gezag26[c]}
    assert verhuisd
    assert t["bevoegd gezag"] == (len(bg26 - bg20), 0, len(bg26 & bg20), len(bg20 - bg26), 0)
    assert t["BRIN4"][0] == len(b4_26 - b4_20) and t["BRIN4"][3] == len(b4_20 - b4_26)
    assert t["BRIN6"][0] == len(b6_26 - b6_20) and t["BRIN6"][3] == len(b6_20 - b6_26)
    assert t["BRIN4"][1] >= len(verhuisd) and t["BRIN6"][1] > 0
    assert t["onderwijsbestuur"] == (len(bg26 - bg20), 0, len(bg26 & bg20), len(bg20 - bg26), 0)

    # Never duplicates: one row per code ever seen, one board per bevoegd gezag.
    assert Vestigingserkenning.objects.count() == len(b6_20 | b6_26)
    assert Instellingserkenning.objects.count() == len(b4_20 | b4_26)
    assert BevoegdGezag.objects.count() == Onderwijsbestuur.objects.count() == len(bg20 | bg26)

    # Rename, with its audit entry.
    assert Vestigingserkenning.objects.get(code="04IU00").naam == "ASVO"
    assert Instellingserkenning.objects.get(code="04IU").naam == "ASVO"
    hernoeming = AuditRegel.objects.get(objectcode="04IU00", actie="gewijzigd")
    assert hernoeming.gebruikersnaam == DOOR and hernoeming.ingangsdatum == date(2026, 8, 1)
    assert hernoeming.wijzigingen() == [("naam", "Asvo School", "ASVO")]

    # Moves: the BRIN4 now hangs under its 2026 bevoegd gezag.
    for code in sorted(verhuisd)[:20]:
        assert Instellingserkenning.objects.get(code=code).bevoegd_gezag.nummer == gezag26[code]
    verhuizing = AuditRegel.objects.get(objectcode=sorted(verhuisd)[0], actie="gewijzigd")
    assert verhuizing.voor["bevoegd_gezag"] == gezag20[verhuizing.objectcode]
    assert verhuizing.na["bevoegd_gezag"] == gezag26[verhuizing.objectcode]

    # Closures per 31-07-2026 (inclusive end), audited; boards of vanished gezagen end too (no aanbieders).
    einde = date(2026, 7, 31)
    gesloten6 = Vestigingserkenning.objects.filter(einddatum__isnull=False)
    assert set(gesloten6.values_list("code", flat=True)) == b6_20 - b6_26
    assert set(gesloten6.values_list("einddatum", flat=True)) == {einde}
    assert set(Instellingserkenning.objects.filter(einddatum=einde).values_list("code", flat=True)) == b4_20 - b4_26
    verdwenen = BevoegdGezag.objects.filter(nummer__in=bg20 - bg26)
    assert set(verdwenen.values_list("einddatum", flat=True)) == {einde}
    assert set(Onderwijsbestuur.objects.filter(bevoegd_gezag__in=verdwenen).values_list("einddatum", flat=True)) \
        == {einde}
    beeindigd = AuditRegel.objects.filter(gebruikersnaam=DOOR, actie="beeindigd")
    assert beeindigd.filter(objecttype="vestigingserkenning (BRIN6)").count() == len(b6_20 - b6_26)
    assert beeindigd.filter(objecttype="onderwijsbestuur").count() == len(bg20 - bg26)
    assert set(beeindigd.values_list("ingangsdatum", flat=True)) == {einde}

    # New erkenningen begin on the peildatum; new boards too.
    nieuw = Vestigingserkenning.objects.filter(code__in=b6_26 - b6_20)
    assert set(nieuw.values_list("begindatum", flat=True)) == {date(2026, 8, 1)}
    assert set(Onderwijsbestuur.objects.filter(bevoegd_gezag__nummer__in=bg26 - bg20)
               .values_list("begindatum", flat=True)) == {date(2026, 8, 1)}

    # Every change has exactly one audit entry.
    erkenningen = sum(t[s][0] + t[s][1] + t[s][3] for s in ("bevoegd gezag", "BRIN4", "BRIN6"))
    besturen = t["onderwijsbestuur"][0] + t["onderwijsbestuur"][3]
    assert audit_aantal() - audit_na_2020 == erkenningen + besturen

    # And applying 2026 again is a no-op.
    voor = audit_aantal()
    opnieuw = tellingen(draai(DEMO_BESTAND, "--peildatum", "2026-08-01"))
    assert all(opnieuw[s][0] == opnieuw[s][1] == opnieuw[s][3] == 0 for s in SOORTEN)
    assert audit_aantal() == voor


@pytest.mark.django_db
def test_bestuur_met_lopende_aanbieder_wordt_niet_beeindigd_maar_gemeld(tmp_path):
    eerste = schrijf(tmp_path, [vestiging("11AA00", "10001"), vestiging("22BB00", "20002")], "een.csv")
    draai(eerste, "--peildatum", "2021-09-01")
    bestuur = Onderwijsbestuur.objects.get(bevoegd_gezag__nummer="10001")
    aanbieder(bestuur, brin4="11AA")
    tweede = schrijf(tmp_path, [vestiging("22BB00", "20002")], "twee.csv")
    uitvoer = draai(tweede, "--peildatum", "2026-08-01")
    assert tellingen(uitvoer)["onderwijsbestuur"] == (0, 0, 1, 0, 1)
    assert f"Onderwijsbestuur {bestuur.code} (bevoegd gezag 10001) is niet beëindigd" in uitvoer
    assert "BRIN4 11AA is beëindigd per 31-07-2026, maar aanbieder" in uitvoer
    bestuur.refresh_from_db()
    assert bestuur.einddatum is None
    assert BevoegdGezag.objects.get(nummer="10001").einddatum == date(2026, 7, 31)


@pytest.mark.django_db
def test_verhuisde_brin_met_aanbieder_wordt_gemeld_en_verdwenen_brin_heropend(tmp_path):
    draai(schrijf(tmp_path, [vestiging("11AA00", "10001"), vestiging("22BB00", "20002")], "a.csv"),
          "--peildatum", "2021-09-01")
    aanbieder(Onderwijsbestuur.objects.get(bevoegd_gezag__nummer="10001"), brin4="11AA")
    uitvoer = draai(schrijf(tmp_path, [vestiging("11AA00", "20002")], "b.csv"), "--peildatum", "2024-08-01")
    assert "BRIN4 11AA hoort nu bij een ander bevoegd gezag" in uitvoer
    assert Instellingserkenning.objects.get(code="11AA").bevoegd_gezag.nummer == "20002"
    assert Vestigingserkenning.objects.get(code="22BB00").einddatum == date(2024, 7, 31)
    # 22BB00 comes back in a later snapshot: reopened, not duplicated.
    draai(schrijf(tmp_path, [vestiging("11AA00", "20002"), vestiging("22BB00", "20002")], "c.csv"),
          "--peildatum", "2025-08-01")
    assert Vestigingserkenning.objects.get(code="22BB00").einddatum is None
    assert AuditRegel.objects.filter(objectcode="22BB00", omschrijving__contains="heropend").count() == 1


@pytest.mark.django_db
def test_erkenning_van_een_andere_bron_wordt_niet_beeindigd(bestuur, tmp_path):
    """The file lists basisonderwijs only: what the importer did not create, it does not close."""
    draai(schrijf(tmp_path, [vestiging("32JK00")]), "--peildatum", "2026-08-01")
    draai(schrijf(tmp_path, [vestiging("33JK00", "20092")], "b.csv"), "--peildatum", "2026-09-01")
    assert Instellingserkenning.objects.get(code="11AA").einddatum is None
    assert Vestigingserkenning.objects.get(code="32JK00").einddatum == date(2026, 8, 31)


# --- Rejected rows ----------------------------------------------------------------------------------------

@pytest.mark.django_db
def test_foute_regels_worden_gemeld_en_de_rest_wordt_ingelezen(tmp_path):
    rijen = [
        vestiging("32JK00"),                                                     # 2: good
        vestiging("32JK01", vestigingsnaam="Nevenvestiging"),                   # 3: good
        vestiging("3XJK00"),                                                     # 4: bad BRIN
        vestiging("40AB00", postcode="123 AB"),                                  # 5: bad postcode
        vestiging("41AB00", postcode=" "),                                       # 6: missing postcode
        vestiging("32JK00", vestigingsnaam="Dubbel"),                            # 7: duplicate code
        rij(instellingscode="42AB", vestigingscode="43AB00"),                    # 8: BRIN6 not of its BRIN4
        list(GELDIGE_RIJ.values())[:20],                                         # 9: missing columns
        vestiging("44AB00", bg="123"),                                          # 10: bad board number
        vestiging("45AB00", huisnummer_toevoeging="12-ABCDEFG"),                 # 11: toevoeging too long
        vestiging("32JK02", bg="20092"),                                         # 12: BRIN4 under two boards
        vestiging("46AB00", vestigingsnaam=" ", huisnummer_toevoeging=""),       # 13: two problems
        vestiging("47AB00"),                                                     # 14: good
    ]
    uitvoer = draai(schrijf(tmp_path, rijen), "--peildatum", "2026-08-01")
    assert set(Vestigingserkenning.objects.values_list("code", flat=True)) == {"32JK00", "32JK01", "47AB00"}
    assert tellingen(uitvoer)["BRIN6"] == (3, 0, 0, 0, 10)
    verwacht = {
        4: "ongeldige instellingscode (BRIN4) '3XJK'",
        5: "ongeldige postcode '123 AB'",
        6: "de postcode ontbreekt",
        7: "dubbele vestigingscode 32JK00 (ook op regel 2)",
        8: "vestigingscode 43AB00 begint niet met de instellingscode 42AB",
        9: "de regel heeft 20 velden, de kopregel 31",
        10: "ongeldig bevoegd-gezagnummer '123'",
        11: "de huisnummertoevoeging 'ABCDEFG' is langer dan 6 tekens",
        12: "instelling 32JK hoort op regel 2 bij bevoegd gezag 20091, hier bij 20092",
        13: "de vestigingsnaam ontbreekt; het huisnummer ontbreekt",
    }
    for regel, reden in verwacht.items():
        assert re.search(rf"^  regel {regel}: .*{re.escape(reden)}", uitvoer, re.MULTILINE), (regel, uitvoer)
    assert Vestigingserkenning.objects.get(code="32JK00").naam == "BBS de Verwondering"  # first one wins


@pytest.mark.django_db
def test_code_uit_een_geweigerde_regel_wordt_niet_beeindigd(tmp_path):
    draai(schrijf(tmp_path, [vestiging("32JK00"), vestiging("47AB00", "20093")]), "--peildatum", "2026-08-01")
    kapot = [vestiging("32JK00"), vestiging("47AB00", "20093", postcode="kapot")]
    uitvoer = draai(schrijf(tmp_path, kapot, "b.csv"), "--peildatum", "2026-09-01")
    assert "ongeldige postcode 'kapot'" in uitvoer
    assert Vestigingserkenning.objects.get(code="47AB00").einddatum is None
    assert BevoegdGezag.objects.get(nummer="20093").einddatum is None


@pytest.mark.django_db
def test_2020_formaat_met_alleen_volgnummer_en_utf8_bom(tmp_path):
    rijen = [[{"BRIN NUMMER": "32JK", "VESTIGINGSNUMMER": v}.get(k, GELDIGE_RIJ.get(k, "")) for k in KOP_2020]
             for v in ("0", "01")]
    pad = tmp_path / "oud.csv"
    pad.write_bytes(b"\xef\xbb\xbf" + csv_bytes(rijen, kop=KOP_2020, codering="utf-8"))
    uitvoer = draai(pad, "--peildatum", "2026-08-01")
    assert "formaat 2020" in uitvoer
    assert set(Vestigingserkenning.objects.values_list("code", flat=True)) == {"32JK00", "32JK01"}


@pytest.mark.django_db
@pytest.mark.parametrize("kop", [
    ["NAAM", "ADRES", "POSTCODE"],
    [k for k in KOP_2026 if k != "POSTCODE"],
    [*KOP_2026[:3], "INSTELLINGSCODE", *KOP_2026[4:]],
])
def test_onbekende_kop_is_een_fout_en_er_wordt_niets_ingelezen(tmp_path, kop):
    pad = tmp_path / "fout.csv"
    pad.write_bytes(";".join(kop).encode() + b"\r\n" + ";".join(GELDIGE_RIJ.values()).encode("cp1252"))
    with pytest.raises(CommandError, match="kopregel"):
        draai(pad)
    assert not BevoegdGezag.objects.exists() and not AuditRegel.objects.exists()


@pytest.mark.django_db
def test_leeg_of_ontbrekend_bestand_en_foute_opties(tmp_path):
    (tmp_path / "leeg.csv").write_bytes(b"")
    with pytest.raises(CommandError, match="leeg"):
        draai(tmp_path / "leeg.csv")
    with pytest.raises(CommandError, match="kan niet worden gelezen"):
        draai(tmp_path / "bestaat-niet.csv")
    pad = schrijf(tmp_path, [vestiging("32JK00")])
    with pytest.raises(CommandError, match="geen datum"):
        draai(pad, "--peildatum", "1-8-2026")
    with pytest.raises(CommandError, match="--besturen hoort bij --vul-registratie"):
        draai(pad, "--besturen", "3")
    assert not BevoegdGezag.objects.exists()


# --- Property-based: arbitrary field content never crashes ------------------------------------------------

IMPORTVELDEN = ["BEVOEGD GEZAG NUMMER", "INSTELLINGSCODE", "VESTIGINGSCODE", "VESTIGINGSNAAM", "STRAATNAAM",
                "HUISNUMMER-TOEVOEGING", "POSTCODE", "PLAATSNAAM", "GEMEENTENUMMER", "GEMEENTENAAM",
                "DENOMINATIE", "TELEFOONNUMMER", "INTERNETADRES", "PROVINCIE"]


def _importeer_los(inhoud: bytes) -> tuple[Bestand, list[str]]:
    """Read and apply in a savepoint that is rolled back, so examples do not see each other's rows."""
    with transaction.atomic():
        bestand = lees_bestand(inhoud, "hypothesis.csv")
        importeer(bestand, date(2026, 8, 1))
        for model in (BevoegdGezag, Instellingserkenning, Vestigingserkenning, Onderwijsbestuur):
            for obj in model.objects.all():
                obj.full_clean(validate_unique=False, validate_constraints=False)  # what went in is valid
        codes = list(Vestigingserkenning.objects.values_list("code", flat=True))
        transaction.set_rollback(True)
    return bestand, codes


@pytest.mark.django_db
@settings(max_examples=50, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(kolom=st.sampled_from(IMPORTVELDEN), tekst=st.text(st.characters(codec="cp1252"), max_size=400))
def test_willekeurige_tekst_in_een_veld_wordt_ingelezen_of_geweigerd(kolom, tekst):
    bestand, codes = _importeer_los(csv_bytes([{**GELDIGE_RIJ, kolom: tekst}]))
    assert len(bestand.regels) + len(bestand.weigeringen) == 1
    if bestand.weigeringen:
        assert bestand.weigeringen[0].regelnummer == 2 and bestand.weigeringen[0].reden
        assert codes == []
    else:
        assert codes == [bestand.regels[0].vestigingscode]


@pytest.mark.django_db
@settings(max_examples=50, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(kolom=st.sampled_from(IMPORTVELDEN), ruw=st.binary(max_size=200))
def test_willekeurige_bytes_zonder_csv_quoting_breken_niets(kolom, ruw):
    velden = [GELDIGE_RIJ[k].encode("cp1252") if k != kolom else ruw for k in KOP_2026]
    inhoud = ";".join(KOP_2026).encode() + b"\r\n" + b";".join(velden) + b"\r\n"
    bestand, codes = _importeer_los(inhoud)
    assert all(w.reden for w in bestand.weigeringen)
    assert len(codes) == len(bestand.regels)


# --- Demo registration --------------------------------------------------------------------------------------

@pytest.mark.django_db
def test_vul_registratie_voor_een_paar_besturen(tmp_path):
    """Real rows of the five lowest board numbers; fill three of them through the domain services."""
    with DEMO_BESTAND.open(encoding="cp1252", newline="") as f:
        kop, *rijen = list(csv.reader(f, delimiter=";"))
    besturen = sorted({r[1] for r in rijen})[:5]
    deel = [r for r in rijen if r[1] in besturen]
    uitvoer = draai(schrijf(tmp_path, deel, kop=kop), "--peildatum", "2026-08-01", "--vul-registratie",
                    "--besturen", "3")
    assert "Geweigerd" not in uitvoer, uitvoer
    gevuld = besturen[:3]
    for nummer in besturen:
        bestuur = Onderwijsbestuur.objects.get(bevoegd_gezag__nummer=nummer)
        eigen = [r for r in deel if r[1] == nummer]
        brin4 = {r[2] for r in eigen}
        adressen = {(r[7].replace(" ", ""), r[6]) for r in eigen}
        aanbieders = Onderwijsaanbieder.objects.filter(bestuur=bestuur)
        if nummer not in gevuld:
            assert not aanbieders.exists()
            continue
        assert aanbieders.count() == len(brin4)
        assert {a.juridische_relaties.get().instelling.code for a in aanbieders} == brin4
        assert Onderwijslocatiegebruik.objects.filter(bestuur=bestuur).count() == len(adressen)
        assert Vestigingsrelatie.objects.filter(gebruik__bestuur=bestuur).count() == len(eigen)
        opleidingen = AangebodenOpleiding.objects.filter(aanbieder__bestuur=bestuur)
        assert opleidingen.count() == len(brin4)
        for ao in opleidingen.select_related("aanbieder", "locatie"):
            assert [(k.naam, k.waarde) for k in ao.kenmerken.all()] == [("doelgroepBasisonderwijs", "BO")]
            hoofd = Vestigingserkenning.objects.get(code=ao.aanbieder.juridische_relaties.get().instelling.code + "00")
            assert (ao.locatie.postcode, ao.locatie.huisnummer) == (hoofd.postcode, hoofd.huisnummer)
            assert ao.begindatum == RIO_PO_START

    # Idempotent: a second fill skips boards that already have aanbieders.
    aantal = Onderwijsaanbieder.objects.count()
    tweede = draai(schrijf(tmp_path, deel, "b.csv", kop=kop), "--peildatum", "2026-08-01", "--vul-registratie",
                   "--besturen", "3")
    assert "(3 overgeslagen" in tweede and Onderwijsaanbieder.objects.count() == aantal
