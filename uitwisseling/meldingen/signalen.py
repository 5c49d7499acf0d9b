"""Every committed register change starts a delivery round. registratie cannot import this layer
(docs/adr/0006), so the hook hangs here: on each new audit entry, once per transaction, after its commit."""

from typing import Any

from django.db import transaction
from django.db.models.signals import post_save

from registratie.models import AuditRegel
from uitwisseling.meldingen import tasks


def _na_auditregel(sender: type, instance: AuditRegel, created: bool, **kwargs: Any) -> None:
    if not created:
        return
    verbinding = transaction.get_connection()
    # One round per transaction, not one per entry (an import writes thousands). A savepoint that rolls back takes
    # its callback along, so a later entry of the same transaction registers it again.
    if any(functie is tasks.start_ronde for _, functie, _ in verbinding.run_on_commit):
        return
    transaction.on_commit(tasks.start_ronde, robust=True)  # a failed enqueue must not fail the saved change


def verbind() -> None:
    post_save.connect(_na_auditregel, sender=AuditRegel, dispatch_uid="meldingen_na_auditregel")
