"""Remove background exports older than EXPORT_BEWAARDAGEN (run daily from cron; docs/beheer.md)."""

from django.core.management.base import BaseCommand

from controle.bewaren import ruim_oude_exports_op


class Command(BaseCommand):
    help = "Verwijdert achtergrondexports (en hun bestanden) die ouder zijn dan EXPORT_BEWAARDAGEN."

    def handle(self, *args: object, **options: object) -> None:
        aantal = ruim_oude_exports_op()
        self.stdout.write(f"{aantal} export(s) verwijderd.")
