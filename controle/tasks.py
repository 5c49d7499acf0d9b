"""Background tasks (django.tasks, run by the worker: ``python manage.py db_worker``)."""

import tempfile
from pathlib import Path

from django.core.files import File
from django.core.files.storage import storages
from django.tasks import task
from django.utils import timezone

from controle import bestand
from controle.bewaren import ruim_oude_exports_op
from controle.models import Exportopdracht

Status = Exportopdracht.Status


@task()
def maak_landelijk_controlebestand(opdracht_id: str) -> str:
    """Write the national control file of an Exportopdracht, reporting progress as it goes.

    The file is written to the worker's own temporary folder and then stored in the export storage, which every
    web replica reaches (controle.opslag); the job says 'klaar' only after that, so a download never sees half a
    file. On any error the job is marked 'mislukt' with the message, and the task fails as well. Afterwards,
    exports older than the retention period are removed.
    """
    opdracht = Exportopdracht.objects.get(pk=opdracht_id)
    rij = Exportopdracht.objects.filter(pk=opdracht.pk)
    rij.update(status=Status.BEZIG, gestart_op=timezone.now(), voortgang=0, foutmelding="")
    naam = f"controlebestand-landelijk-{opdracht.peildatum:%Y%m%d}-{opdracht.pk}.{opdracht.formaat}"

    def voortgang(klaar: int, totaal: int) -> None:
        # Up to 95%: saving the workbook (or zipping the CSV files) and storing it are the last stretch.
        rij.update(voortgang=min(95, 95 * klaar // max(totaal, 1)))

    try:
        with tempfile.TemporaryDirectory(prefix="rio-export-") as map_:
            deel = Path(map_) / naam
            bestand.schrijf_landelijk(opdracht.peildatum, opdracht.formaat, deel, basis_url=opdracht.basis_url,
                                      voortgang=voortgang)
            with deel.open("rb") as inhoud:
                naam = storages["exports"].save(naam, File(inhoud, name=naam))
    except Exception as fout:
        rij.update(status=Status.MISLUKT, foutmelding=f"{type(fout).__name__}: {fout}"[:2000],
                   klaar_op=timezone.now())
        raise
    rij.update(status=Status.KLAAR, voortgang=100, bestandsnaam=naam, klaar_op=timezone.now())
    ruim_oude_exports_op()
    return naam


@task()
def ruim_exports_op() -> int:
    """The clean-up as a task of its own (``manage.py ruim_exports_op`` does the same from cron)."""
    return ruim_oude_exports_op()
