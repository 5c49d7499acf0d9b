"""The one access helper (docs/adr/0002-toegangsmodel.md): every view, download and API call asks here.

A person sees a board when they hold any valid role with that board as selectiekenmerk on today's
date; changing a part of it needs the gebruikersrol for that part (rio-po.md §3). The portal's
Blauwdruk inzien role (school leaders, stappenplan step 2) is the exception: it shows only the board's
blauwdrukken, picture and printable blauwdruk (Actie.LEZEN_BLAUWDRUK), not the register (Actie.LEZEN).
"""

import hashlib
import hmac
import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from typing import Any, Protocol, cast

from django.contrib.auth.models import AnonymousUser, User
from django.core.exceptions import PermissionDenied
from django.db import connection
from django.db.models import Exists, F, Model, OuterRef, Q, QuerySet
from django.http import Http404
from django.utils.translation import gettext, gettext_noop

from autorisatie.models import ApiSleutel, Dienst, Mandaat, Roltoewijzing, Systeem, geldige_toewijzingen_q
from autorisatie.rollen import ALLEEN_BLAUWDRUK, BEHEERDERSROLLEN, RAADPLEEGROLLEN, Rol
from kern.tijd import vandaag
from kern.vaste_query import VasteQuery, VasteRijen
from registratie.domein.enumeraties import CONTEXT_PER_CODE, Openbaarheid
from registratie.models import (
    AangebodenOpleiding,
    AuditRegel,
    BijbehorendBestuur,
    Contactgegevens,
    Instellingserkenning,
    Lidmaatschap,
    Onderwijsaanbieder,
    Onderwijsaanbiedersgroep,
    Onderwijsbegeleidingsaanbieder,
    Onderwijsbestuur,
    Onderwijslocatiegebruik,
    Uitnodiging,
    geldig_op,
)
from registratie.selectors import STAND_ATTRIBUUT, locatie_standen_q, opvolging_standen_q, standen_annotatie
from registratie.services.audit import Door

logger = logging.getLogger("autorisatie.toegang")
# Refusals of the DUO-only pages under their own name (a child: whoever follows autorisatie.toegang sees them too).
duo_logger = logging.getLogger("autorisatie.toegang.duo")

# Who asks: the person of the request (logged in or not).
type Gebruiker = User | AnonymousUser


class Actie(StrEnum):
    LEZEN = "lezen"
    LEZEN_BLAUWDRUK = "lezen_blauwdruk"  # the blauwdrukken, the picture and the printable page only
    BEHEREN_BESTUUR = "beheren_bestuur"
    BEHEREN_GROEP = "beheren_groep"
    BEHEREN_AANBIEDER = "beheren_aanbieder"
    BEHEREN_LOCATIEGEBRUIK = "beheren_locatiegebruik"
    BEHEREN_OPLEIDING = "beheren_opleiding"
    BEHEREN_CONTACT = "beheren_contact"
    LEZEN_BESLOTEN_CONTACT = "lezen_besloten_contact"
    BEHEREN_ROLLEN = "beheren_rollen"
    BEHEREN_MANDATEN = "beheren_mandaten"
    BEHEREN_SAMENWERKING = "beheren_samenwerking"  # samenwerkingsscholen: invite, accept, end (docs/adr/0011)

    @property
    def omschrijving(self) -> str:
        return gettext(OMSCHRIJVING[self])  # in the language of the request (the table holds the Dutch source)


# Reading actions: the board (or object) is simply visible or not (404), there is no role to name.
LEESACTIES = (Actie.LEZEN, Actie.LEZEN_BLAUWDRUK)


BENODIGDE_ROL: dict[Actie, Rol] = {
    Actie.BEHEREN_BESTUUR: Rol.BEHEREN_ONDERWIJSBESTUUR,
    Actie.BEHEREN_GROEP: Rol.BEHEREN_ONDERWIJSAANBIEDERSGROEP,
    # Also the onderwijsbegeleidingsaanbieder (999T999, rio-po.md §1.6): RIO names no role of its own for it, and
    # it is the same kind of unit as an aanbieder, registered on the same kind of screen (issue 18 §2).
    Actie.BEHEREN_AANBIEDER: Rol.BEHEREN_ONDERWIJSAANBIEDER,
    Actie.BEHEREN_LOCATIEGEBRUIK: Rol.BEHEREN_ONDERWIJSLOCATIEGEBRUIK,
    Actie.BEHEREN_OPLEIDING: Rol.BEHEREN_AANGEBODEN_OPLEIDING,
    Actie.BEHEREN_CONTACT: Rol.BEHEREN_CONTACTADRES,
    Actie.LEZEN_BESLOTEN_CONTACT: Rol.RPL_CONTEXT_INSTELLINGEN,
    Actie.BEHEREN_ROLLEN: Rol.BEHEERDER_ALGEMEEN,
    Actie.BEHEREN_MANDATEN: Rol.OSR_TOEGANG,
    Actie.BEHEREN_SAMENWERKING: Rol.BEHEREN_SAMENWERKINGSVORM,
}
OMSCHRIJVING: dict[Actie, str] = {
    Actie.LEZEN: gettext_noop("de organisatie bekijken"),
    Actie.LEZEN_BLAUWDRUK: gettext_noop("de blauwdruk en het organisatieplaatje bekijken"),
    Actie.BEHEREN_BESTUUR: gettext_noop("bestuursgegevens wijzigen"),
    Actie.BEHEREN_GROEP: gettext_noop("onderwijsaanbiedersgroepen beheren"),
    Actie.BEHEREN_AANBIEDER: gettext_noop("onderwijsaanbieders beheren"),
    Actie.BEHEREN_LOCATIEGEBRUIK: gettext_noop("onderwijslocaties en locatiegebruik beheren"),
    Actie.BEHEREN_OPLEIDING: gettext_noop("aangeboden opleidingen beheren"),
    Actie.BEHEREN_CONTACT: gettext_noop("contactgegevens beheren"),
    Actie.LEZEN_BESLOTEN_CONTACT: gettext_noop("besloten contactgegevens bekijken"),
    Actie.BEHEREN_ROLLEN: gettext_noop("rollen van collega's beheren (Beheerder PO)"),
    Actie.BEHEREN_MANDATEN: gettext_noop("OSR-mandaten van leveranciers beheren"),
    Actie.BEHEREN_SAMENWERKING: gettext_noop("samenwerkingsscholen beheren (besturen uitnodigen, uitnodigingen "
                                             "aanvaarden, samenwerking beëindigen)"),
}

# How each scoped model reaches its board.
BESTUUR_PAD: dict[type[Model], tuple[str, ...]] = {
    Onderwijsbestuur: ("",),
    Onderwijsaanbiedersgroep: ("bestuur",),
    Onderwijsaanbieder: ("bestuur",),
    Onderwijslocatiegebruik: ("bestuur",),
    AangebodenOpleiding: ("aanbieder__bestuur",),
    Contactgegevens: ("bestuur", "groep__bestuur", "aanbieder__bestuur", "begeleidingsaanbieder__bestuur"),
    Onderwijsbegeleidingsaanbieder: ("bestuur",),
    Mandaat: ("bestuur",),
    BijbehorendBestuur: ("bestuur", "aanbieder__bestuur"),
    Uitnodiging: ("van_bestuur", "aan_bestuur"),
}

# Samenwerkingsschool (docs/adr/0011): while a board is a bijbehorend bestuur of an aanbieder today, its people
# read that aanbieder with its offerings and contacts (the contacts' restricted contexts stay the penvoerder's:
# mag_context_lezen asks about the aanbieder's own board). How each model reaches the aanbieder:
AANBIEDER_PAD: dict[type[Model], str] = {
    Onderwijsaanbieder: "pk",
    AangebodenOpleiding: "aanbieder_id",
    Contactgegevens: "aanbieder_id",
}
# What a bijbehorend bestuur may do on the shared aanbieder itself: add its own aangeboden opleidingen (which it
# then keeps: AangebodenOpleiding.bestuur). Names, BRIN, groep, contacts and ending stay with the penvoerder.
GEDEELDE_ACTIES: dict[type[Model], frozenset[Actie]] = {
    Onderwijsaanbieder: frozenset({Actie.BEHEREN_OPLEIDING}),
}


@dataclass(frozen=True)
class Weigering:
    """Why an action is not allowed: shown on the 'Waarom zie ik dit niet?' page."""

    actie: Actie
    bestuur: Onderwijsbestuur | None
    ontbrekende_rol: Rol | None


class Geweigerd(PermissionDenied):
    def __init__(self, weigering: Weigering) -> None:
        super().__init__(weigering)
        self.weigering = weigering


def toewijzingen(gebruiker: Door) -> QuerySet[Roltoewijzing]:
    """Valid role assignments of the person today (an expired or future role gives nothing), and for a board only
    while their latest login was for that board (volgt_inlog_q)."""
    if not getattr(gebruiker, "is_authenticated", False):
        return Roltoewijzing.objects.none()
    return _geldige_toewijzingen(cast(User, gebruiker))  # is_authenticated: the user model


def _geldige_toewijzingen(gebruiker: User | OuterRef) -> QuerySet[Roltoewijzing]:
    return Roltoewijzing.objects.filter(geldige_toewijzingen_q(vandaag()), volgt_inlog_q(), gebruiker=gebruiker)


def volgt_inlog_q() -> Q:
    """Access follows the organisation of the latest login (docs/adr/0007): a role for a board counts only while
    the person's Organisatielid is that board. Roles without a board (raadpleegrollen) are not tied to a login."""
    return Q(bestuur__isnull=True) | Q(bestuur=F("gebruiker__organisatielid__bestuur"))


def volgt_inlog(toewijzing: Roltoewijzing) -> bool:
    """volgt_inlog_q for one loaded assignment (with its gebruiker's organisatielid), for lists that show roles
    which exist but do not count; tests/autorisatie/test_vertrokken.py checks that both agree."""
    if toewijzing.bestuur_id is None:
        return True
    lid = getattr(toewijzing.gebruiker, "organisatielid", None)
    return lid is not None and lid.bestuur_id == toewijzing.bestuur_id


def _rollen_voor(actie: Actie) -> list[Rol] | None:
    """Roles that allow actie; None means any role with the board as selectiekenmerk (for LEZEN: any but the
    blauwdruk-only roles, see besturen)."""
    if actie in LEESACTIES:
        return None
    if actie == Actie.BEHEREN_ROLLEN:
        return list(BEHEERDERSROLLEN)  # either beheerdersrol grants its own share of the gebruikersrollen
    if actie == Actie.BEHEREN_SAMENWERKING:
        # "RIO beheren samenwerkingsvorm", or the board's Beheerder PO (invitations are between boards).
        return [Rol.BEHEREN_SAMENWERKINGSVORM, *BEHEERDERSROLLEN]
    return [BENODIGDE_ROL[actie]]


def besturen(gebruiker: Gebruiker, actie: Actie = Actie.LEZEN) -> QuerySet[Onderwijsbestuur]:
    """The boards on which the person may perform actie today."""
    if getattr(gebruiker, "is_superuser", False) and gebruiker.is_active:
        return Onderwijsbestuur.objects.all()
    rollen = _rollen_voor(actie)
    geldig = toewijzingen(gebruiker).filter(bestuur__isnull=False)
    if rollen is not None:
        geldig = geldig.filter(rol__in=rollen)
    elif actie == Actie.LEZEN:
        geldig = _toont_register(geldig)
    return Onderwijsbestuur.objects.filter(pk__in=geldig.values("bestuur"))


def _toont_register(geldig: QuerySet[Roltoewijzing]) -> QuerySet[Roltoewijzing]:
    """The assignments that show a board's register (Actie.LEZEN): a school leader sees the blauwdruk, not it."""
    return geldig.filter(bestuur__isnull=False).exclude(rol__in=ALLEEN_BLAUWDRUK)


def mag(gebruiker: Gebruiker, actie: Actie, bestuur: Onderwijsbestuur) -> bool:
    """``besturen(gebruiker, actie).filter(pk=bestuur.pk).exists()``, read from ``rechten_op`` (the same EXISTS, all
    acties in one precompiled statement; tests/autorisatie/test_bestuur_met_rechten.py holds the two equal)."""
    return rechten_op(gebruiker, bestuur)[actie.value]


RECHT_PREFIX = "mag_"


def met_rechten[M: Model](qs: QuerySet[M], gebruiker: Gebruiker, bestuur_veld: str = "pk") -> QuerySet[M]:
    """Boards with ``mag`` for every Actie as annotations: a screen that fetches its board through ``haal``
    gets the rights for its action links in that same query (an EXISTS per actie). On a queryset of objects of a
    board, ``bestuur_veld`` names the board's id field: the rights are then those on the object's board."""
    rechten: dict[str, Any] = {RECHT_PREFIX + actie.value: Exists(
        besturen(gebruiker, actie).filter(pk=OuterRef(bestuur_veld))) for actie in Actie}
    return cast(QuerySet[M], qs.annotate(**rechten))


def _plaatsvervanger(gebruiker_id: int, superuser: bool) -> User:
    """The person while a statement is compiled (kern.vaste_query): ``besturen`` reads only their id and whether
    they are an active superuser, and the id becomes a parameter of the compiled SQL."""
    return User(pk=gebruiker_id, is_superuser=superuser, is_active=True)


def _rechten_rij(bestuur_id: int, gebruiker_id: int, *, superuser: bool, dag: date) -> QuerySet[Any, Any]:
    """``met_rechten`` of one board as a row of ``mag_`` columns. ``dag`` keys the compiled statement (the role
    dates are read through kern.tijd.vandaag by ``toewijzingen``)."""
    persoon = _plaatsvervanger(gebruiker_id, superuser)
    return met_rechten(Onderwijsbestuur.objects.filter(pk=bestuur_id).order_by(), persoon).values_list(
        *(RECHT_PREFIX + actie.value for actie in Actie))


# Asked on most pages (buttons, ``mag``): compiled once per process and day (kern.vaste_query).
_RECHTEN = VasteRijen(_rechten_rij)


def rechten_op(gebruiker: Gebruiker, bestuur: Onderwijsbestuur) -> dict[str, bool]:
    """``mag`` for every Actie (screens show or hide many action links); no query when the board came from
    ``met_rechten`` for this person, else one precompiled statement."""
    if getattr(bestuur, "_rechten_van", None) == getattr(gebruiker, "pk", None):
        return {actie.value: bool(getattr(bestuur, RECHT_PREFIX + actie.value, False)) for actie in Actie}
    if not getattr(gebruiker, "is_authenticated", False) or bestuur.pk is None:
        return dict.fromkeys((actie.value for actie in Actie), False)
    rijen = _RECHTEN.rijen(bestuur.pk, gebruiker.pk, superuser=is_duo(gebruiker), dag=vandaag())
    return {actie.value: bool(ja) for actie, ja in zip(Actie, rijen[0] if rijen else [False] * len(Actie),
                                                         strict=True)}


def _zien(actie: Actie) -> Actie:
    """What makes the board visible for actie: the blauwdruk pages need less than the register."""
    return Actie.LEZEN_BLAUWDRUK if actie == Actie.LEZEN_BLAUWDRUK else Actie.LEZEN


def vereis(gebruiker: Gebruiker, actie: Actie, bestuur: Onderwijsbestuur) -> None:
    """Raise Http404 when the board is not visible at all, Geweigerd (403) when only the role is missing."""
    if not mag(gebruiker, _zien(actie), bestuur):
        _log_weigering(gebruiker, actie, bestuur.code, "geen rol voor dit bestuur")
        raise Http404("Niet gevonden, of u heeft geen rol voor deze organisatie.")
    if actie not in LEESACTIES and not mag(gebruiker, actie, bestuur):
        _log_weigering(gebruiker, actie, bestuur.code, f"rol {BENODIGDE_ROL.get(actie)} ontbreekt")
        raise Geweigerd(Weigering(actie, bestuur, BENODIGDE_ROL.get(actie)))


def _log_weigering(gebruiker: Gebruiker, actie: Actie | str, waar: str, reden: str) -> None:
    """Every refusal is logged, so a forged request to another board's object leaves a trace."""
    logger.warning("Toegang geweigerd: gebruiker=%s actie=%s object=%s reden=%s",
                   getattr(gebruiker, "username", "anoniem") or "anoniem", str(actie), waar, reden)


def beperk[M: Model](qs: QuerySet[M], gebruiker: Gebruiker, actie: Actie = Actie.LEZEN) -> QuerySet[M]:
    """Scope a queryset of a register model to the boards the person may act on."""
    paden = BESTUUR_PAD[qs.model]
    zichtbaar = besturen(gebruiker, actie)
    filter_q = Q()
    for pad in paden:
        filter_q |= Q(**{f"{pad}__in" if pad else "pk__in": zichtbaar})
    if actie == Actie.LEZEN and qs.model in AANBIEDER_PAD:
        filter_q |= Q(Exists(_samenwerkingen_vandaag(zichtbaar).filter(aanbieder=OuterRef(AANBIEDER_PAD[qs.model]))))
    return qs.filter(filter_q)


def _samenwerkingen_vandaag(besturen_qs: QuerySet[Onderwijsbestuur]) -> QuerySet[BijbehorendBestuur]:
    """The relations valid today of these boards as bijbehorend bestuur (an ended or future one opens nothing)."""
    return BijbehorendBestuur.objects.filter(geldig_op(vandaag()), bestuur__in=besturen_qs)


def samenwerking_opent(relatie: BijbehorendBestuur) -> bool:
    """``_samenwerkingen_vandaag`` for one loaded relation: whether it opens the aanbieder to its bijbehorend
    bestuur today. The controle asks it for the samenwerkingsscholen it loaded on a peildatum, so that it never
    lists an offer with a fix link the board cannot open (tests/controle/test_samenwerkingsschool.py)."""
    return relatie.is_geldig_op(vandaag())


def bijbehorende_besturen(aanbieder: Onderwijsaanbieder) -> QuerySet[Onderwijsbestuur]:
    """The boards that are a bijbehorend bestuur of the aanbieder today."""
    return Onderwijsbestuur.objects.filter(
        pk__in=BijbehorendBestuur.objects.filter(geldig_op(vandaag()), aanbieder=aanbieder).values("bestuur"))


def handelend_bestuur(gebruiker: Gebruiker, aanbieder: Onderwijsaanbieder, actie: Actie) -> Onderwijsbestuur | None:
    """As which board the person takes actie on the aanbieder: its own board when they may there, else a board
    that is a bijbehorend bestuur today on which they may (for a shared actie only), else None."""
    if mag(gebruiker, actie, aanbieder.bestuur):
        return aanbieder.bestuur
    if actie not in GEDEELDE_ACTIES.get(Onderwijsaanbieder, frozenset()):
        return None
    return bijbehorende_besturen(aanbieder).filter(pk__in=besturen(gebruiker, actie)).order_by("code").first()


def rechten_op_aanbieder(gebruiker: Gebruiker, aanbieder: Onderwijsaanbieder) -> dict[str, bool]:
    """``rechten_op`` for the aanbieder's page: the penvoerder's rights, plus the shared acties a bijbehorend
    bestuur of the person may take."""
    rechten = rechten_op(gebruiker, aanbieder.bestuur)
    for actie in GEDEELDE_ACTIES[Onderwijsaanbieder]:
        if not rechten[actie.value]:
            rechten[actie.value] = handelend_bestuur(gebruiker, aanbieder, actie) is not None
    return rechten


class _MetRechten(Protocol):
    """A board fetched with ``met_rechten_op``: whose rights its annotations hold (read back by rechten_op)."""

    _rechten_van: int | None


def haal[M: Model](qs: QuerySet[M], gebruiker: Gebruiker, actie: Actie = Actie.LEZEN, *, met_rechten_op: bool = False,
                   **lookup: object) -> M:
    """Fetch one object through the scope; 404 when unseen, 403 with the missing role when read-only.

    ``met_rechten_op`` (boards only): the rights of ``rechten_op`` come along in the same query."""
    if met_rechten_op:
        qs = cast(QuerySet[M], met_rechten(cast(QuerySet[Onderwijsbestuur], qs), gebruiker))  # boards only
    obj = beperk(qs, gebruiker, _zien(actie)).filter(**lookup).first()
    if obj is None:
        _log_weigering(gebruiker, actie, f"{qs.model.__name__} {lookup}", "niet gevonden of geen rol")
        raise Http404("Niet gevonden, of u heeft geen rol voor deze organisatie.")
    if met_rechten_op:
        cast(_MetRechten, obj)._rechten_van = getattr(gebruiker, "pk", None)
    if actie not in LEESACTIES:  # reading was just decided by the scoped query itself
        _onthoud_rechten(gebruiker, bestuur_van(obj))
        _vereis_op(gebruiker, actie, obj)
    return obj


def _onthoud_rechten(gebruiker: Gebruiker, bestuur: Onderwijsbestuur) -> None:
    """Ask ``rechten_op`` once for a board that ``haal`` just loaded, and leave the answers on it as ``met_rechten``
    does: the checks of ``_vereis_op`` and the form's buttons then read them (one statement instead of three). Only
    on this request's own fresh object, so a role changed since is never answered from it."""
    if getattr(bestuur, "_rechten_van", None) == getattr(gebruiker, "pk", None) or bestuur.pk is None:
        return
    for actie, ja in rechten_op(gebruiker, bestuur).items():
        setattr(bestuur, RECHT_PREFIX + actie, ja)
    cast(_MetRechten, bestuur)._rechten_van = getattr(gebruiker, "pk", None)


def _vereis_op(gebruiker: Gebruiker, actie: Actie, obj: Model) -> None:
    """vereis for an object the person sees: on its own board, or (samenwerkingsschool) a shared actie as a
    bijbehorend bestuur; what a bijbehorend bestuur only reads is refused with 403, not 404 (it sees the object)."""
    eigen = bestuur_van(obj)
    if type(obj) in AANBIEDER_PAD and not mag(gebruiker, Actie.LEZEN, eigen):
        # Seen only as a bijbehorend bestuur: a shared actie on the aanbieder, or nothing (the rest is the
        # penvoerder's, or the other board's offers and contacts).
        if not (isinstance(obj, Onderwijsaanbieder) and handelend_bestuur(gebruiker, obj, actie) is not None):
            _log_weigering(gebruiker, actie, f"{type(obj).__name__} {obj.pk}", "alleen bijbehorend bestuur")
            raise Geweigerd(Weigering(actie, eigen, BENODIGDE_ROL.get(actie)))
        return
    vereis(gebruiker, actie, eigen)


def vereis_partij(gebruiker: Gebruiker, actie: Actie, obj: Model, partijen: list[Onderwijsbestuur]) -> None:
    """For an object between boards (an invitation, a samenwerking) that the person sees: actie is allowed when
    they may on one of ``partijen``, else 403 (logged) naming the first party."""
    if not any(mag(gebruiker, actie, b) for b in partijen):
        _log_weigering(gebruiker, actie, f"{type(obj).__name__} {obj.pk}", "geen partij met deze rol")
        raise Geweigerd(Weigering(actie, partijen[0] if partijen else None, BENODIGDE_ROL.get(actie)))


def bestuur_voor(gebruiker: Gebruiker, code: str, actie: Actie = Actie.LEZEN, *,
                 qs: QuerySet[Onderwijsbestuur] | None = None, met_rechten_op: bool = False) -> Onderwijsbestuur:
    """The board with this code, for actie: 404 when the person cannot see it, 403 (Geweigerd, naming the missing
    role) when they see it but may not perform actie. ``qs``: a screen that needs more of the board loaded;
    ``met_rechten_op``: as in ``haal``."""
    if qs is None:
        qs = Onderwijsbestuur.objects.select_related("bevoegd_gezag").prefetch_related("perioden")
    return haal(qs, gebruiker, actie, met_rechten_op=met_rechten_op, code=code)


def _bestuur_met_rechten_rij(gebruiker_id: int, code: str, *, superuser: bool, dag: date) -> QuerySet[Any, Any]:
    """``bestuur_voor(code, met_rechten_op=True)``'s query, as the id, code, change counters and one ``mag_`` column
    per Actie, built by the same helpers. ``dag`` keys the compiled statement: ``toewijzingen`` asks
    kern.tijd.vandaag itself."""
    persoon = _plaatsvervanger(gebruiker_id, superuser)
    qs = met_rechten(beperk(Onderwijsbestuur.objects.order_by(), persoon, Actie.LEZEN), persoon).filter(code=code)
    return qs.annotate(stand=standen_annotatie()).values_list(
        "pk", "code", "stand", *(RECHT_PREFIX + actie.value for actie in Actie))


# The tree and controle screens come from the fragment cache (kern.fragmenten); what decides the key (may the person
# read the board, with which rights, and the board's change counters) is asked on every request in one statement,
# compiled once (kern.vaste_query).
_BESTUUR_MET_RECHTEN = VasteRijen(_bestuur_met_rechten_rij)


def bestuur_met_rechten(gebruiker: Gebruiker, code: str) -> Onderwijsbestuur:
    """``bestuur_voor(gebruiker, code, met_rechten_op=True)`` for a screen that may not need the board itself: the
    same decision (404 when unseen, logged) and rights, and the board's change counters (``bestuursstand``), in one
    precompiled statement, on a board object with only its id and code loaded (any other field is read from the
    database when first used). A screen that builds its body loads the board in full;
    tests/autorisatie/test_bestuur_met_rechten.py holds the decision and rights equal to ``bestuur_voor``'s."""
    if not getattr(gebruiker, "is_authenticated", False):
        return bestuur_voor(gebruiker, code, met_rechten_op=True)  # 404 as for anyone without a role
    rijen = _BESTUUR_MET_RECHTEN.rijen(gebruiker.pk, code, superuser=is_duo(gebruiker), dag=vandaag())
    if not rijen:
        raise _niet_gevonden(gebruiker, "Onderwijsbestuur", {"code": code})
    pk, gevonden_code, stand, *rechten = rijen[0]
    return _licht_bestuur(gebruiker, pk, gevonden_code, stand, rechten)


def _aanbieder_met_rechten_rij(gebruiker_id: int, code: str, *, superuser: bool, dag: date) -> QuerySet[Any, Any]:
    """``haal(Onderwijsaanbieder, code=code)``'s decision as a row: the aanbieder's id and code, its board's id and
    code, the change counters its page is built from (the board's, and those of the boards on the other side of an
    OVERGANG) and the rights on its board. ``dag`` keys the compiled statement, as in ``_bestuur_met_rechten_rij``."""
    persoon = _plaatsvervanger(gebruiker_id, superuser)
    qs = beperk(Onderwijsaanbieder.objects.order_by(), persoon, Actie.LEZEN).filter(code=code)
    return met_rechten(qs, persoon, "bestuur_id").annotate(
        stand=standen_annotatie("bestuur_id", "bestuur__code", opvolging_standen_q())).values_list(
        "pk", "code", "bestuur_id", "bestuur__code", "stand", *(RECHT_PREFIX + actie.value for actie in Actie))


def _gebruik_met_rechten_rij(gebruiker_id: int, bestuurcode: str, locatiecode: str, *, superuser: bool,
                             dag: date) -> QuerySet[Any, Any]:
    """The same for a locatiegebruik (board code and locatie code): its counters are those of every board that
    uses the locatie."""
    persoon = _plaatsvervanger(gebruiker_id, superuser)
    qs = beperk(Onderwijslocatiegebruik.objects.order_by(), persoon, Actie.LEZEN).filter(
        bestuur__code=bestuurcode, locatie__code=locatiecode)
    return met_rechten(qs, persoon, "bestuur_id").annotate(
        stand=standen_annotatie("bestuur_id", "bestuur__code", locatie_standen_q())).values_list(
        "pk", "locatie_id", "bestuur_id", "bestuur__code", "stand", *(RECHT_PREFIX + actie.value for actie in Actie))


# The object pages that come from the fragment cache (kern.fragmenten): their access question, rights and change
# counters in one statement each, compiled once per process and day.
_AANBIEDER_MET_RECHTEN = VasteRijen(_aanbieder_met_rechten_rij)
_GEBRUIK_MET_RECHTEN = VasteRijen(_gebruik_met_rechten_rij)


def _licht_bestuur(gebruiker: Gebruiker, pk: int, code: str, stand: str, rechten: list[bool]) -> Onderwijsbestuur:
    """A board with only its id and code loaded, with this person's rights and the page's change counters, as
    ``bestuur_met_rechten`` leaves it (rechten_op, leesbare_contexten and bestuursstand then ask nothing)."""
    bestuur = _licht(Onderwijsbestuur, id=pk, code=code)
    setattr(bestuur, STAND_ATTRIBUUT, stand)
    for actie, ja in zip(Actie, rechten, strict=True):
        setattr(bestuur, RECHT_PREFIX + actie.value, ja)
    cast(_MetRechten, bestuur)._rechten_van = gebruiker.pk
    return bestuur


def _licht[M: Model](model: type[M], **velden: object) -> M:
    """An instance with only these fields loaded (the rest deferred: read when first used, never a wrong value).
    ``from_db`` takes the values in the model's field order, whatever order the names are given in."""
    namen = [veld.attname for veld in model._meta.concrete_fields if veld.attname in velden]
    return model.from_db(connection.alias, namen, [velden[naam] for naam in namen])


def _niet_gevonden(gebruiker: Gebruiker, soort: str, lookup: dict[str, str]) -> Http404:
    _log_weigering(gebruiker, Actie.LEZEN, f"{soort} {lookup}", "niet gevonden of geen rol")
    return Http404("Niet gevonden, of u heeft geen rol voor deze organisatie.")


def aanbieder_met_rechten(gebruiker: Gebruiker, code: str) -> Onderwijsaanbieder:
    """``haal(Onderwijsaanbieder.objects, gebruiker, code=code)`` for a page that may come from the cache: the same
    decision (404 when unseen, logged), in one precompiled statement, on an aanbieder with only its id, code and
    board loaded; its board as ``_licht_bestuur`` (rights, and the page's counters as ``bestuursstand``).
    tests/autorisatie/test_object_met_rechten.py holds the decision equal to ``haal``'s."""
    if not getattr(gebruiker, "is_authenticated", False):
        raise _niet_gevonden(gebruiker, "Onderwijsaanbieder", {"code": code})
    rijen = _AANBIEDER_MET_RECHTEN.rijen(gebruiker.pk, code, superuser=is_duo(gebruiker), dag=vandaag())
    if not rijen:
        raise _niet_gevonden(gebruiker, "Onderwijsaanbieder", {"code": code})
    pk, gevonden_code, bestuur_id, bestuurcode, stand, *rechten = rijen[0]
    aanbieder = _licht(Onderwijsaanbieder, id=pk, code=gevonden_code, bestuur_id=bestuur_id)
    Onderwijsaanbieder.bestuur.field.set_cached_value(
        aanbieder, _licht_bestuur(gebruiker, bestuur_id, bestuurcode, stand, rechten))
    return aanbieder


def locatiegebruik_met_rechten(gebruiker: Gebruiker, bestuurcode: str, locatiecode: str) -> Onderwijslocatiegebruik:
    """``aanbieder_met_rechten`` for a locatiegebruik, found by its board's code and the locatie's code."""
    lookup = {"bestuur__code": bestuurcode, "locatie__code": locatiecode}
    if not getattr(gebruiker, "is_authenticated", False):
        raise _niet_gevonden(gebruiker, "Onderwijslocatiegebruik", lookup)
    rijen = _GEBRUIK_MET_RECHTEN.rijen(gebruiker.pk, bestuurcode, locatiecode, superuser=is_duo(gebruiker),
                                       dag=vandaag())
    if not rijen:
        raise _niet_gevonden(gebruiker, "Onderwijslocatiegebruik", lookup)
    pk, locatie_id, bestuur_id, gevonden_code, stand, *rechten = rijen[0]
    gebruik = _licht(Onderwijslocatiegebruik, id=pk, locatie_id=locatie_id, bestuur_id=bestuur_id)
    Onderwijslocatiegebruik.bestuur.field.set_cached_value(
        gebruik, _licht_bestuur(gebruiker, bestuur_id, gevonden_code, stand, rechten))
    return gebruik


class _MetBestuur(Protocol):
    """The other scoped models (BESTUUR_PAD) have a ``bestuur``."""

    @property
    def bestuur(self) -> Onderwijsbestuur: ...


def bestuur_van(obj: Model) -> Onderwijsbestuur:
    """The board an object belongs to (contactgegevens hang under a bestuur, groep or aanbieder)."""
    if isinstance(obj, Onderwijsbestuur):
        return obj
    if isinstance(obj, Contactgegevens):
        return obj.bestuur_van_eenheid
    return cast(_MetBestuur, obj).bestuur


# Restricted communicatiecontexten and the raadpleegrol of the chain partner they are meant for (rio-po.md §2-3,
# docs/adr/0012). Each raadpleegrol reads exactly its one context (and the public ones), within its scope.
RAADPLEEGROL_PER_CONTEXT: dict[str, Rol] = {
    "LEERPLICHT": Rol.RAADPLEGEN_LEERPLICHT,  # the schools with a vestiging in the role's gemeente
    "TOEZICHT": Rol.RAADPLEGEN_TOEZICHT,  # national: the inspectie
    "PASSEND_ONDERWIJS": Rol.RAADPLEGEN_PASSEND_ONDERWIJS,  # the schools of the SWV's member boards today
    "SCHOOLALERT": Rol.RAADPLEGEN_SCHOOLALERT,  # national: the politie
    "BEKOSTIGING": Rol.RAADPLEGEN_BEKOSTIGING,  # national: DUO's bekostiging
}
CONTEXT_PER_RAADPLEEGROL: dict[str, str] = {rol.value: context for context, rol in RAADPLEEGROL_PER_CONTEXT.items()}
# A board's own people read its restricted contexts with "RIO RPL context instellingen" (what the name says), and
# with "RIO beheren contactadres": who maintains a context sees what he maintains.
EIGEN_BESLOTEN_ROLLEN: tuple[Rol, ...] = (Rol.RPL_CONTEXT_INSTELLINGEN, Rol.BEHEREN_CONTACTADRES)
BENODIGDE_ACTIE: dict[Rol, Actie] = {Rol.RPL_CONTEXT_INSTELLINGEN: Actie.LEZEN_BESLOTEN_CONTACT,
                                     Rol.BEHEREN_CONTACTADRES: Actie.BEHEREN_CONTACT}
BESLOTEN_CONTEXTEN: frozenset[str] = frozenset(
    code for code, c in CONTEXT_PER_CODE.items() if c.openbaarheid == Openbaarheid.BESLOTEN)
OPENBARE_CONTEXTEN: frozenset[str] = frozenset(CONTEXT_PER_CODE) - BESLOTEN_CONTEXTEN


def raadpleegrollen(gebruiker: Gebruiker) -> QuerySet[Roltoewijzing]:
    return toewijzingen(gebruiker).filter(rol__in=list(RAADPLEEGROLLEN))


def met_raadpleegrol(personen: QuerySet[User]) -> QuerySet[User]:
    """People annotated with what the header's menu needs (``menu``): ``heeft_raadpleegrol`` (the 'Raadplegen'
    link) and ``heeft_register`` (a board whose register they read). The login backends load the person this
    way, so the menu costs no query of its own on every page."""
    raadplegen = _geldige_toewijzingen(OuterRef("pk")).filter(rol__in=list(RAADPLEEGROLLEN))
    register = _toont_register(_geldige_toewijzingen(OuterRef("pk")))
    return personen.annotate(heeft_raadpleegrol=Exists(raadplegen), heeft_register=Exists(register))


def _persoon_rij(gebruiker_id: int, *, dag: date) -> QuerySet[Any, Any]:
    """``met_raadpleegrol`` for one person, as a row: every field of the user, then the two annotations. ``dag`` keys
    the compiled statement (the annotations ask kern.tijd.vandaag themselves)."""
    return met_raadpleegrol(User.objects.order_by()).filter(pk=gebruiker_id).values_list(
        *_PERSOONSVELDEN, "heeft_raadpleegrol", "heeft_register")


_PERSOONSVELDEN = [veld.attname for veld in User._meta.concrete_fields]
# The login backends load the person on every request: compiled once per process and day (kern.vaste_query).
_PERSOON = VasteRijen(_persoon_rij)


def persoon(gebruiker_id: int) -> User | None:
    """``met_raadpleegrol(User.objects.all()).filter(pk=gebruiker_id).first()``, in one precompiled statement."""
    rijen = _PERSOON.rijen(gebruiker_id, dag=vandaag())
    if not rijen:
        return None
    *velden, raadplegen, register = rijen[0]
    gevonden = User.from_db(connection.alias, _PERSOONSVELDEN, velden)
    gevonden.heeft_raadpleegrol, gevonden.heeft_register = raadplegen, register  # type: ignore[attr-defined]
    return gevonden


def heeft_raadpleegrol(gebruiker: Gebruiker) -> bool:
    if not getattr(gebruiker, "is_authenticated", False):
        return False
    geladen = getattr(gebruiker, "heeft_raadpleegrol", None)
    return bool(geladen) if geladen is not None else raadpleegrollen(gebruiker).exists()


def lid_van_swv(swv_ids: set[int] | QuerySet[Any]) -> QuerySet[Lidmaatschap]:
    """The memberships valid today of these samenwerkingsverbanden (their ``bestuur`` column is the scope)."""
    return Lidmaatschap.objects.filter(geldig_op(vandaag()), samenwerkingsverband__in=swv_ids)


def leesbare_contexten(gebruiker: Gebruiker, bestuur: Onderwijsbestuur,
                       gemeentenummers: frozenset[str] = frozenset()) -> frozenset[str]:
    """THE one decision which communicatiecontexten a person may read of a school of ``bestuur`` (gemeentenummers:
    where the school's vestigingen are; a board's own unit has none). Public contexts: everyone. Restricted ones:
    DUO (superuser); the board's own people with RIO RPL context instellingen (or RIO beheren contactadres), while
    their login is for that board; and each chain partner its own context only (RAADPLEEGROL_PER_CONTEXT):
    Leerplicht for a gemeente where the school is, Passend onderwijs for a samenwerkingsverband of which the board is
    a member today, Toezicht, Schoolalert and Bekostiging nationally. Two queries at most."""
    if not getattr(gebruiker, "is_authenticated", False):
        return OPENBARE_CONTEXTEN
    if is_duo(gebruiker):
        return frozenset(CONTEXT_PER_CODE)
    # No query when the screen already knows: a board fetched with met_rechten for this person (its EXISTS per
    # Actie: LEZEN_BESLOTEN_CONTACT is RPL, BEHEREN_CONTACT is beheren contactadres) and a person loaded by the
    # login backends (met_raadpleegrol).
    if getattr(bestuur, "_rechten_van", None) == getattr(gebruiker, "pk", None):
        if any(getattr(bestuur, RECHT_PREFIX + BENODIGDE_ACTIE[rol].value, False) for rol in EIGEN_BESLOTEN_ROLLEN):
            return frozenset(CONTEXT_PER_CODE)
        if getattr(gebruiker, "heeft_raadpleegrol", None) is False:
            return OPENBARE_CONTEXTEN
    leesbaar = set(OPENBARE_CONTEXTEN)
    swv_ids: set[int] = set()
    for rol, bestuur_id, gemeentenummer, swv_id in toewijzingen(gebruiker).filter(
            Q(bestuur=bestuur, rol__in=list(EIGEN_BESLOTEN_ROLLEN)) | Q(bestuur__isnull=True, rol__in=list(
                RAADPLEEGROLLEN))).values_list("rol", "bestuur", "gemeentenummer", "samenwerkingsverband"):
        if bestuur_id is not None:
            return frozenset(CONTEXT_PER_CODE)
        context = CONTEXT_PER_RAADPLEEGROL[rol]
        if rol == Rol.RAADPLEGEN_LEERPLICHT:
            if gemeentenummer and gemeentenummer in gemeentenummers:
                leesbaar.add(context)
        elif rol == Rol.RAADPLEGEN_PASSEND_ONDERWIJS:
            if swv_id is not None:
                swv_ids.add(swv_id)
        else:
            leesbaar.add(context)
    if swv_ids and lid_van_swv(swv_ids).filter(bestuur=bestuur).exists():
        leesbaar.add("PASSEND_ONDERWIJS")
    return frozenset(leesbaar)


def mag_context_lezen(gebruiker: Gebruiker, bestuur: Onderwijsbestuur, context: str,
                      gemeentenummers: frozenset[str] = frozenset()) -> bool:
    """One context: ``leesbare_contexten`` decides."""
    if context in OPENBARE_CONTEXTEN:
        return True
    return context in leesbare_contexten(gebruiker, bestuur, gemeentenummers)


def zonder_onleesbare_contacten(regels: QuerySet[AuditRegel], gebruiker: Gebruiker,
                                bestuur: Onderwijsbestuur) -> QuerySet[AuditRegel]:
    """A board's audit trail without the entries of contact details in a context the person may not read
    (leesbare_contexten): their before/after snapshots hold the e-mail address and the rest."""
    onleesbaar = sorted(BESLOTEN_CONTEXTEN - leesbare_contexten(gebruiker, bestuur))
    if not onleesbaar:
        return regels
    contact = str(Contactgegevens._meta.verbose_name)
    return regels.exclude(Q(objecttype=contact) & (Q(na__context__in=onleesbaar) | Q(voor__context__in=onleesbaar)))


def raadpleegbare_aanbieders(gebruiker: Gebruiker, qs: QuerySet[Onderwijsaanbieder]) -> QuerySet[Onderwijsaanbieder]:
    """The schools a chain partner may look up on the Raadplegen page: all of them for a national role, else
    those in a gemeente of a Leerplicht role and those of a board that is a member today of the samenwerkingsverband
    of a Passend onderwijs role. What each row then shows is leesbare_contexten's decision."""
    rollen = list(raadpleegrollen(gebruiker).values_list("rol", "gemeentenummer", "samenwerkingsverband"))
    if not rollen:
        return qs.none()
    if any(rol not in (Rol.RAADPLEGEN_LEERPLICHT, Rol.RAADPLEGEN_PASSEND_ONDERWIJS) for rol, _, _ in rollen):
        return qs
    gemeenten = {g for rol, g, _ in rollen if rol == Rol.RAADPLEGEN_LEERPLICHT and g}
    swv_ids = {s for rol, _, s in rollen if rol == Rol.RAADPLEGEN_PASSEND_ONDERWIJS and s is not None}
    in_gemeente = Onderwijsaanbieder.objects.filter(
        juridische_relaties__instelling__vestigingen__gemeentenummer__in=gemeenten).values("pk")
    return qs.filter(Q(pk__in=in_gemeente) | Q(bestuur__in=lid_van_swv(swv_ids).values("bestuur")))


# --- Supplier systems (OSR) and the read API ----------------------------------------------------------------
# A system reads only the schools (BRIN4) that mandate it for the dienst TODAY (rio-po.md §4, docs/adr/0005).
# The caller's peildatum only picks the version of the data: it is a question about the register, not a
# credential, so a mandate that ended yesterday or starts next month opens nothing now.

def sleutel_hash(sleutel: str) -> str:
    return hashlib.sha256(sleutel.encode()).hexdigest()


# Read on every API call: compiled once per process (kern.vaste_query), the same WHERE as before, read from the
# database each time (a revoked key or a deactivated system is refused on the next call). The prefix is unique.
_GELDIGE_SLEUTEL: VasteQuery[ApiSleutel] = VasteQuery(
    lambda prefix: ApiSleutel.objects.select_related("systeem__leverancier").filter(
        prefix=prefix, ingetrokken_op__isnull=True, systeem__actief=True).order_by())


def api_sleutel(sleutel: str) -> ApiSleutel | None:
    """The valid (not revoked) key of an active system for ``<prefix>.<geheim>``, else None."""
    prefix, punt, _ = sleutel.partition(".")
    if not punt or not prefix:
        return None
    gevonden = _GELDIGE_SLEUTEL.eerste(prefix)
    if gevonden is None or not hmac.compare_digest(gevonden.sleutel_hash, sleutel_hash(sleutel)):
        return None
    return gevonden


def gemandateerde_instellingen(systeem: Systeem | int, dienst: str = Dienst.RIO, *,
                               dag: date | None = None) -> QuerySet[Instellingserkenning]:
    """The schools (BRIN4) that mandate the system for dienst today (kern.tijd.vandaag). ``dag``: today as the
    caller read it, for a statement compiled once a day (kern.vaste_query), where the system is an id."""
    mandaten = Mandaat.objects.filter(geldig_op(dag or vandaag()), systeem=systeem, dienst=dienst)
    return Instellingserkenning.objects.filter(pk__in=mandaten.values("instelling"))


def mag_systeem_lezen(systeem: Systeem, instelling: Instellingserkenning, dienst: str = Dienst.RIO) -> bool:
    return gemandateerde_instellingen(systeem, dienst).filter(pk=instelling.pk).exists()


def gemandateerd_tijdens(systeem: Systeem, dag: OuterRef | date, dienst: str = Dienst.RIO) -> QuerySet[Mandaat, Any]:
    """The schools (as ``instelling`` ids) that mandate the system today AND mandated it on ``dag``: the date of a
    change in the audit trail (a reference into the outer query), or the bekend_op of formal history. The change
    feed shows a supplier only what changed while it was allowed to see it, of schools it may still read."""
    op_dag = Q(begindatum__lte=dag) & (Q(einddatum__isnull=True) | Q(einddatum__gte=dag))
    return Mandaat.objects.filter(op_dag, systeem=systeem, dienst=dienst,
                                  instelling__in=gemandateerde_instellingen(systeem, dienst)).values("instelling")


def mandaat_sql(systeem: Systeem, instelling: str, *, tijdens: tuple[str, list[Any]] | None = None,
                dienst: str = Dienst.RIO) -> tuple[str, list[Any]]:
    """The SQL form of ``gemandateerde_instellingen`` (and, with ``tijdens``, of ``gemandateerd_tijdens``) for a
    hand-written query: a condition, true when the school whose id is the SQL expression ``instelling`` mandates
    the system for dienst today (kern.tijd.vandaag), and, with ``tijdens`` (an SQL date expression and its
    parameters, e.g. the day of an audit row), also did on that day. Returns the SQL and its parameters, for
    PostgreSQL and SQLite alike. The rule is the one of the two helpers above, written once more for a query the
    ORM costs too much to build per call (the SOAP delta of one aanbieder, bench/README.md); keep them together:
    tests/autorisatie/test_mandaat_sql.py holds the two forms equal."""
    tabel = Mandaat._meta.db_table

    def geldig(alias: str, dag: str, dag_params: list[Any]) -> tuple[str, list[Any]]:
        # geldig_op: begun on the day (a mandate's begindatum is required), not ended before it.
        return (f"EXISTS (SELECT 1 FROM {tabel} {alias} WHERE {alias}.instelling_id = {instelling} AND "  # noqa: S608 - names from model meta, values as parameters
                f"{alias}.systeem_id = %s AND {alias}.dienst = %s AND {alias}.begindatum <= {dag} AND "
                f"({alias}.einddatum IS NULL OR {alias}.einddatum >= {dag}))",
                [systeem.pk, str(dienst), *dag_params, *dag_params])

    sql, params = geldig("mandaat_vandaag", "%s", [connection.ops.adapt_datefield_value(vandaag())])
    if tijdens is not None:
        op_dag, op_dag_params = geldig("mandaat_op_dag", f"({tijdens[0]})", list(tijdens[1]))
        sql, params = f"{sql} AND {op_dag}", [*params, *op_dag_params]
    return f"({sql})", params


# How each register model the API returns reaches a school (BRIN4) on the peildatum: an aanbieder through
# its juridische relatie, a locatiegebruik through its BRIN6's instelling, an opleiding through its aanbieder.
SCHOOL_PAD: dict[type[Model], tuple[str, str]] = {
    Onderwijsaanbieder: ("juridische_relaties__instelling__in", "juridische_relaties__"),
    Onderwijslocatiegebruik: ("vestigingsrelaties__vestiging__instelling__in", "vestigingsrelaties__"),
    AangebodenOpleiding: ("aanbieder__juridische_relaties__instelling__in", "aanbieder__juridische_relaties__"),
    # An onderwijsbegeleidingsaanbieder (issue 18 §2) through its so/vso erkenning, as an aanbieder through its own.
    Onderwijsbegeleidingsaanbieder: ("erkenningsrelaties__instelling__in", "erkenningsrelaties__"),
}


def beperk_voor_systeem[M: Model](qs: QuerySet[M], systeem: Systeem, peildatum: date,
                                  dienst: str = Dienst.RIO) -> QuerySet[M]:
    """Scope a queryset of aanbieders, locatiegebruiken or aangeboden opleidingen to the schools mandated today,
    linked to them on the peildatum (the version of the data the caller asks about)."""
    pad, relatie = SCHOOL_PAD[qs.model]
    scholen = gemandateerde_instellingen(systeem, dienst)
    # A correlated EXISTS instead of joining the relations into qs: no DISTINCT over wide rows, and the database
    # starts from the board's own rows, not from every mandated school in the country (bench/synchronisatie.py).
    # django-stubs gives a model type variable no ``objects`` manager; every model in SCHOOL_PAD has one.
    zichtbaar = qs.model.objects.filter(  # type: ignore[attr-defined]
       Q(pk=OuterRef("pk")) & Q(**{pad: scholen}) & geldig_op(peildatum, relatie))
    return qs.filter(Exists(zichtbaar))


# --- DUO only: pages not tied to a board --------------------------------------------------------------------

def is_functioneel_beheerder(gebruiker: Gebruiker | str | None) -> bool:
    """A DUO functional administrator (staff or superuser): keeps the supplier catalogue and its API keys."""
    return bool(getattr(gebruiker, "is_active", False)
                and (getattr(gebruiker, "is_staff", False) or getattr(gebruiker, "is_superuser", False)))


def is_duo(gebruiker: Gebruiker) -> bool:
    """DUO's view of all boards at once (the national control file): the active superuser of ADR 0002."""
    return bool(getattr(gebruiker, "is_active", False) and getattr(gebruiker, "is_superuser", False))


def vereis_duo(gebruiker: Gebruiker, actie: str, waar: str, bericht: str,
               toets: Callable[[Gebruiker], bool] = is_functioneel_beheerder) -> None:
    """The one DUO-only check: 403 with bericht, logged on duo_logger, for whoever fails toets."""
    if not toets(gebruiker):
        duo_logger.warning("Toegang geweigerd: gebruiker=%s actie=%s object=%s reden=%s",
                           getattr(gebruiker, "username", "anoniem") or "anoniem", actie, waar,
                           "geen functioneel beheerder DUO")
        raise PermissionDenied(bericht)


def vereis_functioneel_beheerder(gebruiker: Gebruiker, waar: str) -> None:
    """403 (logged) for anyone but a DUO functional administrator; not tied to a board."""
    vereis_duo(gebruiker, "functioneel_beheer", waar, "Dit is alleen voor functioneel beheerders van DUO.")


# --- The main menu ------------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Menu:
    """The main-menu items that lead somewhere for the person (templates/base.html): nobody gets an empty
    'Mijn organisatie' or 'Controle' list, and a school leader gets the blauwdruk of his board instead."""

    register: bool  # Mijn organisatie: boards whose register the person may read
    controle: bool  # the control screens: those boards, or DUO's national file
    raadplegen: bool  # chain partners (gemeente, inspectie)
    # A school leader: the code of the board of which he sees only the blauwdruk (a role counts for the board of
    # the latest login only, so there is at most one).
    alleen_blauwdruk: str | None = None


GEEN_MENU = Menu(register=False, controle=False, raadplegen=False)


def heeft_register(gebruiker: Gebruiker) -> bool:
    """``besturen(gebruiker).exists()``; no query for a person loaded by the login backends (met_raadpleegrol),
    except DUO's superuser, who sees every board."""
    geladen = getattr(gebruiker, "heeft_register", None)
    if geladen is None or getattr(gebruiker, "is_superuser", False):
        return besturen(gebruiker).exists()
    return bool(geladen)


def menu(gebruiker: Gebruiker) -> Menu:
    """No query for most people (loaded with met_raadpleegrol); one for a school leader (which board)."""
    if not getattr(gebruiker, "is_authenticated", False):
        return GEEN_MENU
    register = heeft_register(gebruiker)
    alleen_blauwdruk = None if register else (
        besturen(gebruiker, Actie.LEZEN_BLAUWDRUK).order_by("code").values_list("code", flat=True).first())
    return Menu(register=register, controle=register or is_duo(gebruiker),
                raadplegen=heeft_raadpleegrol(gebruiker), alleen_blauwdruk=alleen_blauwdruk)
