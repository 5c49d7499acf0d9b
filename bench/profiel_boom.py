"""Where the time of the tree page goes (issue 19): /organisatie/100B042/ in-process, production settings
(bench.instellingen), logged in with a database session as bench/pagina.py does.

    .venv/bin/python bench/schermen.py --bewaar     # database rio_bench_schermen
    .venv/bin/python bench/profiel_boom.py          # --herhaal 20 --code 100B042 [--cprofile 40]

Two passes over the same requests (Django's test client, the full middleware stack, no network):

1. Timers, no profiler: each request split into the middleware and handler around the view, the view's own Python
   (ORM instance building, the loader, access checks), template rendering, and SQL (time inside the cursor's
   execute, measured with an execute wrapper, told apart by the phase it ran in). Medians over the requests.
2. cProfile: own time (tottime) summed per area of the code (Django's ORM, template engine, psycopg, the
   portal's apps, ...), and the top functions. The profiler inflates Python-heavy parts, so its shares are a
   second view, not the figure.
"""

import argparse
import cProfile
import os
import pstats
import statistics
import sys
import time
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DATABASE = "rio_bench_schermen"

GEBIEDEN = [  # (area, substring of the file path), first match wins
    ("SQL: psycopg (verzenden, ontvangen, rijen omzetten)", "/psycopg"),
    ("ORM: queryset, compiler, instanties (django/db)", "/django/db/"),
    ("templates (django/template, templatetags)", "/django/template"),
    ("templates: tags van het portaal", "/templatetags/"),
    ("middleware, sessies, auth, csp (django/middleware, contrib)", "/django/middleware"),
    ("middleware, sessies, auth, csp (django/middleware, contrib)", "/django/contrib"),
    ("middleware, sessies, auth, csp (django/middleware, contrib)", "/django/core/handlers"),
    ("url's, vertalingen, overig Django", "/django/"),
    ("laden van de registratie (registratie/laden.py)", "/registratie/laden.py"),
    ("portaalcode (apps)", str(ROOT)),
]


class Fasen:
    """Which phase the request is in, and the SQL time and count per phase."""

    def __init__(self) -> None:
        self.fase = "middleware"
        self.sql = defaultdict(float)
        self.queries = defaultdict(int)

    def __call__(self, execute, sql, params, many, context):
        begin = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            self.sql[self.fase] += time.perf_counter() - begin
            self.queries[self.fase] += 1


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--server", default="postgres://postgres@127.0.0.1:5432")
    parser.add_argument("--code", default="100B042")
    parser.add_argument("--herhaal", type=int, default=20)
    parser.add_argument("--cprofile", type=int, default=30, help="aantal functies in de toplijst")
    args = parser.parse_args()

    os.environ.update({"DJANGO_SETTINGS_MODULE": "bench.instellingen", "LOG_LEVEL": "WARNING",
                       "DATABASE_URL": f"{args.server}/{DATABASE}"})
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.db import connection
    from django.template.backends import django as django_backend
    from django.test import Client
    from django.urls import get_resolver, resolve
    from gemeen import ijkgetal
    from pagina import omstandigheden
    from sessie import sessie_koekje

    url = f"/organisatie/{args.code}/"
    naam, sleutel = sessie_koekje()
    client = Client(SERVER_NAME="127.0.0.1")
    client.cookies[naam] = sleutel

    fasen = Fasen()
    view = resolve(url).func
    view_duur: list[float] = []

    def getimede_view(request, *a, **kw):
        fasen.fase = "view"
        begin = time.perf_counter()
        try:
            return view(request, *a, **kw)
        finally:
            view_duur.append(time.perf_counter() - begin)
            fasen.fase = "na de view"

    oude_render = django_backend.Template.render

    def getimede_render(self, context=None, request=None):
        vorige, fasen.fase = fasen.fase, "template"
        begin = time.perf_counter()
        try:
            return oude_render(self, context, request)
        finally:
            fasen.render_tijd += time.perf_counter() - begin
            fasen.fase = vorige

    def vervang(patronen) -> None:  # the view, timed, in the resolver's own pattern
        for p in patronen:
            if hasattr(p, "url_patterns"):
                vervang(p.url_patterns)
            elif getattr(p, "callback", None) is view:
                p.callback = getimede_view

    vervang(get_resolver().url_patterns)
    assert resolve(url).func is getimede_view
    django_backend.Template.render = getimede_render

    def verzoek() -> dict:
        fasen.__init__()
        fasen.render_tijd = 0.0
        begin = time.perf_counter()
        with connection.execute_wrapper(fasen):
            antwoord = client.get(url)
        totaal = time.perf_counter() - begin
        assert antwoord.status_code == 200, antwoord.status_code
        return {"totaal": totaal, "render": fasen.render_tijd, "sql": dict(fasen.sql), "queries": dict(fasen.queries),
                "bytes": len(antwoord.content)}

    for _ in range(3):  # warm-up: translations, template compilation, connection
        verzoek()
    view_duur.clear()
    metingen = [verzoek() for _ in range(args.herhaal)]
    assert len(view_duur) == len(metingen), (len(view_duur), len(metingen))

    rijen = defaultdict(list)
    for m, v in zip(metingen, view_duur, strict=True):
        sql_view = m["sql"].get("view", 0.0)
        sql_tpl = m["sql"].get("template", 0.0)
        sql_mw = m["sql"].get("middleware", 0.0) + m["sql"].get("na de view", 0.0)
        rijen["SQL (execute: PostgreSQL + netwerk + psycopg)"].append(sql_view + sql_tpl + sql_mw)
        rijen["  waarvan in de view"].append(sql_view)
        rijen["  waarvan tijdens het renderen"].append(sql_tpl)
        rijen["  waarvan in middleware (sessie, gebruiker)"].append(sql_mw)
        rijen["view zonder SQL en template: ORM-instanties, laden, toegang"].append(v - m["render"] - sql_view)
        rijen["template renderen (zonder SQL)"].append(m["render"] - sql_tpl)
        rijen["middleware + handler (zonder SQL)"].append(m["totaal"] - v - sql_mw)
        rijen["totaal"].append(m["totaal"])
    q = metingen[-1]["queries"]
    start = omstandigheden()
    print(f"{start['tijd_utc']} UTC, commit {start['commit']}, {start['uptime']}\n{ijkgetal()}")
    print(f"{url}: {metingen[-1]['bytes']} bytes, queries per fase {q} (totaal {sum(q.values())}); "
          f"mediaan van {args.herhaal} verzoeken, test client in-process, bench.instellingen\n")
    totaal = statistics.median(rijen["totaal"])
    for naam_rij, waarden in rijen.items():
        ms = statistics.median(waarden) * 1000
        print(f"{naam_rij:<62} {ms:7.1f} ms {ms / (totaal * 1000):6.0%}")

    # Pass 2: cProfile, own time per area.
    django_backend.Template.render = oude_render
    profiel = cProfile.Profile()
    for _ in range(args.herhaal):
        profiel.enable()
        client.get(url)
        profiel.disable()
    stats = pstats.Stats(profiel)
    per_gebied, alles = defaultdict(float), 0.0
    for (bestand, _regel, _functie), (_cc, _nc, eigen, _cum, _callers) in stats.stats.items():
        alles += eigen
        gebied = next((g for g, deel in GEBIEDEN if deel in bestand), "Python zelf (builtins, stdlib)")
        per_gebied[gebied] += eigen
    print(f"\ncProfile, eigen tijd per gebied (mediaan niet mogelijk: som over {args.herhaal} verzoeken / "
          f"{args.herhaal}; profiler blaast Python-werk op):")
    for gebied, eigen in sorted(per_gebied.items(), key=lambda x: -x[1]):
        print(f"  {gebied:<62} {eigen / args.herhaal * 1000:7.1f} ms {eigen / alles:6.0%}")
    print(f"\ntop {args.cprofile} functies op eigen tijd:")
    stats.sort_stats("tottime").print_stats(args.cprofile)
    return 0


if __name__ == "__main__":
    sys.exit(main())
