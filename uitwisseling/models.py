"""Log of every call to the read API: which system, what, when, how many records (issue 4)."""

from django.db import models


class ApiAanroep(models.Model):
    tijdstip = models.DateTimeField("tijdstip", auto_now_add=True, db_index=True)
    systeem = models.ForeignKey("autorisatie.Systeem", on_delete=models.SET_NULL, null=True, blank=True,
                                related_name="aanroepen")
    sleutel = models.ForeignKey("autorisatie.ApiSleutel", on_delete=models.SET_NULL, null=True, blank=True,
                                related_name="aanroepen")
    methode = models.CharField("methode", max_length=10)
    pad = models.CharField("pad", max_length=300)
    operatie = models.CharField("operatie", max_length=80, blank=True)
    parameters = models.JSONField("parameters", default=dict, blank=True)
    formaat = models.CharField("formaat", max_length=10, default="json")
    statuscode = models.PositiveSmallIntegerField("statuscode")
    aantal = models.PositiveIntegerField("aantal records", default=0)
    melding = models.CharField("melding", max_length=300, blank=True)

    class Meta:
        verbose_name = "API-aanroep"
        verbose_name_plural = "API-aanroepen"
        ordering = ["-tijdstip", "-id"]

    def __str__(self) -> str:
        return f"{self.tijdstip:%Y-%m-%d %H:%M:%S} {self.systeem} {self.methode} {self.pad} {self.statuscode}"
