"""Django's database sessions, with the read of every request compiled once (kern.vaste_query).

``SESSION_ENGINE = "kern.sessie"`` (settings/base.py). The session lives in PostgreSQL as with Django's own ``db``
engine, so every web replica reads the same sessions and a logout anywhere ends it everywhere (a cache-backed
engine in local memory would not). What differs is the read: Django builds and compiles the same
``Session.objects.get(session_key=…, expire_date__gt=now)`` on every request; here the SQL is made once and the
expiry compared in Python, the same answer (tests/kern/test_sessie.py). A key that cannot be one of Django's
(``VALID_KEY_CHARS``: a NUL byte, quotes) is no session, without asking the database.
"""

from django.contrib.sessions.backends import db
from django.contrib.sessions.backends.base import VALID_KEY_CHARS
from django.contrib.sessions.models import Session
from django.utils import timezone

from kern.vaste_query import VasteQuery

_SESSIE: VasteQuery[Session] = VasteQuery(lambda sleutel: Session.objects.filter(session_key=sleutel).order_by())
_TEKENS = frozenset(VALID_KEY_CHARS)


class SessionStore(db.SessionStore):
    def _get_session_from_db(self) -> Session | None:
        sleutel = self.session_key
        sessie = _SESSIE.eerste(sleutel) if sleutel and _TEKENS.issuperset(sleutel) else None
        if sessie is None or sessie.expire_date <= timezone.now():
            self._session_key = None
            return None
        return sessie
