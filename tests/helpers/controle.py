"""Controle: a board registered without any defect, the supplier system it mandates, and the task worker."""

import signal

from django.core.management import call_command

from registratie.services import contact as contact_services
from tests.helpers import factories


def las() -> "Systeem":  # noqa: F821
    """The supplier system the clean boards mandate for RIO."""
    from autorisatie.models import Leverancier, Systeem

    leverancier, _ = Leverancier.objects.get_or_create(naam="Leverancier A B.V.")
    return Systeem.objects.get_or_create(leverancier=leverancier, naam="Voorbeeld LAS")[0]


def vul_schoon(bestuur, vandaag):
    """Every BRIN4 an aanbieder with a BO offer and a RIO mandate (OSR), every BRIN6 a locatie, and Algemeen on
    the bestuur."""
    aanbieders = []
    for instelling in bestuur.bevoegd_gezag.instellingen.order_by("code"):
        factories.mandaat(bestuur, instelling.code, las())
        aanbieder = factories.aanbieder(bestuur, naam=f"School {instelling.code}", brin4=instelling.code)
        for vestiging in instelling.vestigingen.order_by("code"):
            gebruik = factories.locatiegebruik(bestuur, brin6=vestiging.code)
            factories.bo_opleiding(aanbieder, locatie=gebruik.locatie)
        aanbieders.append(aanbieder)
    contact_services.registreer_contact(bestuur, door="test", context="ALGEMEEN", begindatum=vandaag,
                                        email="info@stichting.example", telefoonnummer="050 123 4567")
    return aanbieders


def draai_worker() -> None:
    """The worker command itself, in this process, until the queue is empty (--batch)."""
    oud = {s: signal.getsignal(s) for s in (signal.SIGINT, signal.SIGTERM, signal.SIGQUIT)}
    try:
        call_command("db_worker", "--batch", "--no-startup-delay", "--no-reload", "--interval", "0", verbosity=0)
    finally:
        for s, handler in oud.items():  # the worker installs its own signal handlers
            signal.signal(s, handler)
