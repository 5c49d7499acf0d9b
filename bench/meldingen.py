"""Benchmark of the change notifications (issue 17 §3): from commit to delivery at a real HTTP receiver, through the
real task worker (``manage.py db_worker`` in its own process), in three cases:

    .venv/bin/python bench/meldingen.py                      # all three cases, outage 300 s
    .venv/bin/python bench/meldingen.py --uitval 30          # a shorter outage
    .venv/bin/python bench/meldingen.py --alleen gezond      # one case: gezond, half, uitval

(a) gezond: the receiver accepts everything; target p95 commit → delivery <= 2 s.
(b) half: the receiver answers 500 to half the calls (at random, seeded); target 100% delivered, 0 duplicates. An
    event that fails k times in a row waits 1 + 2 + ... seconds (at most 60 s per wait), so the tail is long.
(c) uitval: the receiver is down (connection closed without an answer) for --uitval seconds while changes keep
    coming; target 100% delivered after it is back, 0 duplicates.
(d) crash: the worker is killed (SIGKILL) twice while changes come in, and restarted; target 100% delivered and
    no event under another id (the same id twice is allowed: at least once, the subscriber dedupes by id).

A change is a rename of an aanbieder through the domain service, committed in its own transaction, so the commit
hook enqueues the round as in production. "Delivered" is an accepted (2xx) POST whose id is the one derived for
that audit entry; a duplicate is an id accepted twice, or an id that belongs to no change. The receiver runs in
this process (tests/helpers/ontvanger.py), timestamps on the same clock as the commits. Builds the throwaway
database rio_bench_meldingen. Exits with 1 when a target is missed.
"""

import os
import platform
import random
import statistics
import subprocess
import sys
import time
from pathlib import Path

from gemeen import ROOT, argumenten, database_klaarzetten, django_starten, ijkgetal

DATABASE = "rio_bench_meldingen"
DOEL_P95_S = 2.0
LEASE_S = 10


def _opzet():
    """A board with one school that mandates the benchmark's system for dienst RIO, and its aanbieder."""
    sys.path.insert(0, str(ROOT))
    from autorisatie.models import Mandaat
    from registratie.models import Onderwijsaanbieder
    from tests.helpers import factories

    systeem = Mandaat.objects.filter(systeem__naam="Bench meldingen").values_list("systeem", flat=True).first()
    if systeem is None:
        bestuur = factories.bestuur_met_erkenningen("30003", brin4s=("33AA",))
        aanbieder = factories.aanbieder(bestuur, naam="Bench", brin4="33AA")
        systeem_obj, _ = factories.systeem_met_sleutel("Bench meldingen", leverancier="Bench B.V.", prefix="benchmld")
        factories.mandaat(bestuur, "33AA", systeem_obj)
        return systeem_obj, aanbieder
    from autorisatie.models import Systeem

    return Systeem.objects.get(pk=systeem), Onderwijsaanbieder.objects.get(juridische_relaties__instelling__code="33AA")


def _hernoem(aanbieder_pk: int, naam: str) -> tuple[int, float]:
    """One committed change; (audit id, the moment the commit returned)."""
    from kern.tijd import vandaag
    from registratie.models import AuditRegel, Onderwijsaanbieder
    from registratie.services import organisatie as organisatie_services

    aanbieder = Onderwijsaanbieder.objects.get(pk=aanbieder_pk)
    organisatie_services.wijzig_aanbieder(aanbieder, door="bench", versie=aanbieder.versie, ingangsdatum=vandaag(),
                                          naam=naam, internationale_naam="", groep=None)
    gecommit = time.time()
    regels = AuditRegel.objects.filter(objectcode=aanbieder.code).order_by("-id")
    return regels.values_list("id", flat=True)[0], gecommit


def _worker(log: Path, interval: float) -> subprocess.Popen:
    # A claimed delivery of a killed worker is due again after the lease: 10 s here instead of 60 (case d).
    omgeving = os.environ | {"DJANGO_SETTINGS_MODULE": "rio_portal.settings.test", "MELDINGEN_LEASE": str(LEASE_S)}
    return subprocess.Popen([sys.executable, "manage.py", "db_worker", "--no-reload", "--no-startup-delay",
                             "--interval", str(interval)], cwd=ROOT, env=omgeving, stdout=log.open("a"),
                            stderr=subprocess.STDOUT)


def _geval(naam: str, systeem, aanbieder, aantal: int, tussenpoos: float, uitval: float = 0.0,
           kies=None, wacht_hoogstens: float = 120.0, na_wijziging=None) -> dict:
    from tests.helpers.ontvanger import Ontvanger
    from uitwisseling.meldingen import services
    from uitwisseling.meldingen.models import Abonnement, Aflevering

    Abonnement.objects.all().delete()
    ontvanger = Ontvanger(kies=kies).start()
    abonnement, _ = services.maak_abonnement(systeem, callback_url=ontvanger.url)
    verwacht: dict[str, float] = {}  # event id → commit time
    begin = time.time()
    ontvanger.plat = uitval > 0
    try:
        for i in range(aantal):
            regel_id, gecommit = _hernoem(aanbieder.pk, f"Bench {naam} {i}")
            verwacht[str(Aflevering.id_voor(regel_id, abonnement.pk))] = gecommit
            if na_wijziging is not None:
                na_wijziging(i)
            if uitval and ontvanger.plat and time.time() - begin >= uitval:
                ontvanger.plat = False
                terug = time.time()
            time.sleep(tussenpoos)
        while uitval and ontvanger.plat:
            if time.time() - begin >= uitval:
                ontvanger.plat = False
                terug = time.time()
            time.sleep(0.05)
        einde = time.time() + wacht_hoogstens
        while time.time() < einde and not set(verwacht) <= set(ontvanger.uniek()):
            time.sleep(0.05)
        klaar = time.time()
    finally:
        ontvanger.stop()
    geaccepteerd = ontvanger.geaccepteerd()
    uniek = ontvanger.uniek()
    per_id: dict[str, int] = {}
    for o in geaccepteerd:
        per_id[o.event_id] = per_id.get(o.event_id, 0) + 1
    vertragingen = sorted(uniek[i].tijd - verwacht[i] for i in verwacht if i in uniek)
    uitslag = {
        "geval": naam, "wijzigingen": aantal, "afgeleverd": len(set(verwacht) & set(uniek)),
        "dubbel": sum(n - 1 for n in per_id.values()), "vreemd": len(set(uniek) - set(verwacht)),
        "posts": len(ontvanger.ontvangen) + ontvanger.verbroken,
        "mislukte_posts": len(ontvanger.ontvangen) + ontvanger.verbroken - len(geaccepteerd),
        "p50_s": statistics.median(vertragingen) if vertragingen else None,
        "p95_s": vertragingen[max(0, int(len(vertragingen) * 0.95) - 1)] if vertragingen else None,
        "max_s": vertragingen[-1] if vertragingen else None,
    }
    if uitval:
        uitslag["uitval_s"] = uitval
        uitslag["na_herstel_alles_binnen_s"] = round(klaar - terug, 1)
    return uitslag


def main() -> int:
    parser = argumenten(__doc__)
    parser.add_argument("--uitval", type=float, default=300.0, help="seconden dat de ontvanger plat ligt (c)")
    parser.add_argument("--aantal", type=int, default=200, help="wijzigingen in geval (a)")
    parser.add_argument("--alleen", choices=["gezond", "half", "uitval", "crash"], default=None)
    parser.add_argument("--interval", type=float, default=1.0,
                        help="db_worker --interval: seconden tussen twee blikken op een lege rij (standaard 1)")
    args = parser.parse_args()
    os.environ["DATABASE_URL"] = f"{args.server}/{DATABASE}"
    os.environ["DJANGO_SETTINGS_MODULE"] = "rio_portal.settings.test"
    database_klaarzetten(args.server, DATABASE, args.bewaar)
    django_starten(args.server, DATABASE)
    print(f"# bench/meldingen.py  worker --interval {args.interval}  {platform.python_version()}  {ijkgetal()}")
    systeem, aanbieder = _opzet()
    log = ROOT / "bench" / "resultaten" / "meldingen-worker.log"  # bench/resultaten/ is not in git
    log.parent.mkdir(exist_ok=True)
    workers = [_worker(log, args.interval)]

    def crash(i: int) -> None:
        """Kill the worker (SIGKILL, mid-round if it is busy) after changes 30 and 60, and start a new one."""
        if i in (30, 60):
            workers[-1].kill()
            workers[-1].wait(10)
            workers.append(_worker(log, args.interval))
    uitslagen = []
    try:
        time.sleep(1.5)  # the worker's start-up (Django setup)
        if args.alleen in (None, "gezond"):
            uitslagen.append(_geval("gezond", systeem, aanbieder, args.aantal, 0.05))
        if args.alleen in (None, "half"):
            toeval = random.Random(17)  # the same "random" half every run
            uitslagen.append(_geval("half", systeem, aanbieder, 100, 0.05, kies=lambda n: toeval.choice((500, 200)),
                                    wacht_hoogstens=600.0))
        if args.alleen in (None, "uitval"):
            aantal = 100
            uitslagen.append(_geval("uitval", systeem, aanbieder, aantal, max(args.uitval / aantal, 0.05),
                                    uitval=args.uitval, wacht_hoogstens=180.0))
        if args.alleen in (None, "crash"):
            uitslagen.append(_geval("crash", systeem, aanbieder, 100, 0.1, na_wijziging=crash, wacht_hoogstens=180.0))
    finally:
        workers[-1].terminate()
        workers[-1].wait(10)
    gehaald = True
    for uitslag in uitslagen:
        print("  ".join(f"{k}={round(v, 3) if isinstance(v, float) else v}" for k, v in uitslag.items()))
        gehaald &= uitslag["afgeleverd"] == uitslag["wijzigingen"] and not uitslag["vreemd"]
        if uitslag["geval"] != "crash":  # a killed worker may have sent before it could mark: same id again, allowed
            gehaald &= uitslag["dubbel"] == 0
        if uitslag["geval"] == "gezond":
            gehaald &= uitslag["p95_s"] is not None and uitslag["p95_s"] <= DOEL_P95_S
    print("DOEL GEHAALD" if gehaald else f"DOEL GEMIST (zie {log})")
    return 0 if gehaald else 1


if __name__ == "__main__":
    sys.exit(main())
