"""Pdok against a real local HTTP server with PDOK-shaped answers: what it asks, what it makes of the answers,
and every way the service can fail turned into DienstNietBereikbaar (never an exception a form would show)."""

import socket
import time

import pytest

from registratie.adressen.pdok import Pdok, adres_uit_doc
from registratie.services.adres import DienstNietBereikbaar
from tests.helpers.pdok import json_van


def _pdok(server, pad="/v3_1", timeout=0.5) -> Pdok:
    return Pdok(server.url + pad, timeout=timeout)


def test_zoek_geeft_het_adres_met_bag_id(pdok_server):
    adres = _pdok(pdok_server).zoek("9306TC", 13)
    assert adres is not None
    assert (adres.postcode, adres.huisnummer, adres.toevoeging) == ("9306TC", 13, "")
    assert (adres.straatnaam, adres.plaatsnaam, adres.bag_id) == ("Melkweg", "ALTEVEER", "1699200000013131")
    vraag = pdok_server.vragen[-1]
    assert vraag["pad"] == ["/v3_1/free"] and vraag["q"] == ["postcode:9306TC"]
    assert set(vraag["fq"]) == {"type:adres", "huisnummer:13"}


def test_zoek_kiest_de_toevoeging_en_weigert_een_onbekende(pdok_server):
    dienst = _pdok(pdok_server)
    assert dienst.zoek("9306TC", 15, "").bag_id == "1699200000015151"
    assert dienst.zoek("9306TC", 15, "a").bag_id == "1699200000015152"  # huisletter A, typed in lower case
    assert dienst.zoek("9306TC", 15, "B") is None


def test_onbekend_huisnummer_en_wat_er_wel_is(pdok_server):
    dienst = _pdok(pdok_server)
    assert dienst.zoek("9306TC", 12) is None
    assert [a.nummer for a in dienst.op_postcode("9306TC")] == ["11", "13", "15", "15-A"]


def test_suggesties_slaan_andere_typen_over(pdok_server):
    gevonden = _pdok(pdok_server).suggesties("melkweg 13", 5)
    assert [a.nummer for a in gevonden] == ["13", "11", "15"]  # the 'weg' doc is not an address
    vraag = pdok_server.vragen[-1]
    assert vraag["q"] == ["melkweg 13"] and vraag["fq"] == ["type:adres"] and vraag["rows"] == ["5"]


def test_een_aanvaller_kan_geen_solr_filter_meesturen(pdok_server):
    """A postcode that is not 1234AB never reaches a filter: 'postcode:* OR 1' would list the whole country."""
    dienst = _pdok(pdok_server)
    assert dienst.zoek("9306TC OR postcode:*", 13) is None
    assert dienst.op_postcode("*") == []
    assert pdok_server.vragen == []


def test_lange_zoektekst_wordt_ingekort_en_om_veel_rijen_vragen_helpt_niet(pdok_server):
    _pdok(pdok_server).suggesties("melkweg " + "x" * 5000, 10_000)
    vraag = pdok_server.vragen[-1]
    assert len(vraag["q"][0]) <= 100 and vraag["rows"] == ["10"]


@pytest.mark.parametrize("pad", ["/kapot", "/html", "/bestaat-niet"])
def test_foutantwoord_is_niet_bereikbaar(pdok_server, pad):
    with pytest.raises(DienstNietBereikbaar):
        _pdok(pdok_server, pad).zoek("9306TC", 13)


def test_traag_antwoord_is_niet_bereikbaar_binnen_de_timeout(pdok_server):
    begin = time.monotonic()
    with pytest.raises(DienstNietBereikbaar):
        _pdok(pdok_server, "/traag", timeout=0.2).suggesties("melkweg")
    assert time.monotonic() - begin < 1.5


def test_geweigerde_verbinding_is_niet_bereikbaar():
    with socket.socket() as s:  # a port nobody listens on
        s.bind(("127.0.0.1", 0))
        poort = s.getsockname()[1]
    with pytest.raises(DienstNietBereikbaar):
        Pdok(f"http://127.0.0.1:{poort}/v3_1", timeout=0.5).op_postcode("9306TC")


def test_file_url_wordt_niet_aanvaard():
    with pytest.raises(ValueError, match="https"):
        Pdok("file:///etc/passwd")


@pytest.mark.parametrize("verkeerd", [
    {"postcode": "9306TC"},  # no huisnummer
    {"postcode": "0306TC", "huisnummer": 1},  # not a Dutch postcode
    {"postcode": "9306TC", "huisnummer": "dertien"},
    {"postcode": "9306TC", "huisnummer": 100000},
])
def test_onbruikbaar_doc_wordt_overgeslagen(verkeerd):
    assert adres_uit_doc({"type": "adres", **verkeerd}) is None


def test_bag_id_van_de_verkeerde_vorm_wordt_niet_bewaard():
    doc = json_van("zoek_9306TC_13.json")["response"]["docs"][0]
    assert adres_uit_doc({**doc, "nummeraanduiding_id": "1699200000013131'; DROP"}).bag_id == ""
