"""Juridische werkelijkheid: OCW erkenningen kept by DUO, read-only for boards (rio-po.md §1.11)."""

from django.core.validators import RegexValidator
from django.db import models

from kern.geldigheid import Geldigheid
from registratie.models.base import geldig_op

bevoegd_gezag_nummer_validator = RegexValidator(r"^[0-9]{5}$", "Een bevoegd-gezagnummer bestaat uit 5 cijfers.")
brin4_validator = RegexValidator(r"^[0-9]{2}[A-Z]{2}$", "Een BRIN (instellingscode) is 2 cijfers en 2 hoofdletters.")
brin6_validator = RegexValidator(
    r"^[0-9]{2}[A-Z]{2}[0-9]{2}$", "Een vestigingscode (BRIN6) is 2 cijfers, 2 hoofdletters en 2 cijfers."
)


class Erkenning(Geldigheid, models.Model):
    """Common fields of an erkenning; begindatum is unknown (null) for erkenningen of the first import."""

    naam = models.CharField("naam", max_length=120)
    begindatum = models.DateField("begindatum", null=True, blank=True)
    einddatum = models.DateField("einddatum", null=True, blank=True, help_text="Laatste dag (inclusief).")
    bijgewerkt_op = models.DateTimeField("bijgewerkt op", auto_now=True)

    class Meta:
        abstract = True


class BevoegdGezag(Erkenning):
    """Bevoegd-gezagerkenning (5 digits)."""

    nummer = models.CharField("bevoegd-gezagnummer", max_length=5, unique=True,
                              validators=[bevoegd_gezag_nummer_validator])

    class Meta:
        verbose_name = "bevoegd gezag"
        verbose_name_plural = "bevoegde gezagen"
        ordering = ["nummer"]

    def __str__(self) -> str:
        return f"{self.nummer} {self.naam}"


class Instellingserkenning(Erkenning):
    """Onderwijsinstellingserkenning (BRIN4), e.g. 21AZ."""

    class Soort(models.TextChoices):
        """What kind of school DUO recognised (rio-po.md §1.11); decides which opleidingen fit it."""

        BAO = "BAO", "basisschool (BAO)"
        SBO = "SBO", "speciale school voor basisonderwijs (SBO)"
        SO = "SO", "school voor speciaal onderwijs (SO)"
        VSO = "VSO", "school voor voortgezet speciaal onderwijs (VSO)"
        VSO_SO = "(V)SO", "school voor (voortgezet) speciaal onderwijs ((V)SO)"

    code = models.CharField("instellingscode (BRIN4)", max_length=4, unique=True, validators=[brin4_validator])
    bevoegd_gezag = models.ForeignKey(BevoegdGezag, on_delete=models.PROTECT, related_name="instellingen")
    denominatie = models.CharField("denominatie", max_length=80, blank=True)
    soort = models.CharField("soort primair onderwijs", max_length=5, choices=Soort.choices, blank=True,
                             help_text="Volgens DUO; leeg = onbekend.")

    class Meta:
        verbose_name = "instellingserkenning (BRIN4)"
        verbose_name_plural = "instellingserkenningen (BRIN4)"
        ordering = ["code"]

    def __str__(self) -> str:
        return f"{self.code} {self.naam}"


class Vestigingserkenning(Erkenning):
    """Vestigingserkenning (BRIN6): BRIN4 + volgnummer; 00 is the hoofdvestiging."""

    code = models.CharField("vestigingscode (BRIN6)", max_length=6, unique=True, validators=[brin6_validator])
    instelling = models.ForeignKey(Instellingserkenning, on_delete=models.PROTECT, related_name="vestigingen")
    straatnaam = models.CharField("straatnaam", max_length=80, blank=True)
    huisnummer = models.PositiveIntegerField("huisnummer", null=True, blank=True)
    huisnummertoevoeging = models.CharField("toevoeging", max_length=6, blank=True)
    postcode = models.CharField("postcode", max_length=6, blank=True)
    plaatsnaam = models.CharField("plaatsnaam", max_length=40, blank=True)
    gemeentenummer = models.CharField("gemeentenummer", max_length=4, blank=True)
    gemeentenaam = models.CharField("gemeentenaam", max_length=80, blank=True)
    telefoonnummer = models.CharField("telefoonnummer", max_length=22, blank=True)
    internetadres = models.CharField("internetadres", max_length=320, blank=True)

    class Meta:
        verbose_name = "vestigingserkenning (BRIN6)"
        verbose_name_plural = "vestigingserkenningen (BRIN6)"
        ordering = ["code"]

    def __str__(self) -> str:
        return f"{self.code} {self.naam}"

    @property
    def is_hoofdvestiging(self) -> bool:
        return self.code.endswith("00")


__all__ = ["BevoegdGezag", "Instellingserkenning", "Vestigingserkenning", "geldig_op"]
