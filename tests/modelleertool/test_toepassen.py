"""Template → fill → upload → preview → apply gives the same registration as entering it by hand through the
services; a refusal half-way rolls everything back; access per role."""

from datetime import date

import pytest
from django.db import transaction
from django.urls import reverse

from autorisatie.rollen import Rol
from modelleertool.inhoud import BESTUUR
from modelleertool.models import Blauwdruk
from registratie.models import AuditRegel
from registratie.services import contact as contact_services
from tests.helpers import factories
from tests.helpers.blauwdruk import (
    TerugDraaien,
    als_bytes,
    sjabloon,
    snapshot,
    upload,
    voeg_rij_toe,
    wijzig_met_de_hand,
    zet,
)
from tests.helpers.vingerafdruk import bekeken


def _met_de_hand(bestuur, door, vandaag):
    """What a person enters on the screens (the same services): rename, new school, locatie, opleiding, contact."""
    linde = wijzig_met_de_hand(bestuur, door, vandaag,
                               {"doelgroepBasisonderwijs": ["SBO"], "onderwijsconcept": ["MONTESSORI"]})
    contact_services.registreer_contact(linde, door=door, context="LEERPLICHT", begindatum=vandaag,
                                        email="leerplicht@linde.nl", telefoonnummer="+31 30 765 4321")


def _ingevuld(bestuur):
    """The same changes, typed into the template."""
    boek = sjabloon(bestuur)
    zet(boek["Aanbieders"], 2, "Naam", "De Regenboog Noord")
    voeg_rij_toe(boek["Aanbieders"], {"Naam": "De Linde", "BRIN4": "11AB"})
    voeg_rij_toe(boek["Locaties"], {"BRIN6": "11AB00"})
    voeg_rij_toe(boek["Aangeboden opleidingen"], {
        "Aanbieder": "De Linde", "Opleiding": "Basisonderwijs", "Locatie": "11AB00", "Eigen naam": "Linde Montessori",
        "Doelgroep": "Speciaal basisonderwijs", "Onderwijsconcept": "Montessori"})
    voeg_rij_toe(boek["Contactgegevens"], {"Eenheid": "De Linde", "Communicatiecontext": "Leerplicht",
                                           "E-mailadres": "leerplicht@linde.nl", "Telefoonnummer": "+31 30 765 4321"})
    return boek


def test_blauwdruk_geeft_dezelfde_registratie_als_met_de_hand(beheerder_client, beheerder, bestuur, registratie,
                                                              vandaag):
    with pytest.raises(TerugDraaien), transaction.atomic():
        _met_de_hand(bestuur, beheerder, vandaag)
        met_de_hand = snapshot(bestuur, vandaag)
        raise TerugDraaien
    voor = snapshot(bestuur, vandaag)
    assert voor != met_de_hand

    antwoord = upload(beheerder_client, bestuur, als_bytes(_ingevuld(bestuur)))
    assert antwoord.status_code == 302, antwoord.content.decode()[:3000]
    blauwdruk = Blauwdruk.objects.get(bestuur=bestuur)
    pagina = beheerder_client.get(antwoord["Location"]).content.decode()
    assert "4 nieuw, 1 gewijzigd, 0 beëindigd" in pagina
    assert snapshot(bestuur, vandaag) == voor, "preview changes nothing"

    hoogste = AuditRegel.objects.order_by("-pk").values_list("pk", flat=True).first()
    toegepast = beheerder_client.post(reverse("blauwdruk:toepassen", args=[bestuur.code, blauwdruk.pk]),
                                      {"ingangsdatum": vandaag.isoformat(), "vingerafdruk": bekeken(blauwdruk)})
    assert toegepast.status_code == 302, toegepast.content.decode()[:3000]
    assert snapshot(bestuur, vandaag) == met_de_hand
    nieuw = AuditRegel.objects.filter(pk__gt=hoogste)
    assert nieuw.count() == 5  # one entry per change, written by the services
    assert set(nieuw.values_list("gebruiker", flat=True)) == {beheerder.pk}
    blauwdruk.refresh_from_db()
    assert (blauwdruk.status, blauwdruk.toegepast_door, blauwdruk.ingangsdatum) == ("toegepast", beheerder, vandaag)


def test_weigering_halverwege_draait_alles_terug(beheerder_client, bestuur, registratie, vandaag):
    boek = sjabloon(bestuur)
    zet(boek["Aanbieders"], 2, "Naam", "Hernoemd")  # applied first (aanbieders come before contacts) ...
    voeg_rij_toe(boek["Contactgegevens"], {"Eenheid": "Bestuur", "Communicatiecontext": "Toezicht",
                                           "E-mailadres": "geen-adres"})  # ... then the service refuses this
    assert upload(beheerder_client, bestuur, als_bytes(boek)).status_code == 302
    blauwdruk = Blauwdruk.objects.get(bestuur=bestuur)
    voor = factories.stand()
    antwoord = beheerder_client.post(reverse("blauwdruk:toepassen", args=[bestuur.code, blauwdruk.pk]),
                                     {"ingangsdatum": vandaag.isoformat(), "vingerafdruk": bekeken(blauwdruk)})
    assert antwoord.status_code == 400
    pagina = antwoord.content.decode()
    assert "niet toegepast; er is niets gewijzigd" in pagina
    assert "Blad Contactgegevens, rij 3" in pagina and "geldig e-mailadres" in pagina
    assert factories.stand() == voor
    registratie["aanbieder"].refresh_from_db()
    assert registratie["aanbieder"].huidige_periode(vandaag).naam == "De Regenboog"
    blauwdruk.refresh_from_db()
    assert blauwdruk.status == Blauwdruk.Status.CONCEPT


def test_ingangsdatum_in_het_verleden(beheerder_client, bestuur, registratie, vandaag):
    boek = sjabloon(bestuur)
    zet(boek["Aanbieders"], 2, "Naam", "Hernoemd")
    upload(beheerder_client, bestuur, als_bytes(boek))
    blauwdruk = Blauwdruk.objects.get(bestuur=bestuur)
    voor = factories.stand()
    antwoord = beheerder_client.post(reverse("blauwdruk:toepassen", args=[bestuur.code, blauwdruk.pk]),
                                     {"ingangsdatum": "2026-11-27", "vingerafdruk": bekeken(blauwdruk)})
    assert antwoord.status_code == 400 and "ligt in het verleden" in antwoord.content.decode()
    assert factories.stand() == voor


def test_vaste_velden_kunnen_niet_wijzigen(beheerder_client, bestuur, registratie):
    boek = sjabloon(bestuur)
    zet(boek["Aanbieders"], 2, "Oprichtingsdatum", date(2022, 8, 1))
    upload(beheerder_client, bestuur, als_bytes(boek))
    blauwdruk = Blauwdruk.objects.get(bestuur=bestuur)
    pagina = beheerder_client.get(blauwdruk.get_absolute_url()).content.decode()
    assert "kan niet wijzigen" in pagina and "Blauwdruk toepassen" not in pagina


def test_bewaren_en_verwerpen_leggen_vast_wie(beheerder_client, beheerder, bestuur, registratie, vandaag):
    upload(beheerder_client, bestuur, als_bytes(sjabloon(bestuur)))
    blauwdruk = Blauwdruk.objects.get(bestuur=bestuur)
    assert (blauwdruk.aangemaakt_door, blauwdruk.bron) == (beheerder, "upload")
    beheerder_client.post(reverse("blauwdruk:bewaren", args=[bestuur.code, blauwdruk.pk]), {"naam": "Plan 2027"})
    beheerder_client.post(reverse("blauwdruk:verwerpen", args=[bestuur.code, blauwdruk.pk]))
    blauwdruk.refresh_from_db()
    assert (blauwdruk.naam, blauwdruk.status, blauwdruk.verworpen_door) == ("Plan 2027", "verworpen", beheerder)
    lijst = beheerder_client.get(reverse("blauwdruk:lijst", args=[bestuur.code])).content.decode()
    assert "Plan 2027" in lijst and "verworpen" in lijst
    antwoord = beheerder_client.post(reverse("blauwdruk:toepassen", args=[bestuur.code, blauwdruk.pk]),
                                     {"ingangsdatum": vandaag.isoformat(), "vingerafdruk": bekeken(blauwdruk)})
    assert antwoord.status_code == 400 and "al verworpen" in antwoord.content.decode()


# --- Access ------------------------------------------------------------------------------------------------------

@pytest.fixture
def concept(bestuur, registratie, beheerder):
    from modelleertool.lezer import Kader, lees

    boek = sjabloon(bestuur)
    zet(boek["Aanbieders"], 2, "Naam", "Hernoemd")
    voeg_rij_toe(boek["Contactgegevens"], {"Eenheid": BESTUUR, "Communicatiecontext": "Toezicht",
                                           "E-mailadres": "toezicht@stichting.nl"})
    inhoud = lees(als_bytes(boek), Kader.voor(bestuur)).blauwdruk
    return Blauwdruk.objects.create(bestuur=bestuur, inhoud=inhoud.naar_json(), aangemaakt_door=beheerder)


def _urls(bestuur, blauwdruk) -> dict[str, str]:
    return {naam: reverse(f"blauwdruk:{naam}", args=[bestuur.code, *([blauwdruk.pk] if pk else [])])
            for naam, pk in (("lijst", False), ("sjabloon", False), ("uploaden", False), ("voorbeeld", True),
                             ("toepassen", True), ("bewaren", True), ("verwerpen", True))}


def test_gebruiker_van_ander_bestuur_krijgt_404(client, ander_bestuur, concept, bestuur):
    client.force_login(factories.gebruiker_met_rollen("b_beheerder", ander_bestuur))
    voor = factories.stand()
    for naam, url in _urls(bestuur, concept).items():
        methode = client.post if naam in ("toepassen", "bewaren", "verwerpen", "uploaden") else client.get
        assert methode(url, {"ingangsdatum": "2027-01-01"}).status_code == 404, naam
    assert factories.stand() == voor


def test_leesrol_mag_kijken_maar_niet_wijzigen(client, lezer, concept, bestuur, vandaag):
    client.force_login(lezer)
    urls = _urls(bestuur, concept)
    for naam in ("lijst", "sjabloon", "voorbeeld"):
        assert client.get(urls[naam]).status_code == 200, naam
    voor = factories.stand()
    assert client.get(urls["uploaden"]).status_code == 403
    for naam in ("uploaden", "toepassen", "bewaren", "verwerpen"):
        assert client.post(urls[naam], {"ingangsdatum": vandaag.isoformat(), "naam": "x"}).status_code == 403, naam
    assert factories.stand() == voor
    concept.refresh_from_db()
    assert concept.status == "concept" and concept.naam == ""


def test_toepassen_vraagt_de_rol_van_elk_gewijzigd_soort_object(client, concept, bestuur, vandaag):
    """Only 'beheren onderwijsaanbieder': the concept also adds contactgegevens, so applying is refused (403)."""
    client.force_login(factories.gebruiker_met_rollen("alleen_aanbieders", bestuur,
                                                      rollen=[Rol.BEHEREN_ONDERWIJSAANBIEDER]))
    pagina = client.get(concept.get_absolute_url()).content.decode()
    assert "contactgegevens beheren <strong>(ontbreekt)</strong>" in pagina
    voor = factories.stand()
    antwoord = client.post(reverse("blauwdruk:toepassen", args=[bestuur.code, concept.pk]),
                           {"ingangsdatum": vandaag.isoformat(), "vingerafdruk": bekeken(concept)})
    assert antwoord.status_code == 403
    assert factories.stand() == voor
