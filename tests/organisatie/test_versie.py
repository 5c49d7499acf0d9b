"""Optimistic locking cannot be skipped: an edit form posted without its versie, or with a tampered one, is
refused with the conflict message, like a stale one; nothing is saved over a colleague's change."""

import pytest
from django.urls import reverse

from kern.formulieren import VersieFormulier
from kern.fouten import Conflict
from registratie.models import AuditRegel
from registratie.services import organisatie as organisatie_services
from registratie.services.vergrendeling import ZONDER_VERSIECONTROLE
from tests.helpers import factories

pytestmark = pytest.mark.django_db


def _wijzig(client, aanbieder, vandaag, **extra):
    return client.post(reverse("registratie:aanbieder_wijzigen", args=[aanbieder.code]),
                       {"ingangsdatum": vandaag.isoformat(), "naam": "Overschreven", **extra})


def test_formulier_zonder_versie_overschrijft_de_wijziging_van_een_collega_niet(beheerder_client, bestuur, vandaag):
    aanbieder = factories.aanbieder(bestuur, naam="De Regenboog")
    organisatie_services.wijzig_aanbieder(aanbieder, door="collega", versie=aanbieder.versie, ingangsdatum=vandaag,
                                          naam="Naam van de collega", internationale_naam="", groep=None)
    aantal = AuditRegel.objects.count()

    antwoord = _wijzig(beheerder_client, aanbieder, vandaag)  # the hidden versie stripped from the form

    assert antwoord.status_code == 200
    assert Conflict.bericht in antwoord.content.decode()
    aanbieder.refresh_from_db()
    assert aanbieder.periode_op(vandaag).naam == "Naam van de collega"
    assert AuditRegel.objects.count() == aantal


@pytest.mark.parametrize("versie", ["", "-1", "abc", str(2**63), "1e3"])
def test_geknoeide_versie_geeft_de_conflictmelding(beheerder_client, bestuur, vandaag, versie):
    aanbieder = factories.aanbieder(bestuur, naam="De Regenboog")
    antwoord = _wijzig(beheerder_client, aanbieder, vandaag, versie=versie)
    assert antwoord.status_code == 200  # a form with its message, never a 500
    assert Conflict.bericht in antwoord.content.decode()
    aanbieder.refresh_from_db()
    assert aanbieder.periode_op(vandaag).naam == "De Regenboog"


def test_de_juiste_versie_wordt_opgeslagen(beheerder_client, bestuur, vandaag):
    aanbieder = factories.aanbieder(bestuur, naam="De Regenboog")
    assert _wijzig(beheerder_client, aanbieder, vandaag, versie=aanbieder.versie).status_code == 302
    aanbieder.refresh_from_db()
    assert aanbieder.periode_op(vandaag).naam == "Overschreven"


def test_service_weigert_none_maar_niet_de_uitdrukkelijke_uitzondering(bestuur, vandaag):
    """None is what a missing form field gives; only an internal caller's explicit sentinel skips the check."""
    aanbieder = factories.aanbieder(bestuur, naam="De Regenboog")
    with pytest.raises(Conflict):
        organisatie_services.wijzig_aanbieder(aanbieder, door="test", versie=None, ingangsdatum=vandaag,
                                              naam="Zonder versie", internationale_naam="", groep=None)
    organisatie_services.wijzig_aanbieder(aanbieder, door="importer", versie=ZONDER_VERSIECONTROLE,
                                          ingangsdatum=vandaag, naam="Intern", internationale_naam="", groep=None)
    aanbieder.refresh_from_db()
    assert aanbieder.periode_op(vandaag).naam == "Intern"


def test_versieveld_heeft_grenzen():
    veld = VersieFormulier().fields["versie"]
    assert (veld.min_value, veld.max_value) == (0, 2**63 - 1)
