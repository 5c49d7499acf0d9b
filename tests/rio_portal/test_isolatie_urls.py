"""Walks every URL pattern of the project: anonymous users go to the login, a person of board A gets
nothing of board B, and a read-only role changes nothing. A new pattern fails here until classified."""

import pytest
from django.urls import URLPattern, URLResolver, get_resolver

from tests import factories

# Patterns anyone may open without logging in.
OPENBAAR = {"home", "gezondheid", "login", "logout", "beheer_login", "toegankelijkheid",
            # Zoeken en vinden and open data: public register data (tests/openbaar)
            "openbaar:zoeken", "openbaar:open_data", "openbaar:register_csv", "openbaar:bestuur",
            "openbaar:aanbieder", "openbaar:locatie"}
# Patterns outside this test's scope, with the reason.
ELDERS_GETEST = {
    "admin:*": "Django admin: staff only, checked by Django itself",
    "oidc_*": "mozilla-django-oidc login flow",
    "uitwisseling:api_v1_*": "API: key-authenticated, tests/uitwisseling/api/test_isolatie_api.py",
    "uitwisseling:rio_v4_*": "RIO XML-API: key-authenticated, tests/uitwisseling/rio_xml",
}
# Pages that are not tied to one board but to the person (their own roles, their own list of boards).
PERSOONLIJK = {"registratie:kies_bestuur", "autorisatie:waarom", "registratie:raadplegen", "controle:overzicht"}


def _patronen(resolver: URLResolver | None = None, prefix: str = "", namespace: str = "") -> list[tuple[str, str]]:
    resolver = resolver or get_resolver()
    gevonden = []
    for p in resolver.url_patterns:
        if isinstance(p, URLResolver):
            ns = f"{namespace}{p.namespace}:" if p.namespace else namespace
            gevonden += _patronen(p, prefix + str(p.pattern), ns)
        elif isinstance(p, URLPattern) and p.name:
            gevonden.append((namespace + p.name, prefix + str(p.pattern)))
    return gevonden


def _elders(naam: str) -> bool:
    return any(naam.startswith(k[:-1]) if k.endswith("*") else naam == k for k in ELDERS_GETEST)


@pytest.fixture
def objecten_van_b(ander_bestuur, vandaag):
    """Objects of board B, keyed by the URL kwarg values that address them."""
    from controle.models import Exportopdracht
    from modelleertool.models import Blauwdruk
    from registratie.services import contact as contact_services
    from registratie.services import organisatie as organisatie_services

    aanbieder = factories.aanbieder(ander_bestuur)
    gebruik = factories.locatiegebruik(ander_bestuur)
    ao = factories.bo_opleiding(aanbieder, locatie=gebruik.locatie)
    groep = organisatie_services.registreer_groep(ander_bestuur, door="test", naam="Cluster", internationale_naam="",
                                                  begindatum=ander_bestuur.begindatum)
    contact = contact_services.registreer_contact(ander_bestuur, door="test", context="ALGEMEEN",
                                                  begindatum=vandaag, email="b@example.nl")
    # The national control file is not tied to a board: only DUO (superuser) may open it, anyone else gets 403.
    exportopdracht = Exportopdracht.objects.create(formaat="xlsx", peildatum=vandaag)
    return {"bestuur": ander_bestuur, "aanbieder": aanbieder, "gebruik": gebruik, "opleiding": ao, "groep": groep,
            "exportopdracht": exportopdracht,
            "contact": contact, "relatie": aanbieder.juridische_relaties.get(),
            "vestigingsrelatie": gebruik.vestigingsrelaties.get(), "periode": aanbieder.perioden.get(),
            "rol": factories.gebruiker_met_rollen("collega_b", ander_bestuur).roltoewijzingen.first(),
            "mandaat": factories.mandaat(ander_bestuur, "22BB", factories.systeem_met_sleutel(prefix="isolatie")[0]),
            "blauwdruk": Blauwdruk.objects.create(bestuur=ander_bestuur, inhoud={})}


def _url_voor(naam: str, patroon: str, o: dict) -> str:
    """Fill a pattern's parameters with objects of board B."""
    code_per_prefix = {"organisatie/": o["bestuur"].code, "toegang/": o["bestuur"].code, "controle/": o["bestuur"].code,
                       "aanbieders/": o["aanbieder"].code,
                       "groepen/": o["groep"].code, "locatiegebruik/": o["gebruik"].code,
                       "aangeboden-opleidingen/": str(o["opleiding"].code)}
    url = "/" + patroon
    for prefix, code in code_per_prefix.items():
        if url.startswith("/" + prefix):
            url = url.replace("<str:code>", code, 1)
    if "<str:soort>" in url:
        url = url.replace("<str:soort>", "aanbieder").replace("<str:code>", o["aanbieder"].code)
    pk = {"registratie:relatie_beeindigen": o["relatie"].pk,
          "autorisatie:rol_beeindigen": o["rol"].pk,
          "registratie:vestiging_beeindigen": o["vestigingsrelatie"].pk,
          "registratie:annuleer_wijziging": o["periode"].pk,
          # OSR: a mandate of board B; the key pages (its system) are for DUO staff only, 403 for everyone else
          "autorisatie:mandaat_beeindigen": getattr(o.get("mandaat"), "pk", 0),
          "autorisatie:mandaat_kopieren": getattr(o.get("mandaat"), "pk", 0),
          "autorisatie:systeem_sleutels": getattr(o.get("mandaat"), "systeem_id", 0),
          "autorisatie:sleutel_intrekken": getattr(o.get("mandaat"), "systeem_id", 0)}.get(naam, o["contact"].pk)
    if naam.startswith("blauwdruk:"):  # modelleertool: a blauwdruk of board B
        pk = getattr(o.get("blauwdruk"), "pk", 0)
    url = url.replace("<int:pk>", str(pk)).replace("<uuid:pk>", str(o["exportopdracht"].pk))
    url = url.replace("<int:sleutel_pk>", str(o["mandaat"].systeem.sleutels.get().pk if "mandaat" in o else 0))
    assert "<" not in url, f"{naam}: parameter niet ingevuld in {url}; breid _url_voor uit"
    return url


def test_elk_patroon_is_ingedeeld():
    for naam, patroon in _patronen():
        if naam in OPENBAAR or naam in PERSOONLIJK or _elders(naam):
            continue
        assert naam.startswith(("registratie:", "autorisatie:", "controle:", "blauwdruk:")), (
            f"Nieuw URL-patroon {naam} ({patroon}): deel het in bij OPENBAAR, PERSOONLIJK, ELDERS_GETEST of "
            "laat het door een object van een bestuur lopen")


@pytest.mark.django_db
def test_anoniem_gaat_naar_inloggen(client, objecten_van_b):
    for naam, patroon in _patronen():
        if naam in OPENBAAR or _elders(naam):
            continue
        url = _url_voor(naam, patroon, objecten_van_b)
        antwoord = client.get(url)
        assert antwoord.status_code in (302, 405), f"{naam} {url}: {antwoord.status_code}"
        if antwoord.status_code == 302:
            assert antwoord["Location"].startswith("/inloggen/"), f"{naam} {url}"


@pytest.mark.django_db
def test_bestuur_a_krijgt_niets_van_bestuur_b(client, beheerder, objecten_van_b):
    client.force_login(beheerder)
    for naam, patroon in _patronen():
        if naam in OPENBAAR or naam in PERSOONLIJK or _elders(naam):
            continue
        url = _url_voor(naam, patroon, objecten_van_b)
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
    for naam, patroon in _patronen():
        if naam in OPENBAAR or naam in PERSOONLIJK or _elders(naam):
            continue
        url = _url_voor(naam, patroon, objecten_van_b)
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
