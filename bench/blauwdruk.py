"""Benchmark of the modelleertool (issue #6): upload + validation + preview of a 500-row blauwdruk, through
Django's test client in this process (the real views: form, parser, checks, concept stored, tree and diff).

    .venv/bin/python bench/blauwdruk.py            # uses postgres://postgres@127.0.0.1:5432

Builds the throwaway database rio_bench_blauwdruk (migrate; a synthetic bevoegd gezag with 150 BRIN4, each
with one BRIN6 with an address), downloads the board's template through the view, fills 500 data rows with
openpyxl (150 aanbieders, 150 locaties, 150 aangeboden opleidingen, 50 contactgegevens), then times the
upload POST (read, validate, store the concept) and the preview GET (tree and diff), median of 3, with SQL
queries and the upload's peak Python memory (tracemalloc), and once the apply POST (no target). The upload must
be accepted and the preview must list every new row, so the benchmark cannot pass on an error page.
Target: upload + preview at most 3 s. Exits with 1 when missed.
"""

import argparse
import io
import os
import platform
import statistics
import sys
import time
import tracemalloc

from gemeen import ROOT, Teller, database_klaarzetten

DATABASE = "rio_bench_blauwdruk"
NUMMER = "99998"
AANTAL_SCHOLEN = 150
AANTAL_CONTACTEN = 50
DOEL_S = 3.0
HERHAAL = 3


def _database_klaarzetten(server: str) -> None:
    """Always a fresh database: the apply at the end registers the board, so a second upload of the same rows
    would (rightly) be refused as duplicates."""
    database_klaarzetten(server, DATABASE, False)


def _django() -> None:
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()


def _bestuur():
    from registratie.models import Onderwijsbestuur
    from tests import factories

    bestaand = Onderwijsbestuur.objects.filter(bevoegd_gezag__nummer=NUMMER).first()
    if bestaand:
        return bestaand
    codes = [f"{i % 100:02d}{chr(88 + i // 2600)}{chr(65 + i // 100 % 26)}" for i in range(AANTAL_SCHOLEN)]
    return factories.bestuur_met_erkenningen(NUMMER, brin4s=codes)


def _gevuld(sjabloon: bytes, bestuur) -> bytes:
    """The template with 500 new data rows."""
    from openpyxl import load_workbook

    from registratie.models import Vestigingserkenning
    from tests.blauwdruk.conftest import als_bytes, voeg_rij_toe

    boek = load_workbook(io.BytesIO(sjabloon))
    vestigingen = list(Vestigingserkenning.objects.filter(instelling__bevoegd_gezag=bestuur.bevoegd_gezag)
                       .select_related("instelling").order_by("code"))
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


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--server", default="postgres://postgres@127.0.0.1:5432")
    args = parser.parse_args()
    os.environ["DATABASE_URL"] = f"{args.server}/{DATABASE}"
    os.environ["DJANGO_SETTINGS_MODULE"] = "rio_portal.settings.test"
    _database_klaarzetten(args.server)
    _django()

    from django.contrib.auth import get_user_model
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.test import Client
    from django.urls import reverse

    from registratie.models import Blauwdruk

    bestuur = _bestuur()
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

    metingen = []
    for _ in range(HERHAAL):
        tracemalloc.start()
        antwoord, s_upload, q_upload = _meet(uploaden)
        piek = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()
        if antwoord.status_code != 302:
            print(antwoord.content.decode()[:3000])
            raise SystemExit(f"upload geweigerd: {antwoord.status_code}")
        blauwdruk = Blauwdruk.objects.order_by("-pk").first()
        voorbeeld, s_voorbeeld, q_voorbeeld = _meet(lambda b=blauwdruk: client.get(b.get_absolute_url()))
        html = voorbeeld.content.decode()
        nieuw = html.count("School ")
        assert voorbeeld.status_code == 200 and nieuw >= 2 * AANTAL_SCHOLEN, (voorbeeld.status_code, nieuw)
        metingen.append((s_upload, q_upload, piek, s_voorbeeld, q_voorbeeld))

    toepassen, s_toepassen, q_toepassen = _meet(lambda: client.post(
        reverse("blauwdruk:toepassen", args=[bestuur.code, blauwdruk.pk]), {"ingangsdatum": time.strftime("%Y-%m-%d")}))
    s_up = statistics.median(m[0] for m in metingen)
    s_vb = statistics.median(m[3] for m in metingen)
    print(f"machine: {os.cpu_count()} cores, Python {platform.python_version()}, database {DATABASE}")
    print(f"bestand: {len(bestand) // 1024} kB, 500 rijen ({AANTAL_SCHOLEN} aanbieders, {AANTAL_SCHOLEN} locaties, "
          f"{AANTAL_SCHOLEN} aangeboden opleidingen, {AANTAL_CONTACTEN} contactgegevens)")
    print(f"uploaden (lezen, controleren, concept opslaan): {s_up:.2f} s mediaan "
          f"(runs {', '.join(f'{m[0]:.2f}' for m in metingen)}), {metingen[0][1]} queries, "
          f"piek Python-geheugen {max(m[2] for m in metingen) / 2**20:.0f} MB")
    print(f"voorbeeld (boom en verschil):                   {s_vb:.2f} s mediaan "
          f"(runs {', '.join(f'{m[3]:.2f}' for m in metingen)}), {metingen[0][4]} queries")
    print(f"toepassen (eenmalig, geen doel):                {s_toepassen:.2f} s, {q_toepassen} queries, "
          f"status {toepassen.status_code}")
    totaal = s_up + s_vb
    gehaald = totaal <= DOEL_S
    print(f"uploaden + voorbeeld: {totaal:.2f} s (doel ≤ {DOEL_S:.0f} s) -> " + ("gehaald" if gehaald else "GEMIST"))
    return 0 if gehaald else 1


if __name__ == "__main__":
    sys.exit(main())
