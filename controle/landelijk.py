"""Starting the national control file for DUO: the Exportopdracht and its background task (controle.tasks).

Access (DUO only, toegang.vereis_duo) is checked by the caller; this only changes state.
"""

from datetime import date

from django.contrib.auth.models import User

from controle.models import Exportopdracht
from controle.tasks import maak_landelijk_controlebestand


def start_landelijk_controlebestand(*, formaat: str, peildatum: date, door: User, basis_url: str) -> Exportopdracht:
    """Record the request and queue the task; the task id is stored so the job can be traced in the worker."""
    opdracht = Exportopdracht.objects.create(formaat=formaat, peildatum=peildatum, aangevraagd_door=door,
                                             basis_url=basis_url)
    # Not in one transaction with the enqueue: the worker must be able to read the row it is handed.
    resultaat = maak_landelijk_controlebestand.enqueue(str(opdracht.pk))
    Exportopdracht.objects.filter(pk=opdracht.pk).update(taak_id=str(resultaat.id)[:64])
    return opdracht
