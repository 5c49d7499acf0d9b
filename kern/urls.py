"""URL building blocks shared by every app's urls.py.

``<id:...>`` is Django's ``<int:...>`` bounded to a database key: a number beyond 2**63-1 cannot be a row, and
passing it on would overflow SQLite's integer (a server error) instead of giving the 404 it deserves. The
converter is registered when this module is imported; every urls.py with a numeric key imports it.

``link`` is ``reverse`` for the links a page or file makes by the thousand (a school's page, a fix screen): the
pattern is reversed once per name and then filled in by string formatting (the national control file asked
``reverse`` 9,851 times, 2.6 s of its profile).
"""

from collections.abc import Callable
from typing import Any

from django.core.signals import setting_changed
from django.dispatch import receiver
from django.urls import get_script_prefix, get_urlconf, register_converter, reverse
from django.utils.translation import get_language

GROOTSTE_SLEUTEL = 2**63 - 1


class SleutelConverter:
    """A positive database key: at most 19 digits and within a signed 64-bit integer; anything else is no match."""

    regex = "[0-9]{1,19}"

    def to_python(self, value: str) -> int:
        getal = int(value)
        if getal > GROOTSTE_SLEUTEL:
            raise ValueError(f"{value} is groter dan een databasesleutel kan zijn")  # no match: 404
        return getal

    def to_url(self, value: int | str) -> str:
        return str(value)


register_converter(SleutelConverter, "id")


# (name, fixed leading arguments, script prefix, urlconf, language) -> the URL before and after the last argument.
_SJABLONEN: dict[tuple[Any, ...], tuple[str, str]] = {}
# Values that reverse() puts into a URL unchanged (no percent-encoding): codes, UUIDs, keys.
_GEWOON = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_")


def link(naam: str, *args: Any) -> str:
    """``reverse(naam, args=args)``, with the last argument filled into a pattern reversed once per name (and per
    value of the arguments before it, script prefix, urlconf and language: so it follows FORCE_SCRIPT_NAME, a
    request's urlconf and, should the URLs ever get a language prefix, that too).

    For values read from the database (codes, UUIDs, keys): like a converter's ``to_url``, it does not check that
    the value fits the pattern (``reverse`` raises NoReverseMatch for ``<id:pk>`` given letters; this fills it in).
    A value with a character reverse() would encode goes through reverse() itself.
    """
    *vast, _ = args
    return _gevuld((naam, *vast, get_script_prefix(), get_urlconf(), get_language()), naam, args)


def linker(naam: str) -> Callable[[Any], str]:
    """``link`` for many values of one URL name in a row (a page's long list): the script prefix, urlconf and language
    are read once, where ``link`` reads them per value (three context-local lookups: 5 % of the tree of a 500-school
    board built without the cache, bench/README.md, issue 19). Use it within one request, as the values it read hold
    there. ``linker(naam)(waarde) == link(naam, waarde)``."""
    sleutel = (naam, get_script_prefix(), get_urlconf(), get_language())
    return lambda waarde: _gevuld(sleutel, naam, (waarde,))


def _gevuld(sleutel: tuple[Any, ...], naam: str, args: tuple[Any, ...]) -> str:
    """The URL of ``args`` under ``sleutel`` (see _SJABLONEN): from its pattern, else from reverse(), which then
    leaves the pattern for the next value."""
    tekst = str(args[-1])
    sjabloon = _SJABLONEN.get(sleutel)
    if sjabloon is not None and _GEWOON.issuperset(tekst) and tekst:
        return sjabloon[0] + tekst + sjabloon[1]
    url = reverse(naam, args=args)
    # Only a value that occurs once in its URL shows where the argument goes (a key 1 in "/rio1/contact/1/" does not).
    if sjabloon is None and tekst and _GEWOON.issuperset(tekst) and url.count(tekst) == 1:
        voor, _, na = url.partition(tekst)
        _SJABLONEN[sleutel] = (voor, na)
    return url


@receiver(setting_changed)
def _vergeet_sjablonen(*, setting: str, **kwargs: Any) -> None:
    """Tests that change the URLs (override_settings) get fresh patterns, as Django clears its own URL caches."""
    if setting in ("ROOT_URLCONF", "FORCE_SCRIPT_NAME", "LANGUAGE_CODE", "LANGUAGES", "USE_I18N"):
        _SJABLONEN.clear()
