"""Role assignment services: grant and end RIO roles, link announced colleagues; all audited.

Every change to a role assignment is written to the same audit trail as register data
(registratie.models.AuditRegel), in the same transaction.
"""

import re
from collections.abc import Iterable
from datetime import date, timedelta
from typing import cast

from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext

from autorisatie.models import Aankondiging, Organisatielid, Roltoewijzing, geldige_toewijzingen_q
from autorisatie.rollen import BEHEERDERSROLLEN, RAADPLEEGROLLEN, STARTROLLEN, TOEKENBAAR_DOOR, TOEKENBARE_ROLLEN, Rol
from autorisatie.signalen import BEEINDIGD, INGETROKKEN, TOEGEKEND, rollen_gewijzigd
from autorisatie.toegang import is_functioneel_beheerder, toewijzingen, volgt_inlog_q
from kern.fouten import Fouten
from kern.tijd import vandaag
from registratie.models import AuditRegel, Onderwijsbestuur, Samenwerkingsverband
from registratie.services import audit
from registratie.services.audit import Door, Momentopname
from registratie.services.regels import datum, eind_niet_voor_begin, niet_in_verleden, overlapt

Actie = AuditRegel.Actie
ALLE_RIO_ROLLEN = "ALLE_RIO_ROLLEN"


def toekenbare_rollen(door: Door, bestuur: Onderwijsbestuur | None) -> list[Rol]:
    """The gebruikersrollen this person may grant for this board, by their beheerdersrollen (P3)."""
    if getattr(door, "is_superuser", False):
        return list(TOEKENBARE_ROLLEN)
    eigen = set(toewijzingen(door).filter(bestuur=bestuur, rol__in=BEHEERDERSROLLEN).values_list("rol", flat=True))
    rollen: list[Rol] = []
    for beheerdersrol in BEHEERDERSROLLEN:
        if beheerdersrol.value in eigen:
            rollen += TOEKENBAAR_DOOR[beheerdersrol]
    return [r for r in TOEKENBARE_ROLLEN if r in rollen]


def is_collega(gebruiker: User, bestuur: Onderwijsbestuur) -> bool:
    return Organisatielid.objects.filter(gebruiker=gebruiker, bestuur=bestuur).exists()


def _omschrijving(toewijzing: Roltoewijzing) -> str:
    return f"{toewijzing.get_rol_display()} voor {toewijzing.gebruiker.get_username()}"


def _registreer(door: Door, actie: str, toewijzing: Roltoewijzing, voor: Momentopname | None,
                omschrijving: str, ingangsdatum: date) -> None:
    bestuurcode = toewijzing.bestuur.code if toewijzing.bestuur is not None else ""
    audit.registreer(door=door, actie=actie, obj=toewijzing, bestuurcode=bestuurcode, voor=voor,
                     omschrijving=omschrijving, ingangsdatum=ingangsdatum)


@transaction.atomic
def ken_rollen_toe(bestuur: Onderwijsbestuur, *, door: Door, gebruiker: User, rollen: Iterable[Rol | str],
                   begindatum: date, einddatum: date | None = None, bron: str = "handmatig",
                   controleer_beheerder: bool = True) -> list[Roltoewijzing]:
    """Grant roles (one, several, or the bundle) to a colleague or oneself; all or nothing.

    Refused: a person of another organisation, a role the granter may not give, a role the person
    already holds in that period (which also makes a replayed form harmless), dates in the past.
    """
    gekozen = [Rol(r) for r in rollen]
    fouten = Fouten()
    if not gekozen:
        fouten.voeg_toe("rol", gettext("Kies een rol."))
    niet_in_verleden(fouten, begindatum, "begindatum", "De begindatum")
    eind_niet_voor_begin(fouten, begindatum, einddatum)
    if controleer_beheerder:
        if not is_collega(gebruiker, bestuur):
            fouten.voeg_toe("gebruiker", gettext(
                "%(naam)s hoort niet bij bestuur %(code)s. U kunt alleen rollen geven aan collega's van uw eigen "
                "organisatie.") % {"naam": gebruiker.get_username(), "code": bestuur.code})
        mag_geven = toekenbare_rollen(door, bestuur)
        for rol in gekozen:
            if rol not in mag_geven:
                fouten.voeg_toe("rol", gettext("U mag de rol '%(rol)s' niet toekennen; daarvoor is de beheerdersrol "
                                               "%(beheerdersrol)s nodig.")
                                % {"rol": rol.label, "beheerdersrol": _beheerdersrol_voor(rol)})
    bestaand = Roltoewijzing.objects.select_for_update().filter(gebruiker=gebruiker, bestuur=bestuur,
                                                                rol__in=[r.value for r in gekozen])
    for t in bestaand:
        if overlapt(begindatum, einddatum, t.begindatum, t.einddatum):
            fouten.voeg_toe("rol", gettext("%(naam)s heeft de rol '%(rol)s' al (vanaf %(datum)s).") % {
                "naam": gebruiker.get_username(), "rol": t.get_rol_display(), "datum": datum(t.begindatum)})
    fouten.gooi()
    gemaakt = []
    for rol in gekozen:
        toewijzing = Roltoewijzing.objects.create(gebruiker=gebruiker, rol=rol, bestuur=bestuur, begindatum=begindatum,
                                                  einddatum=einddatum, toegekend_door=_gebruiker(door), bron=bron)
        _registreer(door, Actie.AANGEMAAKT, toewijzing, None, f"Rol toegekend: {_omschrijving(toewijzing)}",
                    begindatum)
        gemaakt.append(toewijzing)
    rollen_gewijzigd.send(Roltoewijzing, gebeurtenis=TOEGEKEND, toewijzingen=gemaakt, door=door)
    return gemaakt


def _gebruiker(door: Door) -> User | None:
    """Anything with a pk is taken as the user (as in audit.nieuwe_regel); the cast only tells mypy so."""
    return cast(User | None, door if getattr(door, "pk", None) else None)


def _beheerdersrol_voor(rol: Rol) -> str:
    return next((b.label for b, rollen in TOEKENBAAR_DOOR.items() if rol in rollen), "een beheerdersrol")


@transaction.atomic
def beeindig_rol(toewijzing: Roltoewijzing, *, door: Door, einddatum: date | None = None,
                 controleer_beheerder: bool = True) -> Roltoewijzing:
    """End a role. Without einddatum it ends at once (last valid day yesterday): access stops now."""
    toewijzing = Roltoewijzing.objects.select_for_update(of=("self",)).select_related("bestuur", "gebruiker").get(
        pk=toewijzing.pk)
    einddatum = einddatum or vandaag() - timedelta(days=1)
    fouten = Fouten()
    if controleer_beheerder and toewijzing.rol not in {r.value for r in toekenbare_rollen(door, toewijzing.bestuur)}:
        fouten.voeg_toe("__all__", gettext("U mag de rol '%(rol)s' niet beëindigen.")
                        % {"rol": toewijzing.get_rol_display()})
    if toewijzing.einddatum is not None and toewijzing.einddatum < vandaag():
        fouten.voeg_toe("__all__", gettext("Deze rol is al beëindigd."))
    fouten.gooi()
    voor = audit.momentopname(toewijzing)
    toewijzing.einddatum = max(einddatum, toewijzing.begindatum - timedelta(days=1))
    toewijzing.save(update_fields=["einddatum"])
    _registreer(door, Actie.BEEINDIGD, toewijzing, voor,
                f"Rol beëindigd per {datum(einddatum)}: {_omschrijving(toewijzing)}", einddatum)
    rollen_gewijzigd.send(Roltoewijzing, gebeurtenis=BEEINDIGD, toewijzingen=[toewijzing], door=door)
    return toewijzing


def startrollen(door: User, bestuur: Onderwijsbestuur) -> list[Rol]:
    """The roles of "Ken uzelf de rollen toe" that this Beheerder PO may give and does not hold yet today: what he
    needs to do the stappenplan's steps himself (STARTROLLEN). Empty for anyone who may grant none of them."""
    heeft = set(toewijzingen(door).filter(bestuur=bestuur).values_list("rol", flat=True))
    return [r for r in toekenbare_rollen(door, bestuur) if r in STARTROLLEN and r.value not in heeft]


def ken_mezelf_toe(bestuur: Onderwijsbestuur, *, door: User, rollen: Iterable[Rol | str]) -> list[Roltoewijzing]:
    """A Beheerder PO gives himself roles from today, with the board as selectiekenmerk (RIO: to colleagues or to
    himself); the same checks and audit as any grant (ken_rollen_toe)."""
    return ken_rollen_toe(bestuur, door=door, gebruiker=door, rollen=rollen, begindatum=vandaag())


def is_gepland(toewijzing: Roltoewijzing) -> bool:
    """A role that starts after today: it can still be withdrawn instead of ended."""
    return toewijzing.begindatum > vandaag()


def is_laatste_met_rol(toewijzing: Roltoewijzing) -> bool:
    """Nobody else (active, logged in for this board) holds this role for the board today: ending it leaves the
    board without anyone who can do what the role allows."""
    return not Roltoewijzing.objects.filter(
        geldige_toewijzingen_q(vandaag()), volgt_inlog_q(), bestuur=toewijzing.bestuur_id, rol=toewijzing.rol,
        gebruiker__is_active=True).exclude(gebruiker=toewijzing.gebruiker_id).exists()


@transaction.atomic
def trek_in(toewijzing: Roltoewijzing, *, door: Door) -> None:
    """Withdraw a planned role (it has not started): the row goes, with an audit entry first (as a planned
    offer that lapses, registratie.services.opleiding). A role that already started is ended instead."""
    toewijzing = Roltoewijzing.objects.select_for_update(of=("self",)).select_related("bestuur", "gebruiker").get(
        pk=toewijzing.pk)
    fouten = Fouten()
    if toewijzing.rol not in {r.value for r in toekenbare_rollen(door, toewijzing.bestuur)}:
        fouten.voeg_toe("__all__", gettext("U mag de rol '%(rol)s' niet intrekken.")
                        % {"rol": toewijzing.get_rol_display()})
    if not is_gepland(toewijzing):
        fouten.voeg_toe("__all__", gettext("De rol is al ingegaan op %(datum)s; beëindig haar in plaats van "
                                           "intrekken.") % {"datum": datum(toewijzing.begindatum)})
    fouten.gooi()
    _registreer(door, Actie.VERWIJDERD, toewijzing, audit.momentopname(toewijzing),
                f"Geplande rol (vanaf {datum(toewijzing.begindatum)}) ingetrokken: {_omschrijving(toewijzing)}",
                toewijzing.begindatum)
    rollen_gewijzigd.send(Roltoewijzing, gebeurtenis=INGETROKKEN, toewijzingen=[toewijzing], door=door)
    toewijzing.delete()


@transaction.atomic
def kondig_aan(bestuur: Onderwijsbestuur, *, door: User, email: str, rollen: Iterable[Rol | str]) -> Aankondiging:
    """Announce a colleague by e-mail; the roles are granted at their first login with that address."""
    gekozen = [Rol(r) for r in rollen]
    email = email.strip().lower()
    fouten = Fouten()
    if "@" not in email:
        fouten.voeg_toe("email", gettext("Vul een geldig e-mailadres in."))
    mag_geven = toekenbare_rollen(door, bestuur)
    for rol in gekozen:
        if rol not in mag_geven:
            fouten.voeg_toe("rol", gettext("U mag de rol '%(rol)s' niet toekennen.") % {"rol": rol.label})
    if Aankondiging.objects.filter(email=email, bestuur=bestuur, gekoppeld_aan__isnull=True).exists():
        fouten.voeg_toe("email", gettext("%(email)s is al aangekondigd.") % {"email": email})
    fouten.gooi()
    aankondiging, _ = Aankondiging.objects.update_or_create(
        email=email, bestuur=bestuur,
        defaults={"rollen": [r.value for r in gekozen], "aangekondigd_door": door, "gekoppeld_aan": None,
                  "gekoppeld_op": None})
    audit.registreer(door=door, actie=Actie.AANGEMAAKT, obj=aankondiging, bestuurcode=bestuur.code, voor=None,
                     omschrijving=f"Collega {email} aangekondigd met {len(gekozen)} rol(len)")
    return aankondiging


@transaction.atomic
def koppel_aankondigingen(gebruiker: User, bestuur: Onderwijsbestuur, *, email_geverifieerd: bool) -> int:
    """At login: grant the roles of open announcements for this person's e-mail address at this board.

    Only an address the provider verified counts: anyone can type someone else's address into an unverified
    profile and would otherwise claim the roles announced for it. Addresses compare case-insensitively."""
    email = (gebruiker.email or "").strip().lower()
    if not email or not email_geverifieerd:
        return 0
    aantal = 0
    for aankondiging in Aankondiging.objects.select_for_update().filter(email__iexact=email, bestuur=bestuur,
                                                                        gekoppeld_aan__isnull=True):
        nieuw = [r for r in aankondiging.rollen if not Roltoewijzing.objects.filter(
            gebruiker=gebruiker, bestuur=bestuur, rol=r, einddatum__isnull=True).exists()]
        ken_rollen_toe(bestuur, door=aankondiging.aangekondigd_door, gebruiker=gebruiker, rollen=nieuw,
                       begindatum=vandaag(), bron="aankondiging", controleer_beheerder=False)
        aankondiging.gekoppeld_aan, aankondiging.gekoppeld_op = gebruiker, timezone.now()
        aankondiging.save(update_fields=["gekoppeld_aan", "gekoppeld_op"])
        aantal += 1
    return aantal


@transaction.atomic
def zet_claimrollen(gebruiker: User, bestuur: Onderwijsbestuur | None, is_beheerder_po: bool) -> None:
    """Re-evaluated at every login: the Beheerder PO claim gives both beheerdersrollen for the board;
    without the claim (or for another board) the claim-given roles end today."""
    # Only the beheerdersrollen: raadpleegrollen also come from a claim (bron "claim"), but from another one,
    # and are kept current by autorisatie.oidc.zet_raadpleegrollen.
    huidige = Roltoewijzing.objects.select_for_update().filter(
        gebruiker=gebruiker, bron="claim", rol__in=BEHEERDERSROLLEN).filter(models_geldig_vandaag())
    houden: set[int] = set()
    if is_beheerder_po and bestuur is not None:
        for rol in BEHEERDERSROLLEN:
            bestaand = huidige.filter(rol=rol, bestuur=bestuur).first()
            if bestaand is None:
                # Keep the new ones too: `huidige` is evaluated again below and would end them at once.
                houden.update(t.pk for t in ken_rollen_toe(
                    bestuur, door="inlog (claim Beheerder PO)", gebruiker=gebruiker, rollen=[rol],
                    begindatum=vandaag(), bron="claim", controleer_beheerder=False))
            else:
                houden.add(bestaand.pk)
    for toewijzing in huidige.exclude(pk__in=houden):
        beeindig_rol(toewijzing, door="inlog (claim vervallen)", einddatum=vandaag() - timedelta(days=1),
                     controleer_beheerder=False)


def models_geldig_vandaag() -> Q:
    return geldige_toewijzingen_q(vandaag())


@transaction.atomic
def zet_organisatie(gebruiker: User, bestuur: Onderwijsbestuur | None, *, organisatie_claim: str,
                    gemeentenummer: str, is_beheerder_po: bool) -> Organisatielid:
    """At every login: the person now acts for the organisation of this login (docs/adr/0007). Leaving a board
    is audited at that board, joining one at the new board; roles for the old board stop counting at once
    (autorisatie.toegang.volgt_inlog_q) and count again when the person logs in for it again."""
    lid = Organisatielid.objects.select_for_update().filter(gebruiker=gebruiker).first()
    oud = lid.bestuur if lid is not None else None
    if lid is None:
        lid = Organisatielid(gebruiker=gebruiker)
    lid.bestuur, lid.organisatie_claim, lid.gemeentenummer = bestuur, organisatie_claim, gemeentenummer
    lid.is_beheerder_po = is_beheerder_po
    lid.save()
    if oud != bestuur:
        naam = gebruiker.get_username()
        if oud is not None:
            audit.registreer(door="inlog (organisatie gewisseld)", actie=Actie.BEEINDIGD, obj=lid,
                             bestuurcode=oud.code, voor=None, ingangsdatum=vandaag(),
                             omschrijving=f"{naam} logt niet meer in voor bestuur {oud.code}: de rollen voor dit "
                                          "bestuur gelden pas weer bij een nieuwe inlog voor dit bestuur")
        if bestuur is not None:
            audit.registreer(door="inlog (organisatie)", actie=Actie.AANGEMAAKT, obj=lid, bestuurcode=bestuur.code,
                             voor=None, ingangsdatum=vandaag(),
                             omschrijving=f"{naam} logt in voor bestuur {bestuur.code}")
    return lid


# --- Raadpleegrollen granted by DUO (docs/adr/0012) ---------------------------------------------------------
# A chain partner's raadpleegrol is never granted by a board: a samenwerkingsverband's employee gets Passend
# onderwijs from DUO's functional administrator, for that SWV; the other raadpleegrollen come from the login
# claim (autorisatie.oidc) or, by hand, from DUO as well.

@transaction.atomic
def ken_raadpleegrol_toe(*, door: Door, gebruiker: User, rol: Rol | str, begindatum: date,
                         samenwerkingsverband: Samenwerkingsverband | None = None, gemeentenummer: str = "",
                         einddatum: date | None = None) -> Roltoewijzing:
    """Grant a raadpleegrol with its selectiekenmerk: a samenwerkingsverband for Passend onderwijs (the person then
    belongs to it), a gemeente for Leerplicht, nothing for the national ones. Only a DUO functional administrator."""
    rol = Rol(rol)
    if not is_functioneel_beheerder(door):
        raise PermissionDenied(gettext("Alleen een functioneel beheerder van DUO kent raadpleegrollen toe."))
    fouten = Fouten()
    if rol not in RAADPLEEGROLLEN:
        fouten.voeg_toe("rol", gettext("'%(rol)s' is geen raadpleegrol.") % {"rol": rol.label})
    if (rol == Rol.RAADPLEGEN_PASSEND_ONDERWIJS) != (samenwerkingsverband is not None):
        fouten.voeg_toe("samenwerkingsverband", gettext(
            "De raadpleegrol Passend onderwijs, en alleen die, hoort bij een samenwerkingsverband."))
    if (rol == Rol.RAADPLEGEN_LEERPLICHT) != bool(re.fullmatch(r"\d{4}", gemeentenummer)):
        fouten.voeg_toe("gemeentenummer", gettext(
            "De raadpleegrol Leerplicht, en alleen die, hoort bij een gemeentenummer van vier cijfers."))
    niet_in_verleden(fouten, begindatum, "begindatum", "De begindatum")
    eind_niet_voor_begin(fouten, begindatum, einddatum)
    for t in Roltoewijzing.objects.select_for_update().filter(gebruiker=gebruiker, rol=rol, bestuur__isnull=True,
                                                              samenwerkingsverband=samenwerkingsverband,
                                                              gemeentenummer=gemeentenummer):
        if overlapt(begindatum, einddatum, t.begindatum, t.einddatum):
            fouten.voeg_toe("rol", gettext("%(naam)s heeft de rol '%(rol)s' al (vanaf %(datum)s).") % {
                "naam": gebruiker.get_username(), "rol": t.get_rol_display(), "datum": datum(t.begindatum)})
    fouten.gooi()
    if samenwerkingsverband is not None:
        lid, _ = Organisatielid.objects.select_for_update().get_or_create(gebruiker=gebruiker)
        if lid.samenwerkingsverband_id != samenwerkingsverband.pk:
            lid.samenwerkingsverband = samenwerkingsverband
            lid.save(update_fields=["samenwerkingsverband", "bijgewerkt_op"])
    toewijzing = Roltoewijzing.objects.create(
        gebruiker=gebruiker, rol=rol, samenwerkingsverband=samenwerkingsverband, gemeentenummer=gemeentenummer,
        begindatum=begindatum, einddatum=einddatum, toegekend_door=_gebruiker(door), bron="handmatig")
    kenmerk = samenwerkingsverband.code if samenwerkingsverband is not None else gemeentenummer or "landelijk"
    _registreer(door, Actie.AANGEMAAKT, toewijzing, None,
                f"Raadpleegrol toegekend ({kenmerk}): {_omschrijving(toewijzing)}", begindatum)
    rollen_gewijzigd.send(Roltoewijzing, gebeurtenis=TOEGEKEND, toewijzingen=[toewijzing], door=door)
    return toewijzing


@transaction.atomic
def beeindig_raadpleegrol(toewijzing: Roltoewijzing, *, door: Door) -> Roltoewijzing:
    """End a raadpleegrol at once (last day yesterday). Only a DUO functional administrator."""
    if not is_functioneel_beheerder(door):
        raise PermissionDenied(gettext("Alleen een functioneel beheerder van DUO beëindigt raadpleegrollen."))
    toewijzing = Roltoewijzing.objects.select_for_update(of=("self",)).select_related("gebruiker").get(
        pk=toewijzing.pk)
    fouten = Fouten()
    if toewijzing.rol not in RAADPLEEGROLLEN or toewijzing.bestuur_id is not None:
        fouten.voeg_toe("__all__", gettext("Dit is geen raadpleegrol."))
    if toewijzing.einddatum is not None and toewijzing.einddatum < vandaag():
        fouten.voeg_toe("__all__", gettext("Deze rol is al beëindigd."))
    fouten.gooi()
    voor = audit.momentopname(toewijzing)
    einddatum = vandaag() - timedelta(days=1)
    toewijzing.einddatum = max(einddatum, toewijzing.begindatum - timedelta(days=1))
    toewijzing.save(update_fields=["einddatum"])
    _registreer(door, Actie.BEEINDIGD, toewijzing, voor,
                f"Raadpleegrol beëindigd per {datum(einddatum)}: {_omschrijving(toewijzing)}", einddatum)
    rollen_gewijzigd.send(Roltoewijzing, gebeurtenis=BEEINDIGD, toewijzingen=[toewijzing], door=door)
    return toewijzing
