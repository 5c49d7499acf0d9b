"""Formal history in the API (issue 15 §5, ADR 0008): beside "valid on date X" (peildatum), a supplier asks what
the register knew on date Y (bekend_op), as the Objects API's registrationDate. DUO corrects a wrong name in the
past on 2026-11-29; the history as known on 2026-11-28 still shows the old name, and the correction is listed with
its reason from then on. Read under the same mandate rules as the lists and the change feed (ADR 0005)."""

from datetime import timedelta

import pytest
from django.urls import reverse

from registratie.services import correctie
from tests.helpers import factories

pytestmark = pytest.mark.django_db

REDEN = "Naam was bij invoer verkeerd gespeld (brief van het bestuur van 27-11-2026)."


def _url(objecttype: str, code: str) -> str:
    return reverse("uitwisseling:api_v1_historie", args=[objecttype, code])


@pytest.fixture
def gecorrigeerd(opzet, time_machine):
    """On 2026-11-29 DUO corrects the name of 11AA's aanbieder in its (only, past-starting) period."""
    time_machine.move_to("2026-11-29 09:00:00+01:00", tick=False)
    aanbieder = opzet.gemandateerd.aanbieder
    correctie.corrigeer_periode(aanbieder.perioden.get(), door="duo", reden=REDEN, naam="De Regenbogen")
    return aanbieder


def test_bekend_op_toont_wat_het_register_toen_wist(api, gecorrigeerd):
    url = _url("onderwijsaanbieder", gecorrigeerd.code)
    toen = api(url, bekendOp="2026-11-28").json()
    assert toen["bekend_op"] == "2026-11-28"
    assert [p["naam"] for p in toen["geregistreerd"]["perioden"]] == ["De Regenboog"]
    assert toen["correcties"] == []
    nu = api(url).json()
    assert nu["bekend_op"] is None
    assert [p["naam"] for p in nu["geregistreerd"]["perioden"]] == ["De Regenbogen"]
    assert [(c["reden"], c["ingangsdatum"]) for c in nu["correcties"]] == [(REDEN, "2021-08-01")]
    assert api(url, bekendOp="2026-11-29").json()["correcties"] == nu["correcties"]


def test_voor_de_registratie_is_er_niets(api, opzet):
    antwoord = api(_url("onderwijsaanbieder", opzet.gemandateerd.aanbieder.code), bekendOp="2026-11-27")
    assert antwoord.status_code == 200 and antwoord.json()["geregistreerd"] is None


def test_aangeboden_opleiding_toont_haar_gedateerde_kenmerken(api, opzet):
    ao = opzet.gemandateerd.opleiding
    antwoord = api(_url("aangeboden_opleiding", str(ao.code)))
    assert antwoord.status_code == 200, antwoord.content
    assert antwoord.json()["geregistreerd"]["kenmerken"] == [
        {"naam": "doelgroepBasisonderwijs", "waarde": "BO", "begindatum": "2021-08-01", "einddatum": None}]
    gebruik = opzet.gemandateerd.gebruik
    assert api(_url("onderwijslocatiegebruik", f"{gebruik.bestuur.code}-{gebruik.locatie.code}")).status_code == 200


# --- as the supplier would attack ----------------------------------------------------------------------------

def _geweigerd(antwoord, status: int, code: str) -> None:
    assert antwoord.status_code == status, antwoord.content
    assert antwoord.json()["code"] == code
    assert "De Regenbo" not in antwoord.content.decode()


def test_school_zonder_mandaat_en_ander_bestuur(api, opzet, gecorrigeerd):
    _geweigerd(api(_url("onderwijsaanbieder", opzet.niet_gemandateerd.aanbieder.code)), 403, "geen_mandaat")
    _geweigerd(api(_url("aangeboden_opleiding", str(opzet.van_b.opleiding.code))), 403, "geen_mandaat")


def test_beeindigd_mandaat_opent_ook_het_verleden_niet(api, opzet, gecorrigeerd, time_machine):
    opzet.mandaat.einddatum = opzet.mandaat.begindatum + timedelta(days=365 * 5)  # ended in 2026-07
    opzet.mandaat.save()
    for params in ({}, {"bekendOp": "2026-01-01"}, {"peildatum": "2026-01-01"}):
        _geweigerd(api(_url("onderwijsaanbieder", gecorrigeerd.code), **params), 403, "geen_mandaat")


def test_bekend_op_buiten_het_mandaat_wordt_geweigerd(api, opzet, gecorrigeerd):
    """A mandate that began on 2026-11-29: the day before lies outside it, so the register's knowledge of then
    stays closed, even though the school mandates the system today."""
    opzet.mandaat.begindatum = opzet.mandaat.begindatum.replace(year=2026, month=11, day=29)
    opzet.mandaat.save()
    _geweigerd(api(_url("onderwijsaanbieder", gecorrigeerd.code), bekendOp="2026-11-28"), 403, "geen_mandaat")
    assert api(_url("onderwijsaanbieder", gecorrigeerd.code), bekendOp="2026-11-29").status_code == 200


def test_correctie_uit_de_tijd_zonder_mandaat_staat_er_niet_in(api, opzet, time_machine):
    """A correction registered in a gap between two mandates is not listed (the change feed's rule)."""
    opzet.mandaat.einddatum = opzet.mandaat.begindatum.replace(year=2026, month=11, day=28)
    opzet.mandaat.save()
    time_machine.move_to("2026-11-29 09:00:00+01:00", tick=False)
    aanbieder = opzet.gemandateerd.aanbieder
    correctie.corrigeer_periode(aanbieder.perioden.get(), door="duo", reden=REDEN, naam="De Regenbogen")
    factories.mandaat(opzet.bestuur, "11AA", opzet.systeem, begindatum=opzet.mandaat.begindatum.replace(
        year=2026, month=11, day=30))
    time_machine.move_to("2026-11-30 09:00:00+01:00", tick=False)
    assert api(_url("onderwijsaanbieder", aanbieder.code)).json()["correcties"] == []


@pytest.mark.parametrize(("objecttype", "code", "params", "status", "foutcode"), [
    ("school", "100A001", {}, 404, "niet_gevonden"),
    ("onderwijsaanbieder", "999A999", {}, 404, "niet_gevonden"),
    ("onderwijsaanbieder", "{aanbieder}", {"bekendOp": "28-11-2026"}, 400, "bekendOp_ongeldig"),
    ("onderwijsaanbieder", "{aanbieder}", {"bekendOp": "2026-11-28\x00"}, 400, "nul_teken"),
    ("onderwijsaanbieder", "100A\x00001", {}, 400, "nul_teken"),
    ("aangeboden_opleiding", "niet-een-uuid", {}, 404, "niet_gevonden"),
])
def test_foute_vragen(api, opzet, objecttype, code, params, status, foutcode):
    code = code.format(aanbieder=opzet.gemandateerd.aanbieder.code)
    antwoord = api(_url(objecttype, code), **params)
    assert antwoord.status_code == status, antwoord.content
    assert antwoord.json()["code"] == foutcode


def test_zonder_of_met_ingetrokken_sleutel(api, opzet):
    url = _url("onderwijsaanbieder", opzet.gemandateerd.aanbieder.code)
    assert api(url, sleutel=None).status_code == 401
    opzet.systeem.sleutels.update(ingetrokken_op="2026-11-01T00:00:00+01:00")
    assert api(url).status_code == 401
