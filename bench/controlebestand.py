"""Benchmark of the controlebestand (issue #5): wall time, peak memory and queries of the control file for the
largest board and for all boards (the national file DUO makes in the background).

Fill a throwaway PostgreSQL database with the real DUO open data first (see bench/README.md), then:

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/rio_bench .venv/bin/python bench/controlebestand.py

Each case runs in its own child process, so that its peak RSS (ru_maxrss) is its own and not that of an
earlier case. A case does what the download view (one board) or the background task (all boards) does:
load the registration, run every controleregel, and write every sheet. Targets: one board at most 1 s;
all boards at most 20 s and at most 300 MB peak. Results go to bench/resultaten/ (not in git).
"""

import argparse
import json
import os
import platform
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RESULTATEN = ROOT / "bench" / "resultaten"
GEVALLEN = ("grootste-xlsx", "grootste-zip", "landelijk-xlsx", "landelijk-zip")
DOEL_SECONDEN = {"grootste": 1.0, "landelijk": 20.0}
DOEL_MB = {"grootste": None, "landelijk": 300}


def _django() -> None:
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "rio_portal.settings.dev")
    import django

    django.setup()


def _rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # Linux: kilobytes


def meet(geval: str, herhaal: int) -> dict:
    """Run one case in this process and return its figures."""
    _django()
    from django.db import connection
    from django.db.models import Count

    from controle import bestand, gegevens, services
    from kern.tijd import vandaag
    from registratie.models import Onderwijsbestuur

    soort, formaat = geval.split("-")
    peildatum = vandaag()
    connection.ensure_connection()
    rss_voor = _rss_mb()
    tijden, queries, grootte, extra = [], 0, 0, {}
    with tempfile.TemporaryDirectory() as map_:
        doel = Path(map_) / f"controlebestand.{formaat}"
        for _ in range(herhaal):
            connection.queries_log.clear()
            connection.force_debug_cursor = True  # count queries without DEBUG
            begin = time.perf_counter()
            if soort == "grootste":
                # The board with the most locatiegebruiken (the largest real one has 57).
                grootste = (Onderwijsbestuur.objects.annotate(n=Count("locatiegebruiken")).order_by("-n", "code")
                            .values_list("code", "n").first())
                begin = time.perf_counter()  # finding it is not part of the download
                bestuur = gegevens.besturen_qs().get(code=grootste[0])
                controle = services.controleer(gegevens.laad_bestuur(bestuur, peildatum))
                bestand.schrijf([controle], formaat, doel, basis_url="https://rio.example.nl")
                extra = {"bestuur": grootste[0], "locatiegebruiken": grootste[1],
                         "aanbieders": len(controle.gegevens.aanbieders), "signalen": len(controle.signalen)}
            else:
                bestand.schrijf(bestand.landelijke_controles(peildatum), formaat, doel,
                                basis_url="https://rio.example.nl")
                extra = {"besturen": Onderwijsbestuur.objects.count()}
            tijden.append(time.perf_counter() - begin)
            queries = len(connection.queries_log)
            connection.force_debug_cursor = False
            grootte = doel.stat().st_size
    return {"geval": geval, "seconden": tijden, "mediaan_s": statistics.median(tijden), "queries": queries,
            "piek_rss_mb": round(_rss_mb(), 1), "rss_na_opstart_mb": round(rss_voor, 1),
            "bestand_kb": round(grootte / 1024), **extra}


def _machine() -> dict:
    ram = ""
    try:
        regel = next(r for r in Path("/proc/meminfo").read_text().splitlines() if r.startswith("MemTotal"))
        ram = f"{int(regel.split()[1]) // 1024} MB"
    except (OSError, StopIteration):
        pass
    return {"cores": os.cpu_count(), "ram": ram, "python": platform.python_version(),
            "datum": datetime.now().isoformat(timespec="seconds"),
            "database": os.environ.get("DATABASE_URL", "sqlite (standaard)").split("@")[-1]}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--geval", choices=GEVALLEN, help="(intern) meet één geval in dit proces")
    parser.add_argument("--herhaal", type=int, default=0, help="aantal runs per geval (standaard 5 voor één "
                                                              "bestuur, 1 voor alle besturen)")
    parser.add_argument("gevallen", nargs="*", metavar="GEVAL", help=f"een of meer van {', '.join(GEVALLEN)} "
                                                                     "(standaard alle)")
    args = parser.parse_args()
    if onbekend := set(args.gevallen) - set(GEVALLEN):
        parser.error(f"onbekend geval: {', '.join(sorted(onbekend))}")
    if args.geval:
        herhaal = args.herhaal or (5 if args.geval.startswith("grootste") else 1)
        print(json.dumps(meet(args.geval, herhaal)))
        return 0

    resultaten = []
    for geval in args.gevallen or GEVALLEN:
        kind = subprocess.run([sys.executable, __file__, "--geval", geval, "--herhaal", str(args.herhaal)],
                              capture_output=True, text=True, check=False)
        if kind.returncode != 0:
            print(kind.stderr, file=sys.stderr)
            return kind.returncode
        resultaten.append(json.loads(kind.stdout.strip().splitlines()[-1]))

    machine = _machine()
    RESULTATEN.mkdir(parents=True, exist_ok=True)
    uitvoer = RESULTATEN / f"controlebestand-{datetime.now():%Y%m%d-%H%M%S}.json"
    uitvoer.write_text(json.dumps({"machine": machine, "resultaten": resultaten}, indent=2))
    print(f"machine: {machine['cores']} cores, {machine['ram']}, Python {machine['python']}, "
          f"database {machine['database']}")
    from gemeen import ijkgetal

    print(ijkgetal())
    alles_goed = True
    for r in resultaten:
        soort = r["geval"].split("-")[0]
        doel_s, doel_mb = DOEL_SECONDEN[soort], DOEL_MB[soort]
        goed = r["mediaan_s"] <= doel_s and (doel_mb is None or r["piek_rss_mb"] <= doel_mb)
        alles_goed &= goed
        runs = ", ".join(f"{s:.2f}" for s in r["seconden"])
        print(f"{r['geval']:15} {r['mediaan_s']:6.2f} s (runs {runs}; doel ≤ {doel_s:g} s)  "
              f"piek RSS {r['piek_rss_mb']:6.1f} MB (na opstart {r['rss_na_opstart_mb']} MB"
              f"{f'; doel ≤ {doel_mb} MB' if doel_mb else ''})  {r['queries']} queries  {r['bestand_kb']} kB  "
              f"{'OK' if goed else 'TE TRAAG/TE GROOT'}")
    print(f"resultaten: {uitvoer.relative_to(ROOT)}")
    return 0 if alles_goed else 1


if __name__ == "__main__":
    sys.exit(main())
