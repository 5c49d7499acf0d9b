"""Read-only admin: support can see what someone set and which reminders went out; people change their own settings."""

from django.contrib import admin
from django.http import HttpRequest

from berichten.models import Berichtvoorkeur, VerstuurdeHerinnering


class Alleenlezen(admin.ModelAdmin):
    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False


@admin.register(Berichtvoorkeur)
class BerichtvoorkeurAdmin(Alleenlezen):
    list_display = ["gebruiker", "taal", "uitgezet", "bijgewerkt_op"]
    search_fields = ["gebruiker__username"]


@admin.register(VerstuurdeHerinnering)
class VerstuurdeHerinneringAdmin(Alleenlezen):
    list_display = ["soort", "onderwerp", "drempel", "gebruiker", "verstuurd_op"]
    list_filter = ["soort"]
    search_fields = ["onderwerp", "gebruiker__username"]
