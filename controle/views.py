"""Controle screens: checks per board, the control files, the attestation, and the national file for DUO.

Board pages go through the access helper (toegang.bestuur_voor), as every view. The national file spans
all boards and is for the DUO functioneel beheerder only: the superuser of docs/adr/0002-toegangsmodel.md.
"""

import tempfile
import uuid
from collections.abc import Collection
from dataclasses import dataclass

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.files.storage import storages
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext, gettext_lazy, ngettext
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from autorisatie import toegang
from autorisatie.toegang import Actie
from controle import bestand, gegevens, services
from controle.landelijk import start_landelijk_controlebestand
from controle.models import Exportopdracht
from controle.regels import Ernst, Signaal
from kern.download import download
from kern.formulieren import DatumVeld
from kern.fouten import RegelFout
from kern.fragmenten import Scherm, gecached_scherm
from kern.tijd import vandaag
from kern.views import peildatum_uit
from kern.volgende import met_volgende
from registratie.models import Onderwijsbestuur
from registratie.selectors import bestuursstand


@require_safe
@login_required
def overzicht(request: HttpRequest) -> HttpResponse:
    """The boards the person may check; DUO also gets the national file."""
    besturen = toegang.besturen(request.user).select_related("bevoegd_gezag").prefetch_related("perioden")
    pagina = Paginator(besturen.order_by("code"), 50).get_page(request.GET.get("pagina"))
    return render(request, "controle/overzicht.html", {"pagina": pagina, "is_duo": _is_duo(request)})


# The effective-contacts table has a row per aanbieder and context (8): pages of 100 aanbieders hold every real
# board (the largest has 55) and keep a very large one readable (bench/README.md). All rows are in the control
# file's sheet "Effectieve contacten".
EFFECTIEF_AANBIEDERS_PER_PAGINA = 100


@dataclass(frozen=True)
class Signaalregel:
    """One signal under its rule, with a fix link that brings the person back to this screen when saved."""

    signaal: Signaal
    herstel_url: str


def signalen_per_regel(resultaat: services.Controle, terug: str) -> list[tuple[services.Uitkomst, list[Signaalregel]]]:
    """The rules with signals, errors before warnings (in catalogue order), each with its signals per object."""
    uitkomsten = sorted((u for u in resultaat.uitkomsten if u.signalen), key=lambda u: u.regel.ernst != Ernst.FOUT)
    return [(u, [Signaalregel(s, met_volgende(s.herstel.url, terug) if s.herstel else "")
                 for s in sorted(u.signalen, key=lambda s: (s.object.volgorde, s.object.code))])
            for u in uitkomsten]


@require_safe
@login_required
def controle(request: HttpRequest, code: str) -> HttpResponse:
    # The access decision with only the id, code and rights: a cached body needs no more of the board; a body that
    # is built loads the board in full (one query more, on a miss only).
    bestuur = toegang.bestuur_met_rechten(request.user, code)
    recht = services.rechten(request.user, bestuur)
    leesbaar = toegang.leesbare_contexten(request.user, bestuur)
    is_duo = _is_duo(request)
    # Everything the body depends on besides today and the language (kern.fragmenten adds those): the data through
    # the boards' change counters, the person's rights and readable contexts, and the path (peildatum, page of the
    # contacts table; the fix links return to it).
    delen = (bestuur.code, bestuursstand(bestuur), request.get_full_path(), sorted(a for a, ja in recht.items() if ja),
             sorted(leesbaar), is_duo)
    titel, inhoud = gecached_scherm(request, "controle", delen,
                                    lambda csrf: _controle(request, gegevens.besturen_qs().get(pk=bestuur.pk), recht,
                                                          leesbaar, is_duo, csrf))
    return render(request, "gecached.html", {"titel": titel, "inhoud": inhoud})


def _controle(request: HttpRequest, bestuur: Onderwijsbestuur, recht: dict[str, bool], leesbaar: Collection[str],
              is_duo: bool, csrf_token: str) -> Scherm:
    """The controle screen's title and body, built from the register (what the cache keeps)."""
    peildatum = peildatum_uit(request)
    g = gegevens.laad_bestuur(bestuur, peildatum)
    resultaat = services.controleer(g)
    effectief_pagina = Paginator(services.relevante_aanbieders(g), EFFECTIEF_AANBIEDERS_PER_PAGINA).get_page(
        request.GET.get("pagina"))
    html = render_to_string("controle/controle.html", {
        "csrf_token": csrf_token,
        "bestuur": bestuur,
        "periode": bestuur.huidige_periode(peildatum),
        "peildatum": peildatum,
        "controle": resultaat,
        "per_regel": signalen_per_regel(resultaat, request.get_full_path()),
        # Folded by default: opened when the person pages through it.
        "effectief_open": "pagina" in request.GET,
        # Only the board's own people (and DUO) get this far; the restricted contexts only with RIO RPL context
        # instellingen or RIO beheren contactadres (toegang.leesbare_contexten), each with who else reads it.
        "effectief": [r for r in services.effectieve_contacten(g, effectief_pagina.object_list)
                      if r.context.code in leesbaar],
        "effectief_pagina": effectief_pagina,
        # The board's onderwijsbegeleidingsaanbieders (so/vso, rio-po.md §1.6), after the same fallback; a handful
        # at most, loaded with the registration, so on every page of the table and at no query per row.
        "effectief_begeleiders": [r for r in services.effectieve_begeleidingscontacten(g)
                                  if r.context.code in leesbaar],
        "stand": services.attestatiestand(bestuur),
        "mag": recht,
        "mag_attesteren": services.mag_attesteren(recht),
        "is_duo": is_duo,
    }, request)
    return gettext("Controle %(code)s") % {"code": bestuur.code}, html


@require_POST
@login_required
def gecontroleerd(request: HttpRequest, code: str) -> HttpResponse:
    """Record that the data were checked, with today's result (what the person just saw)."""
    bestuur = toegang.bestuur_voor(request.user, code, Actie.LEZEN, qs=gegevens.besturen_qs())
    services.vereis_attesteren(request.user, bestuur)
    resultaat = services.controleer(gegevens.laad_bestuur(bestuur, vandaag()))
    bevestigd = request.POST.get("bevestig_fouten", "")
    try:
        services.attesteer(resultaat, door=request.user,
                           bevestigde_fouten=int(bevestigd) if bevestigd.isdigit() else None)
    except RegelFout as fout:
        for bericht in fout.messages:
            messages.error(request, gettext("Niet vastgelegd. %(bericht)s") % {"bericht": bericht})
        return redirect("controle:bestuur", code=bestuur.code)
    n = resultaat.aantal_fouten
    open_fouten = ngettext(", met %(n)d open fout", ", met %(n)d open fouten", n) % {"n": n} if n else ""
    messages.success(request, gettext("Vastgelegd: de gegevens van bestuur %(code)s zijn gecontroleerd (score "
                                      "%(score)s%%%(open_fouten)s). Dit blijft staan tot de gegevens wijzigen.") % {
        "code": bestuur.code, "score": resultaat.score, "open_fouten": open_fouten})
    return redirect("controle:bestuur", code=bestuur.code)


@require_safe
@login_required
def controlebestand(request: HttpRequest, code: str, formaat: str) -> HttpResponse:
    """One board's control file, written straight into the response (fast: well under a second)."""
    bestuur = toegang.bestuur_voor(request.user, code, Actie.LEZEN, qs=gegevens.besturen_qs())
    peildatum = peildatum_uit(request)
    uitvoer = tempfile.SpooledTemporaryFile(max_size=8 << 20)  # noqa: SIM115 (FileResponse closes it)
    # A file of the Dutch register: Dutch headers and signal texts in any UI language, as the national file
    # (written by the worker) and the README's "Talen" say.
    with translation.override("nl"):
        resultaat = services.controleer(gegevens.laad_bestuur(bestuur, peildatum))
        bestand.schrijf([resultaat], formaat, uitvoer, basis_url=_basis_url(request),
                        contexten=toegang.leesbare_contexten(request.user, bestuur))
    uitvoer.seek(0)
    return download(uitvoer, f"controlebestand-{bestuur.code}-{peildatum:%Y%m%d}.{formaat}", formaat)


def _basis_url(request: HttpRequest) -> str:
    return request.build_absolute_uri("/").rstrip("/")


# --- National control file (DUO) --------------------------------------------------------------------------

def _is_duo(request: HttpRequest) -> bool:
    return toegang.is_duo(request.user)


def _vereis_duo(request: HttpRequest) -> None:
    """All boards at once is DUO's view (superuser, ADR 0002); anyone else gets a logged 403."""
    toegang.vereis_duo(request.user, "landelijk_controlebestand", request.path,
                       "Het landelijke controlebestand is alleen voor functioneel beheer van DUO.",
                       toets=toegang.is_duo)


class LandelijkFormulier(forms.Form):
    peildatum = DatumVeld(label=gettext_lazy("Peildatum"),
                          help_text=gettext_lazy("De stand van alle besturen op deze datum."))
    formaat = forms.ChoiceField(label=gettext_lazy("Formaat"), choices=Exportopdracht.Formaat.choices,
                                initial=Exportopdracht.Formaat.XLSX, widget=forms.RadioSelect)


@require_http_methods(["GET", "HEAD", "POST"])
@login_required
def landelijk(request: HttpRequest) -> HttpResponse:
    _vereis_duo(request)
    formulier = LandelijkFormulier(request.POST or None, initial={"peildatum": vandaag()})
    if request.method == "POST" and formulier.is_valid():
        opdracht = start_landelijk_controlebestand(
            formaat=formulier.cleaned_data["formaat"], peildatum=formulier.cleaned_data["peildatum"],
            door=request.user, basis_url=_basis_url(request))
        messages.success(request, gettext("Het landelijke controlebestand wordt gemaakt. U kunt deze pagina open "
                                          "laten of later terugkomen."))
        return redirect("controle:export", pk=opdracht.pk)
    return render(request, "controle/landelijk.html", {
        "formulier": formulier, "opdrachten": Exportopdracht.objects.select_related("aangevraagd_door")[:20],
        "aantal_besturen": Onderwijsbestuur.objects.count()})


def _opdracht(request: HttpRequest, pk: uuid.UUID) -> Exportopdracht:
    _vereis_duo(request)
    opdracht = Exportopdracht.objects.filter(pk=pk).select_related("aangevraagd_door").first()
    if opdracht is None:
        raise Http404("Deze exportopdracht bestaat niet.")
    return opdracht


@require_safe
@login_required
def exportopdracht(request: HttpRequest, pk: uuid.UUID) -> HttpResponse:
    return render(request, "controle/export.html", {"opdracht": _opdracht(request, pk)})


@require_safe
@login_required
def exportstatus(request: HttpRequest, pk: uuid.UUID) -> JsonResponse:
    """Polled by static/js/controle-export.js for the progress bar."""
    opdracht = _opdracht(request, pk)
    return JsonResponse({
        "status": opdracht.status,
        "status_tekst": opdracht.get_status_display(),
        "voortgang": opdracht.voortgang,
        "klaar": opdracht.is_klaar,
        "download": reverse("controle:export_download", args=[opdracht.pk]) if opdracht.is_klaar else None,
        "foutmelding": opdracht.foutmelding,
    })


@require_safe
@login_required
def exportdownload(request: HttpRequest, pk: uuid.UUID) -> FileResponse:
    opdracht = _opdracht(request, pk)
    opslag = storages["exports"]
    if not opdracht.is_klaar or not opslag.exists(opdracht.bestandsnaam):
        raise Http404("Dit bestand is (nog) niet beschikbaar.")
    antwoord = download(opslag.open(opdracht.bestandsnaam, "rb"), opdracht.downloadnaam, opdracht.formaat)
    antwoord["Content-Length"] = str(opslag.size(opdracht.bestandsnaam))
    return antwoord
