"""Issue 16 §5 on DUO's real open data: a visitor who types the name people use ('Den Haag', 'Den Bosch') finds
the schools DUO registers under 's-GRAVENHAGE and 's-HERTOGENBOSCH, however the apostrophe-s form, case or
diacritics are typed; each school is one result with its BRIN6 under it."""

import csv
from datetime import date

import pytest
from django.urls import reverse

from openbaar.zoeken import Soortgroep, zoek
from registratie.importer.duo_open_data import importeer_bestand
from tests.helpers.duo import DUO_BESTAND, regels_van_bevoegd_gezag

# Bevoegd gezag 34932: two schools in 's-GRAVENHAGE (04ON Koningin Beatrixschool, 32DU Tamarschool).
DEN_HAAG = "34932"


def _regels_in_plaats(plaats: str, aantal: int) -> list[str]:
    """The first rows of DUO's file in one place, byte for byte."""
    regels = DUO_BESTAND.read_bytes().decode("cp1252").splitlines(keepends=True)
    kolom = next(csv.reader([regels[0]], delimiter=";")).index("PLAATSNAAM")
    return [r for r in regels[1:] if next(csv.reader([r], delimiter=";"))[kolom].strip() == plaats][:aantal]


@pytest.fixture
def duo_scholen(db, vandaag):
    kop, den_haag = regels_van_bevoegd_gezag(DEN_HAAG)
    den_bosch = _regels_in_plaats("'S-HERTOGENBOSCH", 3)
    assert len(den_haag) == 2 and len(den_bosch) == 3
    importeer_bestand((kop + "".join(den_haag + den_bosch)).encode("cp1252"), date(2026, 8, 1))
    return {"den_haag": [next(csv.reader([r], delimiter=";"))[3] for r in den_haag],
            "den_bosch": [next(csv.reader([r], delimiter=";"))[3] for r in den_bosch]}


def _brin6(rijen) -> set[str]:
    return {v.code for r in rijen for v in r.locaties}


@pytest.mark.django_db
@pytest.mark.parametrize("getypt", ["Den Haag", "den haag", "DEN HAAG", "'s-Gravenhage", "s-Gravenhage",
                                    "’s Gravenhage", "'S-GRAVENHAGE", "s gravenhage", "Den Ha"])
def test_den_haag_vindt_de_scholen_in_s_gravenhage(duo_scholen, vandaag, getypt):
    rijen = [r for r in zoek(getypt, vandaag) if r.soort == Soortgroep.SCHOOL]
    assert _brin6(rijen) >= set(duo_scholen["den_haag"]), getypt
    assert not _brin6(rijen) & set(duo_scholen["den_bosch"])
    assert {r.plaats for r in rijen} == {"'S-GRAVENHAGE"}


@pytest.mark.django_db
@pytest.mark.parametrize("getypt", ["Den Bosch", "den bosch", "'s-Hertogenbosch", "s-Hertogenbosch",
                                    "'s Hertogenbosch", "S-HERTOGENBOSCH", "’s-Hertogenbosch"])
def test_den_bosch_vindt_de_scholen_in_s_hertogenbosch(duo_scholen, vandaag, getypt):
    rijen = zoek(getypt, vandaag)
    assert _brin6(rijen) == set(duo_scholen["den_bosch"]), getypt


@pytest.mark.django_db
def test_een_resultaat_per_school_met_aantal_op_het_scherm(client, duo_scholen, vandaag):
    rijen = zoek("Den Haag", vandaag)
    scholen = [r for r in rijen if r.soort == Soortgroep.SCHOOL]
    assert sorted(r.kenmerk for r in scholen) == ["04ON", "32DU"]  # BRIN4: not registered as aanbieder yet
    assert all(len(r.locaties) == 1 and r.locaties[0].code == r.kenmerk + "00" for r in scholen)
    html = client.get(reverse("openbaar:zoeken"), {"q": "Den Haag"}).content.decode()
    assert "2 scholen gevonden" in html and "Tamarschool" in html and "Koningin Beatrixschool" in html


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_bezoeker_typt_den_haag_en_ziet_per_school_haar_locaties(pagina, transactional_db, tmp_path):
    """In Chromium, without login: 'den haag' in the search box gives the number of schools above the table
    and one row per real school from DUO's file, with its BRIN6 and address under it; axe finds no violation
    of any impact on the result page."""
    from axe_playwright_python.sync_playwright import Axe
    from playwright.sync_api import expect

    kop, den_haag = regels_van_bevoegd_gezag(DEN_HAAG)
    importeer_bestand((kop + "".join(den_haag)).encode("cp1252"), date(2026, 8, 1))
    pagina.goto(pagina.live_server_url + reverse("openbaar:zoeken"))
    pagina.get_by_label("Naam, code, postcode of plaats").fill("den haag")
    pagina.get_by_role("button", name="Zoeken").click()
    expect(pagina.get_by_role("status").filter(has_text="gevonden")).to_contain_text("2 scholen gevonden")
    rijen = pagina.get_by_role("table").get_by_role("row")
    expect(rijen).to_have_count(3)
    tamar = rijen.filter(has_text="Tamarschool")
    expect(tamar).to_contain_text("32DU00")
    expect(tamar).to_contain_text("2545 NL 'S-GRAVENHAGE")
    pagina.screenshot(path=str(tmp_path / "zoeken-den-haag.png"), full_page=True)
    uitslag = Axe().run(pagina)
    assert not uitslag.response["violations"], [(v["id"], v["impact"]) for v in uitslag.response["violations"]]
