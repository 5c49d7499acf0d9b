"""DUO's screens for samenwerkingsverbanden passend onderwijs (docs/adr/0012): register one, add or end its member
boards, and give its employees the raadpleegrol Passend onderwijs. Only a DUO functional administrator
(toegang.vereis_functioneel_beheerder, a logged 403 for anyone else); every change through an audited service."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext
from django.views.decorators.http import require_http_methods, require_POST

from autorisatie import services, toegang
from autorisatie.forms_swv import LidFormulier, MedewerkerFormulier, SamenwerkingsverbandFormulier
from autorisatie.models import Roltoewijzing
from autorisatie.rollen import Rol
from kern.formulieren import voer_uit_op
from kern.tijd import vandaag
from kern.views import voer_actie_uit
from registratie.models import Samenwerkingsverband
from registratie.services import samenwerkingsverband as swv_services


def _vereis(request: HttpRequest) -> None:
    toegang.vereis_functioneel_beheerder(request.user, request.path)


def _swv(request: HttpRequest, pk: int) -> Samenwerkingsverband:
    _vereis(request)
    swv = Samenwerkingsverband.objects.filter(pk=pk).first()
    if swv is None:
        raise Http404("Dit samenwerkingsverband bestaat niet.")
    return swv


@require_http_methods(["GET", "HEAD", "POST"])
@login_required
def lijst(request: HttpRequest) -> HttpResponse:
    _vereis(request)
    formulier = SamenwerkingsverbandFormulier(request.POST or None)
    if request.method == "POST" and formulier.is_valid():
        d = formulier.cleaned_data
        swv = voer_uit_op(formulier, lambda: swv_services.maak_samenwerkingsverband(
            door=request.user, code=d["code"], naam=d["naam"], soort=d["soort"], regio=d["regio"]))
        if swv is not None:
            messages.success(request, gettext("Samenwerkingsverband %(code)s is geregistreerd.") % {"code": swv.code})
            return redirect("autorisatie:swv", pk=swv.pk)
    return render(request, "autorisatie/swv/lijst.html", {
        "samenwerkingsverbanden": Samenwerkingsverband.objects.all(), "form": formulier})


def _detail(request: HttpRequest, swv: Samenwerkingsverband, lid_form: LidFormulier,
            medewerker_form: MedewerkerFormulier) -> HttpResponse:
    return render(request, "autorisatie/swv/detail.html", {
        "swv": swv, "vandaag": vandaag(),
        "leden": swv.lidmaatschappen.select_related("bestuur").prefetch_related("bestuur__perioden"),
        "medewerkers": Roltoewijzing.objects.filter(samenwerkingsverband=swv, rol=Rol.RAADPLEGEN_PASSEND_ONDERWIJS)
        .select_related("gebruiker").order_by("gebruiker__username", "begindatum"),
        "lid_form": lid_form, "medewerker_form": medewerker_form})


@require_http_methods(["GET", "HEAD", "POST"])
@login_required
def detail(request: HttpRequest, pk: int) -> HttpResponse:
    """The members and readers; POST adds a member board."""
    swv = _swv(request, pk)
    lid_form = LidFormulier(request.POST or None, prefix="lid", initial={"begindatum": vandaag()})
    if request.method == "POST" and lid_form.is_valid():
        d = lid_form.cleaned_data
        lid = voer_uit_op(lid_form, lambda: swv_services.voeg_lid_toe(
            swv, door=request.user, bestuur=d["bestuur"], begindatum=d["begindatum"], einddatum=d["einddatum"]))
        if lid is not None:
            messages.success(request, gettext("Bestuur %(code)s is lid.") % {"code": lid.bestuur.code})
            return redirect("autorisatie:swv", pk=swv.pk)
    return _detail(request, swv, lid_form, MedewerkerFormulier(prefix="mw", initial={"begindatum": vandaag()}))


@require_POST
@login_required
def medewerker(request: HttpRequest, pk: int) -> HttpResponse:
    """Give a person the raadpleegrol Passend onderwijs for this samenwerkingsverband."""
    swv = _swv(request, pk)
    formulier = MedewerkerFormulier(request.POST, prefix="mw")
    if formulier.is_valid():
        d = formulier.cleaned_data
        rol = voer_uit_op(formulier, lambda: services.ken_raadpleegrol_toe(
            door=request.user, gebruiker=d["gebruikersnaam"], rol=Rol.RAADPLEGEN_PASSEND_ONDERWIJS,
            samenwerkingsverband=swv, begindatum=d["begindatum"]))
        if rol is not None:
            messages.success(request, gettext("%(naam)s kan nu Passend onderwijs raadplegen.") % {
                "naam": rol.gebruiker.get_username()})
            return redirect("autorisatie:swv", pk=swv.pk)
    return _detail(request, swv, LidFormulier(prefix="lid", initial={"begindatum": vandaag()}), formulier)


@require_POST
@login_required
def lid_beeindigen(request: HttpRequest, pk: int, lid_pk: int) -> HttpResponse:
    swv = _swv(request, pk)
    lid = swv.lidmaatschappen.select_related("bestuur").filter(pk=lid_pk).first()
    if lid is None:
        raise Http404("Dit lidmaatschap bestaat niet.")
    voer_actie_uit(request, lambda: swv_services.beeindig_lidmaatschap(lid, door=request.user),
                   gettext("Het lidmaatschap van bestuur %(code)s is beëindigd.") % {"code": lid.bestuur.code})
    return redirect("autorisatie:swv", pk=swv.pk)


@require_POST
@login_required
def rol_beeindigen(request: HttpRequest, pk: int, rol_pk: int) -> HttpResponse:
    swv = _swv(request, pk)
    rol = Roltoewijzing.objects.filter(pk=rol_pk, samenwerkingsverband=swv).select_related("gebruiker").first()
    if rol is None:
        raise Http404("Deze rol bestaat niet.")
    voer_actie_uit(request, lambda: services.beeindig_raadpleegrol(rol, door=request.user),
                   gettext("De raadpleegrol van %(naam)s is beëindigd.") % {"naam": rol.gebruiker.get_username()})
    return redirect("autorisatie:swv", pk=swv.pk)
