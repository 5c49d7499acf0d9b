"""Onderwijsbegeleidingsaanbieder (999T999): a so/vso unit that supports pupils enrolled elsewhere (rio-po.md §1.6)."""

from django.core.validators import RegexValidator
from django.db import models

from kern.urls import link
from registratie.domein.enumeraties import EXPERTISE_BEGELEIDING
from registratie.models.base import Periode, PeriodeHouder
from registratie.models.juridisch import Instellingserkenning
from registratie.models.organisatie import Naamperiode, Onderwijsbestuur

begeleidingscode_validator = RegexValidator(
    r"^[0-9]{3}T[0-9]{3}$", "Een onderwijsbegeleidingsaanbiedercode heeft de vorm 999T999.")


class Onderwijsbegeleidingsaanbieder(PeriodeHouder):
    """Registered by a board of cluster 1 or 2 (so/vso); begindatum is the oprichtingsdatum, names live in periods,
    ``expertises`` holds codes of EXPERTISE_BEGELEIDING (at least one, checked by the service)."""

    code = models.CharField("onderwijsbegeleidingsaanbiedercode", max_length=7, unique=True,
                            validators=[begeleidingscode_validator])
    bestuur = models.ForeignKey(Onderwijsbestuur, on_delete=models.PROTECT, related_name="begeleidingsaanbieders")
    expertises = models.JSONField("expertise", default=list, blank=True)

    class Meta:
        verbose_name = "onderwijsbegeleidingsaanbieder"
        verbose_name_plural = "onderwijsbegeleidingsaanbieders"
        ordering = ["code"]

    def __str__(self) -> str:
        return self.code

    def get_absolute_url(self) -> str:
        return link("registratie:begeleidingsaanbieder", self.code)

    @property
    def expertise_labels(self) -> list[str]:
        return [w.label if (w := EXPERTISE_BEGELEIDING.waarde(c)) else c for c in self.expertises]


class BegeleidingPeriode(Naamperiode):
    begeleidingsaanbieder = models.ForeignKey(Onderwijsbegeleidingsaanbieder, on_delete=models.CASCADE,
                                              related_name="perioden")

    class Meta(Naamperiode.Meta):
        verbose_name = "begeleidingsaanbiederperiode"
        constraints = [models.UniqueConstraint(fields=["begeleidingsaanbieder", "begindatum"],
                                               name="begeleidingperiode_uniek_begin")]


class BegeleidingErkenning(Periode):
    """Begeleidingsaanbieder → its so/vso instellingserkenning (BRIN4), dated, as an aanbieder's juridische relatie."""

    begeleidingsaanbieder = models.ForeignKey(Onderwijsbegeleidingsaanbieder, on_delete=models.CASCADE,
                                              related_name="erkenningsrelaties")
    instelling = models.ForeignKey(Instellingserkenning, on_delete=models.PROTECT,
                                   related_name="begeleiding_relaties")

    class Meta(Periode.Meta):
        verbose_name = "erkenning van een begeleidingsaanbieder"
        verbose_name_plural = "erkenningen van begeleidingsaanbieders"

    def __str__(self) -> str:
        return f"{self.begeleidingsaanbieder.code} → {self.instelling.code}"
