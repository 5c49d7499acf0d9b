"""The JSON read API for supplier systems (/api/v1/), described by /api/v1/openapi.json.

Each view is one operation of RIO's Raadplegen service (rio-po.md §4, §8.2) in JSON: ``api_view`` checks the key
and the peildatum and logs the call; ``selectie`` decides which records the system may read (only schools that
mandate it for dienst RIO today; the peildatum only picks the version); ``serialisatie`` turns them into records.
A board's lists and the change feed come from the answer cache when nothing they are made of changed
(``antwoordcache``, docs/adr/0015); the key check, the access check and the log run on every call.

The Dutch API Design Rules (docs/adr/0005, "API 1.1"): every answer here carries ``API-Version``, every error is
``application/problem+json`` (also an unknown path, a wrong method or a server error), paths have no trailing slash
(API 1.0's paths with a slash answer 308 to the new path, for the 1.x versions) and query parameters are camelCase.
"""

import logging
from collections.abc import Callable
from datetime import date, datetime
from functools import wraps
from typing import Any

from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse, HttpResponsePermanentRedirect, JsonResponse
from django.shortcuts import render
from django.urls import Resolver404, resolve
from django.views.decorators.csrf import csrf_exempt

from registratie.models import AangebodenOpleiding, Onderwijsaanbieder, Onderwijsbestuur, Onderwijslocatiegebruik
from registratie.services import audit, correctie
from uitwisseling import selectie
from uitwisseling.aanroep import (
    API_VERSIE,
    LEESMETHODEN,
    OUDE_NAMEN,
    Aanroep,
    Antwoord,
    ApiFout,
    Pagina,
    ProbleemResponse,
    api_view,
    datum_uit_verzoek,
    pagineer,
    pagineer_wijzigingen,
    sinds_uit_verzoek,
)
from uitwisseling.api import antwoordcache, laden, openapi, serialisatie

logger = logging.getLogger("uitwisseling.api")

ALLEEN_LEZEN = "Deze API is alleen-lezen: gebruik GET."


def met_versie(request: HttpRequest, antwoord: HttpResponse) -> HttpResponse:
    """Every answer of /api/v1/ names the full API version; a problem also names the request it is about."""
    if isinstance(antwoord, ProbleemResponse):
        antwoord.voor(request)
    antwoord["API-Version"] = API_VERSIE
    return antwoord


def json_api(operatie: str, methoden: tuple[str, ...] = LEESMETHODEN,
             ) -> Callable[[Callable[..., Antwoord]], Callable[..., HttpResponse]]:
    """``api_view`` (key, peildatum, mandate errors, call log) for the JSON API, plus the version header, and a
    server error as a problem too (logged with its traceback; the client gets no internals)."""

    def decorator(func: Callable[..., Antwoord]) -> Callable[..., HttpResponse]:
        view = api_view(operatie, methoden=methoden)(func)

        @csrf_exempt
        @wraps(view)
        def omhulsel(request: HttpRequest, **kwargs: Any) -> HttpResponse:
            try:
                antwoord = view(request, **kwargs)
            except Exception:
                logger.exception("API-fout in %s: %s", operatie, request.path)
                antwoord = ProbleemResponse(ApiFout(500, "interne_fout", "Er ging iets mis bij het maken van het "
                                                    "antwoord. Probeer het later opnieuw; blijft het misgaan, meld "
                                                    "dan dit tijdstip en het pad bij DUO."))
            return met_versie(request, antwoord)

        return omhulsel

    return decorator


def _json(inhoud: dict[str, Any], status: int = 200) -> JsonResponse:
    return JsonResponse(inhoud, status=status, json_dumps_params={"ensure_ascii": False})


def _pagina_url(request: HttpRequest, nummer: int) -> str:
    query = request.GET.copy()
    for nieuw, oud in OUDE_NAMEN.items():  # the links use the current names, whichever the client sent
        if oud in query:
            waarde = query.pop(oud)[-1]
            query.setdefault(nieuw, waarde)
    query["pagina"] = str(nummer)
    return request.build_absolute_uri(f"{request.path}?{query.urlencode()}")


def paginering(request: HttpRequest, pagina: Pagina) -> dict[str, Any]:
    """Page numbers and counts, plus the full URLs of the next and previous page (or null)."""
    return {
        **pagina.meta(),
        "volgende": _pagina_url(request, pagina.nummer + 1) if pagina.nummer < pagina.aantal_paginas else None,
        "vorige": _pagina_url(request, pagina.nummer - 1) if pagina.nummer > 1 else None,
    }


def _lijst(request: HttpRequest, aanroep: Aanroep, objecten, serialiseer: Callable,
           laad: Callable[[Any], list] = list) -> Antwoord:
    pagina = pagineer(request, objecten, laad)
    resultaten = [serialiseer(obj, aanroep.peildatum) for obj in pagina.objecten]
    return Antwoord(_json({"peildatum": aanroep.peildatum.isoformat(), "paginering": paginering(request, pagina),
                           "resultaten": resultaten}), len(resultaten))


def _bestuurslijst(request: HttpRequest, aanroep: Aanroep, code: str, soort: str,
                   objecten: Callable[[Aanroep, Onderwijsbestuur], QuerySet[Any]],
                   serialiseer: Callable[[Any, date], dict[str, Any]],
                   laad: Callable[[Any], list] = list) -> Antwoord:
    """A list of a board's objects (``_lijst``), from the cache when nothing it is made of changed; the access
    check (``selectie.bestuur_voor_systeem``) runs on every call (uitwisseling.api.antwoordcache)."""
    return antwoordcache.gecachet(
        request, aanroep, f"bestuur:{soort}", lambda: selectie.bestuur_voor_systeem(aanroep, code),
        lambda gevonden: (gevonden.bestuur.pk, gevonden.stand, gevonden.scholen),
        lambda gevonden: _lijst(request, aanroep, objecten(aanroep, gevonden.bestuur), serialiseer, laad))


@json_api("opvragen_onderwijsbestuur")
def organisatie(request: HttpRequest, aanroep: Aanroep, code: str) -> Antwoord:
    bestuur = selectie.organisatie(code)
    selectie.vereis_organisatie_zichtbaar(aanroep, bestuur)
    bestuur = selectie.organisatie_met_gezag(bestuur)
    return Antwoord(_json({"peildatum": aanroep.peildatum.isoformat(),
                           **serialisatie.organisatie(bestuur, aanroep.peildatum)}), 1)


@json_api("opvragen_onderwijsaanbiedersVanOrganisatie")
def organisatie_aanbieders(request: HttpRequest, aanroep: Aanroep, code: str) -> Antwoord:
    return _bestuurslijst(request, aanroep, code, "aanbieders", selectie.aanbieders_van, serialisatie.aanbieder,
                          laden.AANBIEDERS)


@json_api("opvragen_onderwijsbegeleidingsaanbiedersVanOrganisatie")
def organisatie_begeleidingsaanbieders(request: HttpRequest, aanroep: Aanroep, code: str) -> Antwoord:
    return _bestuurslijst(request, aanroep, code, "begeleidingsaanbieders", selectie.begeleidingsaanbieders_van,
                          serialisatie.begeleidingsaanbieder)


@json_api("opvragen_onderwijslocatiegebruikVanOrganisatie")
def organisatie_locatiegebruik(request: HttpRequest, aanroep: Aanroep, code: str) -> Antwoord:
    return _bestuurslijst(request, aanroep, code, "locatiegebruik", selectie.locatiegebruik_van,
                          serialisatie.locatiegebruik, laden.LOCATIEGEBRUIK)


@json_api("opvragen_aangebodenOpleidingenVanOrganisatie")
def organisatie_opleidingen(request: HttpRequest, aanroep: Aanroep, code: str) -> Antwoord:
    return _bestuurslijst(request, aanroep, code, "opleidingen",
                          lambda aanroep, bestuur: selectie.aangeboden_opleidingen(aanroep, bestuur=bestuur),
                          serialisatie.aangeboden_opleiding, laden.OPLEIDINGEN)


@json_api("opvragen_aangebodenOpleidingenVanAanbieder")
def aanbieder_opleidingen(request: HttpRequest, aanroep: Aanroep, code: str) -> Antwoord:
    aanbieder = selectie.aanbieder(code)
    selectie.vereis_aanbieder_zichtbaar(aanroep, aanbieder)
    return _lijst(request, aanroep, selectie.aangeboden_opleidingen(aanroep, aanbieder=aanbieder),
                  serialisatie.aangeboden_opleiding)


@json_api("opvragen_aangebodenOpleidingenVanVestiging")
def vestiging_opleidingen(request: HttpRequest, aanroep: Aanroep, code: str) -> Antwoord:
    vestiging = selectie.vestiging(code)
    selectie.vereis_vestiging_zichtbaar(aanroep, vestiging)
    return _lijst(request, aanroep, selectie.aangeboden_opleidingen(aanroep, vestiging=vestiging),
                  serialisatie.aangeboden_opleiding)


@json_api("opvragen_wijzigingen")
def wijzigingen(request: HttpRequest, aanroep: Aanroep) -> Antwoord:
    sinds = sinds_uit_verzoek(request)
    # Keyed on the question (URL: sinds, page) and what the feed is made of: every audit row raises a change
    # counter (selectors.registerstand), and the system's mandate rows (selectie.feedstand).
    return antwoordcache.gecachet(request, aanroep, "wijzigingen", lambda: selectie.feedstand(aanroep),
                                  lambda stand: stand, lambda stand: _wijzigingen(request, aanroep, sinds))


def _wijzigingen(request: HttpRequest, aanroep: Aanroep, sinds: datetime) -> Antwoord:
    regels = selectie.wijzigingen_sinds(aanroep, sinds)
    feed = pagineer_wijzigingen(request, aanroep.systeem, sinds, regels)
    pagina = feed.pagina
    return Antwoord(_json({
        "peildatum": aanroep.peildatum.isoformat(),
        "sinds": serialisatie.tijdstip(sinds),
        "volgende_sinds": serialisatie.tijdstip(feed.volgende_sinds or sinds),
        "paginering": paginering(request, pagina),
        "resultaten": [serialisatie.wijziging(regel) for regel in pagina.objecten],
    }), len(pagina.objecten))


# The change feed's objecttype → model, so a client can ask the history of what the feed named.
MODEL_PER_OBJECTTYPE = {naam: model for model in (Onderwijsaanbieder, Onderwijslocatiegebruik, AangebodenOpleiding)
                        for verbose, naam in serialisatie.OBJECTTYPEN.items() if verbose == model._meta.verbose_name}


@json_api("opvragen_historie")
def historie(request: HttpRequest, aanroep: Aanroep, objecttype: str, code: str) -> Antwoord:
    """Formal history, as the Objects API's registrationDate: the object as the register knew it at the end of
    ``bekendOp`` (before later corrections), and the corrections registered up to then, each with its reason.
    Without ``bekendOp``: as registered now. The peildatum plays no part (ADR 0008)."""
    model = MODEL_PER_OBJECTTYPE.get(objecttype)
    if model is None:
        raise ApiFout(404, "niet_gevonden", f"Onbekend objecttype '{objecttype[:40]}'. Kies uit "
                                            f"{', '.join(MODEL_PER_OBJECTTYPE)}.")
    obj = selectie.object_uit_feed(aanroep, model, code)
    bekend_op = datum_uit_verzoek(request, "bekendOp")
    if bekend_op is not None:
        selectie.vereis_mandaat_op(aanroep, obj, bekend_op)
    toestand = audit.momentopname(obj) if bekend_op is None else correctie.bekend_op(obj, bekend_op)
    correcties = selectie.correcties_van(aanroep, obj, bekend_op)
    return Antwoord(_json({
        "objecttype": objecttype, "code": audit.objectcode(obj), "bekend_op": serialisatie.datum(bekend_op),
        "geregistreerd": serialisatie.zoals_geregistreerd(toestand),
        "correcties": [serialisatie.correctie(regel) for regel in correcties],
    }), 1 if toestand is not None else 0)


def _alleen_lezen(view: Callable[[HttpRequest], HttpResponse]) -> Callable[..., HttpResponse]:
    """GET/HEAD only (these pages need no key), with the version header, and a refusal as a problem."""

    @csrf_exempt  # nothing here changes anything, so a POST is refused as 405, not as a CSRF failure
    @wraps(view)
    def omhulsel(request: HttpRequest, **kwargs: Any) -> HttpResponse:
        if request.method not in ("GET", "HEAD"):
            antwoord: HttpResponse = ProbleemResponse(ApiFout(405, "methode_niet_toegestaan", ALLEEN_LEZEN))
            antwoord["Allow"] = "GET, HEAD"
        else:
            antwoord = view(request, **kwargs)
        return met_versie(request, antwoord)

    return omhulsel


# The OpenAPI document is for everyone, also a documentation viewer on another site (API Design Rules
# /core/publish-openapi): any origin may read it, and a browser may see the version header.
CORS_OPENAPI = {"Access-Control-Allow-Origin": "*", "Access-Control-Expose-Headers": "API-Version"}


@csrf_exempt
def openapi_document(request: HttpRequest) -> HttpResponse:
    """The OpenAPI 3.1 description of this API; public, no key needed. OPTIONS answers a CORS preflight."""
    if request.method == "OPTIONS":
        antwoord = HttpResponse(status=204)
        del antwoord["Content-Type"]
        antwoord["Allow"] = "GET, HEAD, OPTIONS"
        antwoord["Access-Control-Allow-Methods"] = "GET, HEAD, OPTIONS"
        antwoord["Access-Control-Max-Age"] = "86400"
        antwoord = met_versie(request, antwoord)
    else:
        antwoord = _openapi_document(request)
        if antwoord.status_code == 405:
            antwoord["Allow"] = "GET, HEAD, OPTIONS"
    for naam, waarde in CORS_OPENAPI.items():
        antwoord[naam] = waarde
    return antwoord


@_alleen_lezen
def _openapi_document(request: HttpRequest) -> HttpResponse:
    return _json(openapi.document())


@_alleen_lezen
def index(request: HttpRequest) -> HttpResponse:
    """A short human page: what the API is, how to authenticate, the problem types, and the OpenAPI document."""
    return render(request, "uitwisseling/api/index.html", {"operaties": openapi.operaties(),
                                                            "problemen": openapi.PROBLEEMTYPEN,
                                                            "versie": openapi.VERSIE})


# The operations whose 1.0 path ended in a slash (the documentation pages never had one to keep).
PADEN_VAN_1_0 = {"api_v1_organisatie_aanbieders", "api_v1_organisatie_locatiegebruik", "api_v1_organisatie_opleidingen",
                 "api_v1_aanbieder_opleidingen", "api_v1_vestiging_opleidingen", "api_v1_wijzigingen",
                 "api_v1_historie"}


@csrf_exempt
def oud_pad(request: HttpRequest, pad: str) -> HttpResponse:
    """API 1.0's paths ended in a slash: 308 (method and headers kept) to the same path without it, query string
    and all, for the 1.x versions. Any other path with a trailing slash is unknown (404)."""
    zonder = request.path_info[:-1]
    try:
        gevonden = resolve(zonder)
    except Resolver404:
        gevonden = None
    if gevonden is None or gevonden.url_name not in PADEN_VAN_1_0:
        return met_versie(request, _onbekend_pad(request))
    doel = request.path[:-1]
    if request.META.get("QUERY_STRING"):
        doel += "?" + request.META["QUERY_STRING"]
    return met_versie(request, HttpResponsePermanentRedirect(doel, preserve_request=True))


def _onbekend_pad(request: HttpRequest) -> HttpResponse:
    return ProbleemResponse(ApiFout(404, "pad_onbekend", f"Het pad {request.path[:120]} bestaat niet in deze API. "
                                                         "Paden eindigen niet op een /; zie /api/v1/openapi.json "
                                                         "voor alle paden."))


@csrf_exempt
def onbekend(request: HttpRequest, **kwargs: Any) -> HttpResponse:
    """Any other path under /api/v1/: a 404 problem (for every method), not the portal's HTML page."""
    return met_versie(request, _onbekend_pad(request))
