"""Samenwerkingsschool (rio-po.md §1.4, §1.12; docs/adr/0011): the penvoerend bestuur invites another board, that
board accepts or declines in the portal, and the dated relation (BijbehorendBestuur, soort HIERARCHISCH) follows.

Every step is written in the audit trail of both boards, in the transaction that makes it. The buttons carry the
invitation's versie: a second click, or a click on a page shown before a colleague acted, is a Conflict.
"""

from datetime import date

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from kern.fouten import Conflict, Fouten
from kern.tijd import vandaag
from registratie.models import (
    AuditRegel,
    BijbehorendBestuur,
    Onderwijsaanbieder,
    Onderwijsbestuur,
    Uitnodiging,
    geldig_op,
)
from registratie.models.samenwerking import UITNODIGING_GELDIG
from registratie.services import audit
from registratie.services.audit import Door
from registratie.services.opleiding import beeindig_opleidingen_van_bestuur, gehouden_door
from registratie.services.regels import ALGEMEEN, binnen_levensduur, datum, einddatum_fouten, niet_in_verleden
from registratie.services.vergrendeling import vergrendel

Actie = AuditRegel.Actie


def _registreer_bij_beide(*, door: Door, actie: str, obj: BijbehorendBestuur | Uitnodiging,
                          besturen: tuple[Onderwijsbestuur, Onderwijsbestuur], omschrijving: str,
                          voor: audit.Momentopname | None, ingangsdatum: date | None = None) -> None:
    """One entry in the history of each board (the penvoerder's and the other's)."""
    for bestuur in besturen:
        audit.registreer(door=door, actie=actie, obj=obj, bestuurcode=bestuur.code, omschrijving=omschrijving,
                         voor=voor, ingangsdatum=ingangsdatum)


def _overlappende_relatie(aanbieder: Onderwijsaanbieder, bestuur: Onderwijsbestuur, begindatum: date,
                          zonder: int | None = None) -> BijbehorendBestuur | None:
    """A relation of this board with the aanbieder that runs on or after begindatum."""
    qs = aanbieder.bijbehorende_besturen.filter(bestuur=bestuur).filter(
        Q(einddatum__isnull=True) | Q(einddatum__gte=begindatum))
    if zonder is not None:
        qs = qs.exclude(pk=zonder)
    return qs.first()


def sluit_verlopen(aanbieder: Onderwijsaanbieder | None = None) -> int:
    """Open invitations past their last day become 'verlopen' (no audit: nobody acted; the status says it)."""
    qs = Uitnodiging.objects.filter(status=Uitnodiging.Status.OPEN, verloopt_na__lt=vandaag())
    if aanbieder is not None:
        qs = qs.filter(aanbieder=aanbieder)
    return qs.update(status=Uitnodiging.Status.VERLOPEN)


@transaction.atomic
def nodig_uit(aanbieder: Onderwijsaanbieder, *, door: Door, van_bestuur: Onderwijsbestuur, bestuurcode: str,
              begindatum: date) -> Uitnodiging:
    """The penvoerend bestuur invites the board with ``bestuurcode`` to share the aanbieder from begindatum on."""
    fouten = Fouten()
    aanbieder = Onderwijsaanbieder.objects.select_for_update().get(pk=aanbieder.pk)
    if aanbieder.bestuur_id != van_bestuur.pk:
        fouten.voeg_toe(ALGEMEEN, "Alleen het bestuur dat de aanbieder registreerde (de penvoerder) nodigt andere "
                                  "besturen uit.")
    code = bestuurcode.strip().upper()
    aan_bestuur = Onderwijsbestuur.objects.filter(code=code).first()
    if aan_bestuur is None:
        fouten.voeg_toe("bestuurcode", f"Er is geen onderwijsbestuur met code {code or '(leeg)'}. Vraag het andere "
                                       "bestuur om zijn onderwijsbestuurcode (vorm 999B999).")
    elif aan_bestuur.pk == aanbieder.bestuur_id:
        fouten.voeg_toe("bestuurcode", "Dit is het eigen bestuur van de aanbieder. Nodig een ander bestuur uit.")
    niet_in_verleden(fouten, begindatum, "begindatum", "De begindatum")
    binnen_levensduur(fouten, begindatum, aanbieder, "begindatum", "De begindatum")
    if aan_bestuur is not None and aan_bestuur.pk != aanbieder.bestuur_id:
        binnen_levensduur(fouten, begindatum, aan_bestuur, "begindatum", "De begindatum")
        if _overlappende_relatie(aanbieder, aan_bestuur, begindatum) is not None:
            fouten.voeg_toe("bestuurcode", f"Bestuur {aan_bestuur.code} hoort al bij deze aanbieder.")
        sluit_verlopen(aanbieder)
        if aanbieder.uitnodigingen.filter(aan_bestuur=aan_bestuur, status=Uitnodiging.Status.OPEN).exists():
            fouten.voeg_toe("bestuurcode", f"Bestuur {aan_bestuur.code} heeft al een open uitnodiging voor deze "
                                           "aanbieder. Trek die eerst in om een andere datum te kiezen.")
    fouten.gooi()
    assert aan_bestuur is not None  # fouten.gooi() raised otherwise
    uitnodiging = Uitnodiging.objects.create(aanbieder=aanbieder, van_bestuur=van_bestuur, aan_bestuur=aan_bestuur,
                                             begindatum=begindatum, verloopt_na=vandaag() + UITNODIGING_GELDIG)
    _registreer_bij_beide(
        door=door, actie=Actie.AANGEMAAKT, obj=uitnodiging, besturen=(van_bestuur, aan_bestuur), voor=None,
        omschrijving=f"Bestuur {aan_bestuur.code} uitgenodigd als bijbehorend bestuur van aanbieder "
                     f"{audit.benoem(aanbieder)} per {datum(begindatum)}", ingangsdatum=begindatum)
    return uitnodiging


def _vergrendel_open(uitnodiging: Uitnodiging, versie: int | None) -> Uitnodiging:
    """Lock the invitation; Conflict when it changed since the page showed it (accepted, declined, withdrawn, or
    a second click), RegelFout when it is no longer open."""
    vers = Uitnodiging.objects.select_for_update().get(pk=uitnodiging.pk)
    if versie is None or vers.versie != versie:
        raise Conflict(Conflict.bericht)
    fouten = Fouten()
    if vers.status != Uitnodiging.Status.OPEN:
        fouten.voeg_toe(ALGEMEEN, f"Deze uitnodiging is al {vers.get_status_display()}.")
    elif vers.verloopt_na < vandaag():
        fouten.voeg_toe(ALGEMEEN, f"Deze uitnodiging is verlopen op {datum(vers.verloopt_na)}. Vraag het andere "
                                  "bestuur om een nieuwe.")
    fouten.gooi()
    return vers


def _sluit(uitnodiging: Uitnodiging, status: str, *, door: Door, omschrijving: str) -> None:
    voor = audit.momentopname(uitnodiging)
    uitnodiging.status = status
    uitnodiging.afgehandeld_op = timezone.now()
    uitnodiging.versie += 1
    uitnodiging.save()
    _registreer_bij_beide(door=door, actie=Actie.GEWIJZIGD, obj=uitnodiging, voor=voor, omschrijving=omschrijving,
                          besturen=(uitnodiging.van_bestuur, uitnodiging.aan_bestuur))


@transaction.atomic
def aanvaard(uitnodiging: Uitnodiging, *, door: Door, versie: int | None) -> BijbehorendBestuur:
    """The invited board accepts: it is a bijbehorend bestuur from the invitation's begindatum (today, when that
    date passed while the invitation waited) until the aanbieder ends."""
    uitnodiging = _vergrendel_open(uitnodiging, versie)
    aanbieder = Onderwijsaanbieder.objects.select_for_update().get(pk=uitnodiging.aanbieder_id)
    begindatum = max(uitnodiging.begindatum, vandaag())
    fouten = Fouten()
    if aanbieder.einddatum is not None and aanbieder.einddatum < begindatum:
        fouten.voeg_toe(ALGEMEEN, f"Aanbieder {aanbieder.code} is beëindigd per {datum(aanbieder.einddatum)}.")
    if _overlappende_relatie(aanbieder, uitnodiging.aan_bestuur, begindatum) is not None:
        fouten.voeg_toe(ALGEMEEN, f"Bestuur {uitnodiging.aan_bestuur.code} hoort al bij deze aanbieder.")
    fouten.gooi()
    relatie = BijbehorendBestuur.objects.create(aanbieder=aanbieder, bestuur=uitnodiging.aan_bestuur,
                                                begindatum=begindatum, einddatum=aanbieder.einddatum)
    uitnodiging.relatie = relatie
    _sluit(uitnodiging, Uitnodiging.Status.AANVAARD, door=door,
           omschrijving=f"Uitnodiging voor aanbieder {aanbieder.code} aanvaard door bestuur "
                        f"{uitnodiging.aan_bestuur.code}")
    _registreer_bij_beide(
        door=door, actie=Actie.AANGEMAAKT, obj=relatie, besturen=(aanbieder.bestuur, uitnodiging.aan_bestuur),
        voor=None, ingangsdatum=begindatum,
        omschrijving=f"Samenwerkingsschool: bestuur {uitnodiging.aan_bestuur.code} is bijbehorend bestuur van "
                     f"aanbieder {audit.benoem(aanbieder)} per {datum(begindatum)}")
    return relatie


@transaction.atomic
def wijs_af(uitnodiging: Uitnodiging, *, door: Door, versie: int | None) -> Uitnodiging:
    uitnodiging = _vergrendel_open(uitnodiging, versie)
    _sluit(uitnodiging, Uitnodiging.Status.AFGEWEZEN, door=door,
           omschrijving=f"Uitnodiging voor aanbieder {uitnodiging.aanbieder.code} afgewezen door bestuur "
                        f"{uitnodiging.aan_bestuur.code}")
    return uitnodiging


@transaction.atomic
def trek_in(uitnodiging: Uitnodiging, *, door: Door, versie: int | None) -> Uitnodiging:
    uitnodiging = _vergrendel_open(uitnodiging, versie)
    _sluit(uitnodiging, Uitnodiging.Status.INGETROKKEN, door=door,
           omschrijving=f"Uitnodiging van bestuur {uitnodiging.aan_bestuur.code} voor aanbieder "
                        f"{uitnodiging.aanbieder.code} ingetrokken")
    return uitnodiging


@transaction.atomic
def beeindig_samenwerking(relatie: BijbehorendBestuur, *, door: Door, versie: int | None,
                          einddatum: date) -> BijbehorendBestuur:
    """Either board ends the relation on einddatum (the last day). The offers the bijbehorend bestuur registered
    at the aanbieder end with it: after that day nobody of that board can keep them."""
    aanbieder = relatie.aanbieder
    relatie = vergrendel(relatie, versie)
    voor = audit.momentopname(relatie)
    fouten = Fouten()
    einddatum_fouten(fouten, einddatum, begin=relatie.begindatum, bestaand=relatie, houder=aanbieder)
    fouten.gooi()
    relatie.einddatum = einddatum
    relatie.versie += 1
    relatie.save()
    beeindig_opleidingen_van_bestuur(aanbieder, relatie.bestuur, door=door, einddatum=einddatum)
    _registreer_bij_beide(
        door=door, actie=Actie.BEEINDIGD, obj=relatie, besturen=(aanbieder.bestuur, relatie.bestuur), voor=voor,
        ingangsdatum=einddatum,
        omschrijving=f"Samenwerkingsschool: bestuur {relatie.bestuur.code} is geen bijbehorend bestuur meer van "
                     f"aanbieder {audit.benoem(aanbieder)} na {datum(einddatum)}")
    return relatie


def geldige_relatie(aanbieder: Onderwijsaanbieder, bestuur: Onderwijsbestuur, dag: date) -> BijbehorendBestuur | None:
    return aanbieder.bijbehorende_besturen.filter(geldig_op(dag), bestuur=bestuur).first()


__all__ = ["gehouden_door"]  # re-exported for the views


def samenwerkingen_van(bestuur: Onderwijsbestuur, dag: date) -> list[BijbehorendBestuur]:
    """The relations on or after ``dag`` in which the board is penvoerder or bijbehorend bestuur, for its page."""
    return list(BijbehorendBestuur.objects.filter(Q(bestuur=bestuur) | Q(aanbieder__bestuur=bestuur))
                .filter(Q(einddatum__isnull=True) | Q(einddatum__gte=dag))
                .select_related("aanbieder__bestuur", "bestuur").prefetch_related(
                    "aanbieder__perioden", "bestuur__perioden", "aanbieder__bestuur__perioden"))


def open_uitnodigingen(bestuur: Onderwijsbestuur, *, aanbieder: Onderwijsaanbieder | None = None
                       ) -> list[Uitnodiging]:
    """Open (not expired) invitations sent or received by the board (for one aanbieder only, if given)."""
    qs = Uitnodiging.objects.filter(Q(van_bestuur=bestuur) | Q(aan_bestuur=bestuur), status=Uitnodiging.Status.OPEN,
                                    verloopt_na__gte=vandaag())
    if aanbieder is not None:
        qs = qs.filter(aanbieder=aanbieder)
    return list(qs
                .select_related("aanbieder", "van_bestuur", "aan_bestuur")
                .prefetch_related("aanbieder__perioden", "van_bestuur__perioden", "aan_bestuur__perioden"))


def ontvangen(besturen: list[Onderwijsbestuur]) -> list[Uitnodiging]:
    """Open (not expired) invitations these boards received, for the stappenplan's notice."""
    return list(Uitnodiging.objects.filter(aan_bestuur__in=besturen, status=Uitnodiging.Status.OPEN,
                                           verloopt_na__gte=vandaag()).select_related("aanbieder", "aan_bestuur"))
