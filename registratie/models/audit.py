"""Append-only audit trail of every change to register data (docs/adr/0003-audit.md)."""

from collections.abc import Iterable
from typing import Any

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from registratie.models import stand


class AuditQuerySet(models.QuerySet):
    """Append-only also for bulk operations: queryset.update() and .delete() are refused."""

    def bulk_create(self, objs, *args, **kwargs):
        regels = super().bulk_create(objs, *args, **kwargs)
        AuditRegel.na_invoer(regels)
        return regels

    def update(self, **kwargs):
        raise PermissionError("Auditregels kunnen niet worden gewijzigd.")

    def delete(self):
        raise PermissionError("Auditregels kunnen niet worden verwijderd.")


class AuditRegel(models.Model):
    """One change: who, when, which object, before and after; written in the same transaction."""

    class Actie(models.TextChoices):
        AANGEMAAKT = "aangemaakt", _("aangemaakt")
        GEWIJZIGD = "gewijzigd", _("gewijzigd")
        GEPLAND = "gepland", _("wijziging gepland")
        GEANNULEERD = "geannuleerd", _("geplande wijziging geannuleerd")
        BEEINDIGD = "beeindigd", _("beëindigd")
        VERWIJDERD = "verwijderd", _("verwijderd")
        # DUO corrects the past (formal history): ingangsdatum is when the corrected fact holds, tijdstip when
        # it was registered (docs/adr/0008-correcties.md).
        CORRECTIE = "correctie", _("correctie")

    tijdstip = models.DateTimeField("tijdstip", auto_now_add=True, db_index=True)
    gebruiker = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                  related_name="+")
    gebruikersnaam = models.CharField("door", max_length=200, help_text="Naam bewaard voor als de gebruiker verdwijnt.")
    actie = models.CharField("actie", max_length=20, choices=Actie.choices)
    objecttype = models.CharField("objecttype", max_length=60)
    objectcode = models.CharField("objectcode", max_length=80)
    bestuurcode = models.CharField("bestuurcode", max_length=7, blank=True)
    omschrijving = models.CharField("omschrijving", max_length=300)
    ingangsdatum = models.DateField("ingangsdatum", null=True, blank=True)
    reden = models.TextField("reden", blank=True, help_text="Waarom, bij een correctie.")
    voor = models.JSONField("voor", null=True, blank=True)
    na = models.JSONField("na", null=True, blank=True)

    objects = AuditQuerySet.as_manager()

    class Meta:
        verbose_name = "auditregel"
        verbose_name_plural = "audittrail"
        ordering = ["-tijdstip", "-id"]
        # Every change writes an entry, so each index costs every write. Two composites serve all reads (a
        # board's trail newest first, its attestation check; an object's history); single-column db_index
        # would add PostgreSQL's unused LIKE twins: 9 indexes where 5 do.
        indexes = [
            models.Index(fields=["bestuurcode", "tijdstip"], name="audit_bestuur_tijdstip"),
            models.Index(fields=["objecttype", "objectcode"], name="audit_object"),
        ]

    def __str__(self) -> str:
        return f"{self.tijdstip:%Y-%m-%d %H:%M} {self.gebruikersnaam} {self.actie} {self.objecttype} {self.objectcode}"

    def save(self, *args, **kwargs) -> None:
        if self.pk is not None:
            raise PermissionError("Auditregels kunnen niet worden gewijzigd.")
        super().save(*args, **kwargs)
        AuditRegel.na_invoer([self])

    @staticmethod
    def na_invoer(regels: Iterable["AuditRegel"]) -> None:
        """Every way an entry is written ends here (save, bulk_create, bulk.schrijf_nieuw's COPY): the boards'
        change counters go up in the same transaction, so their cached screens are not served again."""
        stand.verhoog(regel.bestuurcode or stand.ALGEMEEN for regel in regels)

    @staticmethod
    def na_invoer_waarden(rijen: Iterable[dict[str, Any]]) -> None:
        """The same for entries written from their field values (bulk.schrijf_waarden)."""
        stand.verhoog(rij.get("bestuurcode") or stand.ALGEMEEN for rij in rijen)

    def delete(self, *args, **kwargs):
        raise PermissionError("Auditregels kunnen niet worden verwijderd.")

    def wijzigingen(self) -> list[tuple[str, object, object]]:
        """(veld, voor, na) for every field that differs, for display."""
        voor, na = self.voor or {}, self.na or {}
        return [(k, voor.get(k), na.get(k)) for k in sorted(set(voor) | set(na)) if voor.get(k) != na.get(k)]
