"""The address suggestions of the locatie form (issue 18 §3): JSON, for logged-in people, addresses only.

GET ?q=<typed text> → {"adressen": [{postcode, huisnummer, toevoeging, straatnaam, plaatsnaam, bag_id,
weergave}], "bereikbaar": true}. Nothing from the register: the answer comes from the address service alone, so
it says nothing about which schools exist where beyond what the service itself publishes. Sane under load: a
short or empty text gets nothing, a long one is cut, at most MAX_SUGGESTIES come back, and a person asking more
than ADRES_SUGGESTIES_PER_MINUUT times a minute gets a 429.
"""

import time

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.core.cache import cache
from django.http import HttpRequest, JsonResponse
from django.utils.translation import gettext
from django.views.decorators.http import require_safe

from registratie import adressen
from registratie.services.adres import MAX_SUGGESTIES

KORTSTE_ZOEKTEKST = 2


def _te_vaak(request: HttpRequest) -> bool:
    """A counter per person per minute (the cache of this process; enough to stop a runaway script)."""
    sleutel = f"adres-suggesties:{request.user.pk}:{int(time.time() // 60)}"
    cache.add(sleutel, 0, timeout=120)
    try:
        aantal = cache.incr(sleutel)
    except ValueError:  # expired between add and incr
        return False
    return aantal > settings.ADRES_SUGGESTIES_PER_MINUUT


@require_safe
@login_required  # like every page: anonymous goes to the login page (the script then offers nothing)
def suggesties(request: HttpRequest) -> JsonResponse:
    if _te_vaak(request):
        return JsonResponse({"fout": gettext("Te veel zoekvragen; wacht een minuut.")}, status=429)
    tekst = request.GET.get("q", "")[:100]
    if "\x00" in tekst or len(tekst.strip()) < KORTSTE_ZOEKTEKST:
        return _antwoord([], bereikbaar=True)
    try:
        gevonden = adressen.dienst().suggesties(tekst, MAX_SUGGESTIES)
    except adressen.DienstNietBereikbaar:
        return _antwoord([], bereikbaar=False)
    return _antwoord([a.als_json() for a in gevonden], bereikbaar=True)


def _antwoord(gevonden: list, *, bereikbaar: bool) -> JsonResponse:
    return JsonResponse({"adressen": gevonden, "bereikbaar": bereikbaar})
