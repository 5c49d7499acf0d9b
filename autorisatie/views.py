"""'Waarom zie ik dit niet?': the person's roles and, for an action, the role that is missing."""

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_safe

from registratie.models import Onderwijsbestuur

from . import toegang


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
