"""kern.urls.link: reverse() reversed once per kind of link and filled in by string formatting, for the links the
national control file makes by the thousand. It must give what reverse() gives, for every kind it is used for, also
under a script prefix (FORCE_SCRIPT_NAME: the portal behind a path), in another language and for awkward values."""

import uuid

import pytest
from django.urls import NoReverseMatch, reverse, set_script_prefix
from django.utils import translation

from kern import urls
from kern.urls import link, linker

# Every name the controle rules and the models' get_absolute_url fill through link(), with typical values.
SOORTEN = [
    ("registratie:organisatie", ["100B042", "100A001"]),
    ("registratie:groep", ["100G001", "100G002"]),
    ("registratie:aanbieder", ["100A001", "100A002"]),
    ("registratie:begeleidingsaanbieder", ["100T001", "999T999"]),
    ("registratie:locatiegebruik", ["100L001", "100L002"]),
    ("registratie:opleiding", [uuid.UUID("6f1c3a1e-0b6d-4a52-9d5e-3f0e2b7d8c11"),
                               "0b3c9e70-2f0a-4c57-8f3d-1b2a3c4d5e6f"]),
    ("registratie:contact", [1, 12, 345678]),
    ("registratie:contact_wijzigen", [1, 2, 99]),
    ("registratie:opleiding_toevoegen", ["100A001", "100A002"]),
    ("registratie:opleiding_wijzigen", ["6f1c3a1e-0b6d-4a52-9d5e-3f0e2b7d8c11"]),
    ("registratie:opleiding_beeindigen", ["6f1c3a1e-0b6d-4a52-9d5e-3f0e2b7d8c11"]),
    ("registratie:aanbieder_beeindigen", ["100A001"]),
    ("registratie:groep_beeindigen", ["100G001"]),
    ("registratie:begeleidingsaanbieder_beeindigen", ["100T001"]),
    ("registratie:begeleidingsaanbieder_wijzigen", ["100T001"]),
    ("registratie:locatiegebruik_beeindigen", ["100L001"]),
    ("registratie:locatie_toevoegen", ["100B042"]),
    ("registratie:vestiging_toevoegen", ["100L001"]),
    ("registratie:aanbieder_toevoegen", ["100B042"]),
    ("autorisatie:mandaten", ["100B042", "100B043"]),
    ("autorisatie:rollen", ["100B042"]),
    ("controle:regel", ["AANBIEDER_ZONDER_OPLEIDING", "OSR_MANDAAT", "EINDE_OP_31_JULI"]),
]
# Names with a fixed argument before the varying one.
MET_VAST = [("registratie:contact_toevoegen", ["bestuur", "aanbieder", "groep", "begeleidingsaanbieder"],
             ["100B042", "100A001"])]


@pytest.fixture(autouse=True)
def leeg():
    urls._SJABLONEN.clear()
    yield
    urls._SJABLONEN.clear()
    set_script_prefix("/")


def _alle() -> None:
    for naam, waarden in SOORTEN:
        for _ in range(2):  # the second round comes from the pattern
            for waarde in waarden:
                assert link(naam, waarde) == reverse(naam, args=[waarde]), (naam, waarde)
    for naam, vaste, waarden in MET_VAST:
        for vast in vaste:
            for waarde in waarden * 2:
                assert link(naam, vast, waarde) == reverse(naam, args=[vast, waarde]), (naam, vast, waarde)


def test_gelijk_aan_reverse_voor_elke_soort():
    _alle()
    assert len(urls._SJABLONEN) == len(SOORTEN) + sum(len(vaste) for _, vaste, _ in MET_VAST)


def test_onder_een_scriptprefix_en_terug():
    _alle()
    set_script_prefix("/rio/po/")
    _alle()
    assert link("registratie:aanbieder", "100A001") == "/rio/po/aanbieders/100A001/"
    set_script_prefix("/")
    assert link("registratie:aanbieder", "100A001") == "/aanbieders/100A001/"


def test_in_een_andere_taal():
    with translation.override("en"):
        _alle()
    _alle()


def test_force_script_name(settings, rf):
    settings.FORCE_SCRIPT_NAME = "/portaal"
    from django.core.handlers.wsgi import get_script_name

    set_script_prefix(get_script_name(rf.get("/").environ))
    _alle()
    assert link("controle:regel", "OSR_MANDAAT").startswith("/portaal/")


@pytest.mark.parametrize("waarde", ["a b", "é", "x?y", "%41", "1", "a.b~c"])
def test_waarden_die_reverse_anders_schrijft_of_vaker_voorkomen(waarde):
    """A value reverse() encodes, or that also occurs elsewhere in the URL, goes through reverse() itself."""
    link("registratie:aanbieder", "100A001")  # the pattern is known
    assert link("registratie:aanbieder", waarde) == reverse("registratie:aanbieder", args=[waarde])
    assert link("registratie:contact", 1) == reverse("registratie:contact", args=[1])
    assert link("registratie:contact", 1) == "/contactgegevens/1/"


def test_een_waarde_die_de_url_vaker_bevat_maakt_geen_sjabloon():
    assert link("registratie:aanbieder", "a") == "/aanbieders/a/"  # 'a' also in "aanbieders"
    assert urls._SJABLONEN == {}
    assert link("registratie:aanbieder", "100A001") == "/aanbieders/100A001/"
    assert len(urls._SJABLONEN) == 1


def test_onbekende_naam_en_ongeldige_waarde_blijven_een_fout():
    with pytest.raises(NoReverseMatch):
        link("registratie:bestaat_niet", "x")
    link("registratie:aanbieder", "100A001")
    with pytest.raises(NoReverseMatch):  # '/' is no character of a code: reverse() refuses it, and so does link
        link("registratie:aanbieder", "100/A")


@pytest.mark.parametrize(("prefix", "taal"), [("/", "nl"), ("/rio/po/", "nl"), ("/", "en")])
def test_linker_is_link_voor_elke_soort(prefix, taal):
    """linker(naam) reads the script prefix, urlconf and language once and then fills in values as link() does."""
    set_script_prefix(prefix)
    with translation.override(taal):
        for naam, waarden in SOORTEN:
            vul = linker(naam)
            for waarde in waarden * 2:
                assert vul(waarde) == reverse(naam, args=[waarde]), (naam, waarde)
        vul = linker("registratie:aanbieder")
        for waarde in ["a b", "é", "a", "100A001"]:  # encoded, or also elsewhere in the URL: through reverse()
            assert vul(waarde) == reverse("registratie:aanbieder", args=[waarde]), waarde
        assert vul("100A001").startswith(prefix)
