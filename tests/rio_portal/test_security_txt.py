"""/.well-known/security.txt (RFC 9116): public, plain text, with Contact and an Expires less than a year ahead."""

from datetime import UTC, datetime, timedelta

import pytest

pytestmark = pytest.mark.django_db

URL = "/.well-known/security.txt"


def _velden(antwoord) -> dict[str, list[str]]:
    velden: dict[str, list[str]] = {}
    for regel in antwoord.content.decode().splitlines():
        naam, _, waarde = regel.partition(": ")
        velden.setdefault(naam, []).append(waarde)
    return velden


def _verloopt(antwoord) -> datetime:
    (waarde,) = _velden(antwoord)["Expires"]  # RFC 9116 §2.5.5: exactly once
    return datetime.fromisoformat(waarde.replace("Z", "+00:00"))


def test_openbaar_met_contact_en_verloopdatum(client, settings, vandaag):
    settings.SECURITY_TXT_CONTACT = ["mailto:meldpunt@voorbeeld.nl", "https://voorbeeld.nl/kwetsbaarheid"]
    settings.SECURITY_TXT_GELDIG_DAGEN = 90
    antwoord = client.get(URL)
    assert antwoord.status_code == 200
    assert antwoord["Content-Type"] == "text/plain; charset=utf-8"
    velden = _velden(antwoord)
    assert velden["Contact"] == ["mailto:meldpunt@voorbeeld.nl", "https://voorbeeld.nl/kwetsbaarheid"]
    assert velden["Canonical"] == ["http://testserver/.well-known/security.txt"]
    nu = datetime.now(UTC)
    assert _verloopt(antwoord) - nu == timedelta(days=90) - timedelta(microseconds=nu.microsecond)
    assert antwoord.content.decode().endswith("\n")


def test_verloopdatum_blijft_onder_een_jaar(client, settings, vandaag):
    """A setting of more than a year is capped: RFC 9116 advises an Expires less than a year ahead."""
    settings.SECURITY_TXT_GELDIG_DAGEN = 1000
    assert _verloopt(client.get(URL)) < datetime.now(UTC) + timedelta(days=365)
    settings.SECURITY_TXT_GELDIG_DAGEN = 0
    assert _verloopt(client.get(URL)) > datetime.now(UTC)


def test_alleen_lezen(client):
    assert client.post(URL).status_code == 405
    assert client.head(URL).status_code == 200
