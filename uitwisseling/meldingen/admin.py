"""The functional administrator subscribes a system on its behalf and sees how deliveries go (docs/meldingen.md).

A new subscription gets a secret made by the portal, shown once in a message; the callback URL, the secret and the
filters cannot be changed afterwards (delete and subscribe again), so no edit bypasses the URL check. Deliveries
are read-only: they are the worker's record.
"""

from typing import Any

from django import forms
from django.contrib import admin, messages
from django.db.models import Count, Q, QuerySet
from django.http import HttpRequest

from uitwisseling.meldingen import services
from uitwisseling.meldingen.models import Abonnement, Aflevering

VELD_PER_API_NAAM = {"callbackUrl": "callback_url"}


class AbonnementForm(forms.ModelForm):
    objecttypen = forms.MultipleChoiceField(choices=[(t, t) for t in services.AUDIT_OBJECTTYPE], required=False,
                                            widget=forms.CheckboxSelectMultiple, help_text="Geen keuze: alle.")

    class Meta:
        model = Abonnement
        fields = ["systeem", "callback_url", "bestuurcode", "instellingscode", "objecttypen", "actief"]

    def clean(self) -> dict[str, Any]:
        gegevens = super().clean()
        if self.instance.pk is None and not self.errors:
            try:
                services.controleer(callback_url=gegevens.get("callback_url", ""), geheim=None,
                                    bestuurcode=gegevens.get("bestuurcode", "").upper(),
                                    instellingscode=gegevens.get("instellingscode", "").upper(),
                                    objecttypen=gegevens.get("objecttypen") or [])
            except services.OngeldigAbonnement as fout:
                self.add_error(VELD_PER_API_NAAM.get(fout.veld, fout.veld), fout.melding)
        return gegevens


@admin.register(Abonnement)
class AbonnementAdmin(admin.ModelAdmin):
    form = AbonnementForm
    list_display = ("systeem", "callback_url", "actief", "laatst_geslaagd_op", "fouten_op_rij", "laatste_fout",
                    "wachtend", "aantal_afgeleverd")
    list_filter = ("actief", "systeem__leverancier")
    list_select_related = ("systeem__leverancier",)
    search_fields = ("systeem__naam", "callback_url", "bestuurcode", "instellingscode")
    status_velden = ("publiek_id", "aangemaakt_op", "laatst_geslaagd_op", "laatst_mislukt_op", "laatste_fout",
                     "fouten_op_rij", "aantal_afgeleverd", "wachtend")

    def get_queryset(self, request: HttpRequest) -> QuerySet[Abonnement]:
        return super().get_queryset(request).annotate(
            _wachtend=Count("afleveringen", filter=Q(afleveringen__status=Aflevering.Status.WACHTEND)))

    @admin.display(description="wachtend", ordering="_wachtend")
    def wachtend(self, obj: Abonnement) -> int:
        return obj._wachtend if hasattr(obj, "_wachtend") else services.wachtend(obj)

    def get_form(self, request: HttpRequest, obj: Abonnement | None = None, change: bool = False,
                 **kwargs: Any) -> type[forms.ModelForm]:
        if obj is not None:  # only ``actief`` is editable: a plain form, without the add form's own fields
            kwargs["form"] = forms.ModelForm
        return super().get_form(request, obj, change, **kwargs)

    def get_fields(self, request: HttpRequest, obj: Abonnement | None = None) -> list[str]:
        basis = ["systeem", "callback_url", "bestuurcode", "instellingscode", "objecttypen", "actief"]
        return basis if obj is None else basis + list(self.status_velden)

    def get_readonly_fields(self, request: HttpRequest, obj: Abonnement | None = None) -> tuple[str, ...]:
        if obj is None:
            return ()
        return ("systeem", "callback_url", "bestuurcode", "instellingscode", "objecttypen", *self.status_velden)

    def save_model(self, request: HttpRequest, obj: Abonnement, form: forms.ModelForm, change: bool) -> None:
        if not change:
            geheim = services.nieuw_geheim()
            obj.geheim = geheim
            obj.bestuurcode = obj.bestuurcode.upper()
            obj.instellingscode = obj.instellingscode.upper()
            obj.gepland_tot = services.begin_cursor()
            messages.warning(request, f"Geheim voor de handtekening (wordt niet meer getoond; geef het veilig door "
                                      f"aan de leverancier): {geheim}")
        super().save_model(request, obj, form, change)


@admin.register(Aflevering)
class AfleveringAdmin(admin.ModelAdmin):
    list_display = ("event_id", "abonnement", "status", "pogingen", "volgende_poging_op", "afgeleverd_op",
                    "laatste_fout")
    list_filter = ("status", "abonnement__systeem")
    list_select_related = ("abonnement__systeem__leverancier",)
    search_fields = ("event_id",)
    readonly_fields = ("abonnement", "auditregel", "event_id", "status", "aangemaakt_op", "volgende_poging_op",
                       "pogingen", "afgeleverd_op", "laatste_fout")

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Aflevering | None = None) -> bool:
        return False
