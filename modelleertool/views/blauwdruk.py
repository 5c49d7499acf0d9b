"""Modelleertool screens: the board's blauwdrukken, the template download, the upload with its problem report,
and the preview (tree + diff) with apply / keep as concept / discard.

Access (autorisatie.toegang): the list and a preview may be read with any role for the board, also the school
leader's 'Blauwdruk inzien' (Actie.LEZEN_BLAUWDRUK); the template (the registration) needs a register role;
uploading, keeping and discarding need 'RIO beheren onderwijsaanbieder'; applying needs that role plus the
role of every kind of object the blauwdruk changes (locaties, opleidingen, contactgegevens).
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext, ngettext
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from autorisatie import toegang
from autorisatie.toegang import Actie
from kern.download import download
from kern.tijd import vandaag
from kern.views import peildatum_uit
from modelleertool import services
from modelleertool.forms.blauwdruk import BewarenFormulier, ToepassenFormulier, UploadFormulier
from modelleertool.inhoud import AANBIEDERS, BESTUUR, CONTACTEN, LOCATIES, OPLEIDINGEN
from modelleertool.inhoud import Blauwdruk as Inhoud
from modelleertool.lezer import Probleem, lees_upload
from modelleertool.models import Blauwdruk
from modelleertool.plaatje import bestaande_begeleiders
from modelleertool.sjabloon import max_bytes, max_rijen, schrijf_sjabloon
from modelleertool.toepassen import ToepassenMislukt, VerschilVeranderd, benodigde_acties, pas_toe
from modelleertool.verschil import BEEINDIGD, GEWIJZIGD, NIEUW, alleen_contexten, bereken
from modelleertool.vingerafdruk import vingerafdruk
from registratie.models import Onderwijsbestuur

ACTIE = Actie.BEHEREN_AANBIEDER  # the modelleertool's own role: the blauwdruk is about the board's aanbieders


def _blauwdruk(bestuur: Onderwijsbestuur, pk: int) -> Blauwdruk:
    return get_object_or_404(Blauwdruk, bestuur=bestuur, pk=pk)


def _basis(request: HttpRequest, bestuur: Onderwijsbestuur) -> dict:
    periode = bestuur.huidige_periode(vandaag())
    return {"bestuur": bestuur, "bestuursnaam": periode.naam if periode else bestuur.code,
            "mag": toegang.rechten_op(request.user, bestuur), "max_mb": max_bytes() / (1024 * 1024),
            "max_rijen": max_rijen()}


@require_safe
@login_required
def lijst(request: HttpRequest, code: str) -> HttpResponse:
    bestuur = toegang.bestuur_voor(request.user, code, Actie.LEZEN_BLAUWDRUK)
    return render(request, "blauwdruk/lijst.html", {
        **_basis(request, bestuur), "blauwdrukken": bestuur.blauwdrukken.all(), "peildatum": vandaag()})


@require_safe
@login_required
def sjabloon(request: HttpRequest, code: str) -> HttpResponse:
    bestuur = toegang.bestuur_voor(request.user, code)
    peildatum = peildatum_uit(request)
    return download(schrijf_sjabloon(bestuur, peildatum), f"blauwdruk-{bestuur.code}-{peildatum:%Y%m%d}.xlsx", "xlsx")


@require_http_methods(["GET", "HEAD", "POST"])
@login_required
def uploaden(request: HttpRequest, code: str) -> HttpResponse:
    bestuur = toegang.bestuur_voor(request.user, code, ACTIE)
    formulier = UploadFormulier(request.POST or None, request.FILES or None)
    problemen: list[Probleem] = []
    if request.method == "POST" and formulier.is_valid():
        upload = formulier.cleaned_data["bestand"]
        resultaat = lees_upload(upload, bestuur)
        problemen = resultaat.problemen
        if resultaat.blauwdruk is not None:
            blauwdruk = services.bewaar_upload(
                bestuur, naam=formulier.cleaned_data["naam"], bestandsnaam=upload.name, inhoud=resultaat.blauwdruk,
                waarschuwingen=resultaat.waarschuwingen, door=request.user)
            messages.success(request, gettext("De blauwdruk is ingelezen en als concept bewaard. Bekijk het verschil "
                                              "met de registratie en kies dan: toepassen, bewaren of verwerpen."))
            return redirect(blauwdruk.get_absolute_url())
    return render(request, "blauwdruk/uploaden.html", {
        **_basis(request, bestuur), "formulier": formulier, "problemen": problemen,
        "fouten": [p for p in problemen if p.ernst == "fout"],
        "benodigd": [a.omschrijving for a in (Actie.BEHEREN_AANBIEDER, Actie.BEHEREN_LOCATIEGEBRUIK,
                                              Actie.BEHEREN_OPLEIDING, Actie.BEHEREN_CONTACT)]})


def _boom(inhoud: Inhoud) -> list[dict]:
    """The blauwdruk's tree: each aanbieder with its aangeboden opleidingen and contactgegevens."""
    per_ref: dict[str, dict] = {}
    boom = []
    for a in inhoud.aanbieders:
        knoop = {"aanbieder": a, "opleidingen": [], "contacten": []}
        boom.append(knoop)
        per_ref[a.code or a.naam] = knoop
    for o in inhoud.opleidingen:
        if o.aanbieder in per_ref:
            per_ref[o.aanbieder]["opleidingen"].append(o)
    for c in inhoud.contacten:
        if c.eenheid in per_ref:
            per_ref[c.eenheid]["contacten"].append(c)
    return boom


# Up to this many changes the full difference is shown open; a larger one is folded under its summary, so the
# apply button stays on the first screen (issue 16 §3).
VERSCHIL_OPEN_TOT = 10


def _voorbeeld(request: HttpRequest, bestuur: Onderwijsbestuur, blauwdruk: Blauwdruk, *,
               toepassen: ToepassenFormulier | None = None, fouten: list[str] | None = None,
               status: int = 200) -> HttpResponse:
    volledig = Inhoud.van_json(blauwdruk.inhoud)
    # Applying needs the roles for the whole difference; what is shown holds only the contexts this person may read
    # (a school leader with Blauwdruk inzien does not see restricted contactgegevens, in the file nor the register).
    # The fingerprint that binds the apply button is of that whole difference too: apply recomputes exactly that.
    geheel = bereken(bestuur, volledig) if blauwdruk.is_concept else None
    acties = benodigde_acties(geheel) if geheel else []
    contexten = toegang.leesbare_contexten(request.user, bestuur)
    inhoud = alleen_contexten(volledig, contexten)
    verschil = bereken(bestuur, volledig, contexten=contexten) if blauwdruk.is_concept else None
    basis = _basis(request, bestuur)
    return render(request, "blauwdruk/voorbeeld.html", {
        **basis, "blauwdruk": blauwdruk, "inhoud": inhoud, "boom": _boom(inhoud), "verschil": verschil,
        "bestuurscontacten": [c for c in inhoud.contacten if c.eenheid == BESTUUR],
        "tellingen": verschil.tellingen() if verschil else {}, "soorten": (NIEUW, GEWIJZIGD, BEEINDIGD),
        "verschil_open_tot": VERSCHIL_OPEN_TOT, "bladen": (AANBIEDERS, LOCATIES, OPLEIDINGEN, CONTACTEN),
        "benodigd": [(a.omschrijving, basis["mag"].get(a.value, False)) for a in acties],
        "mag_toepassen": all(basis["mag"].get(a.value, False) for a in acties),
        "toepassen": toepassen or ToepassenFormulier(), "bewaren": BewarenFormulier(initial={"naam": blauwdruk.naam}),
        "fouten": fouten or [], "verborgen_contacten": len(volledig.contacten) - len(inhoud.contacten),
        "vingerafdruk": vingerafdruk(geheel) if geheel else "",
        # Read-only: a blauwdruk cannot model begeleidingsaanbieders; they are managed on the register pages.
        "begeleiders": bestaande_begeleiders(bestuur, vandaag())}, status=status)


@require_safe
@login_required
def voorbeeld(request: HttpRequest, code: str, pk: int) -> HttpResponse:
    bestuur = toegang.bestuur_voor(request.user, code, Actie.LEZEN_BLAUWDRUK)
    return _voorbeeld(request, bestuur, _blauwdruk(bestuur, pk))


@require_POST
@login_required
def toepassen(request: HttpRequest, code: str, pk: int) -> HttpResponse:
    bestuur = toegang.bestuur_voor(request.user, code, ACTIE)
    blauwdruk = _blauwdruk(bestuur, pk)
    formulier = ToepassenFormulier(request.POST)
    if not formulier.is_valid():
        return _voorbeeld(request, bestuur, blauwdruk, toepassen=formulier, status=400)
    if blauwdruk.is_concept:
        for actie in benodigde_acties(bereken(bestuur, Inhoud.van_json(blauwdruk.inhoud))):
            toegang.vereis(request.user, actie, bestuur)  # 403 naming the missing role
    try:
        # The fingerprint of the reviewed difference; a missing one never matches, so it is refused too.
        verschil = pas_toe(blauwdruk, door=request.user, ingangsdatum=formulier.cleaned_data["ingangsdatum"],
                           bekeken=request.POST.get("vingerafdruk", ""))
    except VerschilVeranderd as veranderd:  # the preview shown again has the new difference and its fingerprint
        return _voorbeeld(request, bestuur, blauwdruk, toepassen=formulier, fouten=veranderd.fouten, status=409)
    except ToepassenMislukt as mislukt:
        return _voorbeeld(request, bestuur, blauwdruk, toepassen=formulier, fouten=mislukt.fouten, status=400)
    n = len(verschil.wijzigingen)
    messages.success(request, ngettext(
        "De blauwdruk is toegepast: %(n)d wijziging, in één keer opgeslagen. De historie van het bestuur toont elke "
        "wijziging.",
        "De blauwdruk is toegepast: %(n)d wijzigingen, alle in één keer opgeslagen. De historie van het bestuur toont "
        "elke wijziging.", n) % {"n": n})
    return redirect(blauwdruk.get_absolute_url())


@require_POST
@login_required
def bewaren(request: HttpRequest, code: str, pk: int) -> HttpResponse:
    bestuur = toegang.bestuur_voor(request.user, code, ACTIE)
    blauwdruk = _blauwdruk(bestuur, pk)
    formulier = BewarenFormulier(request.POST)
    if blauwdruk.is_concept and formulier.is_valid() and services.bewaar(blauwdruk, formulier.cleaned_data["naam"]):
        messages.success(request, gettext("De blauwdruk is bewaard als concept. U vindt hem terug in de lijst "
                                          "hieronder."))
    return redirect("blauwdruk:lijst", bestuur.code)


@require_POST
@login_required
def verwerpen(request: HttpRequest, code: str, pk: int) -> HttpResponse:
    bestuur = toegang.bestuur_voor(request.user, code, ACTIE)
    blauwdruk = _blauwdruk(bestuur, pk)
    if blauwdruk.is_concept and services.verwerp(blauwdruk, door=request.user):
        messages.success(request, gettext("De blauwdruk is verworpen. De registratie is niet gewijzigd."))
    return redirect("blauwdruk:lijst", bestuur.code)
