"""Background exports live where every web replica reaches them (issue 19): the database storage of
controle.opslag by default, never a folder that web and worker must share; old exports are removed after
EXPORT_BEWAARDAGEN days (controle.bewaren)."""

import io
import os
from datetime import timedelta

import pytest
from django.contrib.auth import get_user_model
from django.core.files import File
from django.core.files.base import ContentFile
from django.core.files.storage import storages
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from controle.bewaren import ruim_oude_exports_op
from controle.models import Exportbestand, Exportblok, Exportopdracht
from controle.opslag import BLOKGROOTTE
from controle.tasks import maak_landelijk_controlebestand

pytestmark = pytest.mark.django_db


@pytest.fixture
def duo(db):
    return get_user_model().objects.create_superuser("duo", "duo@example.test", "geheim-wachtwoord")


def test_een_bestand_van_meer_blokken_komt_onveranderd_terug():
    inhoud = os.urandom(2 * BLOKGROOTTE + 12345)
    opslag = storages["exports"]
    naam = opslag.save("groot.bin", ContentFile(inhoud))
    assert Exportblok.objects.filter(bestand__naam=naam).count() == 3
    assert opslag.exists(naam) and opslag.size(naam) == len(inhoud)
    with opslag.open(naam) as bestand:
        stukken = iter(lambda: bestand.read(7000), b"")  # reads across block borders
        assert b"".join(stukken) == inhoud
    opslag.delete(naam)
    assert not opslag.exists(naam) and not Exportblok.objects.exists()


def test_een_tweede_bestand_met_dezelfde_naam_overschrijft_niets():
    opslag = storages["exports"]
    eerste = opslag.save("x.xlsx", ContentFile(b"eerste"))
    tweede = opslag.save("x.xlsx", ContentFile(b"tweede"))
    assert eerste != tweede
    assert opslag.open(eerste).read() == b"eerste" and opslag.open(tweede).read() == b"tweede"


def test_half_geschreven_bestand_bestaat_niet():
    class Kapot(io.BytesIO):
        """A stream that breaks after the first block, as a worker that is killed half-way."""

        def read(self, n=-1):
            if self.tell() >= BLOKGROOTTE:
                raise OSError("verbinding weg")
            return super().read(n)

    with pytest.raises(OSError):
        storages["exports"].save("half.bin", File(Kapot(os.urandom(3 * BLOKGROOTTE)), name="half.bin"))
    assert not Exportbestand.objects.exists() and not Exportblok.objects.exists()


def test_opslag_opent_niet_om_te_schrijven_en_geeft_geen_openbaar_adres():
    opslag = storages["exports"]
    naam = opslag.save("a.csv", ContentFile(b"a"))
    with pytest.raises(ValueError):
        opslag.open(naam, "wb")
    with pytest.raises(NotImplementedError):
        opslag.url(naam)
    with pytest.raises(FileNotFoundError):
        opslag.open("bestaat-niet.csv")


def test_web_heeft_geen_map_nodig(client, duo, bestuur, vandaag, settings, tmp_path):
    """The worker and the web app share only the database: no EXPORT_MAP is created or read."""
    settings.EXPORT_MAP = tmp_path / "bestaat-niet"
    opdracht = Exportopdracht.objects.create(formaat="zip", peildatum=vandaag, aangevraagd_door=duo)
    naam = maak_landelijk_controlebestand.call(str(opdracht.pk))
    client.force_login(duo)
    antwoord = client.get(reverse("controle:export_download", args=[opdracht.pk]))
    inhoud = b"".join(antwoord.streaming_content)
    assert antwoord.status_code == 200 and inhoud.startswith(b"PK")
    assert int(antwoord["Content-Length"]) == len(inhoud) == storages["exports"].size(naam)
    assert antwoord["Cache-Control"] == "private, no-store"
    assert not settings.EXPORT_MAP.exists()


def test_mapopslag_blijft_kiesbaar(client, duo, bestuur, vandaag, settings, exportmap):
    settings.STORAGES = {**settings.STORAGES, "exports": {
        "BACKEND": "django.core.files.storage.FileSystemStorage", "OPTIONS": {"location": str(exportmap)}}}
    opdracht = Exportopdracht.objects.create(formaat="zip", peildatum=vandaag, aangevraagd_door=duo)
    naam = maak_landelijk_controlebestand.call(str(opdracht.pk))
    assert (exportmap / naam).is_file() and not Exportbestand.objects.exists()
    client.force_login(duo)
    assert client.get(reverse("controle:export_download", args=[opdracht.pk])).status_code == 200


def _klare_export(duo, vandaag, klaar_op, inhoud=b"PK"):
    opdracht = Exportopdracht.objects.create(formaat="zip", peildatum=vandaag, aangevraagd_door=duo)
    naam = storages["exports"].save(f"export-{opdracht.pk}.zip", ContentFile(inhoud))
    Exportopdracht.objects.filter(pk=opdracht.pk).update(status="klaar", bestandsnaam=naam, klaar_op=klaar_op)
    return opdracht, naam


def test_oude_exports_worden_opgeruimd_recente_blijven(client, duo, vandaag, settings):
    settings.EXPORT_BEWAARDAGEN = 7
    nu = timezone.now()
    oud, _oude_naam = _klare_export(duo, vandaag, nu - timedelta(days=8))
    recent, recente_naam = _klare_export(duo, vandaag, nu - timedelta(days=6))
    mislukt = Exportopdracht.objects.create(formaat="xlsx", peildatum=vandaag, status="mislukt",
                                            klaar_op=nu - timedelta(days=30))
    bezig = Exportopdracht.objects.create(formaat="xlsx", peildatum=vandaag, status="bezig")
    Exportopdracht.objects.filter(pk=bezig.pk).update(aangevraagd_op=nu - timedelta(days=30))
    wees = storages["exports"].save("wees.zip", ContentFile(b"PK"))  # a worker died before marking its job
    Exportbestand.objects.filter(naam=wees).update(aangemaakt=nu - timedelta(days=9))

    assert ruim_oude_exports_op(nu) == 2
    assert set(Exportopdracht.objects.values_list("pk", flat=True)) == {recent.pk, bezig.pk}
    assert storages["exports"].listdir("")[1] == [recente_naam]
    assert not Exportopdracht.objects.filter(pk=mislukt.pk).exists()
    client.force_login(duo)
    assert client.get(reverse("controle:export_download", args=[oud.pk])).status_code == 404
    assert client.get(reverse("controle:export_download", args=[recent.pk])).status_code == 200


def test_opruimen_als_commando_en_na_elke_export(duo, bestuur, vandaag, settings):
    settings.EXPORT_BEWAARDAGEN = 1
    _klare_export(duo, vandaag, timezone.now() - timedelta(days=2))
    uit = io.StringIO()
    call_command("ruim_exports_op", stdout=uit)
    assert uit.getvalue().strip() == "1 export(s) verwijderd."
    _klare_export(duo, vandaag, timezone.now() - timedelta(days=2))
    nieuw = Exportopdracht.objects.create(formaat="zip", peildatum=vandaag, aangevraagd_door=duo)
    naam = maak_landelijk_controlebestand.call(str(nieuw.pk))
    assert list(Exportopdracht.objects.values_list("pk", flat=True)) == [nieuw.pk]
    assert storages["exports"].listdir("")[1] == [naam]
