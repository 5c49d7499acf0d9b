"""manage.py ververs_handelsregister [--bevoegd-gezag NUMMER ...]: fetch the KvK Basisprofiel of every
bevoegd gezag with a KvK number (or of the ones given) and store it as the Handelsregister snapshot.

Off by default: with HANDELSREGISTER = "uit" it says so and calls nothing. Run it from cron (e.g. weekly);
pages only read what it stored. See docs/handelsregister.md.
"""

from collections import Counter
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from registratie.handelsregister import GeenToegang, bron
from registratie.services.handelsregister import Status, te_verversen, ververs_alle


class Command(BaseCommand):
    help = ("Haalt het Basisprofiel uit het Handelsregister (KvK) op voor elk bevoegd gezag met een KvK-nummer "
            "en bewaart het als terugvalcontact. Staat HANDELSREGISTER op 'uit' (standaard), dan gebeurt er niets.")

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--bevoegd-gezag", dest="nummers", action="append", metavar="NUMMER",
                            help="Alleen dit bevoegd gezag (5 cijfers); mag vaker.")

    def handle(self, *args: Any, nummers: list[str] | None = None, **opties: Any) -> None:
        handelsregister = bron()
        if handelsregister is None:
            self.stdout.write("Het Handelsregister staat uit (HANDELSREGISTER = 'uit'): niets opgehaald.")
            return
        if nummers and not te_verversen(nummers).exists():
            raise CommandError("Geen bevoegd gezag met die nummers en een KvK-nummer.")
        telling: Counter[Status] = Counter()
        try:
            for uitkomst in ververs_alle(handelsregister, nummers):
                telling[uitkomst.status] += 1
                if uitkomst.melding:
                    self.stdout.write(f"{uitkomst.gezag.nummer}: {uitkomst.status}: {uitkomst.melding}")
        except GeenToegang as fout:
            raise CommandError(str(fout)) from None
        self.stdout.write("Handelsregister ververst: " + ", ".join(
            f"{status.value} {telling[status]}" for status in Status))
        if telling[Status.FOUT]:
            raise CommandError(f"{telling[Status.FOUT]} bevoegde gezagen konden niet worden opgehaald.")
