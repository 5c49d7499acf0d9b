"""The adresdrift page (issue 18 §3): DUO's functional administrators see which locaties' addresses differ from
the address service. Read-only; the same list as ``manage.py adresdrift``.

The local service answers from memory, so the page checks every locatie at once. PDOK is one HTTP question per
locatie, so there the page checks STAP_PDOK locaties (in code order) per visit, with a link to the next ones.
"""

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_safe

from autorisatie import toegang
from registratie import adressen
from registratie.adressen.drift import adresdrift
from registratie.models import Onderwijslocatie
from registratie.models.locatie import locatiecode_validator

STAP_PDOK = 200


@require_safe
@login_required
def adresdrift_pagina(request: HttpRequest) -> HttpResponse:
    toegang.vereis_functioneel_beheerder(request.user, request.path)
    dienst = adressen.dienst()
    na = request.GET.get("na", "")
    if not locatiecode_validator.regex.fullmatch(na):
        na = ""
    locaties = Onderwijslocatie.objects.filter(code__gt=na).order_by("code")
    stap = STAP_PDOK if dienst.volledig else None
    reeks = list(locaties[:stap] if stap else locaties)
    try:
        afwijkingen = list(adresdrift(dienst, reeks))
        bereikbaar = True
    except adressen.DienstNietBereikbaar:
        afwijkingen, bereikbaar = [], False
    volgende = reeks[-1].code if stap and len(reeks) == stap else ""
    return render(request, "controle/adresdrift.html", {
        "dienst": dienst.naam, "afwijkingen": afwijkingen, "bereikbaar": bereikbaar, "gecontroleerd": len(reeks),
        "na": na, "van": reeks[0].code if reeks else "", "tot": reeks[-1].code if reeks else "",
        "volgende": volgende})
