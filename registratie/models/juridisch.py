"""Juridische werkelijkheid: OCW erkenningen kept by DUO, read-only for boards (rio-po.md §1.11)."""

from django.core.validators import RegexValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

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


# The name of a bevoegd gezag that DUO's board list does not know; never an invented name (issue 18).
NAAM_ONBEKEND = "naam onbekend bij DUO"
kvk_nummer_validator = RegexValidator(r"^[0-9]{8}$", "Een KvK-nummer bestaat uit 8 cijfers.")


class BevoegdGezag(Erkenning):
    """Bevoegd-gezagerkenning (5 digits); name and KvK number as DUO publishes them, read-only."""

    nummer = models.CharField("bevoegd-gezagnummer", max_length=5, unique=True,
                              validators=[bevoegd_gezag_nummer_validator])
    kvk_nummer = models.CharField("KvK-nummer", max_length=8, blank=True, validators=[kvk_nummer_validator],
                                  help_text="Volgens DUO; leeg = onbekend.")

    class Meta:
        verbose_name = "bevoegd gezag"
        verbose_name_plural = "bevoegde gezagen"
        ordering = ["nummer"]

    def __str__(self) -> str:
        return f"{self.nummer} {self.naam}"

    @property
    def naam_bekend(self) -> bool:
        return self.naam != NAAM_ONBEKEND


class EerdereNaam(models.Model):
    """A name the bevoegd gezag carried before, as RIO lists it (undated: DUO's list gives no dates)."""

    bevoegd_gezag = models.ForeignKey(BevoegdGezag, on_delete=models.CASCADE, related_name="eerdere_namen")
    naam = models.CharField("naam", max_length=120)

    class Meta:
        verbose_name = "eerdere naam"
        verbose_name_plural = "eerdere namen"
        ordering = ["naam"]
        constraints = [models.UniqueConstraint(fields=["bevoegd_gezag", "naam"], name="eerdere_naam_uniek")]

    def __str__(self) -> str:
        return self.naam


class Instellingserkenning(Erkenning):
    """Onderwijsinstellingserkenning (BRIN4), e.g. 21AZ."""

    class Soort(models.TextChoices):
        """What kind of school DUO recognised (rio-po.md §1.11); decides which opleidingen fit it."""

        BAO = "BAO", _("basisschool (BAO)")
        SBO = "SBO", _("speciale school voor basisonderwijs (SBO)")
        SO = "SO", _("school voor speciaal onderwijs (SO)")
        VSO = "VSO", _("school voor voortgezet speciaal onderwijs (VSO)")
        VSO_SO = "(V)SO", _("school voor (voortgezet) speciaal onderwijs ((V)SO)")

    code = models.CharField("instellingscode (BRIN4)", max_length=4, unique=True, validators=[brin4_validator])
    bevoegd_gezag = models.ForeignKey(BevoegdGezag, on_delete=models.PROTECT, related_name="instellingen")
    denominatie = models.CharField("denominatie", max_length=80, blank=True)
    soort = models.CharField("soort primair onderwijs", max_length=5, choices=Soort.choices, blank=True,
                             help_text="Volgens DUO; leeg = onbekend.")
    cluster = models.CharField("cluster (SO/VSO)", max_length=7, blank=True,
                               help_text="Cluster 1-4 van een SO/VSO-school volgens DUO, bijvoorbeeld 3 of 3/4.")

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
    # DUO's latest count ("<5" for small numbers, as DUO writes it) and the year it is from.
    leerlingen = models.CharField("leerlingen (laatste telling)", max_length=6, blank=True)
    leerlingen_jaar = models.PositiveSmallIntegerField("jaar van de telling", null=True, blank=True)

    class Meta:
        verbose_name = "vestigingserkenning (BRIN6)"
        verbose_name_plural = "vestigingserkenningen (BRIN6)"
        ordering = ["code"]

    def __str__(self) -> str:
        return f"{self.code} {self.naam}"

    @property
    def is_hoofdvestiging(self) -> bool:
        return self.code.endswith("00")

    @property
    def leerlingen_tekst(self) -> str:
        """'312 leerlingen (2025)', 'minder dan 5 leerlingen (2025)', or '' when DUO gives no count."""
        if not self.leerlingen:
            return ""
        aantal = "minder dan 5" if self.leerlingen == "<5" else self.leerlingen
        return f"{aantal} leerlingen ({self.leerlingen_jaar})" if self.leerlingen_jaar else f"{aantal} leerlingen"


__all__ = ["NAAM_ONBEKEND", "BevoegdGezag", "EerdereNaam", "Instellingserkenning", "Vestigingserkenning", "geldig_op"]
