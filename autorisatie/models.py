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
    gemeentenummer = models.CharField("selectiekenmerk (gemeente)", max_length=4, blank=True,
                                      help_text="Voor raadpleegrollen van een gemeente.")
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


class Organisatielid(models.Model):
    """A person belongs to a board because the login's organisation claim said so (or an announcement)."""

    gebruiker = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="organisatielid")
    bestuur = models.ForeignKey("registratie.Onderwijsbestuur", on_delete=models.CASCADE, null=True, blank=True,
                                related_name="leden")
    gemeentenummer = models.CharField("gemeentenummer", max_length=4, blank=True,
                                      help_text="Voor medewerkers van een gemeente (raadplegen Leerplicht).")
    organisatie_claim = models.CharField("organisatie volgens de inlog", max_length=40, blank=True)
    is_beheerder_po = models.BooleanField("Beheerder PO volgens de inlog", default=False)
    bijgewerkt_op = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "organisatielid"
        verbose_name_plural = "organisatieleden"

    def __str__(self) -> str:
        return f"{self.gebruiker} ({self.bestuur or self.gemeentenummer or 'geen organisatie'})"


class Aankondiging(models.Model):
    """A colleague announced by e-mail before their first login; linked (with roles) when they log in."""

    email = models.EmailField("e-mailadres")
    bestuur = models.ForeignKey("registratie.Onderwijsbestuur", on_delete=models.CASCADE, related_name="aankondigingen")
    rollen = models.JSONField("rollen", default=list)
    aangekondigd_door = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True,
                                          related_name="+")
    aangemaakt_op = models.DateTimeField(auto_now_add=True)
    gekoppeld_aan = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                      related_name="+")
    gekoppeld_op = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = "aankondiging"
        verbose_name_plural = "aankondigingen"
        constraints = [models.UniqueConstraint(fields=["email", "bestuur"], name="aankondiging_uniek")]

    def __str__(self) -> str:
        return f"{self.email} → {self.bestuur}"
