"""manage.py smtp_sink: the local SMTP sink of `make run` (berichten/smtp_sink.py); stop it with Ctrl-C."""

import threading
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand

from berichten import smtp_sink


class Command(BaseCommand):
    help = "Lokale SMTP-server voor ontwikkeling: bewaart elke mail als .eml-bestand en bezorgt niets."

    def add_arguments(self, parser):  # type: ignore[no-untyped-def]
        parser.add_argument("--host", default="127.0.0.1")
        parser.add_argument("--poort", type=int, default=8025)
        parser.add_argument("--map", default=str(Path(settings.BASE_DIR) / ".mails"),
                            help="Map voor de mails (standaard .mails/ in de projectmap).")

    def handle(self, *args: object, **opties: object) -> None:
        map_ = Path(str(opties["map"])).resolve()
        sink = smtp_sink.start(str(opties["host"]), int(str(opties["poort"])), map_,
                               meld=lambda regel: (self.stdout.write(regel), self.stdout.flush()))
        self.stdout.write(f"SMTP-sink luistert op {opties['host']}:{opties['poort']}; mails komen in {map_}")
        self.stdout.flush()
        try:
            threading.Event().wait()
        except KeyboardInterrupt:
            pass
        finally:
            sink.stop()
