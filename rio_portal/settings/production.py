"""Production: secrets from the environment, HTTPS only, no password login, hashed static files."""

from django.core.exceptions import ImproperlyConfigured

from rio_portal.settings.base import *  # noqa: F403
from rio_portal.settings.base import env

DEBUG = False
SECRET_KEY = env.str("SECRET_KEY")
if len(SECRET_KEY) < 50:
    raise ImproperlyConfigured("SECRET_KEY moet minstens 50 tekens lang zijn in productie.")
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS")

PORTAAL_WACHTWOORD_LOGIN = False
MELDINGEN_LOKAAL_TOESTAAN = False  # callbacks only over https to public addresses (SSRF)
# OIDC is the only way in: no ModelBackend, and the provider must be named explicitly (base.py's default
# issuer is the local demo provider) and reached over HTTPS.
AUTHENTICATION_BACKENDS = ["autorisatie.oidc.RioOIDCBackend"]
for _naam in ("OIDC_OP_ISSUER", "OIDC_RP_CLIENT_ID", "OIDC_RP_CLIENT_SECRET"):
    if not env.str(_naam, default=""):
        raise ImproperlyConfigured(f"{_naam} is verplicht in productie (zie docs/configuratie.md).")
for _naam in ("OIDC_OP_ISSUER", "OIDC_OP_AUTHORIZATION_ENDPOINT", "OIDC_OP_TOKEN_ENDPOINT", "OIDC_OP_USER_ENDPOINT",
              "OIDC_OP_JWKS_ENDPOINT", "OIDC_OP_LOGOUT_ENDPOINT"):
    if not globals()[_naam].startswith("https://"):
        raise ImproperlyConfigured(f"{_naam} moet met https:// beginnen in productie.")

# Persistent database connections: a new PostgreSQL connection per request costs a backend process each time
# (seen in the load test of bench/last.py); the health check drops a connection the server has closed.
DATABASES["default"]["CONN_MAX_AGE"] = env.int("DB_CONN_MAX_AGE", default=60)  # noqa: F405
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True  # noqa: F405

SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=True)
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=31_536_000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
CSRF_COOKIE_HTTPONLY = True
SESSION_COOKIE_AGE = env.int("SESSION_COOKIE_AGE", default=8 * 3600)

STORAGES = {**STORAGES, "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"}}  # noqa: F405
TEMPLATES[0]["APP_DIRS"] = False  # noqa: F405
TEMPLATES[0]["OPTIONS"]["loaders"] = [  # noqa: F405
    (
        "django.template.loaders.cached.Loader",
        ["django.template.loaders.filesystem.Loader", "django.template.loaders.app_directories.Loader"],
    )
]
