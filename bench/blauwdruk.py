"""Benchmark of the modelleertool (issue #6): upload + validation + preview of a 500-row blauwdruk, through
Django's test client in this process (the real views: form, parser, checks, concept stored, tree and diff).

    .venv/bin/python bench/blauwdruk.py                     # uses postgres://postgres@127.0.0.1:5432
    .venv/bin/python bench/blauwdruk.py --bewaar --herhaal 5  # reuse the database of an earlier run

Builds the throwaway database rio_bench_blauwdruk (migrate; a synthetic bevoegd gezag with 150 BRIN4, each
with one BRIN6 with an address), downloads the board's template through the view as a superuser, fills 500 data
rows with openpyxl (150 aanbieders, 150 locaties, 150 aangeboden opleidingen, 50 contactgegevens), then times
the upload POST (read, validate, store the concept) and the preview GET (tree and diff): median of --herhaal
runs after one warm-up, with SQL queries; the upload's peak Python memory (tracemalloc) comes from one extra,
untimed upload, because tracing slows Python down. Every upload must be accepted without warnings and every
preview must list exactly 500 new rows, no changed or ended ones and no problems, so the benchmark cannot pass
on an error page. Then the apply POST once (no target), in a transaction that is rolled back afterwards, so
the database stays as it was and --bewaar can reuse it.
Target: upload + preview at most 3 s. Exits with 1 when missed.
"""

import io
import os
import platform
import statistics
import sys
import time
import tracemalloc

from gemeen import Teller, argumenten, database_klaarzetten, django_starten, ijkgetal

DATABASE = "rio_bench_blauwdruk"
NUMMER = "99998"
AANTAL_SCHOLEN = 150
AANTAL_CONTACTEN = 50
AANTAL_RIJEN = 3 * AANTAL_SCHOLEN + AANTAL_CONTACTEN  # 500
DOEL_S = 3.0


def _bestuur():
    from registratie.models import Onderwijsbestuur
    from tests.helpers import factories

    bestaand = Onderwijsbestuur.objects.filter(bevoegd_gezag__nummer=NUMMER).first()
    if bestaand:
        return bestaand
    codes = [f"{i % 100:02d}{chr(88 + i // 2600)}{chr(65 + i // 100 % 26)}" for i in range(AANTAL_SCHOLEN)]
    return factories.bestuur_met_erkenningen(NUMMER, brin4s=codes)


def _gevuld(sjabloon: bytes, bestuur) -> bytes:
    """The template with 500 new data rows."""
    from openpyxl import load_workbook

    from registratie.models import Vestigingserkenning
    from tests.helpers.blauwdruk import als_bytes, voeg_rij_toe

    boek = load_workbook(io.BytesIO(sjabloon))
    vestigingen = list(Vestigingserkenning.objects.filter(instelling__bevoegd_gezag=bestuur.bevoegd_gezag)
                       .select_related("instelling").order_by("code"))
    assert len(vestigingen) == AANTAL_SCHOLEN, len(vestigingen)
    for n, vestiging in enumerate(vestigingen, start=1):
        naam = f"School {n:03d}"
        voeg_rij_toe(boek["Aanbieders"], {"Naam": naam, "BRIN4": vestiging.instelling.code})
        voeg_rij_toe(boek["Locaties"], {"BRIN6": vestiging.code})
        voeg_rij_toe(boek["Aangeboden opleidingen"], {
            "Aanbieder": naam, "Opleiding": "Basisonderwijs", "Locatie": vestiging.code,
            "Doelgroep": "Speciaal basisonderwijs", "Eigen naam": f"SBO {naam}"})
        if n <= AANTAL_CONTACTEN:
            voeg_rij_toe(boek["Contactgegevens"], {"Eenheid": naam, "Communicatiecontext": "Leerplicht",
                                                   "E-mailadres": f"leerplicht{n}@school.example.nl"})
    return als_bytes(boek)


def _meet(functie) -> tuple[object, float, int]:
    from django.db import connection

    teller = Teller()
    begin = time.perf_counter()
    with connection.execute_wrapper(teller):
        uitkomst = functie()
    return uitkomst, time.perf_counter() - begin, teller.aantal


def _blauwdruk_van(antwoord):
    """The concept the upload stored, from its redirect; fails loudly on a refused upload."""
    from django.urls import resolve

    from modelleertool.models import Blauwdruk

    if antwoord.status_code != 302:
        print(antwoord.content.decode()[:3000])
        raise SystemExit(f"upload geweigerd: status {antwoord.status_code}")
    blauwdruk = Blauwdruk.objects.get(pk=resolve(antwoord["Location"]).kwargs["pk"])
    assert blauwdruk.is_concept and blauwdruk.waarschuwingen == [], blauwdruk.waarschuwingen
    return blauwdruk


def _controleer_voorbeeld(antwoord) -> None:
    html = antwoord.content.decode()
    nieuw = html.count('<tr class="wijziging-nieuw">')
    anders = html.count('<tr class="wijziging-gewijzigd">') + html.count('<tr class="wijziging-beeindigd">')
    assert antwoord.status_code == 200, antwoord.status_code
    assert (nieuw, anders) == (AANTAL_RIJEN, 0), f"voorbeeld: {nieuw} nieuw, {anders} gewijzigd/beëindigd"
    assert "Wat niet kan" not in html and "Blauwdruk toepassen" in html, "voorbeeld toont problemen"


def _toepassen(client, bestuur, blauwdruk) -> tuple[float, int, int]:
    """The apply POST once, rolled back afterwards: (seconds, queries, aanbieders registered)."""
    from django.db import transaction
    from django.urls import reverse

    url = reverse("blauwdruk:toepassen", args=[bestuur.code, blauwdruk.pk])
    with transaction.atomic():
        antwoord, seconden, queries = _meet(lambda: client.post(url, {"ingangsdatum": time.strftime("%Y-%m-%d")}))
        assert antwoord.status_code == 302, antwoord.content.decode()[:3000]
        aanbieders = bestuur.aanbieders.count()
        transaction.set_rollback(True)
    assert bestuur.aanbieders.count() == 0, "toepassen is niet teruggedraaid"
    return seconden, queries, aanbieders


def main() -> int:
    parser = argumenten(__doc__, herhaal=5)
    args = parser.parse_args()
    os.environ["DATABASE_URL"] = f"{args.server}/{DATABASE}"
    os.environ["DJANGO_SETTINGS_MODULE"] = "rio_portal.settings.test"
    database_klaarzetten(args.server, DATABASE, args.bewaar)
    django_starten(args.server, DATABASE)

    from django.contrib.auth import get_user_model
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.test import Client
    from django.urls import reverse

    bestuur = _bestuur()
    assert not bestuur.aanbieders.exists(), "het benchmarkbestuur is al gevuld; draai zonder --bewaar"
    gebruiker = get_user_model().objects.filter(username="bench").first() or \
        get_user_model().objects.create_superuser("bench", "bench@example.nl", "bench")
    client = Client()
    client.force_login(gebruiker)
    sjabloon = client.get(reverse("blauwdruk:sjabloon", args=[bestuur.code]))
    assert sjabloon.status_code == 200, sjabloon.status_code
    bestand = _gevuld(sjabloon.content, bestuur)

    def uploaden():
        return client.post(reverse("blauwdruk:uploaden", args=[bestuur.code]),
                           {"bestand": SimpleUploadedFile("blauwdruk.xlsx", bestand), "naam": "bench"})

    _controleer_voorbeeld(client.get(_blauwdruk_van(uploaden()).get_absolute_url()))  # warm-up
    tracemalloc.start()
    _blauwdruk_van(uploaden())
    piek = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    metingen = []
    for _ in range(args.herhaal):
        antwoord, s_upload, q_upload = _meet(uploaden)
        blauwdruk = _blauwdruk_van(antwoord)
        voorbeeld, s_voorbeeld, q_voorbeeld = _meet(lambda b=blauwdruk: client.get(b.get_absolute_url()))
        _controleer_voorbeeld(voorbeeld)
        metingen.append((s_upload, q_upload, s_voorbeeld, q_voorbeeld))
    s_toepassen, q_toepassen, geregistreerd = _toepassen(client, bestuur, blauwdruk)

    s_up = statistics.median(m[0] for m in metingen)
    s_vb = statistics.median(m[2] for m in metingen)
    print(f"machine: {os.cpu_count()} cores, Python {platform.python_version()}, database {DATABASE}; gedeelde "
          "machine: andere processen kunnen meedraaien")
    print(ijkgetal())
    print(f"bestand: {len(bestand) // 1024} kB, {AANTAL_RIJEN} rijen ({AANTAL_SCHOLEN} aanbieders, {AANTAL_SCHOLEN} "
          f"locaties, {AANTAL_SCHOLEN} aangeboden opleidingen, {AANTAL_CONTACTEN} contactgegevens)")
    print(f"uploaden (lezen, controleren, concept opslaan): {s_up:.2f} s mediaan "
          f"(runs {', '.join(f'{m[0]:.2f}' for m in metingen)}), queries {sorted({m[1] for m in metingen})}, "
          f"piek Python-geheugen {piek / 2**20:.1f} MB")
    print(f"voorbeeld (boom en verschil, {AANTAL_RIJEN} nieuw): {s_vb:.2f} s mediaan "
          f"(runs {', '.join(f'{m[2]:.2f}' for m in metingen)}), queries {sorted({m[3] for m in metingen})}")
    print(f"toepassen (eenmalig, teruggedraaid, geen doel): {s_toepassen:.2f} s, {q_toepassen} queries, "
          f"{geregistreerd} aanbieders geregistreerd")
    totaal = s_up + s_vb
    gehaald = totaal <= DOEL_S
    print(f"uploaden + voorbeeld: {totaal:.2f} s (doel ≤ {DOEL_S:.0f} s) -> " + ("gehaald" if gehaald else "GEMIST"))
    return 0 if gehaald else 1


if __name__ == "__main__":
    sys.exit(main())
