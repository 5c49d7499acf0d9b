"""Controle: attestations ("gegevens gecontroleerd") and background export jobs (docs/adr/0004-controleregels.md)."""

import uuid

from django.conf import settings
from django.core.validators import MaxValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from registratie.models import AuditRegel, Onderwijsbestuur


class Attestatie(models.Model):
    """Someone of the board stated that the registration was checked, at a moment and with a result.

    It holds until the board's data change: any audit entry of the board written after
    ``auditregel`` (the attestation's own entry) makes it outdated.
    """

    bestuur = models.ForeignKey(Onderwijsbestuur, on_delete=models.CASCADE, related_name="attestaties")
    gebruiker = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                  related_name="+")
    gebruikersnaam = models.CharField("gecontroleerd door", max_length=200,
                                      help_text="Naam bewaard voor als de gebruiker verdwijnt.")
    tijdstip = models.DateTimeField("tijdstip", auto_now_add=True)
    peildatum = models.DateField("peildatum")
    score = models.PositiveSmallIntegerField("score (%)", validators=[MaxValueValidator(100)])
    aantal_fouten = models.PositiveIntegerField("aantal fouten", default=0)
    aantal_waarschuwingen = models.PositiveIntegerField("aantal waarschuwingen", default=0)
    auditregel = models.OneToOneField(AuditRegel, on_delete=models.PROTECT, null=True, blank=True,
                                      related_name="+", help_text="De auditregel van deze attestatie zelf.")

    class Meta:
        verbose_name = "attestatie"
        verbose_name_plural = "attestaties"
        ordering = ["-tijdstip", "-id"]

    def __str__(self) -> str:
        return f"{self.bestuur} gecontroleerd door {self.gebruikersnaam} op {self.tijdstip:%d-%m-%Y %H:%M}"


class Exportopdracht(models.Model):
    """A control file written in the background by the task worker (national file for DUO)."""

    class Status(models.TextChoices):
        WACHTRIJ = "wachtrij", _("in de wachtrij")
        BEZIG = "bezig", _("bezig")
        KLAAR = "klaar", _("klaar")
        MISLUKT = "mislukt", _("mislukt")

    class Formaat(models.TextChoices):
        XLSX = "xlsx", _("Excel (xlsx)")
        ZIP = "zip", _("CSV-bestanden (zip)")

    # A random id: the address of a job (and its file) cannot be guessed from another one.
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    formaat = models.CharField("formaat", max_length=4, choices=Formaat.choices, default=Formaat.XLSX)
    peildatum = models.DateField("peildatum")
    status = models.CharField("status", max_length=10, choices=Status.choices, default=Status.WACHTRIJ)
    voortgang = models.PositiveSmallIntegerField("voortgang (%)", default=0, validators=[MaxValueValidator(100)])
    bestandsnaam = models.CharField("bestand", max_length=200, blank=True,
                                    help_text="Naam in de exportopslag (storages['exports']); leeg tot het "
                                              "bestand klaar is.")
    basis_url = models.CharField("basisadres van het portaal", max_length=300, blank=True,
                                 help_text="Voor volledige herstellinks in het bestand (uit het verzoek).")
    aangevraagd_door = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True,
                                         blank=True, related_name="+")
    aangevraagd_op = models.DateTimeField("aangevraagd op", auto_now_add=True)
    gestart_op = models.DateTimeField("gestart op", null=True, blank=True)
    klaar_op = models.DateTimeField("klaar op", null=True, blank=True)
    foutmelding = models.TextField("foutmelding", blank=True)
    taak_id = models.CharField("taak-id", max_length=64, blank=True)

    class Meta:
        verbose_name = "exportopdracht"
        verbose_name_plural = "exportopdrachten"
        ordering = ["-aangevraagd_op"]

    def __str__(self) -> str:
        return f"Landelijk controlebestand {self.peildatum:%d-%m-%Y} ({self.get_formaat_display()}): {self.status}"

    @property
    def is_klaar(self) -> bool:
        return self.status == self.Status.KLAAR and bool(self.bestandsnaam)

    @property
    def downloadnaam(self) -> str:
        return f"controlebestand-landelijk-{self.peildatum:%Y%m%d}.{self.formaat}"


class Exportbestand(models.Model):
    """A file in the database storage of exports (controle.opslag.DatabaseOpslag); its content is in blocks."""

    naam = models.CharField("naam", max_length=200, unique=True)
    grootte = models.BigIntegerField("grootte (bytes)")
    aangemaakt = models.DateTimeField("aangemaakt", auto_now_add=True)

    class Meta:
        verbose_name = "exportbestand"
        verbose_name_plural = "exportbestanden"

    def __str__(self) -> str:
        return self.naam


class Exportblok(models.Model):
    """One block (at most 1 MiB) of an Exportbestand, in order of ``volgnummer``."""

    bestand = models.ForeignKey(Exportbestand, on_delete=models.CASCADE, related_name="blokken")
    volgnummer = models.PositiveIntegerField("volgnummer")
    data = models.BinaryField("inhoud")

    class Meta:
        verbose_name = "exportblok"
        verbose_name_plural = "exportblokken"
        constraints = [models.UniqueConstraint(fields=["bestand", "volgnummer"], name="exportblok_uniek_volgnummer")]

    def __str__(self) -> str:
        return f"{self.bestand_id} #{self.volgnummer}"
