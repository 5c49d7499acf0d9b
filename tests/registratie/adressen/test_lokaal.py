"""The local default: the real addresses of DUO's files, searched in memory."""

import pytest

from registratie.adressen.lokaal import Lokaal, lokale_dienst
from registratie.services.adres import Adres


@pytest.fixture(scope="module")
def lokaal() -> Lokaal:
    return lokale_dienst()


def test_gebouwd_uit_beide_bestanden_van_duo(lokaal):
    assert len(lokaal) > 6500  # basisonderwijs and special schools, one per address
    assert lokaal.zoek("9306TC", 13) == Adres("9306TC", 13, "", "Melkweg", "ALTEVEER GEM NOORDENVELD")
    assert lokaal.zoek("9405HX", 1, "g").straatnaam == "Witterhoofdweg"  # only in the sbo/so/vso file


@pytest.mark.parametrize("getypt", ["melkweg 13", "Melkweg 13 alteveer", "9306 TC 13", "9306tc", "9306 tc",
                                    "MÉLKWEG"])
def test_elke_manier_van_typen_vindt_het_adres(lokaal, getypt):
    assert "Melkweg 13, 9306 TC ALTEVEER GEM NOORDENVELD" in [a.weergave for a in lokaal.suggesties(getypt)]


@pytest.mark.parametrize("getypt", ["", "   ", "\x00", "%", "-/"])
def test_niets_getypt_geeft_niets(lokaal, getypt):
    assert lokaal.suggesties(getypt) == []


def test_nul_bytes_scheiden_woorden(lokaal):
    gevonden = lokaal.suggesties("\x00melkweg\x0013")
    assert gevonden and all(a.straatnaam.lower().startswith("melkweg") for a in gevonden)


def test_nooit_meer_dan_het_maximum(lokaal):
    assert len(lokaal.suggesties("a", 10_000)) == 10
    assert lokaal.suggesties("a", -5) == []


def test_woordbegin_gaat_voor(lokaal):
    """'melkweg' starts a street name in the first results, not hidden in the middle of one."""
    assert lokaal.suggesties("melkweg")[0].straatnaam.lower().startswith("melkweg")


def test_onbekend_huisnummer_op_bekende_postcode(lokaal):
    assert lokaal.zoek("9306TC", 12) is None
    assert [a.nummer for a in lokaal.op_postcode("9306TC")] == ["13"]
    assert lokaal.op_postcode("0000AA") == []


def test_dubbele_adressen_een_keer():
    a = Adres("1234AB", 1, "", "Straat", "PLAATS")
    assert len(Lokaal([a, a])) == 1
