"""The controleregels of the onderwijsbegeleidingsaanbieder (999T999, rio-po.md §1.6, issue 18 §2): each makes its
signal appear on a board with the defect, and the signal goes away through the screen its fix link points to."""

from datetime import date

import pytest
from django.urls import reverse

from registratie.models import BegeleidingPeriode, Instellingserkenning, Onderwijsbegeleidingsaanbieder
from registratie.services import begeleiding as begeleiding_services
from registratie.services import contact as contact_services
from registratie.services.vergrendeling import ZONDER_VERSIECONTROLE
from tests.controle.test_regels import enige, post_ok, signalen
from tests.helpers.factories import BEGIN

# Reads the screen's context after changing data directly (not through an audited service).
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("zonder_fragmentcache")]


@pytest.fixture
def begeleider(schoon_bestuur, vandaag) -> Onderwijsbegeleidingsaanbieder:
    """A so-school of cluster 2 (11SO) of the clean board, with a begeleidingsaanbieder under it."""
    so = Instellingserkenning.objects.create(code="11SO", naam="Auris SO", bevoegd_gezag=schoon_bestuur.bevoegd_gezag,
                                             soort="SO", cluster="2", begindatum=BEGIN)
    return begeleiding_services.registreer_begeleidingsaanbieder(
        schoon_bestuur, door="test", naam="Ambulante dienst Auris", begindatum=vandaag, instellingen=[so],
        expertises=["SLECHTHORENDHEID"])


def _regels(client, bestuur) -> list[str]:
    return [s.regel for s in signalen(client, bestuur) if s.regel.startswith("BEGELEIDING_")
            or s.object.soort == "Onderwijsbegeleidingsaanbieder"]


def test_goede_begeleidingsaanbieder_geeft_geen_signaal(beheerder_client, schoon_bestuur, begeleider):
    assert _regels(beheerder_client, schoon_bestuur) == []


def test_erkenning_door_duo_beeindigd(beheerder_client, schoon_bestuur, begeleider, vandaag):
    Instellingserkenning.objects.filter(code="11SO").update(einddatum=date(2026, 7, 31))
    s = enige(beheerder_client, schoon_bestuur, "BEGELEIDING_ERKENNING")
    assert s.bericht == (f"De erkenning 11SO van onderwijsbegeleidingsaanbieder {begeleider.code} is beëindigd per "
                         "31-07-2026, maar de begeleidingsaanbieder hoort er op 28-11-2026 nog bij.")
    assert s.ernst == "fout" and s.object.soort == "Onderwijsbegeleidingsaanbieder"
    assert s.object.code == begeleider.code and s.object.naam == "Ambulante dienst Auris"
    assert s.herstel.url == reverse("registratie:begeleidingsaanbieder_beeindigen", args=[begeleider.code])
    begeleider.refresh_from_db()
    post_ok(beheerder_client, s.herstel.url, {"versie": begeleider.versie, "einddatum": vandaag.isoformat()})
    assert signalen(beheerder_client, schoon_bestuur, "BEGELEIDING_ERKENNING") == []


def test_erkenning_niet_meer_so_van_cluster_1_of_2(beheerder_client, schoon_bestuur, begeleider, vandaag):
    Instellingserkenning.objects.filter(code="11SO").update(cluster="3")
    s = enige(beheerder_client, schoon_bestuur, "BEGELEIDING_ERKENNING")
    assert "cluster 3" in s.bericht and "Alleen scholen van cluster 1 en 2" in s.bericht
    Instellingserkenning.objects.filter(code="11SO").update(cluster="2", soort="BAO")
    s = enige(beheerder_client, schoon_bestuur, "BEGELEIDING_ERKENNING")
    assert "geen school voor (voortgezet) speciaal onderwijs" in s.bericht
    begeleider.refresh_from_db()
    post_ok(beheerder_client, s.herstel.url, {"versie": begeleider.versie, "einddatum": "2027-07-31"})
    assert "BEGELEIDING_ERKENNING" in _regels(beheerder_client, schoon_bestuur), "ending later does not fix it"
    begeleider.refresh_from_db()
    post_ok(beheerder_client, s.herstel.url, {"versie": begeleider.versie, "einddatum": vandaag.isoformat()})
    assert signalen(beheerder_client, schoon_bestuur, "BEGELEIDING_ERKENNING") == []


def test_zonder_erkenningsrelatie(beheerder_client, schoon_bestuur, begeleider):
    begeleider.erkenningsrelaties.all().delete()
    s = enige(beheerder_client, schoon_bestuur, "BEGELEIDING_ERKENNING")
    assert s.bericht == (f"Onderwijsbegeleidingsaanbieder {begeleider.code} hoort op 28-11-2026 bij geen "
                         "instellingserkenning (BRIN) voor (voortgezet) speciaal onderwijs.")


def test_zonder_expertise_hersteld_via_wijzigen(beheerder_client, schoon_bestuur, begeleider, vandaag):
    Onderwijsbegeleidingsaanbieder.objects.filter(pk=begeleider.pk).update(expertises=["VERVALLEN_WAARDE"])
    s = enige(beheerder_client, schoon_bestuur, "BEGELEIDING_EXPERTISE")
    assert s.bericht == (f"Onderwijsbegeleidingsaanbieder {begeleider.code}: Onbekende expertise: VERVALLEN_WAARDE. "
                         "Kies uit de lijst.")
    assert s.herstel.url == reverse("registratie:begeleidingsaanbieder_wijzigen", args=[begeleider.code])
    begeleider.refresh_from_db()
    post_ok(beheerder_client, s.herstel.url, {
        "versie": begeleider.versie, "ingangsdatum": vandaag.isoformat(), "naam": "Ambulante dienst Auris",
        "internationale_naam": "", "expertises": ["SLECHTHORENDHEID", "DOOFHEID"]})
    assert signalen(beheerder_client, schoon_bestuur, "BEGELEIDING_EXPERTISE") == []
    Onderwijsbegeleidingsaanbieder.objects.filter(pk=begeleider.pk).update(expertises=[])
    assert "Kies minstens één expertise." in enige(beheerder_client, schoon_bestuur, "BEGELEIDING_EXPERTISE").bericht


def test_geen_algemeen_op_begeleider_en_bestuur(beheerder_client, schoon_bestuur, begeleider, vandaag):
    schoon_bestuur.contactgegevens.all().delete()
    s = enige(beheerder_client, schoon_bestuur, "BEGELEIDING_CONTACT")
    assert s.bericht == (f"Onderwijsbegeleidingsaanbieder {begeleider.code} heeft op 28-11-2026 geen "
                         "contactgegevens voor de context Algemeen, en het bestuur ook niet. RIO toont dan de "
                         "gegevens uit het Handelsregister, niet die van de begeleiding.")
    assert s.herstel.url == reverse("registratie:contact_toevoegen",
                                    args=["begeleidingsaanbieder", begeleider.code])
    post_ok(beheerder_client, s.herstel.url, {"context": "ALGEMEEN", "begindatum": vandaag.isoformat(),
                                             "email": "begeleiding@auris.example"})
    assert signalen(beheerder_client, schoon_bestuur, "BEGELEIDING_CONTACT") == []
    # The board's own signal stays: the begeleider's contact is not the board's.
    assert len(signalen(beheerder_client, schoon_bestuur, "GEEN_ALGEMEEN_CONTACT")) == 1


def test_algemeen_op_het_bestuur_is_genoeg(beheerder_client, schoon_bestuur, begeleider, vandaag):
    """The fallback chain: Algemeen of the board serves the begeleidingsaanbieder too."""
    contact_services.registreer_contact(begeleider, door="test", context="PASSEND_ONDERWIJS", begindatum=vandaag,
                                        email="passend@auris.example")
    assert signalen(beheerder_client, schoon_bestuur, "BEGELEIDING_CONTACT") == []


def test_gat_in_namen_van_de_begeleider(beheerder_client, schoon_bestuur, begeleider, vandaag):
    eerste = begeleider.perioden.get()
    eerste.einddatum = date(2027, 1, 31)
    eerste.save()
    later = BegeleidingPeriode.objects.create(begeleidingsaanbieder=begeleider, begindatum=date(2027, 3, 1),
                                              naam="Later")
    s = enige(beheerder_client, schoon_bestuur, "PERIODEN_SLUITEN_AAN")
    assert s.bericht == "Tussen 31-01-2027 en 01-03-2027 ligt een gat."
    assert s.object.code == begeleider.code and s.herstel.url == begeleider.get_absolute_url()
    annuleer = reverse("registratie:annuleer_wijziging", args=["begeleidingsaanbieder", begeleider.code, later.pk])
    assert f'action="{annuleer}"' in beheerder_client.get(s.herstel.url).content.decode()
    post_ok(beheerder_client, annuleer, {})
    assert signalen(beheerder_client, schoon_bestuur, "PERIODEN_SLUITEN_AAN") == []


def test_einde_niet_op_31_juli(beheerder_client, schoon_bestuur, begeleider):
    begeleiding_services.beeindig_begeleidingsaanbieder(begeleider, door="test", versie=ZONDER_VERSIECONTROLE,
                                                        einddatum=date(2027, 8, 15))
    s = enige(beheerder_client, schoon_bestuur, "EINDE_OP_31_JULI")
    assert s.object.code == begeleider.code
    assert s.herstel.url == reverse("registratie:begeleidingsaanbieder_beeindigen", args=[begeleider.code])
    begeleider.refresh_from_db()
    post_ok(beheerder_client, s.herstel.url, {"versie": begeleider.versie, "einddatum": "2027-07-31"})
    assert signalen(beheerder_client, schoon_bestuur, "EINDE_OP_31_JULI") == []
