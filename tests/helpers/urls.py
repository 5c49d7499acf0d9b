"""Every URL pattern of the project, classified, and the objects of board B that fill their parameters.

Used by the isolation test (tests/rio_portal/test_isolatie_urls.py), the audit test, the API's pattern
checks, the informeer test and the form fuzzing; the fixture ``objecten_van_b`` is registered in tests/conftest.py.
"""

import pytest
from django.urls import URLPattern, URLResolver, get_resolver

from tests.helpers import factories

# Patterns anyone may open without logging in.
OPENBAAR = {"home", "gezondheid", "login", "logout", "beheer_login", "toegankelijkheid", "favicon", "security_txt",
            "set_language",  # the language switch (tests/rio_portal/test_talen.py)
            # Zoeken en vinden and open data: public register data (tests/openbaar)
            "openbaar:zoeken", "openbaar:open_data", "openbaar:register_csv", "openbaar:bestuur",
            "openbaar:aanbieder", "openbaar:locatie",
            # the catalogue of rules (tests/controle/test_regels_catalogus.py)
            "controle:regels", "controle:regel",
            # the one-click unsubscribe link of a mail: a signed token, no login (tests/berichten)
            "berichten:afmelden"}
# Patterns outside the isolation test's scope, with the reason.
ELDERS_GETEST = {
    "admin:*": "Django admin: staff only, checked by Django itself",
    "oidc_*": "mozilla-django-oidc login flow",
    "uitwisseling:api_v1_*": "API: key-authenticated, tests/uitwisseling/api/test_isolatie_api.py",
    "uitwisseling:rio_v4_*": "RIO XML-API: key-authenticated, tests/uitwisseling/rio_xml",
}
# Pages that are not tied to one board but to the person (their own roles, their own list of boards).
PERSOONLIJK = {"registratie:kies_bestuur", "autorisatie:waarom", "registratie:raadplegen", "controle:overzicht",
               "berichten:instellingen",
               # address suggestions: the address service only, no board (tests/organisatie/test_adressen.py)
               "registratie:adres_suggesties"}


def patronen(resolver: URLResolver | None = None, prefix: str = "", namespace: str = "") -> list[tuple[str, str]]:
    resolver = resolver or get_resolver()
    gevonden = []
    for p in resolver.url_patterns:
        if isinstance(p, URLResolver):
            ns = f"{namespace}{p.namespace}:" if p.namespace else namespace
            gevonden += patronen(p, prefix + str(p.pattern), ns)
        elif isinstance(p, URLPattern) and p.name:
            gevonden.append((namespace + p.name, prefix + str(p.pattern)))
    return gevonden


def elders(naam: str) -> bool:
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
    # A so/vso school of cluster 2 for board B, so that it has an onderwijsbegeleidingsaanbieder (issue 18 §2).
    from registratie.models import Instellingserkenning
    from registratie.services import begeleiding as begeleiding_services

    so_school = Instellingserkenning.objects.create(code="22SO", naam="SO-school B", soort="SO", cluster="2",
                                                    bevoegd_gezag=ander_bestuur.bevoegd_gezag)
    begeleider = begeleiding_services.registreer_begeleidingsaanbieder(
        ander_bestuur, door="test", naam="Begeleiding B", begindatum=vandaag, instellingen=[so_school],
        expertises=["DOOFHEID"])
    # The national control file is not tied to a board: only DUO (superuser) may open it, anyone else gets 403.
    exportopdracht = Exportopdracht.objects.create(formaat="xlsx", peildatum=vandaag)
    # Samenwerkingsschool (docs/adr/0011): B's aanbieder shared with a third board, and an open invitation to it.
    from registratie.models import BijbehorendBestuur, Uitnodiging

    derde = factories.bestuur_met_erkenningen("90909", brin4s=("99ZZ",))
    samenwerking = BijbehorendBestuur.objects.create(aanbieder=aanbieder, bestuur=derde, begindatum=vandaag)
    uitnodiging = Uitnodiging.objects.create(aanbieder=aanbieder, van_bestuur=ander_bestuur, aan_bestuur=derde,
                                             begindatum=vandaag, verloopt_na=vandaag)
    return {"bestuur": ander_bestuur, "aanbieder": aanbieder, "gebruik": gebruik, "opleiding": ao, "groep": groep,
            "exportopdracht": exportopdracht, "begeleidingsaanbieder": begeleider,
            "contact": contact, "relatie": aanbieder.juridische_relaties.get(),
            "vestigingsrelatie": gebruik.vestigingsrelaties.get(), "periode": aanbieder.perioden.get(),
            "rol": factories.gebruiker_met_rollen("collega_b", ander_bestuur).roltoewijzingen.first(),
            "mandaat": factories.mandaat(ander_bestuur, "22BB", factories.systeem_met_sleutel(prefix="isolatie")[0]),
            "blauwdruk": Blauwdruk.objects.create(bestuur=ander_bestuur, inhoud={}),
            "samenwerking": samenwerking, "uitnodiging": uitnodiging}


def url_voor(naam: str, patroon: str, o: dict) -> str:
    """Fill a pattern's parameters with objects of board B."""
    code_per_prefix = {"organisatie/": o["bestuur"].code, "toegang/": o["bestuur"].code, "controle/": o["bestuur"].code,
                       "aanbieders/": o["aanbieder"].code,
                       "groepen/": o["groep"].code, "locatiegebruik/": o["gebruik"].code,
                       "aangeboden-opleidingen/": str(o["opleiding"].code),
                       "begeleidingsaanbieders/": getattr(o.get("begeleidingsaanbieder"), "code", "")}
    url = "/" + patroon
    for prefix, code in code_per_prefix.items():
        if url.startswith("/" + prefix):
            url = url.replace("<str:code>", code, 1)
    if "<str:soort>" in url:
        url = url.replace("<str:soort>", "aanbieder").replace("<str:code>", o["aanbieder"].code)
    url = url.replace("<str:ingangsdatum>", "2027-08-01")  # a (scheduled) change of board B's opleiding
    pk = {"registratie:relatie_beeindigen": o["relatie"].pk,
          "autorisatie:rol_beeindigen": o["rol"].pk,
          "registratie:vestiging_beeindigen": o["vestigingsrelatie"].pk,
          "registratie:annuleer_wijziging": o["periode"].pk,
          # OSR: a mandate of board B; the key pages (its system) are for DUO staff only, 403 for everyone else
          "autorisatie:mandaat_beeindigen": getattr(o.get("mandaat"), "pk", 0),
          "autorisatie:mandaat_kopieren": getattr(o.get("mandaat"), "pk", 0),
          "autorisatie:systeem_sleutels": getattr(o.get("mandaat"), "systeem_id", 0),
          "autorisatie:sleutel_intrekken": getattr(o.get("mandaat"), "systeem_id", 0),
          "registratie:uitnodiging_aanvaarden": getattr(o.get("uitnodiging"), "pk", 0),
          "registratie:uitnodiging_afwijzen": getattr(o.get("uitnodiging"), "pk", 0),
          "registratie:uitnodiging_intrekken": getattr(o.get("uitnodiging"), "pk", 0),
          "registratie:samenwerking_beeindigen": getattr(o.get("samenwerking"), "pk", 0)}.get(naam, o["contact"].pk)
    if naam.startswith("blauwdruk:"):  # modelleertool: a blauwdruk of board B
        pk = getattr(o.get("blauwdruk"), "pk", 0)
    url = url.replace("<id:pk>", str(pk)).replace("<int:pk>", str(pk))
    url = url.replace("<uuid:pk>", str(o["exportopdracht"].pk))
    url = url.replace("<id:sleutel_pk>", str(o["mandaat"].systeem.sleutels.get().pk if "mandaat" in o else 0))
    url = url.replace("<id:lid_pk>", "1").replace("<id:rol_pk>", "1")  # a samenwerkingsverband's (DUO only: 403)
    assert "<" not in url, f"{naam}: parameter niet ingevuld in {url}; breid url_voor uit"
    return url
