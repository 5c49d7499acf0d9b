"""The KvK Basisprofiel adapter and ververs_handelsregister against a real local HTTP server that answers with
recorded responses (kvk_server.py): what is read and stored, and the mistakes and attacks: a wrong key, an
unknown number, the KvK down or slow, a number that is not 8 digits, an answer with NUL or too long texts."""

import io
import logging
import socket
import time
from datetime import date

import pytest
from django.core.management import CommandError, call_command

from registratie.handelsregister import (
    Adres,
    Basisprofiel,
    GeenToegang,
    HandelsregisterFout,
    NietBereikbaar,
    NietGevonden,
    bron,
)
from registratie.handelsregister import kvk as kvk_module
from registratie.models import AuditRegel, BevoegdGezag, Handelsregistergegevens
from tests.helpers.handelsregister import met_kvk_nummer
from tests.registratie.handelsregister.kvk_server import (
    ACTIEF,
    BEEINDIGD,
    ONBEKEND,
    SLEUTEL,
    TRAAG,
    KvkServer,
    opname,
)


@pytest.fixture
def kvk(settings):
    server = KvkServer()
    settings.HANDELSREGISTER = "kvk"
    settings.KVK_API_URL = server.start()
    settings.KVK_API_KEY = SLEUTEL
    settings.KVK_TIMEOUT = 0.5
    yield server
    server.stop()


def _ververs(*args: str) -> str:
    uit = io.StringIO()
    call_command("ververs_handelsregister", *args, stdout=uit)
    return uit.getvalue()


# --- The adapter ---------------------------------------------------------------------------------------------

def test_actief_basisprofiel_gelezen_met_sleutel_alleen_in_de_header(kvk):
    profiel = bron().basisprofiel(ACTIEF)
    assert profiel == Basisprofiel(
        kvk_nummer=ACTIEF, naam="Stichting Openbaar Onderwijs De Regenboog",
        bezoekadres=Adres("Schoolstraat", 12, "A", "3511AB", "UTRECHT"),
        postadres=Adres("Postbus 123", None, "", "3500AC", "UTRECHT"),
        website="https://www.regenboog-scholen.example", telefoonnummer="030 123 4567",
        datum_aanvang=date(2008, 1, 1), datum_einde=None)
    [(pad, headers)] = kvk.verzoeken
    assert pad == f"/api/v1/basisprofielen/{ACTIEF}"
    assert headers["apikey"] == SLEUTEL


def test_beeindigde_inschrijving_heeft_een_einddatum(kvk):
    profiel = bron().basisprofiel(BEEINDIGD)
    assert (profiel.datum_einde, profiel.website, profiel.telefoonnummer) == (date(2026, 7, 31), "", "")
    assert profiel.bezoekadres == Adres("Kerkweg", 3, "", "7411AA", "DEVENTER")


def test_onbekend_nummer_is_niet_gevonden(kvk):
    with pytest.raises(NietGevonden, match=ONBEKEND):
        bron().basisprofiel(ONBEKEND)


def test_verkeerde_sleutel_geeft_geen_toegang_en_noemt_de_sleutel_nergens(kvk, settings):
    settings.KVK_API_KEY = "verkeerde-sleutel-d41d8c"
    adapter = bron()
    with pytest.raises(GeenToegang) as fout:
        adapter.basisprofiel(ACTIEF)
    assert "401" in str(fout.value)
    assert "verkeerde-sleutel-d41d8c" not in f"{fout.value!s} {fout.value!r} {adapter!r}"


def test_kvk_plat_is_niet_bereikbaar(settings):
    with socket.socket() as s:  # a port that nobody listens on
        s.bind(("127.0.0.1", 0))
        poort = s.getsockname()[1]
    settings.HANDELSREGISTER, settings.KVK_API_KEY = "kvk", SLEUTEL
    settings.KVK_API_URL = f"http://127.0.0.1:{poort}/api"
    with pytest.raises(NietBereikbaar) as fout:
        bron().basisprofiel(ACTIEF)
    assert SLEUTEL not in str(fout.value)


def test_trage_kvk_wacht_niet_langer_dan_de_timeout(kvk):
    begin = time.monotonic()
    with pytest.raises(NietBereikbaar):
        bron().basisprofiel(TRAAG)
    assert time.monotonic() - begin < 1.5


@pytest.mark.parametrize("nummer", ["6875011\x00", "6875011O", "../../../x", "68750110/x", "١٢٣٤٥٦٧٨", "1234567",
                                    "123456789", " 68750110", "68750110\n", ""])
def test_ongeldig_kvk_nummer_wordt_nooit_verstuurd(kvk, nummer):
    with pytest.raises(HandelsregisterFout, match="8 cijfers"):
        bron().basisprofiel(nummer)
    assert kvk.verzoeken == []


def test_antwoord_over_een_ander_nummer_geweigerd(kvk):
    kvk.antwoorden[ACTIEF] = kvk.antwoorden[BEEINDIGD]
    with pytest.raises(NietBereikbaar, match="geen Basisprofiel van dit nummer"):
        bron().basisprofiel(ACTIEF)


@pytest.mark.parametrize("body", [b"<html>Service Unavailable</html>", b"[]", b"\xff\xfe", b"null"])
def test_antwoord_dat_geen_basisprofiel_is(kvk, body):
    kvk.antwoorden[ACTIEF] = (200, body)
    with pytest.raises(NietBereikbaar):
        bron().basisprofiel(ACTIEF)


def test_500_is_niet_bereikbaar(kvk):
    kvk.antwoorden[ACTIEF] = (503, b"{}")
    with pytest.raises(NietBereikbaar, match="503"):
        bron().basisprofiel(ACTIEF)


# --- Off by default --------------------------------------------------------------------------------------------

@pytest.mark.django_db
def test_standaard_uit_en_dan_wordt_niets_aangeroepen(bestuur, monkeypatch):
    from django.conf import settings

    assert settings.HANDELSREGISTER == "uit"
    assert bron() is None

    def nooit(*args, **kwargs):
        raise AssertionError("de KvK aangeroepen terwijl het Handelsregister uit staat")

    monkeypatch.setattr(kvk_module, "haal", nooit)
    met_kvk_nummer(bestuur, ACTIEF)
    assert "staat uit" in _ververs()
    assert not Handelsregistergegevens.objects.exists()


def test_onbekende_keuze_is_een_configuratiefout(settings):
    from django.core.exceptions import ImproperlyConfigured

    settings.HANDELSREGISTER = "aan"
    with pytest.raises(ImproperlyConfigured):
        bron()


def test_lege_sleutel_is_een_configuratiefout(settings):
    from django.core.exceptions import ImproperlyConfigured

    settings.HANDELSREGISTER, settings.KVK_API_KEY = "kvk", ""
    with pytest.raises(ImproperlyConfigured, match="KVK_API_KEY"):
        bron()


# --- ververs_handelsregister -----------------------------------------------------------------------------------

@pytest.mark.django_db
def test_verversen_bewaart_de_momentopname_en_legt_het_vast(kvk, bestuur, ander_bestuur, vandaag, time_machine):
    met_kvk_nummer(bestuur, ACTIEF)
    met_kvk_nummer(ander_bestuur, BEEINDIGD)
    uitvoer = _ververs()
    assert "nieuw 2" in uitvoer
    h = Handelsregistergegevens.objects.get(bevoegd_gezag=bestuur.bevoegd_gezag)
    assert (h.kvk_nummer, h.naam, h.bezoekadres, h.postadres, h.website, h.telefoonnummer, h.datum_einde) == (
        ACTIEF, "Stichting Openbaar Onderwijs De Regenboog", "Schoolstraat 12-A, 3511 AB UTRECHT",
        "Postbus 123, 3500 AC UTRECHT", "https://www.regenboog-scholen.example", "030 123 4567", None)
    assert Handelsregistergegevens.objects.get(bevoegd_gezag=ander_bestuur.bevoegd_gezag).datum_einde == date(
        2026, 7, 31)
    regel = AuditRegel.objects.get(bestuurcode=bestuur.code, objecttype="handelsregistergegevens")
    assert (regel.actie, regel.gebruikersnaam) == ("aangemaakt", "Handelsregister (KvK)")
    assert ACTIEF in regel.omschrijving and regel.na["website"] == "https://www.regenboog-scholen.example"

    # Again, unchanged: a new fetch time, no new audit entry (it would outdate the board's attestation).
    eerst = h.opgehaald_op
    time_machine.shift(3600)
    assert "ongewijzigd 2" in _ververs()
    h.refresh_from_db()
    assert h.opgehaald_op > eerst
    assert AuditRegel.objects.filter(objecttype="handelsregistergegevens").count() == 2

    # Changed at the KvK: stored, with before and after.
    gewijzigd = opname("actief.json")
    gewijzigd["_embedded"]["hoofdvestiging"]["websites"] = ["https://www.nieuw.example"]
    import json
    kvk.antwoorden[ACTIEF] = (200, json.dumps(gewijzigd).encode())
    assert "gewijzigd 1" in _ververs()
    regel = AuditRegel.objects.filter(objecttype="handelsregistergegevens", actie="gewijzigd").get()
    assert (regel.voor["website"], regel.na["website"]) == ("https://www.regenboog-scholen.example",
                                                            "https://www.nieuw.example")


@pytest.mark.django_db
def test_een_bevoegd_gezag_verversen(kvk, bestuur, ander_bestuur):
    met_kvk_nummer(bestuur, ACTIEF)
    met_kvk_nummer(ander_bestuur, BEEINDIGD)
    _ververs("--bevoegd-gezag", bestuur.bevoegd_gezag.nummer)
    assert [pad for pad, _ in kvk.verzoeken] == [f"/api/v1/basisprofielen/{ACTIEF}"]
    with pytest.raises(CommandError, match="Geen bevoegd gezag"):
        _ververs("--bevoegd-gezag", "99999")


@pytest.mark.django_db
def test_verkeerde_sleutel_stopt_meteen_zonder_de_sleutel_te_tonen_of_te_loggen(kvk, settings, bestuur,
                                                                                ander_bestuur, caplog):
    met_kvk_nummer(bestuur, ACTIEF)
    met_kvk_nummer(ander_bestuur, BEEINDIGD)
    settings.KVK_API_KEY = "uitgelekte-sleutel-93be1"
    uitvoer = io.StringIO()
    with caplog.at_level(logging.DEBUG), pytest.raises(CommandError) as fout:
        call_command("ververs_handelsregister", stdout=uitvoer, stderr=uitvoer)
    assert "KVK_API_KEY" in str(fout.value)
    assert len(kvk.verzoeken) == 1, "the same key fails for every board: stop at the first"
    assert "uitgelekte-sleutel-93be1" not in str(fout.value) + uitvoer.getvalue() + caplog.text
    assert not Handelsregistergegevens.objects.exists()


@pytest.mark.django_db
def test_kvk_onbereikbaar_of_onbekend_nummer_houdt_de_oude_momentopname(kvk, bestuur, caplog):
    met_kvk_nummer(bestuur, ACTIEF)
    _ververs()
    kvk.antwoorden[ACTIEF] = (404, b'{"fout": []}')
    with pytest.raises(CommandError, match="1 bevoegde gezagen konden niet"):
        _ververs()
    assert Handelsregistergegevens.objects.get().website == "https://www.regenboog-scholen.example"
    assert "staat niet in het Handelsregister" in caplog.text and SLEUTEL not in caplog.text


@pytest.mark.django_db
@pytest.mark.parametrize("nummer", ["6875O110", "١٢٣٤٥٦٧٨", "1234 567"])
def test_ongeldig_kvk_nummer_bij_duo_wordt_overgeslagen(kvk, bestuur, nummer):
    BevoegdGezag.objects.filter(pk=bestuur.bevoegd_gezag_id).update(kvk_nummer=nummer)
    assert "overgeslagen 1" in _ververs()
    assert kvk.verzoeken == [] and not Handelsregistergegevens.objects.exists()


@pytest.mark.django_db
def test_antwoord_met_nul_en_te_lange_teksten_wordt_veilig_bewaard(kvk, bestuur):
    import json

    vreemd = opname("actief.json")
    vreemd["statutaireNaam"] = "Stichting\x00 De\tRegenboog\u200b" + "x" * 600
    adres = vreemd["_embedded"]["hoofdvestiging"]["adressen"][0]
    adres |= {"straatnaam": "S" * 200, "huisnummer": -4, "postcode": "<script>", "plaats": "Utrecht\x00"}
    vreemd["_embedded"]["hoofdvestiging"]["websites"] = ["javascript:alert(1)"]
    kvk.antwoorden[ACTIEF] = (200, json.dumps(vreemd).encode())
    met_kvk_nummer(bestuur, ACTIEF)
    _ververs()
    h = Handelsregistergegevens.objects.get()
    assert h.naam.startswith("Stichting DeRegenboog") and len(h.naam) == 500
    assert (len(h.bezoek_straatnaam), h.bezoek_huisnummer, h.bezoek_postcode, h.bezoek_plaatsnaam) == (
        80, None, "", "UTRECHT")
    assert h.website == ""  # never a javascript: link
