"""WAT/HOE: the opleiding catalogue and aangeboden opleidingen (BO/SO/VSO), rio-po.md §1.9-1.10a."""

import uuid

from django.db import models
from django.urls import reverse

from registratie.domein.enumeraties import Sector
from registratie.models.base import Periode, PeriodeHouder
from registratie.models.locatie import Onderwijslocatie
from registratie.models.organisatie import Onderwijsaanbieder


class Opleiding(models.Model):
    """An OCW opleiding a PO aanbieder can offer. DUO's real codes are not public: see data migration."""

    code = models.CharField("opleidingscode", max_length=9, unique=True)
    naam = models.CharField("naam", max_length=225)
    sector = models.CharField("sector", max_length=3, choices=[(s.value, s.label) for s in Sector])
    niveau = models.CharField("niveau", max_length=20)
    # Eerste onderwijs anderstaligen allows only doelgroep regulier basisonderwijs (§1.10a).
    toegestane_doelgroepen = models.CharField("toegestane doelgroepen", max_length=200, blank=True,
                                              help_text="Leeg = alle doelgroepen van de sector.")
    volgorde = models.PositiveSmallIntegerField(default=0)

    class Meta:
        verbose_name = "opleiding"
        verbose_name_plural = "opleidingen"
        ordering = ["sector", "volgorde", "naam"]

    def __str__(self) -> str:
        return f"{self.naam} ({self.niveau})"


class AangebodenOpleiding(PeriodeHouder):
    """An opleiding offered by one aanbieder, optionally at one locatie; code is a UUID."""

    code = models.UUIDField("aangeboden-opleidingcode", unique=True, default=uuid.uuid4, editable=False)
    aanbieder = models.ForeignKey(Onderwijsaanbieder, on_delete=models.PROTECT, related_name="aangeboden_opleidingen")
    opleiding = models.ForeignKey(Opleiding, on_delete=models.PROTECT, related_name="aangeboden")
    locatie = models.ForeignKey(
        Onderwijslocatie, on_delete=models.PROTECT, null=True, blank=True, related_name="aangeboden_opleidingen",
        help_text="Leeg voor onderwijs zonder vaste locatie (online).",
    )
    eerste_instroomdatum = models.DateField("eerste instroomdatum", null=True, blank=True)
    eigen_sleutel = models.CharField("eigen sleutel", max_length=60, blank=True)

    class Meta:
        verbose_name = "aangeboden opleiding"
        verbose_name_plural = "aangeboden opleidingen"
        ordering = ["begindatum", "code"]

    def __str__(self) -> str:
        return str(self.code)

    def get_absolute_url(self) -> str:
        return reverse("registratie:opleiding", args=[self.code])

    @property
    def sector(self) -> Sector:
        return Sector(self.opleiding.sector)

    @property
    def bestuur(self):
        return self.aanbieder.bestuur


class AangebodenOpleidingPeriode(Periode):
    aangeboden_opleiding = models.ForeignKey(AangebodenOpleiding, on_delete=models.CASCADE, related_name="perioden")
    eigen_naam = models.CharField("eigen naam", max_length=225, blank=True)
    internationale_naam = models.CharField("internationale naam", max_length=225, blank=True)
    omschrijving = models.TextField("omschrijving", max_length=3000, blank=True)
    # Rule 13: codes (999A999) of partner aanbieders (po-po or po-vo), each at most once per period.
    samenwerkende_aanbieders = models.JSONField("samenwerkende onderwijsaanbieders", default=list, blank=True)

    class Meta(Periode.Meta):
        verbose_name = "periode aangeboden opleiding"
        constraints = [
            models.UniqueConstraint(fields=["aangeboden_opleiding", "begindatum"], name="aoperiode_uniek_begin")
        ]

    @property
    def naam(self) -> str:
        return self.eigen_naam or self.aangeboden_opleiding.opleiding.naam

    def __str__(self) -> str:
        return self.naam


class Kenmerk(models.Model):
    """A kenmerk (name + enumeration value) of an aangeboden opleiding; validated by the domain service."""

    aangeboden_opleiding = models.ForeignKey(AangebodenOpleiding, on_delete=models.CASCADE, related_name="kenmerken")
    naam = models.CharField("kenmerknaam", max_length=50)
    waarde = models.CharField("waarde", max_length=70)

    class Meta:
        verbose_name = "kenmerk"
        verbose_name_plural = "kenmerken"
        ordering = ["naam", "waarde"]
        constraints = [
            models.UniqueConstraint(fields=["aangeboden_opleiding", "naam", "waarde"], name="kenmerk_uniek")
        ]

    def __str__(self) -> str:
        return f"{self.naam}={self.waarde}"
