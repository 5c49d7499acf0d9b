"""Role assignments: person × rol × selectiekenmerk (bestuur) × period × granted by."""

from datetime import date

from django.conf import settings
from django.db import models
from django.db.models import Q

from .rollen import Rol


class Roltoewijzing(models.Model):
    gebruiker = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="roltoewijzingen")
    rol = models.CharField("rol", max_length=60, choices=Rol.choices)
    bestuur = models.ForeignKey("registratie.Onderwijsbestuur", on_delete=models.CASCADE, null=True, blank=True,
                                related_name="roltoewijzingen", verbose_name="selectiekenmerk (bestuur)")
    begindatum = models.DateField("begindatum")
    einddatum = models.DateField("einddatum", null=True, blank=True, help_text="Laatste dag (inclusief).")
    toegekend_door = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                       related_name="+")
    bron = models.CharField("bron", max_length=20, default="handmatig",
                            help_text="'claim' voor rollen uit de inlog, 'handmatig' voor toekenningen, 'demo'.")
    aangemaakt_op = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "roltoewijzing"
        verbose_name_plural = "roltoewijzingen"
        ordering = ["gebruiker", "rol"]

    def __str__(self) -> str:
        kenmerk = self.bestuur.code if self.bestuur_id else "geen selectiekenmerk"
        return f"{self.gebruiker} {self.get_rol_display()} ({kenmerk})"

    def is_geldig_op(self, peildatum: date) -> bool:
        return self.begindatum <= peildatum and (self.einddatum is None or self.einddatum >= peildatum)


def geldige_toewijzingen_q(peildatum: date) -> Q:
    return Q(begindatum__lte=peildatum) & (Q(einddatum__isnull=True) | Q(einddatum__gte=peildatum))
