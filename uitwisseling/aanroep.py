"""One way in for every read-API call, JSON and XML alike (issue 4).

``api_view`` authenticates the supplier system by its key, reads the peildatum, runs the operation, turns an
``ApiFout`` into a 4xx answer with a Dutch message, and logs every call (system, what, when, how many records).
What a system may read is decided in autorisatie/toegang.py; this module only applies it.
"""

import functools
import json
import logging
import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from functools import wraps
from typing import Any

from django.core.cache import cache
from django.core.paginator import EmptyPage, PageNotAnInteger, Paginator
from django.core.serializers.json import DjangoJSONEncoder
from django.db import connection, transaction
from django.db.models import QuerySet
from django.db.models.sql import InsertQuery
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
    """A refused call: HTTP status, a stable machine code and a Dutch message that says how to fix it; for bad input
    also the query parameter at fault (as the client named it)."""

    def __init__(self, status: int, code: str, melding: str, parameter: str | None = None) -> None:
        super().__init__(melding)
        self.status = status
        self.code = code
        self.melding = melding
        self.parameter = parameter


@dataclass(frozen=True)
class Aanroep:
    """The authenticated caller of one request and the date it asks about."""

    systeem: Systeem
    sleutel: ApiSleutel | None  # None when the system proved itself by certificate (SOAP, uitwisseling/soap)
    peildatum: date


@dataclass(frozen=True)
class Antwoord:
    """What an operation returns: the response and the number of records in it (for the call log)."""

    response: HttpResponse
    aantal: int = 0


# The JSON API's full version (info.version of /api/v1/openapi.json), sent as API-Version on every answer of /api/v1/
# (API Design Rules /core/version-header). Minor and patch versions only add; a breaking change is /api/v2/.
API_VERSIE = "1.3.0"  # 1.3: /organisaties/{code} and .../begeleidingsaanbieders
PROBLEEM_JSON = "application/problem+json"
# Where the problem types are explained (the API's own page, one anchor per code); absolute once the request is known.
PROBLEEMTYPEN_PAD = "/api/v1/"

# One fixed title per status (RFC 9457: the title belongs to the problem type, the detail to this occurrence).
PROBLEEMTITELS = {
    400: "Ongeldig verzoek", 401: "Niet geauthenticeerd", 403: "Geen toegang", 404: "Niet gevonden",
    405: "Methode niet toegestaan", 406: "Niet aanvaardbaar", 429: "Te veel verzoeken", 500: "Interne fout",
}


class ProbleemResponse(JsonResponse):
    """An error as ``application/problem+json`` (RFC 9457): type, title, status, detail, instance, plus ``code``
    (stable, for programs), ``invalidParams`` for bad input, and ``fout`` (the 1.0 shape, deprecated)."""

    def __init__(self, fout: ApiFout, request: HttpRequest | None = None) -> None:
        self.fout = fout
        super().__init__(self._inhoud(request), status=fout.status, content_type=PROBLEEM_JSON,
                         json_dumps_params={"ensure_ascii": False})
        self["API-Version"] = API_VERSIE
        self["Content-Language"] = "nl"

    def _inhoud(self, request: HttpRequest | None) -> dict:
        fout = self.fout
        basis = request.build_absolute_uri(PROBLEEMTYPEN_PAD) if request is not None else PROBLEEMTYPEN_PAD
        probleem: dict = {"type": f"{basis}#probleem-{fout.code}",
                          "title": PROBLEEMTITELS.get(fout.status, "Fout"), "status": fout.status,
                          "detail": fout.melding}
        if request is not None:
            probleem["instance"] = request.path
        probleem["code"] = fout.code
        if fout.parameter:
            probleem["invalidParams"] = [{"name": fout.parameter, "code": fout.code, "reason": fout.melding}]
        probleem["fout"] = {"code": fout.code, "melding": fout.melding}  # API 1.0's shape; goes in 2.0
        return probleem

    def voor(self, request: HttpRequest) -> "ProbleemResponse":
        """The same problem with the request known: absolute ``type`` and the ``instance`` it happened on."""
        self.content = self._encoder_inhoud(self._inhoud(request))
        return self

    @staticmethod
    def _encoder_inhoud(inhoud: dict) -> bytes:
        return json.dumps(inhoud, cls=DjangoJSONEncoder, ensure_ascii=False).encode()


def json_fout(fout: ApiFout, request: HttpRequest | None = None) -> ProbleemResponse:
    return ProbleemResponse(fout, request)


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


# Query parameters are lower camelCase (API Design Rules /core/query-keys-camel-case). API 1.0's snake_case names
# still work in 1.x, documented as deprecated; the new name wins when a client sends both.
OUDE_NAMEN = {"perPagina": "per_pagina", "bekendOp": "bekend_op"}


def parameter(request: HttpRequest, naam: str) -> tuple[str, str]:
    """(the name the client used, its stripped value): ``naam``, or else its deprecated 1.0 name."""
    oud = OUDE_NAMEN.get(naam)
    if naam not in request.GET and oud is not None and oud in request.GET:
        return oud, request.GET.get(oud, "").strip()
    return naam, request.GET.get(naam, "").strip()


def datum_uit_verzoek(request: HttpRequest, naam: str) -> date | None:
    """``?<naam>=JJJJ-MM-DD``, or None when absent; anything else is a 400 that says the form."""
    gebruikt, waarde = parameter(request, naam)
    if not waarde:
        return None
    try:
        return date.fromisoformat(waarde)
    except ValueError:
        raise ApiFout(400, f"{gebruikt}_ongeldig", f"{gebruikt} '{waarde[:40]}' is geen datum. Gebruik de vorm "
                                                   "JJJJ-MM-DD, bijvoorbeeld 2026-08-01.", gebruikt) from None


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
        raise ApiFout(400, f"{naam}_ontbreekt", f"De parameter {naam} ontbreekt. {voorbeeld}", naam)
    # An unencoded '+' in a query string arrives as a space: '...T02:00:00 02:00' means '+02:00'.
    hersteld = re.sub(r"(T[0-9:.]+) ([0-9]{2}:?[0-9]{2})$", r"\1+\2", waarde)
    try:
        tijdstip = datetime.fromisoformat(hersteld)
    except ValueError:
        raise ApiFout(400, f"{naam}_ongeldig", f"{naam} '{waarde[:40]}' is geen tijdstip. {voorbeeld}",
                      naam) from None
    if tijdstip.tzinfo is None:
        raise ApiFout(400, f"{naam}_ongeldig", f"{naam} '{waarde[:40]}' heeft geen tijdzone. {voorbeeld}", naam)
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
    gebruikt, waarde = parameter(request, naam)
    if not waarde:
        return standaard
    if not waarde.isascii() or not waarde.isdigit() or int(waarde) < 1:
        raise ApiFout(400, f"{gebruikt}_ongeldig", f"{gebruikt} moet een geheel getal van 1 of meer zijn, niet "
                                                    f"'{waarde[:20]}'.", gebruikt)
    return int(waarde)


def pagineer(request: HttpRequest, objecten: QuerySet | list, laad: Callable[[Any], list] = list) -> Pagina:
    """``?pagina=`` (from 1) and ``?perPagina=`` (at most MAXIMUM_PER_PAGINA); a page past the end is a 404.
    ``laad``: how the page's slice becomes its objects (uitwisseling.api.laden)."""
    per_pagina = min(_geheel_getal(request, "perPagina", STANDAARD_PER_PAGINA), MAXIMUM_PER_PAGINA)
    nummer = _geheel_getal(request, "pagina", 1)
    paginator = Paginator(objecten, per_pagina, allow_empty_first_page=True)
    if nummer == 1:
        # Most answers fit on one page: a first page that is not full holds every record, so no COUNT query.
        eerste = laad(objecten[:per_pagina])
        if len(eerste) < per_pagina:
            return Pagina(eerste, 1, per_pagina, 1, len(eerste))
        return Pagina(eerste, 1, per_pagina, paginator.num_pages, paginator.count)
    try:
        pagina = paginator.page(nummer)
    except (EmptyPage, PageNotAnInteger):
        raise ApiFout(404, "pagina_bestaat_niet", f"Pagina {nummer} bestaat niet; er zijn "
                                                   f"{paginator.num_pages} pagina's.") from None
    return Pagina(laad(pagina.object_list), nummer, per_pagina, paginator.num_pages, paginator.count)


# How long the feed's count is kept for the round's next page (/wijzigingen, keyed by system and sinds).
FEED_TELLING_SECONDEN = 600


@dataclass(frozen=True)
class FeedPagina:
    """A page of the change feed and the ``sinds`` to resume after it (None: the page is empty)."""

    pagina: Pagina
    volgende_sinds: datetime | None


def _feed_sleutel(systeem: Systeem, sinds: datetime) -> str:
    return f"wijzigingen:{systeem.pk}:{sinds.isoformat()}"


def pagineer_wijzigingen(request: HttpRequest, systeem: Systeem, sinds: datetime, regels: QuerySet) -> FeedPagina:
    """A page of the change feed (``regels``: after ``sinds``, oldest first) without counting the feed each time.

    A client follows the feed by asking page 1 again with each page's ``volgende_sinds``; counting what remains
    (a visibility check per audit row) cost more than the page itself, on every page of a round (bench/README.md,
    "SOAP"). So the page reads one row past its end (is there more?), and the count is made once per round and
    carried to the next ``sinds`` in the cache, minus what this page gave. ``totaal`` is thus the count when the
    round began; a change that arrived since may come on top. Whether there is a next page is always exact: a
    count that contradicts it (or none in the cache, another worker process) is made again."""
    per_pagina = min(_geheel_getal(request, "perPagina", STANDAARD_PER_PAGINA), MAXIMUM_PER_PAGINA)
    nummer = _geheel_getal(request, "pagina", 1)
    begin = (nummer - 1) * per_pagina
    rijen = list(regels[begin:begin + per_pagina + 1])
    objecten, meer = rijen[:per_pagina], len(rijen) > per_pagina
    if not meer and (objecten or nummer == 1):
        totaal = begin + len(objecten)  # the last page: exact without a count
    else:
        totaal = cache.get(_feed_sleutel(systeem, sinds))
        if totaal is None or totaal < begin + len(rijen):
            totaal = regels.count()
        cache.set(_feed_sleutel(systeem, sinds), totaal, FEED_TELLING_SECONDEN)
    aantal_paginas = max(1, -(-totaal // per_pagina))
    if nummer > aantal_paginas or (nummer > 1 and not objecten):
        raise ApiFout(404, "pagina_bestaat_niet", f"Pagina {nummer} bestaat niet; er zijn "
                                                   f"{aantal_paginas} pagina's.")
    if not objecten:
        return FeedPagina(Pagina([], nummer, per_pagina, aantal_paginas, totaal), None)
    # Resume after the page's last change; when the next one has exactly the same tijdstip, one microsecond
    # earlier, so it is not skipped (a client may then see the last changes of this page twice; processing a
    # change twice must be harmless).
    laatste = objecten[-1].tijdstip
    volgende_sinds = laatste - timedelta(microseconds=1) if meer and rijen[-1].tijdstip == laatste else laatste
    if nummer == 1 and meer:
        # What remains after volgende_sinds: the next request of the round (page 1 again) needs no count.
        gegeven = sum(1 for regel in objecten if regel.tijdstip <= volgende_sinds)
        cache.set(_feed_sleutel(systeem, volgende_sinds), totaal - gegeven, FEED_TELLING_SECONDEN)
    return FeedPagina(Pagina(objecten, nummer, per_pagina, aantal_paginas, totaal), volgende_sinds)


SLEUTEL_BIJWERKEN = timedelta(minutes=1)


def sleutel_gebruikt(sleutel: ApiSleutel | None) -> None:
    """Note the key's last use, at most once a minute: a synchronisation makes thousands of calls in a row, and
    the screen that shows it needs minutes, not a write (and a commit) per call."""
    if sleutel is None:
        return
    nu = timezone.now()
    if sleutel.laatst_gebruikt_op is None or nu - sleutel.laatst_gebruikt_op > SLEUTEL_BIJWERKEN:
        ApiSleutel.objects.filter(pk=sleutel.pk).update(laatst_gebruikt_op=nu)


def _schoon(tekst: str, lengte: int) -> str:
    """Text fit for the call log: without NUL (PostgreSQL refuses it in text and jsonb) and cut to the column."""
    return tekst.replace("\x00", "")[:lengte]


def log_aanroep(request: HttpRequest, operatie: str, formaat: str, sleutel: ApiSleutel | None, status: int,
         aantal: int, melding: str, *, systeem: Systeem | None = None, parameters: dict | None = None) -> None:
    # The log records the answer; it must never replace it: a failed write is logged, not raised, and runs in its
    # own savepoint so a refused INSERT does not break the request's transaction.
    try:
        regel = ApiAanroep(
            systeem=systeem or (sleutel.systeem if sleutel else None), sleutel=sleutel,
            methode=_schoon(request.method or "", 10), pad=_schoon(request.path, 300), operatie=operatie,
            parameters={_schoon(k, 100): _schoon(v, 100)
                        for k, v in list((request.GET if parameters is None else parameters).items())[:50]},
            formaat=formaat, statuscode=status, aantal=aantal, melding=_schoon(melding, 300))
        if not connection.in_atomic_block and connection.vendor == "postgresql":
            _schrijf_zonder_te_wachten(regel)
        else:
            with transaction.atomic():
                regel.save(force_insert=True)
    except Exception:
        logger.exception("API-aanroep niet gelogd: %s %s", status, _schoon(request.path, 300))


def _schrijf_zonder_te_wachten(regel: ApiAanroep) -> None:
    """One round trip in autocommit: ``SET LOCAL synchronous_commit TO OFF; INSERT ...`` sent as one query string,
    which PostgreSQL runs as one transaction, so the setting holds for exactly this row. Its commit does not wait for
    the WAL flush (fsync): a read call is then not held up by the disk, which on a shared machine cost more than the
    call itself (bench/README.md, "SOAP"). A server crash may lose the last fraction of a second of log rows, never a
    register change. Django's psycopg backend binds parameters on the client, so two statements fit in one call.

    The statement is Django's own INSERT for the model, compiled once per database (it is the same for every row);
    each row's values are prepared as Django's compiler prepares them (``pre_save``, ``get_db_prep_save``)."""
    sql, velden = _log_insert(connection.alias, connection.vendor)
    params = [veld.get_db_prep_save(veld.pre_save(regel, True), connection) for veld in velden]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)


@functools.cache  # per database
def _log_insert(alias: str, vendor: str) -> tuple[str, list]:
    """``SET LOCAL synchronous_commit TO OFF; INSERT INTO uitwisseling_apiaanroep (...) VALUES (%s, ...)`` and the
    fields in the order of its placeholders (one plain ``%s`` per field: checked here, once)."""
    velden = [f for f in ApiAanroep._meta.concrete_fields if not f.primary_key]
    if any(f.has_db_default() or hasattr(f, "get_placeholder_sql") for f in velden):
        raise ValueError("De aanroeplog verwacht één gewone %s per veld.")
    query = InsertQuery(ApiAanroep)
    query.insert_values(velden, [ApiAanroep(statuscode=0)])
    ((sql, params),) = query.get_compiler(using=alias).as_sql()
    if len(params) != len(velden) or sql.count("%s") != len(velden):
        raise ValueError(f"De aanroeplog verwacht één gewone %s per veld: {sql}")
    return f"SET LOCAL synchronous_commit TO OFF; {sql}", velden


_log = log_aanroep  # the name the tests of the log know it by

Operatie = Callable[..., Antwoord]


LEESMETHODEN = ("GET", "HEAD")


def api_view(operatie: str, formaat: str = "json",
             fout_antwoord: Callable[[ApiFout], HttpResponse] = json_fout,
             methoden: tuple[str, ...] = LEESMETHODEN) -> Callable[[Operatie], Callable]:
    """Wrap an operation ``func(request, aanroep, **kwargs) -> Antwoord`` as an API view; GET-only unless
    ``methoden`` says otherwise (the subscriptions of uitwisseling.meldingen also take POST and DELETE)."""

    def decorator(func: Operatie) -> Callable:
        @csrf_exempt  # key-authenticated and read-only: no session, so no CSRF to guard
        @wraps(func)
        def view(request: HttpRequest, **kwargs) -> HttpResponse:
            sleutel = None
            try:
                if request.method not in methoden:
                    sleutel = toegang.api_sleutel(sleutel_uit_verzoek(request))  # only to log who asked
                    raise ApiFout(405, "methode_niet_toegestaan", "Deze API is alleen-lezen: gebruik GET."
                                  if methoden == LEESMETHODEN else f"Gebruik {', '.join(methoden)}.")
                sleutel = authenticeer(request)
                aanroep = Aanroep(sleutel.systeem, sleutel, peildatum_uit_verzoek(request))
                antwoord = func(request, aanroep, **kwargs)
            except ApiFout as fout:
                logger.info("API geweigerd: %s %s %s", request.path, fout.status, fout.code)
                antwoord = Antwoord(fout_antwoord(fout))
                melding = fout.melding
            else:
                melding = ""
            sleutel_gebruikt(sleutel)
            log_aanroep(request, operatie, formaat, sleutel, antwoord.response.status_code, antwoord.aantal, melding)
            if antwoord.response.status_code == 405:
                antwoord.response["Allow"] = ", ".join(methoden)
            # What a system may read depends on its key: no shared cache may keep or reuse the answer.
            antwoord.response["Cache-Control"] = "private, no-store"
            patch_vary_headers(antwoord.response, ("Authorization", "X-API-Key"))
            return antwoord.response

        return view

    return decorator
