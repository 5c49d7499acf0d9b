"""Modelling a concept blauwdruk in the browser, and the picture of a blauwdruk.

- ``nieuw``: a concept made from the registration of today (bron: browser); the register is only read.
- ``bewerken``: the concept's tree with one small form per operation (each its own POST, no JavaScript). An
  operation is checked by the upload's rules and stored only when valid (modelleertool.modelleren).
  Applying is done on the preview page (views.blauwdruk.voorbeeld/toepassen), as for an upload.
- ``plaatje``: the blauwdruk drawn with the layout of the live organisation picture (registratie.plaatje).

Access (autorisatie.toegang, as the upload): making and editing a concept needs 'RIO beheren
onderwijsaanbieder'; the picture may be read as the preview (also with 'Blauwdruk inzien'). Another board's
concept: 404.
"""

import re
from dataclasses import dataclass, field, replace

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from autorisatie import toegang
from autorisatie.toegang import Actie
from kern.formulieren import voer_uit_op
from kern.tijd import vandaag
from modelleertool import modelleren, services
from modelleertool import plaatje as concept_plaatje
from modelleertool.forms.modelleren import FORMULIEREN, VOORKEUZE, Keuzes, ModelleerFormulier, formulieren, locatietekst
from modelleertool.inhoud import AanbiederRij, LocatieRij, OpleidingRij
from modelleertool.inhoud import Blauwdruk as Inhoud
from modelleertool.models import Blauwdruk
from modelleertool.verschil import bereken
from modelleertool.views.blauwdruk import ACTIE, _basis, _blauwdruk
from registratie import plaatje as plaatje_layout
from registratie.models import Onderwijsbestuur, Vestigingserkenning


@require_POST
@login_required
def nieuw(request: HttpRequest, code: str) -> HttpResponse:
    bestuur = toegang.bestuur_voor(request.user, code, ACTIE)
    blauwdruk = services.nieuw_concept(bestuur, door=request.user)
    messages.success(request, gettext("Er is een nieuw concept gemaakt uit de registratie van vandaag. Wijzig het "
                                      "hieronder; de registratie verandert pas als u het concept toepast."))
    return redirect("blauwdruk:modelleren", bestuur.code, blauwdruk.pk)


# --- The edit page ---------------------------------------------------------------------------------------------

# A row of the tree or the locaties table has an id (aanbieder-3, opleiding-3-1, locatie-2): an edit link names it,
# its form opens under that row and, once saved, the page comes back to it. Only ids of this shape are used.
RIJ = re.compile(r"^(aanbieder-\d+|opleiding-\d+-\d+|locatie-\d+)$")


def rij_uit(waarde: str | None) -> str | None:
    return waarde if waarde and RIJ.match(waarde) else None


@dataclass
class Opleidingknoop:
    rij: OpleidingRij
    sleutel: str
    locatie: str
    anker: str = ""


@dataclass
class Aanbiederknoop:
    rij: AanbiederRij
    ref: str
    opleidingen: list[Opleidingknoop] = field(default_factory=list)
    anker: str = ""


@dataclass
class Locatieknoop:
    rij: LocatieRij
    ref: str
    tekst: str
    opleidingen: int
    anker: str = ""


def _boom(bestuur: Onderwijsbestuur, inhoud: Inhoud) -> tuple[list[Aanbiederknoop], list[Locatieknoop]]:
    """Aanbieders → aangeboden opleidingen → locaties, and the locaties with how many opleidingen use them."""
    vestigingen = {v.code: v for v in Vestigingserkenning.objects.filter(
        instelling__bevoegd_gezag=bestuur.bevoegd_gezag_id)}
    locaties = [Locatieknoop(loc, modelleren.locatie_ref(loc), locatietekst(loc, vestigingen),
                             sum(1 for o in inhoud.opleidingen if o.locatie == modelleren.locatie_ref(loc)))
                for loc in inhoud.locaties]
    tekst = {k.ref: k.tekst for k in locaties}
    knopen = {modelleren.aanbieder_ref(a): Aanbiederknoop(a, modelleren.aanbieder_ref(a)) for a in inhoud.aanbieders}
    for o in inhoud.opleidingen:
        if o.aanbieder in knopen:
            knopen[o.aanbieder].opleidingen.append(Opleidingknoop(
                o, modelleren.opleiding_sleutel(o),
                tekst.get(o.locatie, o.locatie) if o.locatie else gettext("geen vaste locatie")))
    for i, knoop in enumerate(knopen.values(), start=1):
        knoop.anker = f"aanbieder-{i}"
        for j, opleiding in enumerate(knoop.opleidingen, start=1):
            opleiding.anker = f"opleiding-{i}-{j}"
    for i, locatie in enumerate(locaties, start=1):
        locatie.anker = f"locatie-{i}"
    return list(knopen.values()), locaties


def _pagina(request: HttpRequest, bestuur: Onderwijsbestuur, blauwdruk: Blauwdruk, *,
            fout: ModelleerFormulier | None = None, status: int = 200) -> HttpResponse:
    inhoud = Inhoud.van_json(blauwdruk.inhoud)
    context = {**_basis(request, bestuur), "blauwdruk": blauwdruk, "fout": fout}
    if blauwdruk.is_concept:
        keuzes = Keuzes.voor(bestuur, inhoud)
        voorkeuze = {k: request.GET[k] for k in VOORKEUZE if k in request.GET}
        forms = formulieren(keuzes, voorkeuze)
        if fout is not None:
            forms[fout.handeling] = fout
        # Without script an edit link reloads the page with ?bewerk=…&rij=…: that form is shown under its row.
        if fout is not None:
            bewerk, rij = fout.handeling, rij_uit(request.POST.get("rij"))
        else:
            bewerk, rij = request.GET.get("bewerk", ""), rij_uit(request.GET.get("rij"))
        if rij and bewerk in forms:
            context.update({"in_plaats_rij": rij, "in_plaats_handeling": bewerk})
        verschil = bereken(bestuur, inhoud)
        aanbieders, locaties = _boom(bestuur, inhoud)
        context.update({"formulieren": forms, "verschil": verschil, "tellingen": verschil.tellingen(),
                        "aanbieders": aanbieders, "locaties": locaties})
    else:
        context["niet_bewerkbaar"] = modelleren.niet_bewerkbaar(blauwdruk)
    return render(request, "blauwdruk/modelleren.html", context, status=status)


@require_http_methods(["GET", "HEAD", "POST"])
@login_required
def bewerken(request: HttpRequest, code: str, pk: int) -> HttpResponse:
    bestuur = toegang.bestuur_voor(request.user, code, ACTIE)
    blauwdruk = _blauwdruk(bestuur, pk)
    if request.method != "POST":
        return _pagina(request, bestuur, blauwdruk)
    if not blauwdruk.is_concept:
        return _pagina(request, bestuur, blauwdruk, status=409)  # the page says why; nothing is stored
    handeling = request.POST.get("handeling", "")
    klasse = FORMULIEREN.get(handeling)
    if klasse is None:
        messages.error(request, gettext("Onbekende bewerking: gebruik een van de formulieren op deze pagina."))
        return _pagina(request, bestuur, blauwdruk, status=400)
    formulier = klasse(request.POST, keuzes=Keuzes.voor(bestuur, Inhoud.van_json(blauwdruk.inhoud)))
    if formulier.is_valid():
        bericht = voer_uit_op(formulier, lambda: modelleren.bewerk(blauwdruk, handeling, **formulier.cleaned_data))
        if bericht is not None:
            messages.success(request, bericht)
            # Back to the row that was edited (its form was opened there), else to the top of the tree.
            anker = rij_uit(request.POST.get("rij")) or "boom-kop"
            return redirect(reverse("blauwdruk:modelleren", args=[bestuur.code, blauwdruk.pk]) + "#" + anker)
    blauwdruk.refresh_from_db()
    return _pagina(request, bestuur, blauwdruk, fout=formulier, status=400)


# --- The picture of a blauwdruk -----------------------------------------------------------------------------------

@dataclass(frozen=True)
class Tabelrij:
    """One line of the text alternative of the picture."""

    aanbieder: str
    code: str
    opleiding: str
    sector: str
    locatie: str


def _tabel(bestuur: plaatje_layout.PlaatjeBestuur) -> list[Tabelrij]:
    rijen = []
    for a in bestuur.aanbieders:
        if not a.opleidingen:
            rijen.append(Tabelrij(a.naam, a.code, gettext("nog geen aangeboden opleiding"), "", ""))
        for o in a.opleidingen:
            waar = f"{o.locatie.code} {o.locatie.adres}" if o.locatie is not None else gettext("geen vaste locatie")
            rijen.append(Tabelrij(a.naam, a.code, o.naam, o.sector, waar))
    return rijen


@require_safe
@login_required
def plaatje(request: HttpRequest, code: str, pk: int) -> HttpResponse:
    # As the preview: also the school leader's read role.
    bestuur = toegang.bestuur_voor(request.user, code, Actie.LEZEN_BLAUWDRUK)
    blauwdruk = _blauwdruk(bestuur, pk)
    getekend = concept_plaatje.uit_concept(bestuur, Inhoud.van_json(blauwdruk.inhoud), vandaag())
    # Not part of the blauwdruk: the register's begeleidingsaanbieders, drawn read-only below its aanbieders.
    getekend = replace(getekend, begeleiders=concept_plaatje.bestaande_begeleiders(bestuur, getekend.peildatum))
    return render(request, "blauwdruk/modelleren_plaatje.html", {
        **_basis(request, bestuur), "blauwdruk": blauwdruk, "peildatum": getekend.peildatum,
        "plaatje": plaatje_layout.teken(getekend, vervolg=" · " + gettext("blauwdruk %(nummer)s") % {
            "nummer": blauwdruk.pk}), "rijen": _tabel(getekend),
        "zonder_opleiding": getekend.zonder_opleiding(), "begeleiders": getekend.begeleiders})
