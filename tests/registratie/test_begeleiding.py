"""Onderwijsbegeleidingsaanbieder (999T999, rio-po.md §1.6, issue 18 §2): mistakes and attacks.

Only a board of so/vso cluster 1 or 2 registers one; the oprichtingsdatum lies not before the erkenning; another
board's user can neither see nor change it; a forged POST with another board's BRIN is refused with the reason."""

import re
from datetime import date

import pytest
from django.urls import reverse

from kern.fouten import Conflict
from registratie.models import (
    AuditRegel,
    Contactgegevens,
    Instellingserkenning,
    Onderwijsbegeleidingsaanbieder,
)
from registratie.services import begeleiding as begeleiding_services
from registratie.services import contact as contact_services
from registratie.services import organisatie as org
from tests.helpers import factories
from tests.helpers.factories import BEGIN, weigert

pytestmark = pytest.mark.django_db


@pytest.fixture
def so_bestuur(db):
    """A board with one so/vso school of cluster 2 (erkend from 1 August 2021) and one basisschool."""
    bestuur = factories.bestuur_met_erkenningen("40004", brin4s=("44SO",), soort="(V)SO")
    Instellingserkenning.objects.filter(code="44SO").update(cluster="2", begindatum=BEGIN)
    Instellingserkenning.objects.create(code="44BA", naam="Basisschool", bevoegd_gezag=bestuur.bevoegd_gezag,
                                        soort="BAO")
    return bestuur


def _registreer(bestuur, brin: str = "44SO", begindatum: date = date(2026, 11, 28), **extra):
    return begeleiding_services.registreer_begeleidingsaanbieder(
        bestuur, door="test", naam=extra.pop("naam", "Ambulante dienst Auris"), begindatum=begindatum,
        instellingen=[Instellingserkenning.objects.get(code=brin)],
        expertises=extra.pop("expertises", ["SLECHTHORENDHEID", "TAALONTWIKKELINGSSTOORNISSEN"]), **extra)


def test_so_bestuur_registreert_een_begeleidingsaanbieder_met_t_code(so_bestuur, vandaag):
    b = _registreer(so_bestuur)
    assert re.fullmatch(r"\d{3}T\d{3}", b.code)
    assert b.bestuur == so_bestuur and b.expertises == ["SLECHTHORENDHEID", "TAALONTWIKKELINGSSTOORNISSEN"]
    assert [p.naam for p in b.perioden.all()] == ["Ambulante dienst Auris"]
    assert [r.instelling.code for r in b.erkenningsrelaties.all()] == ["44SO"]
    regel = AuditRegel.objects.get(objectcode=b.code)
    assert regel.actie == AuditRegel.Actie.AANGEMAAKT and regel.na["perioden"][0]["naam"] == "Ambulante dienst Auris"
    assert regel.na["erkenningsrelaties"][0]["instelling"] == "44SO"


def test_bao_bestuur_kan_geen_begeleidingsaanbieder_registreren(bestuur, vandaag):
    """Board 10001 has only basisscholen: refused with the reason, nothing stored (also no code used)."""
    with weigert("instellingen", "geen school voor (voortgezet) speciaal onderwijs", "cluster 1 en 2"):
        _registreer(bestuur, brin="11AA")
    with weigert("instellingen", "geen erkenning voor (voortgezet) speciaal onderwijs"):
        begeleiding_services.registreer_begeleidingsaanbieder(
            bestuur, door="test", naam="X", begindatum=vandaag, instellingen=[], expertises=["EPILEPSIE"])


def test_basisschool_van_een_so_bestuur_telt_niet(so_bestuur, vandaag):
    with weigert("instellingen", "44BA", "geen school voor (voortgezet) speciaal onderwijs"):
        _registreer(so_bestuur, brin="44BA")


def test_cluster_3_en_4_registreren_geen_begeleidingsaanbieder(so_bestuur, vandaag):
    Instellingserkenning.objects.filter(code="44SO").update(cluster="3/4")
    with weigert("instellingen", "cluster 3/4", "Alleen scholen van cluster 1 en 2"):
        _registreer(so_bestuur)


def test_oprichtingsdatum_voor_de_erkenning_wordt_geweigerd(so_bestuur, vandaag):
    Instellingserkenning.objects.filter(code="44SO").update(begindatum=date(2027, 8, 1))
    with weigert("instellingen", "vóór de erkenning van 44SO", "01-08-2027"):
        _registreer(so_bestuur, begindatum=date(2027, 7, 31))
    assert _registreer(so_bestuur, begindatum=date(2027, 8, 1)).begindatum == date(2027, 8, 1)


def test_brin_van_een_ander_bestuur_wordt_geweigerd(so_bestuur, vandaag):
    ander = factories.bestuur_met_erkenningen("50005", brin4s=("55SO",), soort="SO")
    with weigert("instellingen", "55SO hoort niet bij het bevoegd gezag van dit bestuur"):
        _registreer(so_bestuur, brin="55SO")
    assert ander.begeleidingsaanbieders.count() == 0


def test_expertise_verplicht_en_uit_de_lijst(so_bestuur, vandaag):
    with weigert("expertises", "minstens één expertise"):
        _registreer(so_bestuur, expertises=[])
    with weigert("expertises", "Onbekende expertise: HOOGBEGAAFD"):
        _registreer(so_bestuur, expertises=["HOOGBEGAAFD"])


def test_wijzigen_plant_een_naam_en_wijzigt_de_expertise_met_versie(so_bestuur, vandaag):
    b = _registreer(so_bestuur)
    begeleiding_services.wijzig_begeleidingsaanbieder(
        b, door="test", versie=b.versie, ingangsdatum=date(2027, 8, 1), naam="Auris Noord", internationale_naam="",
        expertises=["DOOFHEID"])
    b.refresh_from_db()
    assert [p.naam for p in b.perioden.order_by("begindatum")] == ["Ambulante dienst Auris", "Auris Noord"]
    assert b.expertises == ["DOOFHEID"] and b.versie == 2
    with pytest.raises(Conflict):  # a form read at versie 1
        begeleiding_services.wijzig_begeleidingsaanbieder(
            b, door="test", versie=1, ingangsdatum=vandaag, naam="Oud", internationale_naam="", expertises=["DOOFHEID"])
    assert AuditRegel.objects.filter(objectcode=b.code, actie=AuditRegel.Actie.GEPLAND).count() == 1


def test_beeindigen_neemt_contacten_en_erkenningen_mee_en_bestuur_wacht(so_bestuur, vandaag):
    b = _registreer(so_bestuur)
    contact = contact_services.registreer_contact(b, door="test", context="ALGEMEEN", begindatum=vandaag,
                                                  email="auris@example.nl")
    assert contact.eenheid == b and contact.bestuur_van_eenheid == so_bestuur
    with weigert("einddatum", b.code):  # rule 14: not before its units
        org.beeindig_bestuur(so_bestuur, door="test", einddatum=date(2027, 7, 31))
    begeleiding_services.beeindig_begeleidingsaanbieder(b, door="test", versie=b.versie, einddatum=date(2027, 7, 31))
    b.refresh_from_db()
    assert b.einddatum == date(2027, 7, 31)
    assert Contactgegevens.objects.get(pk=contact.pk).einddatum == date(2027, 7, 31)
    assert b.erkenningsrelaties.get().einddatum == date(2027, 7, 31)
    assert b.perioden.get().einddatum == date(2027, 7, 31)


# --- Screens and access ---------------------------------------------------------------------------------

def test_scherm_toevoegen_tonen_en_in_de_boom(client, so_bestuur, vandaag):
    client.force_login(factories.gebruiker_met_rollen("so", so_bestuur))
    organisatie = client.get(reverse("registratie:organisatie", args=[so_bestuur.code])).content.decode()
    assert "Begeleidingsaanbieder toevoegen" in organisatie
    url = reverse("registratie:begeleidingsaanbieder_toevoegen", args=[so_bestuur.code])
    assert client.get(url).status_code == 200
    r = client.post(url, {"naam": "Visio Ambulant", "begindatum": "2026-11-28", "expertises": ["VISUELE_BEPERKINGEN"],
                          "instellingen": [Instellingserkenning.objects.get(code="44SO").pk]})
    assert r.status_code == 302, r.content.decode()[:2000]
    b = Onderwijsbegeleidingsaanbieder.objects.get()
    assert r["Location"] == b.get_absolute_url()
    pagina = client.get(b.get_absolute_url()).content.decode()
    assert "Visio Ambulant" in pagina and "Visuele beperkingen" in pagina and "44SO" in pagina
    boom = client.get(reverse("registratie:organisatie", args=[so_bestuur.code])).content.decode()
    assert b.code in boom and "knoop-begeleiding" in boom
    # Contacts through the existing screen, with the unit soort begeleidingsaanbieder.
    r = client.post(reverse("registratie:contact_toevoegen", args=["begeleidingsaanbieder", b.code]),
                    {"context": "ALGEMEEN", "begindatum": "2026-11-28", "email": "visio@example.nl"})
    assert r.status_code == 302 and b.contactgegevens.get().email == "visio@example.nl"


def test_scherm_bao_bestuur_krijgt_de_reden(beheerder_client, bestuur, vandaag):
    organisatie = beheerder_client.get(reverse("registratie:organisatie", args=[bestuur.code])).content.decode()
    assert "Begeleidingsaanbieder toevoegen" not in organisatie  # no so/vso school of cluster 1 or 2: no button
    url = reverse("registratie:begeleidingsaanbieder_toevoegen", args=[bestuur.code])
    r = beheerder_client.post(url, {"naam": "X", "begindatum": "2026-11-28", "expertises": ["EPILEPSIE"],
                                    "instellingen": [Instellingserkenning.objects.get(code="11AA").pk]})
    assert r.status_code == 200
    assert "geen school voor (voortgezet) speciaal onderwijs" in r.content.decode()
    assert not Onderwijsbegeleidingsaanbieder.objects.exists()


def test_vervalste_post_met_brin_van_een_ander_bestuur(client, so_bestuur, vandaag):
    """The form offers only the board's own BRINs; a forged pk of another board's so-school is not a choice."""
    factories.bestuur_met_erkenningen("50005", brin4s=("55SO",), soort="SO")
    client.force_login(factories.gebruiker_met_rollen("so", so_bestuur))
    r = client.post(reverse("registratie:begeleidingsaanbieder_toevoegen", args=[so_bestuur.code]),
                    {"naam": "X", "begindatum": "2026-11-28", "expertises": ["EPILEPSIE"],
                     "instellingen": [Instellingserkenning.objects.get(code="55SO").pk]})
    assert r.status_code == 200 and not Onderwijsbegeleidingsaanbieder.objects.exists()


def test_gebruiker_van_ander_bestuur_ziet_en_wijzigt_niets(client, so_bestuur, ander_bestuur, vandaag):
    b = _registreer(so_bestuur)
    client.force_login(factories.gebruiker_met_rollen("b", ander_bestuur))
    assert client.get(b.get_absolute_url()).status_code == 404
    for naam in ("begeleidingsaanbieder_wijzigen", "begeleidingsaanbieder_beeindigen"):
        r = client.post(reverse(f"registratie:{naam}", args=[b.code]),
                        {"versie": b.versie, "ingangsdatum": "2026-11-28", "naam": "Gekaapt",
                         "expertises": ["EPILEPSIE"], "einddatum": "2026-11-28"})
        assert r.status_code == 404, naam
    r = client.post(reverse("registratie:begeleidingsaanbieder_toevoegen", args=[so_bestuur.code]),
                    {"naam": "X", "begindatum": "2026-11-28", "expertises": ["EPILEPSIE"],
                     "instellingen": [Instellingserkenning.objects.get(code="44SO").pk]})
    assert r.status_code == 404
    b.refresh_from_db()
    assert b.versie == 1 and b.einddatum is None and b.perioden.get().naam == "Ambulante dienst Auris"


def test_zonder_rol_onderwijsaanbieder_geen_wijziging(client, so_bestuur, vandaag):
    from autorisatie.rollen import Rol

    b = _registreer(so_bestuur)
    client.force_login(factories.gebruiker_met_rollen("contact", so_bestuur, rollen=[Rol.BEHEREN_CONTACTADRES]))
    assert client.get(b.get_absolute_url()).status_code == 200
    r = client.post(reverse("registratie:begeleidingsaanbieder_wijzigen", args=[b.code]),
                    {"versie": b.versie, "ingangsdatum": "2026-11-28", "naam": "Anders", "expertises": ["EPILEPSIE"]})
    assert r.status_code == 403
    b.refresh_from_db()
    assert b.versie == 1


def test_wijzigen_via_scherm_zonder_versie_is_een_conflict(client, so_bestuur, vandaag):
    b = _registreer(so_bestuur)
    client.force_login(factories.gebruiker_met_rollen("so", so_bestuur))
    url = reverse("registratie:begeleidingsaanbieder_wijzigen", args=[b.code])
    assert client.get(url).status_code == 200
    r = client.post(url, {"ingangsdatum": "2026-11-28", "naam": "Anders", "expertises": ["EPILEPSIE"]})
    assert r.status_code == 200 and "Iemand anders heeft deze gegevens gewijzigd" in r.content.decode()
    r = client.post(url, {"versie": b.versie, "ingangsdatum": "2026-11-28", "naam": "Anders",
                          "expertises": ["EPILEPSIE"]})
    assert r.status_code == 302
    b.refresh_from_db()
    assert b.perioden.get().naam == "Anders" and b.expertises == ["EPILEPSIE"]
