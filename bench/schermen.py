"""Benchmark of the two heaviest screens (issue #7): "Mijn organisatie" (the tree) and the controle screen, for
boards of 1, the largest real board (57 in the 2026 file) and 500 (synthetic) aanbieders: SQL queries and
server time, through Django's test client in this process (no network, no browser).

    .venv/bin/python bench/schermen.py                      # uses postgres://postgres@127.0.0.1:5432
    .venv/bin/python bench/schermen.py --herhaal 9 --bewaar  # keep the database for a second run

Builds the throwaway database rio_bench_schermen: migrate, import DUO's file, then fill the smallest and the
largest real board and one synthetic board of 500 BRIN4s through the importer's own filler (domain services,
audited; about a minute for the 500). Targets: ≤ 20 queries, the same for every size; ≤ 100 ms at the largest
real board and ≤ 400 ms at 500 (median). Exits with 1 when a target is missed.
"""

import os
import platform
import statistics
import sys
import time

from gemeen import DUO_BESTAND, analyseer, argumenten, database_klaarzetten, django_starten, ijkgetal

DATABASE = "rio_bench_schermen"
DOEL_QUERIES = 20
DOEL_MS = {"groot": 100, "500": 400}
SYNTHETISCH = "99999"


def _database_klaarzetten(server: str, bewaar: bool) -> None:
    database_klaarzetten(server, DATABASE, bewaar, ["importeer_duo_open_data", str(DUO_BESTAND), "--stil"])


def _vul(bestuur) -> None:
    from django.db import transaction

    from registratie.importer.vul_registratie import Vulresultaat, _catalogus, _vul_bestuur

    if not bestuur.aanbieders.exists():
        with transaction.atomic():
            _vul_bestuur(bestuur, _catalogus(), Vulresultaat())


def _synthetisch_bestuur(aantal: int):
    """A bevoegd gezag with `aantal` BRIN4s (codes not in DUO's file), each with one BRIN6."""
    from registratie.models import Instellingserkenning, Onderwijsbestuur
    from tests.helpers import factories

    bestaand = Onderwijsbestuur.objects.filter(bevoegd_gezag__nummer=SYNTHETISCH).first()
    if bestaand:
        return bestaand
    bezet = set(Instellingserkenning.objects.values_list("code", flat=True))
    codes = [c for c in (f"{i % 100:02d}{chr(81 + i // 2600)}{chr(65 + i // 100 % 26)}" for i in range(5000))
             if c not in bezet][:aantal]
    return factories.bestuur_met_erkenningen(SYNTHETISCH, brin4s=codes)


def besturen() -> dict[str, object]:
    from django.db.models import Count

    from registratie.models import Onderwijsbestuur

    echte = (Onderwijsbestuur.objects.filter(bevoegd_gezag__isnull=False, einddatum__isnull=True)
             .exclude(bevoegd_gezag__nummer=SYNTHETISCH)
             .annotate(n=Count("bevoegd_gezag__instellingen")).filter(n__gt=0).order_by("n", "code"))
    gekozen = {"1": echte.first(), "groot": echte.last(), "500": _synthetisch_bestuur(500)}
    for bestuur in gekozen.values():
        _vul(bestuur)
    return gekozen


def meet(client, url: str, herhaal: int) -> tuple[int, float]:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.get(url)  # warm-up: imports, template compilation
    tijden, queries = [], 0
    for _ in range(herhaal):
        with CaptureQueriesContext(connection) as vastgelegd:
            begin = time.perf_counter()
            antwoord = client.get(url)
            tijden.append((time.perf_counter() - begin) * 1000)
        assert antwoord.status_code == 200, f"{url}: {antwoord.status_code}"
        queries = len(vastgelegd.captured_queries)
    return queries, statistics.median(tijden)


def main() -> int:
    parser = argumenten(__doc__, herhaal=5)
    args = parser.parse_args()

    os.environ["DATABASE_URL"] = f"{args.server}/{DATABASE}"
    os.environ["DJANGO_SETTINGS_MODULE"] = "rio_portal.settings.test"
    _database_klaarzetten(args.server, args.bewaar)
    django_starten(args.server, DATABASE)
    from django.contrib.auth import get_user_model
    from django.test import Client
    from django.urls import reverse

    gekozen = besturen()
    analyseer()
    persoon, _ = get_user_model().objects.get_or_create(username="bench", defaults={"is_superuser": True,
                                                                                     "is_staff": True})
    client = Client()
    client.force_login(persoon)
    print(f"machine: {os.cpu_count()} cores, Python {platform.python_version()}; gedeelde machine, "
          "cijfers zijn pessimistisch")
    print(ijkgetal())
    print(f"{'bestuur':<22} {'aanbieders':>10} {'scherm':<10} {'queries':>7} {'mediaan ms':>10}")
    gehaald, per_scherm = True, {}
    for grootte, bestuur in gekozen.items():
        aantal = bestuur.aanbieders.count()
        for scherm in ("organisatie", "controle"):
            naam = "registratie:organisatie" if scherm == "organisatie" else "controle:bestuur"
            queries, ms = meet(client, reverse(naam, args=[bestuur.code]), args.herhaal)
            per_scherm.setdefault(scherm, set()).add(queries)
            doel = DOEL_MS.get(grootte)
            mis = queries > DOEL_QUERIES or (doel is not None and ms > doel)
            gehaald &= not mis
            print(f"{bestuur.code + ' (' + grootte + ')':<22} {aantal:>10} {scherm:<10} {queries:>7} {ms:>10.0f}"
                  + (f"  (doel ≤ {doel} ms)" if doel else "") + ("  GEMIST" if mis else ""))
    for scherm, aantallen in per_scherm.items():
        if len(aantallen) > 1:
            print(f"LET OP: aantal queries van {scherm} groeit met het bestuur: {sorted(aantallen)}")
            gehaald = False
    print("doelen gehaald" if gehaald else "DOEL GEMIST")
    return 0 if gehaald else 1


if __name__ == "__main__":
    sys.exit(main())
