"""DUO's opvragen_gewijzigdeAangebodenOpleidingen with an onderwijsaanbiederCode runs as one hand-written statement
per page (selectie.GewijzigdeOpleidingenVanAanbieder, bench/README.md "soap30"). It answers as the ORM path it
replaced, kept here as the reference (``_orm``: the code of e92a4e0, built on the rule's own helpers, so a change of
the rule that the SQL does not follow fails here): the same pages, counts and refusals for a mandated aanbieder, an
unmandated one, another system's, an unknown code, an ended mandate, a future one, one begun today and one with a
gap (a change made on a day outside the mandate, also just after midnight in Amsterdam, stays out)."""

from datetime import date

import pytest
from django.core.cache import cache
from lxml import etree

from registratie.models import AangebodenOpleiding, Onderwijsaanbieder
from registratie.services import opleiding as opleiding_services
from tests.helpers import factories, soap
from tests.uitwisseling.api.conftest import Opzet, opzet  # noqa: F401 (the shared fixture)
from uitwisseling import selectie
from uitwisseling.aanroep import Aanroep, ApiFout
from uitwisseling.rio_xml.bouwer import Kop
from uitwisseling.soap import operaties
from uitwisseling.soap.operaties import Verzoek

pytestmark = pytest.mark.django_db

VROEG = "2000-01-01T00:00:00Z"
NA_DE_EERSTE_DAG = "2026-11-28T20:00:00Z"  # after the opleidingen were made, before they changed
ZONDER_TIJDZONE = "2026-11-28T20:00:00"  # refused (400), but after the aanbieder's own refusal


def _orm(verzoek: Verzoek, aanroep: Aanroep):
    """The previous path (e92a4e0, operaties.gewijzigde_opleidingen with an aanbieder)."""
    aanbieder = selectie.object_uit_feed(aanroep, Onderwijsaanbieder, verzoek.waarde("onderwijsaanbiederCode"))
    opleidingen = AangebodenOpleiding.objects.filter(aanbieder=aanbieder)
    codes = [str(c) for c in opleidingen.values_list("code", flat=True)]
    objecten = operaties.gewijzigde_objecten(aanroep, operaties._sinds(verzoek), opleidingen).filter(
        objectcode__in=codes)
    return operaties._delta_pagina(aanroep, verzoek, operaties.QuerySetFeed(objecten), AangebodenOpleiding,
                                   aanbieder.code)


def _verzoek(code: str, pagina: int, sinds: str) -> Verzoek:
    element = etree.fromstring(
        f'<duo:opvragen_gewijzigdeAangebodenOpleidingen_request xmlns:duo="{soap.NS}">'
        f"<duo:peildatumtijdMutaties>{sinds}</duo:peildatumtijdMutaties>"
        f"<duo:onderwijsaanbiederCode>{code}</duo:onderwijsaanbiederCode><duo:pagina>{pagina}</duo:pagina>"
        "</duo:opvragen_gewijzigdeAangebodenOpleidingen_request>")
    return Verzoek(element, Kop.nieuw(soap.LAS_OIN))


def _antwoord(pad, code: str, pagina: int, sinds: str, aanroep: Aanroep):
    try:
        return pad(_verzoek(code, pagina, sinds), aanroep)
    except ApiFout as fout:
        return ("geweigerd", fout.status, fout.code, fout.melding)


def _alle_antwoorden(pad, code: str, sinds: str, aanroep: Aanroep, *, cursor: bool) -> list:
    """Pages 0 to 4 (PER_PAGINA is 1: the aanbieder has three opleidingen, so also pages past the end), read in
    order with the keyset cursor, or each after an empty cache (OFFSET and a count)."""
    cache.clear()
    antwoorden = []
    for pagina in range(5):
        if not cursor:
            cache.clear()
        antwoorden.append(_antwoord(pad, code, pagina, sinds, aanroep))
    return antwoorden


def _gelezen(antwoorden: list) -> list:
    """The changes of every page that was not refused."""
    return [wijziging for antwoord in antwoorden if antwoord[0] != "geweigerd" for wijziging in antwoord[0]]


@pytest.fixture
def geschiedenis(opzet: Opzet, time_machine):  # noqa: F811
    """The mandated aanbieder with three opleidingen: made on 28 November (one in the fixture), one changed just
    after midnight (Amsterdam) on 29 November and one ended on 29 November; today is 30 November."""
    aanbieder = opzet.gemandateerd.aanbieder
    tweede = factories.bo_opleiding(aanbieder, locatie=opzet.gemandateerd.gebruik.locatie, eigen_naam="Tweede")
    derde = factories.bo_opleiding(aanbieder, locatie=opzet.gemandateerd.gebruik.locatie, eigen_naam="Derde")
    factories.bo_opleiding(opzet.niet_gemandateerd.aanbieder, locatie=opzet.niet_gemandateerd.gebruik.locatie,
                           eigen_naam="Elders")
    time_machine.move_to("2026-11-29 00:30:00+01:00", tick=False)  # 28 November 23:30 UTC
    opleiding_services.wijzig_aangeboden_opleiding(
        tweede, door="test", versie=tweede.versie, ingangsdatum=date(2026, 12, 1), eigen_naam="Tweede, hernoemd",
        internationale_naam="", omschrijving="", kenmerken={"doelgroepBasisonderwijs": ["BO"]})
    time_machine.move_to("2026-11-29 14:00:00+01:00", tick=False)
    opleiding_services.beeindig_aangeboden_opleiding(derde, door="test", versie=derde.versie,
                                                     einddatum=date(2027, 7, 31))
    time_machine.move_to("2026-11-30 10:00:00+01:00", tick=False)
    return opzet


def _mandaat_als(opzet: Opzet, soort: str) -> None:  # noqa: F811 (the fixture's name)
    mandaat = opzet.mandaat
    if soort == "beeindigd":
        mandaat.einddatum = date(2026, 11, 29)  # yesterday
    elif soort == "toekomstig":
        mandaat.begindatum = date(2026, 12, 1)  # tomorrow
    elif soort == "vandaag_begonnen":
        mandaat.begindatum = date(2026, 11, 30)  # after every change
    elif soort == "met_gat":  # ended on the 28th, again from today: the changes of the 29th stay out
        mandaat.einddatum = date(2026, 11, 28)
        factories.mandaat(opzet.bestuur, "11AA", opzet.systeem, begindatum=date(2026, 11, 30))
    mandaat.save()


@pytest.mark.parametrize("mandaat", ["lopend", "beeindigd", "toekomstig", "vandaag_begonnen", "met_gat"])
def test_snel_pad_antwoordt_als_het_orm_pad(geschiedenis: Opzet, mandaat: str, monkeypatch):
    monkeypatch.setattr(operaties, "PER_PAGINA", 1)
    _mandaat_als(geschiedenis, mandaat)
    aanroep = Aanroep(geschiedenis.systeem, None, date(2026, 11, 30))
    codes = {
        "gemandateerd": geschiedenis.gemandateerd.aanbieder.code,
        "niet_gemandateerd": geschiedenis.niet_gemandateerd.aanbieder.code,
        "ander_systeem": geschiedenis.van_b.aanbieder.code,
        "onbekend": "999A999",
    }
    uitkomsten = {}
    for naam, code in codes.items():
        for sinds in (VROEG, NA_DE_EERSTE_DAG, ZONDER_TIJDZONE):
            for cursor in (True, False):
                orm = _alle_antwoorden(_orm, code, sinds, aanroep, cursor=cursor)
                snel = _alle_antwoorden(operaties.opleidingen_van_aanbieder, code, sinds, aanroep, cursor=cursor)
                assert snel == orm, (naam, sinds, cursor)
                uitkomsten[naam, sinds] = snel
    # What both gave, so the comparison is not between two refusals.
    eerste, later = uitkomsten["gemandateerd", VROEG], uitkomsten["gemandateerd", NA_DE_EERSTE_DAG]
    if mandaat in ("beeindigd", "toekomstig"):
        assert eerste[0][:3] == ("geweigerd", 403, "geen_mandaat")
        return
    assert len(_gelezen(eerste)) == {"lopend": 3, "vandaag_begonnen": 0, "met_gat": 3}[mandaat]
    if mandaat == "lopend":
        assert [soort for _, soort in _gelezen(eerste)] == ["TOEGEVOEGD"] * 3
        # After the first day: the change and the ending.
        assert sorted(soort for _, soort in _gelezen(later)) == ["GEWIJZIGD", "GEWIJZIGD"]
    if mandaat == "met_gat":
        assert _gelezen(later) == []  # both changes of the 29th fell in the gap
    assert uitkomsten["niet_gemandateerd", VROEG][0][:3] == ("geweigerd", 403, "geen_mandaat")
    assert uitkomsten["ander_systeem", VROEG][0][:3] == ("geweigerd", 403, "geen_mandaat")
    assert uitkomsten["onbekend", VROEG][0][:3] == ("geweigerd", 404, "niet_gevonden")
    assert uitkomsten["onbekend", ZONDER_TIJDZONE][0][:3] == ("geweigerd", 404, "niet_gevonden")
    assert uitkomsten["gemandateerd", ZONDER_TIJDZONE][0][:3] == ("geweigerd", 400, "peildatumtijd_ongeldig")


def test_een_bladzijde_is_een_query(geschiedenis: Opzet, django_assert_num_queries):
    """The aanbieder, its mandate and the page of its feed in one statement; a full first page adds the count."""
    aanroep = Aanroep(geschiedenis.systeem, None, date(2026, 11, 30))
    cache.clear()
    with django_assert_num_queries(1):
        wijzigingen, paginering = operaties.opleidingen_van_aanbieder(
            _verzoek(geschiedenis.gemandateerd.aanbieder.code, 0, VROEG), aanroep)
    assert len(wijzigingen) == 3 and paginering.aantal_resultaten == 3
    with django_assert_num_queries(1), pytest.raises(ApiFout):
        operaties.opleidingen_van_aanbieder(_verzoek(geschiedenis.niet_gemandateerd.aanbieder.code, 0, VROEG),
                                            aanroep)


def test_het_antwoord_van_de_operatie_is_dat_van_het_orm_pad(geschiedenis: Opzet, monkeypatch):
    """Through the operation (the response element): the same XML as with the ORM path, but for the document's
    own id and time."""
    from uitwisseling.rio_xml import bouwer

    aanroep = Aanroep(geschiedenis.systeem, None, date(2026, 11, 30))
    kop = Kop("vast", "zender", "ontvanger", geschiedenis.mandaat.aangemaakt_op)

    def document(pad):
        cache.clear()
        verzoek = _verzoek(geschiedenis.gemandateerd.aanbieder.code, 0, VROEG)
        verzoek.kop = kop
        wijzigingen, paginering = pad(verzoek, aanroep)
        return etree.tostring(bouwer.gewijzigde_opleidingen_document(kop, wijzigingen, paginering))

    snel = document(lambda verzoek, aanroep: operaties.opleidingen_van_aanbieder(verzoek, aanroep))
    assert snel == document(_orm)
    cache.clear()
    verzoek = _verzoek(geschiedenis.gemandateerd.aanbieder.code, 0, VROEG)
    verzoek.kop = kop
    element, aantal = operaties.gewijzigde_opleidingen(verzoek, aanroep)
    assert etree.tostring(element) == snel and aantal == 3
