"""OSR: what a refused mandate change must leave untouched."""

from autorisatie.models import Mandaat
from registratie.models import AuditRegel


def stand() -> tuple[int, int]:
    """(mandates, audit entries): a refusal stores neither."""
    return Mandaat.objects.count(), AuditRegel.objects.count()
