"""Logging a bench client in without OIDC: a session row for the bench superuser, as a login would write it.

Production logs in through OIDC only (autorisatie.oidc.RioOIDCBackend) and keeps sessions in the database
(kern.sessie: Django's db engine with its read precompiled; settings/base.py's SESSION_ENGINE). A bench
cannot run an OIDC provider, so it writes the session that a successful login leaves behind: the person's id, the
backend that logged them in and the hash of their password field. The cookie of that session is then what a
browser would send. Needs Django set up (bench.instellingen).
"""

GEBRUIKER = "bench"
OIDC_BACKEND = "autorisatie.oidc.RioOIDCBackend"


def bench_persoon():
    """The superuser `bench` (bench/schermen.py creates it too)."""
    from django.contrib.auth import get_user_model

    persoon, _ = get_user_model().objects.get_or_create(username=GEBRUIKER,
                                                        defaults={"is_superuser": True, "is_staff": True})
    return persoon


def sessie_koekje() -> tuple[str, str]:
    """A new database session for the bench superuser, logged in through the OIDC backend: (cookie name, value)."""
    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.utils.module_loading import import_string

    assert OIDC_BACKEND in settings.AUTHENTICATION_BACKENDS, settings.AUTHENTICATION_BACKENDS
    persoon = bench_persoon()
    sessie = import_string(settings.SESSION_ENGINE + ".SessionStore")()
    sessie[SESSION_KEY] = str(persoon.pk)
    sessie[BACKEND_SESSION_KEY] = OIDC_BACKEND
    sessie[HASH_SESSION_KEY] = persoon.get_session_auth_hash()
    sessie.create()
    return settings.SESSION_COOKIE_NAME, sessie.session_key
