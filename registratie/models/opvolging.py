"""Organisatierelatie OVERGANG (rio-po.md §1.12): an aanbieder that ended (e.g. in a merger) went on in another one,
of the same type. Only a begin date: ``datum`` is the first day of the opvolger's part, the day after the end."""

from django.db import models
from django.db.models import F, Q

from registratie.models.organisatie import Onderwijsaanbieder


class Opvolging(models.Model):
    voorganger = models.OneToOneField(Onderwijsaanbieder, on_delete=models.CASCADE, related_name="opvolging")
    opvolger = models.ForeignKey(Onderwijsaanbieder, on_delete=models.PROTECT, related_name="voortzettingen")
    datum = models.DateField("datum overgang", help_text="De dag na de einddatum van de voorganger.")

    class Meta:
        verbose_name = "opvolging"
        verbose_name_plural = "opvolgingen"
        ordering = ["datum", "pk"]
        constraints = [models.CheckConstraint(condition=~Q(voorganger=F("opvolger")), name="opvolging_niet_zichzelf")]

    def __str__(self) -> str:
        return f"{self.voorganger.code} → {self.opvolger.code}"
