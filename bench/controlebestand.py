"""Benchmark of the controlebestand (issue #5): wall time, peak memory and queries of the control file for the
largest board and for all boards (the national file DUO makes in the background).

Fill a throwaway PostgreSQL database with the real DUO open data first (see bench/README.md), then:

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/rio_bench .venv/bin/python bench/controlebestand.py

Each case runs in its own child process, so that its peak RSS (ru_maxrss) is its own and not that of an
earlier case. A case does what the download view (one board) or the background task (all boards) does:
load the registration, run every controleregel, and write every sheet. Targets: one board at most 1 s;
all boards (issue 19) as xlsx at most 5 s and as CSV zip at most 2 s, and at most 300 MB peak. The national CSV zip
is written by LANDELIJK_PROCESSEN werkprocessen (ADR 0017): its memory is that of all processes together, the sum of
their PSS sampled during an extra, untimed run (``PssMeter``), and the queries shown are the main process's only.
With --vloer it also measures the floors of the national file (see VLOEREN). Results go to bench/resultaten/
(not in git).
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
import threading
import time
from datetime import datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RESULTATEN = ROOT / "bench" / "resultaten"
GEVALLEN = ("grootste-xlsx", "grootste-zip", "landelijk-xlsx", "landelijk-zip")
# The floors of the national file (issue 19), measured with --vloer: reading the same rows with one SELECT per kind
# and batch (raw tuples: no model, no Python per row), and writing as many CSV rows (of one real row per sheet)
# without loading or checking anything.
VLOEREN = ("vloer-lezen", "vloer-csv")
DOEL_SECONDEN = {"grootste": 1.0, "landelijk": 5.0, "vloer": 0.0}
DOEL_SECONDEN_ZIP = 2.0  # issue 19: the national CSV zip at most 2 s, the xlsx at most 5 s
DOEL_MB = {"grootste": None, "landelijk": 300, "vloer": None}


def _django() -> None:
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "rio_portal.settings.dev")
    import django

    django.setup()


def _rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # Linux: kilobytes


def _rss_kinderen_mb() -> float:
    """The peak RSS of the largest finished child (the national zip's werkprocessen, ADR 0017)."""
    return resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024


class PssMeter(threading.Thread):
    """The memory of this process and its children together, sampled every 20 ms as the sum of their PSS
    (proportional set size: a page that a forked child still shares with its parent counts half in each, so the
    sum is what the tree really holds; the sum of their RSS would count those pages twice). Linux only. Used in an
    extra, untimed run: reading smaps costs a little CPU."""

    def __init__(self) -> None:
        super().__init__(daemon=True)
        self.piek_kb = 0
        self._stop = threading.Event()

    @staticmethod
    def _pss_kb(pid: int | str) -> int:
        try:
            regels = Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines()
        except OSError:
            return 0  # a child that just ended
        return next((int(r.split()[1]) for r in regels if r.startswith("Pss:")), 0)

    def _kinderen(self) -> list[str]:
        pids: list[str] = []
        for taak in Path(f"/proc/{os.getpid()}/task").iterdir():
            try:
                pids += (taak / "children").read_text().split()
            except OSError:
                continue
        return pids

    def run(self) -> None:
        while not self._stop.wait(0.02):
            totaal = self._pss_kb(os.getpid()) + sum(self._pss_kb(pid) for pid in self._kinderen())
            self.piek_kb = max(self.piek_kb, totaal)

    def __enter__(self) -> "PssMeter":
        self.start()
        return self

    def __exit__(self, *fout: object) -> None:
        self._stop.set()
        self.join()


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
    if soort == "vloer":
        return vloer(formaat, herhaal)
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
                # As the background task (controle.tasks) does it.
                bestand.schrijf_landelijk(peildatum, formaat, doel, basis_url="https://rio.example.nl")
                extra = {"besturen": Onderwijsbestuur.objects.count()}
            tijden.append(time.perf_counter() - begin)
            queries = len(connection.queries_log)
            connection.force_debug_cursor = False
            grootte = doel.stat().st_size
        if soort == "landelijk":
            # Once more, untimed, for the memory of every process the file takes (the zip's werkprocessen).
            with PssMeter() as meter:
                bestand.schrijf_landelijk(peildatum, formaat, doel, basis_url="https://rio.example.nl")
            extra |= {"piek_pss_alle_processen_mb": round(meter.piek_kb / 1024, 1),
                      "piek_rss_werkproces_mb": round(_rss_kinderen_mb(), 1)}
    # Queries: those of this process; the werkprocessen of the national zip run theirs on their own connections.
    return {"geval": geval, "seconden": tijden, "mediaan_s": statistics.median(tijden), "queries": queries,
            "piek_rss_mb": round(_rss_mb(), 1), "rss_na_opstart_mb": round(rss_voor, 1),
            "bestand_kb": round(grootte / 1024), **extra}


def _rijen_per_kind(batch_ids: list[int]) -> list:
    """One SELECT per kind of object the national file reads for a batch of boards, with every column."""
    from django.db.models import Q

    from autorisatie.models import Mandaat, Roltoewijzing
    from registratie import models as m

    def alles(qs):
        return qs.values_list(*(f.attname for f in qs.model._meta.concrete_fields))

    op_bestuur = {"aanbieder__bestuur_id__in": batch_ids}
    op_ao = {"aangeboden_opleiding__aanbieder__bestuur_id__in": batch_ids}
    gezagen = list(m.Onderwijsbestuur.objects.filter(pk__in=batch_ids).values_list("bevoegd_gezag_id", flat=True))
    return [
        alles(m.BestuurPeriode.objects.filter(bestuur_id__in=batch_ids)),
        alles(m.Onderwijsaanbieder.objects.filter(bestuur_id__in=batch_ids)),
        alles(m.AanbiederPeriode.objects.filter(**op_bestuur)),
        alles(m.JuridischeRelatie.objects.filter(**op_bestuur)),
        alles(m.AangebodenOpleiding.objects.filter(**op_bestuur)),
        alles(m.AangebodenOpleidingPeriode.objects.filter(**op_ao)),
        alles(m.Kenmerk.objects.filter(**op_ao)),
        alles(m.Onderwijslocatiegebruik.objects.filter(bestuur_id__in=batch_ids)),
        alles(m.Onderwijslocatie.objects.filter(gebruiken__bestuur_id__in=batch_ids)),
        alles(m.Vestigingsrelatie.objects.filter(gebruik__bestuur_id__in=batch_ids)),
        alles(m.Contactgegevens.objects.filter(Q(bestuur_id__in=batch_ids) | Q(aanbieder__bestuur_id__in=batch_ids))),
        alles(m.Instellingserkenning.objects.filter(bevoegd_gezag_id__in=gezagen)),
        alles(m.Vestigingserkenning.objects.filter(instelling__bevoegd_gezag_id__in=gezagen)),
        alles(Mandaat.objects.filter(bestuur_id__in=batch_ids)),
        alles(Roltoewijzing.objects.filter(bestuur_id__in=batch_ids)),
    ]


def vloer(soort: str, herhaal: int) -> dict:
    """The floors of the national file: ``lezen``, its rows read as raw tuples with one SELECT per kind and batch;
    ``csv``, as many CSV rows per sheet as the national zip has, all a copy of one real row, written to a zip."""
    import csv as csvmodule
    import io
    import zipfile

    from django.db import connection

    from controle import bestand
    from kern.export import CsvZipSchrijver
    from kern.tijd import vandaag
    from registratie.models import Onderwijsbestuur

    tijden, rijen, extra = [], 0, {}
    if soort == "lezen":
        for _ in range(herhaal):
            begin = time.perf_counter()
            rijen = 0
            ids = list(Onderwijsbestuur.objects.order_by("code").values_list("pk", flat=True))
            with connection.cursor() as cursor:
                for i in range(0, len(ids), bestand.BATCH):
                    for qs in _rijen_per_kind(ids[i:i + bestand.BATCH]):
                        sql, params = qs.query.get_compiler(using=qs.db).as_sql()
                        cursor.execute(sql, params)
                        rijen += len(cursor.fetchall())
            tijden.append(time.perf_counter() - begin)
        extra = {"rijen_gelezen": rijen}
    else:
        # Not timed: the national zip itself, for the number of rows per sheet and one real row of each.
        uitvoer = io.BytesIO()
        bestand.schrijf(bestand.landelijke_controles(vandaag()), "zip", uitvoer, basis_url="https://rio.example.nl")
        per_blad = {}
        with zipfile.ZipFile(uitvoer) as archief:
            for blad in bestand.BLADEN:
                tekst = archief.read(f"{blad.identifier}.csv").decode("utf-8-sig")
                gelezen = list(csvmodule.reader(io.StringIO(tekst), delimiter=";"))[1:]
                per_blad[blad.naam] = (len(gelezen), tuple(gelezen[0]) if gelezen else ())
        for _ in range(herhaal):
            begin = time.perf_counter()
            schrijver = CsvZipSchrijver()
            for blad in bestand.BLADEN:
                schrijver.blad(blad.naam, blad.kolommen)
            for blad in bestand.BLADEN:
                aantal, rij = per_blad[blad.naam]
                for start in range(0, aantal, 100):  # in blocks, as the national file writes a batch per board
                    schrijver.schrijf_rijen(blad.naam, [rij] * min(100, aantal - start))
            schrijver.bewaar(io.BytesIO())
            tijden.append(time.perf_counter() - begin)
        rijen = sum(a for a, _ in per_blad.values())
        extra = {"rijen_geschreven": rijen}
    return {"geval": f"vloer-{soort}", "seconden": tijden, "mediaan_s": statistics.median(tijden), "queries": 0,
            "piek_rss_mb": round(_rss_mb(), 1), "rss_na_opstart_mb": 0, "bestand_kb": 0, **extra}


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
    parser.add_argument("--geval", choices=GEVALLEN + VLOEREN, help="(intern) meet één geval in dit proces")
    parser.add_argument("--vloer", action="store_true", help="meet daarna ook de vloeren van het landelijke "
                                                             "bestand (lezen met één SELECT per soort; CSV schrijven)")
    parser.add_argument("--herhaal", type=int, default=0, help="aantal runs per geval (standaard 5 voor één "
                                                              "bestuur, 1 voor alle besturen)")
    parser.add_argument("gevallen", nargs="*", metavar="GEVAL", help=f"een of meer van {', '.join(GEVALLEN)} "
                                                                     "(standaard alle)")
    args = parser.parse_args()
    if onbekend := set(args.gevallen) - set(GEVALLEN + VLOEREN):
        parser.error(f"onbekend geval: {', '.join(sorted(onbekend))}")
    if args.geval:
        herhaal = args.herhaal or (5 if args.geval.startswith("grootste") else 1)
        print(json.dumps(meet(args.geval, herhaal)))
        return 0

    from gemeen import ijkgetal

    ijk_voor = ijkgetal()
    resultaten = []
    for geval in (*(args.gevallen or GEVALLEN), *(VLOEREN if args.vloer else ())):
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
    print(f"voor: {ijk_voor}; na: {ijkgetal()}; load average {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    alles_goed = True
    for r in resultaten:
        soort = r["geval"].split("-")[0]
        doel_s, doel_mb = DOEL_SECONDEN[soort], DOEL_MB[soort]
        if r["geval"] == "landelijk-zip":
            doel_s = DOEL_SECONDEN_ZIP
        geheugen = max(r["piek_rss_mb"], r.get("piek_pss_alle_processen_mb", 0))
        goed = soort == "vloer" or (r["mediaan_s"] <= doel_s and (doel_mb is None or geheugen <= doel_mb))
        alles_goed &= goed
        runs = ", ".join(f"{s:.2f}" for s in r["seconden"])
        if soort == "vloer":
            print(f"{r['geval']:15} {r['mediaan_s']:6.2f} s (runs {runs})  "
                  f"{r.get('rijen_gelezen') or r.get('rijen_geschreven')} rijen")
            continue
        print(f"{r['geval']:15} {r['mediaan_s']:6.2f} s (runs {runs}; doel ≤ {doel_s:g} s)  "
              f"piek RSS {r['piek_rss_mb']:6.1f} MB (na opstart {r['rss_na_opstart_mb']} MB"
              f"{f'; doel ≤ {doel_mb} MB' if doel_mb else ''})  {r['queries']} queries  {r['bestand_kb']} kB  "
              f"{'OK' if goed else 'TE TRAAG/TE GROOT'}")
        if "piek_pss_alle_processen_mb" in r:
            print(f"{'':15} alle processen samen: piek PSS {r['piek_pss_alle_processen_mb']} MB; grootste werkproces "
                  f"piek RSS {r['piek_rss_werkproces_mb']} MB")
    print(f"resultaten: {uitvoer.relative_to(ROOT)}")
    return 0 if alles_goed else 1


if __name__ == "__main__":
    sys.exit(main())
