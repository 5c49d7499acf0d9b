"""Generates RIO codes 999L999: a counter per letter, locked while it is incremented."""

from django.db import transaction

from registratie.models import Codeteller

# Start above 100000 so codes never begin with 000 and look like RIO's own (e.g. 100B481).
EERSTE_NUMMER = 100_000
LAATSTE_NUMMER = 999_999


@transaction.atomic
def nieuwe_codes(letter: str, aantal: int = 1) -> list[str]:
    teller, _ = Codeteller.objects.select_for_update().get_or_create(letter=letter,
                                                                      defaults={"laatste": EERSTE_NUMMER})
    eerste = teller.laatste + 1
    teller.laatste += aantal
    if teller.laatste > LAATSTE_NUMMER:
        raise RuntimeError(f"De codes met letter {letter} zijn op.")
    teller.save(update_fields=["laatste"])
    return [f"{n // 1000:03d}{letter}{n % 1000:03d}" for n in range(eerste, eerste + aantal)]


def nieuwe_code(letter: str) -> str:
    return nieuwe_codes(letter, 1)[0]
