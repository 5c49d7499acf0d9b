"""What the benchmarks share: a throwaway PostgreSQL database, and a counter of SQL statements."""

import argparse
import os
import subprocess
import sys
import time
from pathlib import Path

import psycopg

ROOT = Path(__file__).resolve().parent.parent
DUO_BESTAND = ROOT / "registratie" / "data" / "02.-alle-schoolvestigingen-basisonderwijs.csv"


def database_klaarzetten(server: str, naam: str, bewaar: bool, *commando_s: list[str]) -> None:
    """DROP and CREATE database `naam` (or keep it with bewaar), then run migrate and the given manage.py
    commands against it (DATABASE_URL must already point there)."""
    with psycopg.connect(f"{server}/postgres", autocommit=True) as verbinding:
        bestaat = verbinding.execute("SELECT 1 FROM pg_database WHERE datname = %s", [naam]).fetchone()
        if bestaat and bewaar:
            return
        verbinding.execute(f'DROP DATABASE IF EXISTS "{naam}" WITH (FORCE)')
        verbinding.execute(f'CREATE DATABASE "{naam}"')
    for argumenten in (["migrate", "--noinput", "-v", "0"], *commando_s):
        subprocess.run([sys.executable, "manage.py", *argumenten], cwd=ROOT, env=os.environ, check=True)


class Teller:
    """Counts the SQL statements run through it: ``with connection.execute_wrapper(teller): ...``."""

    def __init__(self) -> None:
        self.aantal = 0

    def __call__(self, execute, sql, params, many, context):
        self.aantal += 1
        return execute(sql, params, many, context)


def analyseer() -> None:
    """ANALYZE after bulk loading: fresh tables have no planner statistics until autovacuum comes by, and
    without them PostgreSQL picks plans for empty tables (in bench/synchronisatie.py: 123 s instead of 29 s)."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")


def django_starten(server: str, database: str) -> None:
    """Point Django at the benchmark database and set it up (settings `test`: ALLOWED_HOSTS for the test client,
    the demo password login for the load test)."""
    os.environ["DATABASE_URL"] = f"{server}/{database}"
    os.environ["DJANGO_SETTINGS_MODULE"] = "rio_portal.settings.test"
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()


def ijkgetal() -> str:
    """The machine's pure-Python speed right now: the best of five runs of a fixed loop, in ms.

    Why: these machines are shared, and the same code measured 2-4× slower on some hours than on others.
    The figure beside a benchmark's results tells which kind of hour it was; lower is faster.
    """
    tijden = []
    for _ in range(5):
        begin = time.perf_counter()
        totaal = 0
        for i in range(1_000_000):
            totaal += i % 7
        tijden.append(time.perf_counter() - begin)
    return f"ijkgetal {min(tijden) * 1000:.0f} ms (vaste Python-lus, beste van 5; lager is sneller)"


def argumenten(doc: str, *, herhaal: int | None = None, bewaar: bool = True) -> argparse.ArgumentParser:
    """The options every benchmark shares: --server (a PostgreSQL server), --herhaal (runs), --bewaar (reuse
    the benchmark database of an earlier run)."""
    parser = argparse.ArgumentParser(description=doc.splitlines()[0])
    parser.add_argument("--server", default="postgres://postgres@127.0.0.1:5432")
    if herhaal is not None:
        parser.add_argument("--herhaal", type=int, default=herhaal)
    if bewaar:
        parser.add_argument("--bewaar", action="store_true", help="bestaande benchmarkdatabase hergebruiken")
    return parser
