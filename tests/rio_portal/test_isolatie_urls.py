"""Walks every URL pattern of the project: anonymous users go to the login, a person of board A gets
nothing of board B, and a read-only role changes nothing. A new pattern fails here until classified."""

import pytest

from tests.helpers import factories
from tests.helpers.urls import OPENBAAR, PERSOONLIJK, elders, patronen, url_voor


def test_elk_patroon_is_ingedeeld():
    for naam, patroon in patronen():
        if naam in OPENBAAR or naam in PERSOONLIJK or elders(naam):
            continue
        assert naam.startswith(("registratie:", "autorisatie:", "controle:", "blauwdruk:")), (
            f"Nieuw URL-patroon {naam} ({patroon}): deel het in bij OPENBAAR, PERSOONLIJK, ELDERS_GETEST of "
            "laat het door een object van een bestuur lopen")


@pytest.mark.django_db
def test_anoniem_gaat_naar_inloggen(client, objecten_van_b):
    for naam, patroon in patronen():
        if naam in OPENBAAR or elders(naam):
            continue
        url = url_voor(naam, patroon, objecten_van_b)
        antwoord = client.get(url)
        assert antwoord.status_code in (302, 405), f"{naam} {url}: {antwoord.status_code}"
        if antwoord.status_code == 302:
            assert antwoord["Location"].startswith("/inloggen/"), f"{naam} {url}"


@pytest.mark.django_db
def test_bestuur_a_krijgt_niets_van_bestuur_b(client, beheerder, objecten_van_b):
    client.force_login(beheerder)
    for naam, patroon in patronen():
        if naam in OPENBAAR or naam in PERSOONLIJK or elders(naam):
            continue
        url = url_voor(naam, patroon, objecten_van_b)
        for methode in (client.get, client.post):
            antwoord = methode(url)
            assert antwoord.status_code in (403, 404, 405), f"{naam} {url}: {antwoord.status_code}"
            assert objecten_van_b["bestuur"].code not in antwoord.content.decode() or antwoord.status_code == 405


@pytest.mark.django_db
def test_leesrol_wijzigt_niets(client, objecten_van_b):
    from autorisatie.rollen import Rol
    from registratie.models import AuditRegel

    lezer_b = factories.gebruiker_met_rollen("lezer_b", objecten_van_b["bestuur"],
                                             rollen=[Rol.RPL_CONTEXT_INSTELLINGEN])
    client.force_login(lezer_b)
    voor = AuditRegel.objects.count()
    for naam, patroon in patronen():
        if naam in OPENBAAR or naam in PERSOONLIJK or elders(naam):
            continue
        url = url_voor(naam, patroon, objecten_van_b)
        antwoord = client.post(url, {"naam": "x", "einddatum": "2030-07-31", "versie": "1"})
        assert antwoord.status_code in (403, 405), f"{naam} {url}: {antwoord.status_code}"
    assert AuditRegel.objects.count() == voor


@pytest.mark.django_db
def test_verlopen_rol_geeft_niets(client, objecten_van_b, vandaag):
    from datetime import timedelta

    verlopen = factories.gebruiker_met_rollen("verlopen", objecten_van_b["bestuur"],
                                              einddatum=vandaag - timedelta(days=1))
    client.force_login(verlopen)
    antwoord = client.get(objecten_van_b["aanbieder"].get_absolute_url())
    assert antwoord.status_code == 404


@pytest.mark.django_db
def test_geweigerde_toegang_wordt_gelogd(client, beheerder, objecten_van_b, caplog):
    client.force_login(beheerder)
    with caplog.at_level("WARNING", logger="autorisatie.toegang"):
        client.post(objecten_van_b["aanbieder"].get_absolute_url() + "wijzigen/", {"naam": "Gekaapt"})
    assert any("Toegang geweigerd" in r.getMessage() and "beheerder" in r.getMessage() for r in caplog.records)
