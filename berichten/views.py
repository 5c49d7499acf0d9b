"""Mijn e-mailberichten (the logged-in person's own settings) and the one-click unsubscribe link from a mail.

Mail settings are no register data: a change is logged, not audited (docs/adr/0003 covers the register)."""

import logging

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.models import User
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from berichten import afmelden
from berichten.forms import Instellingenformulier
from berichten.models import Berichtvoorkeur, Soort

logger = logging.getLogger("berichten")


@require_http_methods(["GET", "HEAD", "POST"])
@login_required
def instellingen(request: HttpRequest) -> HttpResponse:
    gebruiker: User = request.user  # type: ignore[assignment]  # login_required
    voorkeur = Berichtvoorkeur.objects.filter(gebruiker=gebruiker).first() or Berichtvoorkeur(gebruiker=gebruiker)
    if request.method == "POST":
        formulier = Instellingenformulier(request.POST)
        if formulier.is_valid():
            voorkeur.taal = formulier.cleaned_data["taal"]
            voorkeur.uitgezet = [s for s in Soort.values if s not in formulier.cleaned_data["soorten"]]
            voorkeur.save()
            logger.info("Berichtinstellingen gewijzigd: gebruiker=%s taal=%s uitgezet=%s", gebruiker.pk,
                        voorkeur.taal, ",".join(voorkeur.uitgezet) or "-")
            messages.success(request, _("Uw instellingen voor e-mailberichten zijn bewaard."))
            return redirect("berichten:instellingen")
    else:
        formulier = Instellingenformulier(initial={
            "taal": voorkeur.taal, "soorten": [s for s in Soort.values if voorkeur.ontvangt(s)]})
    return render(request, "berichten/instellingen.html", {"formulier": formulier, "adres": gebruiker.email})


@require_http_methods(["GET", "HEAD", "POST"])
def afmelden_via_link(request: HttpRequest) -> HttpResponse:
    """Without login: the token says who and which kind. GET only shows the button (mail scanners open links),
    POST unsubscribes."""
    token = (request.POST if request.method == "POST" else request.GET).get("token", "")
    afmelding = afmelden.lees(token)
    gebruiker = User.objects.filter(pk=afmelding.gebruiker_id).first() if afmelding else None
    if afmelding is None or gebruiker is None:
        logger.warning("Afmeldlink geweigerd: ongeldig of vervalst token")
        return render(request, "berichten/afmelden_ongeldig.html", status=400)
    soort = afmelding.soort
    if request.method != "POST":
        return render(request, "berichten/afmelden.html", {"token": token, "soort": soort})
    voorkeur, _ = Berichtvoorkeur.objects.get_or_create(gebruiker=gebruiker)
    if soort.value not in voorkeur.uitgezet:
        voorkeur.uitgezet = [*voorkeur.uitgezet, soort.value]
        voorkeur.save(update_fields=["uitgezet", "bijgewerkt_op"])
    logger.info("Afgemeld via de link in een e-mail: gebruiker=%s soort=%s", gebruiker.pk, soort.value)
    return render(request, "berichten/afgemeld.html", {"soort": soort})
