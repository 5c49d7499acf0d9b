"""Zoeken en vinden: every kind of code, names, postcodes and places; exact code first; the screen's hints,
paging and the 'alleen actief' filter (issue 4, item 6)."""

from datetime import date

import pytest
from django.urls import reverse

from openbaar.zoeken import LIMIET_PER_SOORT, Soort, zoek
from registratie.services import organisatie as organisatie_services
from registratie.services.vergrendeling import ZONDER_VERSIECONTROLE
from tests.helpers import factories

ZOEKEN = reverse("openbaar:zoeken")


def _kenmerken(rijen) -> list[str]:
    return [r.kenmerk for r in rijen]


@pytest.mark.django_db
@pytest.mark.parametrize("soort", list(Soort))
def test_elke_code_vindt_zijn_object_als_eerste(register, vandaag, soort):
    code = {Soort.BESTUUR: register.bestuur.code, Soort.AANBIEDER: register.school.code,
            Soort.LOCATIE: register.locatie.code, Soort.INSTELLING: "11AA", Soort.VESTIGING: "11AA00",
            Soort.BEVOEGD_GEZAG: "10001"}[soort]
    url = {Soort.BESTUUR: f"/openbaar/bestuur/{register.bestuur.code}/",
           Soort.AANBIEDER: f"/openbaar/aanbieder/{register.school.code}/",
           Soort.LOCATIE: f"/openbaar/locatie/{register.locatie.code}/",
           Soort.INSTELLING: f"/openbaar/aanbieder/{register.school.code}/",
           Soort.VESTIGING: f"/openbaar/locatie/{register.locatie.code}/",
           Soort.BEVOEGD_GEZAG: f"/openbaar/bestuur/{register.bestuur.code}/"}[soort]
    for getypt in (code, code.lower(), f"  {code} "):
        eerste = zoek(getypt, vandaag)[0]
        assert (eerste.kenmerk, eerste.soort, eerste.exact, eerste.url) == (code, soort, True, url), getypt
    assert not any(r.exact for r in zoek(code, vandaag)[1:])


@pytest.mark.django_db
def test_brin4_geeft_eerst_de_instelling_dan_haar_vestigingen(register, vandaag):
    rijen = zoek("11AA", vandaag)
    assert _kenmerken(rijen) == ["11AA", "11AA00"]
    assert rijen[1].soort == Soort.VESTIGING and not rijen[1].exact


@pytest.mark.django_db
def test_naam_zoekt_in_de_huidige_naam(register, vandaag):
    assert _kenmerken(zoek("regenboog", vandaag)) == [register.school.code]
    assert _kenmerken(zoek("Anker", vandaag)) == [register.andere_school.code]
    assert "10001" in _kenmerken(zoek("Stichting 10001", vandaag))  # the bevoegd gezag by its name
    assert register.bestuur.code in _kenmerken(zoek("Stichting 10001", vandaag))  # and the bestuur
    assert "11AB" in _kenmerken(zoek("School 11AB", vandaag))  # a BRIN4 by the erkenning's name


@pytest.mark.django_db
def test_geplande_naam_telt_pas_vanaf_de_ingangsdatum(register, vandaag, time_machine):
    organisatie_services.wijzig_aanbieder(register.school, door="test", versie=ZONDER_VERSIECONTROLE,
                                          ingangsdatum=date(2027, 8, 1),
                                          naam="IKC De Horizon", internationale_naam="", groep=None)
    assert _kenmerken(zoek("Horizon", vandaag)) == []
    rij = zoek("Regenboog", vandaag)[0]
    assert rij.naam == "OBS De Regenboog"
    time_machine.move_to("2027-08-02 10:00:00+02:00", tick=False)
    rij = zoek("Horizon", date(2027, 8, 2))[0]
    assert (rij.kenmerk, rij.naam) == (register.school.code, "IKC De Horizon")
    assert zoek("Regenboog", date(2027, 8, 2)) == []  # the former name only when ended objects are asked for too
    assert _kenmerken(zoek("Regenboog", date(2027, 8, 2), alleen_actief=False)) == [register.school.code]


@pytest.mark.django_db
@pytest.mark.parametrize("postcode", ["1001AB", "1001 AB", "1001ab", " 1001  ab "])
def test_volledige_postcode(register, vandaag, postcode):
    rijen = zoek(postcode, vandaag)
    assert {register.school.code, register.locatie.code, "11AA00"} <= set(_kenmerken(rijen))
    assert not {register.andere_school.code, register.andere_locatie.code, "22BB00"} & set(_kenmerken(rijen))


@pytest.mark.django_db
def test_cijferdeel_van_de_postcode(register, vandaag):
    assert {register.locatie.code, register.school.code} <= set(_kenmerken(zoek("1001", vandaag)))
    assert register.andere_locatie.code not in _kenmerken(zoek("1001", vandaag))
    assert register.andere_locatie.code in _kenmerken(zoek("1002", vandaag))


@pytest.mark.django_db
def test_plaatsnaam(register, vandaag):
    rijen = zoek("utrecht", vandaag)
    assert {register.school.code, register.andere_school.code, register.locatie.code,
            register.andere_locatie.code} <= set(_kenmerken(rijen))
    assert all(r.plaats == "UTRECHT" for r in rijen)
    assert zoek("Amsterdam", vandaag) == []


@pytest.mark.django_db
def test_alleen_actief_verbergt_beeindigde_behalve_de_exacte_code(client, register, vandaag, time_machine):
    organisatie_services.beeindig_aanbieder(register.andere_school, door="test", versie=ZONDER_VERSIECONTROLE,
                                            einddatum=date(2027, 7, 31))
    time_machine.move_to("2027-09-01 10:00:00+02:00", tick=False)
    peildatum = date(2027, 9, 1)
    assert register.andere_school.code not in _kenmerken(zoek("Anker", peildatum))
    assert register.andere_school.code in _kenmerken(zoek("Anker", peildatum, alleen_actief=False))
    exact = zoek(register.andere_school.code, peildatum)[0]
    assert (exact.kenmerk, exact.status) == (register.andere_school.code, "beëindigd")
    # On the screen: the box is ticked by default; unticking it (filter=1 without actief) shows ended ones.
    standaard = client.get(ZOEKEN, {"q": "Anker"}).content.decode()
    assert "Het Anker" not in standaard and "Zet het vinkje" in standaard
    assert 'id="id_actief" checked' in standaard
    uitgevinkt = client.get(ZOEKEN, {"q": "Anker", "filter": "1"}).content.decode()
    assert "Het Anker" in uitgevinkt and 'id="id_actief" checked' not in uitgevinkt


@pytest.mark.django_db
def test_scherm_toont_kenmerk_soort_naam_en_plaats_met_exacte_code_bovenaan(client, register):
    html = client.get(ZOEKEN, {"q": "11AA"}).content.decode()
    assert html.index(">11AA<") < html.index(">11AA00<")
    for tekst in ("Instellingserkenning", "Vestigingserkenning", "School 11AA", "UTRECHT", "exacte code",
                  f'href="/openbaar/locatie/{register.locatie.code}/"', "2 resultaten"):
        assert tekst in html, tekst


@pytest.mark.django_db
@pytest.mark.parametrize(("q", "melding"), [
    ("", "Vul een naam, code, postcode of plaats in"),
    ("   ", "Vul een naam, code, postcode of plaats in"),
    ("a", "Vul minstens 2 tekens in"),
    # control characters only; a NUL is refused with 400 before the search (tests/rio_portal/test_invoer.py)
    ("\x01\x02", "Vul een naam, code, postcode of plaats in"),
])
def test_lege_of_te_korte_zoekvraag_geeft_een_hint(client, register, q, melding):
    antwoord = client.get(ZOEKEN, {"q": q})
    assert antwoord.status_code == 200
    assert melding in antwoord.content.decode()
    assert "<table" not in antwoord.content.decode()


@pytest.mark.django_db
def test_onbekende_code_geeft_geen_resultaten_met_hint(client, register):
    html = client.get(ZOEKEN, {"q": "999A999"}).content.decode()
    assert "Geen resultaten" in html
    assert "de vorm van de code van een onderwijsaanbieder (999A999)" in html
    html = client.get(ZOEKEN, {"q": "Xyzzy"}).content.decode()
    assert "Geen resultaten" in html and "deel van de naam" in html


@pytest.mark.django_db
def test_vreemde_invoer_geeft_geen_fout(client, register, vandaag):
    assert _kenmerken(zoek("Regen\x00boog", vandaag)) == []  # read as 'Regen boog'
    assert _kenmerken(zoek("Regenboog\t", vandaag)) == [register.school.code]
    for q in ("%", "_", "'; DROP TABLE x;--", "x" * 5000, "<script>alert(1)</script>", "100A%"):
        antwoord = client.get(ZOEKEN, {"q": q})
        assert antwoord.status_code == 200, q
        assert "<script>alert" not in antwoord.content.decode()
    assert zoek("%", vandaag) == [] and zoek("__", vandaag) == []  # LIKE wildcards are searched literally


@pytest.fixture
def veel_vestigingen(db, vandaag):
    """A BRIN4 with 30 vestigingen: 31 results for '33CC', two pages of 25."""
    return factories.bestuur_met_erkenningen("30003", brin4s=("33CC",), vestigingen_per_brin=30)


@pytest.mark.django_db
def test_paginering_en_pagina_buiten_bereik(client, veel_vestigingen):
    eerste = client.get(ZOEKEN, {"q": "33CC"}).content.decode()
    assert "31 resultaten" in eerste and "1 van 2" in eerste
    assert "q=33CC" in eerste and "pagina=2" in eerste  # the next link keeps the query
    tweede = client.get(ZOEKEN, {"q": "33CC", "pagina": "2"}).content.decode()
    assert "2 van 2" in tweede and ">33CC09<" in tweede and ">33CC09<" not in eerste and "bestaat niet" not in tweede
    for buiten in ("99", "-1", "0"):
        antwoord = client.get(ZOEKEN, {"q": "33CC", "pagina": buiten})
        assert antwoord.status_code == 200
        html = antwoord.content.decode()
        assert f"Pagina {buiten} bestaat niet" in html and "2 van 2" in html
    onzin = client.get(ZOEKEN, {"q": "33CC", "pagina": "abc"}).content.decode()
    assert "1 van 2" in onzin


@pytest.mark.django_db
def test_vaste_aantal_queries_ongeacht_het_aantal_resultaten(veel_vestigingen, vandaag,
                                                             django_assert_max_num_queries):
    with django_assert_max_num_queries(8):
        rijen = zoek("33CC", vandaag)
    assert len(rijen) == 31
    with django_assert_max_num_queries(8):
        zoek("School", vandaag)


@pytest.mark.django_db
def test_te_veel_treffers_worden_begrensd_met_melding(client, vandaag, monkeypatch):
    factories.bestuur_met_erkenningen("30003", brin4s=("33CC",), vestigingen_per_brin=6)
    monkeypatch.setattr("openbaar.zoeken.LIMIET_PER_SOORT", 5)
    rijen = zoek("33CC", vandaag)
    assert rijen.afgekapt and len(rijen) == 1 + 5  # the BRIN4 and the first five vestigingen
    assert "meer resultaten dan hier getoond" in client.get(ZOEKEN, {"q": "33CC"}).content.decode()
    assert LIMIET_PER_SOORT >= 100
