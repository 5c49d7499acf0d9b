"""Benchmark of a full synchronisation through the read API (issue #4): one supplier system mandated for dienst
RIO by every school of all 749 boards reads everything, as a LAS would on its first day, then pages through
the delta. Through Django's test client in this process (no network): seconds, requests, SQL queries, records.

    .venv/bin/python bench/synchronisatie.py            # uses postgres://postgres@127.0.0.1:5432
    .venv/bin/python bench/synchronisatie.py --bewaar   # reuse the database of an earlier run

Builds the throwaway database rio_bench_sync: migrate, import DUO's file with --vul-registratie (one aanbieder
per BRIN4, one locatie per BRIN6 address, one BO opleiding per aanbieder; audited, so the delta has every
object), one system with a key and a RIO mandate for every BRIN4. (a) initial load: per board the aanbieders,
the onderwijslocatiegebruik and the aangeboden opleidingen, following the paging; (b) the delta since the
epoch, following `volgende_sinds`. The records received are checked against the database, so the benchmark
cannot pass on empty or refused answers. Target: (a) + (b) at most 30 s. Exits with 1 when missed.
"""

import os
import platform
import sys
import time

from gemeen import DUO_BESTAND, Teller, analyseer, argumenten, database_klaarzetten, django_starten, ijkgetal

DATABASE = "rio_bench_sync"
DOEL_S = 30
PER_PAGINA = 500
SLEUTEL = "benchsync.bench-sync-geheim-0123456789"


def _database_klaarzetten(server: str, bewaar: bool) -> None:
    database_klaarzetten(server, DATABASE, bewaar,
                         ["importeer_duo_open_data", str(DUO_BESTAND), "--vul-registratie", "--stil"])


def _systeem_overal_gemandateerd() -> None:
    """One system, one key, a RIO mandate from 2020 for every BRIN4 of every board (idempotent)."""
    from datetime import date

    from autorisatie.models import ApiSleutel, Leverancier, Mandaat, Systeem
    from autorisatie.toegang import sleutel_hash
    from registratie.models import Instellingserkenning, Onderwijsbestuur

    systeem, _ = Systeem.objects.get_or_create(
        naam="Bench LAS", leverancier=Leverancier.objects.get_or_create(naam="Bench Sync B.V.")[0])
    ApiSleutel.objects.filter(prefix="benchsync").delete()
    ApiSleutel.objects.create(systeem=systeem, prefix="benchsync", sleutel_hash=sleutel_hash(SLEUTEL))
    if Mandaat.objects.filter(systeem=systeem).exists():
        return
    bestuur_per_bg = dict(Onderwijsbestuur.objects.values_list("bevoegd_gezag_id", "pk"))
    Mandaat.objects.bulk_create([
        Mandaat(bestuur_id=bestuur_per_bg[i.bevoegd_gezag_id], instelling=i, dienst="RIO", systeem=systeem,
                begindatum=date(2020, 1, 1))
        for i in Instellingserkenning.objects.all() if i.bevoegd_gezag_id in bestuur_per_bg])


def _lees_alle_paginas(client, pad: str, sleutel: str = "resultaten") -> tuple[int, int]:
    """GET every page of a list endpoint; (requests, records)."""
    verzoeken = records = 0
    pagina = 1
    while True:
        antwoord = client.get(pad, {"pagina": pagina, "perPagina": PER_PAGINA},
                              HTTP_AUTHORIZATION=f"Bearer {SLEUTEL}")
        verzoeken += 1
        if antwoord.status_code != 200:
            raise SystemExit(f"{pad} pagina {pagina}: {antwoord.status_code} {antwoord.content[:300]!r}")
        inhoud = antwoord.json()
        records += len(inhoud[sleutel])
        if pagina >= inhoud["paginering"]["aantal_paginas"]:
            return verzoeken, records
        pagina += 1


def eerste_lading(client) -> dict[str, int]:
    from registratie.models import Onderwijsbestuur

    totaal = {"verzoeken": 0, "aanbieders": 0, "onderwijslocatiegebruik": 0, "aangeboden-opleidingen": 0}
    for code in Onderwijsbestuur.objects.order_by("code").values_list("code", flat=True):
        for soort in ("aanbieders", "onderwijslocatiegebruik", "aangeboden-opleidingen"):
            verzoeken, records = _lees_alle_paginas(client, f"/api/v1/organisaties/{code}/{soort}")
            totaal["verzoeken"] += verzoeken
            totaal[soort] += records
    return totaal


def delta(client) -> dict[str, int]:
    sinds = "1970-01-01T00:00:00+00:00"
    verzoeken = records = 0
    while True:
        antwoord = client.get("/api/v1/wijzigingen", {"sinds": sinds, "perPagina": PER_PAGINA},
                              HTTP_AUTHORIZATION=f"Bearer {SLEUTEL}")
        verzoeken += 1
        if antwoord.status_code != 200:
            raise SystemExit(f"delta: {antwoord.status_code} {antwoord.content[:300]!r}")
        inhoud = antwoord.json()
        records += len(inhoud["resultaten"])
        if not inhoud["resultaten"] or inhoud["paginering"]["aantal_paginas"] <= 1:
            return {"verzoeken": verzoeken, "wijzigingen": records}
        sinds = inhoud["volgende_sinds"]


def gemeten(functie, client) -> tuple[dict[str, int], float, int]:
    from django.db import connection

    teller = Teller()
    begin = time.perf_counter()
    with connection.execute_wrapper(teller):
        uitkomst = functie(client)
    return uitkomst, time.perf_counter() - begin, teller.aantal


def main() -> int:
    parser = argumenten(__doc__)
    args = parser.parse_args()

    os.environ["DATABASE_URL"] = f"{args.server}/{DATABASE}"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "rio_portal.settings.test")
    _database_klaarzetten(args.server, args.bewaar)
    django_starten(args.server, DATABASE)
    _systeem_overal_gemandateerd()
    analyseer()

    from django.test import Client

    from registratie.models import AangebodenOpleiding, Onderwijsaanbieder, Onderwijslocatiegebruik

    client = Client()
    lading, s_lading, q_lading = gemeten(eerste_lading, client)
    wijzigingen, s_delta, q_delta = gemeten(delta, client)

    verwacht = {"aanbieders": Onderwijsaanbieder.objects.count(),
                "onderwijslocatiegebruik": Onderwijslocatiegebruik.objects.count(),
                "aangeboden-opleidingen": AangebodenOpleiding.objects.count()}
    print(f"machine: {os.cpu_count()} cores, Python {platform.python_version()}, database {DATABASE}")
    print(ijkgetal())
    print(f"(a) eerste lading: {s_lading:6.1f} s, {lading['verzoeken']} verzoeken, {q_lading} queries, "
          f"{lading['aanbieders']} aanbieders, {lading['onderwijslocatiegebruik']} locatiegebruiken, "
          f"{lading['aangeboden-opleidingen']} aangeboden opleidingen")
    print(f"(b) delta:         {s_delta:6.1f} s, {wijzigingen['verzoeken']} verzoeken, {q_delta} queries, "
          f"{wijzigingen['wijzigingen']} wijzigingen")
    totaal = s_lading + s_delta
    print(f"totaal:            {totaal:6.1f} s (doel ≤ {DOEL_S} s)")
    fouten = [f"{soort}: {lading[soort]} ontvangen, {aantal} in de database"
              for soort, aantal in verwacht.items() if lading[soort] != aantal]
    if wijzigingen["wijzigingen"] < sum(verwacht.values()):
        fouten.append(f"delta: {wijzigingen['wijzigingen']} wijzigingen, minder dan de {sum(verwacht.values())} "
                      "objecten die elk minstens één auditregel hebben")
    for fout in fouten:
        print("ONVOLLEDIG:", fout)
    gehaald = not fouten and totaal <= DOEL_S
    print("doel " + ("gehaald" if gehaald else "GEMIST"))
    return 0 if gehaald else 1


if __name__ == "__main__":
    sys.exit(main())
