"""WAAR: onderwijslocatie (one per address) and onderwijslocatiegebruik (bestuur × locatie), §1.7-1.8."""

from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models

from kern.urls import link
from registratie.models.base import Levensduur, Periode
from registratie.models.juridisch import Vestigingserkenning
from registratie.models.organisatie import Onderwijsbestuur

locatiecode_validator = RegexValidator(r"^[0-9]{3}X[0-9]{3}$", "Een onderwijslocatiecode heeft de vorm 999X999.")
postcode_validator = RegexValidator(
    r"^[1-9][0-9]{3}[A-Z]{2}$", "Vul een postcode in als 1234 AB: vier cijfers (niet beginnend met 0) en twee letters."
)

bag_id_validator = RegexValidator(r"^[0-9]{16}$", "Een BAG-id (nummeraanduiding) is 16 cijfers.")


def toon_postcode(postcode: str) -> str:
    """1234AB → '1234 AB' (stored without space, shown with one: rule 2)."""
    return f"{postcode[:4]} {postcode[4:]}" if len(postcode) == 6 else postcode


class Onderwijslocatie(models.Model):
    """An address where education is given; shared by every board that uses it."""

    code = models.CharField("onderwijslocatiecode", max_length=7, unique=True, validators=[locatiecode_validator])
    postcode = models.CharField("postcode", max_length=6, validators=[postcode_validator])
    huisnummer = models.PositiveIntegerField(
        "huisnummer", validators=[MinValueValidator(1), MaxValueValidator(99999)]
    )
    huisnummertoevoeging = models.CharField("huisnummertoevoeging", max_length=6, blank=True)
    straatnaam = models.CharField("straatnaam", max_length=80, blank=True)
    plaatsnaam = models.CharField("plaatsnaam", max_length=40, blank=True)
    # The BAG nummeraanduiding of the address, where the address service knew it (issue 18 §3; rio-po.md §1.7).
    bag_id = models.CharField("BAG-id", max_length=16, blank=True, validators=[bag_id_validator])

    class Meta:
        verbose_name = "onderwijslocatie"
        verbose_name_plural = "onderwijslocaties"
        ordering = ["code"]
        constraints = [
            models.UniqueConstraint(
                fields=["postcode", "huisnummer", "huisnummertoevoeging"], name="locatie_uniek_adres"
            )
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.adres}"

    @property
    def postcode_weergave(self) -> str:
        return toon_postcode(self.postcode)

    @property
    def adres(self) -> str:
        nummer = f"{self.huisnummer}{'-' + self.huisnummertoevoeging if self.huisnummertoevoeging else ''}"
        straat = f"{self.straatnaam} {nummer}".strip()
        return f"{straat}, {self.postcode_weergave} {self.plaatsnaam}".strip().rstrip(",")


class Onderwijslocatiegebruik(Levensduur):
    """A board uses a locatie from begindatum (inBedrijf) to einddatum (uitBedrijf); one per pair (rule 9)."""

    bestuur = models.ForeignKey(Onderwijsbestuur, on_delete=models.PROTECT, related_name="locatiegebruiken")
    locatie = models.ForeignKey(Onderwijslocatie, on_delete=models.PROTECT, related_name="gebruiken")
    eigen_sleutel = models.CharField("eigen sleutel", max_length=60, blank=True)

    class Meta:
        verbose_name = "onderwijslocatiegebruik"
        verbose_name_plural = "onderwijslocatiegebruiken"
        ordering = ["locatie__code"]
        constraints = [
            models.UniqueConstraint(fields=["bestuur", "locatie"], name="locatiegebruik_uniek_per_bestuur")
        ]

    def __str__(self) -> str:
        return f"{self.bestuur.code}-{self.locatie.code}"

    URL_NAAM = "registratie:locatiegebruik"  # also for kern.urls.linker, which fills in many of them at once (the tree)

    def get_absolute_url(self) -> str:
        return link(self.URL_NAAM, self.code)

    @property
    def code(self) -> str:
        """RIO's (LOD) identifier of a gebruik: <bestuurcode>-<locatiecode>."""
        return f"{self.bestuur.code}-{self.locatie.code}"


class Vestigingsrelatie(Periode):
    """JuridischeOnderwijslocatiegebruikRelatie: gebruik → BRIN6 vestigingserkenning, dated."""

    gebruik = models.ForeignKey(Onderwijslocatiegebruik, on_delete=models.CASCADE, related_name="vestigingsrelaties")
    vestiging = models.ForeignKey(Vestigingserkenning, on_delete=models.PROTECT, related_name="gebruik_relaties")

    class Meta(Periode.Meta):
        verbose_name = "vestigingsrelatie (BRIN6)"
        verbose_name_plural = "vestigingsrelaties (BRIN6)"

    def __str__(self) -> str:
        return f"{self.gebruik} → {self.vestiging.code}"
