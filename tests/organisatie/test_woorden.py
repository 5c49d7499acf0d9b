"""Issue 16 §4: words of the domain, not of the code. Audit lines name the object; a UUID is no heading; no
"Basisonderwijs (Basisonderwijs)" or RIO's internal niveau code; counts are singular or plural, never "(en)";
the rule-16 message of a new aanbieder names the field as labelled and does not send the user to a page of an
object that does not exist yet."""

import re
from datetime import date

import pytest
from django.urls import reverse

from registratie.models import AuditRegel
from registratie.services import opleiding as opleiding_services
from registratie.services import organisatie as organisatie_services
from registratie.services.vergrendeling import ZONDER_VERSIECONTROLE
from tests.helpers import factories

pytestmark = pytest.mark.django_db

UUID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")
HALF_MEERVOUD = re.compile(r"\d+ [a-zë]+\((en|s|len|n)\)")


def _koppen(html: str) -> list[str]:
    """The text of every heading and of the breadcrumb."""
    koppen = re.findall(r"<h[1-6][^>]*>(.*?)</h[1-6]>", html, re.S)
    kruimel = re.findall(r'<ol class="breadcrumb">(.*?)</ol>', html, re.S)
    return [re.sub(r"<[^>]+>", "", k) for k in koppen + kruimel]


@pytest.fixture
def school(bestuur, vandaag):
    aanbieder = factories.aanbieder(bestuur, naam="OBS De Regenboog", brin4="11AA")
    gebruik = factories.locatiegebruik(bestuur, brin6="11AA00")
    ao = factories.bo_opleiding(aanbieder, locatie=gebruik.locatie)
    return aanbieder, ao


def test_auditregel_noemt_het_object(school, vandaag):
    aanbieder, ao = school
    organisatie_services.wijzig_aanbieder(aanbieder, door="test", versie=ZONDER_VERSIECONTROLE, ingangsdatum=vandaag,
                                          naam="OBS De Regenboog-Noord", internationale_naam="", groep=None)
    assert AuditRegel.objects.latest("id").omschrijving == (
        f"Aanbieder {aanbieder.code} OBS De Regenboog gewijzigd per 28-11-2026")
    opleiding_services.beeindig_aangeboden_opleiding(ao, door="test", versie=ZONDER_VERSIECONTROLE,
                                                     einddatum=date(2027, 7, 31))
    assert AuditRegel.objects.latest("id").omschrijving == (
        f"Aangeboden opleiding Basisonderwijs van {aanbieder.code} beëindigd per 31-07-2027")


def test_historie_toont_welk_object_wijzigde_en_enkelvoud_bij_een_veld(beheerder_client, bestuur, school, vandaag):
    aanbieder, _ = school
    organisatie_services.wijzig_aanbieder(aanbieder, door="test", versie=ZONDER_VERSIECONTROLE, ingangsdatum=vandaag,
                                          naam="IKC De Regenboog", internationale_naam="", groep=None)
    html = beheerder_client.get(reverse("registratie:historie", args=[bestuur.code])).content.decode()
    assert f"Aanbieder {aanbieder.code} OBS De Regenboog gewijzigd per 28-11-2026" in html
    assert not HALF_MEERVOUD.search(html), HALF_MEERVOUD.search(html)
    assert re.search(r"<summary>\d+ veld(en)?</summary>", html)


def test_opleidingspagina_zonder_uuid_als_kop_en_zonder_dubbele_naam(beheerder_client, school):
    _, ao = school
    for url in (reverse("registratie:opleiding", args=[ao.code]),
                reverse("registratie:opleiding_wijzigen", args=[ao.code]),
                reverse("registratie:opleiding_beeindigen", args=[ao.code])):
        html = beheerder_client.get(url).content.decode()
        assert not any(UUID.search(k) for k in _koppen(html)), (url, _koppen(html))
    html = beheerder_client.get(reverse("registratie:opleiding", args=[ao.code])).content.decode()
    assert "Basisonderwijs (Basisonderwijs" not in html and "PO-BAO" not in html
    assert "Aangeboden opleiding Basisonderwijs" in "".join(_koppen(
        beheerder_client.get(reverse("registratie:opleiding_wijzigen", args=[ao.code])).content.decode()))


def test_controlescherm_noemt_een_opleiding_zonder_uuid(beheerder_client, bestuur, school):
    _, ao = school
    opleiding_services.beeindig_aangeboden_opleiding(ao, door="test", versie=ZONDER_VERSIECONTROLE,
                                                     einddatum=date(2027, 6, 30))  # not 31 July: a warning
    html = beheerder_client.get(reverse("controle:bestuur", args=[bestuur.code])).content.decode()
    assert 'data-regel="EINDE_OP_31_JULI"' in html
    assert not any(UUID.search(k) for k in _koppen(html)), _koppen(html)
    assert not HALF_MEERVOUD.search(html), HALF_MEERVOUD.search(html)


def test_oprichtingsdatum_in_het_verleden_bij_een_nieuwe_aanbieder(beheerder_client, bestuur, vandaag):
    brin4 = bestuur.bevoegd_gezag.instellingen.get(code="11AA")
    r = beheerder_client.post(reverse("registratie:aanbieder_toevoegen", args=[bestuur.code]),
                              {"naam": "Basisschool Het Anker", "instellingen": [brin4.pk],
                               "begindatum": "27-11-2026"})
    html = r.content.decode()
    assert "De oprichtingsdatum (27-11-2026) ligt in het verleden" in html
    assert "pagina van dit object" not in html and "De begindatum (27-11-2026)" not in html
    assert "vandaag als datum" in html


def test_meerdere_problemen_bij_het_inlezen_van_een_blauwdruk(beheerder_client, bestuur):
    """'2 problemen', not '2 probleemen' (the upload report of the modelleertool)."""
    from modelleertool.inhoud import AANBIEDERS
    from tests.helpers.blauwdruk import als_bytes, leeg_boek, upload, voeg_rij_toe

    boek = leeg_boek()
    for _ in range(2):
        voeg_rij_toe(boek[AANBIEDERS.titel], {"Naam": "x" * 81})
    html = upload(beheerder_client, bestuur, als_bytes(boek)).content.decode()
    gevonden = re.search(r"er (is|zijn) (\d+) (proble\w*)", html)
    assert gevonden, re.findall(r"<h2 class=\"h6 mb-0\">.{0,300}", html)
    aantal = int(gevonden.group(2))
    assert aantal > 1 and gevonden.group(1, 3) == ("zijn", "problemen"), gevonden.group(0)
