"""The daily reminders for a board's Beheerder PO (manage.py verstuur_herinneringen):

- an OSR mandate ends within 30 days (the same warning the mandate screen shows, autorisatie.osr);
- the board's data need checking ("Gegevens gecontroleerd", controle): the board has no valid attestation (never
  attested, or its data changed since, docs/adr/0004) and nobody changed anything for a week. The domain sets no
  deadline for attesting (rio-po.md §6); the week of rest makes the reminder come when the work is done, not
  while the data are being entered.

Each reminder goes to a person once per object and threshold (VerstuurdeHerinnering): running the command twice
sends nothing new; a mandate whose end date moves, or a new outdated attestation, is a new threshold."""

import logging
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from django.contrib.auth.models import User
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.urls import reverse
from django.utils import timezone

from autorisatie.models import Mandaat, Roltoewijzing, geldige_toewijzingen_q
from autorisatie.osr import BINNENKORT_DAGEN
from autorisatie.rollen import BEHEERDERSROLLEN
from autorisatie.toegang import volgt_inlog_q
from berichten.models import Soort, VerstuurdeHerinnering
from berichten.verzenden import portaal_url, verstuur, voorkeur
from controle.models import Attestatie
from controle.services import Attestatiestand, attestatiestanden
from kern.tijd import vandaag
from registratie.models import AuditRegel, Onderwijsbestuur, geldig_op

logger = logging.getLogger("berichten")

MANDAAT_DAGEN = BINNENKORT_DAGEN  # 30
ATTESTATIE_RUST_DAGEN = 7

type Sleutel = tuple[str, str]  # (onderwerp, drempel) of a VerstuurdeHerinnering


@dataclass
class Uitslag:
    """How many mails went out (one mail may name several mandates)."""

    mandaten: int = 0
    attestaties: int = 0


def verstuur_herinneringen(peildatum: date | None = None) -> Uitslag:
    peildatum = peildatum or vandaag()
    return Uitslag(mandaten=herinner_mandaten(peildatum), attestaties=herinner_attestaties(peildatum))


# --- Who gets them --------------------------------------------------------------------------------------------

def beheerders_po(bestuur_ids: Iterable[int], peildatum: date) -> dict[int, list[User]]:
    """Per board the active people who hold a beheerdersrol for it today and log in for it (docs/adr/0007): the
    Beheerder PO of that board, and nobody of another board."""
    rijen = (Roltoewijzing.objects.filter(geldige_toewijzingen_q(peildatum), volgt_inlog_q(),
                                          rol__in=BEHEERDERSROLLEN, bestuur_id__in=list(bestuur_ids),
                                          gebruiker__is_active=True)
             .select_related("gebruiker").order_by("bestuur_id", "gebruiker_id"))
    per_bestuur: dict[int, dict[int, User]] = {}
    for rij in rijen:
        assert rij.bestuur_id is not None  # filtered on bestuur_id__in
        per_bestuur.setdefault(rij.bestuur_id, {})[rij.gebruiker_id] = rij.gebruiker
    return {pk: list(personen.values()) for pk, personen in per_bestuur.items()}


def _kan_ontvangen(gebruiker: User, soort: str) -> bool:
    return bool((gebruiker.email or "").strip()) and voorkeur(gebruiker).ontvangt(soort)


def _stuur_eenmaal[T](gebruiker: User, soort: Soort, items: Sequence[tuple[Sleutel, T]], sjabloon: str,
                      context: dict[str, Any], naam: str) -> bool:
    """Mail the items this person did not hear about yet, in one mail (context[naam] = those items).

    Recorded before sending, so a parallel run fails on the unique constraint instead of mailing twice; forgotten
    again when the mail did not go out, so tomorrow's run tries again."""
    if not _kan_ontvangen(gebruiker, soort):
        return False
    al = set(VerstuurdeHerinnering.objects.filter(soort=soort, gebruiker=gebruiker).values_list("onderwerp", "drempel"))
    nieuw = [(sleutel, item) for sleutel, item in items if sleutel not in al]
    if not nieuw:
        return False
    try:
        with transaction.atomic():
            rijen = VerstuurdeHerinnering.objects.bulk_create([
                VerstuurdeHerinnering(soort=soort, onderwerp=o, drempel=d, gebruiker=gebruiker) for (o, d), _ in nieuw])
    except IntegrityError:
        logger.info("Herinnering al verstuurd door een andere run: soort=%s gebruiker=%s", soort, gebruiker.pk)
        return False
    if verstuur(gebruiker, soort, sjabloon, {**context, naam: [item for _, item in nieuw]}):
        return True
    VerstuurdeHerinnering.objects.filter(pk__in=[r.pk for r in rijen]).delete()
    return False


def _bestuursnaam(bestuur: Onderwijsbestuur, peildatum: date) -> str:
    periode = bestuur.huidige_periode(peildatum)
    return periode.naam if periode is not None else ""


# --- Mandates ending within 30 days -------------------------------------------------------------------------

def verlopende_mandaten(peildatum: date) -> list[Mandaat]:
    """Mandates valid today whose last day is within MANDAAT_DAGEN (today included)."""
    return list(Mandaat.objects.filter(geldig_op(peildatum), einddatum__isnull=False,
                                       einddatum__lte=peildatum + timedelta(days=MANDAAT_DAGEN))
                .select_related("bestuur", "instelling", "systeem__leverancier")
                .prefetch_related("bestuur__perioden").order_by("bestuur_id", "einddatum", "instelling__code", "pk"))


def herinner_mandaten(peildatum: date) -> int:
    per_bestuur: dict[int, list[Mandaat]] = {}
    for mandaat in verlopende_mandaten(peildatum):
        per_bestuur.setdefault(mandaat.bestuur_id, []).append(mandaat)
    ontvangers = beheerders_po(per_bestuur, peildatum)
    aantal = 0
    for bestuur_id, mandaten in per_bestuur.items():
        bestuur = mandaten[0].bestuur
        items = [((f"mandaat:{m.pk}", f"{MANDAAT_DAGEN} dagen voor {m.einddatum}"), m) for m in mandaten]
        context = {"bestuur": bestuur, "bestuursnaam": _bestuursnaam(bestuur, peildatum), "dagen": MANDAAT_DAGEN,
                   "mandaten_url": portaal_url(reverse("autorisatie:mandaten", args=[bestuur.code]))}
        for gebruiker in ontvangers.get(bestuur_id, []):
            aantal += _stuur_eenmaal(gebruiker, Soort.MANDATEN, items, "mandaat_verloopt", context, "mandaten")
    return aantal


# --- Attestation due ----------------------------------------------------------------------------------------------

def laatste_wijzigingen(besturen: Sequence[Onderwijsbestuur]) -> dict[str, datetime]:
    """Per board code the moment of its newest audit entry, the attestations themselves left out."""
    rijen = (AuditRegel.objects.filter(bestuurcode__in=[b.code for b in besturen])
             .exclude(objecttype=Attestatie._meta.verbose_name).order_by()
             .values("bestuurcode").annotate(laatste=Max("tijdstip")).values_list("bestuurcode", "laatste"))
    return dict(rijen)


def attestatie_nodig(besturen: Sequence[Onderwijsbestuur]) -> list[tuple[Onderwijsbestuur, Attestatiestand]]:
    """The boards without a valid attestation whose data have rested for ATTESTATIE_RUST_DAGEN."""
    standen = attestatiestanden(besturen)
    laatste = laatste_wijzigingen(besturen)
    grens = timezone.now() - timedelta(days=ATTESTATIE_RUST_DAGEN)
    return [(b, standen[b.pk]) for b in besturen
            if not standen[b.pk].geldig and b.code in laatste and laatste[b.code] <= grens]


def herinner_attestaties(peildatum: date) -> int:
    ontvangers = beheerders_po(
        Roltoewijzing.objects.filter(geldige_toewijzingen_q(peildatum), rol__in=BEHEERDERSROLLEN,
                                     bestuur__isnull=False).values_list("bestuur_id", flat=True).distinct(),
        peildatum)
    besturen = list(Onderwijsbestuur.objects.filter(pk__in=list(ontvangers)).prefetch_related("perioden")
                    .order_by("code"))
    aantal = 0
    for bestuur, stand in attestatie_nodig(besturen):
        drempel = f"na attestatie {stand.attestatie.pk}" if stand.attestatie else "nog nooit gecontroleerd"
        context = {"bestuur": bestuur, "bestuursnaam": _bestuursnaam(bestuur, peildatum),
                   "attestatie": stand.attestatie, "gewijzigd": stand.wijziging is not None,
                   "controle_url": portaal_url(reverse("controle:bestuur", args=[bestuur.code]))}
        items = [((f"bestuur:{bestuur.pk}", drempel), bestuur)]
        for gebruiker in ontvangers.get(bestuur.pk, []):
            aantal += _stuur_eenmaal(gebruiker, Soort.ATTESTATIE, items, "attestatie_nodig", context, "besturen")
    return aantal
