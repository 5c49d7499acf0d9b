"""The API Design Rules that an OpenAPI document cannot show, checked on live answers of a running portal (a real
HTTP server and a real client, ``requests``): API-Version on every answer, application/problem+json on every error,
CORS on the OpenAPI document (and not on the keyed data), no trailing slash, and API 1.0's paths redirecting.

The document itself is linted by Spectral with Logius' ruleset (``make lint-api``, docs/api/).
"""

import importlib
import re
from urllib.parse import urlsplit

import pytest
import requests
from django.apps import apps as django_apps

from uitwisseling import selectie

pytestmark = pytest.mark.django_db(transaction=True)

PROBLEEMVELDEN = {"type", "title", "status", "detail", "instance"}


@pytest.fixture(autouse=True)
def catalogus(transactional_db):
    # The opleidingen of data migration 0003: a transactional test's flush removes them (as in tests/browser).
    importlib.import_module("registratie.migrations.0003_opleidingen_catalogus").laad(django_apps, None)


@pytest.fixture
def live(live_server, opzet):
    """GET/any method against the live server, with the LAS's key unless told otherwise; no redirect followed."""

    def verzoek(pad: str, methode: str = "GET", sleutel: str | None = opzet.sleutel, **kwargs) -> requests.Response:
        headers = {"Authorization": f"Bearer {sleutel}"} if sleutel else {}
        headers |= kwargs.pop("headers", {})
        return requests.request(methode, live_server.url + pad, headers=headers, allow_redirects=False, timeout=10,
                                **kwargs)

    return verzoek


def _document(live) -> dict:
    antwoord = live("/api/v1/openapi.json", sleutel=None)
    assert antwoord.status_code == 200
    return antwoord.json()


def _paden(doc: dict, opzet) -> list[str]:
    """Every documented path, filled with codes the LAS may read (and the id of its own subscription)."""
    from uitwisseling.meldingen.models import Abonnement

    eigen = Abonnement.objects.get_or_create(systeem=opzet.systeem, defaults={
        "callback_url": "https://las.example.nl/rio", "geheim": "g" * 32})[0]
    waarden = {"{objecttype}": "onderwijsaanbieder", "{id}": str(eigen.publiek_id)}
    gevuld = []
    for pad in doc["paths"]:
        code = {"organisaties": opzet.bestuur.code, "aanbieders": opzet.gemandateerd.aanbieder.code,
                "vestigingen": "11AA00", "historie": opzet.gemandateerd.aanbieder.code}.get(pad.split("/")[1], "")
        for naam, waarde in (waarden | {"{code}": code}).items():
            pad = pad.replace(naam, waarde)
        gevuld.append("/api/v1" + pad)
    return gevuld


def _is_probleem(antwoord: requests.Response) -> dict:
    """An RFC 9457 problem: the media type, the five members, status as in the status line, and no internals."""
    assert antwoord.headers["Content-Type"] == "application/problem+json", (antwoord.url, antwoord.text[:200])
    probleem = antwoord.json()
    assert set(probleem) >= PROBLEEMVELDEN, probleem
    assert probleem["status"] == antwoord.status_code
    assert probleem["instance"] == urlsplit(antwoord.url).path
    assert probleem["type"].startswith("http") and "#probleem-" + probleem["code"] in probleem["type"]
    assert "Traceback" not in antwoord.text and "File \"" not in antwoord.text
    return probleem


def _alle_soorten_antwoorden(live, doc: dict, opzet) -> list[requests.Response]:
    """A 2xx, 3xx, 4xx and 5xx of every kind the API gives, over HTTP."""
    antwoorden = [live(pad, params={"sinds": "2026-01-01T00:00:00Z"}) for pad in _paden(doc, opzet)]
    antwoorden += [
        live("/api/v1/openapi.json", "OPTIONS", sleutel=None, headers={"Origin": "https://viewer.example",
                                                                       "Access-Control-Request-Method": "GET"}),
        live("/api/v1/openapi.json", "HEAD", sleutel=None),
        live(f"/api/v1/organisaties/{opzet.bestuur.code}/aanbieders/", params={"perPagina": 1}),  # 1.0 path: 308
        live(f"/api/v1/organisaties/{opzet.bestuur.code}/aanbieders", sleutel=None),  # 401
        live(f"/api/v1/organisaties/{opzet.bestuur.code}/aanbieders", sleutel="las1.fout"),  # 401
        live(f"/api/v1/organisaties/{opzet.ander_bestuur.code}/aanbieders"),  # 403
        live("/api/v1/organisaties/onzin/aanbieders"),  # 400
        live(f"/api/v1/organisaties/{opzet.bestuur.code}/aanbieders", params={"perPagina": "-1"}),  # 400
        live("/api/v1/aanbieders/999A999/aangeboden-opleidingen"),  # 404
        live("/api/v1/bestaat-niet"),  # 404
        live("/api/v1/openapi.json/", sleutel=None),  # 404: never had a slash
        live("/api/v1/wijzigingen", "POST"),  # 405
        live("/api/v1/openapi.json", "DELETE", sleutel=None),  # 405
        live("/api/v1/", "PUT", sleutel=None),  # 405
    ]
    return antwoorden


def test_elk_antwoord_noemt_de_versie_en_elke_fout_is_een_probleem(live, opzet):
    doc = _document(live)
    antwoorden = _alle_soorten_antwoorden(live, doc, opzet)
    assert {a.status_code // 100 for a in antwoorden} == {2, 3, 4}
    assert {a.status_code for a in antwoorden} >= {200, 204, 308, 400, 401, 403, 404, 405}
    for antwoord in antwoorden:
        assert antwoord.headers.get("API-Version") == doc["info"]["version"] == "1.3.0", (
            antwoord.request.method, antwoord.url, antwoord.status_code)
        if antwoord.status_code >= 400:
            _is_probleem(antwoord)
        elif antwoord.request.method != "HEAD" and antwoord.status_code == 200:
            assert antwoord.headers["Content-Type"].split(";")[0] in ("application/json", "text/html")
    # a method that is refused names the ones that are allowed
    assert all("GET" in a.headers["Allow"] for a in antwoorden if a.status_code == 405)


def test_elk_antwoord_heeft_de_beveiligingsheaders(live, opzet):
    """API Design Rules /core/transport/security-headers: on every answer, errors and redirects included."""
    for antwoord in _alle_soorten_antwoorden(live, _document(live), opzet):
        kop = antwoord.headers
        waar = (antwoord.request.method, antwoord.url, antwoord.status_code)
        assert "no-store" in kop["Cache-Control"], waar
        assert kop["X-Content-Type-Options"] == "nosniff" and kop["X-Frame-Options"] == "DENY", waar
        assert "frame-ancestors 'none'" in kop["Content-Security-Policy"], waar


def test_serverfout_is_een_probleem_zonder_details(live, opzet, monkeypatch):
    """A bug in an operation: 500 as a problem with the version, no traceback, no exception text."""

    def kapot(*args):
        raise RuntimeError("geheime interne details")

    monkeypatch.setattr(selectie, "bestuur_voor_systeem", kapot)  # the board lists' first step
    antwoord = live(f"/api/v1/organisaties/{opzet.bestuur.code}/aanbieders")
    assert antwoord.status_code == 500 and antwoord.headers["API-Version"] == "1.3.0"
    assert _is_probleem(antwoord)["code"] == "interne_fout"
    assert "geheime" not in antwoord.text and "RuntimeError" not in antwoord.text


def test_post_zonder_csrf_token_krijgt_405_als_probleem(live, opzet):
    """Over real HTTP the CSRF middleware runs: a POST must still end as the API's 405, not Django's HTML 403."""
    for pad in ("/api/v1/openapi.json", "/api/v1/", f"/api/v1/organisaties/{opzet.bestuur.code}/aanbieders",
                "/api/v1/bestaat-niet"):
        antwoord = live(pad, "POST", data={"x": "1"})
        assert antwoord.status_code in (404, 405), (pad, antwoord.status_code, antwoord.text[:200])
        _is_probleem(antwoord)


def test_cors_op_het_openapi_document_en_niet_op_de_gegevens(live, opzet):
    """A documentation viewer on another site may read the document (API Design Rules /core/publish-openapi); a page
    on another site may not read a school's data with a key the browser holds."""
    herkomst = {"Origin": "https://viewer.example"}
    document = live("/api/v1/openapi.json", sleutel=None, headers=herkomst)
    assert document.headers["Access-Control-Allow-Origin"] == "*"
    assert "API-Version" in document.headers["Access-Control-Expose-Headers"]
    vooraf = live("/api/v1/openapi.json", "OPTIONS", sleutel=None,
                  headers=herkomst | {"Access-Control-Request-Method": "GET"})
    assert vooraf.status_code == 204 and vooraf.headers["Access-Control-Allow-Origin"] == "*"
    assert "GET" in vooraf.headers["Access-Control-Allow-Methods"]
    gegevens = live(f"/api/v1/organisaties/{opzet.bestuur.code}/aanbieders", headers=herkomst)
    assert gegevens.status_code == 200 and "Access-Control-Allow-Origin" not in gegevens.headers


def test_geen_pad_eindigt_op_een_slash_en_elk_pad_bestaat(live, opzet):
    doc = _document(live)
    assert doc["servers"] == [{"url": "/api/v1", "description": "Deze omgeving"}]
    for pad in doc["paths"]:
        assert pad == "/" or not pad.endswith("/"), pad
    for pad in _paden(doc, opzet):
        antwoord = live(pad, params={"sinds": "2026-01-01T00:00:00Z"})
        assert antwoord.status_code == 200, (pad, antwoord.text[:200])


def test_paden_van_1_0_verwijzen_door_met_dezelfde_query(live, live_server, opzet):
    """API 1.0's paths (with a slash) answer 308 to the new path, query string kept; a client that follows it
    (requests keeps the Authorization header on the same host) gets what the new path gives."""
    doc = _document(live)
    query = "peildatum=2026-11-28&per_pagina=1&pagina=1"
    for nieuw in _paden(doc, opzet):
        if (nieuw in ("/api/v1/", "/api/v1/openapi.json") or nieuw.startswith("/api/v1/abonnementen")
                or nieuw.endswith("/begeleidingsaanbieders") or nieuw == f"/api/v1/organisaties/{opzet.bestuur.code}"):
            continue  # never had a slash (subscriptions came in 1.2, the board and its begeleidingsaanbieders in 1.3)
        oud = nieuw + "/"
        antwoord = live(f"{oud}?{query}&sinds=2026-01-01T00:00:00Z")
        assert antwoord.status_code == 308, (oud, antwoord.status_code)
        assert antwoord.headers["Location"] == f"{nieuw}?{query}&sinds=2026-01-01T00:00:00Z"
        gevolgd = requests.get(f"{live_server.url}{oud}?sinds=2026-01-01T00:00:00Z", timeout=10,
                               headers={"Authorization": f"Bearer {opzet.sleutel}"})
        assert gevolgd.status_code == 200 and urlsplit(gevolgd.url).path == nieuw, (oud, gevolgd.status_code)
        assert gevolgd.json() == live(nieuw, params={"sinds": "2026-01-01T00:00:00Z"}).json()


def test_oude_paden_verwijzen_ook_zonder_sleutel_maar_geven_niets_prijs(live, opzet):
    """The redirect needs no key and shows nothing; the data behind it still asks for the key and the mandate."""
    oud = f"/api/v1/organisaties/{opzet.ander_bestuur.code}/aanbieders/"
    antwoord = live(oud, sleutel=None)
    assert antwoord.status_code == 308 and antwoord.content == b""
    assert live(antwoord.headers["Location"], sleutel=None).status_code == 401
    assert live(antwoord.headers["Location"]).status_code == 403  # not mandated by board B


def test_oude_parameternamen_werken_nog_en_de_links_gebruiken_de_nieuwe(live, opzet):
    from tests.helpers import factories

    factories.bo_opleiding(opzet.gemandateerd.aanbieder, locatie=opzet.gemandateerd.gebruik.locatie)
    pad = f"/api/v1/organisaties/{opzet.bestuur.code}/aangeboden-opleidingen"
    oud, nieuw = live(pad, params={"per_pagina": 1}).json(), live(pad, params={"perPagina": 1}).json()
    assert oud == nieuw and nieuw["paginering"]["aantal_paginas"] == 2
    assert re.search(r"[?&]perPagina=1(&|$)", nieuw["paginering"]["volgende"])
    assert "per_pagina" not in nieuw["paginering"]["volgende"]
    # both given: the new name wins
    assert live(pad, params={"perPagina": 2, "per_pagina": 1}).json()["paginering"]["per_pagina"] == 2
