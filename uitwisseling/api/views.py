"""The JSON read API for supplier systems (/api/v1/), described by /api/v1/openapi.json.

Each view is one operation of RIO's Raadplegen service (rio-po.md §4, §8.2) in JSON: ``api_view`` checks the key
and the peildatum and logs the call; ``selectie`` decides which records the system may read (only schools that
mandate it for dienst RIO today; the peildatum only picks the version); ``serialisatie`` turns them into records.
"""

from collections.abc import Callable
from datetime import timedelta
from functools import wraps
from typing import Any

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.urls import reverse

from registratie.models import AangebodenOpleiding, Onderwijsaanbieder, Onderwijslocatiegebruik
from registratie.services import audit, correctie
from uitwisseling import selectie
from uitwisseling.aanroep import (
    Aanroep,
    Antwoord,
    ApiFout,
    Pagina,
    api_view,
    datum_uit_verzoek,
    json_fout,
    pagineer,
    sinds_uit_verzoek,
)
from uitwisseling.api import openapi, serialisatie


def _json(inhoud: dict[str, Any], status: int = 200) -> JsonResponse:
    return JsonResponse(inhoud, status=status, json_dumps_params={"ensure_ascii": False})


def _pagina_url(request: HttpRequest, nummer: int) -> str:
    query = request.GET.copy()
    query["pagina"] = str(nummer)
    return request.build_absolute_uri(f"{request.path}?{query.urlencode()}")


def paginering(request: HttpRequest, pagina: Pagina) -> dict[str, Any]:
    """Page numbers and counts, plus the full URLs of the next and previous page (or null)."""
    return {
        **pagina.meta(),
        "volgende": _pagina_url(request, pagina.nummer + 1) if pagina.nummer < pagina.aantal_paginas else None,
        "vorige": _pagina_url(request, pagina.nummer - 1) if pagina.nummer > 1 else None,
    }


def _lijst(request: HttpRequest, aanroep: Aanroep, objecten, serialiseer: Callable) -> Antwoord:
    pagina = pagineer(request, objecten)
    resultaten = [serialiseer(obj, aanroep.peildatum) for obj in pagina.objecten]
    return Antwoord(_json({"peildatum": aanroep.peildatum.isoformat(), "paginering": paginering(request, pagina),
                           "resultaten": resultaten}), len(resultaten))


@api_view("opvragen_onderwijsaanbiedersVanOrganisatie")
def organisatie_aanbieders(request: HttpRequest, aanroep: Aanroep, code: str) -> Antwoord:
    bestuur = selectie.organisatie(code)
    selectie.vereis_organisatie_zichtbaar(aanroep, bestuur)
    return _lijst(request, aanroep, selectie.aanbieders_van(aanroep, bestuur), serialisatie.aanbieder)


@api_view("opvragen_onderwijslocatiegebruikVanOrganisatie")
def organisatie_locatiegebruik(request: HttpRequest, aanroep: Aanroep, code: str) -> Antwoord:
    bestuur = selectie.organisatie(code)
    selectie.vereis_organisatie_zichtbaar(aanroep, bestuur)
    return _lijst(request, aanroep, selectie.locatiegebruik_van(aanroep, bestuur), serialisatie.locatiegebruik)


@api_view("opvragen_aangebodenOpleidingenVanOrganisatie")
def organisatie_opleidingen(request: HttpRequest, aanroep: Aanroep, code: str) -> Antwoord:
    bestuur = selectie.organisatie(code)
    selectie.vereis_organisatie_zichtbaar(aanroep, bestuur)
    return _lijst(request, aanroep, selectie.aangeboden_opleidingen(aanroep, bestuur=bestuur),
                  serialisatie.aangeboden_opleiding)


@api_view("opvragen_aangebodenOpleidingenVanAanbieder")
def aanbieder_opleidingen(request: HttpRequest, aanroep: Aanroep, code: str) -> Antwoord:
    aanbieder = selectie.aanbieder(code)
    selectie.vereis_aanbieder_zichtbaar(aanroep, aanbieder)
    return _lijst(request, aanroep, selectie.aangeboden_opleidingen(aanroep, aanbieder=aanbieder),
                  serialisatie.aangeboden_opleiding)


@api_view("opvragen_aangebodenOpleidingenVanVestiging")
def vestiging_opleidingen(request: HttpRequest, aanroep: Aanroep, code: str) -> Antwoord:
    vestiging = selectie.vestiging(code)
    selectie.vereis_vestiging_zichtbaar(aanroep, vestiging)
    return _lijst(request, aanroep, selectie.aangeboden_opleidingen(aanroep, vestiging=vestiging),
                  serialisatie.aangeboden_opleiding)


@api_view("opvragen_wijzigingen")
def wijzigingen(request: HttpRequest, aanroep: Aanroep) -> Antwoord:
    sinds = sinds_uit_verzoek(request)
    regels = selectie.wijzigingen_sinds(aanroep, sinds)
    pagina = pagineer(request, regels)
    return Antwoord(_json({
        "peildatum": aanroep.peildatum.isoformat(),
        "sinds": serialisatie.tijdstip(sinds),
        "volgende_sinds": serialisatie.tijdstip(_volgende_sinds(regels, pagina) or sinds),
        "paginering": paginering(request, pagina),
        "resultaten": [serialisatie.wijziging(regel) for regel in pagina.objecten],
    }), len(pagina.objecten))


# The change feed's objecttype → model, so a client can ask the history of what the feed named.
MODEL_PER_OBJECTTYPE = {naam: model for model in (Onderwijsaanbieder, Onderwijslocatiegebruik, AangebodenOpleiding)
                        for verbose, naam in serialisatie.OBJECTTYPEN.items() if verbose == model._meta.verbose_name}


@api_view("opvragen_historie")
def historie(request: HttpRequest, aanroep: Aanroep, objecttype: str, code: str) -> Antwoord:
    """Formal history, as the Objects API's registrationDate: the object as the register knew it at the end of
    ``bekend_op`` (before later corrections), and the corrections registered up to then, each with its reason.
    Without ``bekend_op``: as registered now. The peildatum plays no part (ADR 0008)."""
    model = MODEL_PER_OBJECTTYPE.get(objecttype)
    if model is None:
        raise ApiFout(404, "niet_gevonden", f"Onbekend objecttype '{objecttype[:40]}'. Kies uit "
                                            f"{', '.join(MODEL_PER_OBJECTTYPE)}.")
    obj = selectie.object_uit_feed(aanroep, model, code)
    bekend_op = datum_uit_verzoek(request, "bekend_op")
    if bekend_op is not None:
        selectie.vereis_mandaat_op(aanroep, obj, bekend_op)
    toestand = audit.momentopname(obj) if bekend_op is None else correctie.bekend_op(obj, bekend_op)
    correcties = selectie.correcties_van(aanroep, obj, bekend_op)
    return Antwoord(_json({
        "objecttype": objecttype, "code": audit.objectcode(obj), "bekend_op": serialisatie.datum(bekend_op),
        "geregistreerd": serialisatie.zoals_geregistreerd(toestand),
        "correcties": [serialisatie.correctie(regel) for regel in correcties],
    }), 1 if toestand is not None else 0)


def _volgende_sinds(regels, pagina: Pagina):
    """The ``sinds`` to resume after this page: the tijdstip of its last change. When the next page starts with
    a change of exactly the same tijdstip, one microsecond earlier, so that change is not skipped (a client
    may then see the last changes of this page twice; processing a change twice must be harmless)."""
    if not pagina.objecten:
        return None
    laatste = pagina.objecten[-1]
    if regels.filter(tijdstip=laatste.tijdstip, id__gt=laatste.id).exists():
        return laatste.tijdstip - timedelta(microseconds=1)
    return laatste.tijdstip


def _alleen_lezen(view: Callable[[HttpRequest], HttpResponse]) -> Callable[[HttpRequest], HttpResponse]:
    """GET/HEAD only, and a refusal in the API's own JSON error format (these pages need no key)."""

    @wraps(view)
    def omhulsel(request: HttpRequest) -> HttpResponse:
        if request.method not in ("GET", "HEAD"):
            antwoord = json_fout(ApiFout(405, "methode_niet_toegestaan", "Deze API is alleen-lezen: gebruik GET."))
            antwoord["Allow"] = "GET, HEAD"
            return antwoord
        return view(request)

    return omhulsel


@_alleen_lezen
def openapi_document(request: HttpRequest) -> HttpResponse:
    """The OpenAPI 3.1 description of this API; public, no key needed."""
    antwoord = _json(openapi.document(request.build_absolute_uri(reverse("uitwisseling:api_v1_index"))))
    antwoord["Access-Control-Allow-Origin"] = "*"  # lets a documentation viewer elsewhere read it
    return antwoord


@_alleen_lezen
def index(request: HttpRequest) -> HttpResponse:
    """A short human page: what the API is, how to authenticate, and the link to the OpenAPI document."""
    return render(request, "uitwisseling/api/index.html", {"operaties": openapi.operaties()})
