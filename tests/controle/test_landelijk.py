"""The national control file for DUO: a background task (django.tasks) with progress, run by the real worker
of django-tasks-db (``manage.py db_worker``), and access for the functioneel beheerder (superuser) only."""

import gc
import io
import zipfile

import pytest
from django.contrib.auth import get_user_model
from django.core.files.storage import storages
from django.urls import reverse
from django_tasks_db.models import DBTaskResult
from openpyxl import load_workbook

from controle import bestand
from controle.models import Exportbestand, Exportopdracht
from controle.tasks import maak_landelijk_controlebestand
from tests.helpers import factories
from tests.helpers.controle import draai_worker, vul_schoon


@pytest.fixture
def duo(db):
    return get_user_model().objects.create_superuser("duo", "duo@example.test", "geheim-wachtwoord")


@pytest.fixture
def duo_client(client, duo):
    client.force_login(duo)
    return client


@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("opleidingen_catalogus")
def test_echte_worker_maakt_het_landelijke_bestand(duo_client, bestuur, ander_bestuur, vandaag):
    vul_schoon(bestuur, vandaag)
    pagina = duo_client.get(reverse("controle:landelijk"))
    assert pagina.status_code == 200 and "Alle 2 besturen" in pagina.content.decode()
    antwoord = duo_client.post(reverse("controle:landelijk"), {"peildatum": "2026-11-28", "formaat": "xlsx"})
    opdracht = Exportopdracht.objects.get()
    assert antwoord.status_code == 302 and antwoord["Location"] == reverse("controle:export", args=[opdracht.pk])
    assert opdracht.status == "wachtrij" and opdracht.taak_id
    taak = DBTaskResult.objects.get()
    assert str(taak.id) == opdracht.taak_id and taak.task_path == "controle.tasks.maak_landelijk_controlebestand"
    assert duo_client.get(reverse("controle:export_status", args=[opdracht.pk])).json()["status"] == "wachtrij"

    draai_worker()

    taak.refresh_from_db()
    opdracht.refresh_from_db()
    assert taak.status == "SUCCESSFUL", taak.exception_class_path
    assert (opdracht.status, opdracht.voortgang) == ("klaar", 100)
    assert opdracht.gestart_op and opdracht.klaar_op
    assert Exportbestand.objects.filter(naam=opdracht.bestandsnaam).exists()  # in the shared database, no folder
    status = duo_client.get(reverse("controle:export_status", args=[opdracht.pk])).json()
    assert status == {"status": "klaar", "status_tekst": "klaar", "voortgang": 100, "klaar": True,
                      "download": reverse("controle:export_download", args=[opdracht.pk]), "foutmelding": ""}
    download = duo_client.get(status["download"])
    assert download.status_code == 200
    assert 'filename="controlebestand-landelijk-20261128.xlsx"' in download["Content-Disposition"]
    boek = load_workbook(io.BytesIO(b"".join(download.streaming_content)), read_only=True)
    besturen = [r[0] for r in boek["Bestuur"].iter_rows(min_row=2, values_only=True)]
    assert besturen == [bestuur.code, ander_bestuur.code]
    signalen = {(r[0], r[2]) for r in boek["Signalen"].iter_rows(min_row=2, values_only=True)}
    assert (ander_bestuur.code, "GEEN_ALGEMEEN_CONTACT") in signalen
    assert not any(code == bestuur.code for code, _ in signalen)  # the clean board has none
    link = next(r[9] for r in boek["Signalen"].iter_rows(min_row=2, values_only=True))
    assert link.startswith("http://testserver/")


@pytest.mark.django_db
def test_csv_zip_via_de_taak(duo, bestuur, ander_bestuur, vandaag):
    opdracht = Exportopdracht.objects.create(formaat="zip", peildatum=vandaag, aangevraagd_door=duo)
    naam = maak_landelijk_controlebestand.call(str(opdracht.pk))
    opdracht.refresh_from_db()
    assert opdracht.bestandsnaam == naam and opdracht.is_klaar
    with storages["exports"].open(naam) as inhoud, zipfile.ZipFile(io.BytesIO(inhoud.read())) as archief:
        assert len(archief.namelist()) == 10
        bestuur_csv = archief.read("bestuur.csv").decode("utf-8-sig").splitlines()
    assert [r.split(";")[0] for r in bestuur_csv[1:]] == [bestuur.code, ander_bestuur.code]
    assert storages["exports"].listdir("")[1] == [naam]  # nothing half-written left beside it


@pytest.mark.django_db
def test_voortgang_per_batch(bestuur, ander_bestuur, vandaag, monkeypatch):
    factories.bestuur_met_erkenningen("30003", brin4s=("33CC",))
    monkeypatch.setattr(bestand, "BATCH", 1)
    stappen = []
    controles = list(bestand.landelijke_controles(vandaag, stappen.append))
    assert len(controles) == 3 and stappen == [1, 1, 1]
    codes = [c.bestuur.code for c in controles]
    # A share of the boards: those after ``van`` up to ``tot`` (the national zip's processes, ADR 0017).
    assert [c.bestuur.code for c in bestand.landelijke_controles(vandaag, van=codes[0], tot=codes[1])] == codes[1:2]
    assert [c.bestuur.code for c in bestand.landelijke_controles(vandaag, van=codes[1])] == codes[2:]


def _leden(uitvoer: io.BytesIO) -> dict[str, bytes]:
    with zipfile.ZipFile(uitvoer) as archief:
        return {naam: archief.read(naam) for naam in archief.namelist()}


@pytest.mark.django_db
def test_schrijf_landelijk_ruimt_per_batch_op(bestuur, ander_bestuur, vandaag, monkeypatch):
    """The task's schrijf_landelijk: the same file as schrijf of landelijke_controles, the garbage collector by hand
    once per batch, and afterwards (also after an error) as it was."""
    vul_schoon(bestuur, vandaag)
    monkeypatch.setattr(bestand, "BATCH", 1)
    bevroren = gc.get_freeze_count()
    gewoon, per_batch = io.BytesIO(), io.BytesIO()
    bestand.schrijf(bestand.landelijke_controles(vandaag), "zip", gewoon)
    stappen = []
    bestand.schrijf_landelijk(vandaag, "zip", per_batch,
                              voortgang=lambda klaar, totaal: stappen.append((klaar, totaal, gc.isenabled())))
    assert stappen == [(1, 2, False), (2, 2, False)]
    assert gc.isenabled() and gc.get_freeze_count() == bevroren
    assert _leden(per_batch) == _leden(gewoon)

    def kapot(*args, **kwargs):
        raise RuntimeError("schijf vol")

    monkeypatch.setattr(bestand, "schrijf", kapot)
    with pytest.raises(RuntimeError):
        bestand.schrijf_landelijk(vandaag, "zip", io.BytesIO())
    assert gc.isenabled() and gc.get_freeze_count() == bevroren


@pytest.mark.django_db
def test_mislukte_taak_wordt_gemeld(duo, bestuur, vandaag, monkeypatch):
    def kapot(*args, **kwargs):
        raise RuntimeError("schijf vol")

    monkeypatch.setattr(bestand, "schrijf", kapot)
    opdracht = Exportopdracht.objects.create(formaat="xlsx", peildatum=vandaag, aangevraagd_door=duo)
    with pytest.raises(RuntimeError):
        maak_landelijk_controlebestand.call(str(opdracht.pk))
    opdracht.refresh_from_db()
    assert opdracht.status == "mislukt" and opdracht.foutmelding == "RuntimeError: schijf vol"
    assert not opdracht.is_klaar and not Exportbestand.objects.exists()


@pytest.mark.django_db
def test_voortgangspagina_gebruikt_een_scriptbestand(duo_client, duo, vandaag):
    opdracht = Exportopdracht.objects.create(formaat="xlsx", peildatum=vandaag, aangevraagd_door=duo,
                                             status="bezig", voortgang=40)
    pagina = duo_client.get(reverse("controle:export", args=[opdracht.pk])).content.decode()
    assert '<script src="/static/js/controle-export.js" defer></script>' in pagina
    assert "<script>" not in pagina  # the CSP forbids inline script
    assert '<progress id="voortgang" class="w-100" value="40" max="100"' in pagina
    assert f'data-status-url="{reverse("controle:export_status", args=[opdracht.pk])}"' in pagina
    assert duo_client.get(reverse("controle:export_download", args=[opdracht.pk])).status_code == 404


@pytest.mark.django_db
def test_alleen_voor_functioneel_beheer(client, beheerder, duo, vandaag, caplog):
    opdracht = Exportopdracht.objects.create(formaat="xlsx", peildatum=vandaag, aangevraagd_door=duo)
    client.force_login(beheerder)
    with caplog.at_level("WARNING", logger="autorisatie.toegang"):
        for url in (reverse("controle:landelijk"), reverse("controle:export", args=[opdracht.pk]),
                    reverse("controle:export_status", args=[opdracht.pk]),
                    reverse("controle:export_download", args=[opdracht.pk])):
            assert client.get(url).status_code == 403, url
        assert client.post(reverse("controle:landelijk"), {"peildatum": "2026-11-28", "formaat": "xlsx"}
                           ).status_code == 403
    assert Exportopdracht.objects.count() == 1
    assert any("landelijk_controlebestand" in r.getMessage() for r in caplog.records)
    client.logout()
    assert client.get(reverse("controle:landelijk"))["Location"].startswith("/inloggen/")


@pytest.mark.django_db
def test_ongeldig_formulier(duo_client):
    antwoord = duo_client.post(reverse("controle:landelijk"), {"peildatum": "gisteren", "formaat": "pdf"})
    assert antwoord.status_code == 200 and not Exportopdracht.objects.exists()
    assert "Vul een geldige datum in" in antwoord.content.decode()


@pytest.mark.django_db
def test_superuser_ziet_elk_bestuur_en_de_landelijke_link(duo_client, ander_bestuur):
    pagina = duo_client.get(reverse("controle:bestuur", args=[ander_bestuur.code])).content.decode()
    assert reverse("controle:landelijk") in pagina
    assert "Landelijk controlebestand" in duo_client.get(reverse("controle:overzicht")).content.decode()
