"""Samenwerkingsschool: one aanbieder with several boards (rio-po.md §1.4, §1.12; docs/adr/0011).

The aanbieder's own ``bestuur`` is the penvoerend bestuur (the board that registered it). Every other board is a
``BijbehorendBestuur``: a dated organisatierelatie of soort HIERARCHISCH (bestuur → aanbieder). A board becomes
one by accepting an ``Uitnodiging`` of the penvoerder in the portal, instead of passing codes by hand.
"""

from datetime import date, timedelta

from django.db import models

from kern.urls import link
from registratie.models.base import Levensduur
from registratie.models.organisatie import Onderwijsaanbieder, Onderwijsbestuur

# How long an invitation stays open (its last day is the day of sending plus this).
UITNODIGING_GELDIG = timedelta(days=30)
HIERARCHISCH = "HIERARCHISCH"  # RIO's organisatierelatiesoort for bestuur → aanbieder


class BijbehorendBestuur(Levensduur):
    """A second (third, ...) board of an aanbieder from begindatum to (and including) einddatum."""

    aanbieder = models.ForeignKey(Onderwijsaanbieder, on_delete=models.PROTECT, related_name="bijbehorende_besturen")
    bestuur = models.ForeignKey(Onderwijsbestuur, on_delete=models.PROTECT, related_name="samenwerkingsscholen")

    class Meta:
        verbose_name = "bijbehorend bestuur"
        verbose_name_plural = "bijbehorende besturen"
        ordering = ["begindatum", "pk"]

    def __str__(self) -> str:
        return self.code

    @property
    def code(self) -> str:
        """How users and the audit trail name the relation: <aanbiedercode>-<bestuurcode>."""
        return f"{self.aanbieder.code}-{self.bestuur.code}"

    @property
    def soort(self) -> str:
        return HIERARCHISCH

    def get_absolute_url(self) -> str:
        return self.aanbieder.get_absolute_url()


class Uitnodiging(models.Model):
    """The penvoerder invites another board (by its code) to become a bijbehorend bestuur from begindatum on."""

    class Status(models.TextChoices):
        OPEN = "open", "open"
        AANVAARD = "aanvaard", "aanvaard"
        AFGEWEZEN = "afgewezen", "afgewezen"
        INGETROKKEN = "ingetrokken", "ingetrokken"
        VERLOPEN = "verlopen", "verlopen"

    aanbieder = models.ForeignKey(Onderwijsaanbieder, on_delete=models.PROTECT, related_name="uitnodigingen")
    van_bestuur = models.ForeignKey(Onderwijsbestuur, on_delete=models.PROTECT,
                                    related_name="verstuurde_uitnodigingen")
    aan_bestuur = models.ForeignKey(Onderwijsbestuur, on_delete=models.PROTECT,
                                    related_name="ontvangen_uitnodigingen")
    begindatum = models.DateField("begindatum samenwerking")
    status = models.CharField("status", max_length=12, choices=Status.choices, default=Status.OPEN)
    verloopt_na = models.DateField("geldig tot en met")
    aangemaakt_op = models.DateTimeField("verstuurd op", auto_now_add=True)
    afgehandeld_op = models.DateTimeField("afgehandeld op", null=True, blank=True)
    relatie = models.OneToOneField(BijbehorendBestuur, on_delete=models.SET_NULL, null=True, blank=True,
                                   related_name="uitnodiging")
    # Optimistic locking: the accept/decline/withdraw buttons carry the versie they were shown at.
    versie = models.PositiveIntegerField(default=1, editable=False)

    class Meta:
        verbose_name = "uitnodiging samenwerkingsschool"
        verbose_name_plural = "uitnodigingen samenwerkingsschool"
        ordering = ["-aangemaakt_op", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["aanbieder", "aan_bestuur"], condition=models.Q(status="open"),
                                    name="uitnodiging_een_open_per_bestuur"),
        ]

    def __str__(self) -> str:
        return self.code

    def get_absolute_url(self) -> str:
        return link("registratie:organisatie", self.aan_bestuur.code)

    @property
    def code(self) -> str:
        return f"{self.aanbieder.code}-{self.aan_bestuur.code}-{self.pk}"

    @property
    def bestuur(self) -> Onderwijsbestuur:
        """The board the invitation belongs to (its penvoerder), for code that asks any object for its board."""
        return self.van_bestuur

    def is_open_op(self, dag: date) -> bool:
        return self.status == self.Status.OPEN and dag <= self.verloopt_na
