"""'Gegevens gecontroleerd' while the controle still shows errors: a person must not record it by accident (one
click on the button), and when they do so knowingly the record, the controle screen and the stappenplan say it
was attested with N open errors, not as if all was well."""

import pytest
from django.urls import reverse

from controle import gegevens, services
from controle.models import Attestatie
from kern.fouten import RegelFout
from registratie.models import AuditRegel
from rio_portal.stappenplan import stap_controleer


def _controle(bestuur, vandaag):
    return services.controleer(gegevens.laad_bestuur(bestuur, vandaag))


@pytest.fixture
def open_fouten(bestuur, vandaag):
    """A board with nothing registered yet: the controle gives errors (no locatie, no contact, ...)."""
    n = _controle(bestuur, vandaag).aantal_fouten
    assert n > 0
    return n


@pytest.mark.django_db
def test_scherm_vraagt_bevestiging_van_het_aantal_open_fouten(beheerder_client, bestuur, open_fouten):
    pagina = beheerder_client.get(reverse("controle:bestuur", args=[bestuur.code])).content.decode()
    assert f"Ik bevestig dat er {open_fouten} open fouten zijn" in pagina
    assert 'name="bevestig_fouten"' in pagina and "required" in pagina


@pytest.mark.django_db
def test_attesteren_met_open_fouten_zonder_bevestiging_wordt_geweigerd(beheerder_client, bestuur, open_fouten):
    antwoord = beheerder_client.post(reverse("controle:gecontroleerd", args=[bestuur.code]), follow=True)
    pagina = antwoord.content.decode()
    assert "Niet vastgelegd" in pagina and f"De controle geeft {open_fouten} open fouten" in pagina
    assert not Attestatie.objects.exists()
    assert not AuditRegel.objects.filter(objecttype="attestatie").exists()


@pytest.mark.django_db
def test_bevestiging_van_een_ander_aantal_wordt_geweigerd(beheerder_client, bestuur, open_fouten):
    """The page was opened when there were fewer errors: the confirmation is of what it said, not of now."""
    beheerder_client.post(reverse("controle:gecontroleerd", args=[bestuur.code]),
                          {"bevestig_fouten": str(open_fouten - 1)})
    assert not Attestatie.objects.exists()


@pytest.mark.django_db
def test_service_weigert_zonder_bevestiging(beheerder, bestuur, vandaag, open_fouten):
    with pytest.raises(RegelFout) as fout:
        services.attesteer(_controle(bestuur, vandaag), door=beheerder)
    assert "bevestiging" in fout.value.message_dict
    assert not Attestatie.objects.exists()


@pytest.mark.django_db
def test_met_bevestiging_vastgelegd_met_het_aantal_open_fouten(beheerder_client, beheerder, bestuur, vandaag,
                                                               open_fouten):
    antwoord = beheerder_client.post(reverse("controle:gecontroleerd", args=[bestuur.code]),
                                     {"bevestig_fouten": str(open_fouten)}, follow=True)
    attestatie = Attestatie.objects.get()
    assert (attestatie.gebruiker, attestatie.aantal_fouten) == (beheerder, open_fouten)
    fouten = "fout" if open_fouten == 1 else "fouten"  # a plural form, not "fout(en)"
    assert f"met {open_fouten} open {fouten}" in antwoord.content.decode()
    pagina = beheerder_client.get(reverse("controle:bestuur", args=[bestuur.code])).content.decode()
    assert f"Gecontroleerd met {open_fouten} open fouten" in pagina
    regel = AuditRegel.objects.get(objecttype="attestatie")
    assert f"{open_fouten} {fouten}," in regel.omschrijving

    stap = stap_controleer(_controle(bestuur, vandaag), services.attestatiestand(bestuur))
    tekst = " ".join(str(v) for v in vars(stap).values())
    assert f"met {open_fouten} open fouten" in tekst


@pytest.mark.django_db
def test_zonder_open_fouten_geen_bevestiging_nodig(beheerder, schoon_bestuur, vandaag):
    attestatie = services.attesteer(_controle(schoon_bestuur, vandaag), door=beheerder)
    assert attestatie.aantal_fouten == 0
