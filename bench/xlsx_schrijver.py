"""The xlsx writer on its own (issue 19): 100,000 rows × 12 cells, as the issue measured, written by
openpyxl (write-only), XlsxWriter (constant_memory, if installed) and kern.xlsx, alternating in one run,
with the portal's CSV writer (kern.export.CsvBestand) as the anchor. Prints the median of each and its
ratio to kern.xlsx, plus the ijkgetal. No database needed.

    .venv/bin/python bench/xlsx_schrijver.py [--rijen 100000] [--herhaal 3]
"""

import argparse
import statistics
import sys
import tempfile
import time
from datetime import date, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.gemeen import ijkgetal  # noqa: E402
from kern.export import CsvBestand  # noqa: E402
from kern.xlsx import VET, Werkboek  # noqa: E402

KOPPEN = ["Bestuurcode", "Aanbieder", "Naam", "Context", "E-mail", "Telefoon", "Straat", "Huisnummer",
          "Postcode", "Plaats", "Begindatum", "Gewijzigd"]


def rijen(n: int) -> list[list[object]]:
    return [[f"{10000 + i % 749}", f"{100 + i % 900}A{i % 1000:03d}", f"Basisschool De Regenboog {i}", "ALGEMEEN",
             f"info@school{i}.nl", "030-1234567", "Schoolstraat", i % 200 + 1, "1234 AB", "UTRECHT",
             date(2020, 8, 1), datetime(2026, 12, 5, 10, 30)] for i in range(n)]


def met_kern(data: list[list[object]], pad: str) -> None:
    boek = Werkboek()
    blad = boek.blad("Blad", [14] * len(KOPPEN))
    blad.rij(KOPPEN, stijl=VET)
    for rij in data:
        blad.rij(rij)
    boek.bewaar(pad)


def met_openpyxl(data: list[list[object]], pad: str) -> None:
    from openpyxl import Workbook

    boek = Workbook(write_only=True)
    blad = boek.create_sheet("Blad")
    blad.append(KOPPEN)
    for rij in data:
        blad.append(rij)
    boek.save(pad)


def met_xlsxwriter(data: list[list[object]], pad: str) -> None:
    import xlsxwriter

    boek = xlsxwriter.Workbook(pad, {"constant_memory": True})
    blad = boek.add_worksheet("Blad")
    datum = boek.add_format({"num_format": "dd-mm-yyyy"})
    blad.write_row(0, 0, KOPPEN)
    for r, rij in enumerate(data, start=1):
        for k, waarde in enumerate(rij):
            if isinstance(waarde, str):
                blad.write_string(r, k, waarde)  # never write(): it would read "=..." as a formula
            elif isinstance(waarde, date):
                blad.write_datetime(r, k, waarde, datum)
            else:
                blad.write_number(r, k, waarde)
    boek.close()


def met_csv(data: list[list[object]], pad: str) -> None:
    csv = CsvBestand(KOPPEN)
    with open(pad, "w", encoding="utf-8", newline="") as uit:
        for stuk in csv.regels(data):
            uit.write(stuk)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rijen", type=int, default=100_000)
    parser.add_argument("--herhaal", type=int, default=3)
    args = parser.parse_args()
    data = rijen(args.rijen)
    schrijvers = {"kern.xlsx": met_kern, "openpyxl write-only": met_openpyxl, "CSV (anker)": met_csv}
    try:
        import xlsxwriter  # noqa: F401

        schrijvers["XlsxWriter constant_memory"] = met_xlsxwriter
    except ImportError:
        print("XlsxWriter niet geïnstalleerd: overgeslagen")
    tijden: dict[str, list[float]] = {naam: [] for naam in schrijvers}
    print(f"ijkgetal vooraf: {ijkgetal()}")
    with tempfile.TemporaryDirectory() as map_:
        for ronde in range(args.herhaal):
            for naam, schrijf in schrijvers.items():  # alternating: a busy moment hits every writer
                begin = time.perf_counter()
                schrijf(data, f"{map_}/{ronde}-{len(tijden[naam])}.bestand")
                tijden[naam].append(time.perf_counter() - begin)
    print(f"ijkgetal achteraf: {ijkgetal()}")
    basis = statistics.median(tijden["kern.xlsx"])
    print(f"{args.rijen:,} rijen × {len(KOPPEN)} cellen, {args.herhaal} rondes")
    for naam, reeks in tijden.items():
        mediaan = statistics.median(reeks)
        print(f"  {naam:28} {' / '.join(f'{t:.2f}' for t in reeks)} s   mediaan {mediaan:.2f} s"
              f"   = {mediaan / basis:.1f} × kern.xlsx")


if __name__ == "__main__":
    main()
