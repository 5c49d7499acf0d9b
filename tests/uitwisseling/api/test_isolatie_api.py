"""The URL-isolation guarantee of tests/rio_portal/test_isolatie_urls.py for the read API: walks every pattern under
/api/v1/. Without a key: 401. With the key of a system that board B does not mandate: 403 or an empty list,
never B's data. With the key of the system B does mandate, B's data is there (so the check can see a leak)."""

import pytest

from tests.helpers.urls import patronen

pytestmark = pytest.mark.django_db

PREFIX = "api/v1/"
# Public documentation: no key, no register data.
OPENBAAR_API = {"uitwisseling:api_v1_index", "uitwisseling:api_v1_openapi"}
# A system's own subscriptions hold no register data; their isolation (another supplier's id, POST and DELETE) is
# tested in tests/uitwisseling/meldingen/test_api.py. Without a key they are 401 here too.
ABONNEMENTEN = {"uitwisseling:api_v1_abonnementen", "uitwisseling:api_v1_abonnement"}


@pytest.fixture
def opzet(opzet):
    """The conftest's opzet, plus an onderwijsbegeleidingsaanbieder of board B under a so-school that B mandates to
    the other system (issue 18 §2), so its endpoint is walked with data of B that could leak."""
    from registratie.models import Instellingserkenning
    from registratie.services import begeleiding as begeleiding_services
    from tests.helpers import factories

    school = Instellingserkenning.objects.create(code="22SO", naam="SO-school B", soort="SO", cluster="2",
                                                 bevoegd_gezag=opzet.ander_bestuur.bevoegd_gezag)
    opzet.begeleider_b = begeleiding_services.registreer_begeleidingsaanbieder(
        opzet.ander_bestuur, door="test", naam="Ambulante dienst B", begindatum=opzet.ander_bestuur.begindatum,
        instellingen=[school], expertises=["DOOFHEID"])
    factories.mandaat(opzet.ander_bestuur, "22SO", opzet.ander_systeem)
    return opzet


def _api_patronen() -> list[tuple[str, str]]:
    gevonden = [(naam, patroon) for naam, patroon in patronen() if patroon.startswith(PREFIX)]
    assert len(gevonden) >= 8, gevonden
    return gevonden


def url_voor(naam: str, patroon: str, opzet) -> str:
    """Fill the pattern with a code of board B, chosen by the path segment before it."""
    code_per_segment = {"organisaties": opzet.ander_bestuur.code, "aanbieders": opzet.van_b.aanbieder.code,
                        "vestigingen": "22BB00",
                        # /historie/<objecttype>/<code>/: the history of B's aanbieder
                        "historie": "onderwijsaanbieder", "onderwijsaanbieder": opzet.van_b.aanbieder.code,
                        "abonnementen": "6f1d3c52-8a0e-4b7e-9d41-52494f2d504f"}
    delen = patroon.split("/")
    for i, deel in enumerate(delen):
        if deel.startswith("<"):
            assert delen[i - 1] in code_per_segment, f"{naam}: onbekende parameter in {patroon}; breid _url_voor uit"
            delen[i] = code_per_segment[delen[i - 1]]
    return "/" + "/".join(delen)


def _gegevens_van_b(opzet, url: str) -> set[str]:
    """B's codes and names, except the one the caller put in the URL itself (an error may repeat that)."""
    b = opzet.van_b
    codes = {opzet.ander_bestuur.code, opzet.ander_bestuur.bevoegd_gezag.nummer, b.aanbieder.code,
             str(b.opleiding.code), b.gebruik.locatie.code, "22BB00", "Het Baken",
             opzet.begeleider_b.code, "Ambulante dienst B", "22SO"}
    return {c for c in codes if c not in url}


def _get(client, url: str, sleutel: str | None):
    headers = {"Authorization": f"Bearer {sleutel}"} if sleutel else {}
    return client.get(url, {"sinds": "2000-01-01T00:00:00Z"}, headers=headers)


def test_alle_api_namen_vallen_onder_de_wildcard():
    """rio_portal/test_isolatie_urls.py leaves 'uitwisseling:api_v1_*' to this file: every pattern here must match."""
    for naam, patroon in _api_patronen():
        assert naam.startswith("uitwisseling:api_v1_"), (naam, patroon)


def test_zonder_sleutel_401(client, opzet):
    for naam, patroon in _api_patronen():
        url = url_voor(naam, patroon, opzet)
        antwoord = _get(client, url, None)
        if naam in OPENBAAR_API:
            assert antwoord.status_code == 200, url
            continue
        assert antwoord.status_code == 401, f"{naam} {url}: {antwoord.status_code}"
        assert antwoord.json()["code"] == "sleutel_ontbreekt"


def test_systeem_zonder_mandaat_van_b_krijgt_niets_van_b(client, opzet):
    for naam, patroon in _api_patronen():
        if naam in OPENBAAR_API | ABONNEMENTEN:
            continue
        url = url_voor(naam, patroon, opzet)
        for methode in ("get", "post"):
            if methode == "get":
                antwoord = _get(client, url, opzet.sleutel)
                assert antwoord.status_code in (200, 403), f"{naam} {url}: {antwoord.status_code}"
                if antwoord.status_code == 200:
                    data = antwoord.json()
                    bekend = {r.get("onderwijsbestuurcode") for r in data["resultaten"]}
                    assert bekend <= {opzet.bestuur.code}, f"{naam} {url}: {bekend}"
            else:
                antwoord = client.post(url, headers={"Authorization": f"Bearer {opzet.sleutel}"})
                assert antwoord.status_code == 405, f"{naam} {url}"
            inhoud = antwoord.content.decode()
            for vreemd in _gegevens_van_b(opzet, url):
                assert vreemd not in inhoud, f"{naam} {url}: {vreemd} van bestuur B in het antwoord"


def test_systeem_met_mandaat_van_b_ziet_b_wel(client, opzet):
    """Positive control: the same URLs with the key B does mandate return B's records."""
    for naam, patroon in _api_patronen():
        if naam in OPENBAAR_API | ABONNEMENTEN:
            continue
        url = url_voor(naam, patroon, opzet)
        antwoord = _get(client, url, opzet.andere_sleutel)
        assert antwoord.status_code == 200, f"{naam} {url}: {antwoord.content}"
        if naam == "uitwisseling:api_v1_historie":  # one object, no list: it is B's aanbieder as registered
            assert antwoord.json()["geregistreerd"]["perioden"][0]["naam"] == "Het Baken"
            continue
        if naam == "uitwisseling:api_v1_organisatie":  # one object: board B itself
            assert antwoord.json()["code"] == opzet.ander_bestuur.code
            continue
        resultaten = antwoord.json()["resultaten"]
        assert resultaten, f"{naam} {url}: leeg"
        assert {r.get("onderwijsbestuurcode", opzet.ander_bestuur.code) for r in resultaten} == {
            opzet.ander_bestuur.code}
        inhoud = antwoord.content.decode()
        assert opzet.bestuur.code not in inhoud and opzet.gemandateerd.aanbieder.code not in inhoud
