"""The web container's start (scripts/start_web.sh, the Dockerfile's CMD) outside Docker: production settings,
an empty database, then migrate, collectstatic and gunicorn, as `docker compose up` runs them. No Docker engine
runs on the CI machines, so this is how the start of the deployable stack is proven.

Against a throwaway PostgreSQL database on the server of DATABASE_URL when that is PostgreSQL (CI), else a
SQLite file. The portal is then asked what the load balancer and the compose health check ask."""

import json
import os
import secrets
import socket
import sqlite3
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import psycopg
import pytest
from django.conf import settings
from django.db.migrations.loader import MigrationLoader

ROOT = Path(__file__).resolve().parents[2]
HOST = "rio.voorbeeld.nl"


def _vrije_poort() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def lege_database(tmp_path) -> Iterator[tuple[str, str]]:
    """(DATABASE_URL, kind) of an empty database that nothing else uses."""
    db = settings.DATABASES["default"]
    if db["ENGINE"] != "django.db.backends.postgresql":
        yield f"sqlite:///{tmp_path / 'start.sqlite3'}", "sqlite"
        return
    server = f"postgres://{db['USER']}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}"
    naam = f"rio_start_{os.getpid()}"
    with psycopg.connect(f"{server}/postgres", autocommit=True) as verbinding:
        verbinding.execute(f'DROP DATABASE IF EXISTS "{naam}" WITH (FORCE)')
        verbinding.execute(f'CREATE DATABASE "{naam}"')
    yield f"{server}/{naam}", "postgres"
    with psycopg.connect(f"{server}/postgres", autocommit=True) as verbinding:
        verbinding.execute(f'DROP DATABASE IF EXISTS "{naam}" WITH (FORCE)')


def _vraag(poort: int, pad: str, *, https: bool = True) -> tuple[int, dict[str, str], bytes]:
    """GET as the TLS proxy forwards it (X-Forwarded-Proto), without following redirects."""
    kop = {"Host": HOST} | ({"X-Forwarded-Proto": "https"} if https else {})

    class GeenOmleiding(urllib.request.HTTPRedirectHandler):
        def redirect_request(self, *args, **kwargs):
            return None

    opener = urllib.request.build_opener(GeenOmleiding)
    try:
        with opener.open(urllib.request.Request(f"http://127.0.0.1:{poort}{pad}", headers=kop), timeout=10) as a:
            return a.status, dict(a.headers), a.read()
    except urllib.error.HTTPError as fout:
        return fout.code, dict(fout.headers), fout.read()


def _wacht_tot_bereikbaar(poort: int, proces: subprocess.Popen, log: Path) -> None:
    einde = time.monotonic() + 120  # migrate on an empty database comes first
    while time.monotonic() < einde:
        if proces.poll() is not None:
            pytest.fail(f"start_web.sh stopte met exitcode {proces.returncode}:\n{log.read_text()[-3000:]}")
        try:
            socket.create_connection(("127.0.0.1", poort), timeout=1).close()
            return
        except OSError:
            time.sleep(0.3)
    pytest.fail(f"gunicorn antwoordt niet na 120 s:\n{log.read_text()[-3000:]}")


def _toegepaste_migraties(url: str, soort: str) -> set[tuple[str, str]]:
    if soort == "sqlite":
        with sqlite3.connect(url.removeprefix("sqlite:///")) as verbinding:
            return set(verbinding.execute("SELECT app, name FROM django_migrations"))
    with psycopg.connect(url) as verbinding:
        return set(verbinding.execute("SELECT app, name FROM django_migrations").fetchall())


def test_start_web_zoals_de_container(lege_database, tmp_path):
    url, soort = lege_database
    poort = _vrije_poort()
    statisch = tmp_path / "static"  # empty, like a fresh STATIC_ROOT volume
    omgeving = {
        "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}",  # python and gunicorn of .venv
        "HOME": str(tmp_path),
        "DJANGO_SETTINGS_MODULE": "rio_portal.settings.production",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": HOST,
        "DATABASE_URL": url,
        "STATIC_ROOT": str(statisch),
        "EXPORT_MAP": str(tmp_path / "exports"),
        "OIDC_OP_ISSUER": "https://inloggen.voorbeeld.nl",
        "OIDC_RP_CLIENT_ID": "rio-portaal",
        "OIDC_RP_CLIENT_SECRET": secrets.token_urlsafe(16),
        "GUNICORN_BIND": f"127.0.0.1:{poort}",
        "GUNICORN_WORKERS": "1",
    }
    log = tmp_path / "start_web.log"
    with log.open("w") as uitvoer:
        proces = subprocess.Popen(["sh", "scripts/start_web.sh"], cwd=ROOT, env=omgeving, stdout=uitvoer,
                                  stderr=subprocess.STDOUT)
    try:
        _wacht_tot_bereikbaar(poort, proces, log)

        # Migrated: every migration of the project is applied to the empty database.
        alle = set(MigrationLoader(None, ignore_no_migrations=True).disk_migrations)
        assert alle <= _toegepaste_migraties(url, soort)

        # The health endpoint checks the database; production's headers are on every answer.
        status, koppen, inhoud = _vraag(poort, "/gezondheid/")
        assert status == 200 and json.loads(inhoud) == {"status": "ok", "database": "ok"}
        assert koppen["Strict-Transport-Security"].startswith("max-age=31536000")
        assert koppen["X-Frame-Options"] == "DENY"
        assert koppen["Referrer-Policy"] == "same-origin"
        assert "unsafe-inline" not in koppen["Content-Security-Policy"]

        # Plain http is sent to https (the proxy terminates TLS).
        status, koppen, _ = _vraag(poort, "/gezondheid/", https=False)
        assert status == 301 and koppen["Location"] == f"https://{HOST}/gezondheid/"

        # Collected at start into the empty STATIC_ROOT and served by WhiteNoise under the hashed name.
        manifest = json.loads((statisch / "staticfiles.json").read_text())["paths"]
        gehasht = next(naam for bron, naam in manifest.items() if bron.endswith(".css"))
        status, koppen, inhoud = _vraag(poort, f"/static/{gehasht}")
        assert status == 200 and inhoud and "immutable" in koppen["Cache-Control"]

        # The login page renders with production's cached templates (OIDC only, no password form).
        status, _, inhoud = _vraag(poort, "/inloggen/")
        assert status == 200 and b'name="password"' not in inhoud
    finally:
        proces.terminate()
        proces.wait(timeout=30)
    assert proces.returncode in (0, -15), log.read_text()[-3000:]
