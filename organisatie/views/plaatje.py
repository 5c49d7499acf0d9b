"""The organisation picture (SVG, drawn on the server) and the printable blauwdruk of a board."""

from dataclasses import dataclass

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.views.decorators.http import require_safe

from autorisatie import toegang
from autorisatie.toegang import Actie
from kern.download import download
from kern.views import peildatum_uit
from registratie import plaatje as plaatje_layout
from registratie.models import AangebodenOpleiding, Contactgegevens, Onderwijsaanbieder
from registratie.selectors import AanbiederInBoom, Boom, organisatie_boom


@dataclass(frozen=True)
class Rij:
    """One line of the text alternative: an aangeboden opleiding with its aanbieder and locatie."""

    aanbieder: Onderwijsaanbieder
    aanbieder_naam: str
    opleiding: AangebodenOpleiding | None
    opleiding_naam: str
    kenmerken: tuple[str, ...] = ()  # the codes valid on the peildatum


def tabelrijen(boom: Boom) -> list[Rij]:
    rijen = []
    for a in boom.aanbieders:
        periode = a.huidige_periode(boom.peildatum)
        naam = periode.naam if periode else ""
        for ao in boom.opleidingen_van(a) or [None]:
            rijen.append(Rij(a, naam, ao, plaatje_layout.opleidingnaam(ao, boom.peildatum) if ao else "",
                             tuple(k.waarde for k in boom.registratie.kenmerken_van(ao)) if ao else ()))
    return rijen


@dataclass(frozen=True)
class Afdrukregel:
    """One aanbieder of the printed table (a <tbody> that a page break does not split): a row per aangeboden
    opleiding, or one row saying it has none."""

    aanbieder: AanbiederInBoom
    rijen: list[Rij]


def afdrukregels(boom: Boom, rijen: list[Rij]) -> list[Afdrukregel]:
    per_aanbieder: dict[int, list[Rij]] = {}
    for rij in rijen:
        per_aanbieder.setdefault(rij.aanbieder.pk, []).append(rij)
    return [Afdrukregel(r, per_aanbieder[r.aanbieder.pk]) for r in boom.aanbiederregels]


def locaties_zonder_opleiding(boom: Boom) -> list:
    gebruikt = {ao.locatie_id for a in boom.aanbieders for ao in boom.opleidingen_van(a)}
    return [g for g in boom.locatiegebruiken if g.locatie_id not in gebruikt]


def _boom(request: HttpRequest, code: str) -> Boom:
    """The board's tree on the peildatum (?peildatum=). Reading only: 404 for a board the person has no role for.
    Also for a school leader with only 'Blauwdruk inzien' (stappenplan step 2, Informeer): picture, its downloads
    and the printable page are what they may see."""
    bestuur = toegang.bestuur_voor(request.user, code, Actie.LEZEN_BLAUWDRUK)
    return organisatie_boom(bestuur, peildatum_uit(request))


def _context(request: HttpRequest, code: str) -> dict:
    """What both pages show: the tree on the peildatum, and the table rows."""
    boom = _boom(request, code)
    bestuur, peildatum = boom.bestuur, boom.peildatum
    return {
        "bestuur": bestuur, "boom": boom, "peildatum": peildatum, "periode": bestuur.huidige_periode(peildatum),
        # A school leader (Blauwdruk inzien) sees these pages but not the register they link back to.
        "mag_register": toegang.mag(request.user, Actie.LEZEN, bestuur),
        "rijen": tabelrijen(boom), "zonder_opleiding": locaties_zonder_opleiding(boom),
        "groepnamen": {g.pk: getattr(g.huidige_periode(peildatum), "naam", "") for g in boom.groepen},
    }


@require_safe
@login_required
def plaatje(request: HttpRequest, code: str) -> HttpResponse:
    context = _context(request, code)
    getekend = plaatje_layout.uit_registratie(context["boom"])
    return render(request, "registratie/plaatje.html", {
        **context, "plaatje": plaatje_layout.teken(getekend), "bestandsnaam": bestandsnaam(context["boom"])})


def bestandsnaam(boom: Boom) -> str:
    """The downloaded picture's name without extension: the board and the date it shows."""
    return f"organisatieplaatje-{boom.bestuur.code}-{boom.peildatum:%Y-%m-%d}"


@require_safe
@login_required
def plaatje_svg(request: HttpRequest, code: str) -> HttpResponse:
    """The picture as a standalone SVG file (the PNG is drawn from it in the browser: static/js/plaatje-png.js)."""
    boom = _boom(request, code)
    getekend = plaatje_layout.teken(plaatje_layout.uit_registratie(boom))
    svg = render_to_string("registratie/plaatje.svg", {"plaatje": getekend})
    return download(svg.encode(), f"{bestandsnaam(boom)}.svg", "svg")


def leesbare_contacten(request: HttpRequest, boom: Boom) -> list[tuple[str, Contactgegevens]]:
    """Contact details of the bestuur, its aanbieders and begeleidingsaanbieders valid on the peildatum (or starting
    later), in the contexts the person may read (toegang.mag_context_lezen: public ones, and restricted ones for the
    board's own role holders). The decision is asked once per context."""
    mag: dict[str, bool] = {}

    def leesbaar(c: Contactgegevens) -> bool:
        if c.context not in mag:
            mag[c.context] = toegang.mag_context_lezen(request.user, boom.bestuur, c.context)
        return mag[c.context]

    def relevant(c: Contactgegevens) -> bool:
        return c.is_relevant_op(boom.peildatum)

    p = boom.peildatum
    eenheden: list[tuple[str, list[Contactgegevens]]] = [
        (f"Bestuur {boom.bestuur.code}", boom.contacten)]
    for a in boom.aanbieders:
        periode = a.huidige_periode(p)
        eenheden.append((f"{periode.naam if periode else ''} ({a.code})", boom.registratie.contacten_van(a)))
    for b in boom.begeleiders:
        periode = b.huidige_periode(p)
        eenheden.append((f"{periode.naam if periode else ''} ({b.code})", boom.registratie.contacten_van(b)))
    return [(eenheid, c) for eenheid, contacten in eenheden for c in contacten if relevant(c) and leesbaar(c)]


@require_safe
@login_required
def afdrukken(request: HttpRequest, code: str) -> HttpResponse:
    """The printable blauwdruk: the picture on A4 landscape sheets, then the tables (static/css/afdrukken.css);
    a board of 57 schools fits on 8 pages (tests/organisatie/test_plaatje_afdruk_browser.py)."""
    context = _context(request, code)
    boom = context["boom"]
    getekend = plaatje_layout.uit_registratie(boom)
    return render(request, "registratie/afdrukken.html", {
        **context, "bladen": plaatje_layout.bladen(getekend), "afdrukregels": afdrukregels(boom, context["rijen"]),
        "aantal_opleidingen": sum(len(a.opleidingen) for a in getekend.aanbieders),
        "contacten": leesbare_contacten(request, boom)})
