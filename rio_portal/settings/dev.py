"""Local development: DEBUG on, a fixed insecure key, the demo password login and the local OIDC provider."""

from rio_portal.settings.base import *  # noqa: F403
from rio_portal.settings.base import env

DEBUG = env.bool("DEBUG", default=True)
SECRET_KEY = env.str("SECRET_KEY", default="dev-only-insecure-key-do-not-use-in-production")
PORTAAL_WACHTWOORD_LOGIN = env.bool("PORTAAL_WACHTWOORD_LOGIN", default=True)
PORTAAL_NAAM = env.str("PORTAAL_NAAM", default="RIO-portaal PO (demo)")
if PORTAAL_WACHTWOORD_LOGIN:
    AUTHENTICATION_BACKENDS = [*AUTHENTICATION_BACKENDS, "autorisatie.backends.WachtwoordBackend"]  # noqa: F405
# `make run` starts the local OIDC provider (manage.py start_oidc_provider); the login page lists its people.
PORTAAL_DEMO_PROVIDER = env.bool("PORTAAL_DEMO_PROVIDER", default=True)
MELDINGEN_LOKAAL_TOESTAAN = env.bool("MELDINGEN_LOKAAL_TOESTAAN", default=DEBUG)  # callbacks to localhost

# Static files are served from the app folders here; collectstatic is only for production.
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
import warnings  # noqa: E402

warnings.filterwarnings("ignore", message="No directory at", module="whitenoise.base")

# `make run` starts a local SMTP sink (manage.py smtp_sink) that prints the mails and saves them in .mails/.
MAILERS["default"]["OPTIONS"].update(host=env.str("EMAIL_HOST", default="127.0.0.1"),  # noqa: F405
                                     port=env.int("EMAIL_PORT", default=8025))
