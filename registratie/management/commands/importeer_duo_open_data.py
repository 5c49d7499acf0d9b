"""manage.py importeer_duo_open_data PATH: load DUO's "alle schoolvestigingen basisonderwijs" CSV.

The logic lives in registratie/importer/ (duo_open_data.py joins lezen.py and toepassen.py); this command
only reads the options and prints the report. Demo data: registratie/data/02.-alle-schoolvestigingen-basisonderwijs.csv.
"""

import argparse
from datetime import date
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from kern.tijd import vandaag
from registratie.importer.duo_open_data import ImportFout, importeer_bestand, verslag
from registratie.importer.vul_registratie import vul_registratie


def _datum(tekst: str) -> date:
    try:
        return date.fromisoformat(tekst)
    except ValueError as fout:
        raise argparse.ArgumentTypeError(f"'{tekst}' is geen datum; schrijf JJJJ-MM-DD, bijvoorbeeld "
                                         "2026-08-01.") from fout


def _positief(tekst: str) -> int:
    if not tekst.isdigit() or int(tekst) < 1:
        raise argparse.ArgumentTypeError(f"'{tekst}' is geen positief aantal.")
    return int(tekst)


class Command(BaseCommand):
    help = (
        "Laadt DUO's open data 'alle schoolvestigingen basisonderwijs' (CSV, cp1252, ';'; kolomnamen van "
        "2026 of 2020) in de erkenningen (bevoegd gezag, BRIN4, BRIN6) en maakt per bevoegd gezag een "
        "onderwijsbestuur. Een tweede keer hetzelfde bestand verandert niets; een nieuwer bestand wordt "
        "verwerkt als wijzigingen en beëindigingen per de peildatum."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("pad", metavar="PATH", type=Path, help="Het CSV-bestand van DUO.")
        parser.add_argument("--peildatum", type=_datum, default=None,
                            help="Datum van het bestand (JJJJ-MM-DD); standaard vandaag. Nieuwe erkenningen "
                                 "beginnen op deze datum, verdwenen erkenningen eindigen de dag ervoor.")
        parser.add_argument("--vul-registratie", action="store_true",
                            help="Vul daarna voor demo's een registratie: per BRIN4 een aanbieder, per adres "
                                 "een locatiegebruik, per aanbieder een BO-opleiding.")
        parser.add_argument("--besturen", type=_positief, default=None, metavar="N",
                            help="Met --vul-registratie: alleen de eerste N besturen (op "
                                 "bevoegd-gezagnummer).")
        parser.add_argument("--stil", action="store_true", help="Druk niets af behalve fouten.")

    def handle(self, *args, **opties) -> None:
        if opties["besturen"] is not None and not opties["vul_registratie"]:
            raise CommandError("--besturen hoort bij --vul-registratie.")
        stil = opties["stil"] or opties["verbosity"] == 0
        try:
            resultaat = importeer_bestand(opties["pad"], opties["peildatum"] or vandaag())
        except ImportFout as fout:
            raise CommandError(str(fout)) from fout
        if not stil:
            self.stdout.write("\n".join(verslag(resultaat)))
        if opties["vul_registratie"]:
            try:
                gevuld = vul_registratie(opties["besturen"])
            except ImportFout as fout:
                raise CommandError(str(fout)) from fout
            if not stil:
                self.stdout.write("\n".join(gevuld.verslag()))
