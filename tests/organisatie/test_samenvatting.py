"""Mijn organisatie as a page a person can scan (issue 16 §3): the summary first, signals that link to what needs
attention, a tree that is one line per aanbieder on a large board, and no query per aanbieder."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from organisatie.samenvatting import MAX_GENOEMD
from organisatie.views.organisatie import BOOM_OPEN_TOT
from tests.helpers import factories


def _pagina(client, bestuur) -> str:
    antwoord = client.get(reverse("registratie:organisatie", args=[bestuur.code]))
    assert antwoord.status_code == 200
    return antwoord.content.decode()


def _groot(nummer: str, aantal: int, letter: str = "A"):
    brin4s = [f"{30 + i // 26}{chr(65 + i % 26)}{letter}" for i in range(aantal)]
    bestuur = factories.bestuur_met_erkenningen(nummer, brin4s=brin4s)
    for i, brin4 in enumerate(brin4s):
        aanbieder = factories.aanbieder(bestuur, naam=f"School {i + 1}", brin4=brin4)
        gebruik = factories.locatiegebruik(bestuur, brin6=f"{brin4}00")
        if i % 2 == 0:  # every other school still lacks its aangeboden opleiding
            factories.bo_opleiding(aanbieder, locatie=gebruik.locatie)
    return bestuur


@pytest.mark.django_db
def test_samenvatting_staat_voor_de_boom_met_tellingen_en_signalen(beheerder_client, bestuur, vandaag):
    met = factories.aanbieder(bestuur, naam="OBS De Regenboog", brin4="11AA")
    zonder = factories.aanbieder(bestuur, naam="De Vlieger", brin4="11AB")
    gebruik = factories.locatiegebruik(bestuur)
    factories.bo_opleiding(met, locatie=gebruik.locatie)
    gebruik.vestigingsrelaties.all().delete()  # as a locatie registered before its BRIN6 was known
    html = _pagina(beheerder_client, bestuur)

    assert html.index('id="samenvatting"') < html.index('id="boom"') < html.index('id="locaties-kop"')
    tellingen = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", "", html.split('id="tellingen"')[1].split("</ul>")[0]))
    assert "2 onderwijsaanbieders" in tellingen and "1 onderwijslocatie " in tellingen
    assert "1 aangeboden opleiding" in tellingen and "0 groepen" in tellingen
    punten = html.split('id="aandachtspunten"')[1].split("</ul>")[0]
    # The aanbieder without opleiding is named and linked; the one with an opleiding is not.
    assert "1 aanbieder heeft nog geen aangeboden opleiding." in punten
    assert f'href="{zonder.get_absolute_url()}"' in punten and met.get_absolute_url() not in punten
    assert "1 locatie heeft geen vestiging (BRIN6)." in punten and gebruik.get_absolute_url() in punten
    assert "geen contactgegevens Algemeen" in punten
    assert 'href="#contact-kop"' in punten
    assert reverse("controle:bestuur", args=[bestuur.code]) in html.split('id="samenvatting"')[1].split("</section>")[0]


@pytest.mark.django_db
def test_klein_bestuur_heeft_de_boom_open_en_een_filter_met_label(beheerder_client, bestuur, vandaag):
    a = factories.aanbieder(bestuur, naam="OBS De Regenboog")
    factories.bo_opleiding(a, locatie=factories.locatiegebruik(bestuur).locatie)
    html = _pagina(beheerder_client, bestuur)
    assert '<details class="boom-opleidingen" open>' in html
    # The filter box: a label for its input, a live region for the count, the script as a file (CSP).
    assert '<label class="form-label mb-0" for="boom-filter">' in html
    assert 'id="boom-filter-status" aria-live="polite"' in html
    assert re.search(r'<div class="filterbox" hidden>', html), "hidden without script: it could not work"
    assert re.search(r'<script src="[^"]*js/filter\.js" defer></script>', html)
    assert "<script>" not in html


@pytest.mark.django_db
def test_groot_bestuur_een_regel_per_aanbieder_en_signalen_ingekort(beheerder_client, vandaag):
    groot = _groot("30003", BOOM_OPEN_TOT + 12)
    beheerder_client.force_login(factories.beheerder_po("groot", groot))
    html = _pagina(beheerder_client, groot)
    assert html.count('class="boom-aanbieder"') == BOOM_OPEN_TOT + 12
    assert html.count("<details class=\"boom-opleidingen\">") == (BOOM_OPEN_TOT + 12 + 1) // 2  # closed
    assert " open>" not in html.split('id="boom"')[1].split("</section>")[0]
    punten = html.split('id="aandachtspunten"')[1].split("</ul>")[0]
    assert "10 aanbieders hebben nog geen aangeboden opleiding." in punten
    assert punten.count("/aanbieders/") == MAX_GENOEMD and f"en {10 - MAX_GENOEMD} meer" in punten


@pytest.mark.django_db
def test_mijn_organisatie_kost_geen_query_per_aanbieder(client, vandaag):
    klein, groot = _groot("30003", 2), _groot("40004", 30, letter="B")
    aantallen = []
    for b in (klein, groot):
        client.force_login(factories.beheerder_po(f"beheer{b.code}", b))
        with CaptureQueriesContext(connection) as vastgelegd:
            _pagina(client, b)
        aantallen.append(len(vastgelegd))
    assert aantallen[0] == aantallen[1], f"queries for 2 and 30 aanbieders: {aantallen}"
