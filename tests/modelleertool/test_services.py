"""modelleertool.services: keeping and discarding a concept (the views only check access and show the message)."""

import pytest

from modelleertool import services
from modelleertool.models import Blauwdruk

pytestmark = pytest.mark.django_db


def test_bewaren_hernoemt_een_concept(bestuur):
    concept = Blauwdruk.objects.create(bestuur=bestuur, naam="Oud", inhoud={})
    assert services.bewaar(concept, "  Nieuw  ")
    concept.refresh_from_db()
    assert concept.naam == "Nieuw" and concept.is_concept
    assert services.bewaar(concept, "   ")  # a blank name keeps the old one
    concept.refresh_from_db()
    assert concept.naam == "Nieuw"


def test_verwerpen_legt_vast_wie_en_wanneer(bestuur, beheerder):
    concept = Blauwdruk.objects.create(bestuur=bestuur, naam="Concept", inhoud={})
    assert services.verwerp(concept, door=beheerder)
    concept.refresh_from_db()
    assert concept.status == Blauwdruk.Status.VERWORPEN
    assert concept.verworpen_door == beheerder and concept.verworpen_door_naam and concept.verworpen_op


def test_geen_concept_meer_verandert_niets(bestuur, beheerder):
    concept = Blauwdruk.objects.create(bestuur=bestuur, naam="Concept", inhoud={})
    verouderd = Blauwdruk.objects.get(pk=concept.pk)  # read in another tab, before it was discarded
    assert services.verwerp(concept, door=beheerder)
    assert not services.bewaar(verouderd, "Toch bewaren")
    assert not services.verwerp(verouderd, door=beheerder)
    concept.refresh_from_db()
    assert concept.naam == "Concept" and concept.status == Blauwdruk.Status.VERWORPEN
