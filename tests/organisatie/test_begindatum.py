"""A new object registered in the portal cannot silently start in the past (issue 15 §5, rule 16): each create
form starts at today, and a user who types yesterday is refused with a message that says DUO's functioneel
beheerder corrects the past; nothing is saved."""

from datetime import date

import pytest
from django.urls import reverse

from registratie.models import (
    AangebodenOpleiding,
    Contactgegevens,
    Onderwijsaanbieder,
    Onderwijsaanbiedersgroep,
    Onderwijslocatiegebruik,
)
from tests.helpers import factories
from tests.helpers.factories import opleiding_naam

pytestmark = pytest.mark.django_db

GISTEREN = "27-11-2026"
BERICHT = "ligt in het verleden"
DUO = "functioneel beheerder van DUO"


@pytest.fixture
def aanbieder(bestuur, vandaag):
    return factories.aanbieder(bestuur)


def _formulieren(bestuur, aanbieder):
    brin4 = bestuur.bevoegd_gezag.instellingen.get(code="11AA")
    brin6 = brin4.vestigingen.get()
    return {
        "aanbieder": (reverse("registratie:aanbieder_toevoegen", args=[bestuur.code]),
                      {"naam": "Basisschool Het Anker", "instellingen": [brin4.pk]}, Onderwijsaanbieder),
        "groep": (reverse("registratie:groep_toevoegen", args=[bestuur.code]), {"naam": "Cluster Noord"},
                  Onderwijsaanbiedersgroep),
        "locatie": (reverse("registratie:locatie_toevoegen", args=[bestuur.code]),
                    {"postcode": brin6.postcode, "huisnummer": brin6.huisnummer, "vestiging": brin6.pk},
                    Onderwijslocatiegebruik),
        "opleiding": (reverse("registratie:opleiding_toevoegen", args=[aanbieder.code]) + "?sector=BO",
                      {"opleiding": opleiding_naam("Basisonderwijs").pk, "doelgroepBasisonderwijs": "BO"},
                      AangebodenOpleiding),
        "contact": (reverse("registratie:contact_toevoegen", args=["bestuur", bestuur.code]),
                    {"context": "ALGEMEEN", "email": "info@stichting.nl"}, Contactgegevens),
    }


@pytest.mark.parametrize("soort", ["aanbieder", "groep", "locatie", "opleiding", "contact"])
def test_nieuw_object_met_begindatum_gisteren_geweigerd(beheerder_client, bestuur, aanbieder, vandaag, soort):
    url, gegevens, model = _formulieren(bestuur, aanbieder)[soort]
    voor = model.objects.count()
    r = beheerder_client.post(url, {**gegevens, "begindatum": GISTEREN})
    assert r.status_code == 200
    html = r.content.decode()
    assert BERICHT in html and DUO in html, html[:3000]
    assert model.objects.count() == voor


@pytest.mark.parametrize("soort", ["aanbieder", "groep", "locatie", "opleiding", "contact"])
def test_nieuw_formulier_begint_vandaag(beheerder_client, bestuur, aanbieder, vandaag, soort):
    url, _, _ = _formulieren(bestuur, aanbieder)[soort]
    form = beheerder_client.get(url).context["form"]
    assert form["begindatum"].initial == vandaag


def test_vandaag_wel_toegestaan(beheerder_client, bestuur, aanbieder, vandaag):
    url, gegevens, model = _formulieren(bestuur, aanbieder)["groep"]
    r = beheerder_client.post(url, {**gegevens, "begindatum": vandaag.strftime("%d-%m-%Y")})
    assert r.status_code == 302
    assert model.objects.get().begindatum == date(2026, 11, 28)
