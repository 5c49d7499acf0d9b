"""Load test (issue #7): gunicorn + PostgreSQL on loopback, 50 simulated users (locust, headless) for 60 s mixing
the tree, object pages and forms, next to the same load on the trivial health view /gezondheid/.

Needs the database of bench/schermen.py (run that first, or with --bewaar it is reused):

    .venv/bin/python bench/schermen.py --bewaar
    .venv/bin/python bench/last.py                    # --gebruikers 50 --duur 60 --workers 3

Logging in: the portal's demo password login (settings rio_portal.settings.test, which have
PORTAAL_WACHTWOORD_LOGIN on); every simulated user posts the login form once as the bench superuser.
The mix also searches (/zoeken/, as a visitor) and reads the JSON API (/api/v1/) as a supplier system with
an API key and RIO mandates for every school of the board. Targets: 0 errors and p95 ≤ 300 ms. Exits with 1
when a target is missed. The locust classes below are this file's locustfile.
"""

import csv
import os
import random
import subprocess
import sys
import time
from pathlib import Path

from locust import between, constant, task
from locust.contrib.fasthttp import FastHttpUser

ROOT = Path(__file__).resolve().parent.parent
DATABASE = "rio_bench_schermen"
POORT = 8765
DOEL_P95_MS = 300
BESTUUR = os.environ.get("BENCH_BESTUUR", "100B042")
OBJECTEN = [r for r in os.environ.get("BENCH_OBJECTEN", "").split(",") if r]
API_SLEUTEL = os.environ.get("BENCH_API_SLEUTEL", "")
# --plafond: every user sends its next request at once, so requests/s shows what the machine can serve at most.
WACHTTIJD = constant(0) if os.environ.get("BENCH_PLAFOND") == "1" else between(0.5, 2)
ZOEKTERMEN = ["Amsterdam", "De Regenboog", "1011", "Zwolle", "100B042", "Montessori", "3500", "Sint"]


class Portaalgebruiker(FastHttpUser):
    """One person of the largest real board: tree, object pages, change forms (GET), controle screen, search."""

    weight = 4
    wait_time = WACHTTIJD

    def on_start(self) -> None:
        self.client.get("/inloggen/", name="/inloggen/")
        token = next((koek.value for koek in self.client.cookiejar if koek.name == "csrftoken"), "")
        with self.client.post("/inloggen/", data={"username": "bench", "password": "bench",
                                                  "csrfmiddlewaretoken": token},
                              headers={"Referer": self.host + "/inloggen/"}, name="/inloggen/ (POST)",
                              allow_redirects=False, catch_response=True) as antwoord:
            # A good login redirects away from the form; a failed one shows the form again (200).
            if antwoord.status_code != 302 or "/inloggen/" in antwoord.headers.get("Location", ""):
                antwoord.failure("inloggen mislukt")
        self.client.get("/", name="/ (stappenplan)")

    @task(4)
    def boom(self) -> None:
        self.client.get(f"/organisatie/{BESTUUR}/", name="/organisatie/<code>/")

    @task(6)
    def objectpagina(self) -> None:
        self.client.get(random.choice(OBJECTEN), name="objectpagina")

    @task(2)
    def formulier(self) -> None:
        pad = random.choice([o for o in OBJECTEN if o.startswith("/aanbieders/")] or OBJECTEN)
        self.client.get(pad + "wijzigen/", name="formulier (wijzigen)")

    @task(1)
    def controle(self) -> None:
        self.client.get(f"/controle/{BESTUUR}/", name="/controle/<code>/")

    @task(2)
    def zoeken(self) -> None:
        self.client.get("/zoeken/", params={"q": random.choice(ZOEKTERMEN)}, name="/zoeken/?q=")


class Leverancierssysteem(FastHttpUser):
    """A LAS synchronising through the read API with its key (mandated for every school of the board)."""

    weight = 1
    wait_time = WACHTTIJD

    def _api(self, pad: str, naam: str) -> None:
        self.client.get(pad, headers={"Authorization": f"Bearer {API_SLEUTEL}"}, name=naam)

    @task(3)
    def aanbieders(self) -> None:
        self._api(f"/api/v1/organisaties/{BESTUUR}/aanbieders", "/api/v1/organisaties/<code>/aanbieders")

    @task(2)
    def locatiegebruik(self) -> None:
        self._api(f"/api/v1/organisaties/{BESTUUR}/onderwijslocatiegebruik",
                  "/api/v1/organisaties/<code>/onderwijslocatiegebruik")

    @task(2)
    def opleidingen(self) -> None:
        self._api(f"/api/v1/organisaties/{BESTUUR}/aangeboden-opleidingen",
                  "/api/v1/organisaties/<code>/aangeboden-opleidingen")

    @task(1)
    def wijzigingen(self) -> None:
        self._api("/api/v1/wijzigingen?sinds=2020-01-01T00:00:00%2B00:00", "/api/v1/wijzigingen")


class Gezondheid(FastHttpUser):
    """The trivial view, served the same way, for the requests/s ceiling of this machine."""

    wait_time = WACHTTIJD

    @task
    def gezondheid(self) -> None:
        self.client.get("/gezondheid/", name="/gezondheid/")


def _objecten(omgeving: dict) -> list[str]:
    code = (
        "import django; django.setup(); from registratie.models import Onderwijsbestuur as B; "
        f"b = B.objects.get(code='{BESTUUR}'); "
        "from django.contrib.auth import get_user_model as g; u = g().objects.get(username='bench'); "
        "u.set_password('bench'); u.save(); "
        "print(','.join([a.get_absolute_url() for a in b.aanbieders.all()] + "
        "[l.get_absolute_url() for l in b.locatiegebruiken.all()]))"
    )
    uit = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=omgeving, check=True, capture_output=True,
                         text=True)
    return uit.stdout.strip().split(",")


def _api_sleutel(omgeving: dict) -> str:
    """A bench supplier system with a fresh key and RIO mandates for every school of the board."""
    code = (
        "import django; django.setup(); from datetime import date; "
        "from autorisatie.models import ApiSleutel, Leverancier, Mandaat, Systeem; "
        "from autorisatie.toegang import sleutel_hash; from registratie.models import Onderwijsbestuur as B; "
        f"b = B.objects.get(code='{BESTUUR}'); "
        "s, _ = Systeem.objects.get_or_create(naam='Bench LAS', "
        "leverancier=Leverancier.objects.get_or_create(naam='Bench B.V.')[0]); "
        "ApiSleutel.objects.filter(prefix='benchlas').delete(); sleutel = 'benchlas.bench-geheim-0123456789'; "
        "ApiSleutel.objects.create(systeem=s, prefix='benchlas', sleutel_hash=sleutel_hash(sleutel)); "
        "[Mandaat.objects.get_or_create(bestuur=b, instelling=i, dienst='RIO', systeem=s, "
        "defaults={'begindatum': date(2020, 1, 1)}) for i in b.bevoegd_gezag.instellingen.all()]; "
        "print(sleutel)"
    )
    uit = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=omgeving, check=True, capture_output=True,
                         text=True)
    return uit.stdout.strip()


def _ronde(klassen: list[str], gebruikers: int, duur: int, omgeving: dict, prefix: Path, opstart: float) -> dict:
    subprocess.run([sys.executable, "-m", "locust", "-f", __file__, *klassen, "--headless", "-u", str(gebruikers),
                    "-r", f"{gebruikers / max(opstart, 1):g}", "-t", f"{duur}s", "-H", f"http://127.0.0.1:{POORT}",
                    "--csv", str(prefix), "--only-summary", "--loglevel", "WARNING"],
                   cwd=ROOT, env=omgeving, check=False)
    with open(f"{prefix}_stats.csv", newline="") as f:
        rijen = {r["Name"]: r for r in csv.DictReader(f)}
    totaal = rijen["Aggregated"]
    return {"verzoeken": int(totaal["Request Count"]), "fouten": int(totaal["Failure Count"]),
            "rps": float(totaal["Requests/s"]), "p95": float(totaal["95%"]), "mediaan": float(totaal["50%"]),
            "per_naam": {n: (r["Request Count"], r["95%"]) for n, r in rijen.items() if n != "Aggregated"}}


def main() -> int:
    import argparse

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--server", default="postgres://postgres@127.0.0.1:5432")
    parser.add_argument("--gebruikers", type=int, default=50)
    parser.add_argument("--duur", type=int, default=60)
    parser.add_argument("--workers", type=int, default=3)
    parser.add_argument("--opstart", type=float, default=10,
                        help="seconden waarin alle gebruikers starten (en inloggen); 1 = allemaal tegelijk")
    parser.add_argument("--plafond", action="store_true",
                        help="geen wachttijd tussen verzoeken: het hoogste aantal verzoeken/s (alleen het "
                             "foutendoel geldt; p95 volgt dan de wachtrij)")
    args = parser.parse_args()

    # The test settings (for the demo password login), with production's persistent database connections.
    omgeving = {**os.environ, "DATABASE_URL": f"{args.server}/{DATABASE}",
                "DJANGO_SETTINGS_MODULE": "rio_portal.settings.test", "LOG_LEVEL": "ERROR", "DB_CONN_MAX_AGE": "60",
                "BENCH_PLAFOND": "1" if args.plafond else "0"}
    omgeving["BENCH_OBJECTEN"] = ",".join(_objecten(omgeving))
    omgeving["BENCH_API_SLEUTEL"] = _api_sleutel(omgeving)
    gunicorn = subprocess.Popen([str(ROOT / ".venv" / "bin" / "gunicorn"), "rio_portal.wsgi", "-b",
                                 f"127.0.0.1:{POORT}", "--workers", str(args.workers)], cwd=ROOT, env=omgeving,
                                stderr=subprocess.DEVNULL)
    try:
        time.sleep(3)
        uitvoer = ROOT / "bench" / "resultaten"
        uitvoer.mkdir(exist_ok=True)
        portaal = _ronde(["Portaalgebruiker", "Leverancierssysteem"], args.gebruikers, args.duur, omgeving,
                         uitvoer / "last-portaal", args.opstart)
        gezond = _ronde(["Gezondheid"], args.gebruikers, args.duur, omgeving, uitvoer / "last-gezondheid",
                        args.opstart)
    finally:
        gunicorn.terminate()
        gunicorn.wait(timeout=30)

    print(f"machine: {os.cpu_count()} cores (gedeeld: locust, gunicorn met {args.workers} workers en PostgreSQL "
          "op dezelfde machine; pessimistische cijfers)")
    from gemeen import ijkgetal

    print(ijkgetal())
    for naam, r in (("portaal (mix)", portaal), ("/gezondheid/", gezond)):
        print(f"{naam:<14} {r['verzoeken']:>6} verzoeken, {r['fouten']} fouten, {r['rps']:.1f} verzoeken/s, "
              f"mediaan {r['mediaan']:.0f} ms, p95 {r['p95']:.0f} ms")
    for naam, (aantal, p95) in sorted(portaal["per_naam"].items()):
        print(f"    {naam:<28} {aantal:>6} verzoeken, p95 {p95} ms")
    if args.plafond:
        gehaald = portaal["fouten"] == 0
        print(f"plafond: mix {portaal['rps'] / gezond['rps']:.0%} van /gezondheid/; doel: 0 fouten -> "
              + ("gehaald" if gehaald else "GEMIST"))
        return 0 if gehaald else 1
    gehaald = portaal["fouten"] == 0 and portaal["p95"] <= DOEL_P95_MS
    print(f"doel: 0 fouten en p95 ≤ {DOEL_P95_MS} ms -> " + ("gehaald" if gehaald else "GEMIST"))
    return 0 if gehaald else 1


if __name__ == "__main__":
    sys.exit(main())
