"""A screen's rendered body, cached under a key of everything it was built from (docs/adr/0015).

The caller names the parts of the key: the board's change counters (``registratie.selectors.bestuursstand``), the
reader's rights, the peildatum, and whatever else the body depends on; this module adds today's date and the
language. The body is rendered with a placeholder for the CSRF token, which differs per person and is put in on
every answer, so the cached HTML holds nothing of the person who first asked for it.
"""

import hashlib
from collections.abc import Callable

from django.conf import settings
from django.core.cache import caches
from django.http import HttpRequest
from django.middleware.csrf import get_token
from django.utils import translation
from django.utils.safestring import SafeString, mark_safe

from kern.tijd import vandaag

CACHE = "fragmenten"
# What {% csrf_token %} prints in a cached body, replaced per answer. Letters only, as a real token.
CSRF_PLAATSHOUDER = "CSRFPLAATSHOUDERFRAGMENTCACHE"

type Scherm = tuple[str, str]  # (title, body HTML)


def sleutel(naam: str, delen: tuple[object, ...]) -> str:
    """The cache key: a hash, as the parts may hold any text (a query string) and memcached limits key length."""
    inhoud = repr((delen, vandaag().isoformat(), translation.get_language()))
    return f"{naam}:{hashlib.sha256(inhoud.encode()).hexdigest()}"


def gecached_scherm(request: HttpRequest, naam: str, delen: tuple[object, ...],
                    maak: Callable[[str], Scherm]) -> tuple[str, SafeString]:
    """The (title, body) of a screen: from the cache, else ``maak(csrf_token)`` builds it and it is stored."""
    cache = caches[CACHE]
    k = sleutel(naam, delen)
    scherm: Scherm | None = cache.get(k)
    if scherm is None:
        scherm = maak(CSRF_PLAATSHOUDER)
        cache.set(k, scherm, settings.FRAGMENT_CACHE_SECONDEN)
    titel, html = scherm
    if CSRF_PLAATSHOUDER in html:
        html = html.replace(CSRF_PLAATSHOUDER, get_token(request))
    return titel, mark_safe(html)  # noqa: S308  # rendered by our own templates, with autoescaping
