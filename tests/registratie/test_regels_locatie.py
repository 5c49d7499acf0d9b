"""Rules 2, 3 and 9 for onderwijslocatie and onderwijslocatiegebruik (rio-po.md §1.7-1.8, §9)."""

import re
from datetime import date

import pytest
from django.db import transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kern.fouten import RegelFout
from registratie.models import (
    AuditRegel,
    Onderwijslocatie,
    Onderwijslocatiegebruik,
    Vestigingserkenning,
)
from registratie.services import locatie as loc
from registratie.services.vergrendeling import ZONDER_VERSIECONTROLE
from tests.helpers import factories
from tests.helpers.factories import BEGIN, weigert

pytestmark = pytest.mark.django_db

EINDE_SCHOOLJAAR = date(2027, 7, 31)


def _vestiging(code: str = "11AA00") -> Vestigingserkenning:
    return Vestigingserkenning.objects.get(code=code)


def _gebruik(bestuur, postcode="1234 AB", huisnummer=5, toevoeging="", begindatum=BEGIN, vestiging="11AA00"):
    return loc.registreer_locatiegebruik(
        bestuur, door="test", postcode=postcode, huisnummer=huisnummer, huisnummertoevoeging=toevoeging,
        begindatum=begindatum, vestiging=_vestiging(vestiging) if vestiging else None)


# --- Rule 2: postcode, huisnummer, toevoeging --------------------------------------------------------------

def test_postcode_zonder_spatie_in_hoofdletters_opgeslagen_en_met_spatie_getoond(bestuur, vandaag):
    gebruik = _gebruik(bestuur, postcode=" 1234 ab ", huisnummer=5, toevoeging=" b ")
    locatie = Onderwijslocatie.objects.get(pk=gebruik.locatie_id)
    assert locatie.postcode == "1234AB"
    assert locatie.postcode_weergave == "1234 AB"
    assert locatie.huisnummertoevoeging == "B"
    assert locatie.adres == "5-B, 1234 AB"


@pytest.mark.parametrize(("postcode", "bericht"), [
    ("0123AB", "'0123AB' is geen geldige postcode. Gebruik vier cijfers (niet beginnend met 0) en twee letters"),
    ("1234A", "'1234A' is geen geldige postcode."),
    ("12345AB", "'12345AB' is geen geldige postcode."),
    ("AB1234", "'AB1234' is geen geldige postcode."),
    ("1234ÄB", "'1234ÄB' is geen geldige postcode."),
    ("", "Vul de postcode in, bijvoorbeeld 1234 AB."),
    ("   ", "Vul de postcode in, bijvoorbeeld 1234 AB."),
])
def test_ongeldige_postcode_geweigerd(bestuur, vandaag, postcode, bericht):
    with weigert("postcode", bericht):
        _gebruik(bestuur, postcode=postcode, huisnummer=5)


@pytest.mark.parametrize(("huisnummer", "bericht"), [
    (0, "Het huisnummer ligt tussen 1 en 99999."),
    (-1, "Het huisnummer ligt tussen 1 en 99999."),
    (100000, "Het huisnummer ligt tussen 1 en 99999."),
    (None, "Vul het huisnummer in (alleen cijfers; een letter hoort bij de toevoeging)."),
])
def test_ongeldig_huisnummer_geweigerd(bestuur, vandaag, huisnummer, bericht):
    with weigert("huisnummer", bericht):
        _gebruik(bestuur, huisnummer=huisnummer)


@pytest.mark.parametrize("huisnummer", [1, 99999])
def test_huisnummer_grenzen_toegestaan(bestuur, vandaag, huisnummer):
    assert _gebruik(bestuur, huisnummer=huisnummer).locatie.huisnummer == huisnummer


@pytest.mark.parametrize(("toevoeging", "bericht"), [
    ("1234567", "De toevoeging is hoogstens 6 tekens, bijvoorbeeld A of 2-hoog."),
    ("A\x00", "De toevoeging bevat een teken dat niet kan"),
    ("A\tB", "De toevoeging bevat een teken dat niet kan"),
])
def test_ongeldige_toevoeging_geweigerd(bestuur, vandaag, toevoeging, bericht):
    with weigert("huisnummertoevoeging", bericht):
        _gebruik(bestuur, toevoeging=toevoeging)


@pytest.mark.parametrize("veld", ["straatnaam", "plaatsnaam"])
def test_straat_of_plaatsnaam_met_stuurteken_geweigerd(bestuur, vandaag, veld):
    with weigert(veld, f"De {veld} bevat een teken dat niet kan, zoals een tab of regelovergang."):
        loc.registreer_locatiegebruik(bestuur, door="test", postcode="1234AB", huisnummer=5, begindatum=BEGIN,
                                      vestiging=_vestiging(), **{veld: "Utrecht\x00"})


def test_toevoeging_van_zes_tekens_toegestaan(bestuur, vandaag):
    assert _gebruik(bestuur, toevoeging="2-hoog").locatie.huisnummertoevoeging == "2-HOOG"


def test_zonder_adres_wordt_het_adres_van_de_vestiging_genomen(bestuur, vandaag):
    vestiging = _vestiging("11AA00")
    gebruik = _gebruik(bestuur, postcode="", huisnummer=None)
    assert (gebruik.locatie.postcode, gebruik.locatie.huisnummer) == (vestiging.postcode, vestiging.huisnummer)
    assert gebruik.locatie.straatnaam == "Schoolstraat"
    assert gebruik.locatie.plaatsnaam == "UTRECHT"


TEKST = st.one_of(
    st.text(max_size=12),
    st.sampled_from(["", " ", "1234AB", "1234 ab", "0123AB", "9999ZZ", "\x00", "1234AB\n", "A", "2-hoog",
                     "ABCDEFG", "١٢٣٤AB", "1234ÀB", "ß" * 4]),
)
POSTCODE = st.one_of(TEKST, st.from_regex(r"[0-9]{4} ?[A-Za-z]{2}", fullmatch=True))
HUISNUMMER = st.one_of(st.none(), st.integers(min_value=-5, max_value=100_005), st.integers())


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(postcode=POSTCODE, huisnummer=HUISNUMMER, toevoeging=TEKST)
def test_willekeurige_adresinvoer_geeft_alleen_regelfout_en_bewaart_dan_niets(bestuur, vandaag, postcode,
                                                                             huisnummer, toevoeging):
    vestiging = _vestiging()
    with transaction.atomic():
        voor = factories.stand()
        try:
            gebruik = loc.registreer_locatiegebruik(bestuur, door="test", postcode=postcode, huisnummer=huisnummer,
                                                    huisnummertoevoeging=toevoeging, begindatum=BEGIN,
                                                    vestiging=vestiging)
        except RegelFout as fout:
            assert fout.message_dict
            assert factories.stand() == voor
        else:
            locatie = gebruik.locatie
            assert re.fullmatch(r"[1-9][0-9]{3}[A-Z]{2}", locatie.postcode)
            assert 1 <= locatie.huisnummer <= 99999
            assert len(locatie.huisnummertoevoeging) <= 6
            assert AuditRegel.objects.count() == voor["AuditRegel"] + 1
        transaction.set_rollback(True)  # every example starts from the same board


# --- Rule 9: one gebruik per (bestuur, locatie); one locatie per address -----------------------------------

def test_tweede_gebruik_van_hetzelfde_adres_door_hetzelfde_bestuur_geweigerd(bestuur, vandaag):
    eerste = _gebruik(bestuur, postcode="1234AB", huisnummer=5)
    with weigert("postcode", "Dit bestuur gebruikt het adres 1234 AB 5 al (locatie "
                             f"{eerste.locatie.code}). Een bestuur heeft één locatiegebruik per locatie"):
        _gebruik(bestuur, postcode="1234 ab", huisnummer=5, vestiging="11AB00", begindatum=date(2027, 8, 1))


def test_hetzelfde_adres_met_andere_toevoeging_is_een_andere_locatie(bestuur, vandaag):
    eerste = _gebruik(bestuur, huisnummer=5)
    tweede = _gebruik(bestuur, huisnummer=5, toevoeging="A")
    assert eerste.locatie_id != tweede.locatie_id


def test_zelfde_adres_door_ander_bestuur_deelt_de_locatie(bestuur, ander_bestuur, vandaag):
    eerste = _gebruik(bestuur, postcode="1234AB", huisnummer=5)
    tweede = _gebruik(ander_bestuur, postcode="1234 AB", huisnummer=5, vestiging="22BB00")
    assert tweede.locatie_id == eerste.locatie_id
    assert Onderwijslocatie.objects.filter(postcode="1234AB", huisnummer=5).count() == 1
    assert sorted(eerste.locatie.gebruiken.values_list("bestuur__code", flat=True)) == sorted(
        [bestuur.code, ander_bestuur.code])
    assert tweede.code == f"{ander_bestuur.code}-{eerste.locatie.code}"


def test_gebruik_voor_de_begindatum_van_het_bestuur_geweigerd(bestuur, vandaag):
    with weigert("begindatum", "De datum in gebruik (01-08-2020) ligt vóór de begindatum van onderwijsbestuur "
                               f"{bestuur.code} (01-08-2021)."):
        _gebruik(bestuur, begindatum=date(2020, 8, 1))


def test_gebruik_na_het_einde_van_het_bestuur_geweigerd(vandaag, db):
    from registratie.services import organisatie as org

    bestuur = factories.bestuur_met_erkenningen("40004", brin4s=("44DD",))
    org.beeindig_bestuur(bestuur, door="test", einddatum=EINDE_SCHOOLJAAR)
    bestuur.refresh_from_db()
    with weigert("begindatum", f"ligt na de einddatum van onderwijsbestuur {bestuur.code} (31-07-2027)"):
        _gebruik(bestuur, begindatum=date(2027, 8, 1), vestiging="44DD00")


def test_vestiging_van_ander_bevoegd_gezag_geweigerd(bestuur, ander_bestuur, vandaag):
    with weigert("vestiging", "Vestiging 22BB00 hoort niet bij het bevoegd gezag van dit bestuur."):
        _gebruik(bestuur, vestiging="22BB00")


def test_gebruik_zonder_vestiging_geweigerd(bestuur, vandaag):
    with weigert("vestiging", "Kies de vestigingserkenning (BRIN6) waar deze locatie bij hoort."):
        _gebruik(bestuur, vestiging=None)


def test_gebruik_voor_begin_van_de_vestigingserkenning_geweigerd(bestuur, vandaag):
    Vestigingserkenning.objects.filter(code="11AA00").update(begindatum=date(2024, 8, 1))
    with weigert("vestiging", "De vestigingserkenning 11AA00 begint pas op 01-08-2024."):
        _gebruik(bestuur, begindatum=date(2023, 8, 1))


def test_dezelfde_vestiging_overlappend_koppelen_geweigerd(bestuur, vandaag):
    gebruik = _gebruik(bestuur)
    with weigert("vestiging", "Vestiging 11AA00 is in die periode al gekoppeld."):
        loc.voeg_vestiging_toe(gebruik, door="test", vestiging=_vestiging("11AA00"), begindatum=vandaag)
    relatie = loc.voeg_vestiging_toe(gebruik, door="test", vestiging=_vestiging("11AB00"), begindatum=vandaag)
    assert (relatie.vestiging.code, relatie.begindatum, relatie.einddatum) == ("11AB00", vandaag, None)


# --- Ending a gebruik (rules 3 and 6) ----------------------------------------------------------------------

def test_gebruik_beeindigen_beeindigt_vestigingsrelaties_en_opleidingen_van_het_bestuur_daar(
        bestuur, ander_bestuur, vandaag):
    gebruik = _gebruik(bestuur)
    loc.voeg_vestiging_toe(gebruik, door="test", vestiging=_vestiging("11AB00"), begindatum=vandaag)
    ander_gebruik = _gebruik(bestuur, huisnummer=7)
    aanbieder = factories.aanbieder(bestuur)
    hier = factories.bo_opleiding(aanbieder, locatie=gebruik.locatie)
    elders = factories.bo_opleiding(aanbieder, locatie=ander_gebruik.locatie)
    online = factories.bo_opleiding(aanbieder)
    gedeeld = _gebruik(ander_bestuur, vestiging="22BB00")
    assert gedeeld.locatie_id == gebruik.locatie_id
    van_ander_bestuur = factories.bo_opleiding(factories.aanbieder(ander_bestuur), locatie=gebruik.locatie)
    audit_voor = AuditRegel.objects.count()

    gebruik.refresh_from_db()
    loc.beeindig_locatiegebruik(gebruik, door="test", versie=gebruik.versie, einddatum=EINDE_SCHOOLJAAR)

    gebruik.refresh_from_db()
    assert gebruik.einddatum == EINDE_SCHOOLJAAR
    assert set(gebruik.vestigingsrelaties.values_list("einddatum", flat=True)) == {EINDE_SCHOOLJAAR}
    for ao in (hier, elders, online, van_ander_bestuur):
        ao.refresh_from_db()
    assert hier.einddatum == EINDE_SCHOOLJAAR
    assert (elders.einddatum, online.einddatum, van_ander_bestuur.einddatum) == (None, None, None)
    gedeeld.refresh_from_db()
    assert gedeeld.einddatum is None
    nieuw = AuditRegel.objects.order_by("id")[audit_voor:]
    assert sorted((r.objecttype, r.objectcode, r.actie) for r in nieuw) == sorted([
        ("aangeboden opleiding", str(hier.code), AuditRegel.Actie.BEEINDIGD),
        ("onderwijslocatiegebruik", gebruik.code, AuditRegel.Actie.BEEINDIGD),
    ])


def test_gebruik_beeindigen_voor_zijn_begindatum_geweigerd(bestuur, vandaag):
    gebruik = _gebruik(bestuur, begindatum=date(2027, 8, 1))
    with weigert("einddatum", "De einddatum (31-07-2027) ligt vóór de begindatum (01-08-2027)."):
        loc.beeindig_locatiegebruik(gebruik, door="test", versie=ZONDER_VERSIECONTROLE, einddatum=EINDE_SCHOOLJAAR)


def test_gebruik_beeindigen_met_verouderde_versie_geeft_conflict(bestuur, vandaag):
    from kern.fouten import Conflict

    gebruik = _gebruik(bestuur)
    loc.voeg_vestiging_toe(gebruik, door="collega", vestiging=_vestiging("11AB00"), begindatum=vandaag)
    voor = factories.stand()
    with pytest.raises(Conflict):
        loc.beeindig_locatiegebruik(gebruik, door="test", versie=1, einddatum=EINDE_SCHOOLJAAR)
    assert factories.stand() == voor
    assert Onderwijslocatiegebruik.objects.get(pk=gebruik.pk).einddatum is None
