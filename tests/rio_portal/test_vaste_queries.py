"""Every logged-in page and download costs the same number of queries whatever the board's size (issue 19).

Board B is walked twice by its Beheerder PO: once as ``objecten_van_b`` makes it (one school), and again after
it has grown by four schools with everything a school brings (aanbieder, locatiegebruik, aangeboden opleiding,
contact, mandate, a colleague with roles) and four onderwijsbegeleidingsaanbieders with contact details. A page
whose count grows with the board loads something per row; that is the N+1 this test exists to catch. Each URL is
asked once before it is counted, so that caches that fill on first use (content types, translations, the URL
resolver) are not counted against the page.
"""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from autorisatie.rollen import BEHEERDERSROLLEN, GEBRUIKERSROLLEN, Rol
from registratie.models import Instellingserkenning, Vestigingserkenning
from registratie.services import begeleiding as begeleiding_services
from registratie.services import contact as contact_services
from tests.helpers import factories
from tests.helpers.urls import OPENBAAR, elders, patronen, url_voor

# The uncached work is what must not grow with the board (a cached screen costs less; tests/rio_portal/
# test_fragmentcache.py counts that path).
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("zonder_fragmentcache")]

EXTRA_SCHOLEN = ("22BC", "22BD", "22BE", "22BF")
# Not a page of one board: the national file, the person's own pages, or a POST-only action.
OVERGESLAGEN = {"logout", "registratie:kies_bestuur"}


def _groei(bestuur, vandaag) -> None:
    """Four more schools for board B, each with what a registered school has."""
    systeem = factories.systeem_met_sleutel(naam="Groei LAS", prefix="groei")[0]
    for i, brin4 in enumerate(EXTRA_SCHOLEN):
        instelling = Instellingserkenning.objects.create(code=brin4, naam=f"School {brin4}",
                                                         bevoegd_gezag=bestuur.bevoegd_gezag, soort="BAO")
        Vestigingserkenning.objects.create(code=f"{brin4}00", instelling=instelling, naam=f"School {brin4}",
                                           straatnaam="Groeistraat", huisnummer=100 + i, postcode="3511AB",
                                           plaatsnaam="UTRECHT")
        aanbieder = factories.aanbieder(bestuur, naam=f"Groeischool {i}", brin4=brin4)
        gebruik = factories.locatiegebruik(bestuur, brin6=f"{brin4}00")
        factories.bo_opleiding(aanbieder, locatie=gebruik.locatie)
        contact_services.registreer_contact(aanbieder, door="test", context="ALGEMEEN", begindatum=vandaag,
                                            email=f"groei{i}@example.nl")
        factories.mandaat(bestuur, brin4, systeem)
        factories.gebruiker_met_rollen(f"groei_collega{i}", bestuur)
        # And an onderwijsbegeleidingsaanbieder under B's so-school (issue 18 §2), with its own contact details.
        begeleider = begeleiding_services.registreer_begeleidingsaanbieder(
            bestuur, door="test", naam=f"Groeibegeleiding {i}", begindatum=vandaag,
            instellingen=[Instellingserkenning.objects.get(code="22SO")], expertises=["DOOFHEID"])
        contact_services.registreer_contact(begeleider, door="test", context="ALGEMEEN", begindatum=vandaag,
                                            email=f"begeleiding{i}@example.nl")


def _tellingen(client, o) -> dict[str, int]:
    tellingen = {}
    for naam, patroon in patronen():
        if elders(naam) or naam in OPENBAAR or naam in OVERGESLAGEN:
            continue
        url = url_voor(naam, patroon, o)
        if client.get(url).status_code != 200:  # warm-up; pages this person may not open are not counted
            continue
        with CaptureQueriesContext(connection) as queries:
            antwoord = client.get(url)
            if antwoord.streaming:
                b"".join(antwoord.streaming_content)  # a download's rows are read while it streams
        tellingen[f"{naam} {url}"] = len(queries)
    return tellingen


def test_elke_pagina_vast_aantal_queries(client, objecten_van_b, vandaag):
    b = objecten_van_b["bestuur"]
    client.force_login(factories.gebruiker_met_rollen(
        "meter", b, rollen=[*GEBRUIKERSROLLEN, *BEHEERDERSROLLEN, Rol.OSR_TOEGANG]))
    klein = _tellingen(client, objecten_van_b)
    assert len(klein) >= 40, sorted(klein)  # the walk reached the board's pages (not only 404s and 403s)
    _groei(b, vandaag)
    groot = _tellingen(client, objecten_van_b)
    assert groot.keys() == klein.keys()
    groeiend = {url: (klein[url], groot[url]) for url in klein if groot[url] != klein[url]}
    assert not groeiend, "queries (1 school → 5 scholen):\n" + "\n".join(
        f"  {url}: {a} → {z}" for url, (a, z) in sorted(groeiend.items()))
