"""Signals of autorisatie for the layers above it (berichten mails the person): sent inside the service's
transaction; a receiver that acts outside the database must wait for the commit (transaction.on_commit)."""

from django.dispatch import Signal

# sender=Roltoewijzing; kwargs: gebeurtenis ("toegekend", "beeindigd" or "ingetrokken"), toewijzingen (a list of
# Roltoewijzing of one person and one board; an 'ingetrokken' one is about to be deleted), door (who did it).
rollen_gewijzigd = Signal()

TOEGEKEND = "toegekend"
BEEINDIGD = "beeindigd"
INGETROKKEN = "ingetrokken"
