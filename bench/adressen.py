"""Benchmark of the address suggestions (issue 18 §3): p95 of /adressen/suggesties/?q=… on the local default,
with a bare logged-in view in the same run as anchor (same middleware, session and login; it only returns {}).

    .venv/bin/python bench/adressen.py                      # uses postgres://postgres@127.0.0.1:5432
    .venv/bin/python bench/adressen.py --herhaal 3 --bewaar  # keep the database for a second run

What is typed: for 80 real addresses of DUO's files (a fixed sample), the prefixes a person types one key at a
time ("me", "mel", …, "melkweg 13") and the postcode ways ("9306", "9306 tc", "9306 tc 13"): about 1,500
questions per round. Through Django's test client in this process (no network, no browser); the local service
is built before measuring (its one-off build is printed apart). Target: p95 ≤ 150 ms. Exits with 1 when missed.
"""

import os
import platform
import random
import statistics
import sys
import time
import types

from gemeen import argumenten, database_klaarzetten, django_starten, ijkgetal

DATABASE = "rio_bench_adressen"
DOEL_P95_MS = 150
STEEKPROEF = 80


def getypt(adressen) -> list[str]:
    """What people type on their way to these addresses, key by key (from 2 characters, the endpoint's minimum)."""
    vragen = []
    for a in adressen:
        volledig = f"{a.straatnaam} {a.nummer}".lower()
        vragen += [volledig[:n] for n in range(2, len(volledig) + 1)]
        pc = f"{a.postcode[:4]} {a.postcode[4:]}".lower()
        vragen += [pc[:4], pc, f"{pc} {a.huisnummer}"]
    return vragen


def meet(client, url: str, vragen: list[str]) -> list[float]:
    tijden = []
    for q in vragen:
        begin = time.perf_counter()
        antwoord = client.get(url, {"q": q})
        tijden.append((time.perf_counter() - begin) * 1000)
        assert antwoord.status_code == 200, f"{url}?q={q}: {antwoord.status_code}"
    return tijden


def p95(tijden: list[float]) -> float:
    return statistics.quantiles(tijden, n=20)[-1]


def kale_urls():
    """The project's URLs plus one bare view behind the same login: the anchor."""
    from django.contrib.auth.decorators import login_required
    from django.http import JsonResponse
    from django.urls import include, path

    module = types.ModuleType("bench_adressen_urls")
    module.urlpatterns = [path("kaal/", login_required(lambda request: JsonResponse({})), name="kaal"),
                          path("", include("rio_portal.urls"))]
    sys.modules[module.__name__] = module
    return module.__name__


def main() -> int:
    parser = argumenten(__doc__, herhaal=3)
    args = parser.parse_args()
    os.environ["DATABASE_URL"] = f"{args.server}/{DATABASE}"
    os.environ["DJANGO_SETTINGS_MODULE"] = "rio_portal.settings.test"
    database_klaarzetten(args.server, DATABASE, args.bewaar)
    django_starten(args.server, DATABASE)
    from django.contrib.auth import get_user_model
    from django.test import Client, override_settings
    from django.urls import reverse

    from registratie.adressen.lokaal import lokale_dienst

    begin = time.perf_counter()
    dienst = lokale_dienst()
    opbouw = time.perf_counter() - begin
    steekproef = random.Random(18).sample(dienst._adressen, STEEKPROEF)
    vragen = getypt(steekproef)
    persoon, _ = get_user_model().objects.get_or_create(username="bench-adressen")
    print(f"machine: {os.cpu_count()} cores, Python {platform.python_version()}; gedeelde machine")
    print(ijkgetal())
    print(f"lokale adresdienst: {len(dienst)} adressen, eenmalig opgebouwd in {opbouw * 1000:.0f} ms")
    print(f"{len(vragen)} zoekvragen per ronde, {args.herhaal} ronden")
    with override_settings(ROOT_URLCONF=kale_urls(), ADRESDIENST="lokaal", ADRES_SUGGESTIES_PER_MINUUT=10**9):
        client = Client()
        client.force_login(persoon)
        suggesties, kaal = reverse("registratie:adres_suggesties"), reverse("kaal")
        meet(client, suggesties, vragen[:20])  # warm-up
        meet(client, kaal, vragen[:20])
        s_tijden, k_tijden = [], []
        for _ in range(args.herhaal):  # interleaved rounds: a slow hour hits both alike
            s_tijden += meet(client, suggesties, vragen)
            k_tijden += meet(client, kaal, vragen)
    print(f"{'view':<28} {'mediaan ms':>10} {'p95 ms':>8} {'max ms':>8}")
    for naam, tijden in (("adressuggesties (lokaal)", s_tijden), ("kale view (anker)", k_tijden)):
        print(f"{naam:<28} {statistics.median(tijden):>10.1f} {p95(tijden):>8.1f} {max(tijden):>8.1f}")
    gehaald = p95(s_tijden) <= DOEL_P95_MS
    print(f"doel p95 ≤ {DOEL_P95_MS} ms: " + ("gehaald" if gehaald else "GEMIST"))
    return 0 if gehaald else 1


if __name__ == "__main__":
    sys.exit(main())
