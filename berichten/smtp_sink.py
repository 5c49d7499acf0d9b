"""A local SMTP server for development (aiosmtpd, a dev dependency): it accepts every mail, delivers none, prints a
line per mail and saves it as an .eml file (open it in any mail program). `make run` starts it in the background."""

import itertools
import logging
from collections.abc import Callable
from email import message_from_bytes, policy
from pathlib import Path
from typing import Any

from django.utils import timezone


class Opvanger:
    """aiosmtpd handler: every accepted mail becomes <map>/<moment>-<n>.eml."""

    def __init__(self, map_: Path, meld: Callable[[str], None] = print) -> None:
        self.map = map_
        self.meld = meld
        self.teller = itertools.count(1)
        self.map.mkdir(parents=True, exist_ok=True)

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:  # the name aiosmtpd calls
        inhoud: bytes = envelope.original_content or envelope.content
        bestand = self.map / f"{timezone.localtime():%Y%m%d-%H%M%S}-{next(self.teller):04d}.eml"
        bestand.write_bytes(inhoud)
        bericht = message_from_bytes(inhoud, policy=policy.default)
        self.meld(f"mail aan {', '.join(envelope.rcpt_tos)}: {bericht['subject']}  ->  {bestand}")
        return "250 OK, bewaard (niet bezorgd)"


def start(host: str, poort: int, map_: Path, meld: Callable[[str], None] = print) -> Any:
    """Start the sink in a background thread; the caller stops it with ``.stop()``."""
    from aiosmtpd.controller import Controller  # a dev dependency: imported only when the sink is used

    logging.getLogger("mail.log").setLevel(logging.WARNING)  # aiosmtpd logs every SMTP command at INFO
    controller = Controller(Opvanger(map_, meld), hostname=host, port=poort)
    controller.start()
    return controller
