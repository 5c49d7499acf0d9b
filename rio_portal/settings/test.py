"""Test settings: the database comes from DATABASE_URL (PostgreSQL in CI, SQLite otherwise)."""

from rio_portal.settings.base import *  # noqa: F403
from rio_portal.settings.base import env

SECRET_KEY = "test-only-insecure-key"  # noqa: S105
DEBUG = False
PORTAAL_WACHTWOORD_LOGIN = True
AUTHENTICATION_BACKENDS = [*AUTHENTICATION_BACKENDS, "autorisatie.backends.WachtwoordBackend"]  # noqa: F405
PORTAAL_DEMO_PROVIDER = False  # tests/autorisatie/oidc switch it on where they need it
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
ALLOWED_HOSTS = ["127.0.0.1", "localhost", "testserver"]
LOGGING["root"]["level"] = env.str("LOG_LEVEL", default="WARNING")  # noqa: F405

# Static files are served from the app folders here; collectstatic is only for production.
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
import warnings  # noqa: E402

warnings.filterwarnings("ignore", message="No directory at", module="whitenoise.base")
MELDINGEN_LOKAAL_TOESTAAN = True  # the tests' receiver runs on 127.0.0.1 (tests/uitwisseling/meldingen)
