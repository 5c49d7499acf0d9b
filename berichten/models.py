"""E-mail to people: what each person wants to receive (and in which language), and which reminders went out."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Soort(models.TextChoices):
    """The kinds of mail; each can be switched off on its own (Mijn e-mailberichten, or the link in the mail)."""

    ROLLEN = "rollen", _("Mijn rollen: een rol is toegekend, beëindigd of ingetrokken")
    MANDATEN = "mandaten", _("Beheerder PO: een OSR-mandaat eindigt binnen 30 dagen")
    ATTESTATIE = "attestatie", _("Beheerder PO: de gegevens van het bestuur moeten (opnieuw) gecontroleerd worden")


class Taal(models.TextChoices):
    NL = "nl", "Nederlands"
    EN = "en", "English"


class Berichtvoorkeur(models.Model):
    """A person's mail settings. No row means the defaults: every kind on, in Dutch."""

    gebruiker = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE,
                                     related_name="berichtvoorkeur")
    taal = models.CharField("taal van de berichten", max_length=2, choices=Taal.choices, default=Taal.NL)
    # The kinds the person switched off (values of Soort): a new kind is on for everyone until they switch it off.
    uitgezet = models.JSONField("uitgezette soorten", default=list, blank=True)
    bijgewerkt_op = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "berichtvoorkeur"
        verbose_name_plural = "berichtvoorkeuren"

    def __str__(self) -> str:
        return f"{self.gebruiker} ({self.taal})"

    def ontvangt(self, soort: str) -> bool:
        return soort not in self.uitgezet


class VerstuurdeHerinnering(models.Model):
    """A reminder that went to one person about one object at one threshold: the daily run sends it once."""

    soort = models.CharField("soort", max_length=20, choices=Soort.choices)
    onderwerp = models.CharField("over", max_length=60, help_text="Het object, bijvoorbeeld 'mandaat:12'.")
    drempel = models.CharField("drempel", max_length=60,
                               help_text="Wanneer, bijvoorbeeld '30 dagen voor 2027-01-31' of 'na attestatie 4'.")
    gebruiker = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    verstuurd_op = models.DateTimeField("verstuurd op", auto_now_add=True)

    class Meta:
        verbose_name = "verstuurde herinnering"
        verbose_name_plural = "verstuurde herinneringen"
        constraints = [models.UniqueConstraint(fields=["soort", "onderwerp", "drempel", "gebruiker"],
                                               name="herinnering_eenmaal")]

    def __str__(self) -> str:
        return f"{self.get_soort_display()} {self.onderwerp} ({self.drempel}) aan {self.gebruiker}"
