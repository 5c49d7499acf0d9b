"""DUO's functional administrators keep the supplier catalogue here; mandates are read-only (a board changes
them in the portal, audited: docs/adr/0003) and API keys are made and revoked on the portal's key page."""

from django.contrib import admin
from django.db.models import Count, Q, QuerySet
from django.http import HttpRequest
from django.urls import reverse
from django.utils.html import format_html

from autorisatie.models import Leverancier, Mandaat, Systeem


class SysteemInline(admin.TabularInline):
    model = Systeem
    extra = 0
    fields = ("naam", "actief")
    show_change_link = True


@admin.register(Leverancier)
class LeverancierAdmin(admin.ModelAdmin):
    list_display = ("naam", "kvk_nummer", "aantal_systemen")
    search_fields = ("naam", "kvk_nummer")
    inlines = [SysteemInline]

    def get_queryset(self, request: HttpRequest) -> QuerySet[Leverancier]:
        return super().get_queryset(request).annotate(_systemen=Count("systemen"))

    @admin.display(description="systemen", ordering="_systemen")
    def aantal_systemen(self, obj: Leverancier) -> int:
        return obj._systemen


@admin.register(Systeem)
class SysteemAdmin(admin.ModelAdmin):
    list_display = ("naam", "leverancier", "actief", "geldige_sleutels")
    list_filter = ("actief", "leverancier")
    list_select_related = ("leverancier",)
    search_fields = ("naam", "leverancier__naam", "oin")
    readonly_fields = ("sleutels", "certificaat_sha256")

    def get_queryset(self, request: HttpRequest) -> QuerySet[Systeem]:
        return super().get_queryset(request).annotate(
            _sleutels=Count("sleutels", filter=Q(sleutels__ingetrokken_op__isnull=True)))

    @admin.display(description="geldige API-sleutels", ordering="_sleutels")
    def geldige_sleutels(self, obj: Systeem) -> int:
        return obj._sleutels

    @admin.display(description="API-sleutels")
    def sleutels(self, obj: Systeem) -> str:
        if obj.pk is None:
            return "Sla het systeem eerst op; daarna maakt u hier sleutels."
        return format_html('<a href="{}">API-sleutels bekijken, maken en intrekken</a>',
                           reverse("autorisatie:systeem_sleutels", args=[obj.pk]))


@admin.register(Mandaat)
class MandaatAdmin(admin.ModelAdmin):
    """Read-only: a board adds and ends its mandates in the portal, where every change is audited."""

    list_display = ("instelling", "bestuur", "dienst", "systeem", "begindatum", "einddatum", "aangemaakt_op")
    list_filter = ("dienst", "systeem__leverancier", "systeem")
    list_select_related = ("instelling", "bestuur", "systeem__leverancier")
    search_fields = ("instelling__code", "instelling__naam", "bestuur__code", "systeem__naam",
                     "systeem__leverancier__naam")
    date_hierarchy = "begindatum"

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Mandaat | None = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Mandaat | None = None) -> bool:
        return False
