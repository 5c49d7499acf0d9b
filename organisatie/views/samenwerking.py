"""Samenwerkingsschool (docs/adr/0011): invite a board, accept, decline or withdraw the invitation, end the
relation. Every object comes through the access helper; the services decide what the register allows."""

from collections.abc import Callable

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST

from autorisatie import toegang
from autorisatie.toegang import Actie
from kern.formulieren import VersieFormulier
from kern.fouten import Conflict
from kern.views import voer_actie_uit
from organisatie import forms as f
from organisatie.views.basis import ServiceFormulierView
from organisatie.views.objecten import AANBIEDERS
from registratie.models import BijbehorendBestuur, Onderwijsbestuur, Uitnodiging
from registratie.services import samenwerking as samenwerking_services

UITNODIGINGEN = Uitnodiging.objects.select_related("aanbieder__bestuur", "van_bestuur", "aan_bestuur")
RELATIES = BijbehorendBestuur.objects.select_related("aanbieder__bestuur", "bestuur")


class Uitnodigen(ServiceFormulierView):
    """The penvoerend bestuur invites another board for this aanbieder."""

    actie = Actie.BEHEREN_SAMENWERKING
    form_class = f.UitnodigingFormulier
    titel = _("Bestuur uitnodigen voor een samenwerkingsschool")
    knop = _("Uitnodiging versturen")
    uitleg = _("Een samenwerkingsschool is één onderwijsaanbieder van meer besturen. Het andere bestuur ziet de "
               "uitnodiging op zijn pagina Mijn organisatie en aanvaardt of weigert haar daar, binnen 30 dagen. "
               "Na aanvaarding ziet het de aanbieder en voegt het eigen aangeboden opleidingen toe op zijn eigen "
               "locaties; de naam, de BRIN en het beëindigen van de aanbieder blijven bij uw bestuur.")

    bron = AANBIEDERS

    def voer_uit(self, form):
        d = form.cleaned_data
        return samenwerking_services.nodig_uit(self.object, door=self.request.user, van_bestuur=self.object.bestuur,
                                               bestuurcode=d["bestuurcode"], begindatum=d["begindatum"])

    def doel(self, resultaat):
        return self.object.get_absolute_url()

    def succesbericht(self, resultaat):
        return gettext("Bestuur %(code)s is uitgenodigd. De uitnodiging is 30 dagen geldig.") % {
            "code": resultaat.aan_bestuur.code}


def _uitnodiging(request: HttpRequest, pk: int, partij: Callable[[Uitnodiging], Onderwijsbestuur]) -> Uitnodiging:
    """The invitation as a party sees it (404 for anyone else), and 403 unless the person may act for ``partij``."""
    uitnodiging = toegang.haal(UITNODIGINGEN, request.user, pk=pk)
    toegang.vereis_partij(request.user, Actie.BEHEREN_SAMENWERKING, uitnodiging, [partij(uitnodiging)])
    return uitnodiging


def _knop(request: HttpRequest, actie: Callable[[int | None], object], succes: str) -> bool:
    """A button that carries the versie it was shown at: a stale or repeated click gets the conflict message."""
    form = VersieFormulier(request.POST)
    versie = form.cleaned_data.get("versie") if form.is_valid() else None
    try:
        return voer_actie_uit(request, lambda: actie(versie), succes)
    except Conflict:
        messages.error(request, gettext(Conflict.bericht))
        return False


@login_required
@require_POST
def aanvaarden(request: HttpRequest, pk: int) -> HttpResponse:
    uitnodiging = _uitnodiging(request, pk, lambda u: u.aan_bestuur)
    gelukt = _knop(request, lambda versie: samenwerking_services.aanvaard(uitnodiging, door=request.user,
                                                                          versie=versie),
                   gettext("U heeft de uitnodiging aanvaard: aanbieder %(code)s is nu ook van uw bestuur.") % {
                       "code": uitnodiging.aanbieder.code})
    if gelukt:
        return redirect(uitnodiging.aanbieder.get_absolute_url())
    return redirect("registratie:organisatie", uitnodiging.aan_bestuur.code)


@login_required
@require_POST
def afwijzen(request: HttpRequest, pk: int) -> HttpResponse:
    uitnodiging = _uitnodiging(request, pk, lambda u: u.aan_bestuur)
    _knop(request, lambda versie: samenwerking_services.wijs_af(uitnodiging, door=request.user, versie=versie),
          gettext("U heeft de uitnodiging geweigerd."))
    return redirect("registratie:organisatie", uitnodiging.aan_bestuur.code)


@login_required
@require_POST
def intrekken(request: HttpRequest, pk: int) -> HttpResponse:
    uitnodiging = _uitnodiging(request, pk, lambda u: u.van_bestuur)
    _knop(request, lambda versie: samenwerking_services.trek_in(uitnodiging, door=request.user, versie=versie),
          gettext("De uitnodiging is ingetrokken."))
    return redirect(uitnodiging.aanbieder.get_absolute_url())


class SamenwerkingBeeindigen(ServiceFormulierView):
    """Either board ends the relation; the offers of the bijbehorend bestuur at the aanbieder end with it."""

    actie = Actie.BEHEREN_SAMENWERKING
    form_class = f.BeeindigFormulier
    titel = _("Samenwerking beëindigen")
    knop = _("Beëindigen")
    gevaarlijk = True
    uitleg = _("Na de einddatum hoort het bijbehorende bestuur niet meer bij deze onderwijsaanbieder. De "
               "aangeboden opleidingen die het daar registreerde, eindigen op dezelfde datum.")

    def haal_object(self):
        relatie = toegang.haal(RELATIES, self.request.user, pk=self.kwargs["pk"])
        toegang.vereis_partij(self.request.user, self.actie, relatie, [relatie.aanbieder.bestuur, relatie.bestuur])
        return relatie

    @property
    def bestuur(self) -> Onderwijsbestuur:
        """The board the person acts for (the breadcrumb leads to its page)."""
        relatie = self.object
        return (relatie.aanbieder.bestuur if toegang.mag(self.request.user, self.actie, relatie.aanbieder.bestuur)
                else relatie.bestuur)

    def voer_uit(self, form):
        d = form.cleaned_data
        return samenwerking_services.beeindig_samenwerking(self.object, door=self.request.user, versie=d["versie"],
                                                           einddatum=d["einddatum"])

    def succesbericht(self, resultaat):
        return gettext("De samenwerking met bestuur %(code)s eindigt na %(datum)s.") % {
            "code": resultaat.bestuur.code, "datum": f"{resultaat.einddatum:%d-%m-%Y}"}

    def doel(self, resultaat):
        if toegang.beperk(AANBIEDERS, self.request.user).filter(pk=resultaat.aanbieder_id).exists():
            return resultaat.aanbieder.get_absolute_url()
        return self.bestuur.get_absolute_url()
