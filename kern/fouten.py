"""Errors raised by the domain services, with Dutch messages that say how to fix the input."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_noop


class RegelFout(ValidationError):
    """A business rule is broken; ``message_dict`` maps form fields (or NON_FIELD_ERRORS) to messages."""


class Conflict(Exception):
    """Someone else saved the object after it was read: the second save is refused, not merged."""

    # The Dutch source (a plain str, so it can be compared); shown through gettext(Conflict.bericht).
    bericht = gettext_noop(
        "Iemand anders heeft deze gegevens gewijzigd nadat u ze opende. Uw wijziging is niet opgeslagen. "
        "Open het object opnieuw om de actuele gegevens te zien en voer uw wijziging dan nog eens in."
    )


class Fouten:
    """Collects messages per field and raises them together, so the user sees every problem at once."""

    def __init__(self) -> None:
        self._fouten: dict[str, list[str]] = {}

    def voeg_toe(self, veld: str, bericht: str) -> None:
        self._fouten.setdefault(veld, []).append(bericht)

    def __bool__(self) -> bool:
        return bool(self._fouten)

    def gooi(self) -> None:
        if self._fouten:
            raise RegelFout(self._fouten)
