"""Controle on the Handelsregister snapshot (issue 18 §3): a board whose KvK registration ended is an error; a
KvK name that hardly looks like DUO's is a warning. Both from the stored snapshot, with a catalogue page."""

import re

import pytest
from django.urls import reverse

from autorisatie.toegang import Actie
from registratie.services.handelsregister import namen_wijken_sterk_af
from tests.controle.test_regels import enige, signalen
from tests.helpers.handelsregister import snapshot

# Reads the screen's context after changing data directly (not through an audited service).
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("zonder_fragmentcache")]


@pytest.fixture(autouse=True)
def handelsregister_aan(settings):
    settings.HANDELSREGISTER = "kvk"  # the rules count only when the portal fetches the Handelsregister


def _gelijke_naam(bestuur, naam: str) -> None:
    gezag = bestuur.bevoegd_gezag
    gezag.naam = naam
    gezag.save(update_fields=["naam"])


def test_beeindigde_kvk_inschrijving_is_een_fout(beheerder_client, schoon_bestuur, vandaag):
    _gelijke_naam(schoon_bestuur, "Stichting Christelijk Primair Onderwijs Oost")
    snapshot(schoon_bestuur, "beeindigd.json")  # datumEinde 31-07-2026, before today (28-11-2026)
    s = enige(beheerder_client, schoon_bestuur, "KVK_INSCHRIJVING_BEEINDIGD")
    assert s.bericht == (
        "Volgens het Handelsregister is de KvK-inschrijving van het bestuur (KvK 69599068) beëindigd op 31-07-2026, "
        "maar het bestuur bestaat nog. Is het bestuur opgegaan in een andere rechtspersoon, geef DUO dan het nieuwe "
        "KvK-nummer door; bestaat het bestuur niet meer, vraag DUO dan het bestuur te beëindigen.")
    assert (s.ernst, s.object.code) == ("fout", schoon_bestuur.code)
    assert (s.herstel.url, s.herstel.recht) == (schoon_bestuur.get_absolute_url(), Actie.LEZEN)
    assert s.uitleg_url == reverse("controle:regel", args=["KVK_INSCHRIJVING_BEEINDIGD"])
    assert signalen(beheerder_client, schoon_bestuur, "KVK_NAAM_WIJKT_AF") == []
    pagina = beheerder_client.get(reverse("controle:bestuur", args=[schoon_bestuur.code])).content.decode()
    assert 'id="score">100%<' not in pagina


def test_einde_na_de_peildatum_nog_geen_fout(beheerder_client, schoon_bestuur, vandaag):
    _gelijke_naam(schoon_bestuur, "Stichting Christelijk Primair Onderwijs Oost")
    snapshot(schoon_bestuur, "beeindigd.json", materieleRegistratie={"datumEinde": "20270731"})
    assert signalen(beheerder_client, schoon_bestuur, "KVK_INSCHRIJVING_BEEINDIGD") == []
    assert len(signalen(beheerder_client, schoon_bestuur, "KVK_INSCHRIJVING_BEEINDIGD", "2027-07-31")) == 1


def test_zonder_momentopname_of_lopende_inschrijving_geen_signaal(beheerder_client, schoon_bestuur, vandaag):
    assert signalen(beheerder_client, schoon_bestuur) == []
    _gelijke_naam(schoon_bestuur, "Stichting Openbaar Onderwijs De Regenboog")
    snapshot(schoon_bestuur)
    assert signalen(beheerder_client, schoon_bestuur) == []


def test_sterk_afwijkende_naam_is_een_waarschuwing(beheerder_client, schoon_bestuur, vandaag):
    _gelijke_naam(schoon_bestuur, "Stichting Katholiek Onderwijs Zuid")
    snapshot(schoon_bestuur)
    s = enige(beheerder_client, schoon_bestuur, "KVK_NAAM_WIJKT_AF")
    assert s.ernst == "waarschuwing"
    assert "(KvK 68750110: Stichting Openbaar Onderwijs De Regenboog)" in s.bericht
    assert f"bevoegd gezag {schoon_bestuur.bevoegd_gezag.nummer} bij DUO (Stichting Katholiek Onderwijs Zuid)" in (
        s.bericht)


@pytest.mark.parametrize(("duo", "kvk", "wijkt_af"), [
    ("Stichting Openbaar Onderwijs De Regenboog", "STICHTING OPENBAAR ONDERWIJS DE REGENBOOG", False),
    ("Stg. Openbaar Onderwijs De Regenboog", "Stichting Openbaar Onderwijs De Regenboog", False),
    ("Openbaar Onderwijs De Regenboog", "Stichting voor Openbaar Onderwijs De Regenboog", False),
    ("Stichting Scholengroep Hoeksche Waard", "Stichting Scholengroep Hoeksche-Waard", False),
    ("Stichting Onderwijs Noordoost Fryslân", "Stichting Onderwijs Noordoost Fryslan", False),
    ("Stichting Katholiek Onderwijs Zuid", "Stichting Openbaar Onderwijs De Regenboog", True),
    ("Stichting Primo", "Vereniging Sportclub Primus Utrecht", True),
    ("Stichting", "Stichting Kindcentra", False),  # nothing left to compare: no warning
])
def test_heuristiek_naam_wijkt_af(duo, kvk, wijkt_af):
    assert namen_wijken_sterk_af(duo, kvk) is wijkt_af


def test_met_het_handelsregister_uit_tellen_de_kvk_regels_niet_mee(beheerder_client, schoon_bestuur, settings):
    _gelijke_naam(schoon_bestuur, "Stichting Katholiek Onderwijs Zuid")
    snapshot(schoon_bestuur, "beeindigd.json")  # a snapshot from before it was switched off
    settings.HANDELSREGISTER = "uit"
    antwoord = beheerder_client.get(reverse("controle:bestuur", args=[schoon_bestuur.code]))
    controle = antwoord.context["controle"]
    assert (controle.signalen, controle.score) == ([], 100)
    assert {u.regel.code for u in controle.uitkomsten} - {u.regel.code for u in controle.beschikbaar} == {
        "KVK_INSCHRIJVING_BEEINDIGD", "KVK_NAAM_WIJKT_AF"}
    rij = re.search(r'<tr id="regel-KVK_INSCHRIJVING_BEEINDIGD">.*?</tr>', antwoord.content.decode(), re.S).group(0)
    assert "niet beschikbaar" in rij and "Het Handelsregister (KvK) is in dit portaal niet aangesloten." in rij
