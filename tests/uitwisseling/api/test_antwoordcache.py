"""The board lists and the change feed from the answer cache (uitwisseling.api.antwoordcache): a stored answer is
only given when nothing it was made of changed, and never past the access check, which runs on every call.

Each attack first fills the cache with the LAS's answers (school 11AA mandated, conftest.py), then changes what an
answer depends on, and asks again. The mandates are changed with a plain ``save()``, outside the audited OSR
services: so no change counter rises, and only the mandates in the key and the access check can refuse.
"""

from datetime import date, timedelta

import pytest
from django.urls import reverse

from registratie.services import organisatie as organisatie_services
from tests.helpers import factories
from uitwisseling.models import ApiAanroep

pytestmark = pytest.mark.django_db

LIJSTEN = ("organisatie_aanbieders", "organisatie_locatiegebruik", "organisatie_opleidingen")
SINDS = "2000-01-01T00:00:00Z"
FEED = reverse("uitwisseling:api_v1_wijzigingen")


def _lijsten(opzet, bestuur=None) -> list[str]:
    code = (bestuur or opzet.bestuur).code
    return [reverse(f"uitwisseling:api_v1_{naam}", args=[code]) for naam in LIJSTEN]


def _vul_cache(api, opzet, **params) -> dict[str, bytes]:
    """Every list and the feed asked twice (built, then from the cache): the same bytes."""
    antwoorden = {}
    for url, extra in [(url, {}) for url in _lijsten(opzet)] + [(FEED, {"sinds": SINDS})]:
        eerste, tweede = api(url, **params, **extra), api(url, **params, **extra)
        assert eerste.status_code == tweede.status_code == 200, eerste.content
        assert eerste.content == tweede.content
        assert eerste.headers == tweede.headers
        antwoorden[url] = eerste.content
    return antwoorden


def _namen(antwoord) -> set[str]:
    return {r.get("naam") for r in antwoord.json()["resultaten"]}


def test_uit_de_cache_gelijk_en_gelogd(api, opzet):
    _vul_cache(api, opzet)
    voor = ApiAanroep.objects.count()
    antwoord = api(_lijsten(opzet)[0])
    assert antwoord["API-Version"] and antwoord["Cache-Control"] == "private, no-store"
    regel = ApiAanroep.objects.order_by("-pk").first()
    assert ApiAanroep.objects.count() == voor + 1
    assert (regel.systeem, regel.statuscode, regel.aantal) == (opzet.systeem, 200, 1)


def test_mandaat_beeindigd_geeft_de_lijst_niet_meer(api, opzet, vandaag):
    _vul_cache(api, opzet)
    opzet.mandaat.einddatum = vandaag - timedelta(days=1)
    opzet.mandaat.save()
    for url in _lijsten(opzet):
        antwoord = api(url)
        assert antwoord.status_code == 403 and antwoord.json()["code"] == "geen_mandaat", url
        assert b"De Regenboog" not in antwoord.content
    feed = api(FEED, sinds=SINDS)
    assert feed.status_code == 200 and feed.json()["resultaten"] == []


def test_einddatum_die_verstrijkt_sluit_de_cache(api, opzet, vandaag, time_machine):
    """The mandate's last day is today: tomorrow the stored lists are refused (today is part of the key and of
    the access check)."""
    opzet.mandaat.einddatum = vandaag
    opzet.mandaat.save()
    _vul_cache(api, opzet, peildatum="2026-11-28")
    time_machine.move_to("2026-11-29 00:00:01+01:00", tick=False)
    for url in _lijsten(opzet):
        assert api(url, peildatum="2026-11-28").status_code == 403, url
    assert api(FEED, sinds=SINDS, peildatum="2026-11-28").json()["resultaten"] == []


def test_systeem_van_een_ander_bestuur_krijgt_de_lijst_niet(api, opzet):
    _vul_cache(api, opzet)
    for url in _lijsten(opzet):
        antwoord = api(url, sleutel=opzet.andere_sleutel)
        assert antwoord.status_code == 403, url
        assert b"De Regenboog" not in antwoord.content
    eigen = api(_lijsten(opzet, opzet.ander_bestuur)[0], sleutel=opzet.andere_sleutel)
    assert eigen.status_code == 200 and _namen(eigen) == {"Het Baken"}
    feed = api(FEED, sleutel=opzet.andere_sleutel, sinds=SINDS)
    assert b"De Regenboog" not in feed.content and feed.json()["resultaten"]


def test_systeem_met_een_andere_school_krijgt_alleen_die(api, opzet):
    """The other system gets a mandate for 11AB only: its answer is its own, not the LAS's stored one."""
    _vul_cache(api, opzet)
    factories.mandaat(opzet.bestuur, "11AB", opzet.ander_systeem)
    antwoord = api(_lijsten(opzet)[0], sleutel=opzet.andere_sleutel)
    assert antwoord.status_code == 200 and _namen(antwoord) == {"De Linde"}
    assert _namen(api(_lijsten(opzet)[0])) == {"De Regenboog"}


def test_nieuw_mandaat_toont_de_school_meteen(api, opzet):
    _vul_cache(api, opzet)
    factories.mandaat(opzet.bestuur, "11AB", opzet.systeem)
    assert _namen(api(_lijsten(opzet)[0])) == {"De Regenboog", "De Linde"}
    assert len(api(_lijsten(opzet)[1]).json()["resultaten"]) == 2
    assert len(api(_lijsten(opzet)[2]).json()["resultaten"]) == 2


def test_gewijzigde_school_staat_er_meteen_in(api, opzet):
    """An audited change raises the board's counter: the next call builds the list again, and the feed too."""
    gevraagd = {"peildatum": "2027-09-01"}
    _vul_cache(api, opzet, **gevraagd)
    aantal_in_feed = len(api(FEED, sinds=SINDS).json()["resultaten"])
    aanbieder = opzet.gemandateerd.aanbieder
    aanbieder.refresh_from_db()
    organisatie_services.wijzig_aanbieder(aanbieder, door="test", versie=aanbieder.versie,
                                          ingangsdatum=date(2027, 8, 1), naam="De Nieuwe Regenboog",
                                          internationale_naam="", groep=None)
    assert _namen(api(_lijsten(opzet)[0], **gevraagd)) == {"De Nieuwe Regenboog"}
    assert len(api(FEED, sinds=SINDS).json()["resultaten"]) == aantal_in_feed + 1


def test_andere_vraag_andere_sleutel(client, api, opzet):
    """Page size, page, peildatum and the host are part of the key (the page links are absolute URLs)."""
    factories.mandaat(opzet.bestuur, "11AB", opzet.systeem)
    url = _lijsten(opzet)[0]
    assert len(api(url).json()["resultaten"]) == 2
    pagina = api(url, perPagina="1", pagina="2").json()
    assert len(pagina["resultaten"]) == 1 and pagina["paginering"]["pagina"] == 2
    assert api(url, peildatum="2019-01-01").json()["resultaten"] == []
    assert api(url, perPagina="1").json()["paginering"]["volgende"].startswith("http://testserver/")
    ander_adres = client.get(url, {"perPagina": "1"}, headers={"Authorization": f"Bearer {opzet.sleutel}"},
                             HTTP_HOST="localhost")
    assert ander_adres.json()["paginering"]["volgende"].startswith("http://localhost/")
