"""Mijn e-mailberichten (own settings, after login) and the one-click unsubscribe link (no login, signed token)."""

import logging

import pytest
from django.core import signing
from django.urls import reverse

from berichten import afmelden
from berichten.models import Berichtvoorkeur, Soort
from tests.helpers.factories import collega

pytestmark = pytest.mark.django_db

INSTELLINGEN = "/mijn-e-mailberichten/"
AFMELDEN = "/mijn-e-mailberichten/afmelden/"


@pytest.fixture
def jan(bestuur):
    return collega("jan", bestuur)


@pytest.fixture
def piet(bestuur):
    return collega("piet", bestuur)


def test_adressen():
    assert reverse("berichten:instellingen") == INSTELLINGEN
    assert reverse("berichten:afmelden") == AFMELDEN


def test_instellingen_vragen_inloggen(client):
    antwoord = client.get(INSTELLINGEN)
    assert antwoord.status_code == 302 and "/inloggen/" in antwoord["Location"]


def test_link_in_het_menu_en_standaard_alles_aan(client, jan):
    client.force_login(jan)
    thuis = client.get("/")
    assert f'href="{INSTELLINGEN}"' in thuis.content.decode()
    pagina = client.get(INSTELLINGEN).content.decode()
    assert "jan@example.test" in pagina
    for soort in Soort:
        assert f'value="{soort.value}"' in pagina
    assert pagina.count("checked") == len(Soort) + 1  # every kind on, and Nederlands


def test_bewaren_zet_soort_uit_en_taal_en_logt(client, jan, caplog):
    client.force_login(jan)
    with caplog.at_level(logging.INFO, logger="berichten"):
        antwoord = client.post(INSTELLINGEN, {"soorten": [Soort.ROLLEN], "taal": "en"}, follow=True)
    assert "zijn bewaard" in antwoord.content.decode()
    voorkeur = Berichtvoorkeur.objects.get(gebruiker=jan)
    assert voorkeur.taal == "en"
    assert set(voorkeur.uitgezet) == {Soort.MANDATEN, Soort.ATTESTATIE}
    assert voorkeur.ontvangt(Soort.ROLLEN) and not voorkeur.ontvangt(Soort.MANDATEN)
    assert f"gebruiker={jan.pk} taal=en" in caplog.text


@pytest.mark.parametrize("gegevens", [{"taal": "de"}, {"taal": "nl", "soorten": ["alles"]}, {}])
def test_ongeldige_invoer_bewaart_niets(client, jan, gegevens):
    client.force_login(jan)
    antwoord = client.post(INSTELLINGEN, gegevens)
    assert antwoord.status_code == 200
    assert not Berichtvoorkeur.objects.filter(gebruiker=jan).exists()


def test_zonder_adres_zegt_de_pagina_dat(client, jan):
    jan.email = ""
    jan.save()
    client.force_login(jan)
    assert "geen e-mailadres bekend" in client.get(INSTELLINGEN).content.decode()


def test_afmeldlink_get_verandert_niets_post_meldt_alleen_die_soort_af(client, jan):
    token = afmelden.token(jan.pk, Soort.MANDATEN)
    pagina = client.get(AFMELDEN, {"token": token})
    assert pagina.status_code == 200
    assert str(Soort.MANDATEN.label) in pagina.content.decode()
    assert "jan@example.test" not in pagina.content.decode(), "een doorgestuurde link toont geen adres"
    assert not Berichtvoorkeur.objects.filter(gebruiker=jan).exists(), "GET verandert niets (linkscanners)"
    klaar = client.post(AFMELDEN, {"token": token})
    assert klaar.status_code == 200 and "Afgemeld" in klaar.content.decode()
    voorkeur = Berichtvoorkeur.objects.get(gebruiker=jan)
    assert voorkeur.uitgezet == [Soort.MANDATEN]
    client.post(AFMELDEN, {"token": token})  # twice: still once in the list
    assert Berichtvoorkeur.objects.get(gebruiker=jan).uitgezet == [Soort.MANDATEN]


def test_afmeldlink_laat_andere_instellingen_staan(client, jan):
    Berichtvoorkeur.objects.create(gebruiker=jan, taal="en", uitgezet=[Soort.ROLLEN])
    client.post(AFMELDEN, {"token": afmelden.token(jan.pk, Soort.ATTESTATIE)})
    voorkeur = Berichtvoorkeur.objects.get(gebruiker=jan)
    assert voorkeur.taal == "en" and set(voorkeur.uitgezet) == {Soort.ROLLEN, Soort.ATTESTATIE}


def vervalst(token: str) -> list[str]:
    """Every way to make jan's token say something else: another person, another kind, a cut or altered
    signature, a token signed with another salt (the same key), a token without signature."""
    waarde, _, handtekening = token.rpartition(":")
    return [
        signing.dumps({"g": 999, "s": "mandaten"}, salt="iets.anders"),
        token.replace(waarde, signing.b64_encode(b'{"g":1,"s":"rollen"}').decode()),
        f"{waarde}:{handtekening[:-2]}xx",
        waarde,
        "",
        "x" * 300,
        signing.dumps("niet-een-dict", salt=afmelden.SALT),
        signing.dumps({"g": "1", "s": "mandaten"}, salt=afmelden.SALT),
        signing.dumps({"g": 1, "s": "alles"}, salt=afmelden.SALT),
    ]


def test_token_van_de_een_meldt_de_ander_niet_af(client, jan, piet, caplog):
    token = afmelden.token(jan.pk, Soort.MANDATEN)
    for kapot in vervalst(token):
        for methode in (client.get, client.post):
            antwoord = methode(AFMELDEN, {"token": kapot})
            assert antwoord.status_code == 400, kapot
            assert "werkt niet" in antwoord.content.decode()
    # jan's genuine signature under piet's payload: refused, and nobody is unsubscribed.
    handtekening = token.rpartition(":")[2]
    payload_piet = signing.b64_encode(f'{{"g":{piet.pk},"s":"mandaten"}}'.encode()).decode()
    assert client.post(AFMELDEN, {"token": f"{payload_piet}:{handtekening}"}).status_code == 400
    assert not Berichtvoorkeur.objects.exists()
    assert "Afmeldlink geweigerd" in caplog.text


def test_token_van_verdwenen_persoon_wordt_geweigerd(client, jan):
    token = afmelden.token(jan.pk, Soort.ROLLEN)
    jan.delete()
    assert client.post(AFMELDEN, {"token": token}).status_code == 400


def test_beheer_toont_maar_wijzigt_niet(client, jan):
    from django.contrib.auth import get_user_model

    Berichtvoorkeur.objects.create(gebruiker=jan, uitgezet=[Soort.ROLLEN])
    duo = get_user_model().objects.create_superuser("duo", "duo@example.test", "geheim-wachtwoord")
    client.force_login(duo)
    lijst = client.get("/beheer/berichten/berichtvoorkeur/")
    assert lijst.status_code == 200 and "jan" in lijst.content.decode()
    assert client.get("/beheer/berichten/berichtvoorkeur/add/").status_code == 403
    assert client.get("/beheer/berichten/verstuurdeherinnering/").status_code == 200
