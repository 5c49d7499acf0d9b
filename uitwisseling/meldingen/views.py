"""/api/v1/abonnementen: a supplier system subscribes to change notifications with its own API key.

The conventions of the JSON API (docs/adr/0005, "API 1.1") hold here too: ``json_api`` checks the key, logs the
call and answers every error as application/problem+json with the API-Version header; paths have no trailing slash
and fields are camelCase. A system sees and deletes only its own subscriptions: another system's id is a 404, the
same answer as an id that does not exist, so an id reveals nothing.
"""

import json
import uuid
from typing import Any

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.urls import reverse

from uitwisseling.aanroep import Aanroep, Antwoord, ApiFout, pagineer
from uitwisseling.api.serialisatie import tijdstip
from uitwisseling.api.views import json_api, paginering
from uitwisseling.meldingen import services
from uitwisseling.meldingen.models import Abonnement

MAX_INHOUD = 8 * 1024


def _json(inhoud: dict[str, Any], status: int = 200) -> JsonResponse:
    return JsonResponse(inhoud, status=status, json_dumps_params={"ensure_ascii": False})


def _of_null(waarde: Any) -> Any:
    return tijdstip(waarde) if waarde is not None else None


def abonnement_json(abonnement: Abonnement) -> dict[str, Any]:
    status = services.status(abonnement)
    return {
        "id": str(abonnement.publiek_id),
        "callbackUrl": abonnement.callback_url,
        "bestuurcode": abonnement.bestuurcode or None,
        "instellingscode": abonnement.instellingscode or None,
        "objecttypen": abonnement.objecttypen,
        "actief": abonnement.actief,
        "aangemaaktOp": tijdstip(abonnement.aangemaakt_op),
        "status": {
            "laatstGeslaagdOp": _of_null(status["laatst_geslaagd_op"]),
            "laatstMisluktOp": _of_null(status["laatst_mislukt_op"]),
            "laatsteFout": status["laatste_fout"] or None,
            "foutenOpRij": status["fouten_op_rij"],
            "aantalAfgeleverd": status["aantal_afgeleverd"],
            "wachtend": status["wachtend"],
        },
    }


def _ongeldig(veld: str, melding: str) -> ApiFout:
    return ApiFout(400, f"{veld}_ongeldig", melding, veld)


def _inhoud(request: HttpRequest) -> dict[str, Any]:
    """The JSON object of a POST; anything else is a 400 that says what is expected."""
    if request.content_type != "application/json":
        raise ApiFout(400, "inhoud_ongeldig", "Stuur een JSON-object met Content-Type: application/json.")
    if len(request.body) > MAX_INHOUD:
        raise ApiFout(400, "inhoud_ongeldig", f"Het verzoek is groter dan {MAX_INHOUD} bytes.")
    try:
        inhoud = json.loads(request.body)
    except (UnicodeDecodeError, json.JSONDecodeError):
        raise ApiFout(400, "inhoud_ongeldig", "De inhoud is geen geldige JSON.") from None
    if not isinstance(inhoud, dict):
        raise ApiFout(400, "inhoud_ongeldig", "De inhoud moet een JSON-object zijn, zoals "
                                              '{"callbackUrl": "https://las.example.nl/rio"}.')
    onbekend = sorted(set(inhoud) - {"callbackUrl", "geheim", "bestuurcode", "instellingscode", "objecttypen"})
    if onbekend:
        raise _ongeldig(onbekend[0][:40], f"Onbekend veld '{onbekend[0][:40]}'.")
    return inhoud


def _tekst(inhoud: dict[str, Any], veld: str, verplicht: bool = False) -> str | None:
    waarde = inhoud.get(veld)
    if waarde is None:
        if verplicht:
            raise _ongeldig(veld, f"{veld} ontbreekt.")
        return None
    if not isinstance(waarde, str):
        raise _ongeldig(veld, f"{veld} moet een tekst zijn.")
    return waarde.strip()


def _nieuw(request: HttpRequest, aanroep: Aanroep) -> Antwoord:
    inhoud = _inhoud(request)
    objecttypen = inhoud.get("objecttypen")
    if objecttypen is not None and (not isinstance(objecttypen, list)
                                    or not all(isinstance(t, str) for t in objecttypen)):
        raise _ongeldig("objecttypen", "objecttypen is een lijst van teksten, bijvoorbeeld [\"onderwijsaanbieder\"].")
    try:
        abonnement, geheim = services.maak_abonnement(
            aanroep.systeem, callback_url=_tekst(inhoud, "callbackUrl", verplicht=True) or "",
            geheim=_tekst(inhoud, "geheim"), bestuurcode=(_tekst(inhoud, "bestuurcode") or "").upper(),
            instellingscode=(_tekst(inhoud, "instellingscode") or "").upper(), objecttypen=objecttypen)
    except services.OngeldigAbonnement as fout:
        raise _ongeldig(fout.veld, fout.melding) from None
    antwoord = abonnement_json(abonnement)
    if "geheim" not in inhoud:  # made by the portal: shown this once, never again
        antwoord["geheim"] = geheim
    response = _json(antwoord, status=201)
    response["Location"] = request.build_absolute_uri(
        reverse("uitwisseling:api_v1_abonnement", args=[abonnement.publiek_id]))
    return Antwoord(response, 1)


@json_api("abonnementen", methoden=("GET", "HEAD", "POST"))
def abonnementen(request: HttpRequest, aanroep: Aanroep) -> Antwoord:
    """GET: the system's own subscriptions with their delivery status; POST: a new one."""
    if request.method == "POST":
        return _nieuw(request, aanroep)
    pagina = pagineer(request, services.abonnementen_van(aanroep.systeem))
    return Antwoord(_json({"paginering": paginering(request, pagina),
                           "resultaten": [abonnement_json(a) for a in pagina.objecten]}), len(pagina.objecten))


def _eigen(aanroep: Aanroep, id: str) -> Abonnement:
    try:
        publiek_id = uuid.UUID(id)
    except ValueError:
        publiek_id = None
    gevonden = (services.abonnementen_van(aanroep.systeem).filter(publiek_id=publiek_id).first()
                if publiek_id is not None else None)
    if gevonden is None:
        raise ApiFout(404, "niet_gevonden", f"Dit systeem heeft geen abonnement met id {id[:40]}.")
    return gevonden


@json_api("abonnement", methoden=("GET", "HEAD", "DELETE"))
def abonnement(request: HttpRequest, aanroep: Aanroep, id: str) -> Antwoord:
    """GET: one own subscription with its status; DELETE: end it (no further deliveries)."""
    gevonden = _eigen(aanroep, id)
    if request.method == "DELETE":
        gevonden.delete()
        return Antwoord(HttpResponse(status=204))
    return Antwoord(_json(abonnement_json(gevonden)), 1)
