"""Mijn organisatie: choose a board, the tree on a peildatum, the board's own data and its audit trail."""

from datetime import date

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_safe

from autorisatie import toegang
from autorisatie.toegang import Actie
from kern.formulieren import PeildatumFormulier
from kern.fragmenten import Scherm, gecached_scherm
from kern.tijd import vandaag
from kern.views import peildatum_uit
from organisatie.forms import BestuurFormulier, GroepNieuwFormulier
from organisatie.samenvatting import samenvatting
from organisatie.views.basis import BestuurFormulierView, formele_historie
from registratie.models import AuditRegel, Onderwijsbestuur
from registratie.selectors import bestuursstand, organisatie_boom
from registratie.services import begeleiding as begeleiding_services
from registratie.services import organisatie as organisatie_services
from registratie.services import samenwerking as samenwerking_services

# Up to this many aanbieders the tree shows every aangeboden opleiding; above it each aanbieder is one line
# (a <details> to open), so the page of a 57-school board stays scannable.
BOOM_OPEN_TOT = 8


def rechten(request: HttpRequest, bestuur: Onderwijsbestuur) -> dict[str, bool]:
    """Which actions the person may take on this board, for showing buttons or a 'waarom niet' link."""
    return toegang.rechten_op(request.user, bestuur)


@require_safe
@login_required
def kies_bestuur(request: HttpRequest) -> HttpResponse:
    besturen = toegang.besturen(request.user).select_related("bevoegd_gezag").prefetch_related("perioden")
    zoek = request.GET.get("zoek", "").strip()
    if zoek:
        besturen = besturen.filter(code__icontains=zoek) | besturen.filter(bevoegd_gezag__nummer__icontains=zoek) | \
            besturen.filter(perioden__naam__icontains=zoek)
    pagina = Paginator(besturen.distinct().order_by("code"), 50).get_page(request.GET.get("pagina"))
    return render(request, "registratie/kies_bestuur.html", {"pagina": pagina, "zoek": zoek})


@require_safe
@login_required
def organisatie(request: HttpRequest, code: str) -> HttpResponse:
    # The access decision with only the id, code and rights: a cached body needs no more of the board; a body that
    # is built loads the board in full (one query more, on a miss only).
    bestuur = toegang.bestuur_met_rechten(request.user, code)
    peildatum = peildatum_uit(request)
    toon_beeindigd = request.GET.get("beeindigd") == "1"
    mag = rechten(request, bestuur)
    # Everything the body depends on besides today and the language (kern.fragmenten adds those): the data through
    # the boards' change counters, what this person may do (buttons), DUO's correction button, and the controle
    # screen a fix link came from (the buttons return there).
    delen = (bestuur.code, bestuursstand(bestuur), peildatum, toon_beeindigd, sorted(a for a, ja in mag.items() if ja),
             request.user.is_superuser, request.GET.get("volgende", ""))
    titel, inhoud = gecached_scherm(request, "boom", delen,
                                    lambda csrf: _boom(request, _geheel(bestuur), peildatum, toon_beeindigd, mag, csrf))
    return render(request, "gecached.html", {"titel": titel, "inhoud": inhoud})


def _geheel(bestuur: Onderwijsbestuur) -> Onderwijsbestuur:
    """The board with what the tree shows of it (access was decided for the light board it was asked with)."""
    return Onderwijsbestuur.objects.select_related("bevoegd_gezag").prefetch_related("perioden").get(pk=bestuur.pk)


def _boom(request: HttpRequest, bestuur: Onderwijsbestuur, peildatum: date, toon_beeindigd: bool,
          mag: dict[str, bool], csrf_token: str) -> Scherm:
    """The tree screen's title and body, built from the register (what the cache keeps)."""
    boom = organisatie_boom(bestuur, peildatum, toon_beeindigd, samenwerking_opent=toegang.samenwerking_opent,
                            met_details=False)
    # Samenwerkingsscholen (docs/adr/0011): the board's shared aanbieders, either side, and open invitations.
    samenwerkingen = samenwerking_services.samenwerkingen_van(bestuur, peildatum)
    per_aanbieder: dict[int, list[str]] = {}
    for relatie in samenwerkingen:
        # A link only where it opens: the penvoerder's own aanbieder, or a relation that holds today.
        relatie.te_openen = relatie.aanbieder.bestuur_id == bestuur.pk or toegang.samenwerking_opent(relatie)
        if relatie.aanbieder.bestuur_id == bestuur.pk:
            per_aanbieder.setdefault(relatie.aanbieder_id, []).append(relatie.bestuur.code)
    periode = bestuur.huidige_periode(peildatum)
    html = render_to_string("registratie/organisatie.html", {
        "csrf_token": csrf_token,
        "samenwerkingen": samenwerkingen,
        "samenwerking_per_aanbieder": per_aanbieder,
        "uitnodigingen": samenwerking_services.open_uitnodigingen(bestuur),
        "bestuur": bestuur,
        "boom": boom,
        "samenvatting": samenvatting(boom),
        # A small board's tree stays open; a large one shows one line per aanbieder until opened.
        "boom_open": len(boom.aanbieders) <= BOOM_OPEN_TOT,
        "peildatum": peildatum,
        "peildatum_formulier": PeildatumFormulier(initial={"peildatum": peildatum}),
        "toon_beeindigd": toon_beeindigd,
        "mag": mag,
        "periode": periode,
        # Onderwijsbegeleidingsaanbieders (so/vso cluster 1 and 2 only): the section shows for such a board.
        # From the loaded registration: the tree shows them with their BRIN4, and no query is spent on asking.
        "begeleiders": boom.begeleiders,
        "begeleiderregels": boom.begeleiderregels,
        "kan_begeleiden": begeleiding_services.kan_begeleiden(boom.registratie.instellingen, bool(boom.begeleiders)),
    }, request)
    return f"{periode.naam if periode else ''} ({bestuur.code})", html


@require_safe
@login_required
def historie(request: HttpRequest, code: str) -> HttpResponse:
    """The audit trail of everything of this board: readable, not editable; ``bekend_op`` shows the board as
    registered on that date (before later corrections)."""
    bestuur = toegang.bestuur_voor(request.user, code)
    # Contact details in a restricted context the person may not read are left out (docs/adr/0012).
    regels = toegang.zonder_onleesbare_contacten(AuditRegel.objects.filter(bestuurcode=bestuur.code), request.user,
                                                 bestuur)
    pagina = Paginator(regels, 50).get_page(request.GET.get("pagina"))
    return render(request, "registratie/historie.html", {
        "bestuur": bestuur, "pagina": pagina, **formele_historie(request, bestuur)})


class BestuurWijzigen(BestuurFormulierView):
    actie = Actie.BEHEREN_BESTUUR
    form_class = BestuurFormulier
    titel = _("Bestuursgegevens wijzigen")
    uitleg = _("Een nieuwe naam gaat in op de ingangsdatum; KvK-nummer en RSIN wijzigen direct.")

    def get_initial(self):
        periode = self.object.huidige_periode(vandaag())
        return {**super().get_initial(), "naam": periode.naam if periode else "",
                "internationale_naam": periode.internationale_naam if periode else "",
                "kvk_nummer": self.object.kvk_nummer, "rsin": self.object.rsin}

    def voer_uit(self, form):
        d = form.cleaned_data
        return organisatie_services.wijzig_bestuur(
            self.object, door=self.request.user, versie=d["versie"], ingangsdatum=d["ingangsdatum"],
            naam=d["naam"], internationale_naam=d["internationale_naam"], kvk_nummer=d["kvk_nummer"].strip(),
            rsin=d["rsin"].strip())


class GroepToevoegen(BestuurFormulierView):
    actie = Actie.BEHEREN_GROEP
    form_class = GroepNieuwFormulier
    titel = _("Onderwijsaanbiedersgroep toevoegen")
    uitleg = _("Een groep bundelt aanbieders binnen het bestuur, bijvoorbeeld een regionaal cluster.")

    def get_initial(self):
        return {"begindatum": max(vandaag(), self.object.begindatum)}  # rule 16: a new groep starts today

    def voer_uit(self, form):
        d = form.cleaned_data
        return organisatie_services.registreer_groep(self.object, door=self.request.user, naam=d["naam"],
                                                     internationale_naam=d["internationale_naam"],
                                                     begindatum=d["begindatum"])

    def succesbericht(self, resultaat):
        return gettext("Groep %(code)s is toegevoegd.") % {"code": resultaat.code}
