"""The last level of the effective-contacts chain (rio-po.md §2): with nothing registered, the board's stored
Handelsregister snapshot with its source and fetch date; everything that shows contacts gets it from the one
chain: the organisation screen, the controle screen, the control file, raadplegen and the public page."""

import io
import re

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from autorisatie.models import Roltoewijzing
from autorisatie.rollen import Rol
from registratie.handelsregister import kvk as kvk_module
from registratie.models import Onderwijsaanbieder, Onderwijsbestuur
from registratie.services import contact as cs
from tests.helpers import factories
from tests.helpers.controle import vul_schoon
from tests.helpers.handelsregister import met_kvk_nummer, snapshot

pytestmark = pytest.mark.django_db

HERKOMST = "Handelsregister (KvK 68750110) van het bestuur, opgehaald op 28-11-2026"
ADRES = "Schoolstraat 12-A, 3511 AB UTRECHT"


def _vers(aanbieder: Onderwijsaanbieder) -> Onderwijsaanbieder:
    """As a page loads it: a new object, so nothing is remembered from before."""
    return Onderwijsaanbieder.objects.select_related("bestuur", "groep").get(pk=aanbieder.pk)


@pytest.fixture
def school(bestuur, vandaag):
    return factories.aanbieder(bestuur, naam="OBS De Regenboog", brin4="11AA")


def test_handelsregister_is_de_laatste_stap_met_bron_en_datum(bestuur, school, vandaag):
    h = snapshot(bestuur)
    effectief = cs.effectief_contact(_vers(school), "LEERPLICHT", vandaag)
    assert (effectief.contact, effectief.handelsregister, effectief.herkomst) == (None, h, HERKOMST)
    assert effectief.gegevens == h
    assert cs.effectieve_contacten(_vers(school), vandaag, ["LEERPLICHT"]) == [effectief]

    eigen = cs.registreer_contact(bestuur, door="test", context="ALGEMEEN", begindatum=vandaag,
                                  email="info@stichting.example")
    geregistreerd = cs.effectief_contact(_vers(school), "LEERPLICHT", vandaag)
    assert (geregistreerd.contact, geregistreerd.handelsregister) == (eigen, None), "registered wins"


def test_momentopname_van_een_vorig_kvk_nummer_telt_niet(bestuur, school, vandaag):
    snapshot(bestuur)
    met_kvk_nummer(bestuur, "11111111")  # DUO gives the board another KvK number; not fetched yet
    effectief = cs.effectief_contact(_vers(school), "ALGEMEEN", vandaag)
    assert (effectief.handelsregister, effectief.herkomst) == (None, cs.GEEN_CONTACT)


def test_momentopname_zonder_adres_website_of_telefoon_noemt_alleen_het_handelsregister(bestuur, school, vandaag):
    snapshot(bestuur, _embedded={})
    effectief = cs.effectief_contact(_vers(school), "ALGEMEEN", vandaag)
    assert (effectief.handelsregister, effectief.herkomst) == (None, cs.GEEN_CONTACT)


def test_organisatiescherm_toont_het_handelsregister_zonder_de_kvk_aan_te_roepen(beheerder_client, bestuur, school,
                                                                                 settings, monkeypatch):
    snapshot(bestuur)
    settings.HANDELSREGISTER, settings.KVK_API_KEY = "kvk", "sleutel"

    def nooit(*args, **kwargs):
        raise AssertionError("een pagina riep de KvK aan")

    monkeypatch.setattr(kvk_module, "haal", nooit)
    pagina = beheerder_client.get(reverse("registratie:aanbieder", args=[school.code])).content.decode()
    tabel = re.search(r"Effectieve contactgegevens na overerving.*?</table>", pagina, re.S).group(0)
    assert tabel.count(HERKOMST) == 8 and "030 123 4567" in tabel


def test_controlescherm_en_controlebestand(beheerder_client, bestuur, vandaag):
    vul_schoon(bestuur, vandaag)
    bestuur.contactgegevens.all().delete()
    snapshot(bestuur)
    pagina = beheerder_client.get(reverse("controle:bestuur", args=[bestuur.code])).content.decode()
    tabel = re.search(r'<table class="table table-sm effectief">.*?</table>', pagina, re.S).group(0)
    assert tabel.count(HERKOMST) == 2 * 8 and tabel.count(f"Bezoekadres: {ADRES}") == 2 * 8
    assert "https://www.regenboog-scholen.example" in tabel

    antwoord = beheerder_client.get(reverse("controle:controlebestand_xlsx", args=[bestuur.code]))
    boek = load_workbook(io.BytesIO(b"".join(antwoord.streaming_content)), read_only=True)
    rijen = list(boek["Effectieve contacten"].iter_rows(values_only=True))[1:]
    assert len(rijen) == 2 * 8
    assert {(r[7], r[8], r[9], r[10], r[11]) for r in rijen} == {
        ("030 123 4567", "https://www.regenboog-scholen.example", ADRES, "Postbus 123, 3500 AC UTRECHT", HERKOMST)}


def test_raadplegen_voor_de_inspectie(client, bestuur, school, vandaag):
    snapshot(bestuur)
    inspecteur = factories.gebruiker_met_rollen("insp", None, rollen=[])
    Roltoewijzing.objects.create(gebruiker=inspecteur, rol=Rol.RAADPLEGEN_TOEZICHT, begindatum=factories.BEGIN,
                                 bron="test")
    client.force_login(inspecteur)
    pagina = client.get(reverse("registratie:raadplegen")).content.decode()
    assert HERKOMST in pagina and ADRES in pagina


def test_openbare_pagina(client, bestuur, school, vandaag):
    snapshot(bestuur)
    pagina = client.get(reverse("openbaar:aanbieder", args=[school.code])).content.decode()
    assert HERKOMST in pagina and f"Bezoekadres: {ADRES}" in pagina
    assert '<a href="https://www.regenboog-scholen.example" rel="nofollow noopener">' in pagina


def test_bestuur_zonder_bevoegd_gezag_of_kvk_nummer_kost_geen_query(bestuur, django_assert_num_queries):
    zonder = Onderwijsbestuur.objects.get(pk=bestuur.pk)
    assert zonder.kvk_nummer == ""
    with django_assert_num_queries(0):
        assert cs.handelsregister_van(zonder) is None
