"""'Waarom zie ik dit niet?' and the Beheerder PO's screens: assign and end roles, access review."""

from collections.abc import Iterator
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST, require_safe

from autorisatie import services, toegang
from autorisatie.forms import AankondigenFormulier, RolToekennenFormulier
from autorisatie.models import Aankondiging, Roltoewijzing
from autorisatie.toegang import Actie
from kern import export
from kern.download import download
from kern.export import Blad, Kolom
from kern.formulieren import voer_uit_op
from kern.tijd import vandaag
from kern.views import voer_actie_uit
from registratie.models import Onderwijsbestuur


@require_safe
@login_required
def waarom(request: HttpRequest) -> HttpResponse:
    actie_code = request.GET.get("actie", "")
    actie = toegang.Actie(actie_code) if actie_code in toegang.Actie._value2member_map_ else None
    bestuur = None
    if code := request.GET.get("bestuur"):
        bestuur = toegang.besturen(request.user).filter(code=code).first()
    context = {
        "toewijzingen": toegang.toewijzingen(request.user).select_related("bestuur"),
        "alle_toewijzingen": request.user.roltoewijzingen.select_related("bestuur").order_by("rol"),
        "actie": actie,
        "bestuur": bestuur,
        "ontbrekende_rol": toegang.BENODIGDE_ROL.get(actie) if actie else None,
        "heeft_rol": bool(actie and bestuur and toegang.mag(request.user, actie, bestuur)),
        "besturen": toegang.besturen(request.user),
        "aantal_besturen": Onderwijsbestuur.objects.count(),
    }
    return render(request, "autorisatie/waarom.html", context)


def _overzicht(bestuur: Onderwijsbestuur):
    return (Roltoewijzing.objects.filter(bestuur=bestuur)
            .select_related("gebruiker", "toegekend_door").order_by("gebruiker__username", "rol", "begindatum"))


@login_required
def rollen(request: HttpRequest, code: str) -> HttpResponse:
    """Access review + the forms to grant a role and announce a colleague."""
    bestuur = toegang.bestuur_voor(request.user, code, Actie.BEHEREN_ROLLEN)
    toekenbaar = services.toekenbare_rollen(request.user, bestuur)
    toekennen = RolToekennenFormulier(bestuur=bestuur, toekenbaar=toekenbaar)
    aankondigen = AankondigenFormulier(toekenbaar=toekenbaar)
    if request.method == "POST":
        if request.POST.get("formulier") == "aankondigen":
            aankondigen = AankondigenFormulier(request.POST, toekenbaar=toekenbaar)
            if _verwerk(request, aankondigen, lambda d: services.kondig_aan(
                    bestuur, door=request.user, email=d["email"], rollen=d["rollen"]), "De collega is aangekondigd."):
                return redirect("autorisatie:rollen", code=bestuur.code)
        else:
            toekennen = RolToekennenFormulier(request.POST, bestuur=bestuur, toekenbaar=toekenbaar)
            if _verwerk(request, toekennen, lambda d: services.ken_rollen_toe(
                    bestuur, door=request.user, gebruiker=d["gebruiker"], rollen=toekennen.rollen(),
                    begindatum=d["begindatum"], einddatum=d.get("einddatum")), "De rol is toegekend."):
                return redirect("autorisatie:rollen", code=bestuur.code)
    elif request.method != "GET":
        return HttpResponse(status=405)
    return render(request, "autorisatie/rollen.html", {
        "bestuur": bestuur, "toewijzingen": _overzicht(bestuur), "vandaag": vandaag(),
        "toekenbaar": {r.value for r in toekenbaar}, "toekennen": toekennen, "aankondigen": aankondigen,
        "aankondigingen": Aankondiging.objects.filter(bestuur=bestuur, gekoppeld_aan__isnull=True)})


def _verwerk(request: HttpRequest, formulier, actie, succes: str) -> bool:
    if not formulier.is_valid() or voer_uit_op(formulier, lambda: actie(formulier.cleaned_data)) is None:
        return False
    messages.success(request, succes)
    return True


@require_POST
@login_required
def rol_beeindigen(request: HttpRequest, code: str, pk: int) -> HttpResponse:
    bestuur = toegang.bestuur_voor(request.user, code, Actie.BEHEREN_ROLLEN)
    toewijzing = Roltoewijzing.objects.filter(bestuur=bestuur, pk=pk).first()
    if toewijzing is None:
        raise Http404("Deze roltoewijzing bestaat niet.")
    voer_actie_uit(request, lambda: services.beeindig_rol(toewijzing, door=request.user),
                   f"De rol {toewijzing.get_rol_display()} van {toewijzing.gebruiker} is beëindigd.")
    return redirect("autorisatie:rollen", code=bestuur.code)


def _rol_rijen(bestuur: Onderwijsbestuur) -> Iterator[tuple[Any, ...]]:
    for t in _overzicht(bestuur):
        yield (t.gebruiker.get_username(), t.gebruiker.get_full_name(), t.gebruiker.email, t.get_rol_display(),
               bestuur.code, t.begindatum, t.einddatum, t.toegekend_door.get_username() if t.toegekend_door else "",
               t.bron, t.gebruiker.last_login, "ja" if t.is_geldig_op(vandaag()) else "nee")


# The access review of one board, with e-mail and last login: for its Beheerder PO only.
ROLLEN = Blad("Rollen", [Kolom("Gebruiker", 20), Kolom("Naam", 25), Kolom("E-mail", 30), Kolom("Rol", 40),
                         Kolom("Selectiekenmerk"), Kolom("Vanaf", 12), Kolom("Tot en met", 12),
                         Kolom("Toegekend door", 18), Kolom("Bron"), Kolom("Laatste inlog", 17),
                         Kolom("Geldig vandaag")], _rol_rijen)


@require_safe
@login_required
def rollen_xlsx(request: HttpRequest, code: str) -> HttpResponse:
    bestuur = toegang.bestuur_voor(request.user, code, Actie.BEHEREN_ROLLEN)
    return download(export.inhoud([ROLLEN], [bestuur], "xlsx"), f"rollen-{bestuur.code}-{vandaag():%Y%m%d}.xlsx",
                    "xlsx")
