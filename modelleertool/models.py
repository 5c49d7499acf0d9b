"""A blauwdruk (modelleertool, rio-po.md §5): a board's draft of its organisation, kept as a concept until it
is applied to the register in one step or discarded. The content is JSON (modelleertool.inhoud);
the row itself records who made, applied or discarded it and when."""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from registratie.models.organisatie import Onderwijsbestuur


class Blauwdruk(models.Model):
    class Status(models.TextChoices):
        CONCEPT = "concept", _("concept")
        TOEGEPAST = "toegepast", _("toegepast")
        VERWORPEN = "verworpen", _("verworpen")

    class Bron(models.TextChoices):
        UPLOAD = "upload", _("geüpload bestand")
        BROWSER = "browser", _("gemaakt in de browser")

    bestuur = models.ForeignKey(Onderwijsbestuur, on_delete=models.CASCADE, related_name="blauwdrukken")
    naam = models.CharField("naam", max_length=200, blank=True)
    status = models.CharField("status", max_length=10, choices=Status.choices, default=Status.CONCEPT)
    bron = models.CharField("bron", max_length=10, choices=Bron.choices, default=Bron.UPLOAD)
    bestandsnaam = models.CharField("bestandsnaam", max_length=255, blank=True)
    inhoud = models.JSONField("inhoud")
    waarschuwingen = models.JSONField("waarschuwingen bij het inlezen", default=list, blank=True)
    aangemaakt_door = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                        related_name="+")
    aangemaakt_door_naam = models.CharField("aangemaakt door", max_length=200, blank=True)
    aangemaakt_op = models.DateTimeField("aangemaakt op", auto_now_add=True)
    toegepast_door = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                       related_name="+")
    toegepast_door_naam = models.CharField("toegepast door", max_length=200, blank=True)
    toegepast_op = models.DateTimeField("toegepast op", null=True, blank=True)
    ingangsdatum = models.DateField("ingangsdatum", null=True, blank=True,
                                    help_text="De datum waarop de toegepaste blauwdruk ingaat.")
    verworpen_door = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                       related_name="+")
    verworpen_door_naam = models.CharField("verworpen door", max_length=200, blank=True)
    verworpen_op = models.DateTimeField("verworpen op", null=True, blank=True)

    class Meta:
        verbose_name = "blauwdruk"
        verbose_name_plural = "blauwdrukken"
        ordering = ["-aangemaakt_op", "-id"]
        db_table = "registratie_blauwdruk"  # the table predates this app (migration 0001 takes it over as is)

    def __str__(self) -> str:
        return f"Blauwdruk {self.pk} van {self.bestuur.code} ({self.status})"

    def get_absolute_url(self) -> str:
        return reverse("blauwdruk:voorbeeld", args=[self.bestuur.code, self.pk])

    @property
    def waarschuwingen_weergave(self) -> list[dict]:
        """The stored reading warnings in the active language. Newer ones keep their msgid and parameters
        (lezer.Probleem.naar_json); older ones only their Dutch text, shown as it is and marked Dutch (nl)."""
        return [{**w, "bericht": gettext(w["sjabloon"]) % w.get("parameters", {})} if w.get("sjabloon") else
                {**w, "nl": True} for w in self.waarschuwingen]

    @property
    def is_concept(self) -> bool:
        return self.status == self.Status.CONCEPT
