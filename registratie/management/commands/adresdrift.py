"""manage.py adresdrift: list the locaties whose address differs from the address service (issue 18 §3)."""

from argparse import ArgumentParser
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from registratie import adressen
from registratie.adressen.drift import adresdrift


class Command(BaseCommand):
    help = "Toont de onderwijslocaties waarvan het adres afwijkt van de adresdienst (ADRESDIENST)."

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("--max", type=int, default=0, help="Stop na zoveel afwijkingen (0: alle).")

    def handle(self, *args: Any, **opties: Any) -> None:
        dienst = adressen.dienst()
        aantal = 0
        try:
            for afwijking in adresdrift(dienst):
                self.stdout.write(str(afwijking))
                aantal += 1
                if opties["max"] and aantal >= opties["max"]:
                    break
        except adressen.DienstNietBereikbaar as fout:
            raise CommandError(f"De adresdienst ({dienst.naam}) is niet bereikbaar: {fout}. "
                               f"{aantal} afwijking(en) gevonden tot dan.") from fout
        self.stdout.write(f"{aantal} locatie(s) wijken af van de adresdienst ({dienst.naam}).")
