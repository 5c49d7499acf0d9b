"""The home page's stappenplannen from the fragment cache (rio_portal/stappenplan.py, docs/adr/0015), written as the
ways it goes wrong: an audited change not shown, a new blauwdruk concept (which writes no audit entry) not shown, and
the plan built for one person's rights shown to another. The reference is always the plan built from the register
with the cache switched off."""

import re

import pytest
from django.contrib.auth import get_user_model
from django.core.cache import caches
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from autorisatie.rollen import BEHEERDERSROLLEN, GEBRUIKERSROLLEN, Rol
from kern.fragmenten import CACHE
from modelleertool.models import Blauwdruk
from rio_portal.stappenplan import Stappenplan, stappenplannen
from tests.helpers import factories

pytestmark = pytest.mark.django_db


def _vers(besturen, persoon, settings) -> list[Stappenplan]:
    """The plans as built from the register, the cache switched off for this one call."""
    bewaard = settings.CACHES
    settings.CACHES = {**bewaard, CACHE: {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}}
    try:
        return stappenplannen(besturen, persoon=persoon)
    finally:
        settings.CACHES = bewaard


def _stappen(plannen: list[Stappenplan]) -> list[tuple]:
    return [(p.bestuur.code, p.naam, p.stappen) for p in plannen]


def _gelijk_aan_vers(besturen, persoon, settings) -> list[Stappenplan]:
    plannen = stappenplannen(besturen, persoon=persoon)
    assert _stappen(plannen) == _stappen(_vers(besturen, persoon, settings))
    return plannen


def test_tweede_keer_uit_de_cache_zonder_de_registratie_te_laden(bestuur, ander_bestuur, vandaag, settings):
    persoon = get_user_model().objects.create_superuser("duo", "duo@example.test", "geheim-wachtwoord")
    factories.aanbieder(bestuur)
    besturen = [bestuur, ander_bestuur]
    with CaptureQueriesContext(connection) as eerste:
        stappenplannen(besturen, persoon=persoon)
    with CaptureQueriesContext(connection) as tweede:
        plannen = stappenplannen(besturen, persoon=persoon)
    assert _stappen(plannen) == _stappen(_vers(besturen, persoon, settings))
    # blauwdrukken, rights and the change counters: three statements, whatever the boards hold
    assert len(tweede) == 3 < len(eerste), [q["sql"][:100] for q in tweede]


def test_een_geaudite_wijziging_staat_direct_in_het_plan(bestuur, vandaag, settings):
    persoon = factories.gebruiker_met_rollen("anna", bestuur, rollen=[*GEBRUIKERSROLLEN, *BEHEERDERSROLLEN])
    voor = _gelijk_aan_vers([bestuur], persoon, settings)
    gebruik = factories.locatiegebruik(bestuur)  # through the services: audited
    factories.bo_opleiding(factories.aanbieder(bestuur), locatie=gebruik.locatie)
    na = _gelijk_aan_vers([bestuur], persoon, settings)
    assert _stappen(na) != _stappen(voor)


def test_een_nieuw_blauwdrukconcept_staat_direct_in_stap_1(bestuur, vandaag, settings):
    """A blauwdruk is no register data and writes no audit entry: its state is part of the key itself."""
    persoon = factories.gebruiker_met_rollen("anna", bestuur)
    voor = _gelijk_aan_vers([bestuur], persoon, settings)
    Blauwdruk.objects.create(bestuur=bestuur, naam="Concept", inhoud={})
    na = _gelijk_aan_vers([bestuur], persoon, settings)
    assert na[0].stappen[0] != voor[0].stappen[0]


def test_het_plan_van_de_ene_persoon_komt_niet_bij_een_ander(bestuur, vandaag, settings):
    """Step 4 tells a person without roles to give them first (voorrang) and offers the Beheerder PO the roles
    page: built for each person's own rights, whoever came first."""
    po = factories.beheerder_po("po", bestuur)
    lezer = factories.gebruiker_met_rollen("lezer", bestuur, rollen=[Rol.OSR_TOEGANG])
    plannen = {naam: _gelijk_aan_vers([bestuur], p, settings) for naam, p in (("po", po), ("lezer", lezer))}
    assert _stappen(plannen["po"]) != _stappen(plannen["lezer"])
    caches[CACHE].clear()
    for naam, p in (("lezer", lezer), ("po", po)):  # the other order
        assert _stappen(_gelijk_aan_vers([bestuur], p, settings)) == _stappen(plannen[naam])


def test_de_homepagina_uit_de_cache_toont_wat_de_registratie_toont(client, bestuur, vandaag, settings):
    client.force_login(factories.gebruiker_met_rollen("anna", bestuur))
    eerste = client.get(reverse("home")).content.decode()
    factories.aanbieder(bestuur, naam="De Vlieger")  # audited: step 5 changes
    tweede = client.get(reverse("home")).content.decode()
    settings.CACHES = {**settings.CACHES, CACHE: {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}}
    vers = client.get(reverse("home")).content.decode()
    assert tweede != eerste

    assert _zonder_tokens(tweede) == _zonder_tokens(vers)


def _zonder_tokens(html: str) -> str:
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", html)
