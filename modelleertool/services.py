"""State changes of a blauwdruk outside applying it (toepassen.py): make one (upload or browser), keep it as a
concept under a name, or discard it. The views check access and call these; the register is not touched.

Keeping and discarding lock the row and look at its status again, so a concept applied or discarded in another
tab meanwhile is left as it is (the caller then shows no success message).
"""

from django.contrib.auth.models import User
from django.db import transaction
from django.utils import timezone

from modelleertool import modelleren
from modelleertool.inhoud import Blauwdruk as Inhoud
from modelleertool.lezer import Probleem
from modelleertool.models import Blauwdruk
from registratie.models import Onderwijsbestuur
from registratie.services import audit


@transaction.atomic
def bewaar_upload(bestuur: Onderwijsbestuur, *, naam: str, bestandsnaam: str, inhoud: Inhoud,
                  waarschuwingen: list[Probleem], door: User) -> Blauwdruk:
    """A read upload as a new concept, with the warnings the reader found."""
    return Blauwdruk.objects.create(
        bestuur=bestuur, naam=naam.strip(), bron=Blauwdruk.Bron.UPLOAD, bestandsnaam=bestandsnaam[:255],
        inhoud=inhoud.naar_json(), waarschuwingen=[p.naar_json() for p in waarschuwingen],
        aangemaakt_door=door, aangemaakt_door_naam=audit.gebruikersnaam(door))


@transaction.atomic
def nieuw_concept(bestuur: Onderwijsbestuur, *, door: User) -> Blauwdruk:
    """A concept made in the browser from the registration of today (modelleren.nieuw_concept)."""
    return modelleren.nieuw_concept(bestuur, door=door)


def _vergrendeld(blauwdruk: Blauwdruk) -> Blauwdruk | None:
    """The blauwdruk's row, locked, when it is still a concept; None otherwise."""
    concept = Blauwdruk.objects.select_for_update().get(pk=blauwdruk.pk)
    return concept if concept.is_concept else None


@transaction.atomic
def bewaar(blauwdruk: Blauwdruk, naam: str) -> bool:
    """Keep a concept, renamed when naam is not blank. False (nothing stored) when it is no concept."""
    concept = _vergrendeld(blauwdruk)
    if concept is None:
        return False
    concept.naam = naam.strip() or concept.naam
    concept.save(update_fields=["naam"])
    blauwdruk.naam = concept.naam
    return True


@transaction.atomic
def verwerp(blauwdruk: Blauwdruk, *, door: User) -> bool:
    """Discard a concept, recording who did it and when. False (nothing stored) when it is no concept."""
    concept = _vergrendeld(blauwdruk)
    if concept is None:
        return False
    concept.status = Blauwdruk.Status.VERWORPEN
    concept.verworpen_door = door
    concept.verworpen_door_naam = audit.gebruikersnaam(door)
    concept.verworpen_op = timezone.now()
    concept.save(update_fields=["status", "verworpen_door", "verworpen_door_naam", "verworpen_op"])
    return True
