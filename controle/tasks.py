"""Background tasks (django.tasks, run by the worker: ``python manage.py db_worker``)."""

from pathlib import Path

from django.conf import settings
from django.tasks import task
from django.utils import timezone

from controle import bestand
from controle.models import Exportopdracht

Status = Exportopdracht.Status


@task()
def maak_landelijk_controlebestand(opdracht_id: str) -> str:
    """Write the national control file of an Exportopdracht, reporting progress as it goes.

    The file is written under a temporary name and renamed when complete, so a download never sees half
    a file; on any error the job is marked 'mislukt' with the message, and the task fails as well.
    """
    opdracht = Exportopdracht.objects.get(pk=opdracht_id)
    rij = Exportopdracht.objects.filter(pk=opdracht.pk)
    rij.update(status=Status.BEZIG, gestart_op=timezone.now(), voortgang=0, foutmelding="")
    map_ = Path(settings.EXPORT_MAP)
    map_.mkdir(parents=True, exist_ok=True)
    naam = f"controlebestand-landelijk-{opdracht.peildatum:%Y%m%d}-{opdracht.pk}.{opdracht.formaat}"
    deel = map_ / f".{naam}.deel"

    def voortgang(klaar: int, totaal: int) -> None:
        # Up to 95%: saving the workbook (or zipping the CSV files) is the last stretch.
        rij.update(voortgang=min(95, 95 * klaar // max(totaal, 1)))

    try:
        bestand.schrijf(bestand.landelijke_controles(opdracht.peildatum, voortgang), opdracht.formaat, deel,
                        basis_url=opdracht.basis_url)
        deel.replace(map_ / naam)
    except Exception as fout:
        deel.unlink(missing_ok=True)
        rij.update(status=Status.MISLUKT, foutmelding=f"{type(fout).__name__}: {fout}"[:2000],
                   klaar_op=timezone.now())
        raise
    rij.update(status=Status.KLAAR, voortgang=100, bestandsnaam=naam, klaar_op=timezone.now())
    return naam
