"""/api/v1/abonnementen: subscribe, read the status, delete, with the system's own key; the API's conventions
(API-Version, problem+json, camelCase, no trailing slash); and the attacks: another supplier's subscription cannot
be read or deleted, a callback URL that points inside the portal's network is refused."""

import json
import uuid

import pytest
from django.test import override_settings

from registratie.models import Onderwijsaanbieder
from registratie.services import organisatie as organisatie_services
from uitwisseling.aanroep import API_VERSIE
from uitwisseling.meldingen import services
from uitwisseling.meldingen.models import Abonnement, Aflevering

pytestmark = pytest.mark.django_db

URL = "/api/v1/abonnementen"


def _sleutel(sleutel: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {sleutel}"}


def _post(client, sleutel: str, inhoud, content_type: str = "application/json"):
    data = json.dumps(inhoud) if not isinstance(inhoud, str | bytes) else inhoud
    return client.post(URL, data, content_type=content_type, headers=_sleutel(sleutel))


def _probleem(antwoord, status: int, veld: str | None = None) -> dict:
    assert antwoord.status_code == status, antwoord.content
    assert antwoord["Content-Type"] == "application/problem+json"
    assert antwoord["API-Version"] == API_VERSIE
    probleem = antwoord.json()
    assert probleem["status"] == status and probleem["detail"]
    if veld is not None:
        assert probleem["invalidParams"][0]["name"] == veld, probleem
    return probleem


def test_abonneren_lezen_en_opzeggen(client, opzet, ontvanger):
    antwoord = _post(client, opzet.sleutel, {"callbackUrl": ontvanger.url, "objecttypen": ["onderwijsaanbieder"]})
    assert antwoord.status_code == 201, antwoord.content
    assert antwoord["API-Version"] == API_VERSIE
    nieuw = antwoord.json()
    assert len(nieuw["geheim"]) >= 32  # made by the portal, shown once
    assert antwoord["Location"] == f"http://testserver{URL}/{nieuw['id']}"
    assert nieuw["callbackUrl"] == ontvanger.url and nieuw["objecttypen"] == ["onderwijsaanbieder"]
    assert nieuw["status"] == {"laatstGeslaagdOp": None, "laatstMisluktOp": None, "laatsteFout": None,
                               "foutenOpRij": 0, "aantalAfgeleverd": 0, "wachtend": 0}

    detail = client.get(f"{URL}/{nieuw['id']}", headers=_sleutel(opzet.sleutel))
    assert detail.status_code == 200 and "geheim" not in detail.json()
    assert detail["Cache-Control"] == "private, no-store"
    lijst = client.get(URL, headers=_sleutel(opzet.sleutel)).json()
    assert [a["id"] for a in lijst["resultaten"]] == [nieuw["id"]] and lijst["paginering"]["totaal"] == 1

    weg = client.delete(f"{URL}/{nieuw['id']}", headers=_sleutel(opzet.sleutel))
    assert weg.status_code == 204 and weg["API-Version"] == API_VERSIE
    assert not Abonnement.objects.exists()
    _probleem(client.get(f"{URL}/{nieuw['id']}", headers=_sleutel(opzet.sleutel)), 404)


def test_status_na_aflevering_en_fout(client, opzet, ontvanger, time_machine):
    """The GET shows the last success, the failures in a row and what waits."""
    nieuw = _post(client, opzet.sleutel, {"callbackUrl": ontvanger.url}).json()
    ontvanger.antwoorden = [200, 500]
    for naam in ("Een", "Twee"):
        aanbieder = Onderwijsaanbieder.objects.get(pk=opzet.aanbieder.pk)
        organisatie_services.wijzig_aanbieder(aanbieder, door="test", versie=aanbieder.versie,
                                              ingangsdatum=aanbieder.begindatum.today(), naam=naam,
                                              internationale_naam="", groep=None)
        services.verwerk()
    status = client.get(f"{URL}/{nieuw['id']}", headers=_sleutel(opzet.sleutel)).json()["status"]
    assert status["aantalAfgeleverd"] == 1 and status["foutenOpRij"] == 1 and status["wachtend"] == 1
    assert status["laatsteFout"] == "HTTP 500"
    assert status["laatstGeslaagdOp"] and status["laatstMisluktOp"]


def test_eigen_geheim_wordt_niet_teruggestuurd(client, opzet, ontvanger):
    geheim = "mijn-eigen-geheim-van-minstens-32-tekens"
    antwoord = _post(client, opzet.sleutel, {"callbackUrl": ontvanger.url, "geheim": geheim})
    assert antwoord.status_code == 201 and "geheim" not in antwoord.json()
    assert geheim not in antwoord.content.decode()
    assert Abonnement.objects.get().geheim == geheim


def test_andere_leverancier_kan_abonnement_niet_lezen_of_verwijderen(client, opzet, ontvanger):
    """Attack: supplier C knows (or guesses) the id of the LAS's subscription. Reading, deleting and listing give
    nothing away: the same 404 as an id that does not exist, and the subscription stays."""
    nieuw = _post(client, opzet.sleutel, {"callbackUrl": ontvanger.url}).json()
    vreemd = _sleutel(opzet.andere_sleutel)
    lezen = _probleem(client.get(f"{URL}/{nieuw['id']}", headers=vreemd), 404)
    onbekend = _probleem(client.get(f"{URL}/{uuid.uuid4()}", headers=vreemd), 404)
    assert lezen["code"] == onbekend["code"] == "niet_gevonden"
    assert ontvanger.url not in json.dumps(lezen)
    _probleem(client.delete(f"{URL}/{nieuw['id']}", headers=vreemd), 404)
    assert Abonnement.objects.filter(publiek_id=nieuw["id"]).exists()
    assert client.get(URL, headers=vreemd).json()["resultaten"] == []
    # Without a key, or with a made-up one: 401, for every method.
    for methode in (client.get, client.delete):
        assert _probleem(methode(f"{URL}/{nieuw['id']}"), 401)["code"] == "sleutel_ontbreekt"
        assert _probleem(methode(f"{URL}/{nieuw['id']}", headers=_sleutel("las1.vals")), 401)["code"] == (
            "sleutel_ongeldig")
    assert _probleem(_post(client, "las1.vals", {"callbackUrl": ontvanger.url}), 401)["code"] == "sleutel_ongeldig"
    assert Abonnement.objects.count() == 1


def test_een_ander_systeem_krijgt_geen_meldingen_van_mijn_abonnement(client, opzet, ontvanger):
    """A subscription belongs to the system whose key made it: C cannot subscribe for the LAS's schools."""
    _post(client, opzet.andere_sleutel, {"callbackUrl": ontvanger.url, "bestuurcode": opzet.bestuur.code})
    aanbieder = Onderwijsaanbieder.objects.get(pk=opzet.aanbieder.pk)
    organisatie_services.wijzig_aanbieder(aanbieder, door="test", versie=aanbieder.versie,
                                          ingangsdatum=aanbieder.begindatum.today(), naam="Noord",
                                          internationale_naam="", groep=None)
    services.verwerk()
    assert ontvanger.ontvangen == [] and not Aflevering.objects.exists()


@pytest.mark.parametrize("url", [
    "ftp://las.example.nl/rio", "http://las.example.nl/rio", "javascript:alert(1)", "las.example.nl/rio",
    "https://gebruiker:wachtwoord@las.example.nl/rio", "https://las.example.nl/rio#deel", "", "https://",
    "https://las.example.nl:99999/rio", "https://" + "a" * 500 + ".nl/",
])
def test_ongeldige_callback_url_geweigerd(client, opzet, url):
    probleem = _probleem(_post(client, opzet.sleutel, {"callbackUrl": url}), 400, "callbackUrl")
    assert probleem["code"] == "callbackUrl_ongeldig"
    assert not Abonnement.objects.exists()


@override_settings(MELDINGEN_LOKAAL_TOESTAAN=False)
@pytest.mark.parametrize("url", [
    "https://127.0.0.1/rio", "https://localhost/rio", "https://[::1]/rio", "https://10.1.2.3/rio",
    "https://192.168.1.1/rio", "https://172.16.0.1/rio", "https://169.254.169.254/latest/meta-data",
    "https://[::ffff:127.0.0.1]/rio", "https://0.0.0.0/rio", "https://[fd00::1]/rio", "https://100.64.0.1/rio",
    "http://127.0.0.1:8000/rio", "https://2130706433/rio",
])
def test_in_productie_geen_interne_adressen(client, opzet, url):
    """SSRF: in production a callback must be https to a public address; a name that resolves inside is refused
    as well as a literal address (localhost resolves to 127.0.0.1)."""
    probleem = _probleem(_post(client, opzet.sleutel, {"callbackUrl": url}), 400, "callbackUrl")
    assert "intern" in probleem["detail"] or "https" in probleem["detail"] or "DNS" in probleem["detail"]
    assert not Abonnement.objects.exists()


@pytest.mark.parametrize(("inhoud", "veld"), [
    ({"callbackUrl": "http://127.0.0.1:9/x", "geheim": "kort"}, "geheim"),
    ({"callbackUrl": "http://127.0.0.1:9/x", "bestuurcode": "100X001"}, "bestuurcode"),
    ({"callbackUrl": "http://127.0.0.1:9/x", "instellingscode": "11AA00"}, "instellingscode"),
    ({"callbackUrl": "http://127.0.0.1:9/x", "objecttypen": ["bestuur"]}, "objecttypen"),
    ({"callbackUrl": "http://127.0.0.1:9/x", "objecttypen": "onderwijsaanbieder"}, "objecttypen"),
    ({"callbackUrl": 5}, "callbackUrl"),
    ({}, "callbackUrl"),
    ({"callbackUrl": "http://127.0.0.1:9/x", "systeem": "las2"}, "systeem"),
])
def test_ongeldige_velden(client, opzet, inhoud, veld):
    _probleem(_post(client, opzet.sleutel, inhoud), 400, veld)
    assert not Abonnement.objects.exists()


@pytest.mark.parametrize(("inhoud", "content_type"), [
    ("{niet json", "application/json"), ("[1, 2]", "application/json"), ('{"callbackUrl": "x"}', "text/plain"),
    (b"\xff\xfe", "application/json"),
])
def test_ongeldige_inhoud(client, opzet, inhoud, content_type):
    assert _probleem(_post(client, opzet.sleutel, inhoud, content_type), 400)["code"] == "inhoud_ongeldig"


def test_andere_methoden_405_met_allow(client, opzet):
    antwoord = client.put(URL, "{}", content_type="application/json", headers=_sleutel(opzet.sleutel))
    _probleem(antwoord, 405)
    assert antwoord["Allow"] == "GET, HEAD, POST"
    antwoord = client.post(f"{URL}/{uuid.uuid4()}", "{}", content_type="application/json",
                           headers=_sleutel(opzet.sleutel))
    _probleem(antwoord, 405)
    assert antwoord["Allow"] == "GET, HEAD, DELETE"


def test_pad_met_slash_is_onbekend(client, opzet):
    assert _probleem(client.get(f"{URL}/", headers=_sleutel(opzet.sleutel)), 404)["code"] == "pad_onbekend"


def test_hoogstens_twintig_abonnementen(client, opzet, ontvanger):
    for _ in range(services.MAX_ABONNEMENTEN):
        assert _post(client, opzet.sleutel, {"callbackUrl": ontvanger.url}).status_code == 201
    _probleem(_post(client, opzet.sleutel, {"callbackUrl": ontvanger.url}), 400, "callbackUrl")
