"""Benchmark of the DUO importer (issue #7): the 6,122-row file into an empty, migrated PostgreSQL database,
against the floor: the same rows through PostgreSQL COPY into a bare table.

    .venv/bin/python bench/importer.py                      # uses postgres://postgres@127.0.0.1:5432
    .venv/bin/python bench/importer.py --server postgres://user@host:5432 --herhaal 3

Every run starts from a fresh copy of one empty, migrated database and gives two figures:

- in-process: `lees_bestand` + `importeer` timed inside a Python process in which Django has already started
  and connected (settings `rio_portal.settings.test`, like the other benchmarks): what the importer itself
  costs. The COPY floor is timed in-process too, so the ratio is taken on this figure.
- as a process: the wall time of `manage.py importeer_duo_open_data --stil` (settings `dev`), as an operator
  runs it, Python and Django start-up included.

The import and its write floor are measured straight after each other in every round (which comes first
alternates), and the ratio is taken per round: on a shared machine a busy minute then hits both. The ratio is
taken against the *write floor*: the rows the import wrote (register tables and audit entries),
copied from the last run's database with COPY into a fresh empty copy with all its indexes and constraints,
in one transaction: what storing them costs the database alone, whatever the importer does. The file
through COPY into a bare table of text columns is printed for information only (its old target of 5 × is
retired: storing the register's rows alone costs more than that, bench/README.md).

Creates (and afterwards drops) the throwaway databases rio_bench_importer and rio_bench_importer_leeg.
It also shows the *read floor*: `lees_bestand` alone (every row read and checked, with Dutch reasons), timed
within the in-process run; reading and then storing cannot take less than the read floor plus the write
floor, and what the importer takes above their sum is Python building the rows and their audit snapshots.

Targets: importer ≤ 10 s (as a process) and ≤ 2 × the write floor (in-process). Exits with 1 when a target
is missed.
"""

import argparse
import csv
import json
import os
import platform
import statistics
import subprocess
import sys
import time
from pathlib import Path

import psycopg
from gemeen import argumenten, ijkgetal

ROOT = Path(__file__).resolve().parent.parent
BESTAND = ROOT / "registratie" / "data" / "02.-alle-schoolvestigingen-basisonderwijs.csv"
DATABASE = "rio_bench_importer"
SJABLOON = "rio_bench_importer_leeg"  # migrated once, copied for every run
DOEL_SECONDEN = 10.0
DOEL_FACTOR = 2.0  # in-process / write floor


def _sjabloon_aanmaken(server: str) -> None:
    with psycopg.connect(f"{server}/postgres", autocommit=True) as verbinding:
        verbinding.execute(f'DROP DATABASE IF EXISTS "{SJABLOON}" WITH (FORCE)')
        verbinding.execute(f'CREATE DATABASE "{SJABLOON}"')
    omgeving = {**os.environ, "DATABASE_URL": f"{server}/{SJABLOON}",
                "DJANGO_SETTINGS_MODULE": "rio_portal.settings.dev"}
    subprocess.run([sys.executable, "manage.py", "migrate", "--noinput", "-v", "0"], cwd=ROOT, env=omgeving,
                   check=True)


def _lege_kopie(server: str) -> None:
    """rio_bench_importer as an exact copy of the empty, migrated template."""
    with psycopg.connect(f"{server}/postgres", autocommit=True) as verbinding:
        verbinding.execute(f'DROP DATABASE IF EXISTS "{DATABASE}" WITH (FORCE)')
        verbinding.execute(f'CREATE DATABASE "{DATABASE}" TEMPLATE "{SJABLOON}"')


def importer_proces(server: str) -> float:
    """Wall time of manage.py importeer_duo_open_data on an empty database (process start-up included)."""
    _lege_kopie(server)
    omgeving = {**os.environ, "DATABASE_URL": f"{server}/{DATABASE}",
                "DJANGO_SETTINGS_MODULE": "rio_portal.settings.dev"}
    begin = time.perf_counter()
    subprocess.run([sys.executable, "manage.py", "importeer_duo_open_data", str(BESTAND), "--stil"], cwd=ROOT,
                   env=omgeving, check=True, stdout=subprocess.DEVNULL)
    return time.perf_counter() - begin


def importer_in_proces(server: str) -> dict[str, float]:
    """lees_bestand + importeer on an empty database, timed in a child process after Django's start-up; returns
    that time ("seconden"), the part lees_bestand took ("lezen": reading and checking the file), and the processor
    time in it of Python's main thread ("python") and of the PostgreSQL server process serving the import
    ("postgresql", None when the server's /proc is not on this machine)."""
    _lege_kopie(server)
    uit = subprocess.run([sys.executable, __file__, "--server", server, "--in-proces"], cwd=ROOT, check=True,
                         capture_output=True, text=True)
    return json.loads(uit.stdout.strip().splitlines()[-1])


def _processortijd(pid: int) -> float | None:
    """User + system time of a process on this machine, from /proc (Linux); None where it cannot be read."""
    try:
        velden = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return None
    return (int(velden[11]) + int(velden[12])) / os.sysconf("SC_CLK_TCK")


def _in_proces(server: str) -> None:
    """The child of importer_in_proces: start Django, connect, then time reading and applying the file."""
    from gemeen import django_starten

    django_starten(server, DATABASE)
    from django.db import connection

    from kern.tijd import vandaag
    from registratie.importer.lezen import lees_bestand
    from registratie.importer.toepassen import importeer

    connection.ensure_connection()
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        (server_pid,) = cursor.fetchone()
    server_begin = _processortijd(server_pid)
    begin, python_begin = time.perf_counter(), time.thread_time()
    bestand = lees_bestand(BESTAND)
    gelezen = time.perf_counter()
    resultaat = importeer(bestand, vandaag())
    duur, python = time.perf_counter() - begin, time.thread_time() - python_begin
    server_eind = _processortijd(server_pid)
    aangemaakt = resultaat.tellingen["BRIN6"].aangemaakt
    if aangemaakt != 6122 or resultaat.weigeringen:
        raise SystemExit(f"onverwacht resultaat: {aangemaakt} BRIN6 aangemaakt, {len(resultaat.weigeringen)} "
                         "regels geweigerd")
    postgresql = None if server_begin is None or server_eind is None else server_eind - server_begin
    print(json.dumps({"seconden": duur, "lezen": gelezen - begin, "python": python, "postgresql": postgresql}))


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


def _tellingen(verbinding: psycopg.Connection) -> dict[str, int]:
    namen = verbinding.execute("SELECT tablename FROM pg_tables WHERE schemaname = 'public'").fetchall()
    return {n: verbinding.execute(f'SELECT count(*) FROM "{n}"').fetchone()[0] for (n,) in namen}


def schrijfvloer(server: str) -> tuple[float, int, float]:
    """What the database alone needs to store what the import wrote: the rows it added (register tables and
    audit entries), taken from the database of the last run, through COPY into a fresh empty copy with all
    indexes and constraints, in one transaction. No importer that writes these rows can be faster.
    Returns the time, the rows and the audit table's share of the COPY time."""
    with psycopg.connect(f"{server}/{SJABLOON}") as leeg:
        na_migrate = _tellingen(leeg)  # migrate's own rows (content types, permissions) are not the import's
    gegevens: dict[str, bytes] = {}
    with psycopg.connect(f"{server}/{DATABASE}") as gevuld:
        for tabel, aantal in _tellingen(gevuld).items():
            if tabel not in na_migrate or aantal == na_migrate[tabel]:  # the COPY floor's own table; untouched
                continue
            if na_migrate[tabel]:  # the floor would leave out rows the import wrote
                raise SystemExit(f"{tabel}: de import schreef in een tabel die migrate al vulde")
            with gevuld.cursor().copy(f'COPY "{tabel}" TO STDOUT (FORMAT binary)') as kopie:
                gegevens[tabel] = b"".join(bytes(blok) for blok in kopie)
    rijen = 0
    _lege_kopie(server)
    with psycopg.connect(f"{server}/{DATABASE}") as verbinding:
        per_tabel: dict[str, float] = {}
        begin = time.perf_counter()
        for tabel, blob in gegevens.items():  # Django's foreign keys are deferred: the order does not matter
            begin_tabel = time.perf_counter()
            with verbinding.cursor().copy(f'COPY "{tabel}" FROM STDIN (FORMAT binary)') as kopie:
                kopie.write(blob)
            per_tabel[tabel] = time.perf_counter() - begin_tabel
        verbinding.commit()
        duur = time.perf_counter() - begin
        for tabel in gegevens:
            rijen += verbinding.execute(f'SELECT count(*) FROM "{tabel}"').fetchone()[0]
    return duur, rijen, per_tabel.get("registratie_auditregel", 0.0) / sum(per_tabel.values())


def _scheiding() -> str:
    with BESTAND.open(encoding="cp1252", errors="replace") as f:
        eerste = f.readline()
    return ";" if eerste.count(";") > eerste.count(",") else ","


def _reeks(tijden: list[float], schaal: float = 1.0, formaat: str = "{:.2f}") -> str:
    return ", ".join(formaat.format(t * schaal) for t in tijden)


def _print_processortijd(binnen: list[float], python: list[float], postgresql: list[float | None],
                         schrijf: float) -> None:
    """Where the in-process time goes: Python's main thread computing, the server storing, and neither."""
    eigen = statistics.median(python)
    print(f"processortijd in de in-process run: Python (hoofddraad, lezen + importeren) "
          f"{_reeks(python, 1000, '{:.0f}')} ms -> mediaan {eigen * 1000:.0f} ms = {eigen / schrijf:.1f}× de "
          f"schrijfvloer; de rest van de wandtijd ({(statistics.median(binnen) - eigen) * 1000:.0f} ms) wacht de "
          "hoofddraad (op PostgreSQL, de schrijfdraad)")
    if all(t is not None for t in postgresql):
        server = statistics.median(t for t in postgresql if t is not None)
        kernen = os.cpu_count() or 1
        print(f"  PostgreSQL-serverproces van de import: {server * 1000:.0f} ms processortijd; Python en server samen "
              f"gemiddeld {(eigen + server) / statistics.median(binnen):.2f} kernen bezig van de {kernen}")
        # Python's main thread and the server need this much processor time, and there are only so many cores: no
        # schedule of the same work finishes sooner on this machine (the reading comes before any write, too).
        vloer = max(eigen, server, (eigen + server) / kernen)
        print(f"  processorvloer: het grootste van Python, server en (Python + server) / {kernen} kernen = "
              f"{vloer * 1000:.0f} ms = "
              f"{vloer / schrijf:.1f}× de schrijfvloer; importer / processorvloer "
              f"{statistics.median(binnen) / vloer:.2f}× (wat daarboven ligt is wachten: lezen vóór het eerste "
              "schrijven, de laatste rijen na Python, en de kernen die de machine met anderen deelt)")


def main() -> int:
    parser = argumenten(__doc__, herhaal=3, bewaar=False)
    parser.add_argument("--in-proces", action="store_true", help=argparse.SUPPRESS)  # the child's role
    args = parser.parse_args()
    if args.in_proces:
        _in_proces(args.server)
        return 0

    _sjabloon_aanmaken(args.server)
    binnen, lezen, python, postgresql, proces = [], [], [], [], []
    vloeren, schrijven, verhoudingen = [], [], []
    for ronde in range(args.herhaal):
        # One round measures the import and its write floor straight after each other (the floor from this run's
        # database), so that a busy minute on a shared machine hits both: the ratio is taken per round. The order
        # within a round alternates, so neither always comes first.
        if ronde % 2:  # the floor first, from the previous round's database (which holds the same rows)
            schrijfmeting = schrijfvloer(args.server)
            gemeten = importer_in_proces(args.server)
        else:
            gemeten = importer_in_proces(args.server)
            schrijfmeting = schrijfvloer(args.server)
        binnen.append(gemeten["seconden"])
        lezen.append(gemeten["lezen"])
        python.append(gemeten["python"])
        postgresql.append(gemeten["postgresql"])
        schrijven.append(schrijfmeting)
        verhoudingen.append(gemeten["seconden"] / schrijfmeting[0])
        proces.append(importer_proces(args.server))
        vloeren.append(copy_vloer(args.server))
    rijen = vloeren[0][1]
    if len({aantal for _, aantal, _ in schrijven}) > 1:  # every round's floor must store the same rows
        raise SystemExit(f"de schrijfvloer telde verschillende rijen per ronde: {[a for _, a, _ in schrijven]}")
    imp_binnen, imp_proces = statistics.median(binnen), statistics.median(proces)
    vloer = statistics.median(v[0] for v in vloeren)
    with psycopg.connect(f"{args.server}/postgres", autocommit=True) as verbinding:
        versie = verbinding.execute("SHOW server_version").fetchone()[0]
        for naam in (DATABASE, SJABLOON):
            verbinding.execute(f'DROP DATABASE IF EXISTS "{naam}" WITH (FORCE)')

    print(f"machine: {os.cpu_count()} cores, Python {platform.python_version()}, PostgreSQL {versie}")
    print(ijkgetal())
    print(f"bestand: {BESTAND.name}, {rijen} rijen; elke run op een lege, gemigreerde database")
    print(f"importer in-process (lees_bestand + importeer, Django al gestart): {_reeks(binnen)} s "
          f"-> mediaan {imp_binnen:.2f} s")
    print(f"importer als proces (manage.py, incl. opstarten Python/Django): {_reeks(proces)} s "
          f"-> mediaan {imp_proces:.2f} s (doel ≤ {DOEL_SECONDEN:.0f} s)")
    print(f"COPY in kale tabel (vloer, in-process): {_reeks([v[0] for v in vloeren], 1000, '{:.0f}')} ms "
          f"-> mediaan {vloer * 1000:.0f} ms")
    print(f"ter informatie, importer in-process / kale COPY: {imp_binnen / vloer:.0f}× (geen doel meer)")
    schrijf = statistics.median(t for t, _, _ in schrijven)
    factor = statistics.median(verhoudingen)
    print(f"schrijfvloer: de {schrijven[0][1]:,} rijen die de import schrijft (registratie en audit), met COPY in "
          f"de echte tabellen: {_reeks([t for t, _, _ in schrijven], 1000, '{:.0f}')} ms -> mediaan "
          f"{schrijf * 1000:.0f} ms = {schrijf / vloer:.1f}× de kale COPY (de auditregels "
          f"{statistics.median(a for _, _, a in schrijven):.0%} daarvan)")
    print(f"verhouding importer in-process / schrijfvloer, per ronde (beide na elkaar gemeten): "
          f"{_reeks(verhoudingen)} -> mediaan {factor:.2f}× (doel ≤ {DOEL_FACTOR:.0f}×; de medianen samen: "
          f"{imp_binnen / schrijf:.2f}×)")
    lees = statistics.median(lezen)
    print(f"leesvloer: lees_bestand alleen (elke rij lezen en controleren, Nederlandse redenen; in de in-process tijd "
          f"hierboven): {_reeks(lezen, 1000, '{:.0f}')} ms -> mediaan {lees * 1000:.0f} ms = {lees / schrijf:.1f}× "
          f"de schrijfvloer")
    samen = lees + schrijf
    print(f"samen (lezen + schrijven: de import leest het hele bestand voor hij iets schrijft): "
          f"{samen * 1000:.0f} ms = {samen / schrijf:.1f}× de schrijfvloer; importer / die vloer "
          f"{imp_binnen / samen:.1f}×; wat daarboven ligt ({(imp_binnen - samen) * 1000:.0f} ms) is Python die de "
          "rijen, hun audit-momentopnamen en COPY-tekst maakt zonder dat PostgreSQL tegelijk opslaat "
          "(bulk.op_de_achtergrond laat beide gelijk oplopen waar het kan), en het wachten op de laatste rijen")
    _print_processortijd(binnen, python, postgresql, schrijf)
    gehaald = imp_proces <= DOEL_SECONDEN and factor <= DOEL_FACTOR
    print("doelen gehaald" if gehaald else "DOEL GEMIST")
    return 0 if gehaald else 1


if __name__ == "__main__":
    sys.exit(main())
