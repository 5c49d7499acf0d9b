"""How long background exports are kept: a finished or failed job and its file go after EXPORT_BEWAARDAGEN days.

The national control file holds every board's contact data; keeping copies for ever is neither needed nor wise.
The clean-up runs after every export (controle.tasks) and from cron (``manage.py ruim_exports_op``).
"""

from datetime import datetime, timedelta

from django.conf import settings
from django.core.files.storage import storages
from django.utils import timezone

from controle.models import Exportopdracht

Status = Exportopdracht.Status


def bewaren_tot(nu: datetime) -> datetime:
    """Jobs finished before this moment are removed."""
    return nu - timedelta(days=settings.EXPORT_BEWAARDAGEN)


def ruim_oude_exports_op(nu: datetime | None = None) -> int:
    """Remove jobs (and their files) finished before the retention period; the number of jobs removed.

    Files in the storage that no job refers to any more (left by a worker that died between storing the file
    and marking the job) and that are older than the period go too.
    """
    grens = bewaren_tot(nu or timezone.now())
    opslag = storages["exports"]
    oud = Exportopdracht.objects.filter(status__in=[Status.KLAAR, Status.MISLUKT], klaar_op__lt=grens)
    for naam in oud.exclude(bestandsnaam="").values_list("bestandsnaam", flat=True):
        opslag.delete(naam)
    aantal, _ = oud.delete()
    bekend = set(Exportopdracht.objects.exclude(bestandsnaam="").values_list("bestandsnaam", flat=True))
    for naam in opslag.listdir("")[1]:
        if naam not in bekend and opslag.get_created_time(naam) < grens:
            opslag.delete(naam)
    return aantal
