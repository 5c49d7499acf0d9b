"""Base settings shared by every environment. Every variable is documented in docs/configuratie.md."""

from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import environ
from django.utils.csp import CSP

BASE_DIR = Path(__file__).resolve().parent.parent.parent

env = environ.Env()
environ.Env.read_env(BASE_DIR / ".env", overwrite=False)

SECRET_KEY = env.str("SECRET_KEY", default="")
DEBUG = env.bool("DEBUG", default=False)
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost"])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.postgres",
    "mozilla_django_oidc",
    "crispy_forms",
    "crispy_bootstrap5",
    "registratie",
    "autorisatie",
    "organisatie",
    "modelleertool",
    "openbaar",
    "controle",
    "uitwisseling",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "rio_portal.middleware.InvoerEnCacheMiddleware",  # NUL bytes refused (400); logged-in answers not cached
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
]

ROOT_URLCONF = "rio_portal.urls"
WSGI_APPLICATION = "rio_portal.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.csp",
                "rio_portal.context_processors.portaal",
            ],
        },
    },
]

# SQLite is the zero-setup default; PostgreSQL is used whenever DATABASE_URL points at it.
DATABASES = {"default": env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}")}
DATABASES["default"]["ATOMIC_REQUESTS"] = False
DATABASES["default"].setdefault("CONN_MAX_AGE", env.int("DB_CONN_MAX_AGE", default=0))
if "postgresql" in DATABASES["default"]["ENGINE"] and not env.bool("DB_JIT", default=False):
    # PostgreSQL's JIT compiles every query its planner thinks costly; the change feed's page (a visibility
    # subquery per audit row, stopped after 500) took 10-20 ms to run and 100 ms to compile, its count 0.7 s to run
    # and 2.5 s to compile (bench/README.md, "SOAP"). The portal runs short queries only.
    DATABASES["default"].setdefault("OPTIONS", {}).setdefault("options", "-c jit=off")
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Concurrent saves: IMMEDIATE takes the write lock when the transaction starts (a reader cannot later fail to
    # upgrade its lock), and the busy timeout (seconds) makes the second writer wait instead of failing at once.
    DATABASES["default"].setdefault("OPTIONS", {}).update({"transaction_mode": "IMMEDIATE", "timeout": 20})

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Rendered tree and controle screens, under keys that hold the boards' change counters (kern/fragmenten.py,
# docs/adr/0015): a change makes a new key, so no replica has to be told. Local memory per process by default;
# FRAGMENT_CACHE_URL (e.g. redis://host:6379/1) shares them between replicas. Entries of about 70 kB (a 57-school
# board's tree) up to 0.5 MB (500 schools): 500 entries stay well under 100 MB per process.
def fragmentcache(url: str, prefix: str = "") -> dict[str, Any]:
    """CACHES["fragmenten"] for FRAGMENT_CACHE_URL. MAX_ENTRIES only where Django culls by number (local memory,
    files, a table); Redis evicts by its own maxmemory policy, and its client refuses options it does not know."""
    cache = environ.Env.cache_url_config(url)
    if not cache["BACKEND"].endswith("RedisCache"):
        cache.setdefault("OPTIONS", {}).setdefault("MAX_ENTRIES", 500)
    cache.setdefault("KEY_PREFIX", prefix)
    return cache


CACHES = {
    "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
    "fragmenten": fragmentcache(env.str("FRAGMENT_CACHE_URL", default="locmemcache://fragmenten"),
                                env.str("FRAGMENT_CACHE_PREFIX", default="")),
}
# A safety net only: every audited change already makes a new key. What is not register data (a person's display
# name in the controle's role list) is at most this old.
FRAGMENT_CACHE_SECONDEN = env.int("FRAGMENT_CACHE_SECONDEN", default=900)

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
]

LANGUAGE_CODE = "nl"
LANGUAGES = [("nl", "Nederlands"), ("en", "English")]
TIME_ZONE = "Europe/Amsterdam"
USE_I18N = True
USE_TZ = True
LOCALE_PATHS = [BASE_DIR / "locale"]

STATIC_URL = "/static/"
STATIC_ROOT = env.path("STATIC_ROOT", default=BASE_DIR / "staticfiles")
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "home"

# Strict CSP: only our own files; inline script only with the per-request nonce.
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF, CSP.NONCE],
    "style-src": [CSP.SELF],
    "img-src": [CSP.SELF, "data:"],
    "font-src": [CSP.SELF],
    "form-action": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
    "base-uri": [CSP.SELF],
    "object-src": [CSP.NONE],
}
X_FRAME_OPTIONS = "DENY"
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CONTENT_TYPE_NOSNIFF = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
# Django's database sessions (every replica reads them; a logout ends the session everywhere), read through one
# statement compiled per process instead of a queryset per request (kern/sessie.py).
SESSION_ENGINE = "kern.sessie"

# Demo login (username + password) for local demos, next to the OIDC login; production switches it off.
# Where it is on (dev, test), that module also adds the password backend of autorisatie.backends.
PORTAAL_WACHTWOORD_LOGIN = env.bool("PORTAAL_WACHTWOORD_LOGIN", default=False)

# Name shown in the header, e.g. "RIO-portaal PO (demo)".
PORTAAL_NAAM = env.str("PORTAAL_NAAM", default="RIO-portaal PO")

# >>> OpenID Connect login (mozilla-django-oidc) ------------------------------------------------------------
# The provider says who someone is; autorisatie/oidc.py turns its claims into an organisation and roles.
# The endpoints follow from the issuer (the paths of oidc-provider-mock, which `make run` starts on
# 127.0.0.1:8001); each can be set on its own for a provider with other paths. Production requires the
# issuer, client id and secret from the environment (production.py); no secret lives in git.
AUTHENTICATION_BACKENDS = ["autorisatie.oidc.RioOIDCBackend"]
OIDC_OP_ISSUER = env.str("OIDC_OP_ISSUER", default="http://127.0.0.1:8001").rstrip("/")
OIDC_OP_AUTHORIZATION_ENDPOINT = env.str("OIDC_OP_AUTHORIZATION_ENDPOINT",
                                         default=f"{OIDC_OP_ISSUER}/oauth2/authorize")
OIDC_OP_TOKEN_ENDPOINT = env.str("OIDC_OP_TOKEN_ENDPOINT", default=f"{OIDC_OP_ISSUER}/oauth2/token")
OIDC_OP_USER_ENDPOINT = env.str("OIDC_OP_USER_ENDPOINT", default=f"{OIDC_OP_ISSUER}/userinfo")
OIDC_OP_JWKS_ENDPOINT = env.str("OIDC_OP_JWKS_ENDPOINT", default=f"{OIDC_OP_ISSUER}/jwks")
OIDC_OP_LOGOUT_ENDPOINT = env.str("OIDC_OP_LOGOUT_ENDPOINT", default=f"{OIDC_OP_ISSUER}/oauth2/end_session")
OIDC_RP_CLIENT_ID = env.str("OIDC_RP_CLIENT_ID", default="rio-portaal")
OIDC_RP_CLIENT_SECRET = env.str("OIDC_RP_CLIENT_SECRET", default="")
OIDC_RP_SIGN_ALGO = "RS256"  # only RS256: an "alg": "none" or HS256 token is refused
OIDC_RP_SCOPES = "openid email profile"  # the standard claims (names, e-mail) only come with their scope
OIDC_USE_PKCE = True
OIDC_USE_NONCE = True
OIDC_STORE_ID_TOKEN = True  # needed as id_token_hint to end the provider's session at logout
OIDC_TIMEOUT = env.int("OIDC_TIMEOUT", default=10)  # seconds; without it a hanging provider blocks a worker
OIDC_CALLBACK_CLASS = "autorisatie.oidc.RioCallbackView"
OIDC_OP_LOGOUT_URL_METHOD = "autorisatie.oidc.provider_uitlog_url"
LOGIN_REDIRECT_URL_FAILURE = "login"  # a URL name (RioCallbackView resolves it): the login page, with the reason
# Claim names: which claim carries the organisation and the rights (the provider's contract).
OIDC_CLAIM_ORGANISATIE = env.str("OIDC_CLAIM_ORGANISATIE", default="bevoegd_gezag_nummer")
OIDC_CLAIM_BEHEERDER_PO = env.str("OIDC_CLAIM_BEHEERDER_PO", default="beheerder_po")
OIDC_CLAIM_FUNCTIONEEL_BEHEERDER = env.str("OIDC_CLAIM_FUNCTIONEEL_BEHEERDER", default="duo_functioneel_beheerder")
OIDC_CLAIM_GEMEENTE = env.str("OIDC_CLAIM_GEMEENTE", default="gemeentenummer")
OIDC_CLAIM_RAADPLEEGROL = env.str("OIDC_CLAIM_RAADPLEEGROL", default="raadpleegrol")
# Logout is a form POST that redirects to the provider's end_session page; browsers check that redirect
# against form-action, so the provider's origin must be allowed there.
_uitlog = urlsplit(OIDC_OP_LOGOUT_ENDPOINT)
SECURE_CSP["form-action"] = [CSP.SELF, f"{_uitlog.scheme}://{_uitlog.netloc}"]
# The login page lists the demo people of the local provider (also shown whenever DEBUG is on).
PORTAAL_DEMO_PROVIDER = env.bool("PORTAAL_DEMO_PROVIDER", default=False)
# <<< OpenID Connect login -----------------------------------------------------------------------------------

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"simpel": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "simpel"}},
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
    "loggers": {"django.db.backends": {"level": "WARNING"}},
}

# Modelleertool (issue 6): limits of an uploaded blauwdruk, stated on the upload page (docs/configuratie.md).
BLAUWDRUK_MAX_BYTES = env.int("BLAUWDRUK_MAX_BYTES", default=5 * 1024 * 1024)
BLAUWDRUK_MAX_RIJEN = env.int("BLAUWDRUK_MAX_RIJEN", default=2000)

# >>> controle (issue #5): background tasks and export files ------------------------------------------
# Long exports (the national control file) run as django.tasks in a separate worker process that reads
# the queue from the database (django-tasks-db):  python manage.py db_worker
# Without that worker, queued exports stay "in de wachtrij". See docs/adr/0004-controleregels.md.
INSTALLED_APPS += ["django_tasks_db"]
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}
# Where background exports keep their files: storages["exports"] (docs/adr/0014-exportopslag.md). Never served as
# static or media: files are only downloaded through an access-checked view. EXPORT_OPSLAG:
#   database (default)  rows in the database every web replica and the worker share (controle.opslag)
#   map                 a folder (EXPORT_MAP): only for a single host, web and worker must see the same folder
#   <dotted path>       any Django storage, e.g. storages.backends.s3.S3Storage (django-storages, object storage;
#                       its OPTIONS from EXPORT_OPSLAG_OPTIES as JSON)
EXPORT_MAP = Path(env.str("EXPORT_MAP", default=str(BASE_DIR / "exports")))
_EXPORT_OPSLAG = env.str("EXPORT_OPSLAG", default="database")
STORAGES["exports"] = (
    {"BACKEND": "controle.opslag.DatabaseOpslag"} if _EXPORT_OPSLAG == "database"
    else {"BACKEND": "django.core.files.storage.FileSystemStorage", "OPTIONS": {"location": str(EXPORT_MAP)}}
    if _EXPORT_OPSLAG == "map"
    else {"BACKEND": _EXPORT_OPSLAG, "OPTIONS": env.json("EXPORT_OPSLAG_OPTIES", default={})}
)
# Finished exports (and their files) are removed after this many days (controle.bewaren).
EXPORT_BEWAARDAGEN = env.int("EXPORT_BEWAARDAGEN", default=7)
# The national CSV zip is written by this many werkprocessen at once, all on one snapshot of PostgreSQL
# (controle.bestand, docs/adr/0017); with 1, one werkproces writes it. More than the worker's cores gains nothing.
LANDELIJK_PROCESSEN = env.int("LANDELIJK_PROCESSEN", default=2)
# <<< controle -------------------------------------------------------------------------------------------

# >>> Contact for suppliers and security reports (issue 17 §2; docs/configuratie.md) -------------------------------
# info.contact of /api/v1/openapi.json (API Design Rules /core/doc-openapi-contact): who answers about the API.
API_CONTACT_NAAM = env.str("API_CONTACT_NAAM", default="Beheer RIO-portaal PO")
API_CONTACT_EMAIL = env.str("API_CONTACT_EMAIL", default="api@rio-portaal.invalid")
API_CONTACT_URL = env.str("API_CONTACT_URL", default="https://rio-kennisbank.duo.nl/")
# /.well-known/security.txt (RFC 9116): where to report a vulnerability (mailto: or https: URIs), and for how many
# days a fetched file stays valid (its Expires; RFC 9116 advises less than a year, so at most 364).
SECURITY_TXT_CONTACT = env.list("SECURITY_TXT_CONTACT", default=["mailto:security@rio-portaal.invalid"])
SECURITY_TXT_GELDIG_DAGEN = env.int("SECURITY_TXT_GELDIG_DAGEN", default=180)
# <<< Contact ------------------------------------------------------------------------------------------------------

# >>> berichten (issue 17 §4): e-mail to people (docs/configuratie.md) -------------------------------------------
# Mails about roles, expiring OSR mandates and due attestations (berichten/). Django 6.1's MAILERS, filled from the
# EMAIL_* environment variables; `make run` points them at the local sink (manage.py smtp_sink), and the tests get
# Django's locmem backend for every mailer.
INSTALLED_APPS += ["berichten"]
MAILERS = {
    "default": {
        "BACKEND": env.str("EMAIL_BACKEND", default="django.core.mail.backends.smtp.EmailBackend"),
        "OPTIONS": {
            "host": env.str("EMAIL_HOST", default="localhost"),
            "port": env.int("EMAIL_PORT", default=25),
            "username": env.str("EMAIL_HOST_USER", default=""),
            "password": env.str("EMAIL_HOST_PASSWORD", default=""),
            "use_tls": env.bool("EMAIL_USE_TLS", default=False),
            "use_ssl": env.bool("EMAIL_USE_SSL", default=False),
            "timeout": env.int("EMAIL_TIMEOUT", default=10),  # seconds: a hanging mail server must not hold a request
        },
    },
}
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="RIO-portaal PO <noreply@rio-portaal.invalid>")
SERVER_EMAIL = env.str("SERVER_EMAIL", default=DEFAULT_FROM_EMAIL)
# The portal's own address, for the links in a mail (read outside the portal, so a path alone leads nowhere).
PORTAAL_URL = env.str("PORTAAL_URL", default="http://127.0.0.1:8000")
# <<< berichten --------------------------------------------------------------------------------------------------
# >>> Mutatiemeldingen (issue 17 §3; docs/meldingen.md, docs/adr/0009) ---------------------------------------------
INSTALLED_APPS += ["uitwisseling.meldingen"]
# The portal's OIN (CloudEvents source urn:nld:oin:<OIN>) and its public address (the events' dataref).
PORTAAL_OIN = env.str("PORTAAL_OIN", default="00000000000000000000")
# PORTAAL_URL: see berichten above (also the events' dataref).
# http to localhost and private addresses as callback (SSRF guard off): development and tests only.
MELDINGEN_LOKAAL_TOESTAAN = env.bool("MELDINGEN_LOKAAL_TOESTAAN", default=DEBUG)
MELDINGEN_TIMEOUT = env.float("MELDINGEN_TIMEOUT", default=5)  # seconds per POST (connect and answer)
MELDINGEN_WACHTTIJD_BASIS = env.float("MELDINGEN_WACHTTIJD_BASIS", default=1)  # seconds after the 1st failure, doubling
MELDINGEN_WACHTTIJD_MAX = env.float("MELDINGEN_WACHTTIJD_MAX", default=60)  # longest wait between two attempts
MELDINGEN_LEASE = env.float("MELDINGEN_LEASE", default=60)  # a claimed delivery is due again after (worker crash)
MELDINGEN_VEEG_INTERVAL = env.float("MELDINGEN_VEEG_INTERVAL", default=60)  # sweep for what no commit hook started
MELDINGEN_MARGE = env.float("MELDINGEN_MARGE", default=900)  # longest transaction whose changes are still seen
# <<< Mutatiemeldingen ---------------------------------------------------------------------------------------------
# >>> SOAP Raadplegen V4 (issue 17 §1; docs/soap.md) --------------------------------------------------------------
# The header in which the TLS-terminating proxy passes the client certificate it verified (URL-encoded PEM, nginx
# $ssl_client_escaped_cert). Empty = mTLS off: such a header is then ignored, whoever sends it.
RIO_MTLS_HEADER = env.str("RIO_MTLS_HEADER", default="")
# <<< SOAP ---------------------------------------------------------------------------------------------------------
# >>> Handelsregister (KvK) (issue 18 §3; docs/handelsregister.md) --------------------------------------------------
# Off by default ("uit"); "kvk" = the KvK Basisprofiel API, fetched by manage.py ververs_handelsregister only.
HANDELSREGISTER = env.str("HANDELSREGISTER", default="uit")
KVK_API_URL = env.str("KVK_API_URL", default="https://api.kvk.nl/api")  # + /v1/basisprofielen/{kvkNummer}
KVK_API_KEY = env.str("KVK_API_KEY", default="")  # a secret: from the environment only, never logged or shown
KVK_TIMEOUT = env.float("KVK_TIMEOUT", default=10)  # seconds per request
# <<< Handelsregister ----------------------------------------------------------------------------------------------
# >>> Adresdienst (issue 18 §3; docs/adressen.md) -----------------------------------------------------------------
# "lokaal": the addresses of DUO's school files, in memory (offline; make run and tests). "pdok": PDOK Locatieserver.
ADRESDIENST = env.str("ADRESDIENST", default="lokaal")
PDOK_LOCATIESERVER_URL = env.str("PDOK_LOCATIESERVER_URL", default="https://api.pdok.nl/bzk/locatieserver/search/v3_1")
PDOK_TIMEOUT = env.float("PDOK_TIMEOUT", default=2)  # seconds per question: a form waits at most this long
ADRES_SUGGESTIES_PER_MINUUT = env.int("ADRES_SUGGESTIES_PER_MINUUT", default=120)  # per person; more gets a 429
# <<< Adresdienst --------------------------------------------------------------------------------------------------
