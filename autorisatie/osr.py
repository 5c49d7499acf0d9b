"""OSR: the board's mandates for supplier systems per school and dienst (rio-po.md §4).

Queries used by the mandate screens, controle (rule 'school zonder actief RIO-mandaat') and the
stappenplan dashboard. The services that change mandates and API keys live here too, audited.
"""

from datetime import date

from django.db.models import QuerySet

from registratie.models import Instellingserkenning, Onderwijsbestuur, geldig_op

from .models import Dienst, Mandaat


def scholen_van(bestuur: Onderwijsbestuur, peildatum: date) -> QuerySet[Instellingserkenning]:
    """The board's schools (BRIN4 of its bevoegd gezag) that exist on the peildatum."""
    return Instellingserkenning.objects.filter(bevoegd_gezag_id=bestuur.bevoegd_gezag_id).exclude(
        begindatum__gt=peildatum).exclude(einddatum__lt=peildatum).order_by("code")


def scholen_zonder_rio_mandaat(bestuur: Onderwijsbestuur, peildatum: date) -> QuerySet[Instellingserkenning]:
    """Schools of the board without an active mandate for dienst RIO on the peildatum."""
    gemandateerd = Mandaat.objects.filter(geldig_op(peildatum), bestuur=bestuur, dienst=Dienst.RIO)
    return scholen_van(bestuur, peildatum).exclude(pk__in=gemandateerd.values("instelling"))
