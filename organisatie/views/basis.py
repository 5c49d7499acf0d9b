"""The form view of Mijn organisatie: it fetches its object through the access helper and calls a service."""

from datetime import date
from typing import Any

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.db.models import Model, QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views.generic import FormView

from autorisatie import toegang
from autorisatie.toegang import Actie
from kern.formulieren import voer_uit_op
from kern.volgende import volgende_uit
from registratie.services import correctie


class ServiceFormulierView(LoginRequiredMixin, FormView):
    """GET shows the form; POST parses it and hands it to a domain service; rule errors go back to the form."""

    template_name = "registratie/formulier.html"
    actie: Actie
    titel: str = ""
    knop: str = _("Opslaan")
    uitleg: str = ""
    gevaarlijk: bool = False
    # Where the object comes from: haal_object fetches bron's row whose `sleutel` is the URL's, through toegang.
    bron: QuerySet[Any] | None = None
    sleutel: str = "code"

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        self.object = self.haal_object()
        return super().dispatch(request, *args, **kwargs)

    def haal_object(self) -> Model:
        if self.bron is None:
            raise NotImplementedError("Geef de view een bron of een eigen haal_object.")
        return self.haal(self.bron, **{self.sleutel: self.kwargs[self.sleutel]})

    def haal(self, qs, **lookup) -> Model:
        return toegang.haal(qs, self.request.user, self.actie, **lookup)

    @property
    def bestuur(self):
        return self.object.bestuur

    def formulier_kwargs(self) -> dict[str, Any]:
        return {}

    def get_form_kwargs(self) -> dict[str, Any]:
        return {**super().get_form_kwargs(), **self.formulier_kwargs()}

    def get_initial(self) -> dict[str, Any]:
        initial = super().get_initial()
        if hasattr(self.object, "versie"):
            initial["versie"] = self.object.versie
        return initial

    def voer_uit(self, form) -> Model:
        raise NotImplementedError

    def succesbericht(self, resultaat: Model) -> str:
        return gettext("De wijziging is opgeslagen.")

    def doel(self, resultaat: Model) -> str:
        return resultaat.get_absolute_url()

    def form_valid(self, form) -> HttpResponse:
        resultaat = voer_uit_op(form, lambda: self.voer_uit(form))
        if form.errors:  # refused: the reason is on the form now (form.errors, not None: a service may return None)
            return self.form_invalid(form)
        messages.success(self.request, self.succesbericht(resultaat))
        # Opened from a fix link of the controle screen: back to that screen (a same-site path only).
        return redirect(volgende_uit(self.request) or self.doel(resultaat))

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        return super().get_context_data(
            titel=self.titel, knop=self.knop, uitleg=self.uitleg, object=self.object, bestuur=self.bestuur,
            terug=volgende_uit(self.request) or self.object.get_absolute_url(), gevaarlijk=self.gevaarlijk, **kwargs)


class BestuurFormulierView(ServiceFormulierView):
    """A form about the board itself (its data, or a new aanbieder, groep or locatie under it): the board comes
    from toegang.bestuur_voor, the one way to get 'this board, for this action'."""

    def haal_object(self) -> Model:
        return toegang.bestuur_voor(self.request.user, self.kwargs["code"], self.actie)


def formele_historie(request: HttpRequest, obj: Model) -> dict[str, Any]:
    """Context for templates/registratie/_bekend_op.html: ``?bekend_op=JJJJ-MM-DD`` shows the object as the
    register knew it at the end of that day, before later corrections (ADR 0008); absent or invalid: nothing."""
    try:
        bekend_op = date.fromisoformat(request.GET.get("bekend_op", ""))
    except ValueError:
        return {"bekend_op": None, "bekend": None}
    return {"bekend_op": bekend_op, "bekend": correctie.bekend_op(obj, bekend_op)}
