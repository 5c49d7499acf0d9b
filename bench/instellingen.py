"""Settings for the HTTP benchmarks (bench/pagina.py, bench/last_twee.py): production's settings, changed only
where plain http on loopback needs it.

Production reads its secrets and the OIDC provider from the environment and refuses to start without them;
the values set here (only when the environment has none) are placeholders: no OIDC login happens in a bench,
the benches create a database session for the bench superuser instead (bench/sessie.py). Everything else stays
production's: DEBUG off, the database session engine, persistent connections, the cached template loader,
WhiteNoise's manifest storage (collectstatic into STATIC_ROOT first), the middleware.

    DJANGO_SETTINGS_MODULE=bench.instellingen DATABASE_URL=postgres://postgres@127.0.0.1:5432/rio_bench_schermen
"""

import os

os.environ.setdefault("SECRET_KEY", "bench-alleen-op-loopback-" + "x" * 40)
os.environ.setdefault("ALLOWED_HOSTS", "127.0.0.1,localhost")
os.environ.setdefault("OIDC_OP_ISSUER", "https://inloggen.bench.invalid")
os.environ.setdefault("OIDC_RP_CLIENT_ID", "bench")
os.environ.setdefault("OIDC_RP_CLIENT_SECRET", "bench")
os.environ.setdefault("STATIC_ROOT", "/tmp/rio-bench-static")

from rio_portal.settings.production import *  # noqa: F403

# Plain http on 127.0.0.1: no redirect to https, no HSTS, cookies that the load generator may send back over http.
SECURE_SSL_REDIRECT = False
SECURE_HSTS_SECONDS = 0
SESSION_COOKIE_SECURE = False
CSRF_COOKIE_SECURE = False

# The portal's urls plus two bench-only views (bench/urls.py).
ROOT_URLCONF = "bench.urls"
