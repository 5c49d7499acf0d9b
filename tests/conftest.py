"""Shared fixtures: a board with erkenningen, users with roles, and the clock."""

import os
from datetime import date

import pytest

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")  # Playwright's sync API runs an event loop

pytest.register_assert_rewrite("tests.helpers")

# Fixture modules shared by several test packages (each sub-conftest keeps only the fixtures of its own directory).
pytest_plugins = [
    "tests.helpers.browser",  # Debian's chromium, pages offline except the live server, the login form
    "tests.helpers.duo",  # a real board from DUO's open data, the opleidingen catalogue
    "tests.helpers.urls",  # objecten_van_b: board B's objects for every URL pattern
    "tests.helpers.groot",  # grootste_bestuur: the largest real board (57 schools), for the scan-the-page tests
    "tests.helpers.pdok",  # pdok_server, met_pdok: a local HTTP server answering like PDOK Locatieserver
]

from tests.helpers.factories import (  # noqa: E402  (after the assert rewrite registration)
    beheerder_po,
    bestuur_met_erkenningen,
    gebruiker_met_rollen,
)


@pytest.fixture(autouse=True)
def _lege_cache():
    """Each test starts with an empty cache: ids repeat between tests after a rollback, so a cached result keyed
    on the register state (the screens' board counters too) could otherwise leak from one test into the next."""
    from django.core.cache import caches

    for cache in caches.all(initialized_only=True):
        cache.clear()


@pytest.fixture
def zonder_fragmentcache(settings):
    """For tests that read a screen's context (response.context) more than once without a change in between:
    a cached tree or controle screen is not rendered again, so it has no context. The cache itself is tested in
    tests/rio_portal/test_fragmentcache.py."""
    settings.CACHES = {**settings.CACHES,
                       "fragmenten": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}}


@pytest.fixture
def vandaag(time_machine):
    """Freeze 'today' at 2026-11-28 (a Saturday in school year 2026/27) for deterministic date rules."""
    time_machine.move_to("2026-11-28 10:00:00+01:00", tick=False)
    return date(2026, 11, 28)


@pytest.fixture
def bestuur(db):
    return bestuur_met_erkenningen("10001", brin4s=("11AA", "11AB"))


@pytest.fixture
def ander_bestuur(db):
    return bestuur_met_erkenningen("20002", brin4s=("22BB",))


@pytest.fixture
def beheerder(bestuur):
    """A person with all eight RIO gebruikersrollen for ``bestuur``."""
    return gebruiker_met_rollen("beheerder", bestuur)


@pytest.fixture
def lezer(bestuur):
    """A person who may only read ``bestuur`` (a role that changes nothing in the register)."""
    from autorisatie.rollen import Rol

    return gebruiker_met_rollen("lezer", bestuur, rollen=[Rol.RPL_CONTEXT_INSTELLINGEN])


@pytest.fixture
def po(bestuur):
    """A Beheerder PO of ``bestuur``: the beheerdersrollen from the login claim, no gebruikersrollen yet."""
    return beheerder_po("po", bestuur)


@pytest.fixture
def po_client(client, po):
    client.force_login(po)
    return client


@pytest.fixture
def beheerder_client(client, beheerder):
    client.force_login(beheerder)
    return client


def _databasegroep(item: pytest.Item) -> int:
    """0: runs inside a rolled-back transaction · 1: transactional (flushes every table afterwards) · 2: no database.
    The same order as pytest-django's; the flush also empties the opleidingen catalogue that a migration loaded."""
    marker = item.get_closest_marker("django_db")
    fixtures = getattr(item, "fixturenames", ())
    if (marker and (marker.kwargs.get("transaction") or marker.kwargs.get("reset_sequences"))) or (
        "transactional_db" in fixtures or "live_server" in fixtures
    ):
        return 1
    return 0 if marker or "db" in fixtures else 2


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Keep every transactional test after all tests that run in a transaction. pytest-django sorts them so (tryfirst),
    but pytest's own reordering for session-scoped parametrised fixtures (Playwright's browser_name) runs after it
    and moved browser tests before rolled-back ones, which then found no opleidingen catalogue. A stable sort keeps
    the order within each group."""
    items.sort(key=_databasegroep)
