"""Load test on two web processes (issue 19): 200 simulated users against two gunicorn processes on different ports
(production settings, bench.instellingen), one PostgreSQL and one task worker (manage.py db_worker, as the
worker service of docker-compose.yml), the way two replicas behind a load balancer share nothing but the database.

    .venv/bin/python bench/schermen.py --bewaar     # database rio_bench_schermen
    .venv/bin/python bench/last_twee.py             # --gebruikers 200 --duur 60 --workers 2 --opstart 20

What it proves besides the figures:

- Sessions across processes: every portal user logs in on its "home" port (bench-only /bench/inloggen/, which does
  what the OIDC callback does: auth.login, a new database session) and then sends every page to the OTHER port.
  A page that does not answer 200 with the board's content (a 302 to the login page) is an error.
- Exports across processes: while the users run, the national control file (controle/landelijk/) is requested
  with a POST on port A, the worker writes it into the database (EXPORT_OPSLAG=database, controle/opslag.py), its
  status is polled and the file downloaded on port B and checked (xlsx = a zip, length as announced).

The mix is bench/last.py's (tree, object pages, change forms, controle, search; one in five users a supplier system
reading the JSON API), with its wait of 0.5-2 s per user. Targets: 0 errors, p95 ≤ 300 ms. Exits with 1 when one
is missed. A third round is the floor: the same users, logged in the same way, on the cheapest logged-in page
(the cached tree); where it misses the target too, the mix cannot meet it on this machine. The locust classes
below are this file's locustfile.
"""

import csv
import json
import os
import random
import re
import resource
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from http.cookiejar import CookieJar
from pathlib import Path

import last  # bench/ is on sys.path (the script's folder; locust -f adds it too): its supplier user is reused
from locust import between, task
from locust.contrib.fasthttp import FastHttpUser

ROOT = Path(__file__).resolve().parent.parent
DATABASE = "rio_bench_schermen"
POORTEN = [int(p) for p in os.environ.get("BENCH_POORTEN", "8771,8772").split(",")]
DOEL_P95_MS = 300
FRAGMENT_CACHE = "redis://127.0.0.1:6379/5"  # a database of its own on the machine's Redis
BESTUUR = os.environ.get("BENCH_BESTUUR", "100B042")
OBJECTEN = [r for r in os.environ.get("BENCH_OBJECTEN", "").split(",") if r]
API_SLEUTEL = os.environ.get("BENCH_API_SLEUTEL", "")
ZOEKTERMEN = ["Amsterdam", "De Regenboog", "1011", "Zwolle", "100B042", "Montessori", "3500", "Sint"]


def _leeg_cache(url: str) -> None:
    if url.startswith("redis://"):
        import redis

        redis.Redis.from_url(url).flushdb()


def _adres(poort: int) -> str:
    return f"http://127.0.0.1:{poort}"


class _Ingelogd(FastHttpUser):
    """A person of the largest real board who logs in on one process and works on the other (no tasks of its own)."""

    abstract = True
    wait_time = between(0.5, 2)
    host = _adres(POORTEN[0])

    def _inloggen(self) -> None:
        thuis = random.choice(POORTEN)
        self.client.base_url = _adres(thuis)
        with self.client.get("/bench/inloggen/", name="inloggen (thuispoort)", catch_response=True) as a:
            if a.status_code != 200 or not any(k.name == "sessionid" for k in self.client.cookiejar):
                a.failure(f"inloggen: {a.status_code}, geen sessiekoekje")
        # From here on the other process serves this person, with the session the first one made.
        self.client.base_url = _adres(next(p for p in POORTEN if p != thuis))

    def _pagina(self, pad: str, naam: str, merk: str, **kw) -> None:
        with self.client.get(pad, name=naam, allow_redirects=False, catch_response=True, **kw) as a:
            if a.status_code != 200:
                a.failure(f"status {a.status_code}" + (" (niet ingelogd)" if a.status_code == 302 else ""))
            elif merk and merk not in (a.text or ""):
                a.failure(f"{merk!r} ontbreekt")

    def _boom(self) -> None:
        self._pagina(f"/organisatie/{BESTUUR}/", "/organisatie/<code>/", BESTUUR)


class Portaalgebruiker(_Ingelogd):
    """The tree, object pages, change forms, controle and search, after the stappenplan."""

    weight = 4

    def on_start(self) -> None:
        self._inloggen()
        self._pagina("/", "/ (stappenplan, andere poort)", "")

    @task(4)
    def boom(self) -> None:
        self._boom()

    @task(6)
    def objectpagina(self) -> None:
        self._pagina(random.choice(OBJECTEN), "objectpagina", "")

    @task(2)
    def formulier(self) -> None:
        pad = random.choice([o for o in OBJECTEN if o.startswith("/aanbieders/")] or OBJECTEN)
        self._pagina(pad + "wijzigen/", "formulier (wijzigen)", "<form")

    @task(1)
    def controle(self) -> None:
        self._pagina(f"/controle/{BESTUUR}/", "/controle/<code>/", BESTUUR)

    @task(2)
    def zoeken(self) -> None:
        self._pagina(f"/zoeken/?q={random.choice(ZOEKTERMEN)}", "/zoeken/?q=", "")


class Boomgebruiker(_Ingelogd):
    """The floor of a logged-in page: the same users, login and wait, only on the cheapest page the portal has,
    the board's tree from the screen cache (three precompiled statements and a cached body, ADR 0015)."""

    def on_start(self) -> None:
        self._inloggen()

    @task
    def boom(self) -> None:
        self._boom()


class Leverancierssysteem(last.Leverancierssysteem):
    """bench/last.py's LAS reading the JSON API with its key (same tasks), here on one of the two processes."""

    wait_time = between(0.5, 2)
    host = _adres(POORTEN[0])

    def on_start(self) -> None:
        self.client.base_url = _adres(random.choice(POORTEN))


class Anker(FastHttpUser):
    """The anchor: the same users and wait, spread over both ports, on the bare template (bench/urls.py)."""

    wait_time = between(0.5, 2)
    host = _adres(POORTEN[0])

    def on_start(self) -> None:
        self.client.base_url = _adres(random.choice(POORTEN))

    @task
    def kaal(self) -> None:
        self.client.get("/bench/kaal/", name="/bench/kaal/ (anker)")


class _GeenDoorsturen(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def export_over_twee(uitkomst: dict, grens: float = 600) -> None:
    """POST the national control file on port A, poll and download it on port B (the superuser's session, made on
    port A by /bench/inloggen/). Fills `uitkomst`; runs in a thread beside locust."""
    a, b = _adres(POORTEN[0]), _adres(POORTEN[1])
    koekjes = CookieJar()
    open_ = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(koekjes), _GeenDoorsturen()).open
    try:
        open_(a + "/bench/inloggen/", timeout=60).read()
        formulier = open_(a + "/controle/landelijk/", timeout=60).read().decode()
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', formulier).group(1)
        veld = re.search(r'name="peildatum"[^>]*value="([^"]+)"', formulier)
        peildatum = veld.group(1) if veld else time.strftime("%Y-%m-%d")
        data = urllib.parse.urlencode({"csrfmiddlewaretoken": token, "peildatum": peildatum, "formaat": "xlsx"})
        begin = time.monotonic()
        try:
            open_(urllib.request.Request(a + "/controle/landelijk/", data=data.encode()), timeout=60)
            raise AssertionError("POST landelijk: geen doorverwijzing naar de exportopdracht")
        except urllib.error.HTTPError as fout:
            assert fout.code == 302, f"POST landelijk op {a}: {fout.code}"
            opdracht = fout.headers["Location"]
        uitkomst["opdracht"] = opdracht
        while time.monotonic() - begin < grens:
            status = json.loads(open_(b + opdracht + "status.json", timeout=60).read())
            if status["klaar"] or status["foutmelding"]:
                break
            time.sleep(2)
        uitkomst["klaar_na_s"] = round(time.monotonic() - begin, 1)
        assert status["klaar"], f"export niet klaar: {status}"
        with open_(b + status["download"], timeout=120) as antwoord:
            inhoud = antwoord.read()
            lengte = int(antwoord.headers["Content-Length"])
        assert inhoud[:2] == b"PK" and len(inhoud) == lengte, (inhoud[:4], len(inhoud), lengte)
        uitkomst.update(gehaald=True, bytes=len(inhoud), aangevraagd=a, gedownload=b)
    except Exception as fout:  # reported, and the run fails
        uitkomst.update(gehaald=False, fout=repr(fout))


def _ronde(klassen: list[str], gebruikers: int, duur: int, omgeving: dict, prefix: Path, opstart: float) -> dict:
    # The load generator's own CPU time (it shares the two cores with the servers): the children's rusage.
    voor = resource.getrusage(resource.RUSAGE_CHILDREN)
    begin = time.monotonic()
    subprocess.run([sys.executable, "-m", "locust", "-f", __file__, *klassen,
                    "--headless", "-u", str(gebruikers), "-r", f"{gebruikers / max(opstart, 1):g}", "-t", f"{duur}s",
                    "-H", _adres(POORTEN[0]), "--csv", str(prefix), "--only-summary", "--loglevel", "WARNING"],
                   cwd=ROOT, env=omgeving, check=False)
    na = resource.getrusage(resource.RUSAGE_CHILDREN)
    locust_cpu = (na.ru_utime + na.ru_stime) - (voor.ru_utime + voor.ru_stime)
    with open(f"{prefix}_stats.csv", newline="") as f:
        rijen = {r["Name"]: r for r in csv.DictReader(f)}
    totaal = rijen["Aggregated"]
    fouten_csv = Path(f"{prefix}_failures.csv")
    return {"verzoeken": int(totaal["Request Count"]), "fouten": int(totaal["Failure Count"]),
            "rps": float(totaal["Requests/s"]), "p95": float(totaal["95%"]), "mediaan": float(totaal["50%"]),
            "per_naam": {n: (r["Request Count"], r["Failure Count"], r["50%"], r["95%"]) for n, r in rijen.items()
                         if n != "Aggregated"},
            "foutsoorten": fouten_csv.read_text() if fouten_csv.exists() else "",
            "locust_cpu": locust_cpu / max(time.monotonic() - begin, 1)}


def _per_poort(log: Path) -> dict[str, int]:
    tel: dict[str, int] = {}
    for regel in log.read_text().splitlines():
        tel[regel.split()[0]] = tel.get(regel.split()[0], 0) + 1
    return tel


def main() -> int:
    import argparse

    sys.path.insert(0, str(ROOT / "bench"))
    from gemeen import ijkgetal
    from last import _api_sleutel, _objecten
    from pagina import omstandigheden

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--server", default="postgres://postgres@127.0.0.1:5432")
    parser.add_argument("--gebruikers", type=int, default=200)
    parser.add_argument("--duur", type=int, default=60)
    parser.add_argument("--workers", type=int, default=2, help="gunicorn-workers per webproces")
    parser.add_argument("--opstart", type=float, default=20, help="seconden waarin alle gebruikers starten")
    args = parser.parse_args()

    omgeving = {**os.environ, "DATABASE_URL": f"{args.server}/{DATABASE}", "DJANGO_SETTINGS_MODULE":
                "bench.instellingen", "LOG_LEVEL": "WARNING", "BENCH_POORTEN": ",".join(map(str, POORTEN))}
    # As docker-compose.yml: the replicas share their cached screens through Redis (ADR 0015); "locmemcache://" gives
    # each worker its own. Emptied first, so every run starts cold.
    omgeving.setdefault("FRAGMENT_CACHE_URL", FRAGMENT_CACHE)
    _leeg_cache(omgeving["FRAGMENT_CACHE_URL"])
    omgeving["BENCH_OBJECTEN"] = ",".join(_objecten(omgeving))
    omgeving["BENCH_API_SLEUTEL"] = _api_sleutel(omgeving)
    subprocess.run([sys.executable, "manage.py", "collectstatic", "--noinput", "-v", "0"], cwd=ROOT, env=omgeving,
                   check=True)
    uitvoer = ROOT / "bench" / "resultaten"
    uitvoer.mkdir(exist_ok=True)
    processen, logs = [], []
    gunicorn = str(Path(sys.executable).parent / "gunicorn")
    for poort in POORTEN:
        log = uitvoer / f"last-twee-{poort}.log"
        log.write_text("")
        logs.append(log)
        processen.append(subprocess.Popen(
            [gunicorn, "rio_portal.wsgi", "-b", f"127.0.0.1:{poort}", "--workers", str(args.workers),
             "--access-logfile", str(log), "--access-logformat", "%(m)s %(U)s %(s)s %(D)s"],
            cwd=ROOT, env=omgeving, stderr=subprocess.DEVNULL))
    # One task worker for both, as docker-compose.yml's worker service.
    processen.append(subprocess.Popen([sys.executable, "manage.py", "db_worker", "--no-reload"], cwd=ROOT,
                                      env=omgeving, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL))
    export: dict = {}
    try:
        for poort in POORTEN:
            for _ in range(150):
                try:
                    urllib.request.urlopen(_adres(poort) + "/gezondheid/", timeout=5).read()
                    break
                except OSError:
                    time.sleep(0.2)
        begin = omstandigheden()
        # The export starts once the users are on their way, and runs beside them.
        draad = threading.Timer(args.opstart, export_over_twee, args=[export])
        draad.start()
        r = _ronde(["Portaalgebruiker", "Leverancierssysteem"], args.gebruikers, args.duur, omgeving,
                   uitvoer / "last-twee", args.opstart)
        draad.join()
        anker = _ronde(["Anker"], args.gebruikers, args.duur, omgeving, uitvoer / "last-twee-anker", args.opstart)
        vloer = _ronde(["Boomgebruiker"], args.gebruikers, args.duur, omgeving, uitvoer / "last-twee-vloer",
                       args.opstart)
        eind = omstandigheden()
    finally:
        for proces in processen:
            proces.terminate()
        for proces in processen:
            proces.wait(timeout=30)

    print(f"begin {begin['tijd_utc']} UTC, eind {eind['tijd_utc']} UTC, commit {begin['commit']}, {begin['cores']} "
          f"cores (gedeeld: locust, 2 × gunicorn met {args.workers} workers, db_worker en PostgreSQL)")
    print(f"uptime begin: {begin['uptime']}\nuptime eind:  {eind['uptime']}\n{ijkgetal()}")
    print(f"{args.gebruikers} gebruikers, {args.duur} s, opstart {args.opstart:g} s: {r['verzoeken']} verzoeken, "
          f"{r['fouten']} fouten, {r['rps']:.1f} verzoeken/s, mediaan {r['mediaan']:.0f} ms, p95 {r['p95']:.0f} ms")
    print(f"anker (dezelfde gebruikers op /bench/kaal/): {anker['verzoeken']} verzoeken, {anker['fouten']} fouten, "
          f"{anker['rps']:.1f} verzoeken/s, mediaan {anker['mediaan']:.0f} ms, p95 {anker['p95']:.0f} ms; "
          f"mix/anker: verzoeken/s {r['rps'] / anker['rps']:.1%}, p95 {r['p95'] / max(anker['p95'], 1):.0f}×")
    print(f"vloer (dezelfde gebruikers, ingelogd, alleen de gecachete boom): {vloer['verzoeken']} verzoeken, "
          f"{vloer['fouten']} fouten, {vloer['rps']:.1f} verzoeken/s, mediaan {vloer['mediaan']:.0f} ms, "
          f"p95 {vloer['p95']:.0f} ms; vloer/anker: verzoeken/s {vloer['rps'] / anker['rps']:.1%}")
    print("locust zelf (CPU-tijd / looptijd van de ronde; 100 % = één core van de twee): "
          f"mix {r['locust_cpu']:.0%}, anker {anker['locust_cpu']:.0%}, vloer {vloer['locust_cpu']:.0%}")
    for poort, log in zip(POORTEN, logs, strict=True):
        tel = _per_poort(log)
        print(f"    poort {poort}: {sum(tel.values())} verzoeken ({', '.join(f'{m} {n}' for m, n in tel.items())})")
    for naam, (aantal, fouten, p50, p95) in sorted(r["per_naam"].items()):
        print(f"    {naam:<44} {aantal:>6} verzoeken, {fouten} fouten, p50 {p50} ms, p95 {p95} ms")
    if r["foutsoorten"].count("\n") > 1:
        print("fouten:\n" + r["foutsoorten"])
    print(f"export (landelijk controlebestand) over twee processen: {export}")
    gehaald = r["fouten"] == 0 and r["p95"] <= DOEL_P95_MS and export.get("gehaald", False)
    print(f"doel: 0 fouten, p95 ≤ {DOEL_P95_MS} ms, export aangevraagd op het ene en gedownload van het andere "
          "proces -> " + ("gehaald" if gehaald else "GEMIST"))
    return 0 if gehaald else 1


if __name__ == "__main__":
    sys.exit(main())
