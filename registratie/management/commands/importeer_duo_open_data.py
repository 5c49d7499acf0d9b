"""manage.py importeer_duo_open_data PATH [PATH ...]: load DUO's open data files into the register.

Recognised by their header: "alle schoolvestigingen basisonderwijs" (2026 or 2020 columns), "alle vestigingen
sbo, so en vso", the board list (names, KvK numbers) and "aantal leerlingen per schoolvestiging". The logic lives
in registratie/importer/ (duo_open_data.py joins the readers and toepassen.py); this command only reads the
options and prints the report. Demo data: registratie/data/ (SOURCE.md there).
"""

import argparse
from datetime import date
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from kern.tijd import vandaag
from registratie.importer.duo_open_data import ImportFout, importeer_bestanden, verslag
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
        "Laadt DUO's open data in de erkenningen (bevoegd gezag, BRIN4, BRIN6) en maakt per bevoegd gezag een "
        "onderwijsbestuur: 'alle schoolvestigingen basisonderwijs' (kolomnamen van 2026 of 2020), 'alle "
        "vestigingen sbo, so en vso' (soort en cluster), de besturenlijst (naam, KvK-nummer, eerdere namen) en "
        "'aantal leerlingen per schoolvestiging'. Geef één of meer bestanden; ze worden herkend aan de kopregel "
        "en samen verwerkt, alles of niets. Een tweede keer dezelfde bestanden verandert niets; nieuwere "
        "bestanden worden verwerkt als wijzigingen en beëindigingen per de peildatum."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("pad", metavar="PATH", type=Path, nargs="+", help="De CSV-bestanden van DUO.")
        parser.add_argument("--peildatum", type=_datum, default=None,
                            help="Datum van het bestand (JJJJ-MM-DD); standaard vandaag. Nieuwe erkenningen "
                                 "beginnen op deze datum, verdwenen erkenningen eindigen de dag ervoor.")
        parser.add_argument("--vul-registratie", action="store_true",
                            help="Vul daarna voor demo's een registratie: per BRIN4 een aanbieder, per adres "
                                 "een locatiegebruik, per aanbieder opleidingen die bij de soort school passen "
                                 "(BO bij BAO en SBO, SO en/of VSO bij een SO-, VSO- of (V)SO-school).")
        parser.add_argument("--besturen", type=_positief, default=None, metavar="N",
                            help="Met --vul-registratie: alleen de eerste N besturen (op "
                                 "bevoegd-gezagnummer).")
        parser.add_argument("--bevoegd-gezag", dest="bevoegde_gezagen", action="append", default=[],
                            metavar="NUMMER",
                            help="Met --vul-registratie: vul (ook) het bestuur van dit bevoegd gezag; mag vaker.")
        parser.add_argument("--stil", action="store_true", help="Druk niets af behalve fouten.")

    def handle(self, *args, **opties) -> None:
        if not opties["vul_registratie"]:
            for optie, gegeven in (("--besturen", opties["besturen"] is not None),
                                   ("--bevoegd-gezag", bool(opties["bevoegde_gezagen"]))):
                if gegeven:
                    raise CommandError(f"{optie} hoort bij --vul-registratie.")
        stil = opties["stil"] or opties["verbosity"] == 0
        try:
            resultaat = importeer_bestanden(opties["pad"], opties["peildatum"] or vandaag())
        except ImportFout as fout:
            raise CommandError(str(fout)) from fout
        if not stil:
            self.stdout.write("\n".join(verslag(resultaat)))
        if opties["vul_registratie"]:
            try:
                gevuld = vul_registratie(opties["besturen"], opties["bevoegde_gezagen"])
            except ImportFout as fout:
                raise CommandError(str(fout)) from fout
            if not stil:
                self.stdout.write("\n".join(gevuld.verslag()))
