"""'Waarom zie ik dit niet?' and the Beheerder PO's screens: assign and end roles, access review."""

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods, require_safe

from autorisatie import services, toegang
from autorisatie.forms import RolToekennenFormulier
from autorisatie.models import Aankondiging, Roltoewijzing
from autorisatie.rollen import Rol
from autorisatie.toegang import Actie
from kern import export
from kern.download import download
from kern.export import Blad, Kolom
from kern.formulieren import voer_uit_op
from kern.tijd import vandaag
from kern.views import voer_actie_uit
from registratie.models import Onderwijsbestuur
from registratie.services.regels import datum


@dataclass(frozen=True)
class NietGeldig:
    """A role of the person that gives nothing today, and why (it starts later, it ended, or it belongs to the
    board of an earlier login)."""

    toewijzing: Roltoewijzing
    reden: str


def _waarom_niet(toewijzing: Roltoewijzing) -> str:
    if services.is_gepland(toewijzing):
        return _("gaat pas in op %(datum)s") % {"datum": datum(toewijzing.begindatum)}
    if not toegang.volgt_inlog(toewijzing):
        return _("telt niet: uw laatste inlog was voor een andere organisatie; log in voor dit bestuur")
    return (_("beëindigd per %(datum)s") % {"datum": datum(toewijzing.einddatum)} if toewijzing.einddatum
            else _("geldt vandaag niet"))


@require_safe
@login_required
def waarom(request: HttpRequest) -> HttpResponse:
    """Why the person cannot see or do something: their roles today, the ones that do not count (and why), and for
    an action the missing role; a Beheerder PO who may grant that role is offered to give it to himself."""
    actie_code = request.GET.get("actie", "")
    actie = toegang.Actie(actie_code) if actie_code in toegang.Actie._value2member_map_ else None
    zichtbaar = toegang.besturen(request.user)
    code = request.GET.get("bestuur")
    # Without ?bestuur= the question is about the person's own board, when there is just one.
    bestuur = zichtbaar.filter(code=code).first() if code else (
        zichtbaar.first() if actie and zichtbaar.count() == 1 else None)
    geldig = list(toegang.toewijzingen(request.user).select_related("bestuur"))
    niet_geldig = [NietGeldig(t, _waarom_niet(t)) for t in request.user.roltoewijzingen.select_related(
        "bestuur", "gebruiker__organisatielid").order_by("rol", "begindatum") if t not in geldig]
    ontbrekende_rol = toegang.BENODIGDE_ROL.get(actie) if actie else None
    heeft_rol = bool(actie and bestuur and toegang.mag(request.user, actie, bestuur))
    gepland = [n.toewijzing for n in niet_geldig if ontbrekende_rol and n.toewijzing.rol == ontbrekende_rol
               and n.toewijzing.bestuur == bestuur and services.is_gepland(n.toewijzing)]
    return render(request, "autorisatie/waarom.html", {
        "toewijzingen": geldig, "niet_geldig": niet_geldig, "actie": actie, "bestuur": bestuur,
        "ontbrekende_rol": ontbrekende_rol, "heeft_rol": heeft_rol, "gepland": gepland[0] if gepland else None,
        "zelf_toekennen": zelf_toekennen_url(request.user, bestuur, ontbrekende_rol) if not heeft_rol else None,
        "besturen_zelf": _besturen_met_startrollen(request.user),
        "per_handeling": [(a.omschrijving, toegang.BENODIGDE_ROL[a].label) for a in toegang.Actie
                          if a in toegang.BENODIGDE_ROL],
    })


def zelf_toekennen_url(gebruiker, bestuur: Onderwijsbestuur | None, rol: Rol | None) -> str | None:
    """Where a Beheerder PO gives himself the missing role; None when he may not grant it (or it is no role).
    The 'Waarom' page and the 403 page (rio_portal.views.geen_toegang) offer it instead of "ask the Beheerder PO"."""
    if bestuur is None or rol is None or rol not in services.toekenbare_rollen(gebruiker, bestuur):
        return None
    return f"{reverse('autorisatie:mezelf_toekennen', args=[bestuur.code])}?{urlencode({'rol': rol.value})}"


def _besturen_met_startrollen(gebruiker) -> list[Onderwijsbestuur]:
    """The boards where this person may still give himself start roles (a Beheerder PO on his first day)."""
    return [b for b in toegang.besturen(gebruiker, Actie.BEHEREN_ROLLEN).order_by("code")
            if services.startrollen(gebruiker, b)]


def _overzicht(bestuur: Onderwijsbestuur):
    return (Roltoewijzing.objects.filter(bestuur=bestuur)
            .select_related("gebruiker", "toegekend_door").order_by("gebruiker__username", "rol", "begindatum"))


@require_http_methods(["GET", "POST"])
@login_required
def rollen(request: HttpRequest, code: str) -> HttpResponse:
    """Access review + the one form to give a role to a colleague (or oneself) or announce one by e-mail."""
    bestuur = toegang.bestuur_voor(request.user, code, Actie.BEHEREN_ROLLEN)
    toekenbaar = services.toekenbare_rollen(request.user, bestuur)
    toekennen = RolToekennenFormulier(request.POST or None, bestuur=bestuur, toekenbaar=toekenbaar)
    if request.method == "POST" and toekennen.is_valid() and voer_uit_op(toekennen, lambda: _geef(
            request, bestuur, toekennen)) is not None:
        return redirect("autorisatie:rollen", code=bestuur.code)
    return render(request, "autorisatie/rollen.html", {
        "bestuur": bestuur, "toewijzingen": _overzicht(bestuur), "vandaag": vandaag(),
        "toekenbaar": {r.value for r in toekenbaar}, "toekennen": toekennen,
        "startrollen": services.startrollen(request.user, bestuur),
        "aankondigingen": Aankondiging.objects.filter(bestuur=bestuur, gekoppeld_aan__isnull=True)})


def _geef(request: HttpRequest, bestuur: Onderwijsbestuur, formulier: RolToekennenFormulier) -> bool:
    d = formulier.cleaned_data
    if formulier.is_aankondiging:
        services.kondig_aan(bestuur, door=request.user, email=d["email"], rollen=formulier.rollen())
        messages.success(request, _("%(email)s is aangekondigd: bij de eerste inlog met dit adres krijgt de "
                                    "collega de rol(len).") % {"email": d["email"]})
    else:
        services.ken_rollen_toe(bestuur, door=request.user, gebruiker=d["gebruiker"], rollen=formulier.rollen(),
                                begindatum=d["begindatum"], einddatum=d.get("einddatum"))
        messages.success(request, _("De rol is toegekend."))
    return True


@require_http_methods(["GET", "POST"])
@login_required
def mezelf_toekennen(request: HttpRequest, code: str) -> HttpResponse:
    """"Ken uzelf de rollen toe": a confirmation page (GET changes nothing), then one POST gives the Beheerder PO
    the start roles (or the one role of ?rol=, from a 'Waarom' page) from today, for this board."""
    bestuur = toegang.bestuur_voor(request.user, code, Actie.BEHEREN_ROLLEN)
    gevraagd = request.POST.getlist("rol") if request.method == "POST" else request.GET.getlist("rol")
    open_rollen = _te_geven(request.user, bestuur, gevraagd)
    if request.method == "POST" and open_rollen:
        if voer_actie_uit(request, lambda: services.ken_mezelf_toe(bestuur, door=request.user, rollen=open_rollen),
                          _("U heeft nu %(rollen)s voor bestuur %(bestuur)s.")
                          % {"rollen": _aantal_rollen(len(open_rollen)), "bestuur": bestuur.code}):
            return redirect("home")
        return redirect("autorisatie:rollen", code=bestuur.code)
    return render(request, "autorisatie/mezelf_toekennen.html", {
        "bestuur": bestuur, "rollen": open_rollen, "gevraagd": gevraagd})


def _te_geven(gebruiker, bestuur: Onderwijsbestuur, gevraagd: list[str]) -> list[Rol]:
    """The start roles still open, or of the asked ones those he may grant and does not hold today."""
    if not gevraagd:
        return services.startrollen(gebruiker, bestuur)
    heeft = {t.rol for t in toegang.toewijzingen(gebruiker).filter(bestuur=bestuur)}
    mag = services.toekenbare_rollen(gebruiker, bestuur)
    return [r for r in mag if r.value in gevraagd and r.value not in heeft]


def _aantal_rollen(aantal: int) -> str:
    return ngettext("%(aantal)d rol", "%(aantal)d rollen", aantal) % {"aantal": aantal}


def _toewijzing(bestuur: Onderwijsbestuur, pk: int) -> Roltoewijzing:
    toewijzing = Roltoewijzing.objects.filter(bestuur=bestuur, pk=pk).select_related("gebruiker").first()
    if toewijzing is None:
        raise Http404(_("Deze roltoewijzing bestaat niet."))
    return toewijzing


@require_http_methods(["GET", "POST"])
@login_required
def rol_beeindigen(request: HttpRequest, code: str, pk: int) -> HttpResponse:
    """GET: the confirmation page (warning when it is your own role, or nobody else has it); POST: end the role,
    or withdraw it when it has not started yet."""
    bestuur = toegang.bestuur_voor(request.user, code, Actie.BEHEREN_ROLLEN)
    toewijzing = _toewijzing(bestuur, pk)
    gepland = services.is_gepland(toewijzing)
    if request.method == "POST":
        wie = {"rol": toewijzing.get_rol_display(), "naam": _naam(toewijzing.gebruiker)}
        if gepland:
            voer_actie_uit(request, lambda: services.trek_in(toewijzing, door=request.user),
                           _("De geplande rol %(rol)s van %(naam)s is ingetrokken.") % wie)
        else:
            voer_actie_uit(request, lambda: services.beeindig_rol(toewijzing, door=request.user),
                           _("De rol %(rol)s van %(naam)s is beëindigd.") % wie)
        return redirect("autorisatie:rollen", code=bestuur.code)
    return render(request, "autorisatie/rol_beeindigen.html", {
        "bestuur": bestuur, "t": toewijzing, "gepland": gepland, "eigen": toewijzing.gebruiker_id == request.user.pk,
        "laatste": not gepland and services.is_laatste_met_rol(toewijzing), "naam": _naam(toewijzing.gebruiker)})


def _naam(gebruiker) -> str:
    return gebruiker.get_full_name() or gebruiker.email or gebruiker.get_username()


def _rol_rijen(bestuur: Onderwijsbestuur) -> Iterator[tuple[Any, ...]]:
    for t in _overzicht(bestuur):
        yield (t.gebruiker.get_username(), t.gebruiker.get_full_name(), t.gebruiker.email, t.get_rol_display(),
               bestuur.code, t.begindatum, t.einddatum, t.toegekend_door_naam, t.bron, t.gebruiker.last_login,
               "ja" if t.is_geldig_op(vandaag()) else "nee")


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
