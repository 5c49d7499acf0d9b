"""OSR screens: the board's mandates per school (rio-po.md §4), and DUO's page for a system's API keys.

Reading needs any role for the board; changing needs OSR-toegang (Actie.BEHEREN_MANDATEN). Every object is
fetched through autorisatie.toegang; every change goes through a service in autorisatie/osr.py.
"""

from collections.abc import Callable
from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext, ngettext
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from autorisatie import osr, toegang
from autorisatie.forms_osr import (
    MandaatBeeindigenFormulier,
    MandaatKopierenFormulier,
    MandaatToevoegenFormulier,
    SleutelFormulier,
)
from autorisatie.models import ApiSleutel, Mandaat, Systeem
from autorisatie.toegang import Actie
from kern.formulieren import voer_uit_op
from kern.tijd import vandaag
from kern.views import peildatum_uit, voer_actie_uit
from kern.volgende import met_volgende, volgende_uit
from registratie.models import Onderwijsbestuur
from registratie.services.regels import datum

FORMULIER = "autorisatie/osr/formulier.html"


def _mandaat(request: HttpRequest, code: str, pk: int) -> Mandaat:
    qs = Mandaat.objects.filter(bestuur__code=code).select_related("bestuur", "instelling", "systeem__leverancier")
    return toegang.haal(qs, request.user, Actie.BEHEREN_MANDATEN, pk=pk)


def _overzicht_url(bestuur: Onderwijsbestuur) -> str:
    return reverse("autorisatie:mandaten", args=[bestuur.code])


def _verwerk(request: HttpRequest, formulier: forms.Form, actie: Callable[[dict], Any], succes: Callable[[Any], str]
             ) -> bool:
    """Valid form → service; a rule error goes back onto the form. True when saved."""
    if request.method != "POST" or not formulier.is_valid():
        return False
    resultaat = voer_uit_op(formulier, lambda: actie(formulier.cleaned_data))
    if resultaat is None:
        return False
    messages.success(request, succes(resultaat))
    return True


def _formulier(request: HttpRequest, bestuur: Onderwijsbestuur, formulier: forms.Form, **context: Any
               ) -> HttpResponse:
    return render(request, FORMULIER, {"bestuur": bestuur, "form": formulier, "terug": _overzicht_url(bestuur),
                                       "overzicht_url": _overzicht_url(bestuur), **context})


@require_safe
@login_required
def mandaten(request: HttpRequest, code: str) -> HttpResponse:
    """Per school: which system may exchange data for which dienst, and what needs attention."""
    bestuur = toegang.bestuur_voor(request.user, code, Actie.LEZEN)
    peildatum = peildatum_uit(request)
    # Opened from a fix link of the controle screen: "+ mandaat toevoegen" passes the way back on (same-site only).
    volgende = volgende_uit(request)
    return render(request, "autorisatie/osr/mandaten.html", {
        "bestuur": bestuur, "peildatum": peildatum, "overzicht": osr.mandaten_overzicht(bestuur, peildatum),
        "mag": toegang.rechten_op(request.user, bestuur), "binnenkort_dagen": osr.BINNENKORT_DAGEN,
        "nieuw_url": met_volgende(reverse("autorisatie:mandaat_nieuw", args=[bestuur.code]), volgende)
        if volgende else reverse("autorisatie:mandaat_nieuw", args=[bestuur.code])})


@require_http_methods(["GET", "HEAD", "POST"])
@login_required
def mandaat_nieuw(request: HttpRequest, code: str) -> HttpResponse:
    bestuur = toegang.bestuur_voor(request.user, code, Actie.BEHEREN_MANDATEN)
    vooraf = bestuur.bevoegd_gezag.instellingen.filter(code=request.GET.get("instelling", "")).first() \
        if bestuur.bevoegd_gezag_id else None
    formulier = MandaatToevoegenFormulier(request.POST if request.method == "POST" else None, bestuur=bestuur,
                                          peildatum=vandaag(), initial={"instelling": vooraf})
    if _verwerk(request, formulier, lambda d: osr.voeg_mandaat_toe(
            bestuur, d["instelling"], d["dienst"], d["systeem"], d["begindatum"], d.get("einddatum"),
            door=request.user),
            lambda m: gettext("Mandaat toegevoegd: %(systeem)s mag voor school %(school)s de dienst %(dienst)s "
                              "uitwisselen vanaf %(datum)s.") % {
                "systeem": m.systeem, "school": m.instelling.code, "dienst": m.get_dienst_display(),
                "datum": datum(m.begindatum)}):
        return redirect(volgende_uit(request) or _overzicht_url(bestuur))
    return _formulier(request, bestuur, formulier, titel=gettext("Mandaat toevoegen"),
                      knop=gettext("Mandaat toevoegen"),
                      terug=volgende_uit(request) or _overzicht_url(bestuur),
                      uitleg=gettext("Met een mandaat mag het systeem van uw leverancier namens één school (BRIN4) "
                                     "gegevens uitwisselen voor één dienst. Gebruiken vestigingen een ander systeem, "
                                     "dan is daarvoor een eigen mandaat nodig."))


@require_http_methods(["GET", "HEAD", "POST"])
@login_required
def mandaat_beeindigen(request: HttpRequest, code: str, pk: int) -> HttpResponse:
    mandaat = _mandaat(request, code, pk)
    formulier = MandaatBeeindigenFormulier(request.POST if request.method == "POST" else None)
    if _verwerk(request, formulier, lambda d: osr.beeindig_mandaat(mandaat, d["einddatum"], door=request.user),
                lambda m: gettext("Het mandaat van %(systeem)s voor school %(school)s (%(dienst)s) eindigt na "
                                  "%(datum)s.") % {"systeem": m.systeem, "school": m.instelling.code,
                                                   "dienst": m.get_dienst_display(), "datum": datum(m.einddatum)}):
        return redirect(_overzicht_url(mandaat.bestuur))
    return _formulier(request, mandaat.bestuur, formulier, mandaat=mandaat, titel=gettext("Mandaat beëindigen"),
                      knop=gettext("Mandaat beëindigen"), gevaarlijk=True,
                      uitleg=gettext("Na de laatste dag mag %(systeem)s voor school %(school)s geen gegevens meer "
                                     "uitwisselen voor %(dienst)s.") % {
                          "systeem": mandaat.systeem, "school": mandaat.instelling.code,
                          "dienst": mandaat.get_dienst_display()})


@require_http_methods(["GET", "HEAD", "POST"])
@login_required
def mandaat_kopieren(request: HttpRequest, code: str, pk: int) -> HttpResponse:
    mandaat = _mandaat(request, code, pk)
    formulier = MandaatKopierenFormulier(request.POST if request.method == "POST" else None, mandaat=mandaat,
                                         peildatum=vandaag())
    if _verwerk(request, formulier, lambda d: osr.kopieer_mandaat(mandaat, d["instellingen"], door=request.user),
                lambda kopieen: ngettext("Het mandaat is gekopieerd naar %(n)d school: %(scholen)s.",
                                         "Het mandaat is gekopieerd naar %(n)d scholen: %(scholen)s.", len(kopieen)) % {
                    "n": len(kopieen), "scholen": ", ".join(m.instelling.code for m in kopieen)}):
        return redirect(_overzicht_url(mandaat.bestuur))
    return _formulier(request, mandaat.bestuur, formulier, mandaat=mandaat, titel=gettext("Mandaat kopiëren"),
                      knop=gettext("Kopiëren naar de gekozen scholen"),
                      uitleg=gettext("Dezelfde dienst (%(dienst)s) en hetzelfde systeem (%(systeem)s) voor andere "
                                     "scholen van uw bestuur, vanaf vandaag of de begindatum van dit mandaat. Lukt "
                                     "het voor één school niet, dan wordt niets opgeslagen.") % {
                          "dienst": mandaat.get_dienst_display(), "systeem": mandaat.systeem})


# --- DUO functional administrators: the API keys of a supplier system ---------------------------------------

def _systeem(request: HttpRequest, pk: int) -> Systeem:
    toegang.vereis_functioneel_beheerder(request.user, f"Systeem {pk}")
    systeem = Systeem.objects.select_related("leverancier").filter(pk=pk).first()
    if systeem is None:
        raise Http404("Dit systeem bestaat niet.")
    return systeem


def _sleutels_pagina(request: HttpRequest, systeem: Systeem, formulier: SleutelFormulier,
                     nieuw: tuple[ApiSleutel, str] | None = None, status: int = 200) -> HttpResponse:
    antwoord = render(request, "autorisatie/osr/sleutels.html", {
        "systeem": systeem, "sleutels": systeem.sleutels.select_related("aangemaakt_door").order_by("-aangemaakt_op"),
        "form": formulier, "nieuw": nieuw}, status=status)
    antwoord["Cache-Control"] = "no-store"  # the page that shows a new key once must not be kept anywhere
    return antwoord


@require_http_methods(["GET", "HEAD", "POST"])
@login_required
def systeem_sleutels(request: HttpRequest, pk: int) -> HttpResponse:
    """The keys of one system; POST makes a new one and shows it on this response only."""
    systeem = _systeem(request, pk)
    if request.method != "POST":
        return _sleutels_pagina(request, systeem, SleutelFormulier())
    formulier = SleutelFormulier(request.POST)
    if not formulier.is_valid():
        return _sleutels_pagina(request, systeem, formulier)
    nieuw = voer_uit_op(formulier, lambda: osr.maak_api_sleutel(systeem, formulier.cleaned_data["omschrijving"],
                                                                 door=request.user))
    if nieuw is None:
        return _sleutels_pagina(request, systeem, formulier)
    return _sleutels_pagina(request, systeem, SleutelFormulier(), nieuw=nieuw)


@require_POST
@login_required
def sleutel_intrekken(request: HttpRequest, pk: int, sleutel_pk: int) -> HttpResponse:
    systeem = _systeem(request, pk)
    sleutel = systeem.sleutels.filter(pk=sleutel_pk).first()
    if sleutel is None:
        raise Http404("Deze sleutel bestaat niet.")
    voer_actie_uit(request, lambda: osr.trek_sleutel_in(sleutel, door=request.user),
                   gettext("Sleutel %(prefix)s… is ingetrokken; de API weigert hem vanaf nu.") % {
                       "prefix": sleutel.prefix})
    return redirect("autorisatie:systeem_sleutels", pk=systeem.pk)
