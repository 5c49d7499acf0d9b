"""Change notifications (mutatiemeldingen, issue 17 §3, docs/adr/0009-mutatiemeldingen.md).

A supplier system subscribes (``Abonnement``); every audit entry it may see becomes one ``Aflevering`` per
subscription, which the task worker sends as a CloudEvent until the receiver accepts it. The audit trail itself is
the outbox: it is written in the same transaction as the change (docs/adr/0003), so no change is lost.
"""

import uuid

from django.db import models

# Namespace of the CloudEvent ids: uuid5(namespace, "<auditregel id>:<abonnement id>") is the same on every retry.
EVENT_NAMESPACE = uuid.UUID("6f1d3c52-8a0e-5b7e-9d41-52494f2d504f")


class Abonnement(models.Model):
    """A supplier system's subscription: where to deliver, the secret to sign with, and what it wants."""

    publiek_id = models.UUIDField("id", default=uuid.uuid4, unique=True, editable=False,
                                  help_text="Het id in de API; niet te raden, zodat geen volgnummer iets verraadt.")
    systeem = models.ForeignKey("autorisatie.Systeem", on_delete=models.CASCADE, related_name="abonnementen")
    callback_url = models.URLField("callback-URL", max_length=500)
    geheim = models.CharField("geheim", max_length=128,
                              help_text="Gedeeld geheim voor de HMAC-SHA256-handtekening van elke melding.")
    bestuurcode = models.CharField("alleen bestuur", max_length=7, blank=True,
                                   help_text="Leeg: alle besturen (binnen het mandaat).")
    instellingscode = models.CharField("alleen school (BRIN4)", max_length=4, blank=True,
                                       help_text="Leeg: alle gemandateerde scholen.")
    objecttypen = models.JSONField("objecttypen", default=list, blank=True,
                                   help_text="Objecttypen van de API (onderwijsaanbieder, ...); leeg: alle.")
    actief = models.BooleanField("actief", default=True)
    aangemaakt_op = models.DateTimeField("aangemaakt op", auto_now_add=True)
    # Delivery cursor: every audit entry up to this id has been planned (or did not concern this subscription).
    gepland_tot = models.BigIntegerField("gepland tot auditregel", default=0)
    # Status for the supplier and the functional administrator.
    laatst_geslaagd_op = models.DateTimeField("laatst geslaagd", null=True, blank=True)
    laatst_mislukt_op = models.DateTimeField("laatst mislukt", null=True, blank=True)
    laatste_fout = models.CharField("laatste fout", max_length=300, blank=True)
    fouten_op_rij = models.PositiveIntegerField("fouten op rij", default=0)
    aantal_afgeleverd = models.PositiveIntegerField("afgeleverd", default=0)

    class Meta:
        verbose_name = "abonnement op meldingen"
        verbose_name_plural = "abonnementen op meldingen"
        ordering = ["systeem_id", "aangemaakt_op"]

    def __str__(self) -> str:
        return f"{self.systeem} → {self.callback_url}"


class Aflevering(models.Model):
    """One event for one subscription: created once per (subscription, audit entry), sent until accepted."""

    class Status(models.TextChoices):
        WACHTEND = "wachtend", "wachtend"
        AFGELEVERD = "afgeleverd", "afgeleverd"
        # The system's mandate no longer covers the change when it was due: never sent (ADR 0005's rule).
        VERVALLEN = "vervallen", "vervallen (geen mandaat meer)"

    abonnement = models.ForeignKey(Abonnement, on_delete=models.CASCADE, related_name="afleveringen")
    # The audit trail is append-only and never deleted, so this reference stays valid.
    auditregel = models.ForeignKey("registratie.AuditRegel", on_delete=models.PROTECT, related_name="+")
    event_id = models.UUIDField("event-id", editable=False)
    status = models.CharField("status", max_length=12, choices=Status.choices, default=Status.WACHTEND)
    aangemaakt_op = models.DateTimeField("aangemaakt op", auto_now_add=True)
    # When the worker may (re)try; while one worker sends, its lease: a crash makes it due again, same event id.
    volgende_poging_op = models.DateTimeField("volgende poging", db_index=True)
    pogingen = models.PositiveIntegerField("pogingen", default=0)
    afgeleverd_op = models.DateTimeField("afgeleverd op", null=True, blank=True)
    laatste_fout = models.CharField("laatste fout", max_length=300, blank=True)

    class Meta:
        verbose_name = "aflevering"
        verbose_name_plural = "afleveringen"
        ordering = ["-id"]
        constraints = [models.UniqueConstraint(fields=["abonnement", "auditregel"], name="aflevering_eenmaal")]
        indexes = [models.Index(fields=["status", "volgende_poging_op"], name="aflevering_te_doen")]

    def __str__(self) -> str:
        return f"{self.event_id} {self.status}"

    @staticmethod
    def id_voor(auditregel_id: int, abonnement_id: int) -> uuid.UUID:
        """The CloudEvent id: derived, so a retry, a second worker or a re-plan after a crash carry the same id."""
        return uuid.uuid5(EVENT_NAMESPACE, f"{auditregel_id}:{abonnement_id}")


class Ronde(models.Model):
    """The one row that says when the next worker round is planned, so rounds are not enqueued twice."""

    gepland_op = models.DateTimeField("volgende ronde", null=True, blank=True)

    class Meta:
        verbose_name = "ronde"
        verbose_name_plural = "rondes"

    def __str__(self) -> str:
        return f"volgende ronde {self.gepland_op}"
