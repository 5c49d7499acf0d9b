"""The content of every list endpoint on a board with two schools, of which only 11AA mandates the LAS."""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def _url(naam: str, code: str) -> str:
    return reverse(f"uitwisseling:api_v1_{naam}", args=[code])


def test_aanbieders_van_organisatie(api, opzet, vandaag):
    a = opzet.gemandateerd.aanbieder
    antwoord = api(_url("organisatie_aanbieders", opzet.bestuur.code))
    assert antwoord.status_code == 200
    assert antwoord["Content-Type"] == "application/json" and antwoord["API-Version"] == "1.3.0"
    assert antwoord["Cache-Control"] == "private, no-store" and "Authorization" in antwoord["Vary"]
    data = antwoord.json()
    assert data["peildatum"] == vandaag.isoformat()
    assert data["paginering"] == {"pagina": 1, "per_pagina": 100, "aantal_paginas": 1, "totaal": 1,
                                  "volgende": None, "vorige": None}
    assert data["resultaten"] == [{
        "code": a.code, "onderwijsbestuurcode": opzet.bestuur.code, "naam": "De Regenboog",
        "internationale_naam": None, "begindatum": "2021-08-01", "einddatum": None, "instellingscodes": ["11AA"],
        "eigen_sleutel": None, "opvolger": None, "voorgangers": []}]
    assert opzet.niet_gemandateerd.aanbieder.code not in antwoord.content.decode()


def test_organisatie_ook_op_bevoegd_gezagnummer(api, opzet):
    op_code = api(_url("organisatie_aanbieders", opzet.bestuur.code)).json()
    op_nummer = api(_url("organisatie_aanbieders", opzet.bestuur.bevoegd_gezag.nummer)).json()
    assert op_nummer["resultaten"] == op_code["resultaten"]
    kleine_letters = api(_url("organisatie_aanbieders", opzet.bestuur.code.lower())).json()
    assert kleine_letters["resultaten"] == op_code["resultaten"]


def test_locatiegebruik_van_organisatie(api, opzet):
    gebruik = opzet.gemandateerd.gebruik
    data = api(_url("organisatie_locatiegebruik", opzet.bestuur.code)).json()
    locatie = gebruik.locatie
    assert data["resultaten"] == [{
        "code": f"{opzet.bestuur.code}-{locatie.code}", "locatiecode": locatie.code,
        "onderwijsbestuurcode": opzet.bestuur.code,
        "adres": {"straat": "Schoolstraat", "huisnummer": locatie.huisnummer, "toevoeging": None,
                  "postcode": locatie.postcode, "plaats": "UTRECHT"},
        "begindatum": "2021-08-01", "einddatum": None, "vestigingscodes": ["11AA00"], "eigen_sleutel": None}]
    tekst = str(data)
    assert opzet.niet_gemandateerd.gebruik.locatie.code not in tekst and "11AB00" not in tekst


def _verwacht_opleiding(school, opleiding_naam: str = "Basisonderwijs") -> dict:
    ao = school.opleiding
    return {"code": str(ao.code), "aanbiedercode": school.aanbieder.code, "opleidingscode": ao.opleiding.code,
            "opleidingsnaam": opleiding_naam, "sector": "BO", "eigen_naam": "De Regenboog basis",
            "locatiecode": school.gebruik.locatie.code, "begindatum": "2021-08-01", "einddatum": None,
            "eerste_instroomdatum": "2021-08-01",
            "kenmerken": [{"naam": "doelgroepBasisonderwijs", "waarde": "BO"}], "eigen_sleutel": None}


@pytest.mark.parametrize("naam", ["organisatie_opleidingen", "aanbieder_opleidingen", "vestiging_opleidingen"])
def test_aangeboden_opleidingen(api, opzet, naam):
    code = {"organisatie_opleidingen": opzet.bestuur.code,
            "aanbieder_opleidingen": opzet.gemandateerd.aanbieder.code,
            "vestiging_opleidingen": "11AA00"}[naam]
    antwoord = api(_url(naam, code))
    assert antwoord.status_code == 200, antwoord.content
    assert antwoord.json()["resultaten"] == [_verwacht_opleiding(opzet.gemandateerd)]
    assert str(opzet.niet_gemandateerd.opleiding.code) not in antwoord.content.decode()


def test_niet_gemandateerde_aanbieder_en_vestiging_geven_403(api, opzet):
    for url in (_url("aanbieder_opleidingen", opzet.niet_gemandateerd.aanbieder.code),
                _url("vestiging_opleidingen", "11AB00")):
        antwoord = api(url)
        assert antwoord.status_code == 403, url
        probleem = antwoord.json()
        assert probleem["code"] == "geen_mandaat" and "11AB" in probleem["detail"] and "OSR" in probleem["detail"]
        assert str(opzet.niet_gemandateerd.opleiding.code) not in antwoord.content.decode()


def test_bestuur_zonder_gemandateerde_school_geeft_403(api, opzet):
    for naam in ("organisatie_aanbieders", "organisatie_locatiegebruik", "organisatie_opleidingen"):
        antwoord = api(_url(naam, opzet.ander_bestuur.code))
        assert antwoord.status_code == 403
        assert antwoord.json()["code"] == "geen_mandaat"
        assert opzet.van_b.aanbieder.code not in antwoord.content.decode()


def test_x_api_key_header_werkt_ook(client, opzet):
    antwoord = client.get(_url("organisatie_aanbieders", opzet.bestuur.code), headers={"X-API-Key": opzet.sleutel})
    assert antwoord.status_code == 200
    assert antwoord.json()["paginering"]["totaal"] == 1


def test_peildatum_bepaalt_naam_en_geldigheid(api, opzet, vandaag):
    from registratie.services import organisatie as organisatie_services

    a = opzet.gemandateerd.aanbieder
    organisatie_services.wijzig_aanbieder(a, door="test", versie=a.versie, ingangsdatum=vandaag.replace(year=2027),
                                          naam="De Nieuwe Regenboog", internationale_naam="", groep=None)
    url = _url("organisatie_aanbieders", opzet.bestuur.code)
    assert api(url).json()["resultaten"][0]["naam"] == "De Regenboog"
    assert api(url, peildatum="2027-11-28").json()["resultaten"][0]["naam"] == "De Nieuwe Regenboog"
    # Before the aanbieder began there is nothing in it, but the mandate of today still opens the board.
    assert api(url, peildatum="2021-07-31").json()["resultaten"] == []


def test_einddatum_is_inclusief(api, opzet, vandaag):
    """ADR 0001: on the einddatum itself the record is still there, the day after it is gone."""
    from datetime import date

    from registratie.services import opleiding as opleiding_services

    ao = opzet.gemandateerd.opleiding
    opleiding_services.beeindig_aangeboden_opleiding(ao, door="test", versie=ao.versie, einddatum=date(2027, 7, 31))
    url = _url("aanbieder_opleidingen", opzet.gemandateerd.aanbieder.code)
    op_einde = api(url, peildatum="2027-07-31").json()["resultaten"]
    assert [r["einddatum"] for r in op_einde] == ["2027-07-31"]
    assert api(url, peildatum="2027-08-01").json()["resultaten"] == []


def test_paginering(api, opzet, vandaag):
    from tests.helpers import factories

    for _ in range(4):
        factories.bo_opleiding(opzet.gemandateerd.aanbieder, locatie=opzet.gemandateerd.gebruik.locatie)
    url = _url("organisatie_opleidingen", opzet.bestuur.code)
    alles = [r["code"] for r in api(url).json()["resultaten"]]
    assert len(alles) == 5
    eerste = api(url, perPagina=2).json()
    assert eerste["paginering"]["aantal_paginas"] == 3 and eerste["paginering"]["totaal"] == 5
    assert eerste["paginering"]["vorige"] is None
    assert "pagina=2" in eerste["paginering"]["volgende"] and "perPagina=2" in eerste["paginering"]["volgende"]
    codes = []
    for pagina in (1, 2, 3):
        codes += [r["code"] for r in api(url, perPagina=2, pagina=pagina).json()["resultaten"]]
    assert codes == alles
    laatste = api(url, perPagina=2, pagina=3).json()["paginering"]
    assert laatste["volgende"] is None and "pagina=2" in laatste["vorige"]
    # perPagina is capped at 500
    assert api(url, perPagina=10000).json()["paginering"]["per_pagina"] == 500


def test_vestiging_geeft_alleen_opleidingen_van_het_eigen_bestuur(client, opzet):
    """Two boards teach at the same address (one shared onderwijslocatie). Asking for A's BRIN6 gives A's
    opleidingen there, not B's, even for a system both boards mandate."""
    from registratie.models import Vestigingserkenning
    from registratie.services import locatie as locatie_services
    from tests.helpers import factories

    factories.mandaat(opzet.bestuur, "11AA", opzet.ander_systeem)
    locatie = opzet.gemandateerd.gebruik.locatie
    gedeeld = locatie_services.registreer_locatiegebruik(
        opzet.ander_bestuur, door="test", postcode=locatie.postcode, huisnummer=locatie.huisnummer,
        begindatum=factories.BEGIN, vestiging=Vestigingserkenning.objects.get(code="22BB00"))
    assert gedeeld.locatie == locatie
    van_b = factories.bo_opleiding(opzet.van_b.aanbieder, locatie=locatie)
    headers = {"Authorization": f"Bearer {opzet.andere_sleutel}"}
    a = client.get(_url("vestiging_opleidingen", "11AA00"), headers=headers).json()["resultaten"]
    assert [r["code"] for r in a] == [str(opzet.gemandateerd.opleiding.code)]
    b = client.get(_url("vestiging_opleidingen", "22BB00"), headers=headers).json()["resultaten"]
    assert sorted(r["code"] for r in b) == sorted([str(opzet.van_b.opleiding.code), str(van_b.code)])
