"""Predecessor and successor (organisatierelatie OVERGANG, rio-po.md §1.12, issue 18 §2): an aanbieder that ends in a
merger records the aanbieder it went on in. Mistakes and attacks: itself, a cycle, an ended or later successor, an
unknown code, another board's aanbieder; and where it shows: the pages, the JSON API and register.csv."""

import csv
import io
from datetime import date

import pytest
from django.urls import reverse

from registratie.models import AuditRegel, Onderwijsaanbieder, Opvolging
from registratie.services import organisatie as org
from tests.helpers import factories
from tests.helpers.factories import weigert

pytestmark = pytest.mark.django_db
EINDE = date(2027, 7, 31)
OVERGANG = date(2027, 8, 1)


@pytest.fixture
def scholen(bestuur, vandaag):
    return factories.aanbieder(bestuur, naam="De Wilg"), factories.aanbieder(bestuur, naam="De Eik")


def _beeindig(aanbieder: Onderwijsaanbieder, code: str, einddatum: date = EINDE) -> Onderwijsaanbieder:
    aanbieder.refresh_from_db()
    return org.beeindig_aanbieder(aanbieder, door="test", versie=aanbieder.versie, einddatum=einddatum,
                                  opvolgercode=code)


def test_opgegaan_in_legt_de_overgang_vast_met_audit(scholen):
    wilg, eik = scholen
    _beeindig(wilg, eik.code.lower())  # the code as typed, in lower case
    opvolging = Opvolging.objects.get()
    assert (opvolging.voorganger, opvolging.opvolger, opvolging.datum) == (wilg, eik, OVERGANG)
    regel = AuditRegel.objects.get(objecttype="opvolging")
    assert regel.na == {"voorganger": wilg.code, "opvolger": eik.code, "datum": "2027-08-01"}
    assert AuditRegel.objects.filter(objectcode=wilg.code, actie=AuditRegel.Actie.BEEINDIGD).get().omschrijving \
        .endswith(f"opgegaan in {eik.code}")


def test_opvolger_is_niet_de_aanbieder_zelf(scholen):
    wilg, _ = scholen
    with weigert("opvolger", "niet in zichzelf opgaan"):
        _beeindig(wilg, wilg.code)
    assert Onderwijsaanbieder.objects.get(pk=wilg.pk).einddatum is None


def test_beeindigde_opvolger_wordt_geweigerd(scholen):
    wilg, eik = scholen
    _beeindig(eik, "", einddatum=date(2027, 1, 31))
    with weigert("opvolger", f"Opvolger {eik.code} is beëindigd per 31-01-2027", "01-08-2027"):
        _beeindig(wilg, eik.code)


def test_opvolger_die_later_begint_wordt_geweigerd(bestuur, scholen):
    wilg, _ = scholen
    later = factories.aanbieder(bestuur, naam="Nieuw", begindatum=date(2027, 9, 1))
    with weigert("opvolger", "begint pas op 01-09-2027"):
        _beeindig(wilg, later.code)


def test_onbekende_of_misvormde_code(scholen):
    wilg, _ = scholen
    with weigert("opvolger", "geen onderwijsaanbieder met code 999A999"):
        _beeindig(wilg, "999A999")
    with weigert("opvolger", "in de vorm 999A999"):
        _beeindig(wilg, "De Eik")


def test_kring_wordt_geweigerd(bestuur, scholen):
    """A chain back to the aanbieder (possible after a DUO correction of dates) is refused."""
    wilg, eik = scholen
    linde = factories.aanbieder(bestuur, naam="De Linde")
    Opvolging.objects.create(voorganger=eik, opvolger=linde, datum=OVERGANG)
    Opvolging.objects.create(voorganger=linde, opvolger=wilg, datum=OVERGANG)
    with weigert("opvolger", "kring", eik.code):
        _beeindig(wilg, eik.code)


def test_opvolger_eindigt_niet_voor_de_overgang(scholen):
    wilg, eik = scholen
    _beeindig(wilg, eik.code)
    with weigert("einddatum", f"zet {wilg.code} voort vanaf 01-08-2027"):
        _beeindig(eik, "", einddatum=EINDE)


def test_opnieuw_eerder_beeindigen_verschuift_de_overgang(scholen):
    wilg, eik = scholen
    _beeindig(wilg, eik.code)
    _beeindig(wilg, "", einddatum=date(2027, 3, 31))
    assert Opvolging.objects.get().datum == date(2027, 4, 1) and Opvolging.objects.get().opvolger == eik


def test_opvolger_van_een_ander_bestuur_met_audit_voor_beide(bestuur, ander_bestuur, scholen):
    wilg, _ = scholen
    anker = factories.aanbieder(ander_bestuur, naam="Het Anker")
    _beeindig(wilg, anker.code)
    assert Opvolging.objects.get().opvolger == anker
    assert set(AuditRegel.objects.filter(objecttype="opvolging").values_list("bestuurcode", flat=True)) == {
        bestuur.code, ander_bestuur.code}


# --- Screens, forged posts, public page, API, open data ------------------------------------------------

def test_eindscherm_legt_de_opvolger_vast_en_de_paginas_tonen_hem(beheerder_client, client, scholen):
    wilg, eik = scholen
    url = reverse("registratie:aanbieder_beeindigen", args=[wilg.code])
    assert "Opgegaan in" in beheerder_client.get(url).content.decode()
    r = beheerder_client.post(url, {"versie": wilg.versie, "einddatum": "2027-07-31", "opvolger": wilg.code})
    assert r.status_code == 200 and "niet in zichzelf opgaan" in r.content.decode()
    r = beheerder_client.post(url, {"versie": wilg.versie, "einddatum": "2027-07-31", "opvolger": eik.code})
    assert r.status_code == 302
    pagina = beheerder_client.get(wilg.get_absolute_url()).content.decode()
    assert "Opgevolgd door" in pagina and eik.code in pagina and "De Eik" in pagina
    pagina = beheerder_client.get(eik.get_absolute_url()).content.decode()
    assert "Voortgezet uit" in pagina and wilg.code in pagina and "De Wilg" in pagina
    openbaar = client.get(reverse("openbaar:aanbieder", args=[eik.code])).content.decode()
    assert "Voortgezet uit" in openbaar and wilg.code in openbaar
    openbaar = client.get(reverse("openbaar:aanbieder", args=[wilg.code])).content.decode()
    assert "Opgevolgd door" in openbaar and eik.code in openbaar


def test_vervalste_post_op_aanbieder_van_ander_bestuur(client, bestuur, ander_bestuur, vandaag):
    """Board B's person posts the end form of board A's school with B's own school as successor: 404, nothing."""
    school_a = factories.aanbieder(bestuur, naam="School A")
    school_b = factories.aanbieder(ander_bestuur, naam="School B")
    client.force_login(factories.gebruiker_met_rollen("b", ander_bestuur))
    r = client.post(reverse("registratie:aanbieder_beeindigen", args=[school_a.code]),
                    {"versie": school_a.versie, "einddatum": "2027-07-31", "opvolger": school_b.code})
    assert r.status_code == 404
    assert not Opvolging.objects.exists() and Onderwijsaanbieder.objects.get(pk=school_a.pk).einddatum is None


def test_register_csv_draagt_de_overgang(client, scholen):
    wilg, eik = scholen
    _beeindig(wilg, eik.code)
    rijen = list(csv.DictReader(io.StringIO(client.get(reverse("openbaar:register_csv")).content.decode("utf-8-sig"),
                                            newline=""), delimiter=";"))
    per_school = {r["Onderwijsaanbiedercode"]: r for r in rijen}
    assert per_school[wilg.code]["Opgevolgd door"] == eik.code and per_school[wilg.code]["Voortgezet uit"] == ""
    assert per_school[eik.code]["Voortgezet uit"] == wilg.code and per_school[eik.code]["Opgevolgd door"] == ""
