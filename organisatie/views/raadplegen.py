"""Raadplegen for chain partners: a gemeente's leerplicht officer or an inspecteur finds a school and
sees the contact details of the restricted context meant for them (after the fallback of rio-po.md §2)."""

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_safe

from autorisatie import toegang
from autorisatie.rollen import Rol
from kern.tijd import vandaag
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
    contexten = sorted({ctx for ctx, rol in toegang.RAADPLEEGROL_PER_CONTEXT.items()
                        if any(t.rol == rol for t in rollen)})
    zoek = request.GET.get("zoek", "").strip()
    aanbieders = Onderwijsaanbieder.objects.none()
    if rollen:
        aanbieders = Onderwijsaanbieder.objects.filter(geldig_op(vandaag())).select_related(
            "bestuur", "groep").prefetch_related("perioden")
        if not any(t.rol == Rol.RAADPLEGEN_TOEZICHT for t in rollen):
            gemeenten = {t.gemeentenummer for t in rollen if t.gemeentenummer}
            aanbieders = aanbieders.filter(
                juridische_relaties__instelling__vestigingen__gemeentenummer__in=gemeenten)
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
    return render(request, "registratie/raadplegen.html", {"rollen": rollen, "contexten": contexten, "zoek": zoek,
                                                            "pagina": pagina, "rijen": rijen})
