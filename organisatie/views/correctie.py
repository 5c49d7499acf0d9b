"""Corrigeren: a DUO functional administrator corrects the past of an object, with a reason.

Boards are refused the past by their services (rule 16) and told to ask DUO; this is where DUO does it. The
forms only parse input: registratie.services.correctie decides what is allowed and audits it.
"""

import uuid
from typing import Any

from django import forms
from django.db.models import Model, QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.utils.translation import gettext, gettext_lazy

from autorisatie import toegang
from autorisatie.toegang import Actie
from kern.formulieren import DatumVeld, VersieFormulier
from organisatie.views.basis import ServiceFormulierView, formele_historie
from registratie.models import (
    AangebodenOpleiding,
    Contactgegevens,
    Onderwijsaanbieder,
    Onderwijsaanbiedersgroep,
    Onderwijsbestuur,
    Onderwijslocatiegebruik,
)
from registratie.services import audit, correctie

# The soort in the URL, the objects it addresses and how the URL's code finds one.
SOORTEN: dict[str, tuple[QuerySet[Any], str]] = {
    "bestuur": (Onderwijsbestuur.objects.all(), "code"),
    "groep": (Onderwijsaanbiedersgroep.objects.select_related("bestuur"), "code"),
    "aanbieder": (Onderwijsaanbieder.objects.select_related("bestuur"), "code"),
    "locatiegebruik": (Onderwijslocatiegebruik.objects.select_related("bestuur", "locatie"), "code"),
    "opleiding": (AangebodenOpleiding.objects.select_related("aanbieder__bestuur"), "code"),
    "contact": (Contactgegevens.objects.select_related("bestuur", "groep__bestuur", "aanbieder__bestuur"), "pk"),
}
REDEN_HULP = gettext_lazy("Verplicht: waarop de correctie berust (besluit, melding, akte). Staat in de historie.")
ALLEEN_DUO = gettext_lazy("Het verleden corrigeert alleen een functioneel beheerder van DUO. Vraag DUO om een "
                          "correctie en geef de reden.")


def _lookup(soort: str, code: str) -> dict[str, Any]:
    """The filter for the URL's code; a malformed code is 'not found', never a server error."""
    if soort == "locatiegebruik":
        bestuurcode, _, locatiecode = code.partition("-")
        return {"bestuur__code": bestuurcode, "locatie__code": locatiecode}
    try:
        if soort == "opleiding":
            return {"code": uuid.UUID(code)}
        if soort == "contact":
            return {"pk": int(code)}
    except ValueError as fout:
        raise Http404("Geen geldige code.") from fout
    return {"code": code}


class LevensduurFormulier(VersieFormulier):
    begindatum = DatumVeld(label=gettext_lazy("Begindatum"))
    einddatum = DatumVeld(label=gettext_lazy("Einddatum"), required=False,
                          help_text=gettext_lazy("Laatste dag (inclusief); leeg: loopt door."))
    reden = forms.CharField(label=gettext_lazy("Reden van de correctie"), widget=forms.Textarea(attrs={"rows": 3}),
                            required=False,
                            help_text=REDEN_HULP)


class PeriodeFormulier(VersieFormulier):
    begindatum = DatumVeld(label=gettext_lazy("Begindatum van de periode"),
                           help_text=gettext_lazy("Een andere datum verschuift ook het einde van de vorige periode."))
    reden = forms.CharField(label=gettext_lazy("Reden van de correctie"), widget=forms.Textarea(attrs={"rows": 3}),
                            required=False,
                            help_text=REDEN_HULP)

    def __init__(self, *args: Any, velden: tuple[str, ...] = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        labels = {"naam": gettext("Naam"), "eigen_naam": gettext("Eigen naam"),
                  "internationale_naam": gettext("Internationale naam")}
        for veld in velden:
            self.fields[veld] = forms.CharField(label=labels[veld], max_length=300, required=False)
        self.order_fields(["begindatum", *velden, "reden"])


class Corrigeren(ServiceFormulierView):
    """The correction page of one object: its lifespan form, its periods and the object as known on a date."""

    template_name = "registratie/correctie.html"
    actie = Actie.LEZEN  # DUO sees every board; vereis_duo decides who may correct
    knop = gettext_lazy("Correctie opslaan")
    form_class = LevensduurFormulier

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if request.user.is_authenticated:
            toegang.vereis_duo(request.user, "correctie", request.path, ALLEEN_DUO, toets=toegang.is_duo)
        return super().dispatch(request, *args, **kwargs)

    @property
    def titel(self) -> str:  # type: ignore[override]
        return gettext("Corrigeren: %(soort)s %(code)s") % {"soort": self.object._meta.verbose_name,
                                                             "code": audit.objectcode(self.object)}

    uitleg = gettext_lazy("Een correctie wijzigt wat in het verleden is geregistreerd. De periode- en "
                          "levensduurregels blijven gelden; de oude registratie blijft zichtbaar in de historie "
                          "('bekend op').")

    def haal_object(self) -> Model:
        soort = self.kwargs["soort"]
        if soort not in SOORTEN:
            raise Http404("Onbekende soort object.")
        qs, _ = SOORTEN[soort]
        return self.haal(qs, **_lookup(soort, self.kwargs["code"]))

    @property
    def bestuur(self) -> Onderwijsbestuur:
        return correctie.bestuur_van(self.object)

    def get_initial(self) -> dict[str, Any]:
        return {**super().get_initial(), "begindatum": self.object.begindatum, "einddatum": self.object.einddatum}

    def voer_uit(self, form: forms.Form) -> Model:
        d = form.cleaned_data
        return correctie.corrigeer_levensduur(self.object, door=self.request.user, begindatum=d["begindatum"],
                                              einddatum=d["einddatum"], reden=d["reden"], versie=d["versie"])

    def succesbericht(self, resultaat: Model) -> str:
        return gettext("De correctie is opgeslagen en staat in de historie.")

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        return super().get_context_data(
            soort=self.kwargs["soort"], code=self.kwargs["code"],
            perioden=list(self.object.perioden.order_by("begindatum")) if hasattr(self.object, "perioden") else [],
            **formele_historie(self.request, self.object), **kwargs)


class PeriodeCorrigeren(Corrigeren):
    """A wrong value in one (past) period, or the boundary with the previous period."""

    form_class = PeriodeFormulier

    def haal_object(self) -> Model:
        houder = super().haal_object()
        if not hasattr(houder, "perioden"):
            raise Http404("Dit object heeft geen perioden.")
        self.periode = houder.perioden.filter(pk=self.kwargs["pk"]).first()
        if self.periode is None:
            raise Http404("Deze periode hoort niet bij dit object.")
        return houder

    @property
    def velden(self) -> tuple[str, ...]:
        return correctie.CORRIGEERBAAR[type(self.periode)]

    def formulier_kwargs(self) -> dict[str, Any]:
        return {"velden": self.velden}

    def get_initial(self) -> dict[str, Any]:
        return {"versie": self.object.versie, "begindatum": self.periode.begindatum,
                **{veld: getattr(self.periode, veld) for veld in self.velden}}

    def voer_uit(self, form: forms.Form) -> Model:
        d = form.cleaned_data
        return correctie.corrigeer_periode(self.periode, door=self.request.user, reden=d["reden"],
                                           begindatum=d["begindatum"], versie=d["versie"],
                                           **{veld: d[veld] for veld in self.velden})

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        return super().get_context_data(periode=self.periode, **kwargs)
