"""The cached tree and controle screens (kern/fragmenten.py, docs/adr/0015), written as the ways a cache goes wrong:
a change that is not shown, another board's change to a shared school that is not shown, a screen built for one
person served to another (buttons, the correction button, a CSRF token), a language or peildatum mixed up, and a
person who lost access reading the cached copy. Every audited change is covered by
tests/registratie/test_audit_volledig.py (each changing view: counters up, screens built anew); here the ways an
audit entry is written and the screens' own keys."""

import re
from datetime import timedelta

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from autorisatie.models import Roltoewijzing
from kern.fragmenten import CSRF_PLAATSHOUDER
from registratie.importer.duo_open_data import importeer_bestand
from registratie.models import AuditRegel, Bestuursstand, Instellingserkenning
from registratie.models.stand import ALGEMEEN
from registratie.selectors import bestuursstand
from registratie.services import audit, bulk
from registratie.services import organisatie as organisatie_services
from registratie.services import samenwerking as samenwerking_services
from tests.helpers import factories
from tests.helpers.importer import csv_bytes, vestiging

pytestmark = pytest.mark.django_db

BOOM = "registratie/organisatie.html"
CONTROLE = "controle/controle.html"


def _boom_url(bestuur, **params) -> str:
    query = "&".join(f"{k}={v}" for k, v in params.items())
    return reverse("registratie:organisatie", args=[bestuur.code]) + (f"?{query}" if query else "")


def _gebouwd(antwoord, sjabloon: str) -> bool:
    """Was the screen built for this answer (its template rendered), rather than taken from the cache?"""
    return sjabloon in [t.name for t in antwoord.templates]


def _zonder_tokens(html: str) -> str:
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", html)


def test_tweede_keer_uit_de_cache_met_vaste_queries_en_dezelfde_pagina(beheerder_client, bestuur, vandaag):
    factories.aanbieder(bestuur, naam="De Regenboog")
    for url, sjabloon in ((_boom_url(bestuur), BOOM), (reverse("controle:bestuur", args=[bestuur.code]), CONTROLE)):
        eerste = beheerder_client.get(url)
        with CaptureQueriesContext(connection) as queries:
            tweede = beheerder_client.get(url)
        assert _gebouwd(eerste, sjabloon) and not _gebouwd(tweede, sjabloon)
        assert _zonder_tokens(tweede.content.decode()) == _zonder_tokens(eerste.content.decode())
        # session, person, the access question with the person's rights and the board's change counters
        # (toegang.bestuur_met_rechten): each a statement compiled once (kern.vaste_query), no queryset built
        assert len(queries) == 3, [q["sql"][:120] for q in queries]
    assert "De Regenboog" in tweede.content.decode()


def test_queries_uit_de_cache_groeien_niet_met_het_bestuur(client, vandaag):
    klein = factories.bestuur_met_erkenningen("30003", brin4s=("33AA",))
    groot = factories.bestuur_met_erkenningen("40004", brin4s=[f"44{chr(65 + i)}A" for i in range(8)])
    for instelling in Instellingserkenning.objects.filter(bevoegd_gezag=groot.bevoegd_gezag):
        factories.aanbieder(groot, naam=f"School {instelling.code}", brin4=instelling.code)
    tellingen = []
    for bestuur in (klein, groot):
        client.force_login(factories.gebruiker_met_rollen(f"lid{bestuur.code}", bestuur))
        for url in (_boom_url(bestuur), reverse("controle:bestuur", args=[bestuur.code])):
            client.get(url)
            with CaptureQueriesContext(connection) as queries:
                client.get(url)
            tellingen.append(len(queries))
    assert tellingen[:2] == tellingen[2:]


def test_elke_manier_van_auditschrijven_verhoogt_de_teller(bestuur, ander_bestuur, vandaag):
    """save, bulk_create and bulk.schrijf_nieuw (COPY on PostgreSQL) each raise the counter once per entry; an entry
    without a board raises ALGEMEEN, which is part of every board's key."""
    def teller(code: str) -> int:
        return Bestuursstand.objects.filter(bestuurcode=code).values_list("teller", flat=True).first() or 0

    a, b, algemeen = teller(bestuur.code), teller(ander_bestuur.code), teller(ALGEMEEN)

    def regel(code: str) -> AuditRegel:
        return audit.nieuwe_regel(door="test", actie=AuditRegel.Actie.GEWIJZIGD, obj=bestuur, bestuurcode=code,
                                  omschrijving="test", voor=None, na={})

    regel(bestuur.code).save()
    AuditRegel.objects.bulk_create([regel(bestuur.code), regel(ander_bestuur.code)])
    bulk.schrijf_nieuw([regel(ander_bestuur.code), regel("")])
    assert (teller(bestuur.code), teller(ander_bestuur.code), teller(ALGEMEEN)) == (a + 2, b + 2, algemeen + 1)
    assert f"{ALGEMEEN}={teller(ALGEMEEN)}" in bestuursstand(bestuur).split(";")


def test_teller_is_het_aantal_auditregels_van_het_bestuur(objecten_van_b):
    """After everything the URL fixture registers through the services (board, aanbieder, locatie, opleiding, groep,
    contact, begeleider, ...): each board's counter is exactly its number of audit entries."""
    stand = dict(Bestuursstand.objects.values_list("bestuurcode", "teller"))
    for code in set(AuditRegel.objects.values_list("bestuurcode", flat=True)):
        assert stand[code or ALGEMEEN] == AuditRegel.objects.filter(bestuurcode=code).count(), code


def test_duo_import_wordt_direct_getoond(client, vandaag):
    """The DUO importer writes its audit entries in bulk (COPY on PostgreSQL): the board's tree is built anew and
    shows DUO's new name of the erkenning."""
    importeer_bestand(csv_bytes([vestiging("32JK00", vestigingsnaam="School Oud")]), vandaag)
    bestuur = Instellingserkenning.objects.get(code="32JK").bevoegd_gezag.onderwijsbestuur
    client.force_login(factories.gebruiker_met_rollen("lid", bestuur))
    assert "School Oud" in client.get(_boom_url(bestuur)).content.decode()
    assert not _gebouwd(client.get(_boom_url(bestuur)), BOOM)
    importeer_bestand(csv_bytes([vestiging("32JK00", vestigingsnaam="School Nieuw")]), vandaag)
    antwoord = client.get(_boom_url(bestuur))
    assert _gebouwd(antwoord, BOOM) and "School Nieuw" in antwoord.content.decode()


def test_wijziging_door_het_formulier_staat_direct_in_boom_en_controle(beheerder_client, bestuur, vandaag):
    beheerder_client.get(_boom_url(bestuur))
    beheerder_client.get(reverse("controle:bestuur", args=[bestuur.code]))
    antwoord = beheerder_client.post(reverse("registratie:groep_toevoegen", args=[bestuur.code]),
                                     {"naam": "Cluster Noord", "internationale_naam": "",
                                      "begindatum": vandaag.isoformat()})
    assert antwoord.status_code == 302, antwoord.content.decode()[:2000]
    assert "Cluster Noord" in beheerder_client.get(_boom_url(bestuur)).content.decode()
    assert _gebouwd(beheerder_client.get(reverse("controle:bestuur", args=[bestuur.code])), CONTROLE)


def test_samenwerkingsschool_wijziging_van_het_ene_bestuur_staat_in_de_boom_van_het_andere(client, bestuur,
                                                                                           ander_bestuur, vandaag):
    """A shares school X with B. A renames X: B's cached tree is built anew. B's own change: A's too."""
    x = factories.aanbieder(bestuur, naam="De Brug")
    anna = factories.gebruiker_met_rollen("anna", bestuur)
    bert = factories.gebruiker_met_rollen("bert", ander_bestuur)
    uitnodiging = samenwerking_services.nodig_uit(x, door=anna, van_bestuur=bestuur, bestuurcode=ander_bestuur.code,
                                                  begindatum=vandaag)
    samenwerking_services.aanvaard(uitnodiging, door=bert, versie=uitnodiging.versie)
    b_client, a_client = Client(), Client()
    b_client.force_login(bert)
    a_client.force_login(anna)
    assert "De Brug" in b_client.get(_boom_url(ander_bestuur)).content.decode()
    a_client.get(_boom_url(bestuur))
    x.refresh_from_db()
    organisatie_services.wijzig_aanbieder(x, door=anna, versie=x.versie, ingangsdatum=vandaag, naam="De Nieuwe Brug",
                                          internationale_naam="", groep=None)
    assert "De Nieuwe Brug" in b_client.get(_boom_url(ander_bestuur)).content.decode()
    organisatie_services.registreer_groep(ander_bestuur, door=bert, naam="Cluster B", internationale_naam="",
                                          begindatum=vandaag)
    assert _gebouwd(a_client.get(_boom_url(bestuur)), BOOM), "B's change is in A's key"


def test_scherm_van_de_beheerder_niet_voor_de_lezer(client, bestuur, beheerder, lezer, vandaag):
    """The Beheerder's cached tree has the edit buttons; a reader of the same board gets a tree of their own."""
    knop = f'href="{reverse("registratie:aanbieder_toevoegen", args=[bestuur.code])}"'
    client.force_login(beheerder)
    assert knop in client.get(_boom_url(bestuur)).content.decode()
    client.force_login(lezer)
    antwoord = client.get(_boom_url(bestuur))
    assert _gebouwd(antwoord, BOOM) and knop not in antwoord.content.decode()
    assert reverse("autorisatie:waarom") in antwoord.content.decode()


def test_correctieknop_van_duo_niet_voor_het_bestuur(client, bestuur, beheerder, django_user_model, vandaag):
    duo = django_user_model.objects.create_superuser("duo", "duo@example.test", "geheim-wachtwoord")
    knop = reverse("registratie:corrigeren", args=["bestuur", bestuur.code])
    client.force_login(duo)
    assert knop in client.get(_boom_url(bestuur)).content.decode()
    client.force_login(beheerder)
    assert knop not in client.get(_boom_url(bestuur)).content.decode()


@pytest.mark.parametrize("scherm", ["boom", "controle"])
def test_ander_bestuur_en_verlopen_rol_krijgen_geen_gecachete_pagina(client, bestuur, beheerder, ander_bestuur,
                                                                     vandaag, scherm):
    url = _boom_url(bestuur) if scherm == "boom" else reverse("controle:bestuur", args=[bestuur.code])
    client.force_login(beheerder)
    assert client.get(url).status_code == 200
    client.force_login(factories.gebruiker_met_rollen("van_b", ander_bestuur))
    assert client.get(url).status_code == 404
    # The Beheerder's roles end yesterday (as an ended role reads on the next request): the access check comes
    # before the cache.
    Roltoewijzing.objects.filter(gebruiker=beheerder).update(einddatum=vandaag - timedelta(days=1))
    client.force_login(beheerder)
    assert client.get(url).status_code == 404


def test_csrf_token_van_de_lezer_zelf_in_een_gecachete_pagina(bestuur, ander_bestuur, vandaag):
    """B's tree holds a form to accept A's invitation. Built for Bert, served from the cache to Bea: Bea's page
    carries Bea's own token (never the placeholder, never Bert's), and her POST with it is accepted."""
    x = factories.aanbieder(bestuur, naam="De Brug")
    anna = factories.gebruiker_met_rollen("anna", bestuur)
    samenwerking_services.nodig_uit(x, door=anna, van_bestuur=bestuur, bestuurcode=ander_bestuur.code,
                                    begindatum=vandaag)
    bert, bea = Client(enforce_csrf_checks=True), Client(enforce_csrf_checks=True)
    bert.force_login(factories.gebruiker_met_rollen("bert", ander_bestuur))
    bea.force_login(factories.gebruiker_met_rollen("bea", ander_bestuur))
    pagina_bert = bert.get(_boom_url(ander_bestuur)).content.decode()
    antwoord_bea = bea.get(_boom_url(ander_bestuur))
    assert not _gebouwd(antwoord_bea, BOOM)
    pagina_bea = antwoord_bea.content.decode()
    assert CSRF_PLAATSHOUDER not in pagina_bea and CSRF_PLAATSHOUDER not in pagina_bert
    aanvaarden = reverse("registratie:uitnodiging_aanvaarden", args=[x.uitnodigingen.get().pk])
    formulier = re.search(rf'action="{aanvaarden}">.*?name="csrfmiddlewaretoken" value="([^"]+)".*?'
                          r'name="versie" value="(\d+)"', pagina_bea)
    assert formulier, "the invitation form is on the page"
    token_bea, versie = formulier.groups()
    assert token_bea not in pagina_bert
    assert bea.post(aanvaarden, {"csrfmiddlewaretoken": token_bea, "versie": versie}).status_code == 302
    assert ander_bestuur.samenwerkingsscholen.filter(aanbieder=x).exists()


def test_taal_en_peildatum_hebben_elk_hun_eigen_pagina(beheerder_client, bestuur, vandaag):
    nl = beheerder_client.get(_boom_url(bestuur)).content.decode()
    en = beheerder_client.get(_boom_url(bestuur), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Organisatiestructuur" in nl and "Organisatiestructuur" not in en
    vroeger = beheerder_client.get(_boom_url(bestuur, peildatum="2026-01-01"))
    assert _gebouwd(vroeger, BOOM) and "01-01-2026" in vroeger.content.decode()
    assert "U bekijkt de stand op" not in nl


ZOEKEN = "openbaar/zoeken.html"


def test_zoeken_uit_de_cache_tot_iets_in_het_register_verandert(client, bestuur, ander_bestuur, vandaag):
    """The public search is the same for everyone; any audited change, of any board, gives a new registerstand."""
    url = reverse("openbaar:zoeken") + "?q=Zonnebloem"
    eerste = client.get(url)
    assert _gebouwd(eerste, ZOEKEN) and "Geen resultaten" in eerste.content.decode()
    with CaptureQueriesContext(connection) as queries:
        tweede = client.get(url)
    assert not _gebouwd(tweede, ZOEKEN)
    assert _zonder_tokens(tweede.content.decode()) == _zonder_tokens(eerste.content.decode())
    assert len(queries) == 1, [q["sql"][:120] for q in queries]  # the registerstand, no session for a visitor
    factories.aanbieder(ander_bestuur, naam="De Zonnebloem")  # another board than any the visitor has seen
    derde = client.get(url)
    assert _gebouwd(derde, ZOEKEN) and "De Zonnebloem" in derde.content.decode()


def test_zoeken_elke_vraag_filter_en_pagina_zijn_eigen_pagina(client, bestuur, vandaag):
    factories.aanbieder(bestuur, naam="De Zonnebloem")
    basis = reverse("openbaar:zoeken")
    for url in ("?q=Zonnebloem", "?q=zonnebloem", "?q=Zonnebloem&filter=1", "?q=Zonnebloem&pagina=2",
                "?q=Regenboog"):
        assert _gebouwd(client.get(basis + url), ZOEKEN), url
    assert not _gebouwd(client.get(basis + "?q=Zonnebloem&filter=1"), ZOEKEN)
    titel = re.search(r"<title>(.*?)</title>", client.get(basis + "?q=Zonnebloem").content.decode(), re.S)
    assert titel and "Zoeken: Zonnebloem" in titel.group(1)
