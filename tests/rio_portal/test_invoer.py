"""Bad input never ends in a server error (issue 15, §4), on PostgreSQL and SQLite alike:

- a NUL byte in a path, query string or header is a 400 (JSON for the API), before anything is stored or logged;
- a NUL byte in a form field is a form error, and nothing is saved;
- an integer beyond 64 bits in a form field or a URL key is a form error or a 404;
- the API's call log never turns a refusal into a 500;
- what a logged-in person sees or downloads is never kept by a shared cache; public pages stay cacheable.
"""

import re
from unittest import mock

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from registratie.models import AuditRegel, Contactgegevens, Onderwijslocatie
from tests.helpers import factories
from tests.helpers.urls import patronen, url_voor

REUS = str(2**64)  # beyond a signed 64-bit integer: SQLite cannot bind it


# --- NUL in the request itself ------------------------------------------------------------------------------

@pytest.mark.django_db
def test_nul_in_api_query_zonder_sleutel_is_400_json(client):
    antwoord = client.get("/api/v1/wijzigingen?x=%00")
    assert antwoord.status_code == 400
    assert antwoord["Content-Type"] == "application/problem+json" and antwoord["API-Version"]
    assert antwoord.json()["code"] == "nul_teken" and antwoord.json()["status"] == 400
    assert "NUL" in antwoord.json()["detail"]


@pytest.mark.django_db
def test_nul_in_api_query_met_sleutel_is_400_en_wordt_niet_gelogd(client):
    from uitwisseling.models import ApiAanroep

    _, sleutel = factories.systeem_met_sleutel(prefix="nul1")
    antwoord = client.get("/api/v1/wijzigingen?sinds=2026-08-01T00:00:00Z%00", HTTP_X_API_KEY=sleutel)
    assert antwoord.status_code == 400
    assert not ApiAanroep.objects.exists()


@pytest.mark.django_db
@pytest.mark.parametrize("url", ["/zoeken/?q=%00", "/zoeken/?q=ab%00cd", "/zoeken/?%00=1", "/openbaar/bestuur/%00/",
                                 "/inloggen/?next=/%00", "/organisatie/12AB%00/"])
def test_nul_in_pad_of_query_is_400_met_uitleg(client, url):
    antwoord = client.get(url)
    assert antwoord.status_code == 400
    assert "NUL-teken" in antwoord.content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize("header", ["HTTP_X_API_KEY", "HTTP_USER_AGENT", "HTTP_ACCEPT_LANGUAGE", "HTTP_REFERER"])
def test_nul_in_header_is_400(client, header):
    assert client.get("/zoeken/?q=school", **{header: "a\x00b"}).status_code == 400
    assert client.get("/api/v1/wijzigingen", **{header: "a\x00b"}).status_code == 400


# --- NUL and huge integers in forms -----------------------------------------------------------------------

def _stand() -> tuple[int, ...]:
    return Contactgegevens.objects.count(), Onderwijslocatie.objects.count(), AuditRegel.objects.count()


@pytest.mark.django_db
@pytest.mark.parametrize("veld,waarde", [
    ("email", "info\x00@example.nl"), ("telefoonnummer", "\x00"), ("website", "https://a.nl/\x00"),
    ("context", "ALGEMEEN\x00"), ("bezoek_postcode", "1234\x00AB"), ("bezoek_huisnummer", "1\x00"),
    ("begindatum", "2026-08-01\x00"), ("bezoek_huisnummer", REUS), ("bezoek_huisnummer", "9" * 40),
    ("post_huisnummer", "-" + REUS),
])
def test_nul_of_reuzengetal_in_contactformulier_is_formulierfout(beheerder_client, bestuur, veld, waarde):
    voor = _stand()
    data = {"context": "ALGEMEEN", "begindatum": "2026-08-01", "email": "info@example.nl", veld: waarde}
    antwoord = beheerder_client.post(reverse("registratie:contact_toevoegen", args=["bestuur", bestuur.code]), data)
    assert antwoord.status_code == 200
    assert "Het formulier is niet opgeslagen" in antwoord.content.decode()
    assert _stand() == voor


@pytest.mark.django_db
@pytest.mark.parametrize("huisnummer", [REUS, "9" * 30, "100000"])
def test_reuzenhuisnummer_bij_locatie_is_formulierfout(beheerder_client, bestuur, huisnummer):
    voor = _stand()
    antwoord = beheerder_client.post(reverse("registratie:locatie_toevoegen", args=[bestuur.code]), {
        "postcode": "1234AB", "huisnummer": huisnummer, "straatnaam": "Straat", "plaatsnaam": "Plaats",
        "begindatum": "2026-08-01"})
    assert antwoord.status_code == 200
    assert "Het huisnummer ligt tussen 1 en 99999." in antwoord.content.decode()
    assert _stand() == voor


@pytest.mark.django_db
@pytest.mark.parametrize("keuze", [str(2**63), REUS, "-" + REUS, "\x00", "1\x00"])
def test_reuzensleutel_of_nul_als_meerkeuze_is_formulierfout(beheerder_client, bestuur, keuze):
    """A tampered checkbox value: Django checks multiple choices with pk__in, which passes the number on."""
    voor = _stand()
    antwoord = beheerder_client.post(reverse("registratie:aanbieder_toevoegen", args=[bestuur.code]), {
        "naam": "School", "begindatum": "2026-08-01", "instellingen": keuze})
    assert antwoord.status_code == 200
    assert "Het formulier is niet opgeslagen" in antwoord.content.decode()
    assert _stand() == voor


@pytest.mark.django_db
@pytest.mark.parametrize("naam", ["sjabloon\x00.xlsx", "\x00", "a" * 300 + ".xlsx"])
def test_nul_in_bestandsnaam_van_upload_is_geen_serverfout(beheerder_client, bestuur, naam):
    url = reverse("blauwdruk:uploaden", args=[bestuur.code])
    antwoord = beheerder_client.post(url, {"bestand": SimpleUploadedFile(naam, b"PK\x03\x04 geen xlsx")})
    assert antwoord.status_code in (200, 302, 400)


# --- Huge integers and NUL in every URL argument --------------------------------------------------------------

ARGUMENT = re.compile(r"<(?:(\w+):)?(\w+)>")


PLEK = "ZZargumentZZ"


def _gevuld(naam: str, patroon: str, objecten) -> str:
    """The pattern filled with board B's objects; arguments url_voor does not know (the API's codes) get "1"."""
    try:
        return url_voor(naam, patroon, objecten)
    except AssertionError:
        return ARGUMENT.sub("1", url_voor(naam, ARGUMENT.sub("1", patroon), objecten))


def _fuzz_urls(objecten) -> list[tuple[str, str]]:
    """(name, url) for every pattern with an argument, each argument in turn a NUL, a huge number, a NUL followed
    by a huge number and a negative number; the other arguments are valid objects of board B."""
    gevonden = []
    for naam, patroon in patronen():
        if naam.startswith(("admin:", "oidc")):
            continue
        for argument in ARGUMENT.finditer(patroon):
            url = _gevuld(naam, patroon.replace(argument.group(0), PLEK, 1), objecten)
            gevonden += [(naam, url.replace(PLEK, waarde)) for waarde in ("%00", REUS, "1%00" + REUS, "-1")]
    return gevonden


@pytest.mark.django_db
@pytest.mark.parametrize("wie", ["anoniem", "beheerder", "duo"])
def test_nul_en_reuzengetal_in_elk_urlargument_geeft_geen_serverfout(client, beheerder, objecten_van_b, wie):
    from django.contrib.auth import get_user_model

    if wie == "beheerder":
        client.force_login(beheerder)
    elif wie == "duo":
        client.force_login(get_user_model().objects.create_superuser("duo_url", "duo@example.nl", "x"))
    urls = _fuzz_urls(objecten_van_b)
    assert len(urls) >= 80, len(urls)  # the walk must reach the patterns, or this test passes on nothing
    for naam, url in urls:
        for methode in (client.get, client.post):
            antwoord = methode(url)
            assert antwoord.status_code < 500, f"{naam} {url}: {antwoord.status_code}"
            if "%00" in url:
                assert antwoord.status_code == 400, f"{naam} {url}: {antwoord.status_code}"


@pytest.mark.django_db
def test_reuzensleutel_in_url_is_404(beheerder_client):
    for url in (f"/contactgegevens/{REUS}/", f"/contactgegevens/{2**63 - 1}/", f"/contactgegevens/{'9' * 30}/",
                f"/toegang/systemen/{REUS}/sleutels/"):
        assert beheerder_client.get(url).status_code == 404, url


# --- The API call log -----------------------------------------------------------------------------------------

@pytest.mark.django_db
def test_mislukte_logregel_maakt_van_een_weigering_geen_500(client, caplog):
    from uitwisseling.models import ApiAanroep

    _, sleutel = factories.systeem_met_sleutel(prefix="nul2")
    with mock.patch.object(ApiAanroep, "save", side_effect=ValueError("kapot")), \
            caplog.at_level("ERROR", logger="uitwisseling.api"):
        antwoord = client.get("/api/v1/wijzigingen?sinds=gisteren", HTTP_X_API_KEY=sleutel)
    assert antwoord.status_code == 400
    assert antwoord.json()["code"] == "sinds_ongeldig"
    assert any("niet gelogd" in r.getMessage() for r in caplog.records)


@pytest.mark.django_db
def test_logregel_zonder_nul_en_binnen_de_kolommen(rf):
    from uitwisseling.aanroep import _log
    from uitwisseling.models import ApiAanroep

    # Reaches _log directly: the middleware refuses such a request at the door, the log must not rely on that.
    verzoek = rf.get("/api/v1/wijzigingen/" + "x" * 400, {"a\x00": "b\x00" * 200, "peildatum": "2026\x00"})
    _log(verzoek, "wijzigingen", "json", None, 400, 0, "melding met \x00 erin " + "m" * 400)
    regel = ApiAanroep.objects.get()
    assert "\x00" not in regel.melding and "\x00" not in regel.pad and len(regel.melding) <= 300
    assert all("\x00" not in k and "\x00" not in v and len(v) <= 100 for k, v in regel.parameters.items())


# --- Cache-Control ------------------------------------------------------------------------------------------

GEEN_OPSLAG = "private, no-store"


@pytest.mark.django_db
def test_ingelogde_paginas_en_downloads_worden_niet_bewaard(beheerder_client, bestuur):
    urls = [reverse("registratie:organisatie", args=[bestuur.code]),
            reverse("blauwdruk:sjabloon", args=[bestuur.code]),
            reverse("controle:controlebestand_xlsx", args=[bestuur.code]),
            reverse("controle:controlebestand_zip", args=[bestuur.code]),
            reverse("registratie:kies_bestuur"),
            "/zoeken/?q=school",  # a public page opened while logged in shows the person's menu
            "/bestaat-niet/"]
    for url in urls:
        antwoord = beheerder_client.get(url)
        assert antwoord.status_code in (200, 302, 404), url
        assert antwoord.get("Cache-Control") == GEEN_OPSLAG, f"{url}: {antwoord.get('Cache-Control')}"


@pytest.mark.django_db
def test_api_antwoorden_worden_niet_bewaard(client):
    for url in ("/api/v1/wijzigingen", "/api/v1/openapi.json", "/api/v1/wijzigingen?x=%00", "/api/v1/wijzigingen/"):
        assert client.get(url).get("Cache-Control") == GEEN_OPSLAG, url


@pytest.mark.django_db
def test_openbare_paginas_blijven_cachebaar(client):
    for naam in ("openbaar:zoeken", "openbaar:open_data", "home"):
        antwoord = client.get(reverse(naam))
        assert "no-store" not in antwoord.get("Cache-Control", ""), naam
