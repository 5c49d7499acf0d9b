"""The portal's notion of 'today' (Europe/Amsterdam), in one place so tests can travel in time."""

from datetime import date, timedelta

from django.utils import timezone


def vandaag() -> date:
    return timezone.localdate()


def dag_voor(d: date) -> date:
    return d - timedelta(days=1)


def dag_na(d: date) -> date:
    return d + timedelta(days=1)


def is_31_juli(d: date | None) -> bool:
    return d is not None and d.month == 7 and d.day == 31


def volgende_1_augustus(vanaf: date) -> date:
    jaar = vanaf.year if (vanaf.month, vanaf.day) < (8, 1) else vanaf.year + 1
    return date(jaar, 8, 1)
