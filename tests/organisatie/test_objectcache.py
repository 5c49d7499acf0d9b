"""The aanbieder and locatiegebruik pages from the fragment cache (docs/adr/0015, issue 19), written as the ways a
cache goes wrong: another board or a person who lost their role reading a cached copy, the buttons or closed
contacts of one person shown to another, a bijbehorend bestuur's breadcrumb mixed up with the penvoerder's, and a
change that is not shown: on the page's own board, on another board whose aanbieder is the opvolger, and another
board starting to use the same locatie."""

import re
from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from autorisatie.models import Roltoewijzing
from autorisatie.rollen import BEHEERDERSROLLEN, GEBRUIKERSROLLEN, Rol
from registratie.models import Vestigingserkenning
from registratie.services import contact as contact_services
from registratie.services import locatie as locatie_services
from registratie.services import organisatie as organisatie_services
from registratie.services import samenwerking as samenwerking_services
from tests.helpers import factories

pytestmark = pytest.mark.django_db

AANBIEDER = "registratie/aanbieder.html"
GEBRUIK = "registratie/locatiegebruik.html"


def _gebouwd(antwoord, sjabloon: str) -> bool:
    """Was the page built for this answer (its template rendered), rather than taken from the cache?"""
    return sjabloon in [t.name for t in antwoord.templates]


def _zonder_tokens(html: str) -> str:
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", html)


@pytest.fixture
def school_a(bestuur, vandaag):
    """Board A's aanbieder and locatiegebruik, with an offer at the locatie."""
    aanbieder = factories.aanbieder(bestuur, naam="De Regenboog")
    gebruik = factories.locatiegebruik(bestuur)
    factories.bo_opleiding(aanbieder, locatie=gebruik.locatie)
    return {"aanbieder": aanbieder, "gebruik": gebruik}


def _urls(school_a) -> list[tuple[str, str]]:
    return [(school_a["aanbieder"].get_absolute_url(), AANBIEDER), (school_a["gebruik"].get_absolute_url(), GEBRUIK)]


def test_tweede_keer_uit_de_cache_met_vaste_queries_en_dezelfde_pagina(client, bestuur, school_a):
    # A Beheerder PO with every role: the rights, readable contexts and samenwerking part come with the access
    # statement, nothing is asked besides it.
    client.force_login(factories.gebruiker_met_rollen(
        "beheerder", bestuur, rollen=[*GEBRUIKERSROLLEN, *BEHEERDERSROLLEN]))
    for url, sjabloon in _urls(school_a):
        eerste = client.get(url)
        with CaptureQueriesContext(connection) as queries:
            tweede = client.get(url)
        assert eerste.status_code == tweede.status_code == 200
        assert _gebouwd(eerste, sjabloon) and not _gebouwd(tweede, sjabloon)
        assert _zonder_tokens(tweede.content.decode()) == _zonder_tokens(eerste.content.decode())
        # the session, the person, and the access question with the rights and the change counters
        # (toegang.aanbieder_met_rechten / locatiegebruik_met_rechten), each compiled once
        assert len(queries) == 3, [q["sql"][:120] for q in queries]
    assert "De Regenboog" in client.get(school_a["aanbieder"].get_absolute_url()).content.decode()


def test_een_ander_bestuur_leest_de_gecachete_pagina_niet(client, bestuur, ander_bestuur, school_a):
    client.force_login(factories.gebruiker_met_rollen("anna", bestuur))
    for url, _ in _urls(school_a):
        assert client.get(url).status_code == 200
    client.force_login(factories.gebruiker_met_rollen("bert", ander_bestuur))
    for url, _ in _urls(school_a):
        antwoord = client.get(url)
        assert antwoord.status_code == 404 and "De Regenboog" not in antwoord.content.decode()


def test_wie_zijn_rol_kwijt_is_leest_de_gecachete_pagina_niet(client, bestuur, school_a, vandaag):
    anna = factories.gebruiker_met_rollen("anna", bestuur)
    client.force_login(anna)
    for url, _ in _urls(school_a):
        assert client.get(url).status_code == 200
    Roltoewijzing.objects.filter(gebruiker=anna).update(einddatum=vandaag - timedelta(days=1))
    for url, _ in _urls(school_a):
        assert client.get(url).status_code == 404


def test_de_knoppen_van_de_beheerder_komen_niet_bij_een_lezer(client, bestuur, school_a):
    client.force_login(factories.gebruiker_met_rollen("anna", bestuur))
    url = school_a["aanbieder"].get_absolute_url()
    wijzigen = f'href="{url}wijzigen/"'
    assert wijzigen in client.get(url).content.decode()
    # Only the OSR role: reads the board, may change nothing.
    client.force_login(factories.gebruiker_met_rollen("lezer", bestuur, rollen=[Rol.OSR_TOEGANG]))
    antwoord = client.get(url)
    assert _gebouwd(antwoord, AANBIEDER)  # another key: built for this person's rights
    html = antwoord.content.decode()
    assert wijzigen not in html and "waarom kan ik dit niet?" in html


def test_besloten_contacten_komen_niet_uit_de_cache_van_wie_ze_mag_lezen(client, bestuur, school_a, vandaag):
    contact_services.registreer_contact(school_a["aanbieder"], door="test", context="TOEZICHT", begindatum=vandaag,
                                        email="geheim@school.nl")
    url = school_a["aanbieder"].get_absolute_url()
    client.force_login(factories.gebruiker_met_rollen("anna", bestuur))  # RIO RPL context instellingen
    assert "geheim@school.nl" in client.get(url).content.decode()
    client.force_login(factories.gebruiker_met_rollen("lezer", bestuur, rollen=[Rol.OSR_TOEGANG]))
    assert "geheim@school.nl" not in client.get(url).content.decode()
    # The same rights on the board, and the inspectie's raadpleegrol besides: reads the Toezicht context.
    inspecteur = factories.gebruiker_met_rollen("inspecteur", bestuur, rollen=[Rol.OSR_TOEGANG])
    Roltoewijzing.objects.create(gebruiker=inspecteur, rol=Rol.RAADPLEGEN_TOEZICHT, bestuur=None,
                                 begindatum=factories.BEGIN, bron="test")
    client.force_login(inspecteur)
    assert "geheim@school.nl" in client.get(url).content.decode()
    client.force_login(factories.gebruiker_met_rollen("lezer2", bestuur, rollen=[Rol.OSR_TOEGANG]))
    assert "geheim@school.nl" not in client.get(url).content.decode()


def test_een_wijziging_staat_direct_op_de_pagina(client, bestuur, school_a, vandaag):
    client.force_login(factories.gebruiker_met_rollen("anna", bestuur))
    url = school_a["aanbieder"].get_absolute_url()
    client.get(url)
    assert not _gebouwd(client.get(url), AANBIEDER)
    aanbieder = school_a["aanbieder"]
    organisatie_services.wijzig_aanbieder(aanbieder, door="test", versie=aanbieder.versie, ingangsdatum=vandaag,
                                          naam="De Nieuwe Regenboog", internationale_naam="", groep=None)
    antwoord = client.get(url)
    assert _gebouwd(antwoord, AANBIEDER) and "De Nieuwe Regenboog" in antwoord.content.decode()


def test_de_hernoemde_opvolger_van_een_ander_bestuur_staat_direct_op_de_pagina(client, bestuur, ander_bestuur,
                                                                                 school_a, vandaag):
    """An aanbieder of A went on in one of B's (OVERGANG): its page shows B's aanbieder's name, and B renaming it
    (audited on B only) gives A's page anew."""
    opvolger = factories.aanbieder(ander_bestuur, naam="Het Anker")
    voorganger = school_a["aanbieder"]
    organisatie_services.beeindig_aanbieder(voorganger, door="test", versie=voorganger.versie, einddatum=vandaag,
                                            opvolgercode=opvolger.code)
    client.force_login(factories.gebruiker_met_rollen("anna", bestuur))
    url = voorganger.get_absolute_url()
    assert "Het Anker" in client.get(url).content.decode()
    assert not _gebouwd(client.get(url), AANBIEDER)
    opvolger.refresh_from_db()
    organisatie_services.wijzig_aanbieder(opvolger, door="test", versie=opvolger.versie, ingangsdatum=vandaag,
                                          naam="Het Nieuwe Anker", internationale_naam="", groep=None)
    antwoord = client.get(url)
    assert _gebouwd(antwoord, AANBIEDER) and "Het Nieuwe Anker" in antwoord.content.decode()


def test_een_ander_bestuur_op_dezelfde_locatie_staat_direct_op_de_pagina(client, bestuur, ander_bestuur, school_a):
    """B starts using A's address (same onderwijslocatie, audited on B only): A's locatiegebruik page counts it."""
    client.force_login(factories.gebruiker_met_rollen("anna", bestuur))
    url = school_a["gebruik"].get_absolute_url()
    assert "ander(e) bestuur" not in client.get(url).content.decode()
    assert not _gebouwd(client.get(url), GEBRUIK)
    vestiging = school_a["gebruik"].vestigingsrelaties.get().vestiging
    locatie_services.registreer_locatiegebruik(ander_bestuur, door="test", postcode=vestiging.postcode,
                                               huisnummer=vestiging.huisnummer, begindatum=factories.BEGIN,
                                               vestiging=Vestigingserkenning.objects.filter(
                                                   instelling__bevoegd_gezag=ander_bestuur.bevoegd_gezag).first())
    antwoord = client.get(url)
    assert _gebouwd(antwoord, GEBRUIK) and "Ook 1 ander(e) bestuur" in antwoord.content.decode()


def test_een_bijbehorend_bestuur_houdt_zijn_eigen_kruimelpad(client, bestuur, ander_bestuur, school_a, vandaag):
    """A samenwerkingsschool (docs/adr/0011) shared with B and C: each person reads A's aanbieder with a breadcrumb to
    their own board, whoever came first (B's and C's people have the same rights on A: none of their own)."""
    derde = factories.bestuur_met_erkenningen("30003", brin4s=("33CC",))
    alle = [*GEBRUIKERSROLLEN, *BEHEERDERSROLLEN]
    anna = factories.gebruiker_met_rollen("anna", bestuur, rollen=alle)
    bert = factories.gebruiker_met_rollen("bert", ander_bestuur, rollen=alle)
    cor = factories.gebruiker_met_rollen("cor", derde, rollen=alle)
    aanbieder = school_a["aanbieder"]
    for persoon, partner in ((bert, ander_bestuur), (cor, derde)):
        uitnodiging = samenwerking_services.nodig_uit(aanbieder, door=anna, van_bestuur=bestuur,
                                                      bestuurcode=partner.code, begindatum=vandaag)
        samenwerking_services.aanvaard(uitnodiging, door=persoon, versie=uitnodiging.versie)
    url = aanbieder.get_absolute_url()
    # Readers of B and C: the same rights on A (none) and on ending relations (none); only the breadcrumb differs.
    lezer_b = factories.gebruiker_met_rollen("lezer_b", ander_bestuur, rollen=[Rol.OSR_TOEGANG])
    lezer_c = factories.gebruiker_met_rollen("lezer_c", derde, rollen=[Rol.OSR_TOEGANG])
    for persoon, eigen in ((anna, bestuur), (bert, ander_bestuur), (cor, derde), (lezer_b, ander_bestuur),
                           (lezer_c, derde), (anna, bestuur)):
        client.force_login(persoon)
        html = client.get(url).content.decode()
        kruimel = html.split('aria-label="Kruimelpad"', 1)[1].split("</nav>", 1)[0]
        andere = {bestuur.code, ander_bestuur.code, derde.code} - {eigen.code}
        assert f"/organisatie/{eigen.code}/" in kruimel and not any(f"/organisatie/{c}/" in kruimel for c in andere)
    # B reads, but changes nothing of A's aanbieder: no change button from the page A's person had cached.
    assert f'href="{url}wijzigen/"' in html
    client.force_login(bert)
    assert f'href="{url}wijzigen/"' not in client.get(url).content.decode()


def test_een_gedeelde_actie_van_een_bijbehorend_bestuur_komt_niet_bij_een_lezer(client, bestuur, ander_bestuur,
                                                                                  school_a, vandaag):
    """B's people have no rights on A's board; one of them may add B's own offers to the shared aanbieder (a shared
    actie), the other only reads. The button of the one does not reach the other through the cache."""
    anna = factories.gebruiker_met_rollen("anna", bestuur, rollen=[*GEBRUIKERSROLLEN, *BEHEERDERSROLLEN])
    bert = factories.gebruiker_met_rollen("bert", ander_bestuur, rollen=[*GEBRUIKERSROLLEN, *BEHEERDERSROLLEN])
    uitnodiging = samenwerking_services.nodig_uit(school_a["aanbieder"], door=anna, van_bestuur=bestuur,
                                                  bestuurcode=ander_bestuur.code, begindatum=vandaag)
    samenwerking_services.aanvaard(uitnodiging, door=bert, versie=uitnodiging.versie)
    url = school_a["aanbieder"].get_absolute_url()
    toevoegen = f'href="{url}opleidingen/nieuw/?sector='
    client.force_login(bert)
    assert toevoegen in client.get(url).content.decode()
    # Manages B's samenwerkingen as bert does (the same relations to end), but not B's offers.
    client.force_login(factories.gebruiker_met_rollen("samenwerker", ander_bestuur,
                                                      rollen=[Rol.BEHEREN_SAMENWERKINGSVORM]))
    assert toevoegen not in client.get(url).content.decode()
