"""The blauwdruk preview as a page a person can scan (issue 16 §3): the summary of the difference and the apply
button first, the full difference below it in a <details> (open when it is short, folded when it is long)."""

import pytest
from django.urls import reverse

from modelleertool.models import Blauwdruk
from modelleertool.views.blauwdruk import VERSCHIL_OPEN_TOT
from tests.helpers import factories
from tests.helpers.blauwdruk import als_bytes, sjabloon, upload, zet


def _voorbeeld_na_upload(client, bestuur, boek) -> str:
    antwoord = upload(client, bestuur, als_bytes(boek))
    assert antwoord.status_code == 302, antwoord.content.decode()[:2000]
    return client.get(antwoord["Location"]).content.decode()


@pytest.mark.django_db
def test_kort_verschil_samenvatting_en_knop_boven_het_open_verschil(beheerder_client, bestuur, registratie):
    boek = sjabloon(bestuur)
    zet(boek["Aanbieders"], 2, "Naam", "Uit de blauwdruk")
    html = _voorbeeld_na_upload(beheerder_client, bestuur, boek)
    assert "0 nieuw, 1 gewijzigd, 0 beëindigd." in html
    volgorde = [html.index(s) for s in ('id="verschil-samenvatting"', "Blauwdruk toepassen", 'id="verschil-details"',
                                        'id="boom-kop"')]
    assert volgorde == sorted(volgorde), "summary, apply button, then the full difference, then the blauwdruk"
    assert '<details class="mb-2" id="verschil-details" open>' in html
    assert "<summary>Alle 1 wijziging, per veld de oude en de nieuwe waarde</summary>" in html


@pytest.mark.django_db
def test_lang_verschil_staat_dichtgeklapt(client, vandaag):
    brin4s = [f"4{i // 26}{chr(65 + i % 26)}C" for i in range(VERSCHIL_OPEN_TOT + 1)]
    bestuur = factories.bestuur_met_erkenningen("50005", brin4s=brin4s)
    for brin4 in brin4s:
        factories.aanbieder(bestuur, naam=f"School {brin4}", brin4=brin4)
    client.force_login(factories.gebruiker_met_rollen("blauw", bestuur))
    boek = sjabloon(bestuur)
    for rij in range(2, 2 + len(brin4s)):
        zet(boek["Aanbieders"], rij, "Naam", f"Hernoemd {rij}")
    html = _voorbeeld_na_upload(client, bestuur, boek)
    assert f"0 nieuw, {len(brin4s)} gewijzigd, 0 beëindigd." in html
    assert '<details class="mb-2" id="verschil-details">' in html  # folded
    assert html.count('class="wijziging-gewijzigd"') == len(brin4s)  # all rows are there, behind the summary
    assert html.index("Blauwdruk toepassen") < html.index('id="verschil-details"')
    assert Blauwdruk.objects.get(bestuur=bestuur).is_concept


@pytest.mark.django_db
def test_geen_wijzigingen_geen_lege_tabel(beheerder_client, bestuur, registratie):
    html = _voorbeeld_na_upload(beheerder_client, bestuur, sjabloon(bestuur))
    assert 'id="geen-wijzigingen"' in html and 'id="verschil-details"' not in html
    assert "Blauwdruk toepassen" not in html
    assert reverse("blauwdruk:lijst", args=[bestuur.code]) in html
