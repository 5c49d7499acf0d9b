"""MET WIE: contactgegevens per communicatiecontext on bestuur, groep, aanbieder or begeleidingsaanbieder (rio-po.md
§2)."""

from django.db import models
from django.db.models import Q

from kern.urls import link
from registratie.domein.enumeraties import CONTEXT_KEUZES, CONTEXT_PER_CODE, Communicatiecontext
from registratie.models.base import Levensduur
from registratie.models.begeleiding import Onderwijsbegeleidingsaanbieder
from registratie.models.organisatie import Onderwijsaanbieder, Onderwijsaanbiedersgroep, Onderwijsbestuur


class Contactgegevens(Levensduur):
    """Contact details of one organisational unit for one communicatiecontext, dated."""

    bestuur = models.ForeignKey(Onderwijsbestuur, on_delete=models.CASCADE, null=True, blank=True,
                                related_name="contactgegevens")
    groep = models.ForeignKey(Onderwijsaanbiedersgroep, on_delete=models.CASCADE, null=True, blank=True,
                              related_name="contactgegevens")
    aanbieder = models.ForeignKey(Onderwijsaanbieder, on_delete=models.CASCADE, null=True, blank=True,
                                  related_name="contactgegevens")
    begeleidingsaanbieder = models.ForeignKey(Onderwijsbegeleidingsaanbieder, on_delete=models.CASCADE, null=True,
                                              blank=True, related_name="contactgegevens")
    context = models.CharField("communicatiecontext", max_length=30, choices=CONTEXT_KEUZES)
    afdeling = models.CharField("afdeling of functie", max_length=200, blank=True)
    toelichting = models.CharField("toelichting", max_length=200, blank=True)
    email = models.EmailField("e-mailadres", max_length=253, blank=True)
    telefoonnummer = models.CharField("telefoonnummer", max_length=22, blank=True)
    website = models.URLField("website", max_length=320, blank=True)
    bezoek_straatnaam = models.CharField("straatnaam", max_length=80, blank=True)
    bezoek_huisnummer = models.PositiveIntegerField("huisnummer", null=True, blank=True)
    bezoek_toevoeging = models.CharField("toevoeging", max_length=6, blank=True)
    bezoek_postcode = models.CharField("postcode", max_length=6, blank=True)
    bezoek_plaatsnaam = models.CharField("plaatsnaam", max_length=40, blank=True)
    post_straatnaam = models.CharField("straatnaam of Postbus", max_length=80, blank=True)
    post_huisnummer = models.PositiveIntegerField("huisnummer of postbusnummer", null=True, blank=True)
    post_toevoeging = models.CharField("toevoeging", max_length=6, blank=True)
    post_postcode = models.CharField("postcode", max_length=6, blank=True)
    post_plaatsnaam = models.CharField("plaatsnaam", max_length=40, blank=True)

    class Meta:
        verbose_name = "contactgegevens"
        verbose_name_plural = "contactgegevens"
        ordering = ["context", "begindatum"]
        constraints = [
            models.CheckConstraint(
                condition=(
                    Q(bestuur__isnull=False, groep__isnull=True, aanbieder__isnull=True,
                      begeleidingsaanbieder__isnull=True)
                    | Q(bestuur__isnull=True, groep__isnull=False, aanbieder__isnull=True,
                        begeleidingsaanbieder__isnull=True)
                    | Q(bestuur__isnull=True, groep__isnull=True, aanbieder__isnull=False,
                        begeleidingsaanbieder__isnull=True)
                    | Q(bestuur__isnull=True, groep__isnull=True, aanbieder__isnull=True,
                        begeleidingsaanbieder__isnull=False)
                ),
                name="contact_precies_een_eenheid",
            )
        ]

    def __str__(self) -> str:
        return f"{self.eenheid_code} {self.context}"

    def get_absolute_url(self) -> str:
        return link("registratie:contact", self.pk)

    @property
    def eenheid(self):
        return self.aanbieder or self.begeleidingsaanbieder or self.groep or self.bestuur

    @property
    def eenheid_code(self) -> str:
        return self.eenheid.code

    @property
    def communicatiecontext(self) -> Communicatiecontext:
        return CONTEXT_PER_CODE[self.context]

    @property
    def bestuur_van_eenheid(self) -> Onderwijsbestuur:
        return self.eenheid.bestuur
