"""The address service on the locatie form and its suggestion endpoint, written as the mistake or the attack:
an anonymous caller, a script in a loop, a NUL byte, a typo in the huisnummer, a service that is down."""

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse

from registratie.models import AuditRegel, Onderwijslocatie, Onderwijslocatiegebruik
from registratie.services.locatie import vind_of_maak_locatie

SUGGESTIES = "registratie:adres_suggesties"
ADRESVELDEN = {"postcode", "huisnummer", "toevoeging", "straatnaam", "plaatsnaam", "bag_id", "weergave"}


def _locatie_post(client, bestuur, **adres):
    vestiging = bestuur.bevoegd_gezag.instellingen.get(code="11AA").vestigingen.get()
    data = {"postcode": "", "huisnummer": "", "huisnummertoevoeging": "", "straatnaam": "", "plaatsnaam": "",
            "begindatum": "2026-11-28", "vestiging": vestiging.pk, **adres}
    return client.post(reverse("registratie:locatie_toevoegen", args=[bestuur.code]), data)


# --- The endpoint ------------------------------------------------------------------------------------------

@pytest.mark.django_db
def test_anoniem_krijgt_geen_adressen(client):
    r = client.get(reverse(SUGGESTIES), {"q": "melkweg"})
    assert r.status_code == 302 and r["Location"].startswith(reverse("login"))
    assert b"Melkweg" not in r.content


@pytest.mark.django_db
def test_ingelogd_krijgt_alleen_adresvelden(client, lezer):
    client.force_login(lezer)  # reading is enough: the answer holds nothing of the register
    r = client.get(reverse(SUGGESTIES), {"q": "melkweg 13"})
    assert r.status_code == 200 and r.json()["bereikbaar"] is True
    adressen = r.json()["adressen"]
    assert adressen[0]["weergave"] == "Melkweg 13, 9306 TC ALTEVEER GEM NOORDENVELD"
    assert all(set(a) == ADRESVELDEN for a in adressen)


@pytest.mark.django_db
def test_register_lekt_niet_via_suggesties(client, lezer):
    """A locatie in the register at an address the service does not know is never suggested."""
    vind_of_maak_locatie("9999ZZ", 7, "", "Geheimstraat", "NERGENS")
    client.force_login(lezer)
    assert client.get(reverse(SUGGESTIES), {"q": "geheimstraat"}).json()["adressen"] == []


@pytest.mark.django_db
@pytest.mark.parametrize("q", ["", "m", " m "])
def test_te_kort_geeft_niets(client, lezer, q):
    client.force_login(lezer)
    r = client.get(reverse(SUGGESTIES), {"q": q})
    assert r.status_code == 200 and r.json() == {"adressen": [], "bereikbaar": True}


@pytest.mark.django_db
@pytest.mark.parametrize("q", ["\x00\x00", "melk\x00weg"])
def test_nul_byte_wordt_geweigerd(client, lezer, q):
    client.force_login(lezer)
    assert client.get(reverse(SUGGESTIES), {"q": q}).status_code == 400  # the portal's guard, before the view


@pytest.mark.django_db
def test_script_in_een_lus_krijgt_429(client, lezer, settings):
    settings.ADRES_SUGGESTIES_PER_MINUUT = 3
    client.force_login(lezer)
    statussen = [client.get(reverse(SUGGESTIES), {"q": "melkweg"}).status_code for _ in range(5)]
    assert statussen == [200, 200, 200, 429, 429]


@pytest.mark.django_db
def test_post_wordt_geweigerd(client, lezer):
    client.force_login(lezer)
    assert client.post(reverse(SUGGESTIES), {"q": "melkweg"}).status_code == 405


@pytest.mark.django_db
def test_pdok_onbereikbaar_is_een_leeg_antwoord(client, lezer, met_pdok, settings):
    settings.PDOK_LOCATIESERVER_URL = met_pdok.url + "/kapot"
    client.force_login(lezer)
    r = client.get(reverse(SUGGESTIES), {"q": "melkweg"})
    assert r.status_code == 200 and r.json() == {"adressen": [], "bereikbaar": False}


@pytest.mark.django_db
def test_pdok_suggesties(client, lezer, met_pdok):
    client.force_login(lezer)
    adressen = client.get(reverse(SUGGESTIES), {"q": "melkweg 13"}).json()["adressen"]
    assert adressen[0]["bag_id"] == "1699200000013131" and adressen[0]["plaatsnaam"] == "ALTEVEER"


# --- The form ----------------------------------------------------------------------------------------------

@pytest.mark.django_db
def test_formulier_laadt_de_adreszoeker(beheerder_client, bestuur, vandaag):
    html = beheerder_client.get(reverse("registratie:locatie_toevoegen", args=[bestuur.code])).content.decode()
    assert f'data-adres-suggesties="{reverse(SUGGESTIES)}"' in html
    assert "js/adres.js" in html and 'id="adres-zoeken-teksten"' in html
    assert 'name="huisnummer"' in html and 'name="straatnaam"' in html  # without script: the plain fields


@pytest.mark.django_db
def test_tikfout_in_huisnummer_zegt_welke_nummers_er_zijn(beheerder_client, bestuur, vandaag):
    voor = AuditRegel.objects.count()
    r = _locatie_post(beheerder_client, bestuur, postcode="9306 tc", huisnummer="31")
    assert r.status_code == 200
    assert ("Op postcode 9306 TC (Melkweg) kent de adresdienst huisnummer 31 niet; wel: 13. Kies een van deze "
            "nummers") in r.content.decode()
    assert not Onderwijslocatiegebruik.objects.exists() and AuditRegel.objects.count() == voor


@pytest.mark.django_db
def test_onbekende_postcode_mag_bij_de_lokale_dienst(beheerder_client, bestuur, vandaag):
    """The local default knows only schools' addresses: a new address elsewhere is not its to refuse."""
    r = _locatie_post(beheerder_client, bestuur, postcode="9999ZZ", huisnummer="1", straatnaam="Nieuwe Weg")
    assert r.status_code == 302
    assert Onderwijslocatie.objects.get().bag_id == ""


@pytest.mark.django_db
def test_pdok_bewaart_bag_id_en_vult_straat_en_plaats(beheerder_client, bestuur, vandaag, met_pdok):
    r = _locatie_post(beheerder_client, bestuur, postcode="9306TC", huisnummer="15", huisnummertoevoeging="a")
    assert r.status_code == 302
    locatie = Onderwijslocatie.objects.get()
    assert (locatie.bag_id, locatie.straatnaam, locatie.plaatsnaam, locatie.huisnummertoevoeging) == (
        "1699200000015152", "Melkweg", "ALTEVEER", "A")
    regel = AuditRegel.objects.get(actie="aangemaakt", objecttype="onderwijslocatiegebruik")
    assert "BAG-id 1699200000015152" in regel.omschrijving


@pytest.mark.django_db
def test_pdok_kent_de_postcode_niet(beheerder_client, bestuur, vandaag, met_pdok):
    r = _locatie_post(beheerder_client, bestuur, postcode="9999ZZ", huisnummer="1")
    assert r.status_code == 200 and "De postcode 9999 ZZ staat niet in de BAG" in r.content.decode()
    assert not Onderwijslocatie.objects.exists()


@pytest.mark.django_db
def test_pdok_onbereikbaar_waarschuwt_maar_bewaart(beheerder_client, bestuur, vandaag, met_pdok, settings):
    settings.PDOK_LOCATIESERVER_URL = met_pdok.url + "/kapot"
    r = _locatie_post(beheerder_client, bestuur, postcode="9306TC", huisnummer="31", straatnaam="Melkweg")
    assert r.status_code == 302
    assert Onderwijslocatie.objects.get().huisnummer == 31  # saved as typed, unchecked
    berichten = [str(m) for m in get_messages(r.wsgi_request)]
    assert any("niet bereikbaar" in b and "niet gecontroleerd" in b for b in berichten)


@pytest.mark.django_db
def test_bestaande_locatie_krijgt_bag_id_erbij(beheerder_client, bestuur, ander_bestuur, vandaag, met_pdok):
    """Another board registered the address before the BAG id was known: the id is added, not a second locatie."""
    bestaand = vind_of_maak_locatie("9306TC", 13, "", "Melkweg", "ALTEVEER")
    r = _locatie_post(beheerder_client, bestuur, postcode="9306TC", huisnummer="13")
    assert r.status_code == 302
    bestaand.refresh_from_db()
    assert bestaand.bag_id == "1699200000013131" and Onderwijslocatie.objects.count() == 1
