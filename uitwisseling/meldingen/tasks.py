"""The worker's side of the change notifications (django.tasks, run by ``python manage.py db_worker``).

A round is enqueued after every committed change (uitwisseling.meldingen.signalen), for the next retry, and as a
sweep every ``MELDINGEN_VEEG_INTERVAL`` seconds, which also picks up what a crash or a bulk write (COPY, without
signals) left behind. ``Ronde`` keeps those planned rounds from piling up.
"""

from datetime import datetime, timedelta

from django.conf import settings
from django.db import transaction
from django.tasks import task
from django.utils import timezone

from uitwisseling.meldingen import services
from uitwisseling.meldingen.models import Abonnement, Ronde


def plan_ronde(op: datetime) -> bool:
    """Enqueue a round to run at ``op``, unless one is already planned between now and then."""
    with transaction.atomic():
        ronde = Ronde.objects.select_for_update().filter(pk=1).first() or Ronde.objects.create(pk=1)
        nu = timezone.now()
        if ronde.gepland_op is not None and nu <= ronde.gepland_op <= op:
            return False
        Ronde.objects.filter(pk=1).update(gepland_op=op)
        verwerk_meldingen.using(run_after=op).enqueue()
    return True


def veeg_interval() -> timedelta:
    return timedelta(seconds=float(getattr(settings, "MELDINGEN_VEEG_INTERVAL", 60)))


@task()
def verwerk_meldingen() -> dict[str, int]:
    """Plan and deliver; first plan the next sweep, so a crash in this round does not stop the chain."""
    if not Abonnement.objects.filter(actief=True).exists():
        return {}
    plan_ronde(timezone.now() + veeg_interval())
    uitslag = services.verwerk()
    volgende = services.eerstvolgende_poging()
    if volgende is not None:
        plan_ronde(max(volgende, timezone.now()))
    return uitslag.als_dict()


def start_ronde() -> None:
    """After a commit that wrote audit entries: a round now, if anyone subscribes at all."""
    if Abonnement.objects.filter(actief=True).exists():
        verwerk_meldingen.enqueue()
