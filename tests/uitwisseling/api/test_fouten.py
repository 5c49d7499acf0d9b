"""Bad input: every refusal is application/problem+json (RFC 9457) with a Dutch detail that says how to fix it,
a stable code, the parameter at fault, and API 1.0's {"fout": {"code", "melding"}} beside it for the 1.x versions."""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db

PROBLEEMVELDEN = {"type", "title", "status", "detail", "instance", "code", "fout"}


def _fout(antwoord, status: int, code: str, *fragmenten: str, parameter: str | None = None) -> str:
    assert antwoord.status_code == status, antwoord.content
    assert antwoord["Content-Type"] == "application/problem+json"
    assert antwoord["API-Version"] == "1.3.0"
    probleem = antwoord.json()
    verwacht = PROBLEEMVELDEN | ({"invalidParams"} if parameter else set())
    assert set(probleem) == verwacht, probleem
    assert probleem["status"] == status and probleem["code"] == code, probleem
    assert probleem["type"] == f"http://testserver/api/v1/#probleem-{code}" and probleem["title"]
    assert probleem["instance"] == antwoord.request["PATH_INFO"]
    assert probleem["fout"] == {"code": code, "melding": probleem["detail"]}  # API 1.0's shape, still there
    if parameter:
        assert probleem["invalidParams"] == [{"name": parameter, "code": code, "reason": probleem["detail"]}]
    for fragment in fragmenten:
        assert fragment in probleem["detail"], (fragment, probleem["detail"])
    return probleem["detail"]


@pytest.mark.parametrize(("naam", "code", "vorm"), [
    ("organisatie_aanbieders", "100X001", "999B999"),
    ("organisatie_locatiegebruik", "1234", "bevoegd-gezagnummer"),
    ("organisatie_opleidingen", "ABCDEFG", "999B999"),
    ("aanbieder_opleidingen", "100B001", "999A999"),
    ("vestiging_opleidingen", "11AA", "12AB00"),
])
def test_misvormde_code_geeft_400(api, opzet, naam, code, vorm):
    _fout(api(reverse(f"uitwisseling:api_v1_{naam}", args=[code])), 400, "code_ongeldig", code, vorm)


@pytest.mark.parametrize(("naam", "code"), [
    ("organisatie_aanbieders", "999B999"), ("organisatie_locatiegebruik", "99999"),
    ("organisatie_opleidingen", "999B998"), ("aanbieder_opleidingen", "999A999"),
    ("vestiging_opleidingen", "99ZZ00"),
])
def test_onbekende_code_geeft_404(api, opzet, naam, code):
    _fout(api(reverse(f"uitwisseling:api_v1_{naam}", args=[code])), 404, "niet_gevonden", code)


def test_ongeldige_peildatum_geeft_400(api, opzet):
    url = reverse("uitwisseling:api_v1_organisatie_aanbieders", args=[opzet.bestuur.code])
    for waarde in ("gisteren", "28-11-2026", "2026-02-30"):
        _fout(api(url, peildatum=waarde), 400, "peildatum_ongeldig", "JJJJ-MM-DD", parameter="peildatum")


def test_paginanummers(api, opzet):
    url = reverse("uitwisseling:api_v1_organisatie_aanbieders", args=[opzet.bestuur.code])
    _fout(api(url, pagina=2), 404, "pagina_bestaat_niet", "Pagina 2", "1 pagina")
    _fout(api(url, pagina=0), 400, "pagina_ongeldig", "geheel getal", parameter="pagina")
    _fout(api(url, pagina="twee"), 400, "pagina_ongeldig", "geheel getal", parameter="pagina")
    _fout(api(url, perPagina="-5"), 400, "perPagina_ongeldig", "geheel getal", parameter="perPagina")
    # API 1.0's name still works (deprecated), and a refusal names the parameter as the client sent it
    _fout(api(url, per_pagina="-5"), 400, "per_pagina_ongeldig", "per_pagina", parameter="per_pagina")


def test_sleutel_ontbreekt_of_is_fout(api, opzet):
    url = reverse("uitwisseling:api_v1_organisatie_aanbieders", args=[opzet.bestuur.code])
    _fout(api(url, sleutel=None), 401, "sleutel_ontbreekt", "Authorization: Bearer", "X-API-Key")
    _fout(api(url, sleutel="las1.verkeerd-geheim"), 401, "sleutel_ongeldig")
    _fout(api(url, sleutel="zonder-punt"), 401, "sleutel_ongeldig")
    _fout(api(url, sleutel=opzet.sleutel + "x"), 401, "sleutel_ongeldig")


def test_post_geeft_405(client, opzet):
    headers = {"Authorization": f"Bearer {opzet.sleutel}"}
    for url, toegestaan in ((reverse("uitwisseling:api_v1_organisatie_aanbieders", args=[opzet.bestuur.code]),
                             "GET, HEAD"),
                            (reverse("uitwisseling:api_v1_wijzigingen"), "GET, HEAD"),
                            (reverse("uitwisseling:api_v1_openapi"), "GET, HEAD, OPTIONS")):  # OPTIONS: CORS
        for methode in (client.post, client.put, client.delete, client.patch):
            antwoord = methode(url, headers=headers)
            _fout(antwoord, 405, "methode_niet_toegestaan", "GET")
            assert antwoord["Allow"] == toegestaan


@pytest.mark.parametrize(("sinds", "code", "fragment"), [
    (None, "sinds_ontbreekt", "ontbreekt"),
    ("gisteren", "sinds_ongeldig", "geen tijdstip"),
    ("2026-11-01T10:00:00", "sinds_ongeldig", "geen tijdzone"),
    ("2026-13-01T10:00:00Z", "sinds_ongeldig", "geen tijdstip"),
])
def test_sinds_ontbreekt_of_is_ongeldig(api, opzet, sinds, code, fragment):
    params = {} if sinds is None else {"sinds": sinds}
    melding = _fout(api(reverse("uitwisseling:api_v1_wijzigingen"), **params), 400, code, fragment, parameter="sinds")
    assert "2026-08-01T00:00:00Z" in melding and "%2B" in melding  # says how to write it


def test_sinds_met_plus_als_spatie_wordt_begrepen(client, opzet):
    """An unencoded '+02:00' arrives as ' 02:00'; it is read as the offset it was meant to be."""
    url = reverse("uitwisseling:api_v1_wijzigingen") + "?sinds=2026-11-01T10:00:00+02:00"
    antwoord = client.get(url, headers={"Authorization": f"Bearer {opzet.sleutel}"})
    assert antwoord.status_code == 200
    assert antwoord.json()["sinds"] == "2026-11-01T10:00:00+02:00"
