"""The task worker's side: a committed change enqueues one round (not one per audit entry), the real worker
(``manage.py db_worker``) runs it and the receiver gets the event; a round plans the next sweep only once; a change
rolled back enqueues nothing."""

from datetime import timedelta

import pytest
from django.core.management import call_command
from django.db import transaction
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from registratie.models import Onderwijsaanbieder
from registratie.services import organisatie as organisatie_services
from uitwisseling.meldingen import tasks
from uitwisseling.meldingen.models import Aflevering, Ronde

pytestmark = pytest.mark.django_db

TAAK = "uitwisseling.meldingen.tasks.verwerk_meldingen"


def _hernoem(opzet, naam: str) -> None:
    aanbieder = Onderwijsaanbieder.objects.get(pk=opzet.aanbieder.pk)
    organisatie_services.wijzig_aanbieder(aanbieder, door="test", versie=aanbieder.versie,
                                          ingangsdatum=aanbieder.begindatum.today(), naam=naam,
                                          internationale_naam="", groep=None)


def _alsof_gecommit() -> None:
    """The set-up's audit entries registered the hook on the test's own transaction, which never commits; from here
    the set-up counts as committed, so a test sees only the hooks of its own changes."""
    transaction.get_connection().run_on_commit.clear()


def _taken() -> list[DBTaskResult]:
    return list(DBTaskResult.objects.filter(task_path=TAAK).order_by("enqueued_at"))


def test_commit_start_een_ronde_en_de_worker_levert_af(opzet, abonnement, ontvanger, monkeypatch,
                                                       django_capture_on_commit_callbacks):
    # The worker drops stale connections between tasks; here that would be the test's own transaction.
    monkeypatch.setattr("django_tasks_db.management.commands.db_worker.close_old_connections", lambda: None)
    _alsof_gecommit()
    with django_capture_on_commit_callbacks(execute=True) as callbacks, transaction.atomic():
        _hernoem(opzet, "Een")
        _hernoem(opzet, "Twee")  # two audit entries, one transaction
    assert len([c for c in callbacks if c is tasks.start_ronde]) == 1
    assert len(_taken()) == 1
    call_command("db_worker", "--batch", "--no-startup-delay", verbosity=0)
    assert [o.json["data"]["actie"] for o in ontvanger.geaccepteerd()] == ["gewijzigd", "gewijzigd"]
    assert Aflevering.objects.filter(status=Aflevering.Status.AFGELEVERD).count() == 2
    # The round planned the next sweep (for what no commit hook starts), once, for later.
    ronde = Ronde.objects.get()
    assert ronde.gepland_op > timezone.now()
    assert [t.return_value["afgeleverd"] for t in _taken() if t.status == "SUCCESSFUL"] == [2]
    gepland = [t for t in _taken() if t.status == "READY"]
    assert len(gepland) == 1 and gepland[0].run_after == ronde.gepland_op


def test_teruggedraaide_wijziging_start_niets(opzet, abonnement, django_capture_on_commit_callbacks):
    _alsof_gecommit()
    with (django_capture_on_commit_callbacks(execute=True) as callbacks, pytest.raises(RuntimeError),
          transaction.atomic()):
        _hernoem(opzet, "Een")
        raise RuntimeError("teruggedraaid")
    assert callbacks == [] and _taken() == []


def test_zonder_abonnement_geen_taak(opzet, django_capture_on_commit_callbacks):
    """Nobody subscribes: a change costs no task in the queue."""
    _alsof_gecommit()
    with django_capture_on_commit_callbacks(execute=True):
        _hernoem(opzet, "Een")
    assert _taken() == []


def test_ronde_wordt_niet_dubbel_gepland(opzet, abonnement):
    nu = timezone.now()
    assert tasks.plan_ronde(nu + timedelta(seconds=60))
    assert not tasks.plan_ronde(nu + timedelta(seconds=90))  # one is planned before then already
    assert tasks.plan_ronde(nu + timedelta(seconds=5))  # a retry that is due sooner gets its own round
    assert len(_taken()) == 2


def test_mislukte_aflevering_plant_de_volgende_poging(opzet, abonnement, ontvanger):
    ontvanger.antwoorden = [500]
    _hernoem(opzet, "Een")
    tasks.verwerk_meldingen.call()
    volgende = Aflevering.objects.get().volgende_poging_op
    assert Ronde.objects.get().gepland_op == volgende
    assert any(t.run_after == volgende for t in _taken())


def test_bulkschrijver_zonder_signalen_wordt_door_de_veegronde_gevonden(opzet, abonnement, ontvanger,
                                                                        django_capture_on_commit_callbacks):
    """The importer writes its audit entries with COPY (PostgreSQL) or bulk_create: no post_save, so no commit hook.
    The next round (the sweep) still finds them after the cursor and delivers them."""
    from registratie.services import audit, bulk

    _alsof_gecommit()
    aanbieder = Onderwijsaanbieder.objects.get(pk=opzet.aanbieder.pk)
    regel = audit.nieuwe_regel(door="import", actie="gewijzigd", obj=aanbieder, bestuurcode=opzet.bestuur.code,
                               omschrijving="import", voor=None, na=audit.momentopname(aanbieder))
    with django_capture_on_commit_callbacks(execute=False) as callbacks, transaction.atomic():
        bulk.schrijf_nieuw([regel])
    assert callbacks == [] and regel.pk is not None  # nothing started a round
    tasks.verwerk_meldingen.call()  # the sweep
    [ontvangen] = ontvanger.geaccepteerd()
    assert ontvangen.event_id == str(Aflevering.id_voor(regel.pk, abonnement.pk))
