"""Delta synchronisation: /api/v1/wijzigingen?sinds= gives the changes of mandated schools only, oldest first,
with a volgende_sinds to resume from."""

from datetime import date, timedelta

import pytest
from django.urls import reverse

from registratie.services import locatie as locatie_services
from registratie.services import opleiding as opleiding_services
from registratie.services import organisatie as organisatie_services
from tests.helpers import factories

pytestmark = pytest.mark.django_db

URL = "/api/v1/wijzigingen"
SINDS = "2026-11-28T10:30:00+01:00"  # after the set-up (10:00), before the changes (11:00)


def _wijzigingen(api, **params) -> dict:
    antwoord = api(reverse("uitwisseling:api_v1_wijzigingen"), **params)
    assert antwoord.status_code == 200, antwoord.content
    return antwoord.json()


def _hernoem(aanbieder, naam: str, ingangsdatum: date) -> None:
    organisatie_services.wijzig_aanbieder(aanbieder, door="test", versie=aanbieder.versie, ingangsdatum=ingangsdatum,
                                          naam=naam, internationale_naam="", groep=None)


@pytest.fixture
def later(opzet, time_machine):
    """One hour after the set-up, so 'sinds' can lie between the set-up and the changes."""
    time_machine.shift(timedelta(hours=1))


def test_alle_aanmaak_van_de_gemandateerde_school(api, opzet):
    data = _wijzigingen(api, sinds="2026-11-28T00:00:00Z")
    g = opzet.gemandateerd
    assert {(r["objecttype"], r["code"], r["actie"]) for r in data["resultaten"]} == {
        ("onderwijsaanbieder", g.aanbieder.code, "aangemaakt"),
        ("onderwijslocatiegebruik", f"{opzet.bestuur.code}-{g.gebruik.locatie.code}", "aangemaakt"),
        ("aangeboden_opleiding", str(g.opleiding.code), "aangemaakt"),
    }
    assert all(r["onderwijsbestuurcode"] == opzet.bestuur.code for r in data["resultaten"])
    assert data["resultaten"][0]["ingangsdatum"] == "2021-08-01"


def test_codes_in_delta_zijn_de_codes_van_de_lijsten(api, opzet):
    """A client finds a changed record back in the lists by the same code."""
    delta = {(r["objecttype"], r["code"]) for r in _wijzigingen(api, sinds="2026-11-28T00:00:00Z")["resultaten"]}
    code = opzet.bestuur.code
    lijsten = {
        "onderwijsaanbieder": reverse("uitwisseling:api_v1_organisatie_aanbieders", args=[code]),
        "onderwijslocatiegebruik": reverse("uitwisseling:api_v1_organisatie_locatiegebruik", args=[code]),
        "aangeboden_opleiding": reverse("uitwisseling:api_v1_organisatie_opleidingen", args=[code]),
    }
    uit_lijsten = {(soort, r["code"]) for soort, url in lijsten.items() for r in api(url).json()["resultaten"]}
    assert delta == uit_lijsten


def test_wijziging_na_sinds_verschijnt_alleen_van_gemandateerde_school(api, opzet, later, vandaag):
    g, n = opzet.gemandateerd, opzet.niet_gemandateerd
    _hernoem(g.aanbieder, "De Regenboog Nieuw", date(2027, 8, 1))
    _hernoem(n.aanbieder, "De Linde Nieuw", date(2027, 8, 1))
    _hernoem(opzet.van_b.aanbieder, "Het Baken Nieuw", date(2027, 8, 1))
    opleiding_services.beeindig_aangeboden_opleiding(g.opleiding, door="test", versie=g.opleiding.versie,
                                                     einddatum=date(2027, 7, 31))
    opleiding_services.beeindig_aangeboden_opleiding(n.opleiding, door="test", versie=n.opleiding.versie,
                                                     einddatum=date(2027, 7, 31))
    data = _wijzigingen(api, sinds=SINDS)
    assert [(r["objecttype"], r["code"], r["actie"], r["ingangsdatum"]) for r in data["resultaten"]] == [
        ("onderwijsaanbieder", g.aanbieder.code, "gepland", "2027-08-01"),
        ("aangeboden_opleiding", str(g.opleiding.code), "beeindigd", "2027-07-31"),
    ]
    tekst = str(data)
    for vreemd in (n.aanbieder.code, str(n.opleiding.code), opzet.van_b.aanbieder.code, opzet.ander_bestuur.code):
        assert vreemd not in tekst
    assert data["sinds"] == SINDS
    assert data["volgende_sinds"] == data["resultaten"][-1]["tijdstip"]
    # The other system sees board B's change, and nothing of board A.
    van_b = _wijzigingen(api, sinds=SINDS, sleutel=opzet.andere_sleutel)["resultaten"]
    assert [(r["code"], r["actie"]) for r in van_b] == [(opzet.van_b.aanbieder.code, "gepland")]


def test_beeindigd_locatiegebruik_verschijnt(api, opzet, later):
    gebruik = opzet.gemandateerd.gebruik
    locatie_services.beeindig_locatiegebruik(gebruik, door="test", versie=gebruik.versie, einddatum=date(2027, 7, 31))
    niet = opzet.niet_gemandateerd.gebruik
    locatie_services.beeindig_locatiegebruik(niet, door="test", versie=niet.versie, einddatum=date(2027, 7, 31))
    data = _wijzigingen(api, sinds=SINDS)
    gebruik_codes = [r["code"] for r in data["resultaten"] if r["objecttype"] == "onderwijslocatiegebruik"]
    assert gebruik_codes == [f"{opzet.bestuur.code}-{gebruik.locatie.code}"]
    assert niet.locatie.code not in str(data)


def test_niets_nieuws_geeft_lege_lijst_en_dezelfde_sinds(api, opzet, later):
    data = _wijzigingen(api, sinds=SINDS)
    assert data["resultaten"] == [] and data["volgende_sinds"] == SINDS
    assert data["paginering"]["totaal"] == 0


def test_peildatum_bepaalt_de_delta_niet(api, opzet, later):
    """The mandate of today decides the feed; a peildatum before the mandate began hides nothing."""
    _hernoem(opzet.gemandateerd.aanbieder, "De Regenboog Nieuw", date(2027, 8, 1))
    assert len(_wijzigingen(api, sinds=SINDS)["resultaten"]) == 1
    assert len(_wijzigingen(api, sinds=SINDS, peildatum="2021-07-31")["resultaten"]) == 1


def test_hervatten_met_volgende_sinds_slaat_niets_over(api, opzet, later):
    """Three changes in the same instant (the clock is frozen), two per page: page 1 must not resume past the
    third; the last page's volgende_sinds gives an empty next round."""
    a = opzet.gemandateerd.aanbieder
    for naam in ("Een", "Twee", "Drie"):
        a.refresh_from_db()
        _hernoem(a, f"De Regenboog {naam}", date(2027, 8, 1))
    eerste = _wijzigingen(api, sinds=SINDS, perPagina=2)
    assert eerste["paginering"]["aantal_paginas"] == 2
    assert eerste["volgende_sinds"] < eerste["resultaten"][-1]["tijdstip"]
    hervat = _wijzigingen(api, sinds=eerste["volgende_sinds"], perPagina=2)
    assert hervat["paginering"]["totaal"] == 3  # at least once: the tied changes come again, none is lost
    laatste = _wijzigingen(api, sinds=SINDS, perPagina=2, pagina=2)
    assert laatste["volgende_sinds"] == laatste["resultaten"][-1]["tijdstip"]
    assert _wijzigingen(api, sinds=laatste["volgende_sinds"])["resultaten"] == []


def test_systeem_zonder_mandaten_ziet_niets(api, opzet):
    _, sleutel = factories.systeem_met_sleutel("Leeg LAS", prefix="leeg1")
    data = _wijzigingen(api, sinds="2000-01-01T00:00:00Z", sleutel=sleutel)
    assert data["resultaten"] == [] and data["paginering"]["totaal"] == 0


def _ronde(api, sinds: str, per_pagina: int) -> list[dict]:
    """A client's round: page 1 again with each page's volgende_sinds, until a page says it is the last."""
    paginas = []
    while True:
        data = _wijzigingen(api, sinds=sinds, perPagina=per_pagina)
        paginas.append(data)
        if data["paginering"]["aantal_paginas"] <= 1:
            return paginas
        sinds = data["volgende_sinds"]


def test_een_ronde_telt_de_feed_een_keer(api, opzet, later, time_machine):
    """Following volgende_sinds, the count is made on the round's first page only and carried to the next sinds
    (counting what remains ran the visibility check over every remaining audit row, on every page)."""
    from django.core.cache import cache
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    cache.clear()
    a = opzet.gemandateerd.aanbieder
    for naam in ("Een", "Twee", "Drie", "Vier", "Vijf"):
        time_machine.shift(timedelta(seconds=1))
        a.refresh_from_db()
        _hernoem(a, f"De Regenboog {naam}", date(2027, 8, 1))
    with CaptureQueriesContext(connection) as queries:
        paginas = _ronde(api, SINDS, 2)
    tellingen = [q["sql"] for q in queries if "COUNT(" in q["sql"].upper() and "auditregel" in q["sql"]]
    assert len(tellingen) == 1, tellingen
    assert [p["paginering"]["totaal"] for p in paginas] == [5, 3, 1]
    assert [p["paginering"]["aantal_paginas"] for p in paginas] == [3, 2, 1]
    assert sum(len(p["resultaten"]) for p in paginas) == 5


def test_een_wijziging_midden_in_de_ronde_gaat_niet_verloren(api, opzet, later, time_machine):
    """A carried count that says 'last page' while more came in is counted again: the next page is announced."""
    from django.core.cache import cache

    cache.clear()
    a = opzet.gemandateerd.aanbieder
    for naam in ("Een", "Twee", "Drie"):
        time_machine.shift(timedelta(seconds=1))
        a.refresh_from_db()
        _hernoem(a, f"De Regenboog {naam}", date(2027, 8, 1))
    eerste = _wijzigingen(api, sinds=SINDS, perPagina=2)
    assert eerste["paginering"]["totaal"] == 3
    for naam in ("Vier", "Vijf"):  # the carried count (1 left) no longer holds
        time_machine.shift(timedelta(seconds=1))
        a.refresh_from_db()
        _hernoem(a, f"De Regenboog {naam}", date(2027, 8, 1))
    tweede = _wijzigingen(api, sinds=eerste["volgende_sinds"], perPagina=2)
    assert len(tweede["resultaten"]) == 2
    assert tweede["paginering"]["aantal_paginas"] == 2 and tweede["paginering"]["totaal"] == 3
    assert tweede["paginering"]["volgende"] is not None
    derde = _wijzigingen(api, sinds=tweede["volgende_sinds"], perPagina=2)
    assert [r["actie"] for r in derde["resultaten"]] == ["gepland"]
    assert derde["paginering"] == {**derde["paginering"], "totaal": 1, "aantal_paginas": 1, "volgende": None}


def test_een_ronde_toont_geen_wijziging_van_een_niet_gemandateerde_school(api, opzet, later, time_machine):
    """The carried count never opens what the visibility rule closes: the other school's changes stay out."""
    from django.core.cache import cache

    cache.clear()
    g, n = opzet.gemandateerd.aanbieder, opzet.niet_gemandateerd.aanbieder
    for naam in ("Een", "Twee", "Drie"):
        for aanbieder in (g, n):
            time_machine.shift(timedelta(seconds=1))
            aanbieder.refresh_from_db()
            _hernoem(aanbieder, f"{aanbieder.code} {naam}", date(2027, 8, 1))
    paginas = _ronde(api, SINDS, 2)
    codes = [r["code"] for p in paginas for r in p["resultaten"]]
    assert codes == [g.code] * 3
    assert [p["paginering"]["totaal"] for p in paginas] == [3, 1]
