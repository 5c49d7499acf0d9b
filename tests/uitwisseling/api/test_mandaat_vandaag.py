"""A supplier tries to read with a mandate that is not valid today, by choosing its peildatum (issue 15 §1).

The mandate is judged on the day of the call (kern.tijd.vandaag, 2026-11-28 here); the peildatum only picks the
version of the data (docs/adr/0005). Every attack runs against the JSON lists, the per-aanbieder and per-vestiging
lists, the three RIO XML operations and the change feed, with every form of peildatum.
"""

from datetime import date, datetime, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from registratie.services import organisatie as organisatie_services
from tests.helpers import factories
from tests.helpers.rio_xml import vraag

pytestmark = pytest.mark.django_db

AANBIEDERS = "opvragen_onderwijsaanbiedersVanOrganisatie"
LOCATIEGEBRUIK = "opvragen_onderwijslocatiegebruikVanOrganisatie"
OPLEIDINGEN = "opvragen_aangebodenOpleidingenVanOrganisatie"
SINDS = "2000-01-01T00:00:00Z"
NAMEN = {"11AA": "De Regenboog", "11AB": "De Linde"}  # the aanbieders' names in tests/uitwisseling/api/conftest.py

# absent (today), inside the old mandate (yesterday), inside a mandate that starts next month.
PEILDATUMS = [{}, {"peildatum": "2026-11-27"}, {"peildatum": "2026-12-15"}, {"peildatum": "2027-03-01"}]
PEILDATUM_IDS = ["zonder", "verleden", "volgende-maand", "toekomst"]


def _brin6(school) -> str:
    return school.gebruik.vestigingsrelaties.get().vestiging.code


def _json_urls(opzet, school) -> list[str]:
    """Every JSON operation that returns a school's records: the board's lists and the school's own lists."""
    bestuur = opzet.bestuur.code
    return [reverse(f"uitwisseling:api_v1_{naam}", args=[bestuur])
            for naam in ("organisatie_aanbieders", "organisatie_locatiegebruik", "organisatie_opleidingen")] + [
        reverse("uitwisseling:api_v1_aanbieder_opleidingen", args=[school.aanbieder.code]),
        reverse("uitwisseling:api_v1_vestiging_opleidingen", args=[_brin6(school)]),
    ]


def _xml_vragen(opzet, school) -> list[tuple[str, dict[str, str]]]:
    bestuur = opzet.bestuur.code
    return [(AANBIEDERS, {"onderwijsBestuurCode": bestuur}), (LOCATIEGEBRUIK, {"onderwijsBestuurCode": bestuur}),
            (OPLEIDINGEN, {"organisatie": bestuur}), (OPLEIDINGEN, {"onderwijsaanbiedercode": school.aanbieder.code}),
            (OPLEIDINGEN, {"erkendeVestigingCode": _brin6(school)})]


def _geheim(school) -> list[str]:
    """What only the records show (a refusal may repeat the code the caller asked for, not the data)."""
    naam = NAMEN[_brin6(school)[:4]]
    return [naam, school.gebruik.locatie.code, str(school.opleiding.code).replace("-", "")]


def _lekt_niets(inhoud: bytes, school) -> None:
    tekst = inhoud.decode().replace("-", "")
    for code in _geheim(school):
        assert code.replace("-", "") not in tekst, code


def _overal_geweigerd(client, api, opzet, peildatum: dict, sleutel: str | None = None, status: int = 403,
                      foutcode: str = "geen_mandaat") -> None:
    sleutel = sleutel or opzet.sleutel
    school = opzet.gemandateerd
    for url in _json_urls(opzet, school):
        antwoord = api(url, sleutel=sleutel, **peildatum)
        assert antwoord.status_code == status, (url, antwoord.content)
        assert antwoord.json()["code"] == foutcode
        _lekt_niets(antwoord.content, school)
    for operatie, params in _xml_vragen(opzet, school):
        antwoord = vraag(client, operatie, sleutel, **params, **peildatum)
        assert (antwoord.status, antwoord.foutcode) == (status, foutcode), (operatie, params)
        _lekt_niets(antwoord.http.content, school)
    feed = api(reverse("uitwisseling:api_v1_wijzigingen"), sleutel=sleutel, sinds=SINDS, **peildatum)
    if status == 403:  # the feed of a known system is never refused, it is empty
        assert feed.status_code == 200 and feed.json()["resultaten"] == [], feed.content
    else:
        assert feed.status_code == status
    _lekt_niets(feed.content, school)


@pytest.mark.parametrize("peildatum", PEILDATUMS, ids=PEILDATUM_IDS)
def test_mandaat_dat_gisteren_eindigde_opent_niets_meer(client, api, opzet, vandaag, peildatum):
    opzet.mandaat.einddatum = vandaag - timedelta(days=1)
    opzet.mandaat.save()
    _overal_geweigerd(client, api, opzet, peildatum)


@pytest.mark.parametrize("peildatum", PEILDATUMS, ids=PEILDATUM_IDS)
def test_mandaat_dat_volgende_maand_begint_opent_nog_niets(client, api, opzet, peildatum):
    opzet.mandaat.begindatum = date(2026, 12, 1)
    opzet.mandaat.save()
    _overal_geweigerd(client, api, opzet, peildatum)


@pytest.mark.parametrize("peildatum", PEILDATUMS, ids=PEILDATUM_IDS)
def test_mandaat_voor_andere_dienst_opent_niets(client, api, opzet, peildatum):
    opzet.mandaat.dienst = "ROD_PO"
    opzet.mandaat.save()
    _overal_geweigerd(client, api, opzet, peildatum)


@pytest.mark.parametrize("peildatum", PEILDATUMS, ids=PEILDATUM_IDS)
def test_ingetrokken_sleutel_en_inactief_systeem(client, api, opzet, peildatum):
    sleutel = opzet.systeem.sleutels.get()
    sleutel.ingetrokken_op = timezone.now()
    sleutel.save()
    _overal_geweigerd(client, api, opzet, peildatum, status=401, foutcode="sleutel_ongeldig")
    sleutel.ingetrokken_op = None
    sleutel.save()
    opzet.systeem.actief = False
    opzet.systeem.save()
    _overal_geweigerd(client, api, opzet, peildatum, status=401, foutcode="sleutel_ongeldig")


@pytest.mark.parametrize("peildatum", PEILDATUMS, ids=PEILDATUM_IDS)
def test_andere_school_met_verlopen_mandaat_blijft_dicht(client, api, opzet, vandaag, peildatum):
    """11AA is mandated today; 11AB's mandate ended yesterday. Its records stay out of the board's lists and its
    own lists are refused, whatever the peildatum."""
    factories.mandaat(opzet.bestuur, "11AB", opzet.systeem, einddatum=vandaag - timedelta(days=1))
    ab = opzet.niet_gemandateerd
    for url in _json_urls(opzet, ab):
        antwoord = api(url, **peildatum)
        _lekt_niets(antwoord.content, ab)
        if "/organisaties/" in url:
            assert antwoord.status_code == 200 and antwoord.json()["resultaten"], url
        else:
            assert antwoord.status_code == 403 and "vandaag (2026-11-28)" in antwoord.json()["detail"]
    for operatie, params in _xml_vragen(opzet, ab):
        antwoord = vraag(client, operatie, opzet.sleutel, **params, **peildatum)
        _lekt_niets(antwoord.http.content, ab)
        assert antwoord.status == (403 if set(params) & {"onderwijsaanbiedercode", "erkendeVestigingCode"} else 200)
    feed = api(reverse("uitwisseling:api_v1_wijzigingen"), sinds=SINDS, **peildatum)
    assert feed.status_code == 200 and feed.json()["resultaten"]
    _lekt_niets(feed.content, ab)


@pytest.mark.parametrize("peildatum", PEILDATUMS, ids=PEILDATUM_IDS)
def test_geldig_mandaat_leest_elke_peildatum(client, api, opzet, peildatum):
    """The other side: with a mandate valid today, any peildatum is a question about the data, not refused."""
    for url in _json_urls(opzet, opzet.gemandateerd):
        assert api(url, **peildatum).status_code == 200, url
    for operatie, params in _xml_vragen(opzet, opzet.gemandateerd):
        assert vraag(client, operatie, opzet.sleutel, **params, **peildatum).status == 200, (operatie, params)


def test_ongeldige_peildatum_is_400_en_toont_niets(client, api, opzet):
    for url in _json_urls(opzet, opzet.gemandateerd):
        antwoord = api(url, peildatum="27-11-2026")
        assert antwoord.status_code == 400 and antwoord.json()["code"] == "peildatum_ongeldig"
        assert "JJJJ-MM-DD" in antwoord.json()["detail"]
    for operatie, params in _xml_vragen(opzet, opzet.gemandateerd):
        antwoord = vraag(client, operatie, opzet.sleutel, **params, peildatum="27-11-2026")
        assert (antwoord.status, antwoord.foutcode) == (400, "peildatum_ongeldig")
    feed = api(reverse("uitwisseling:api_v1_wijzigingen"), sinds=SINDS, peildatum="morgen")
    assert feed.status_code == 400 and feed.json()["code"] == "peildatum_ongeldig"


# --- the change feed: only changes made while the system held the mandate --------------------------------------

def _hernoem(aanbieder, naam: str) -> None:
    aanbieder.refresh_from_db()
    organisatie_services.wijzig_aanbieder(aanbieder, door="test", versie=aanbieder.versie,
                                          ingangsdatum=date(2027, 8, 1), naam=naam, internationale_naam="",
                                          groep=None)


def _wijzigingen_in_feed(api, **params) -> set[datetime]:
    """When the listed changes (not the creations of the set-up) of aanbieders were made."""
    antwoord = api(reverse("uitwisseling:api_v1_wijzigingen"), sinds=SINDS, **params)
    assert antwoord.status_code == 200, antwoord.content
    return {datetime.fromisoformat(r["tijdstip"]) for r in antwoord.json()["resultaten"]
            if r["objecttype"] == "onderwijsaanbieder" and r["actie"] != "aangemaakt"}


@pytest.mark.parametrize("peildatum", PEILDATUMS, ids=PEILDATUM_IDS)
def test_feed_toont_geen_wijziging_uit_de_tijd_zonder_mandaat(api, opzet, time_machine, peildatum):
    """Mandate until 2026-11-20, a gap, and a new mandate from 2026-11-27. A change on the last day of the first
    mandate and the changes inside the second are listed; the changes made in the gap are not, even though the
    school mandates the system again today. 2026-11-27 00:30 in Amsterdam is 2026-11-26 in UTC: the Dutch day
    counts, both ways."""
    opzet.mandaat.einddatum = date(2026, 11, 20)
    opzet.mandaat.save()
    factories.mandaat(opzet.bestuur, "11AA", opzet.systeem, begindatum=date(2026, 11, 27))
    gezien = ("2026-11-20 23:30:00+01:00", "2026-11-27 00:30:00+01:00", "2026-11-28 11:00:00+01:00")
    verborgen = ("2026-11-21 00:30:00+01:00", "2026-11-25 12:00:00+01:00", "2026-11-26 23:59:00+01:00")
    for moment in sorted(gezien + verborgen):
        time_machine.move_to(moment, tick=False)
        _hernoem(opzet.gemandateerd.aanbieder, f"De Regenboog {moment[:16]}")
    assert _wijzigingen_in_feed(api, **peildatum) == {datetime.fromisoformat(m) for m in gezien}


def test_feed_van_een_ander_systeem_toont_de_wijzigingen_van_zijn_eigen_periode(api, opzet, time_machine):
    """The school moves to another supplier: the new system sees the changes made during its own mandate, not
    the ones before it; the old system, without a mandate today, sees nothing at all."""
    opzet.mandaat.einddatum = date(2026, 11, 25)
    opzet.mandaat.save()
    factories.mandaat(opzet.bestuur, "11AA", opzet.ander_systeem, begindatum=date(2026, 11, 26))
    for moment in ("2026-11-24 12:00:00+01:00", "2026-11-28 11:00:00+01:00"):
        time_machine.move_to(moment, tick=False)
        _hernoem(opzet.gemandateerd.aanbieder, f"De Regenboog {moment[:10]}")
    assert _wijzigingen_in_feed(api, sleutel=opzet.andere_sleutel) == {
        datetime.fromisoformat("2026-11-28 11:00:00+01:00")}
    assert _wijzigingen_in_feed(api) == set()
