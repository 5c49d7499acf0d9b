"""Subscribe, plan and deliver change notifications (docs/adr/0009-mutatiemeldingen.md).

- ``plan``: the audit entries after a subscription's cursor that its system may see (the change feed's rule,
  ``uitwisseling.selectie.zichtbare_wijzigingen``, which asks ``autorisatie.toegang``) become one ``Aflevering``
  each; the unique (subscription, audit entry) pair makes planning twice harmless.
- ``bezorg``: due deliveries are claimed (a lease in ``volgende_poging_op``), checked against the mandate once more
  (today's, as the feed), sent as a signed CloudEvent and marked. A failure waits longer each time; a crash
  between sending and marking lets the lease run out and sends again, with the same event id.
"""

import hashlib
import hmac
import logging
import re
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any, cast

from cloudevents.core.formats.json import JSONFormat
from cloudevents.core.v1.event import CloudEvent
from django.conf import settings
from django.db import transaction
from django.db.models import Exists, F, Max, Min, OuterRef, QuerySet
from django.utils import timezone

from autorisatie.models import Systeem
from registratie.models import AuditRegel
from uitwisseling import selectie
from uitwisseling.api import serialisatie
from uitwisseling.meldingen import verzending
from uitwisseling.meldingen.models import Abonnement, Aflevering

Status = Aflevering.Status
logger = logging.getLogger("uitwisseling.meldingen")

# The API's objecttype → the audit trail's (the change feed names objects the same way).
AUDIT_OBJECTTYPE = {api: audit for audit, api in serialisatie.OBJECTTYPEN.items()}
# The audit actie as the last part of the CloudEvent type (reverse DNS, nl.rio-portaal.<object>.<gebeurtenis>).
GEBEURTENIS: dict[str, str] = {str(AuditRegel.Actie.CORRECTIE): "gecorrigeerd"}
TYPE_PREFIX = "nl.rio-portaal"
HANDTEKENING_HEADER = "RIO-Signature"
CONTENT_TYPE = "application/cloudevents+json; charset=utf-8"
MIN_GEHEIM = 32
# The register's own code patterns (the model validators'), as the read API uses them.
BESTUURCODE = cast(re.Pattern[str], selectie.BESTUURCODE)
BRIN6 = cast(re.Pattern[str], selectie.BRIN6)
MAX_ABONNEMENTEN = 20
PLAN_PER_KEER = 500


class OngeldigAbonnement(ValueError):
    """A subscription the portal refuses: which field and why (Dutch, for the supplier)."""

    def __init__(self, veld: str, melding: str) -> None:
        super().__init__(melding)
        self.veld = veld
        self.melding = melding


def _instelling(naam: str, standaard: float) -> float:
    return float(getattr(settings, naam, standaard))


# --- Subscribing ---------------------------------------------------------------------------------------------

def controleer(*, callback_url: str, geheim: str | None, bestuurcode: str, instellingscode: str,
               objecttypen: list[str] | None) -> None:
    """OngeldigAbonnement (field and reason) for what the portal will not accept; for the API and the admin."""
    try:
        verzending.controleer(callback_url)
    except verzending.OngeldigeCallback as fout:
        raise OngeldigAbonnement("callbackUrl", str(fout)) from None
    if geheim is not None and (not MIN_GEHEIM <= len(geheim) <= 128 or not geheim.isascii()
                               or not geheim.isprintable()):
        raise OngeldigAbonnement("geheim", f"Het geheim moet {MIN_GEHEIM} tot 128 leesbare ASCII-tekens lang zijn; "
                                           "laat het weg om er een te laten maken.")
    if bestuurcode and not BESTUURCODE.match(bestuurcode):
        raise OngeldigAbonnement("bestuurcode", "bestuurcode heeft de vorm 999B999.")
    if instellingscode and not (len(instellingscode) == 4 and BRIN6.match(instellingscode + "00")):
        raise OngeldigAbonnement("instellingscode", "instellingscode is een BRIN4: 2 cijfers en 2 hoofdletters.")
    onbekend = sorted(set(objecttypen or []) - set(AUDIT_OBJECTTYPE))
    if onbekend:
        raise OngeldigAbonnement("objecttypen", f"Onbekend objecttype {', '.join(onbekend)[:80]}; kies uit "
                                                f"{', '.join(AUDIT_OBJECTTYPE)}.")


def nieuw_geheim() -> str:
    return secrets.token_urlsafe(32)


def begin_cursor() -> int:
    """A new subscription starts now: only changes committed after it are delivered."""
    return AuditRegel.objects.aggregate(m=Max("id"))["m"] or 0


def maak_abonnement(systeem: Systeem, *, callback_url: str, geheim: str | None = None, bestuurcode: str = "",
                    instellingscode: str = "", objecttypen: list[str] | None = None) -> tuple[Abonnement, str]:
    """A new subscription for the system and its secret (generated when none was given)."""
    controleer(callback_url=callback_url, geheim=geheim, bestuurcode=bestuurcode, instellingscode=instellingscode,
               objecttypen=objecttypen)
    if systeem.abonnementen.count() >= MAX_ABONNEMENTEN:
        raise OngeldigAbonnement("callbackUrl", f"Een systeem heeft hoogstens {MAX_ABONNEMENTEN} abonnementen; "
                                                "verwijder er eerst een.")
    geheim = geheim if geheim is not None else nieuw_geheim()
    abonnement = Abonnement.objects.create(
        systeem=systeem, callback_url=callback_url, geheim=geheim, bestuurcode=bestuurcode,
        instellingscode=instellingscode, objecttypen=sorted(set(objecttypen or [])), gepland_tot=begin_cursor())
    return abonnement, geheim


def abonnementen_van(systeem: Systeem) -> QuerySet[Abonnement]:
    """A system's own subscriptions (no other system's, whatever id it asks for)."""
    return Abonnement.objects.filter(systeem=systeem).order_by("aangemaakt_op", "id")


def wachtend(abonnement: Abonnement) -> int:
    return abonnement.afleveringen.filter(status=Status.WACHTEND).count()


# --- The event ------------------------------------------------------------------------------------------------

def bron() -> str:
    """``source``: the portal as an organisation, by its OIN (NL GOV profile for CloudEvents)."""
    return f"urn:nld:oin:{settings.PORTAAL_OIN}"


def event_type(regel: AuditRegel) -> str:
    objecttype = serialisatie.OBJECTTYPEN.get(regel.objecttype, regel.objecttype).replace("_", "-")
    return f"{TYPE_PREFIX}.{objecttype}.{GEBEURTENIS.get(regel.actie, regel.actie)}"


def dataref(regel: AuditRegel) -> str:
    """Where the supplier reads the object with its key: the JSON API's history of that object."""
    objecttype = serialisatie.OBJECTTYPEN.get(regel.objecttype, regel.objecttype)
    return f"{settings.PORTAAL_URL.rstrip('/')}/api/v1/historie/{objecttype}/{regel.objectcode}"


def event(aflevering: Aflevering) -> CloudEvent:
    """The CloudEvent of a delivery; built from the audit entry alone, so every retry is the same event."""
    regel = aflevering.auditregel
    return CloudEvent(attributes={
        "id": str(aflevering.event_id), "source": bron(), "specversion": "1.0", "type": event_type(regel),
        "subject": regel.objectcode, "time": regel.tijdstip, "datacontenttype": "application/json",
        "dataref": dataref(regel),
    }, data=serialisatie.wijziging(regel))


def handtekening(geheim: str, body: bytes) -> str:
    """``sha256=<hex>``: HMAC-SHA256 of the exact body with the subscription's secret."""
    return "sha256=" + hmac.new(geheim.encode(), body, hashlib.sha256).hexdigest()


def bericht(aflevering: Aflevering) -> tuple[bytes, dict[str, str]]:
    """The body (structured mode, application/cloudevents+json) and the headers of one POST."""
    body = JSONFormat().write(event(aflevering))
    return body, {"Content-Type": CONTENT_TYPE, HANDTEKENING_HEADER: handtekening(aflevering.abonnement.geheim, body),
                  "User-Agent": "RIO-portaal-meldingen/1.0"}


# --- Planning: audit entries → deliveries --------------------------------------------------------------------

def _relevant(abonnement: Abonnement) -> QuerySet[AuditRegel]:
    objecttypen = [AUDIT_OBJECTTYPE[t] for t in abonnement.objecttypen] or None
    regels = selectie.zichtbare_wijzigingen(abonnement.systeem, instellingscode=abonnement.instellingscode or None,
                                            objecttypen=objecttypen)
    if abonnement.bestuurcode:
        regels = regels.filter(bestuurcode=abonnement.bestuurcode)
    return regels


def _nieuwe_cursor(cursor: int, grens: datetime) -> int:
    """The highest id up to which every entry is older than ``grens``: a transaction still open may yet commit an
    entry with a lower id than one already seen, so the newest stretch is looked at again in the next round."""
    na = AuditRegel.objects.filter(id__gt=cursor)
    eerste_jonge = na.filter(tijdstip__gte=grens).aggregate(m=Min("id"))["m"]
    oud = na.filter(tijdstip__lt=grens)
    if eerste_jonge is not None:
        oud = oud.filter(id__lt=eerste_jonge)
    return oud.aggregate(m=Max("id"))["m"] or cursor


def plan(abonnement: Abonnement) -> int:
    """Create the deliveries of the entries after the cursor that the subscription's system may see; return how
    many are new. One subscription is planned by one worker at a time (row lock)."""
    nu = timezone.now()
    nieuw = 0
    with transaction.atomic():
        abonnement = Abonnement.objects.select_for_update().select_related("systeem").get(pk=abonnement.pk)
        grens = nu - timedelta(seconds=_instelling("MELDINGEN_MARGE", 900))
        nieuwe_cursor = _nieuwe_cursor(abonnement.gepland_tot, grens)
        al_gepland = Aflevering.objects.filter(abonnement=abonnement, auditregel=OuterRef("pk"))
        kandidaten = _relevant(abonnement).filter(id__gt=abonnement.gepland_tot).exclude(Exists(al_gepland))
        vanaf = abonnement.gepland_tot
        while True:
            ids = list(kandidaten.filter(id__gt=vanaf).order_by("id").values_list("id", flat=True)[:PLAN_PER_KEER])
            Aflevering.objects.bulk_create([
                Aflevering(abonnement=abonnement, auditregel_id=regel_id, volgende_poging_op=nu,
                           event_id=Aflevering.id_voor(regel_id, abonnement.pk)) for regel_id in ids],
                ignore_conflicts=True)
            nieuw += len(ids)
            if len(ids) < PLAN_PER_KEER:
                break
            vanaf = ids[-1]
        Abonnement.objects.filter(pk=abonnement.pk).update(gepland_tot=nieuwe_cursor)
    return nieuw


def plan_alles() -> int:
    return sum(plan(abonnement) for abonnement in Abonnement.objects.filter(actief=True, systeem__actief=True))


# --- Delivering ---------------------------------------------------------------------------------------------------

@dataclass
class Uitslag:
    gepland: int = 0
    afgeleverd: int = 0
    mislukt: int = 0
    vervallen: int = 0
    uitgesteld: int = 0

    def als_dict(self) -> dict[str, int]:
        return dict(self.__dict__)


def wachttijd(pogingen: int) -> timedelta:
    """After the n-th failed attempt: basis · 2^(n-1) seconds, at most MELDINGEN_WACHTTIJD_MAX."""
    basis = _instelling("MELDINGEN_WACHTTIJD_BASIS", 1)
    hoogstens = _instelling("MELDINGEN_WACHTTIJD_MAX", 60)
    return timedelta(seconds=min(basis * 2 ** min(max(pogingen - 1, 0), 30), hoogstens))


def _claim(limiet: int) -> list[Aflevering]:
    """Take up to ``limiet`` due deliveries: their ``volgende_poging_op`` becomes a lease, so no other worker
    sends them meanwhile, and a worker that dies leaves them due again when the lease ends."""
    nu = timezone.now()
    with transaction.atomic():
        te_doen = Aflevering.objects.filter(status=Status.WACHTEND, volgende_poging_op__lte=nu,
                                            abonnement__actief=True).order_by("id")
        ids = list(te_doen.select_for_update(skip_locked=True, of=("self",)).values_list("pk", flat=True)[:limiet])
        Aflevering.objects.filter(pk__in=ids).update(
            volgende_poging_op=nu + timedelta(seconds=_instelling("MELDINGEN_LEASE", 60)))
    return list(Aflevering.objects.filter(pk__in=ids).select_related("abonnement__systeem", "auditregel")
                .order_by("id"))


def nog_zichtbaar(aflevering: Aflevering) -> bool:
    """The mandate rule once more at sending time: the system may see the change today (ADR 0005)."""
    abonnement = aflevering.abonnement
    return abonnement.systeem.actief and _relevant(abonnement).filter(pk=aflevering.auditregel_id).exists()


def _markeer_afgeleverd(aflevering: Aflevering) -> None:
    nu = timezone.now()
    Aflevering.objects.filter(pk=aflevering.pk).update(status=Status.AFGELEVERD, afgeleverd_op=nu,
                                                       pogingen=F("pogingen") + 1, laatste_fout="")
    Abonnement.objects.filter(pk=aflevering.abonnement_id).update(
        laatst_geslaagd_op=nu, fouten_op_rij=0, aantal_afgeleverd=F("aantal_afgeleverd") + 1)


def _markeer_mislukt(aflevering: Aflevering, fout: str) -> datetime:
    nu = timezone.now()
    volgende = nu + wachttijd(aflevering.pogingen + 1)
    Aflevering.objects.filter(pk=aflevering.pk).update(volgende_poging_op=volgende, pogingen=F("pogingen") + 1,
                                                       laatste_fout=fout[:300])
    Abonnement.objects.filter(pk=aflevering.abonnement_id).update(
        laatst_mislukt_op=nu, laatste_fout=fout[:300], fouten_op_rij=F("fouten_op_rij") + 1)
    return volgende


def bezorg(limiet: int = 200) -> Uitslag:
    """Send the due deliveries, oldest first. When the receiver is down (no answer, 429, 503) the rest of its batch
    waits as long as the failed one: a receiver that is down is not called once per event."""
    uitslag = Uitslag()
    uitgesteld_tot: dict[int, datetime] = {}
    for aflevering in _claim(limiet):
        if aflevering.abonnement_id in uitgesteld_tot:
            Aflevering.objects.filter(pk=aflevering.pk).update(
                volgende_poging_op=uitgesteld_tot[aflevering.abonnement_id])
            uitslag.uitgesteld += 1
            continue
        if not nog_zichtbaar(aflevering):
            Aflevering.objects.filter(pk=aflevering.pk).update(status=Status.VERVALLEN)
            uitslag.vervallen += 1
            continue
        try:
            body, headers = bericht(aflevering)
        except Exception as fout:  # one event that cannot be built must not hold up the others: it waits and retries
            logger.exception("Melding %s niet te maken", aflevering.event_id)
            _markeer_mislukt(aflevering, f"melding niet te maken: {type(fout).__name__}")
            uitslag.mislukt += 1
            continue
        resultaat = verzending.verstuur(aflevering.abonnement.callback_url, body, headers)
        if resultaat.gelukt:
            _markeer_afgeleverd(aflevering)
            uitslag.afgeleverd += 1
        else:
            volgende = _markeer_mislukt(aflevering, resultaat.fout)
            if resultaat.onbereikbaar:
                uitgesteld_tot[aflevering.abonnement_id] = volgende
            uitslag.mislukt += 1
    return uitslag


def verwerk(limiet: int = 200) -> Uitslag:
    """One round: plan every subscription, then deliver what is due (in batches until nothing is due)."""
    uitslag = Uitslag(gepland=plan_alles())
    while True:
        ronde = bezorg(limiet)
        for veld, waarde in ronde.als_dict().items():
            if veld != "gepland":
                setattr(uitslag, veld, getattr(uitslag, veld) + waarde)
        if sum(ronde.als_dict().values()) < limiet:
            return uitslag


def eerstvolgende_poging() -> datetime | None:
    """When the next waiting delivery is due (for planning the next round)."""
    eerste = Aflevering.objects.filter(status=Status.WACHTEND, abonnement__actief=True).aggregate(
        m=Min("volgende_poging_op"))["m"]
    return cast(datetime | None, eerste)


def status(abonnement: Abonnement) -> dict[str, Any]:
    """What the supplier and the functional administrator see of a subscription's deliveries."""
    return {"laatst_geslaagd_op": abonnement.laatst_geslaagd_op, "laatst_mislukt_op": abonnement.laatst_mislukt_op,
            "laatste_fout": abonnement.laatste_fout, "fouten_op_rij": abonnement.fouten_op_rij,
            "aantal_afgeleverd": abonnement.aantal_afgeleverd, "wachtend": wachtend(abonnement)}
