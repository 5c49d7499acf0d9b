"""The functional administrator subscribes a system in the Django admin and sees its status; the secret is made by
the portal and shown once; the URL check holds here too; afterwards only 'actief' can change."""

import pytest
from django.contrib.auth import get_user_model
from django.test import override_settings

from registratie.models import Onderwijsaanbieder
from registratie.services import organisatie as organisatie_services
from uitwisseling.meldingen import services
from uitwisseling.meldingen.models import Abonnement

pytestmark = pytest.mark.django_db

ADD = "/beheer/meldingen/abonnement/add/"


@pytest.fixture
def beheer(client):
    client.force_login(get_user_model().objects.create_superuser("fb", "fb@example.test", "geheim-wachtwoord"))
    return client


def _nieuw(beheer, opzet, url: str, **extra):
    return beheer.post(ADD, {"systeem": opzet.systeem.pk, "callback_url": url, "bestuurcode": "",
                             "instellingscode": "", "actief": "on", **extra}, follow=True)


def test_abonneren_in_de_admin_toont_het_geheim_eenmaal(beheer, opzet, ontvanger):
    antwoord = _nieuw(beheer, opzet, ontvanger.url, objecttypen=["onderwijsaanbieder"])
    assert antwoord.status_code == 200
    abonnement = Abonnement.objects.get()
    assert abonnement.objecttypen == ["onderwijsaanbieder"] and len(abonnement.geheim) >= 32
    assert abonnement.geheim in antwoord.content.decode()
    wijzig = beheer.get(f"/beheer/meldingen/abonnement/{abonnement.pk}/change/")
    assert abonnement.geheim not in wijzig.content.decode()


def test_status_in_de_lijst_en_alleen_actief_te_wijzigen(beheer, opzet, abonnement, ontvanger):
    ontvanger.antwoorden = [503]
    aanbieder = Onderwijsaanbieder.objects.get(pk=opzet.aanbieder.pk)
    organisatie_services.wijzig_aanbieder(aanbieder, door="test", versie=aanbieder.versie,
                                          ingangsdatum=aanbieder.begindatum.today(), naam="Noord",
                                          internationale_naam="", groep=None)
    services.verwerk()
    lijst = beheer.get("/beheer/meldingen/abonnement/").content.decode()
    assert "HTTP 503" in lijst and ontvanger.url in lijst
    beheer.post(f"/beheer/meldingen/abonnement/{abonnement.pk}/change/",
                {"callback_url": "https://elders.example.nl/", "objecttypen": []})
    abonnement.refresh_from_db()
    assert not abonnement.actief and abonnement.callback_url == ontvanger.url
    assert beheer.get("/beheer/meldingen/aflevering/").status_code == 200


@override_settings(MELDINGEN_LOKAAL_TOESTAAN=False)
def test_admin_weigert_interne_callback(beheer, opzet):
    antwoord = _nieuw(beheer, opzet, "https://127.0.0.1/rio")
    assert "intern" in antwoord.content.decode() and not Abonnement.objects.exists()
    antwoord = _nieuw(beheer, opzet, "http://las.example.nl/rio")
    assert "https" in antwoord.content.decode() and not Abonnement.objects.exists()
