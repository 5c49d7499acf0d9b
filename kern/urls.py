"""URL building blocks shared by every app's urls.py.

``<id:...>`` is Django's ``<int:...>`` bounded to a database key: a number beyond 2**63-1 cannot be a row, and
passing it on would overflow SQLite's integer (a server error) instead of giving the 404 it deserves. The
converter is registered when this module is imported; every urls.py with a numeric key imports it.
"""

from django.urls import register_converter

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
