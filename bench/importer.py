"""Benchmark of the DUO importer (issue #7): `importeer_duo_open_data` on the 6,122-row file into an empty,
migrated PostgreSQL database, against the floor: the same rows through PostgreSQL COPY into a bare table.

    .venv/bin/python bench/importer.py                      # uses postgres://postgres@127.0.0.1:5432
    .venv/bin/python bench/importer.py --server postgres://user@host:5432 --herhaal 3

Creates (and afterwards drops) the throwaway database rio_bench_importer. Targets: importer ≤ 10 s and
≤ 5 × the COPY floor. Exits with 1 when a target is missed.
"""

import argparse
import csv
import os
import platform
import statistics
import subprocess
import sys
import time
from pathlib import Path

import psycopg

ROOT = Path(__file__).resolve().parent.parent
BESTAND = ROOT / "registratie" / "data" / "02.-alle-schoolvestigingen-basisonderwijs.csv"
DATABASE = "rio_bench_importer"
DOEL_SECONDEN = 10.0
DOEL_FACTOR = 5.0


def _opnieuw_aanmaken(server: str) -> None:
    with psycopg.connect(f"{server}/postgres", autocommit=True) as verbinding:
        verbinding.execute(f'DROP DATABASE IF EXISTS "{DATABASE}" WITH (FORCE)')
        verbinding.execute(f'CREATE DATABASE "{DATABASE}"')


def _manage(server: str, *argumenten: str) -> float:
    """Run manage.py in a child process against the throwaway database; return its wall time."""
    omgeving = {**os.environ, "DATABASE_URL": f"{server}/{DATABASE}",
                "DJANGO_SETTINGS_MODULE": "rio_portal.settings.dev"}
    begin = time.perf_counter()
    subprocess.run([sys.executable, "manage.py", *argumenten], cwd=ROOT, env=omgeving, check=True,
                   stdout=subprocess.DEVNULL)
    return time.perf_counter() - begin


def importer(server: str) -> float:
    """Empty migrated database, then the import (process start-up included, as an operator would see it)."""
    _opnieuw_aanmaken(server)
    _manage(server, "migrate", "--noinput", "-v", "0")
    return _manage(server, "importeer_duo_open_data", str(BESTAND), "--stil")


def copy_vloer(server: str) -> tuple[float, int]:
    """The same file through COPY into a bare table of text columns: the least any import can cost."""
    with BESTAND.open(encoding="cp1252", errors="replace", newline="") as f:  # DUO writes cp1252
        kop = next(csv.reader(f, delimiter=_scheiding()))
    kolommen = ", ".join(f'"k{i}" text' for i in range(len(kop)))
    with psycopg.connect(f"{server}/{DATABASE}", autocommit=True) as verbinding:
        verbinding.execute("DROP TABLE IF EXISTS kale_tabel")
        verbinding.execute(f"CREATE TABLE kale_tabel ({kolommen})")
        begin = time.perf_counter()
        with verbinding.cursor() as cursor, BESTAND.open("rb") as bron:
            sql = (f"COPY kale_tabel FROM STDIN WITH (FORMAT csv, HEADER true, DELIMITER '{_scheiding()}', "
                   "ENCODING 'WIN1252')")
            with cursor.copy(sql) as kopie:
                while blok := bron.read(1 << 16):
                    kopie.write(blok)
        duur = time.perf_counter() - begin
        rijen = verbinding.execute("SELECT count(*) FROM kale_tabel").fetchone()[0]
    return duur, rijen


def _scheiding() -> str:
    with BESTAND.open(encoding="cp1252", errors="replace") as f:
        eerste = f.readline()
    return ";" if eerste.count(";") > eerste.count(",") else ","


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--server", default="postgres://postgres@127.0.0.1:5432")
    parser.add_argument("--herhaal", type=int, default=3)
    args = parser.parse_args()

    tijden = [importer(args.server) for _ in range(args.herhaal)]
    vloeren = [copy_vloer(args.server) for _ in range(args.herhaal)]
    rijen = vloeren[0][1]
    imp, vloer = statistics.median(tijden), statistics.median(v[0] for v in vloeren)
    factor = imp / vloer
    with psycopg.connect(f"{args.server}/postgres", autocommit=True) as verbinding:
        versie = verbinding.execute("SHOW server_version").fetchone()[0]
        verbinding.execute(f'DROP DATABASE IF EXISTS "{DATABASE}" WITH (FORCE)')

    print(f"machine: {os.cpu_count()} cores, Python {platform.python_version()}, PostgreSQL {versie}")
    print(f"bestand: {BESTAND.name}, {rijen} rijen")
    print(f"importer (leeg, gemigreerd; incl. opstarten proces): {', '.join(f'{t:.2f}' for t in tijden)} s "
          f"-> mediaan {imp:.2f} s (doel ≤ {DOEL_SECONDEN:.0f} s)")
    print(f"COPY in kale tabel (vloer): {', '.join(f'{v[0] * 1000:.0f}' for v in vloeren)} ms "
          f"-> mediaan {vloer * 1000:.0f} ms")
    print(f"verhouding importer / COPY: {factor:.0f}× (doel ≤ {DOEL_FACTOR:.0f}×)")
    gehaald = imp <= DOEL_SECONDEN and factor <= DOEL_FACTOR
    print("doelen gehaald" if gehaald else "DOEL GEMIST")
    return 0 if gehaald else 1


if __name__ == "__main__":
    sys.exit(main())
