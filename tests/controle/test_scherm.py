"""The check screen: signals grouped by object with fix links, peildatum, effective contacts, attestation,
access through the helper, and a number of queries that does not grow with the board."""

import re
from datetime import date
from urllib.parse import urlencode

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from autorisatie.rollen import Rol
from controle.models import Attestatie
from registratie.models import AuditRegel, Instellingserkenning
from registratie.services import begeleiding as begeleiding_services
from registratie.services import contact as contact_services
from registratie.services import organisatie as organisatie_services
from registratie.services.vergrendeling import ZONDER_VERSIECONTROLE
from tests.helpers import factories
from tests.helpers.controle import las, vul_schoon


def _pagina(client, bestuur, query: str = "") -> str:
    antwoord = client.get(reverse("controle:bestuur", args=[bestuur.code]) + query)
    assert antwoord.status_code == 200
    return antwoord.content.decode()


@pytest.mark.django_db
def test_organisatiepagina_linkt_naar_controle(beheerder_client, bestuur):
    pagina = beheerder_client.get(reverse("registratie:organisatie", args=[bestuur.code])).content.decode()
    assert f'href="{reverse("controle:bestuur", args=[bestuur.code])}">Controle</a>' in pagina


@pytest.mark.django_db
def test_signalen_eerst_gegroepeerd_per_regel_met_herstelknop_die_terugkomt(beheerder_client, schoon_bestuur,
                                                                              vandaag):
    a = factories.aanbieder(schoon_bestuur, naam="Zonder Aanbod", brin4="11AA")
    schoon_bestuur.contactgegevens.all().delete()
    pagina = _pagina(beheerder_client, schoon_bestuur)
    # The signals come before the score, the attestation and the table of all checks.
    assert pagina.index('id="signalen-kop"') < pagina.index('id="score-kop"') < pagina.index('id="regels-kop"')
    groepen = re.findall(r'<section class="signaalgroep[^"]*" data-regel="([A-Z_0-9]+)"', pagina)
    assert groepen == ["AANBIEDER_ZONDER_OPLEIDING", "GEEN_ALGEMEEN_CONTACT"], "errors first, a group per rule"
    assert f'Onderwijsaanbieder <span class="code">{a.code}</span></a> Zonder Aanbod:' in pagina
    # The fix link carries this screen as ?volgende=, so saving the fix comes back here.
    herstel = reverse("registratie:opleiding_toevoegen", args=[a.code]) + "?" + urlencode(
        {"volgende": reverse("controle:bestuur", args=[schoon_bestuur.code])})
    assert (f'<a class="btn btn-sm btn-outline-primary" href="{herstel}">Aangeboden opleiding toevoegen</a>'
            in pagina)
    assert "Signalen (2)" in pagina and 'text-bg-danger">Fout<' in pagina


@pytest.mark.django_db
def test_lezer_ziet_signalen_maar_waarom_link_in_plaats_van_herstelknop(client, bestuur, lezer, vandaag):
    client.force_login(lezer)
    pagina = _pagina(client, bestuur)
    assert "Onderwijslocatie toevoegen: waarom kan ik dit niet?" in pagina
    assert "actie=beheren_locatiegebruik&amp;bestuur=" + bestuur.code in pagina
    assert "Gegevens gecontroleerd</button>" not in pagina


@pytest.mark.django_db
def test_peildatum_kiest_de_stand(beheerder_client, schoon_bestuur, vandaag):
    from datetime import date

    aanbieder = schoon_bestuur.aanbieders.order_by("code").first()
    organisatie_services.beeindig_aanbieder(aanbieder, door="test", versie=ZONDER_VERSIECONTROLE,
                                            einddatum=date(2027, 7, 31))
    assert "stand op 28-11-2026" in _pagina(beheerder_client, schoon_bestuur)
    later = _pagina(beheerder_client, schoon_bestuur, "?peildatum=2027-08-01")
    assert "stand op 01-08-2027" in later and 'value="2027-08-01"' in later
    assert "BRIN4_NIET_GEBRUIKT" in later  # its BRIN4 is no longer used after the aanbieder ended
    assert "controlebestand.xlsx?peildatum=2027-08-01" in later


@pytest.mark.django_db
def test_effectieve_contacten_met_herkomst_en_lezers(beheerder_client, schoon_bestuur, vandaag):
    aanbieder = schoon_bestuur.aanbieders.order_by("code").first()
    contact_services.registreer_contact(aanbieder, door="test", context="LEERPLICHT", begindatum=vandaag,
                                        email="leerplicht@school.example")
    pagina = _pagina(beheerder_client, schoon_bestuur)
    tabel = re.search(r'<table class="table table-sm effectief">.*?</table>', pagina, re.S).group(0)
    assert "<caption" in tabel and 'scope="rowgroup"' in tabel and 'scope="col">Herkomst' in tabel
    assert f"onderwijsaanbieder {aanbieder.code} (Leerplicht)" in tabel
    assert f"onderwijsbestuur {schoon_bestuur.code} (Algemeen)" in tabel  # fallback for the other contexts
    assert "leerplicht@school.example" in tabel and "gemeente: leerplicht en RMC" in tabel
    assert "Inspectie van het Onderwijs" in tabel and "geërfd" in tabel
    # 2 aanbieders × 8 contexts, on one page
    assert tabel.count('<th scope="row"') == 16
    assert "Pagina's van de tabel met contactgegevens" not in pagina


@pytest.mark.django_db
def test_effectieve_contacten_per_pagina_van_aanbieders(beheerder_client, schoon_bestuur, vandaag, monkeypatch):
    """A very large board gets the table in pages of aanbieders; the peildatum stays in the page links."""
    monkeypatch.setattr("controle.views.EFFECTIEF_AANBIEDERS_PER_PAGINA", 1)
    eerste, tweede = schoon_bestuur.aanbieders.order_by("code")
    peildatum = f"?peildatum={vandaag.isoformat()}"

    def tabel(html: str) -> str:
        return re.search(r'<table class="table table-sm effectief">.*?</table>', html, re.S).group(0)

    pagina = _pagina(beheerder_client, schoon_bestuur, peildatum)
    assert tabel(pagina).count('<th scope="row"') == 8 and eerste.code in tabel(pagina)
    assert tweede.code not in tabel(pagina)
    assert "Aanbieders 1 tot en met 1 van 2." in pagina and '<nav aria-label="Pagina\'s van de tabel' in pagina
    volgende = re.search(r'href="([^"]*pagina=2[^"]*)"', pagina).group(1).replace("&amp;", "&")
    assert f"peildatum={vandaag.isoformat()}" in volgende and volgende.endswith("#effectief-kop")

    pagina = _pagina(beheerder_client, schoon_bestuur, volgende.split("#")[0])
    assert tweede.code in tabel(pagina) and eerste.code not in tabel(pagina)
    assert "Aanbieders 2 tot en met 2 van 2." in pagina


@pytest.mark.django_db
def test_zonder_contact_valt_terug_op_handelsregister(beheerder_client, schoon_bestuur):
    schoon_bestuur.contactgegevens.all().delete()
    assert "niets geregistreerd: Handelsregister (KvK) van het bestuur" in _pagina(beheerder_client, schoon_bestuur)


@pytest.mark.django_db
def test_attestatie_vastleggen_en_vervallen_bij_wijziging(beheerder_client, beheerder, schoon_bestuur, vandaag):
    assert "Nog niet vastgelegd" in _pagina(beheerder_client, schoon_bestuur)
    antwoord = beheerder_client.post(reverse("controle:gecontroleerd", args=[schoon_bestuur.code]))
    assert antwoord.status_code == 302
    attestatie = Attestatie.objects.get()
    assert (attestatie.gebruiker, attestatie.score, attestatie.aantal_fouten) == (beheerder, 100, 0)
    regel = AuditRegel.objects.get(objecttype="attestatie")
    assert attestatie.auditregel == regel and regel.bestuurcode == schoon_bestuur.code
    assert regel.gebruikersnaam == "beheerder" and "Gegevens gecontroleerd (score 100%" in regel.omschrijving
    pagina = _pagina(beheerder_client, schoon_bestuur)
    assert "Gecontroleerd door <strong>beheerder</strong> op 28-11-2026" in pagina
    assert "Sindsdien is niets gewijzigd" in pagina
    # Any change to the board's data afterwards makes the attestation outdated.
    contact_services.registreer_contact(schoon_bestuur, door=beheerder, context="TOEZICHT", begindatum=vandaag,
                                        email="toezicht@stichting.example")
    pagina = _pagina(beheerder_client, schoon_bestuur)
    assert "maar daarna gewijzigd: Contactgegevens Toezicht toegevoegd aan" in pagina
    assert "Controleer de gegevens opnieuw" in pagina


@pytest.mark.django_db
def test_attesteren_vraagt_een_wijzigende_rol(client, bestuur, lezer):
    client.force_login(lezer)
    antwoord = client.post(reverse("controle:gecontroleerd", args=[bestuur.code]))
    assert antwoord.status_code == 403
    assert "RIO beheren onderwijsbestuur" in antwoord.content.decode()
    assert not Attestatie.objects.exists()


@pytest.mark.django_db
def test_attesteren_mag_met_een_enkele_wijzigende_rol(client, bestuur, vandaag):
    contactbeheerder = factories.gebruiker_met_rollen("contact", bestuur, rollen=[Rol.BEHEREN_CONTACTADRES])
    client.force_login(contactbeheerder)
    assert client.post(reverse("controle:gecontroleerd", args=[bestuur.code]),
                       {"bevestig_fouten": "4"}).status_code == 302  # the bare board has 4 open errors
    assert Attestatie.objects.get().gebruikersnaam == "contact"


@pytest.mark.django_db
def test_attesteren_alleen_met_post(beheerder_client, bestuur):
    assert beheerder_client.get(reverse("controle:gecontroleerd", args=[bestuur.code])).status_code == 405


@pytest.mark.django_db
def test_ander_bestuur_ziet_niets(client, beheerder, ander_bestuur):
    client.force_login(beheerder)
    for naam in ("controle:bestuur", "controle:controlebestand_xlsx", "controle:controlebestand_zip"):
        assert client.get(reverse(naam, args=[ander_bestuur.code])).status_code == 404
    assert client.post(reverse("controle:gecontroleerd", args=[ander_bestuur.code])).status_code == 404
    assert not Attestatie.objects.exists()


@pytest.mark.django_db
def test_overzicht_toont_eigen_besturen(beheerder_client, bestuur, ander_bestuur):
    pagina = beheerder_client.get(reverse("controle:overzicht")).content.decode()
    assert reverse("controle:bestuur", args=[bestuur.code]) in pagina
    assert ander_bestuur.code not in pagina
    assert "Landelijk controlebestand" not in pagina


@pytest.mark.django_db
def test_leeg_bestuur(beheerder_client, bestuur, vandaag):
    pagina = _pagina(beheerder_client, bestuur)
    assert "Geen onderwijsaanbieders op de peildatum" in pagina
    assert "Het bestuur gebruikt op 28-11-2026 geen onderwijslocatie" in pagina


def _groot_bestuur(nummer: str, aantal: int, vandaag):
    """A board with ``aantal`` aanbieders, each with a BRIN4, a locatie, an offer and own contact details, and
    a so-school of cluster 2 with ``aantal`` onderwijsbegeleidingsaanbieders (issue 18 §2), each with a contact."""
    brin4s = [f"{nummer[-2:]}{chr(65 + i // 26)}{chr(65 + i % 26)}" for i in range(aantal)]
    bestuur = factories.bestuur_met_erkenningen(nummer, brin4s=brin4s)
    for aanbieder in vul_schoon(bestuur, vandaag):
        contact_services.registreer_contact(aanbieder, door="test", context="LEERPLICHT", begindatum=vandaag,
                                            email=f"lp{aanbieder.code}@school.example")
    so = [Instellingserkenning.objects.create(code=f"{nummer[-2:]}S{letter}", naam="SO-school", soort="SO",
                                              cluster="2", bevoegd_gezag=bestuur.bevoegd_gezag) for letter in "OP"]
    for school in so:
        factories.mandaat(bestuur, school.code, las())
    for i in range(aantal):
        begeleider = begeleiding_services.registreer_begeleidingsaanbieder(
            bestuur, door="test", naam=f"Begeleiding {i}", begindatum=vandaag, instellingen=so,
            expertises=["DOOFHEID", "EPILEPSIE"])
        begeleiding_services.wijzig_begeleidingsaanbieder(
            begeleider, door="test", versie=ZONDER_VERSIECONTROLE, ingangsdatum=date(2027, 8, 1), naam=f"Later {i}",
            internationale_naam="", expertises=["DOOFHEID"])
        contact_services.registreer_contact(begeleider, door="test", context="ALGEMEEN", begindatum=vandaag,
                                            email=f"begeleiding{i}@school.example")
    organisatie_services.registreer_groep(bestuur, door="test", naam="Cluster", internationale_naam="",
                                          begindatum=bestuur.begindatum)
    return bestuur


def _queries(client, bestuur) -> int:
    with CaptureQueriesContext(connection) as vastgelegd:
        assert client.get(reverse("controle:bestuur", args=[bestuur.code])).status_code == 200
    return len(vastgelegd)


@pytest.mark.django_db
@pytest.mark.usefixtures("zonder_fragmentcache")  # counts the uncached work
def test_aantal_queries_groeit_niet_met_het_bestuur(client, vandaag, django_assert_max_num_queries):
    klein = _groot_bestuur("30003", 2, vandaag)
    groot = _groot_bestuur("40004", 20, vandaag)
    # One person per board: roles count only for the board of the person's login (docs/adr/0007).
    van_klein = factories.gebruiker_met_rollen("beide", klein)
    van_groot = factories.gebruiker_met_rollen("beide2", groot)
    client.force_login(van_groot)
    # issue #7: at most 20, whatever the board's size; plus one since issue 19: the change counters of the cache key;
    # plus one since the precompiled access question (toegang.bestuur_met_rechten): a body that is built loads the
    # board in full after it, so a hit asks only that question.
    with django_assert_max_num_queries(22):
        client.get(reverse("controle:bestuur", args=[groot.code]))
    groot_queries = _queries(client, groot)
    client.force_login(van_klein)
    client.get(reverse("controle:bestuur", args=[klein.code]))  # the same first request of a session
    assert _queries(client, klein) == groot_queries


@pytest.mark.django_db
@pytest.mark.usefixtures("zonder_fragmentcache")  # counts the uncached work
def test_attestatie_met_latere_wijziging_kost_geen_extra_query(client, vandaag, django_assert_max_num_queries):
    """An attested board whose data changed since: the screen names the change, still within 22 queries."""
    from controle import gegevens, services

    bestuur = _groot_bestuur("50005", 3, vandaag)
    gebruiker = factories.gebruiker_met_rollen("attest", bestuur)
    client.force_login(gebruiker)
    services.attesteer(services.controleer(gegevens.laad_bestuur(bestuur, vandaag)), door=gebruiker)
    voor = _queries(client, bestuur)
    organisatie_services.registreer_groep(bestuur, door="test", naam="Later cluster", internationale_naam="",
                                          begindatum=vandaag)
    with django_assert_max_num_queries(22):
        pagina = client.get(reverse("controle:bestuur", args=[bestuur.code])).content.decode()
    assert "maar daarna gewijzigd" in pagina and "Later cluster" in pagina
    assert _queries(client, bestuur) == voor


@pytest.mark.django_db
def test_attestatiestanden_van_meerdere_besturen_in_een_query(bestuur, ander_bestuur, beheerder, vandaag,
                                                            django_assert_num_queries):
    from controle import gegevens, services

    controle = services.controleer(gegevens.laad_bestuur(bestuur, vandaag))
    services.attesteer(controle, door=beheerder, bevestigde_fouten=controle.aantal_fouten)
    eerste = services.attestatiestand(bestuur).attestatie
    services.attesteer(controle, door=beheerder, bevestigde_fouten=controle.aantal_fouten)
    with django_assert_num_queries(1):
        standen = services.attestatiestanden([bestuur, ander_bestuur])
    assert standen[bestuur.pk].geldig and standen[bestuur.pk].attestatie.pk != eerste.pk, "de nieuwste telt"
    assert standen[ander_bestuur.pk].attestatie is None and not standen[ander_bestuur.pk].geldig


@pytest.mark.django_db
def test_rechten_in_een_query_zijn_gelijk_aan_toegang_mag(bestuur, ander_bestuur, beheerder, lezer,
                                                          django_assert_num_queries):
    from django.contrib.auth import get_user_model

    from autorisatie import toegang
    from autorisatie.toegang import Actie
    from controle import services

    mensen = [beheerder, lezer, factories.beheerder_po("po", bestuur),
              factories.gebruiker_met_rollen("contact", bestuur, rollen=[Rol.BEHEREN_CONTACTADRES]),
              get_user_model().objects.create_superuser("duo", "duo@example.test", "x")]
    for persoon in mensen:
        for b in (bestuur, ander_bestuur):
            with django_assert_num_queries(1):
                recht = services.rechten(persoon, b)
            assert recht == {a.value: toegang.mag(persoon, a, b) for a in Actie}, (persoon, b)


@pytest.mark.django_db
def test_periode_op_geladen_lijst_is_huidige_periode(schoon_bestuur, vandaag):
    from datetime import date

    from controle import gegevens
    from controle.regels import periode
    from registratie.models import AanbiederPeriode

    aanbieder = schoon_bestuur.aanbieders.order_by("code").first()
    aanbieder.perioden.update(einddatum=date(2027, 7, 31))
    AanbiederPeriode.objects.create(aanbieder=aanbieder, begindatum=date(2027, 8, 1), naam="Later")
    for peildatum in (date(2020, 1, 1), vandaag, date(2027, 7, 31), date(2027, 8, 1), date(2030, 1, 1)):
        g = gegevens.laad_bestuur(gegevens.besturen_qs().get(pk=schoon_bestuur.pk), peildatum)
        geladen = next(a for a in g.aanbieders if a.pk == aanbieder.pk)
        assert periode(geladen, peildatum) == aanbieder.huidige_periode(peildatum), peildatum
        assert periode(g.bestuur, peildatum) == schoon_bestuur.huidige_periode(peildatum)
