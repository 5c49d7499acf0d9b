"""GET /api/v1/organisaties/{code} (issue 18 §1): the board with its bevoegd gezag as DUO knows it, including the
names it carried before, for a system that a school of the board mandates today; as the attack: another board, an
ended mandate, no key."""

from datetime import timedelta

from django.urls import reverse

from registratie.models import EerdereNaam
from tests.uitwisseling.api.test_openapi import _document, valideer


def _url(code: str) -> str:
    return reverse("uitwisseling:api_v1_organisatie", args=[code])


def _met_duo_namen(bestuur) -> None:
    gezag = bestuur.bevoegd_gezag
    gezag.naam, gezag.kvk_nummer = "Stichting De Regenboog Scholen", "41234567"
    gezag.save()
    EerdereNaam.objects.create(bevoegd_gezag=gezag, naam="Vereniging Regenboog")
    EerdereNaam.objects.create(bevoegd_gezag=gezag, naam="Stichting Katholiek Onderwijs Regenboog")


def test_bestuur_met_eerdere_namen_en_kvk(api, client, opzet, vandaag):
    _met_duo_namen(opzet.bestuur)
    antwoord = api(_url(opzet.bestuur.code))
    assert antwoord.status_code == 200, antwoord.content
    data = antwoord.json()
    assert data["code"] == opzet.bestuur.code
    assert data["peildatum"] == vandaag.isoformat()
    assert data["naam"] == opzet.bestuur.periode_op(vandaag).naam
    assert data["bevoegd_gezag"] == {
        "nummer": opzet.bestuur.bevoegd_gezag.nummer, "naam": "Stichting De Regenboog Scholen",
        "kvk_nummer": "41234567",
        "eerdere_namen": ["Stichting Katholiek Onderwijs Regenboog", "Vereniging Regenboog"]}
    doc = _document(client)
    beschreven = doc["paths"]["/organisaties/{code}"]["get"]["responses"]["200"]
    valideer(doc, beschreven["content"]["application/json"]["schema"], data)
    # By bevoegd-gezagnummer the same board.
    assert api(_url(opzet.bestuur.bevoegd_gezag.nummer)).json() == data


def test_naam_onbekend_bij_duo_is_null(api, opzet):
    gezag = opzet.bestuur.bevoegd_gezag
    gezag.naam = "naam onbekend bij DUO"
    gezag.save()
    assert api(_url(opzet.bestuur.code)).json()["bevoegd_gezag"]["naam"] is None


def test_ander_bestuur_geweigerd(api, opzet):
    _met_duo_namen(opzet.ander_bestuur)
    antwoord = api(_url(opzet.ander_bestuur.code))
    assert antwoord.status_code == 403
    assert "Regenboog" not in antwoord.content.decode()


def test_beeindigd_mandaat_ook_met_oude_peildatum_geweigerd(api, opzet, vandaag):
    opzet.mandaat.einddatum = vandaag - timedelta(days=1)
    opzet.mandaat.save()
    antwoord = api(_url(opzet.bestuur.code), peildatum=(vandaag - timedelta(days=30)).isoformat())
    assert antwoord.status_code == 403


def test_zonder_sleutel_geweigerd(api, opzet):
    assert api(_url(opzet.bestuur.code), sleutel=None).status_code == 401


def test_onbekende_en_ongeldige_code(api, opzet):
    assert api(_url("999B999")).status_code == 404
    ongeldig = api(_url("100-001"))
    assert ongeldig.status_code == 400
    assert "999B999" in ongeldig.json()["detail"]  # says what a code looks like
    nul = api(_url("100B0\x001"))
    assert nul.status_code == 400 and "NUL" in nul.json()["detail"]
