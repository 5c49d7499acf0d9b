"""The JSON bytes of a list answer of /api/v1/, from the screen cache (kern.fragmenten, docs/adr/0015).

A supplier system reads the same lists again and again (a LAS polling its board); building one cost 25–50 ms of
queries, model instances and JSON for a 57-school board (bench/README.md). The bytes are stored under a key of
everything the answer is made of:

- the question: the full URL (scheme and host for the page links, path, query string with peildatum and page),
  the peildatum as read, the API version and ``CACHE_VERSIE``; kern.fragmenten adds today's date;
- the system, and what of its mandates the answer depends on (a board's list: the mandating schools linked to the
  board's objects, ``selectie.bestuur_voor_systeem``; the change feed: all its mandate rows, ``selectie.feedstand``);
- the register's state: the board's change counters (a list) or all of them (the feed): every audited change
  gives a new key, so no replica needs to hear of it.

The access check is not cached: the statement that brings the key is the check itself and runs on every call (a
system whose mandate ended gets its 403, not the stored list); every call is logged as before (uitwisseling.aanroep).

The key parts and a missed answer are read in one snapshot (``momentopname``): read in separate statements, a
mandate changed in between could put an answer under a key it was not made from.
"""

from collections.abc import Callable, Iterator
from contextlib import contextmanager

from django.conf import settings
from django.core.cache import caches
from django.db import connection, transaction
from django.http import HttpRequest, HttpResponse

from kern import fragmenten
from uitwisseling.aanroep import API_VERSIE, Aanroep, Antwoord

# Raise when a serialiser changes the bytes of an answer: a shared cache (FRAGMENT_CACHE_URL) outlives a deploy.
CACHE_VERSIE = 1
JSON = "application/json"

type Bewaard = tuple[bytes, int]  # the body and the number of records (for the call log)


def _sleutel(request: HttpRequest, aanroep: Aanroep, operatie: str, delen: tuple[object, ...]) -> str:
    return fragmenten.sleutel(f"api:{operatie}", (API_VERSIE, CACHE_VERSIE, request.build_absolute_uri(),
                                                  aanroep.systeem.pk, aanroep.peildatum.isoformat(), *delen))


def uit_cache(request: HttpRequest, aanroep: Aanroep, operatie: str, delen: tuple[object, ...]) -> Antwoord | None:
    """The stored answer to this question under these key parts, or None."""
    bewaard: Bewaard | None = caches[fragmenten.CACHE].get(_sleutel(request, aanroep, operatie, delen))
    if bewaard is None:
        return None
    inhoud, aantal = bewaard
    return Antwoord(HttpResponse(inhoud, content_type=JSON), aantal)


def bewaar(request: HttpRequest, aanroep: Aanroep, operatie: str, delen: tuple[object, ...],
           antwoord: Antwoord) -> Antwoord:
    """Store a successful answer (200, JSON) under these key parts; an error is never stored."""
    response = antwoord.response
    if response.status_code == 200 and response["Content-Type"] == JSON and not response.streaming:
        bewaard: Bewaard = (response.content, antwoord.aantal)
        caches[fragmenten.CACHE].set(_sleutel(request, aanroep, operatie, delen), bewaard,
                                     settings.FRAGMENT_CACHE_SECONDEN)
    return antwoord


@contextmanager
def momentopname() -> Iterator[None]:
    """One transaction in which every statement sees the same committed state (PostgreSQL REPEATABLE READ): the
    key parts read first and the answer built after. Inside a transaction already (a test), or on SQLite (one
    writer, serialisable), an ordinary atomic block."""
    if connection.in_atomic_block or connection.vendor != "postgresql":
        with transaction.atomic():
            yield
        return
    with transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ")
        yield


def gecachet[T](request: HttpRequest, aanroep: Aanroep, operatie: str, vraag: Callable[[], T],
                delen: Callable[[T], tuple[object, ...]], maak: Callable[[T], Antwoord]) -> Antwoord:
    """The answer from the cache under the key parts ``delen(vraag())``, else built by ``maak`` in the same
    snapshot, and stored. ``vraag`` is the access check too: it raises ApiFout to refuse, on every call."""
    with momentopname():
        stand = vraag()
        sleuteldelen = delen(stand)
        gevonden = uit_cache(request, aanroep, operatie, sleuteldelen)
        if gevonden is not None:
            return gevonden
        return bewaar(request, aanroep, operatie, sleuteldelen, maak(stand))
