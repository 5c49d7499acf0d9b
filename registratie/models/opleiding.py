"""WAT/HOE: the opleiding catalogue and aangeboden opleidingen (BO/SO/VSO), rio-po.md §1.9-1.10a."""

import uuid
from datetime import date

from django.db import models

from kern.urls import link
from registratie.domein.enumeraties import Sector
from registratie.models.base import Periode, PeriodeHouder
from registratie.models.locatie import Onderwijslocatie
from registratie.models.organisatie import Onderwijsaanbieder, Onderwijsbestuur


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
    # Samenwerkingsschool (docs/adr/0011): the bijbehorend bestuur that registered this offer and keeps it; empty
    # for the offers of the aanbieder's own (penvoerend) bestuur.
    samenwerkingsbestuur = models.ForeignKey(
        Onderwijsbestuur, on_delete=models.PROTECT, null=True, blank=True, related_name="gedeelde_opleidingen",
        verbose_name="geregistreerd door bijbehorend bestuur",
    )

    class Meta:
        verbose_name = "aangeboden opleiding"
        verbose_name_plural = "aangeboden opleidingen"
        ordering = ["begindatum", "code"]

    def __str__(self) -> str:
        return str(self.code)

    URL_NAAM = "registratie:opleiding"  # also for kern.urls.linker, which fills in many of them at once (the tree)

    def get_absolute_url(self) -> str:
        return link(self.URL_NAAM, self.code)

    @property
    def sector(self) -> Sector:
        return Sector(self.opleiding.sector)

    @property
    def bestuur(self) -> Onderwijsbestuur:
        """The board that keeps this offer: a bijbehorend bestuur for its own offers at a samenwerkingsschool,
        else the aanbieder's board."""
        if self.samenwerkingsbestuur_id is not None:
            return self.samenwerkingsbestuur
        return self.aanbieder.bestuur

    def kenmerken_op(self, peildatum: date, kenmerken: "list[Kenmerk] | None" = None) -> "list[Kenmerk]":
        """The kenmerken valid on peildatum; for an offer that has not started or has ended, the nearest set
        (first future, else last), as huidige_periode does for the names. ``kenmerken``: rows already loaded."""
        rijen = list(self.kenmerken.all()) if kenmerken is None else kenmerken
        geldig = [k for k in rijen if k.is_geldig_op(peildatum)]
        if geldig or not rijen:
            return geldig
        later = sorted({k.begindatum for k in rijen if k.begindatum > peildatum})
        begin = later[0] if later else max(k.begindatum for k in rijen)
        return [k for k in rijen if k.begindatum == begin]


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


class Kenmerk(Periode):
    """A kenmerk (name + enumeration value) of an aangeboden opleiding, valid from begindatum to (and including)
    einddatum; validated by the domain service. A change per ingangsdatum ends the whole set valid then and starts
    a new one, so the rows valid on one date always form one complete set."""

    aangeboden_opleiding = models.ForeignKey(AangebodenOpleiding, on_delete=models.CASCADE, related_name="kenmerken")
    naam = models.CharField("kenmerknaam", max_length=50)
    waarde = models.CharField("waarde", max_length=70)

    class Meta(Periode.Meta):
        verbose_name = "kenmerk"
        verbose_name_plural = "kenmerken"
        ordering = ["begindatum", "naam", "waarde"]
        constraints = [
            models.UniqueConstraint(fields=["aangeboden_opleiding", "naam", "waarde", "begindatum"],
                                    name="kenmerk_uniek_per_begin")
        ]

    def __str__(self) -> str:
        return f"{self.naam}={self.waarde}"
