"""Request guards that hold for every page: no NUL byte gets past the door, and nothing personal is cached.

- A NUL byte (0x00) in the path, query string or a header is refused with 400 before any view or log runs:
  PostgreSQL refuses NUL in text, so a value carrying one would otherwise end as a server error wherever it is
  stored (the API call log, a search, a session). Form fields refuse NUL themselves (ProhibitNullCharactersValidator
  and the form checks), so a typing mistake there gets a form error instead of a bare 400.
- An answer to a logged-in user, and every answer of the API, carries ``Cache-Control: private, no-store``: the
  page or download (xlsx, csv, zip, control file, sjabloon) shows what this person may see, so no shared cache or
  browser history may keep it. Public pages (Zoeken en vinden, open data, static files) stay cacheable.
"""

from collections.abc import Callable
from urllib.parse import unquote_to_bytes

from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest

from uitwisseling.aanroep import ApiFout, json_fout

NUL_MELDING = ("Het adres of een header van uw verzoek bevat een NUL-teken (0x00). Dat is nooit geldige invoer: "
               "haal het teken weg (in een URL staat het als %00) en probeer het opnieuw.")
GEEN_OPSLAG = "private, no-store"


def bevat_nul(request: HttpRequest) -> bool:
    """True when the path, the (percent-decoded) query string or any header holds a NUL byte."""
    if "\x00" in request.path_info or "\x00" in request.path:
        return True
    if b"\x00" in unquote_to_bytes(request.META.get("QUERY_STRING", "")):
        return True
    # Headers are HTTP_* plus the two the server passes without prefix.
    return any("\x00" in waarde for sleutel, waarde in request.META.items()
               if isinstance(waarde, str) and (sleutel.startswith("HTTP_") or sleutel in ("CONTENT_TYPE",
                                                                                          "CONTENT_LENGTH")))


def nul_geweigerd(request: HttpRequest) -> HttpResponse:
    if request.path_info.startswith("/api/"):
        # The API's own problem shape, so a client parses one kind of error.
        antwoord = json_fout(ApiFout(400, "nul_teken", NUL_MELDING))
    else:
        antwoord = HttpResponseBadRequest(NUL_MELDING, content_type="text/plain; charset=utf-8")
    antwoord["Cache-Control"] = GEEN_OPSLAG
    return antwoord


def is_ingelogd(request: HttpRequest) -> bool:
    gebruiker = getattr(request, "user", None)
    return bool(gebruiker is not None and gebruiker.is_authenticated)


class InvoerEnCacheMiddleware:
    """Placed early in MIDDLEWARE: it refuses before sessions, CSRF or a view touch the request, and it sees
    the final response (after the session and auth middleware ran) to mark it not cacheable."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if bevat_nul(request):
            return nul_geweigerd(request)
        antwoord = self.get_response(request)
        if request.path_info.startswith("/api/") or is_ingelogd(request):
            niet_bewaren(antwoord)
        return antwoord


def niet_bewaren(antwoord: HttpResponse) -> None:
    """``private, no-store``, unless the view already forbade storing (e.g. the page showing a new API key)."""
    if "no-store" not in antwoord.get("Cache-Control", ""):
        antwoord["Cache-Control"] = GEEN_OPSLAG
