"""Serialisation costs a constant number of queries: the same for 1 record as for many (prefetching)."""

import pytest
from django.core.cache import caches
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.helpers import factories

pytestmark = pytest.mark.django_db

# key, the access check with the cache key (one statement, here in a savepoint: 3), page, 2-3 prefetches, key update
# (once a minute), call log in a savepoint (3); the cache is emptied before each call, so these build the answer.
MAXIMUM = 12
# A list from the answer cache (uitwisseling.api.antwoordcache): key, the access check in its savepoint, the call log.
MAXIMUM_UIT_CACHE = 7


def _aantal_queries(client, opzet, url: str, *, uit_cache: bool = False, **params) -> int:
    if not uit_cache:
        caches["fragmenten"].clear()
    with CaptureQueriesContext(connection) as queries:
        antwoord = client.get(url, params, headers={"Authorization": f"Bearer {opzet.sleutel}"})
    assert antwoord.status_code == 200, antwoord.content
    return len(queries)


def _urls(opzet) -> list[tuple[str, dict]]:
    code = opzet.bestuur.code
    return [
        (reverse("uitwisseling:api_v1_organisatie_aanbieders", args=[code]), {}),
        (reverse("uitwisseling:api_v1_organisatie_locatiegebruik", args=[code]), {}),
        (reverse("uitwisseling:api_v1_organisatie_opleidingen", args=[code]), {}),
        (reverse("uitwisseling:api_v1_aanbieder_opleidingen", args=[opzet.gemandateerd.aanbieder.code]), {}),
        (reverse("uitwisseling:api_v1_vestiging_opleidingen", args=["11AA00"]), {}),
        (reverse("uitwisseling:api_v1_wijzigingen"), {"sinds": "2000-01-01T00:00:00Z"}),
    ]


def _meer_gegevens(opzet, aantal: int) -> None:
    """More aanbieders (on 11AA), opleidingen and locatiegebruik with a BRIN6 of 11AA."""
    from registratie.models import Vestigingserkenning

    instelling = opzet.gemandateerd.aanbieder.juridische_relaties.get().instelling
    for i in range(aantal):
        aanbieder = factories.aanbieder(opzet.bestuur, naam=f"School {i}", brin4="11AA")
        vestiging = Vestigingserkenning.objects.create(
            code=f"11AA{i + 10:02d}", instelling=instelling, naam=f"Vestiging {i}", straatnaam="Laan",
            huisnummer=500 + i, postcode="3511AB", plaatsnaam="UTRECHT")
        gebruik = factories.locatiegebruik(opzet.bestuur, brin6=vestiging.code)
        factories.bo_opleiding(aanbieder, locatie=gebruik.locatie)
        factories.bo_opleiding(aanbieder, locatie=opzet.gemandateerd.gebruik.locatie)


def test_aantal_queries_groeit_niet_mee(client, opzet, django_assert_max_num_queries):
    # The key's last use is written at most once a minute: the first call writes it, the ones measured do not.
    _aantal_queries(client, opzet, *_urls(opzet)[0][:1])
    voor = {url: _aantal_queries(client, opzet, url, **params) for url, params in _urls(opzet)}
    _meer_gegevens(opzet, 8)
    for url, params in _urls(opzet):
        with django_assert_max_num_queries(MAXIMUM):
            na = _aantal_queries(client, opzet, url, **params)
        assert na == voor[url], f"{url}: {voor[url]} queries voor 1 record, {na} voor meer"
    totaal = client.get(_urls(opzet)[2][0], headers={"Authorization": f"Bearer {opzet.sleutel}"}).json()
    assert totaal["paginering"]["totaal"] == 17


def test_herhaalde_vraag_uit_de_cache(client, opzet, django_assert_max_num_queries):
    """A list asked again, nothing changed: no build, only the key, the access check and the log."""
    _aantal_queries(client, opzet, *_urls(opzet)[0][:1])
    for url, params in _urls(opzet)[:3] + _urls(opzet)[5:]:
        _aantal_queries(client, opzet, url, **params)
        with django_assert_max_num_queries(MAXIMUM_UIT_CACHE):
            _aantal_queries(client, opzet, url, uit_cache=True, **params)
