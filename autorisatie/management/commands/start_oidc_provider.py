"""Runs the local demo OIDC provider (oidc-provider-mock) in the foreground; `make run` starts it in the background."""

import signal
import sys

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from autorisatie import demo_provider


class Command(BaseCommand):
    help = ("Start de lokale demo-inlogdienst (OpenID Connect, oidc-provider-mock) met demopersonen uit de "
            "database. Alleen voor ontwikkeling: iedereen kan er als iedereen inloggen.")

    def add_arguments(self, parser) -> None:
        parser.add_argument("--host", default=demo_provider.HOST, help="adres (standaard 127.0.0.1)")
        parser.add_argument("--poort", type=int, default=demo_provider.POORT, help="poort (standaard 8001)")
        parser.add_argument("--force", action="store_true",
                            help="Ook starten als DEBUG en PORTAAL_DEMO_PROVIDER uit staan (nooit in productie!).")

    def handle(self, *args, **options) -> None:
        if not (settings.DEBUG or settings.PORTAAL_DEMO_PROVIDER or options["force"]):
            raise CommandError("DEBUG en PORTAAL_DEMO_PROVIDER staan uit: de demo-inlogdienst hoort alleen in een "
                               "ontwikkelomgeving. Gebruik --force als u dit echt wilt.")
        personen = demo_provider.demo_personen()
        try:
            server = demo_provider.maak_server(personen, options["host"], options["poort"])
        except OSError as fout:
            raise CommandError(f"Kan niet luisteren op {options['host']}:{options['poort']}: {fout}") from fout
        uitgever = f"http://{options['host']}:{server.server_port}"
        self.stdout.write(f"Demo-inlogdienst (OpenID Connect) op {uitgever}, {len(personen)} demopersonen:")
        for persoon in personen:
            self.stdout.write(f"  {persoon.sub:<24} {persoon.naam}: {persoon.uitleg}")
        if uitgever != settings.OIDC_OP_ISSUER:
            waarschuwing = f"Let op: OIDC_OP_ISSUER van het portaal is {settings.OIDC_OP_ISSUER}"
            self.stdout.write(self.style.WARNING(waarschuwing))
        self.stdout.flush()
        # make stops it with SIGTERM: leave serve_forever through SystemExit so the socket is closed.
        signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
        try:
            server.serve_forever(poll_interval=0.2)
        finally:
            server.server_close()
