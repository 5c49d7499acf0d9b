"""Property-based fuzzing of every form and upload endpoint of the portal: whatever is posted, the answer is
never a server error. The forms are discovered, not listed: every URL pattern is opened (with the objects of
tests/rio_portal/test_isolatie_urls.py) as a DUO functional administrator, who may open everything, and each POST form
on the page is submitted with random values for its own field names (files for file inputs).

A new form is fuzzed without touching this file; tests/rio_portal/test_formulieren_fuzz.py additionally proves that a
refused register form stores nothing."""

import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.rio_portal.test_isolatie_urls import OPENBAAR, _elders, _patronen, _url_voor, objecten_van_b  # noqa: F401 (objecten_van_b is a fixture)

# Not fuzzed here, with the reason.
OVERGESLAGEN = {
    "logout": "uitloggen: geen formulier met invoer",
    "login": "inloggen: tests/autorisatie/oidc en de wachtwoordlogin van Django",
}

FORMULIER = re.compile(r"<form\b[^>]*method=\"post\"[^>]*>(.*?)</form>", re.S | re.I)
VELD = re.compile(r"<(input|select|textarea)\b([^>]*)>", re.I)
ATTRIBUUT = re.compile(r"(\w[\w-]*)=\"([^\"]*)\"")

tekst = st.one_of(
    st.text(max_size=30),
    st.sampled_from(["", "0", "-1", "99999999999", "2027-07-31", "31-07-2027", "2021-02-30", "1234 AB", "=1+1",
                     "<script>", "a" * 300, "\x00", "BO", "RIO", "ALGEMEEN", "11AA", "100B001", "1", "on"]),
)
bestand = st.binary(max_size=2000).map(lambda inhoud: SimpleUploadedFile("fuzz.xlsx", inhoud))


def _velden(html: str) -> list[tuple[str, str]]:
    """(name, type) of the inputs of every POST form on the page, without the CSRF token."""
    velden = []
    for formulier in FORMULIER.findall(html):
        for soort, attributen in VELD.findall(formulier):
            attr = dict(ATTRIBUUT.findall(attributen))
            naam = attr.get("name")
            if naam and naam != "csrfmiddlewaretoken":
                velden.append((naam, attr.get("type", soort).lower()))
    return velden


def _te_fuzzen(client, objecten) -> list[tuple[str, str, list[tuple[str, str]]]]:
    gevonden = []
    for naam, patroon in _patronen():
        # Public pages (OPENBAAR) only have GET forms (search); the API has no forms.
        if naam in OVERGESLAGEN or naam in OPENBAAR or _elders(naam) or naam.startswith("uitwisseling:"):
            continue
        url = _url_voor(naam, patroon, objecten)
        antwoord = client.get(url)
        if antwoord.status_code == 200 and "html" in antwoord.get("Content-Type", ""):
            velden = _velden(antwoord.content.decode())
            if velden:
                gevonden.append((naam, url, velden))
    return gevonden


@pytest.mark.django_db
def test_geen_serverfout_op_enig_formulier(client, objecten_van_b):  # noqa: F811
    from django.contrib.auth import get_user_model

    duo = get_user_model().objects.create_superuser("duo_fuzz", "duo@example.nl", "x")
    client.force_login(duo)
    formulieren = _te_fuzzen(client, objecten_van_b)
    # The discovery itself must find the register's forms, or this test would pass on nothing.
    namen = {naam for naam, _, _ in formulieren}
    assert {"registratie:aanbieder_toevoegen", "registratie:contact_toevoegen"} <= namen, namen
    assert len(formulieren) >= 20, namen

    for naam, url, velden in formulieren:
        _fuzz(client, naam, url, velden)


def _fuzz(client, naam: str, url: str, velden: list[tuple[str, str]]) -> None:
    strategie = st.fixed_dictionaries({veld: (bestand if soort == "file" else tekst) for veld, soort in velden})

    @settings(max_examples=6, deadline=None, database=None, suppress_health_check=list(HealthCheck))
    @given(strategie)
    def probeer(data):
        antwoord = client.post(url, data)
        assert antwoord.status_code < 500, f"{naam} {url}: {antwoord.status_code} bij {data!r}"

    probeer()
