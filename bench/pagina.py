"""Side-by-side page benchmark (issue 19): the portal's heaviest pages next to a bare Django template, an empty
view and the health view, served by gunicorn (4 workers) with production settings, measured alternately in one run.

Needs the database of bench/schermen.py and wrk (a Debian package: `apt-get install -y wrk`):

    .venv/bin/python bench/schermen.py --bewaar     # database rio_bench_schermen (100B042, the 500-school board)
    .venv/bin/python bench/pagina.py                # --rondes 3 --duur 10 --verbindingen 50 --threads 2

Settings bench.instellingen: rio_portal.settings.production with plain http on loopback (no https redirect,
cookies without Secure) and the bench urlconf (bench/urls.py, adds /bench/kaal/ and /bench/leeg/). The pages that
need a login get the cookie of a database session of the superuser `bench` (bench/sessie.py; production logs in
through OIDC and keeps sessions in the database). Every answer is checked by wrk's Lua script: status 200 and a
marker of the page's content in the body (a 302 to the login page is an error).

Per round each page gets `wrk -t2 -c50 -d10s` (rotating order), and the pages with a database also one
connection for 5 s (-c1: the server time of one request without queueing). Ratios are to the bare template of the
same round; server time is gunicorn's own (access log %(D)s). Targets of the issue: tree ≥ 20 % and controle
≥ 10 % of the bare template's requests/s, 500-school tree ≤ 100 ms server time. Exits with 1 when one is missed
or any answer was wrong.
"""

import argparse
import html
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DATABASE = "rio_bench_schermen"
INSTELLINGEN = "bench.instellingen"
GROOT = "100B042"
SYNTHETISCH = "99999"
DOEL_BOOM, DOEL_CONTROLE, DOEL_500_MS = 0.20, 0.10, 100

LUA = r"""
-- Every answer must be 200 and contain the page's marker; counts per thread, summed in done().
local threads = {}
function setup(thread) table.insert(threads, thread) end
function init(args) merk = args[1] or ""; fout = 0 end
function response(status, headers, body)
  if status ~= 200 or (merk ~= "" and not string.find(body, merk, 1, true)) then fout = fout + 1 end
end
function done(summary, latency, requests)
  local f = 0
  for _, t in ipairs(threads) do f = f + t:get("fout") end
  local e = summary.errors
  io.write(string.format("RESULTAAT %d %d %d %d %d %d %d %d %d %d\n", summary.requests, summary.duration,
    f, e.connect + e.read + e.write + e.timeout, e.status, latency:percentile(50), latency:percentile(95),
    latency:percentile(99), latency.mean, latency.max))
end
"""


def _omgeving(server: str) -> dict:
    return {**os.environ, "DJANGO_SETTINGS_MODULE": INSTELLINGEN, "DATABASE_URL": f"{server}/{DATABASE}",
            "LOG_LEVEL": "WARNING"}


def django_starten(server: str) -> None:
    os.environ.update(_omgeving(server))
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()


def omstandigheden() -> dict:
    """When, how loaded, which code: printed and written next to every figure."""
    commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True,
                            text=True).stdout.strip()
    vuil = subprocess.run(["git", "status", "--porcelain", "--untracked-files=no"], cwd=ROOT, capture_output=True,
                          text=True).stdout.strip()
    return {"tijd_utc": datetime.now(UTC).strftime("%Y-%m-%d %H:%M:%S"), "commit": commit + ("+wijzigingen" if vuil
                                                                                              else ""),
            "uptime": subprocess.run(["uptime"], capture_output=True, text=True).stdout.strip(),
            "cores": os.cpu_count()}


def pagina_s() -> tuple[list[dict], tuple[str, str]]:
    """The pages, each with its marker (text that only the right answer contains), and the session cookie."""
    from sessie import sessie_koekje

    from registratie.models import Onderwijsbestuur

    def boom_merk(bestuur) -> str:
        # The tree links every aanbieder of the board; the last one by code is far down the page.
        return html.escape(bestuur.aanbieders.order_by("-code").first().get_absolute_url())

    groot = Onderwijsbestuur.objects.get(code=GROOT)
    synthetisch = Onderwijsbestuur.objects.get(bevoegd_gezag__nummer=SYNTHETISCH)
    koekje = sessie_koekje()
    return [
        {"naam": "kaal", "titel": "(a) kale template, 57 rijen", "pad": "/bench/kaal/",
         "merk": "Basisschool De Regenboog 56", "sessie": False},
        {"naam": "leeg", "titel": "(b) lege view", "pad": "/bench/leeg/", "merk": "", "sessie": False},
        {"naam": "gezondheid", "titel": "(c) /gezondheid/", "pad": "/gezondheid/", "merk": '"ok"',
         "sessie": False},
        {"naam": "boom", "titel": f"(d) boom {GROOT}", "pad": f"/organisatie/{GROOT}/", "merk": boom_merk(groot),
         "sessie": True, "db": True},
        {"naam": "controle", "titel": f"(e) controle {GROOT}", "pad": f"/controle/{GROOT}/",
         "merk": f"/controle/{GROOT}/controlebestand.xlsx", "sessie": True, "db": True},
        {"naam": "boom500", "titel": f"(f) boom {synthetisch.code} (500)", "pad": f"/organisatie/{synthetisch.code}/",
         "merk": boom_merk(synthetisch), "sessie": True, "db": True},
    ], koekje


class GeenDoorsturen(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def haal(basis: str, pagina: dict, koekje: tuple[str, str]) -> tuple[int, bytes]:
    verzoek = urllib.request.Request(basis + pagina["pad"])
    if pagina["sessie"]:
        verzoek.add_header("Cookie", f"{koekje[0]}={koekje[1]}")
    try:
        with urllib.request.build_opener(GeenDoorsturen).open(verzoek, timeout=60) as antwoord:
            return antwoord.status, antwoord.read()
    except urllib.error.HTTPError as fout:
        return fout.code, fout.read()


def controleer(basis: str, pagina: dict, koekje: tuple[str, str]) -> None:
    """One request outside wrk, asserting what the Lua script checks, with a readable message."""
    status, inhoud = haal(basis, pagina, koekje)
    assert status == 200, f"{pagina['pad']}: status {status} (302 = niet ingelogd)"
    assert pagina["merk"].encode() in inhoud, f"{pagina['pad']}: {pagina['merk']!r} ontbreekt in het antwoord"
    if pagina["sessie"]:  # without the cookie the page must send the visitor to the login page
        status, _ = haal(basis, {**pagina, "sessie": False}, koekje)
        assert status == 302, f"{pagina['pad']} zonder sessie: status {status}, verwacht 302"
    pagina["bytes"] = len(inhoud)


def wrk(basis: str, pagina: dict, koekje: tuple[str, str], lua: Path, threads: int, verbindingen: int,
        duur: int) -> dict:
    opdracht = ["wrk", f"-t{threads}", f"-c{verbindingen}", f"-d{duur}s", "--timeout", "30s", "-s", str(lua)]
    if pagina["sessie"]:
        opdracht += ["-H", f"Cookie: {koekje[0]}={koekje[1]}"]
    opdracht += [basis + pagina["pad"], "--", pagina["merk"]]
    uit = subprocess.run(opdracht, capture_output=True, text=True, check=True).stdout
    regel = next(r for r in uit.splitlines() if r.startswith("RESULTAAT "))
    n, duur_us, fout, socket, _status, p50, p95, p99, gem, _hoogst = (int(float(x)) for x in regel.split()[1:])
    if n == 0:  # nothing answered within the run: no figure, and an error
        return {"verzoeken": 0, "rps": 0.0, "fouten": 1, "p50_ms": 0, "p95_ms": 0, "p99_ms": 0, "gem_ms": 0}
    return {"verzoeken": n, "rps": n / (duur_us / 1e6), "fouten": fout + socket, "p50_ms": p50 / 1000,
            "p95_ms": p95 / 1000, "p99_ms": p99 / 1000, "gem_ms": gem / 1000}


def wacht_tot_leeg(basis: str, log: Path, grens: float = 180) -> None:
    """Wait until gunicorn has served what wrk left queued: wrk stops after its duration, but the sync workers
    still answer every connection in their backlog (at -c50 on the 500-school tree that is half a minute), and
    the next page would be measured against that. Idle = the empty view answers within 50 ms and the access log
    has stood still for the last 2 s."""
    begin = time.monotonic()
    grootte, stil_sinds = log.stat().st_size, time.monotonic()
    while time.monotonic() - begin < grens:
        t0 = time.monotonic()
        haal(basis, {"pad": "/bench/leeg/", "sessie": False}, ("", ""))
        snel = time.monotonic() - t0 < 0.05
        nu = log.stat().st_size
        if nu - grootte > 40:  # more than the probe's own line (about 20 bytes): still serving the backlog
            stil_sinds = time.monotonic()
        grootte = nu
        if snel and time.monotonic() - stil_sinds >= 2:
            return
        time.sleep(0.5)
    sys.exit(f"gunicorn werkt na {grens:.0f} s nog steeds een wachtrij af ({basis})")


def servertijden(log: Path, vanaf: int, pad: str) -> tuple[list[float], int]:
    """gunicorn's own time (%(D)s, µs) of the requests for `pad` logged after byte `vanaf`, in ms."""
    with log.open("rb") as f:
        f.seek(vanaf)
        regels = f.read().decode().splitlines()
    tijden = [int(d) / 1000 for u, _s, d in (r.split() for r in regels if r.count(" ") == 2) if u == pad]
    return tijden, log.stat().st_size


def p95(waarden: list[float]) -> float:
    return statistics.quantiles(waarden, n=20)[18] if len(waarden) > 1 else (waarden or [0])[0]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--server", default="postgres://postgres@127.0.0.1:5432")
    parser.add_argument("--poort", type=int, default=8766)
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument("--rondes", type=int, default=3)
    parser.add_argument("--duur", type=int, default=10, help="seconden wrk per pagina per ronde")
    parser.add_argument("--verbindingen", type=int, default=50)
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--enkel", type=int, default=5, help="seconden met één verbinding (0 = overslaan)")
    args = parser.parse_args()
    if shutil.which("wrk") is None:
        sys.exit("bench/pagina.py heeft wrk nodig als lastgenerator: apt-get install -y wrk (Debian-pakket)")

    django_starten(args.server)
    from gemeen import ijkgetal

    pagina_lijst, koekje = pagina_s()
    omgeving = _omgeving(args.server)
    subprocess.run([sys.executable, "manage.py", "collectstatic", "--noinput", "-v", "0"], cwd=ROOT, env=omgeving,
                   check=True)
    werkmap = Path(tempfile.mkdtemp(prefix="rio-bench-pagina-"))
    lua, log = werkmap / "controle.lua", werkmap / "toegang.log"
    lua.write_text(LUA)
    log.touch()
    basis = f"http://127.0.0.1:{args.poort}"
    gunicorn = subprocess.Popen(
        [str(Path(sys.executable).parent / "gunicorn"), "rio_portal.wsgi", "-b", f"127.0.0.1:{args.poort}",
         "--workers", str(args.workers), "--access-logfile", str(log), "--access-logformat", "%(U)s %(s)s %(D)s"],
        cwd=ROOT, env=omgeving, stderr=(werkmap / "gunicorn.err").open("w"))
    begin = omstandigheden()
    metingen: dict[str, list[dict]] = {p["naam"]: [] for p in pagina_lijst}
    try:
        for _ in range(100):
            time.sleep(0.2)
            try:
                if haal(basis, pagina_lijst[2], koekje)[0] == 200:
                    break
            except OSError:
                continue
        else:
            sys.exit(f"gunicorn antwoordt niet op {basis} (zie {werkmap / 'gunicorn.err'})")
        for pagina in pagina_lijst:
            controleer(basis, pagina, koekje)
            # Warm-up: every worker's first request loads translations and compiles templates (0.5 s each).
            opwarmen = wrk(basis, pagina, koekje, lua, 1, args.workers * 2, 5)
            assert opwarmen["verzoeken"] > 0 and opwarmen["fouten"] == 0, f"opwarmen {pagina['pad']}: {opwarmen}"
            wacht_tot_leeg(basis, log)
        for ronde in range(args.rondes):
            volgorde = pagina_lijst[ronde % len(pagina_lijst):] + pagina_lijst[:ronde % len(pagina_lijst)]
            for pagina in volgorde:
                vanaf = log.stat().st_size
                meting = wrk(basis, pagina, koekje, lua, args.threads, args.verbindingen, args.duur)
                wacht_tot_leeg(basis, log)
                meting["server_ms"], vanaf = servertijden(log, vanaf, pagina["pad"])
                if args.enkel and pagina.get("db"):
                    enkel = wrk(basis, pagina, koekje, lua, 1, 1, args.enkel)
                    wacht_tot_leeg(basis, log)
                    meting["enkel"] = enkel
                    meting["enkel_server_ms"], _ = servertijden(log, vanaf, pagina["pad"])
                meting["ronde"] = ronde
                metingen[pagina["naam"]].append(meting)
                print(f"ronde {ronde + 1} {pagina['titel']:<32} {meting['rps']:8.1f}/s  p50 {meting['p50_ms']:6.1f} "
                      f"p95 {meting['p95_ms']:6.1f} ms  fouten {meting['fouten']}", flush=True)
    finally:
        gunicorn.terminate()
        gunicorn.wait(timeout=30)
    eind = omstandigheden()

    print(f"\nbegin {begin['tijd_utc']} UTC, eind {eind['tijd_utc']} UTC, commit {begin['commit']}, "
          f"{begin['cores']} cores (gedeeld)")
    print(f"uptime begin: {begin['uptime']}\nuptime eind:  {eind['uptime']}\n{ijkgetal()}")
    print(f"gunicorn {args.workers} workers, instellingen {INSTELLINGEN}; wrk -t{args.threads} -c{args.verbindingen} "
          f"-d{args.duur}s per pagina, {args.rondes} rondes afwisselend; verhouding = t.o.v. de kale template van "
          "dezelfde ronde (mediaan van de rondes, [laagste-hoogste])")
    kaal = {m["ronde"]: m["rps"] or float("nan") for m in metingen["kaal"]}
    print(f"{'pagina':<32} {'bytes':>8} {'verz/s':>8} {'t.o.v. kaal':>20} {'p50 ms':>7} {'p95 ms':>7} "
          f"{'server p50/p95 ms':>18} {'1 verb.: server p50 ms':>22} {'fouten':>6}")
    samenvatting, fouten = {}, 0
    for pagina in pagina_lijst:
        rij = metingen[pagina["naam"]]
        verh = [m["rps"] / kaal[m["ronde"]] for m in rij]
        server = [t for m in rij for t in m["server_ms"]]
        enkel = [t for m in rij for t in m.get("enkel_server_ms", [])]
        fouten += sum(m["fouten"] for m in rij)
        s = {"rps": statistics.median(m["rps"] for m in rij), "verhouding": statistics.median(verh),
             "verhouding_min": min(verh), "verhouding_max": max(verh),
             "p50_ms": statistics.median(m["p50_ms"] for m in rij),
             "p95_ms": statistics.median(m["p95_ms"] for m in rij),
             "server_p50_ms": statistics.median(server) if server else 0, "server_p95_ms": p95(server),
             "enkel_server_p50_ms": statistics.median(enkel) if enkel else None,
             "enkel_server_p95_ms": p95(enkel) if enkel else None,
             "fouten": sum(m["fouten"] for m in rij), "bytes": pagina["bytes"]}
        samenvatting[pagina["naam"]] = s
        enkel_tekst = f"{s['enkel_server_p50_ms']:.1f} (p95 {s['enkel_server_p95_ms']:.1f})" if enkel else "-"
        print(f"{pagina['titel']:<32} {s['bytes']:>8} {s['rps']:>8.1f} "
              f"{s['verhouding']:>7.1%} [{s['verhouding_min']:.1%}-{s['verhouding_max']:.1%}] {s['p50_ms']:>7.1f} "
              f"{s['p95_ms']:>7.1f} {s['server_p50_ms']:>8.1f}/{s['server_p95_ms']:<8.1f} {enkel_tekst:>22} "
              f"{s['fouten']:>6}")
    boom, controle, b500 = samenvatting["boom"], samenvatting["controle"], samenvatting["boom500"]
    doelen = [
        (f"boom ≥ {DOEL_BOOM:.0%} van kaal", boom["verhouding"] >= DOEL_BOOM, f"{boom['verhouding']:.1%}"),
        (f"controle ≥ {DOEL_CONTROLE:.0%} van kaal", controle["verhouding"] >= DOEL_CONTROLE,
         f"{controle['verhouding']:.1%}"),
        (f"boom 500 ≤ {DOEL_500_MS} ms servertijd (1 verbinding, mediaan)",
         (b500["enkel_server_p50_ms"] or b500["server_p50_ms"]) <= DOEL_500_MS,
         f"{b500['enkel_server_p50_ms'] or b500['server_p50_ms']:.0f} ms"),
        ("0 foute antwoorden", fouten == 0, str(fouten)),
    ]
    for naam, gehaald, waarde in doelen:
        print(f"doel {naam}: {waarde} -> {'gehaald' if gehaald else 'GEMIST'}")
    uitvoer = ROOT / "bench" / "resultaten"
    uitvoer.mkdir(exist_ok=True)
    (uitvoer / "pagina.json").write_text(json.dumps({"begin": begin, "eind": eind, "samenvatting": samenvatting,
                                                     "metingen": metingen}, indent=1, default=str))
    return 0 if all(g for _, g, _ in doelen) else 1


if __name__ == "__main__":
    sys.exit(main())
