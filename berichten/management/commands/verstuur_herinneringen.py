"""Daily: mail each Beheerder PO about mandates that end within 30 days and about data that need checking.

Run it once a day (cron, a Kubernetes CronJob, a systemd timer); running it twice sends nothing new."""

from django.core.management.base import BaseCommand

from berichten.herinneringen import verstuur_herinneringen


class Command(BaseCommand):
    help = "Stuurt de dagelijkse herinneringen (mandaten die binnen 30 dagen eindigen, attestatie nodig)."

    def handle(self, *args: object, **options: object) -> None:
        uitslag = verstuur_herinneringen()
        self.stdout.write(f"Herinneringen verstuurd: {uitslag.mandaten} over mandaten, "
                          f"{uitslag.attestaties} over de controle van de gegevens.")
