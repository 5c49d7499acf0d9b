"""Samenwerkingsverband passend onderwijs (rio-po.md §1.12): a Samenwerkingserkenning with a soort and a region,
and the boards that are its members, dated. Kept by DUO's functional administrators (docs/adr/0012)."""

from django.core.validators import RegexValidator
from django.db import models
from django.db.models import F, Q

from kern.geldigheid import Geldigheid

# DUO writes a samenwerkingsverband's code as "PO 20-01" (sector, region, number); the portal stores it without
# spaces and dash, "PO2001". The sources give no format (rio-po.md §10), so this is the portal's choice.
swv_code_validator = RegexValidator(r"^(PO|VO)\d{4}\Z", "Een code is PO of VO en vier cijfers, zoals PO2001.")
postcodecijfers_validator = RegexValidator(r"^[1-9]\d{3}\Z", "Een postcodegebied is vier cijfers, zoals 3511.")


class Samenwerkingssoort(models.TextChoices):
    """ErkendeSamenwerkingssoort (X9); the meanings are not in the sources (rio-po.md §10), SWPO looks like PO."""

    EOZ = "EOZ", "EOZ"
    PAPO = "PAPO", "PAPO"
    PAVO = "PAVO", "PAVO"
    REC = "REC", "REC"
    RMC = "RMC", "RMC"
    SWC = "SWC", "SWC"
    SWOP = "SWOP", "SWOP"
    SWPO = "SWPO", "SWPO (samenwerkingsverband passend onderwijs PO)"
    SWVO = "SWVO", "SWVO"
    ZWV = "ZWV", "ZWV"


class Samenwerkingsverband(models.Model):
    code = models.CharField("code", max_length=6, unique=True, validators=[swv_code_validator])
    naam = models.CharField("naam", max_length=120)
    soort = models.CharField("soort", max_length=4, choices=Samenwerkingssoort.choices, default=Samenwerkingssoort.SWPO)
    # RegioErkendeSamenwerking: the 4-digit postcode areas of the region.
    regio = models.JSONField("regio (postcodegebieden)", default=list, blank=True)
    aangemaakt_op = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "samenwerkingsverband"
        verbose_name_plural = "samenwerkingsverbanden"
        ordering = ["code"]

    def __str__(self) -> str:
        return f"{self.code} {self.naam}"


class Lidmaatschap(Geldigheid, models.Model):
    """A board is a member of a samenwerkingsverband from begindatum until and including einddatum (ADR 0001)."""

    samenwerkingsverband = models.ForeignKey(Samenwerkingsverband, on_delete=models.CASCADE,
                                             related_name="lidmaatschappen")
    bestuur = models.ForeignKey("registratie.Onderwijsbestuur", on_delete=models.PROTECT,
                                related_name="lidmaatschappen")
    begindatum = models.DateField("begindatum")
    einddatum = models.DateField("einddatum", null=True, blank=True, help_text="Laatste dag (inclusief).")

    class Meta:
        verbose_name = "lidmaatschap"
        verbose_name_plural = "lidmaatschappen"
        ordering = ["samenwerkingsverband", "bestuur__code", "begindatum"]
        constraints = [
            models.CheckConstraint(condition=Q(einddatum__isnull=True) | Q(einddatum__gte=F("begindatum")),
                                   name="lidmaatschap_einde_na_begin"),
        ]

    def __str__(self) -> str:
        return f"{self.bestuur.code} in {self.samenwerkingsverband.code}"
