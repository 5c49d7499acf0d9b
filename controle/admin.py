"""Read-only admin views: attestations are part of the audit story and export jobs are written by the worker."""

from django.contrib import admin

from controle.models import Attestatie, Exportopdracht


class AlleenLezen(admin.ModelAdmin):
    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


@admin.register(Attestatie)
class AttestatieAdmin(AlleenLezen):
    list_display = ("bestuur", "gebruikersnaam", "tijdstip", "score", "aantal_fouten", "aantal_waarschuwingen")
    list_select_related = ("bestuur",)
    search_fields = ("bestuur__code", "gebruikersnaam")


@admin.register(Exportopdracht)
class ExportopdrachtAdmin(AlleenLezen):
    list_display = ("aangevraagd_op", "aangevraagd_door", "peildatum", "formaat", "status", "voortgang")
    list_filter = ("status", "formaat")
