"""Zoeken en vinden for everyone, without logging in: search, public pages per object, and open data.

Public pages are the same for every visitor, logged in or not: register data and only the contactgegevens
of public communicatiecontexten (openbaar.zoeken.openbare_contexten asks the access helper).
"""

from datetime import date

from django.core.cache import cache
from django.core.paginator import Paginator
from django.db.models import Max, Prefetch
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.utils.translation import gettext
from django.views.decorators.http import require_safe

from kern.download import download
from kern.export import CsvBestand
from kern.fragmenten import Scherm, gecached_scherm
from kern.tijd import vandaag
from openbaar import zoeken
from openbaar.zoeken import CODEPATRONEN, Soort
from registratie import selectors
from registratie.models import (
    AangebodenOpleiding,
    AuditRegel,
    JuridischeRelatie,
    Onderwijsaanbieder,
    Onderwijsbestuur,
    Onderwijslocatie,
    Onderwijslocatiegebruik,
    Vestigingserkenning,
    Vestigingsrelatie,
)


def _zichtbaar(obj, peildatum: date) -> bool:
    """On a public page: what is valid on peildatum or starts later (ended rows are left out)."""
    return obj.is_relevant_op(peildatum)


def _hoofdletters(naam: str, soort: Soort, code: str) -> HttpResponse | None:
    """A code typed in lower case (100a001) goes to its page under the code as RIO writes it (100A001)."""
    if code != code.upper() and CODEPATRONEN[soort].match(code.upper()):
        return redirect(f"openbaar:{naam}", code=code.upper(), permanent=True)
    return None


def _niet_gevonden(request: HttpRequest, soort: Soort, code: str) -> HttpResponse:
    return render(request, "openbaar/niet_gevonden.html",
                  {"soort": soort, "code": code, "vorm": zoeken.CODEVORM[soort],
                   "geldig": bool(CODEPATRONEN[soort].match(code))}, status=404)


# --- Zoeken --------------------------------------------------------------------------------------------------

def _paginanummer(waarde: str | None) -> int | None:
    try:
        return int(waarde) if waarde else None
    except ValueError:
        return None


@require_safe
def zoek(request: HttpRequest) -> HttpResponse:
    q = request.GET.get("q", "")
    # The box is ticked by default; once the form was sent (filter=1) an unticked box means "also ended".
    alleen_actief = "actief" in request.GET if "filter" in request.GET else True
    gevraagd = _paginanummer(request.GET.get("pagina"))
    # The same for everyone (the public register): the body depends on the question and on the whole register, whose
    # every audited change raises registerstand (kern.fragmenten adds today and the language).
    delen = (q, alleen_actief, gevraagd, selectors.registerstand())
    titel, inhoud = gecached_scherm(request, "zoeken", delen,
                                    lambda csrf: _zoekscherm(request, q, alleen_actief, gevraagd))
    return render(request, "gecached.html", {"titel": titel, "inhoud": inhoud})


def _zoekscherm(request: HttpRequest, q: str, alleen_actief: bool, gevraagd: int | None) -> Scherm:
    """The search page's title and body, built from the register (what the cache keeps)."""
    term = zoeken.ontleed(q)
    uitslag = zoeken.zoek(q, vandaag(), alleen_actief=alleen_actief)  # empty when the query is too short
    pagina = Paginator(uitslag, zoeken.PAGINAGROOTTE).get_page(gevraagd)  # not a number: 1; beyond the end: last
    buiten_bereik = gevraagd is not None and bool(uitslag) and gevraagd != pagina.number
    html = render_to_string("openbaar/zoeken.html", {
        "q": term.tekst, "term": term, "alleen_actief": alleen_actief, "pagina": pagina,
        "uitslag": uitslag, "gevraagd": gevraagd, "buiten_bereik": buiten_bereik,
        "codesoort": term.codesoort, "codevorm": zoeken.CODEVORM.get(term.codesoort, ""),
        "min_lengte": zoeken.MIN_LENGTE,
    }, request)
    titel = gettext("Zoeken: %(q)s") % {"q": term.tekst} if term.tekst else gettext("Zoeken en vinden")
    return titel, html


# --- Public pages --------------------------------------------------------------------------------------------

@require_safe
def bestuur(request: HttpRequest, code: str) -> HttpResponse:
    if omleiding := _hoofdletters("bestuur", Soort.BESTUUR, code):
        return omleiding
    peildatum = vandaag()
    obj = (Onderwijsbestuur.objects.select_related("bevoegd_gezag").prefetch_related("perioden")
           .filter(code=code).first() if CODEPATRONEN[Soort.BESTUUR].match(code) else None)
    if obj is None:
        return _niet_gevonden(request, Soort.BESTUUR, code)
    aanbieders = [a for a in Onderwijsaanbieder.objects.filter(bestuur=obj).prefetch_related(
        "perioden", Prefetch("juridische_relaties", queryset=JuridischeRelatie.objects.select_related("instelling")))
        if _zichtbaar(a, peildatum)]
    for a in aanbieders:
        a.brin4 = [r.instelling for r in a.juridische_relaties.all() if _zichtbaar(r, peildatum)]
    gebruiken = [g for g in Onderwijslocatiegebruik.objects.filter(bestuur=obj).select_related("locatie")
                 .prefetch_related(Prefetch("vestigingsrelaties", queryset=Vestigingsrelatie.objects
                                            .select_related("vestiging"))) if _zichtbaar(g, peildatum)]
    for g in gebruiken:
        g.brin6 = [r.vestiging for r in g.vestigingsrelaties.all() if _zichtbaar(r, peildatum)]
    erkenningen = (obj.bevoegd_gezag.instellingen.order_by("code") if obj.bevoegd_gezag else [])
    return render(request, "openbaar/bestuur.html", {
        "object": obj, "peildatum": peildatum, "periode": obj.huidige_periode(peildatum), "aanbieders": aanbieders,
        "gebruiken": gebruiken, "erkenningen": erkenningen,
        "contacten": zoeken.openbare_contacten([obj], peildatum),
    })


@require_safe
def aanbieder(request: HttpRequest, code: str) -> HttpResponse:
    if omleiding := _hoofdletters("aanbieder", Soort.AANBIEDER, code):
        return omleiding
    peildatum = vandaag()
    obj = (Onderwijsaanbieder.objects.select_related("bestuur", "groep")
           .prefetch_related("perioden", "bestuur__perioden", "groep__perioden").filter(code=code).first()
           if CODEPATRONEN[Soort.AANBIEDER].match(code) else None)
    if obj is None:
        return _niet_gevonden(request, Soort.AANBIEDER, code)
    relaties = [r for r in obj.juridische_relaties.select_related("instelling") if _zichtbaar(r, peildatum)]
    opleidingen = [ao for ao in obj.aangeboden_opleidingen.select_related("opleiding", "locatie")
                   .prefetch_related("perioden", "kenmerken").order_by("locatie__code", "begindatum")
                   if _zichtbaar(ao, peildatum)]
    for ao in opleidingen:
        ao.kenmerk_labels = zoeken.kenmerk_labels(ao, peildatum)
    eenheden = [obj, obj.bestuur] + ([obj.groep] if obj.groep else [])
    contacten = zoeken.openbare_contacten(eenheden, peildatum)
    return render(request, "openbaar/aanbieder.html", {
        "object": obj, "peildatum": peildatum, "periode": obj.huidige_periode(peildatum), "relaties": relaties,
        "opleidingen": opleidingen,
        "eigen_contacten": [c for c in contacten if c.aanbieder_id == obj.pk],
        "effectief": zoeken.effectieve_openbare_contacten(obj, zoeken.ContactBoek(contacten)),
        **selectors.opvolging_van(obj),
    })


@require_safe
def locatie(request: HttpRequest, code: str) -> HttpResponse:
    if omleiding := _hoofdletters("locatie", Soort.LOCATIE, code):
        return omleiding
    peildatum = vandaag()
    obj = (Onderwijslocatie.objects.filter(code=code).first() if CODEPATRONEN[Soort.LOCATIE].match(code) else None)
    if obj is None:
        return _niet_gevonden(request, Soort.LOCATIE, code)
    gebruiken = [g for g in obj.gebruiken.select_related("bestuur").prefetch_related(
        "bestuur__perioden", Prefetch("vestigingsrelaties", queryset=Vestigingsrelatie.objects.select_related(
            "vestiging"))).order_by("bestuur__code") if _zichtbaar(g, peildatum)]
    for g in gebruiken:
        g.brin6 = [r.vestiging for r in g.vestigingsrelaties.all() if _zichtbaar(r, peildatum)]
    opleidingen = [ao for ao in AangebodenOpleiding.objects.filter(locatie=obj)
                   .select_related("aanbieder", "opleiding").prefetch_related("aanbieder__perioden", "perioden",
                                                                              "kenmerken")
                   .order_by("aanbieder__code", "begindatum") if _zichtbaar(ao, peildatum)]
    for ao in opleidingen:
        ao.kenmerk_labels = zoeken.kenmerk_labels(ao, peildatum)
    return render(request, "openbaar/locatie.html", {
        "object": obj, "peildatum": peildatum, "gebruiken": gebruiken, "opleidingen": opleidingen,
    })


# --- Open data -----------------------------------------------------------------------------------------------

@require_safe
def open_data(request: HttpRequest) -> HttpResponse:
    return render(request, "openbaar/open_data.html", {"kolommen": zoeken.REGISTER_KOLOMMEN})


def _registerstand() -> str:
    """Changes whenever register data change: the newest audit entry and the newest erkenning update (import)."""
    audit = AuditRegel.objects.aggregate(m=Max("id"))["m"] or 0
    erkenning = Vestigingserkenning.objects.aggregate(m=Max("bijgewerkt_op"))["m"]
    return f"{audit}:{erkenning.timestamp() if erkenning else 0}"


@require_safe
def register_csv(request: HttpRequest) -> HttpResponse:
    """The national file costs seconds of CPU: on a public URL it is built once per day and register state, then
    served from the cache (Django's CACHES), so repeated downloads cannot exhaust the server."""
    peildatum = vandaag()
    sleutel = f"openbaar:register_csv:{peildatum.isoformat()}:{_registerstand()}"
    inhoud = cache.get(sleutel)
    if inhoud is None:
        register = CsvBestand([k.kop for k in zoeken.REGISTER_KOLOMMEN])
        inhoud = "".join(register.regels(zoeken.register_rijen(peildatum))).encode(CsvBestand.CODERING)
        cache.set(sleutel, inhoud, timeout=24 * 3600)
    return download(inhoud, f"rio-po-register-{peildatum:%Y-%m-%d}.csv", "csv")
