"""The OpenAPI document: valid structure, every /api/v1/ pattern documented, and the real answers match its
schemas (a small JSON Schema check, because openapi-spec-validator is not a dependency)."""

import json
import re
from typing import Any

import pytest
from django.urls import reverse

from tests.helpers.urls import patronen

pytestmark = pytest.mark.django_db

PREFIX = "api/v1/"


def _document(client) -> dict:
    antwoord = client.get(reverse("uitwisseling:api_v1_openapi"))
    assert antwoord.status_code == 200 and antwoord["Content-Type"] == "application/json"
    return json.loads(antwoord.content)


def api_patronen() -> dict[str, str]:
    """Every URL pattern under /api/v1/ as an OpenAPI path ('/organisaties/{code}/aanbieders') → its name."""
    return {"/" + re.sub(r"<(?:\w+:)?(\w+)>", r"{\1}", patroon[len(PREFIX):]): naam
            for naam, patroon in patronen() if patroon.startswith(PREFIX)}


def _los_op(doc: dict, obj: Any) -> Any:
    while isinstance(obj, dict) and "$ref" in obj:
        assert obj["$ref"].startswith("#/"), obj
        doel = doc
        for deel in obj["$ref"][2:].split("/"):
            assert deel in doel, f"$ref {obj['$ref']} wijst nergens heen"
            doel = doel[deel]
        obj = doel
    return obj


def _alle_refs(obj: Any) -> list[dict]:
    if isinstance(obj, dict):
        return ([obj] if "$ref" in obj else []) + [r for v in obj.values() for r in _alle_refs(v)]
    if isinstance(obj, list):
        return [r for v in obj for r in _alle_refs(v)]
    return []


TYPEN = {"object": dict, "array": list, "string": str, "integer": int, "boolean": bool, "null": type(None)}


def valideer(doc: dict, schema: dict, waarde: Any, pad: str = "$") -> None:
    """Enough of JSON Schema (type, required, properties, items, enum, pattern, minimum) for this document."""
    schema = _los_op(doc, schema)
    typen = schema.get("type")
    if typen is not None:
        typen = typen if isinstance(typen, list) else [typen]
        assert any(isinstance(waarde, TYPEN[t]) and not (t == "integer" and isinstance(waarde, bool))
                   for t in typen), f"{pad}: {waarde!r} is geen {typen}"
    if waarde is None:
        return
    if "enum" in schema:
        assert waarde in schema["enum"], f"{pad}: {waarde!r} niet in {schema['enum']}"
    if "pattern" in schema:
        assert re.search(schema["pattern"], waarde), f"{pad}: {waarde!r} past niet op {schema['pattern']}"
    if "minimum" in schema:
        assert waarde >= schema["minimum"], pad
    if isinstance(waarde, dict):
        for sleutel in schema.get("required", []):
            assert sleutel in waarde, f"{pad}: {sleutel} ontbreekt"
        eigenschappen = schema.get("properties", {})
        if eigenschappen:
            onbekend = set(waarde) - set(eigenschappen)
            assert not onbekend, f"{pad}: niet gedocumenteerd: {onbekend}"
        for sleutel, sub in eigenschappen.items():
            if sleutel in waarde:
                valideer(doc, sub, waarde[sleutel], f"{pad}.{sleutel}")
    if isinstance(waarde, list) and "items" in schema:
        for i, item in enumerate(waarde):
            valideer(doc, schema["items"], item, f"{pad}[{i}]")


def test_structuur(client):
    doc = _document(client)
    assert doc["openapi"].startswith("3.1.")
    assert doc["info"]["title"] and doc["info"]["version"]
    assert "inclusief" in doc["info"]["description"] and "einddatum" in doc["info"]["description"]
    assert doc["servers"][0]["url"] == "/api/v1"  # relative: right in every environment, behind any proxy
    assert set(doc["info"]["contact"]) == {"name", "url", "email"} and "@" in doc["info"]["contact"]["email"]
    assert doc["info"]["version"] == "1.3.0"
    schemes = doc["components"]["securitySchemes"]
    assert {"type": "http", "scheme": "bearer"}.items() <= schemes["bearer"].items()
    assert {"type": "apiKey", "in": "header", "name": "X-API-Key"}.items() <= schemes["apiSleutel"].items()
    assert doc["security"] == [{"bearer": []}, {"apiSleutel": []}]
    for ref in _alle_refs(doc):
        _los_op(doc, ref)
    operation_ids = [op["operationId"] for item in doc["paths"].values() for op in item.values()]
    assert len(operation_ids) == len(set(operation_ids))
    for pad, item in doc["paths"].items():
        # Reading is GET; only the subscriptions to change notifications (tag Meldingen) also take POST and DELETE.
        assert pad.startswith("/") and "get" in item and set(item) <= {"get", "post", "delete"}, pad
        for methode, operatie in item.items():
            meldingen = operatie["tags"] == ["Meldingen"]
            assert methode == "get" or meldingen, (pad, methode)
            parameters = [_los_op(doc, p) for p in operatie.get("parameters", [])]
            in_pad = set(re.findall(r"{(\w+)}", pad))
            assert {p["name"] for p in parameters if p["in"] == "path"} == in_pad, pad
            assert all(p["required"] for p in parameters if p["in"] == "path")
            assert {"get": "200", "post": "201", "delete": "204"}[methode] in operatie["responses"], (pad, methode)
            if operatie.get("security") != []:
                # Formal history answers "known on date Y" (bekendOp); a peildatum ("valid on X") plays no part there,
                # nor in a system's own subscriptions.
                verwacht = {"bekendOp"} if operatie["operationId"] == "historie" else set() if meldingen else {
                    "peildatum"}
                assert verwacht <= {p["name"] for p in parameters}, pad
                for status in ("400", "401", "404", "405", "500"):
                    fout = _los_op(doc, operatie["responses"][status])
                    assert set(fout["content"]) == {"application/problem+json"}, (pad, status)
                    assert _los_op(doc, fout["content"]["application/problem+json"]["schema"]) == doc["components"][
                        "schemas"]["Probleem"]
            # API Design Rules: no trailing slash, camelCase query parameters, API-Version on every answer
            assert pad == "/" or not pad.endswith("/"), pad
            assert all(re.fullmatch(r"[a-z][a-zA-Z0-9]*", p["name"]) for p in parameters if p["in"] == "query"), pad
            for status, antwoord in operatie["responses"].items():
                assert "API-Version" in _los_op(doc, antwoord)["headers"], (pad, status)
                if in_pad and not meldingen:  # another system's subscription is a 404, as one that does not exist
                    assert "403" in operatie["responses"], pad


def test_elk_api_patroon_is_beschreven(client):
    """A new endpoint under /api/v1/ fails here until it is in the OpenAPI document (and vice versa). The unnamed
    patterns (1.0's paths redirecting, unknown paths as a 404 problem) are no operations."""
    doc = _document(client)
    patronen = api_patronen()
    assert set(patronen) == set(doc["paths"]), (
        f"niet beschreven: {sorted(set(patronen) - set(doc['paths']))}; "
        f"beschreven maar geen URL: {sorted(set(doc['paths']) - set(patronen))}")
    assert all(naam.startswith("uitwisseling:api_v1_") for naam in patronen.values()), patronen


def test_antwoorden_kloppen_met_de_schemas(client, api, opzet):
    doc = _document(client)
    code = opzet.bestuur.code
    gevallen = [
        ("/organisaties/{code}/aanbieders", code, {}, 200),
        ("/organisaties/{code}/onderwijslocatiegebruik", code, {}, 200),
        ("/organisaties/{code}/aangeboden-opleidingen", code, {}, 200),
        ("/aanbieders/{code}/aangeboden-opleidingen", opzet.gemandateerd.aanbieder.code, {}, 200),
        ("/vestigingen/{code}/aangeboden-opleidingen", "11AA00", {}, 200),
        ("/wijzigingen", None, {"sinds": "2026-01-01T00:00:00Z", "perPagina": 1}, 200),
        ("/organisaties/{code}/aanbieders", opzet.ander_bestuur.code, {}, 403),
        ("/organisaties/{code}/aanbieders", "onzin", {}, 400),
        ("/aanbieders/{code}/aangeboden-opleidingen", "999A999", {}, 404),
        ("/wijzigingen", None, {}, 400),
        ("/wijzigingen", None, {"sinds": "2026-01-01T00:00:00Z", "perPagina": "nul"}, 400),
    ]
    for pad, waarde, params, status in gevallen:
        url = "/api/v1" + (pad.replace("{code}", waarde) if waarde else pad)
        antwoord = api(url, **params)
        assert antwoord.status_code == status, (url, antwoord.content)
        beschreven = _los_op(doc, doc["paths"][pad]["get"]["responses"][str(status)])
        soort = antwoord["Content-Type"]
        valideer(doc, beschreven["content"][soort]["schema"], antwoord.json(), url)
    valideer(doc, doc["components"]["schemas"]["Probleem"], api("/api/v1/wijzigingen", sleutel=None).json())


def test_validator_vindt_schemafout():
    """The small validator itself rejects what it should (so the test above proves something)."""
    doc = {"components": {"schemas": {"X": {"type": "object", "required": ["a"],
                                            "properties": {"a": {"type": ["string", "null"], "pattern": "^[0-9]$"}}}}}}
    schema = {"$ref": "#/components/schemas/X"}
    valideer(doc, schema, {"a": "1"})
    valideer(doc, schema, {"a": None})
    for fout in ({}, {"a": 1}, {"a": "12"}, {"a": "1", "b": 2}):
        with pytest.raises(AssertionError):
            valideer(doc, schema, fout)


def test_officiele_validator_als_die_er_is(client):
    validator = pytest.importorskip("openapi_spec_validator")
    validator.validate(_document(client))
