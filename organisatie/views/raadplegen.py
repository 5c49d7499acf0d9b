"""Raadplegen for chain partners: a gemeente's leerplicht officer, an inspecteur, a samenwerkingsverband's employee,
the politie (Schoolalert) or DUO's bekostiging finds a school and sees the contact details of the restricted context
meant for them (after the fallback of rio-po.md §2). Which schools and which contexts: autorisatie.toegang."""

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_safe

from autorisatie import toegang
from kern.tijd import vandaag
from registratie.domein.enumeraties import CONTEXT_PER_CODE
from registratie.models import Onderwijsaanbieder, Vestigingserkenning, geldig_op
from registratie.services.contact import effectieve_contacten, laad_handelsregister


def _gemeenten_van(aanbieder: Onderwijsaanbieder) -> frozenset[str]:
    """Where a school is: the gemeenten of the vestigingen under its BRIN4s."""
    return frozenset(Vestigingserkenning.objects.filter(
        instelling__aanbieder_relaties__aanbieder=aanbieder).values_list("gemeentenummer", flat=True))


@require_safe
@login_required
def raadplegen(request: HttpRequest) -> HttpResponse:
    rollen = list(toegang.raadpleegrollen(request.user))
    contexten = sorted({toegang.CONTEXT_PER_RAADPLEEGROL[t.rol] for t in rollen})
    zoek = request.GET.get("zoek", "").strip()
    aanbieders = Onderwijsaanbieder.objects.none()
    if rollen:
        aanbieders = toegang.raadpleegbare_aanbieders(request.user, Onderwijsaanbieder.objects.filter(
            geldig_op(vandaag())).select_related("bestuur", "groep").prefetch_related("perioden"))
        if zoek:
            aanbieders = aanbieders.filter(
                Q(code__iexact=zoek) | Q(perioden__naam__icontains=zoek)
                | Q(juridische_relaties__instelling__code__iexact=zoek[:4])
                | Q(bestuur__code__iexact=zoek))
    pagina = Paginator(aanbieders.distinct().order_by("code"), 25).get_page(request.GET.get("pagina"))
    rijen = []
    laad_handelsregister(aanbieder.bestuur for aanbieder in pagina)  # one query for the page, not one per school
    for aanbieder in pagina:
        gemeenten = _gemeenten_van(aanbieder)
        leesbaar = toegang.leesbare_contexten(request.user, aanbieder.bestuur, gemeenten)
        contacten = effectieve_contacten(aanbieder, vandaag(), [ctx for ctx in contexten if ctx in leesbaar])
        rijen.append((aanbieder, contacten))
    namen = [str(CONTEXT_PER_CODE[c].label) for c in contexten]
    return render(request, "registratie/raadplegen.html", {"rollen": rollen, "contexten": contexten, "zoek": zoek,
                                                            "context_namen": namen,
                                                            "pagina": pagina, "rijen": rijen})
