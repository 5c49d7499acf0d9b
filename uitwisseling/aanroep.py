"""One way in for every read-API call, JSON and XML alike (issue 4).

``api_view`` authenticates the supplier system by its key, reads the peildatum, runs the operation, turns an
``ApiFout`` into a 4xx answer with a Dutch message, and logs every call (system, what, when, how many records).
What a system may read is decided in autorisatie/toegang.py; this module only applies it.
"""

import logging
import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from functools import wraps

from django.core.paginator import EmptyPage, PageNotAnInteger, Paginator
from django.db import transaction
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.utils import timezone
from django.utils.cache import patch_vary_headers
from django.views.decorators.csrf import csrf_exempt

from autorisatie import toegang
from autorisatie.models import ApiSleutel, Dienst, Systeem
from kern.tijd import vandaag
from registratie.models import Instellingserkenning
from uitwisseling.models import ApiAanroep

logger = logging.getLogger("uitwisseling.api")

STANDAARD_PER_PAGINA = 100
MAXIMUM_PER_PAGINA = 500


class ApiFout(Exception):
    """A refused call: HTTP status, a stable machine code and a Dutch message that says how to fix it."""

    def __init__(self, status: int, code: str, melding: str) -> None:
        super().__init__(melding)
        self.status = status
        self.code = code
        self.melding = melding


@dataclass(frozen=True)
class Aanroep:
    """The authenticated caller of one request and the date it asks about."""

    systeem: Systeem
    sleutel: ApiSleutel
    peildatum: date


@dataclass(frozen=True)
class Antwoord:
    """What an operation returns: the response and the number of records in it (for the call log)."""

    response: HttpResponse
    aantal: int = 0


def json_fout(fout: ApiFout) -> HttpResponse:
    return JsonResponse({"fout": {"code": fout.code, "melding": fout.melding}}, status=fout.status,
                        json_dumps_params={"ensure_ascii": False})


def sleutel_uit_verzoek(request: HttpRequest) -> str:
    """The key from ``Authorization: Bearer <sleutel>`` or ``X-API-Key: <sleutel>``."""
    autorisatie = request.headers.get("Authorization", "")
    if autorisatie.lower().startswith("bearer "):
        return autorisatie[7:].strip()
    return request.headers.get("X-API-Key", "").strip()


def authenticeer(request: HttpRequest) -> ApiSleutel:
    sleutel = sleutel_uit_verzoek(request)
    if not sleutel:
        raise ApiFout(401, "sleutel_ontbreekt", "Geen API-sleutel meegestuurd. Zet de sleutel in de header "
                                                 "'Authorization: Bearer <sleutel>' of 'X-API-Key: <sleutel>'.")
    gevonden = toegang.api_sleutel(sleutel)
    if gevonden is None:
        raise ApiFout(401, "sleutel_ongeldig", "De API-sleutel is onbekend, ingetrokken of hoort bij een inactief "
                                                "systeem. Vraag een nieuwe sleutel aan bij DUO.")
    return gevonden


def datum_uit_verzoek(request: HttpRequest, naam: str) -> date | None:
    """``?<naam>=JJJJ-MM-DD``, or None when absent; anything else is a 400 that says the form."""
    waarde = request.GET.get(naam, "").strip()
    if not waarde:
        return None
    try:
        return date.fromisoformat(waarde)
    except ValueError:
        raise ApiFout(400, f"{naam}_ongeldig", f"{naam} '{waarde[:40]}' is geen datum. Gebruik de vorm "
                                               "JJJJ-MM-DD, bijvoorbeeld 2026-08-01.") from None


def peildatum_uit_verzoek(request: HttpRequest) -> date:
    """``?peildatum=JJJJ-MM-DD``; without it: today."""
    return datum_uit_verzoek(request, "peildatum") or vandaag()


# A refusal names today, not the peildatum: the mandate is checked on the day of the request (docs/adr/0005).
# The fix comes first: RIO's XML cuts a fouttekst off after 200 characters.
MANDAAT_HERSTEL = "Het bestuur legt mandaten vast in het OSR; een peildatum verandert dit niet."


def vandaag_genoemd() -> str:
    return f"vandaag ({vandaag().isoformat()})"


def vereis_mandaat(aanroep: Aanroep, instelling: Instellingserkenning, dienst: str = Dienst.RIO) -> None:
    """403 with the reason when the school does not mandate the calling system today (whatever the peildatum)."""
    if not toegang.mag_systeem_lezen(aanroep.systeem, instelling, dienst):
        raise ApiFout(403, "geen_mandaat",
                      f"School {instelling.code} heeft systeem '{aanroep.systeem.naam}' {vandaag_genoemd()} geen "
                      f"mandaat gegeven voor dienst {Dienst(dienst).label}. {MANDAAT_HERSTEL}")


def sinds_uit_verzoek(request: HttpRequest, naam: str = "sinds") -> datetime:
    """``?sinds=`` as an ISO-8601 timestamp with a time zone (for delta synchronisation); required."""
    waarde = request.GET.get(naam, "").strip()
    voorbeeld = ("Gebruik een ISO-8601-tijdstip met tijdzone, bijvoorbeeld 2026-08-01T00:00:00Z of "
                 "2026-08-01T02:00:00%2B02:00 (schrijf de + in een URL als %2B).")
    if not waarde:
        raise ApiFout(400, f"{naam}_ontbreekt", f"De parameter {naam} ontbreekt. {voorbeeld}")
    # An unencoded '+' in a query string arrives as a space: '...T02:00:00 02:00' means '+02:00'.
    hersteld = re.sub(r"(T[0-9:.]+) ([0-9]{2}:?[0-9]{2})$", r"\1+\2", waarde)
    try:
        tijdstip = datetime.fromisoformat(hersteld)
    except ValueError:
        raise ApiFout(400, f"{naam}_ongeldig", f"{naam} '{waarde[:40]}' is geen tijdstip. {voorbeeld}") from None
    if tijdstip.tzinfo is None:
        raise ApiFout(400, f"{naam}_ongeldig", f"{naam} '{waarde[:40]}' heeft geen tijdzone. {voorbeeld}")
    return tijdstip


@dataclass(frozen=True)
class Pagina:
    objecten: list
    nummer: int
    per_pagina: int
    aantal_paginas: int
    totaal: int

    def meta(self) -> dict[str, int]:
        return {"pagina": self.nummer, "per_pagina": self.per_pagina, "aantal_paginas": self.aantal_paginas,
                "totaal": self.totaal}


def _geheel_getal(request: HttpRequest, naam: str, standaard: int) -> int:
    waarde = request.GET.get(naam, "").strip()
    if not waarde:
        return standaard
    if not waarde.isascii() or not waarde.isdigit() or int(waarde) < 1:
        raise ApiFout(400, f"{naam}_ongeldig", f"{naam} moet een geheel getal van 1 of meer zijn, niet "
                                                f"'{waarde[:20]}'.")
    return int(waarde)


def pagineer(request: HttpRequest, objecten: QuerySet | list) -> Pagina:
    """``?pagina=`` (from 1) and ``?per_pagina=`` (at most MAXIMUM_PER_PAGINA); a page past the end is a 404."""
    per_pagina = min(_geheel_getal(request, "per_pagina", STANDAARD_PER_PAGINA), MAXIMUM_PER_PAGINA)
    nummer = _geheel_getal(request, "pagina", 1)
    paginator = Paginator(objecten, per_pagina, allow_empty_first_page=True)
    if nummer == 1:
        # Most answers fit on one page: a first page that is not full holds every record, so no COUNT query.
        eerste = list(objecten[:per_pagina])
        if len(eerste) < per_pagina:
            return Pagina(eerste, 1, per_pagina, 1, len(eerste))
        return Pagina(eerste, 1, per_pagina, paginator.num_pages, paginator.count)
    try:
        pagina = paginator.page(nummer)
    except (EmptyPage, PageNotAnInteger):
        raise ApiFout(404, "pagina_bestaat_niet", f"Pagina {nummer} bestaat niet; er zijn "
                                                   f"{paginator.num_pages} pagina's.") from None
    return Pagina(list(pagina.object_list), nummer, per_pagina, paginator.num_pages, paginator.count)


def _schoon(tekst: str, lengte: int) -> str:
    """Text fit for the call log: without NUL (PostgreSQL refuses it in text and jsonb) and cut to the column."""
    return tekst.replace("\x00", "")[:lengte]


def _log(request: HttpRequest, operatie: str, formaat: str, sleutel: ApiSleutel | None, status: int,
         aantal: int, melding: str) -> None:
    # The log records the answer; it must never replace it: a failed write is logged, not raised, and runs in its
    # own savepoint so a refused INSERT does not break the request's transaction.
    try:
        with transaction.atomic():
            ApiAanroep.objects.create(
                systeem=sleutel.systeem if sleutel else None, sleutel=sleutel,
                methode=_schoon(request.method or "", 10), pad=_schoon(request.path, 300), operatie=operatie,
                parameters={_schoon(k, 100): _schoon(v, 100) for k, v in list(request.GET.items())[:50]},
                formaat=formaat, statuscode=status, aantal=aantal, melding=_schoon(melding, 300))
    except Exception:
        logger.exception("API-aanroep niet gelogd: %s %s", status, _schoon(request.path, 300))


Operatie = Callable[..., Antwoord]


def api_view(operatie: str, formaat: str = "json",
             fout_antwoord: Callable[[ApiFout], HttpResponse] = json_fout) -> Callable[[Operatie], Callable]:
    """Wrap an operation ``func(request, aanroep, **kwargs) -> Antwoord`` as a GET-only API view."""

    def decorator(func: Operatie) -> Callable:
        @csrf_exempt  # key-authenticated and read-only: no session, so no CSRF to guard
        @wraps(func)
        def view(request: HttpRequest, **kwargs) -> HttpResponse:
            sleutel = None
            try:
                if request.method not in ("GET", "HEAD"):
                    sleutel = toegang.api_sleutel(sleutel_uit_verzoek(request))  # only to log who asked
                    raise ApiFout(405, "methode_niet_toegestaan", "Deze API is alleen-lezen: gebruik GET.")
                sleutel = authenticeer(request)
                aanroep = Aanroep(sleutel.systeem, sleutel, peildatum_uit_verzoek(request))
                antwoord = func(request, aanroep, **kwargs)
            except ApiFout as fout:
                logger.info("API geweigerd: %s %s %s", request.path, fout.status, fout.code)
                antwoord = Antwoord(fout_antwoord(fout))
                melding = fout.melding
            else:
                melding = ""
            if sleutel is not None:
                ApiSleutel.objects.filter(pk=sleutel.pk).update(laatst_gebruikt_op=timezone.now())
            _log(request, operatie, formaat, sleutel, antwoord.response.status_code, antwoord.aantal, melding)
            if antwoord.response.status_code == 405:
                antwoord.response["Allow"] = "GET, HEAD"
            # What a system may read depends on its key: no shared cache may keep or reuse the answer.
            antwoord.response["Cache-Control"] = "private, no-store"
            patch_vary_headers(antwoord.response, ("Authorization", "X-API-Key"))
            return antwoord.response

        return view

    return decorator
