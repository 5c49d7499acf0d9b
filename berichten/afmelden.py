"""The one-click unsubscribe link: a signed token naming one person and one kind of mail.

Signed with the SECRET_KEY (django.core.signing) and its own salt: a token of one person cannot be altered to
another person or kind, and a token made for something else in the portal is no unsubscribe token."""

from dataclasses import dataclass

from django.core import signing

from berichten.models import Soort

SALT = "berichten.afmelden"


@dataclass(frozen=True)
class Afmelding:
    gebruiker_id: int
    soort: Soort


def token(gebruiker_id: int, soort: str) -> str:
    return signing.dumps({"g": gebruiker_id, "s": str(soort)}, salt=SALT)


def lees(waarde: str) -> Afmelding | None:
    """The unsubscription a token stands for; None for a forged, altered or malformed one."""
    try:
        inhoud = signing.loads(waarde, salt=SALT)
    except signing.BadSignature:
        return None
    if not isinstance(inhoud, dict) or not isinstance(inhoud.get("g"), int) or inhoud.get("s") not in Soort.values:
        return None
    return Afmelding(inhoud["g"], Soort(inhoud["s"]))
