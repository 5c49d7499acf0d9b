"""Only a RIO mandate of the calling system valid today opens a school (rio-po.md §4, docs/adr/0005)."""

from datetime import date

import pytest
from django.urls import reverse
from django.utils import timezone

from tests.helpers import factories

pytestmark = pytest.mark.django_db


def _aanbieders(opzet) -> str:
    return reverse("uitwisseling:api_v1_organisatie_aanbieders", args=[opzet.bestuur.code])


def _codes(antwoord) -> list[str]:
    assert antwoord.status_code == 200, antwoord.content
    return [r["code"] for r in antwoord.json()["resultaten"]]


def test_grenzen_van_het_mandaat(api, opzet, time_machine):
    """The mandate counts from its begindatum through its einddatum (inclusive), judged on the day of the call."""
    opzet.mandaat.begindatum, opzet.mandaat.einddatum = date(2026, 1, 1), date(2026, 7, 31)
    opzet.mandaat.save()
    a = opzet.gemandateerd.aanbieder.code
    for dag, toegestaan in (("2025-12-31", False), ("2026-01-01", True), ("2026-07-31", True),
                            ("2026-08-01", False)):
        time_machine.move_to(f"{dag} 12:00:00+02:00", tick=False)
        antwoord = api(_aanbieders(opzet))
        if toegestaan:
            assert _codes(antwoord) == [a], dag
        else:
            assert antwoord.status_code == 403, dag
            assert f"vandaag ({dag})" in antwoord.json()["detail"]
            assert a not in antwoord.content.decode()
    vestiging = reverse("uitwisseling:api_v1_vestiging_opleidingen", args=["11AA00"])
    assert api(vestiging).status_code == 403
    time_machine.move_to("2026-07-31 12:00:00+02:00", tick=False)
    assert api(vestiging).status_code == 200


def test_toekomstig_mandaat_van_tweede_school(api, opzet, time_machine):
    """Board visible through 11AA; 11AB's records appear only once its own mandate has started, not by asking
    about a peildatum after that start."""
    factories.mandaat(opzet.bestuur, "11AB", opzet.systeem, begindatum=date(2027, 1, 1))
    a, b = opzet.gemandateerd.aanbieder.code, opzet.niet_gemandateerd.aanbieder.code
    opleidingen = reverse("uitwisseling:api_v1_aanbieder_opleidingen", args=[b])
    for peildatum in ("2026-12-31", "2027-01-01"):
        assert _codes(api(_aanbieders(opzet), peildatum=peildatum)) == [a]
        assert api(opleidingen, peildatum=peildatum).status_code == 403
    time_machine.move_to("2027-01-01 12:00:00+01:00", tick=False)
    assert _codes(api(_aanbieders(opzet))) == [a, b]
    assert _codes(api(opleidingen)) == [str(opzet.niet_gemandateerd.opleiding.code)]


def test_mandaat_van_ander_systeem_telt_niet(api, opzet):
    """Board B mandates 'Ander LAS': our key gets 403, the other system's key gets B's data and not A's."""
    url = reverse("uitwisseling:api_v1_organisatie_aanbieders", args=[opzet.ander_bestuur.code])
    assert api(url).status_code == 403
    assert _codes(api(url, sleutel=opzet.andere_sleutel)) == [opzet.van_b.aanbieder.code]
    assert api(_aanbieders(opzet), sleutel=opzet.andere_sleutel).status_code == 403


def test_andere_dienst_telt_niet(api, opzet):
    factories.mandaat(opzet.bestuur, "11AB", opzet.systeem, dienst="ROD_PO")
    assert _codes(api(_aanbieders(opzet))) == [opzet.gemandateerd.aanbieder.code]
    url = reverse("uitwisseling:api_v1_aanbieder_opleidingen", args=[opzet.niet_gemandateerd.aanbieder.code])
    antwoord = api(url)
    assert antwoord.status_code == 403 and "dienst RIO" in antwoord.json()["detail"]


def test_ingetrokken_sleutel_en_inactief_systeem(api, opzet):
    sleutel = opzet.systeem.sleutels.get()
    sleutel.ingetrokken_op = timezone.now()
    sleutel.save()
    antwoord = api(_aanbieders(opzet))
    assert antwoord.status_code == 401 and antwoord.json()["code"] == "sleutel_ongeldig"
    nieuw_systeem, nieuwe_sleutel = factories.systeem_met_sleutel("Derde LAS", prefix="las3")
    factories.mandaat(opzet.bestuur, "11AA", nieuw_systeem)
    assert api(_aanbieders(opzet), sleutel=nieuwe_sleutel).status_code == 200
    nieuw_systeem.actief = False
    nieuw_systeem.save()
    assert api(_aanbieders(opzet), sleutel=nieuwe_sleutel).status_code == 401
