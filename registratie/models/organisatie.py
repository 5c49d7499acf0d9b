"""Onderwijskundige werkelijkheid, WIE: bestuur, aanbiedersgroep, aanbieder (rio-po.md §1.3-1.5)."""

from django.core.validators import RegexValidator
from django.db import models

from kern.urls import link
from registratie.models.base import Periode, PeriodeHouder
from registratie.models.juridisch import BevoegdGezag, Instellingserkenning

bestuurcode_validator = RegexValidator(r"^[0-9]{3}B[0-9]{3}$", "Een onderwijsbestuurcode heeft de vorm 999B999.")
aanbiedercode_validator = RegexValidator(r"^[0-9]{3}A[0-9]{3}$", "Een onderwijsaanbiedercode heeft de vorm 999A999.")
groepcode_validator = RegexValidator(r"^[0-9]{3}G[0-9]{3}$", "Een groepcode heeft de vorm 999G999.")
kvk_validator = RegexValidator(r"^[0-9]{8}$", "Een KvK-nummer bestaat uit 8 cijfers.")
rsin_validator = RegexValidator(r"^[0-9]{9}$", "Een RSIN bestaat uit 9 cijfers.")


class Naamperiode(Periode):
    naam = models.CharField("naam", max_length=80)
    internationale_naam = models.CharField("internationale naam", max_length=225, blank=True)

    class Meta(Periode.Meta):
        abstract = True

    def __str__(self) -> str:
        return self.naam


class Onderwijsbestuur(PeriodeHouder):
    """The board (999B999); created by DUO from the bevoegd-gezagerkenning, never by the board itself."""

    code = models.CharField("onderwijsbestuurcode", max_length=7, unique=True, validators=[bestuurcode_validator])
    bevoegd_gezag = models.OneToOneField(
        BevoegdGezag, on_delete=models.PROTECT, null=True, blank=True, related_name="onderwijsbestuur"
    )
    kvk_nummer = models.CharField("KvK-nummer", max_length=8, blank=True, validators=[kvk_validator])
    rsin = models.CharField("RSIN", max_length=9, blank=True, validators=[rsin_validator])

    class Meta:
        verbose_name = "onderwijsbestuur"
        verbose_name_plural = "onderwijsbesturen"
        ordering = ["code"]

    def __str__(self) -> str:
        return self.code

    def get_absolute_url(self) -> str:
        return link("registratie:organisatie", self.code)

    @property
    def bestuur(self) -> "Onderwijsbestuur":
        return self


class BestuurPeriode(Naamperiode):
    bestuur = models.ForeignKey(Onderwijsbestuur, on_delete=models.CASCADE, related_name="perioden")

    class Meta(Naamperiode.Meta):
        verbose_name = "bestuursperiode"
        constraints = [models.UniqueConstraint(fields=["bestuur", "begindatum"], name="bestuurperiode_uniek_begin")]


class Onderwijsaanbiedersgroep(PeriodeHouder):
    code = models.CharField("groepcode", max_length=7, unique=True, validators=[groepcode_validator])
    bestuur = models.ForeignKey(Onderwijsbestuur, on_delete=models.PROTECT, related_name="groepen")

    class Meta:
        verbose_name = "onderwijsaanbiedersgroep"
        verbose_name_plural = "onderwijsaanbiedersgroepen"
        ordering = ["code"]

    def __str__(self) -> str:
        return self.code

    def get_absolute_url(self) -> str:
        return link("registratie:groep", self.code)


class GroepPeriode(Naamperiode):
    groep = models.ForeignKey(Onderwijsaanbiedersgroep, on_delete=models.CASCADE, related_name="perioden")

    class Meta(Naamperiode.Meta):
        verbose_name = "groepsperiode"
        constraints = [models.UniqueConstraint(fields=["groep", "begindatum"], name="groepperiode_uniek_begin")]


class Onderwijsaanbieder(PeriodeHouder):
    """The school as the outside world knows it (999A999); begindatum is the oprichtingsdatum."""

    code = models.CharField("onderwijsaanbiedercode", max_length=7, unique=True,
                            validators=[aanbiedercode_validator])
    bestuur = models.ForeignKey(Onderwijsbestuur, on_delete=models.PROTECT, related_name="aanbieders")
    groep = models.ForeignKey(
        Onderwijsaanbiedersgroep, on_delete=models.SET_NULL, null=True, blank=True, related_name="aanbieders"
    )
    eigen_sleutel = models.CharField("eigen sleutel", max_length=60, blank=True)

    class Meta:
        verbose_name = "onderwijsaanbieder"
        verbose_name_plural = "onderwijsaanbieders"
        ordering = ["code"]

    def __str__(self) -> str:
        return self.code

    URL_NAAM = "registratie:aanbieder"  # also for kern.urls.linker, which fills in many of them at once (the tree)

    def get_absolute_url(self) -> str:
        return link(self.URL_NAAM, self.code)


class AanbiederPeriode(Naamperiode):
    aanbieder = models.ForeignKey(Onderwijsaanbieder, on_delete=models.CASCADE, related_name="perioden")

    class Meta(Naamperiode.Meta):
        verbose_name = "aanbiederperiode"
        constraints = [
            models.UniqueConstraint(fields=["aanbieder", "begindatum"], name="aanbiederperiode_uniek_begin")
        ]


class JuridischeRelatie(Periode):
    """Aanbieder → BRIN4 instellingserkenning, dated (rule 8)."""

    aanbieder = models.ForeignKey(Onderwijsaanbieder, on_delete=models.CASCADE, related_name="juridische_relaties")
    instelling = models.ForeignKey(Instellingserkenning, on_delete=models.PROTECT, related_name="aanbieder_relaties")

    class Meta(Periode.Meta):
        verbose_name = "juridische relatie"
        verbose_name_plural = "juridische relaties"

    def __str__(self) -> str:
        return f"{self.aanbieder.code} → {self.instelling.code}"
