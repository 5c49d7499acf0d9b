"""The Handelsregister (KvK) as last fetched for a bevoegd gezag: the fallback contact of rio-po.md §2.

A snapshot, not register data: the board does not enter it and cannot change it. It is written only by
``registratie.services.handelsregister`` (the management command ververs_handelsregister), never while a page
renders. Only the Basisprofiel of the legal person is kept: name, the hoofdvestiging's addresses, website,
phone and the dates of the registration; no owners, officers or other people (docs/handelsregister.md).
"""

from django.db import models

from registratie.models.juridisch import BevoegdGezag, kvk_nummer_validator
from registratie.models.locatie import toon_postcode


class Handelsregistergegevens(models.Model):
    bevoegd_gezag = models.OneToOneField(BevoegdGezag, on_delete=models.CASCADE, related_name="handelsregister")
    kvk_nummer = models.CharField("KvK-nummer", max_length=8, validators=[kvk_nummer_validator],
                                  help_text="Het nummer waarmee is opgehaald.")
    naam = models.CharField("naam in het Handelsregister", max_length=500, blank=True)
    bezoek_straatnaam = models.CharField("straatnaam bezoekadres", max_length=80, blank=True)
    bezoek_huisnummer = models.PositiveIntegerField("huisnummer bezoekadres", null=True, blank=True)
    bezoek_toevoeging = models.CharField("toevoeging bezoekadres", max_length=20, blank=True)
    bezoek_postcode = models.CharField("postcode bezoekadres", max_length=6, blank=True)
    bezoek_plaatsnaam = models.CharField("plaats bezoekadres", max_length=80, blank=True)
    post_straatnaam = models.CharField("straatnaam postadres", max_length=80, blank=True)
    post_huisnummer = models.PositiveIntegerField("huisnummer postadres", null=True, blank=True)
    post_toevoeging = models.CharField("toevoeging postadres", max_length=20, blank=True)
    post_postcode = models.CharField("postcode postadres", max_length=6, blank=True)
    post_plaatsnaam = models.CharField("plaats postadres", max_length=80, blank=True)
    website = models.CharField("website", max_length=320, blank=True)
    telefoonnummer = models.CharField("telefoonnummer", max_length=30, blank=True)
    datum_aanvang = models.DateField("inschrijving begonnen op", null=True, blank=True)
    datum_einde = models.DateField("inschrijving beëindigd op", null=True, blank=True)
    opgehaald_op = models.DateTimeField("opgehaald op")

    class Meta:
        verbose_name = "handelsregistergegevens"
        verbose_name_plural = "handelsregistergegevens"
        ordering = ["kvk_nummer"]

    def __str__(self) -> str:
        return f"KvK {self.kvk_nummer} {self.naam}"

    # The same names as Contactgegevens, so a screen shows either through one template.
    email = ""
    afdeling = ""

    @property
    def bezoekadres(self) -> str:
        return _adres(self.bezoek_straatnaam, self.bezoek_huisnummer, self.bezoek_toevoeging, self.bezoek_postcode,
                      self.bezoek_plaatsnaam)

    @property
    def postadres(self) -> str:
        return _adres(self.post_straatnaam, self.post_huisnummer, self.post_toevoeging, self.post_postcode,
                      self.post_plaatsnaam)

    @property
    def heeft_contact(self) -> bool:
        """Anything a reader can use to reach the board."""
        return bool(self.bezoekadres or self.postadres or self.website or self.telefoonnummer)


def _adres(straat: str, huisnummer: int | None, toevoeging: str, postcode: str, plaats: str) -> str:
    """As the control file writes a Contactgegevens address (controle.bestand): 'Straat 1-A, 1234 AB PLAATS'."""
    nummer = f"{huisnummer or ''}{'-' + toevoeging if toevoeging else ''}"
    regel1 = f"{straat} {nummer}".strip()
    regel2 = f"{toon_postcode(postcode)} {plaats}".strip()
    return ", ".join(d for d in (regel1, regel2) if d)


__all__ = ["Handelsregistergegevens"]
