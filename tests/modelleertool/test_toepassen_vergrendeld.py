"""Applying a blauwdruk locks the board's register rows before it recomputes the difference (PostgreSQL): a
colleague who saves a school in that moment waits, then gets the conflict message. Without the lock the colleague's
save would land between the check and the writes, and the apply would overwrite it unseen."""

import threading

import pytest
from django.db import connection, connections

from kern.fouten import Conflict
from modelleertool import toepassen
from registratie.services import organisatie as organisatie_services
from tests.helpers.blauwdruk import hernoem_in_blauwdruk, naam_op
from tests.helpers.vingerafdruk import bekeken

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.skipif(connection.vendor != "postgresql",
                       reason="row locks: PostgreSQL (SQLite lets one writer at a time through: test_gelijktijdig)"),
    pytest.mark.django_db(transaction=True),
]


def test_collega_die_tijdens_toepassen_opslaat_wacht_en_krijgt_een_conflict(opleidingen_catalogus, beheerder_client,
                                                                              beheerder, bestuur, registratie, vandaag,
                                                                              monkeypatch):
    aanbieder = registratie["aanbieder"]
    blauwdruk, _ = hernoem_in_blauwdruk(beheerder_client, bestuur)
    gezien = bekeken(blauwdruk)
    gelezen_versie = aanbieder.versie
    vergrendeld, ga_door = threading.Event(), threading.Event()
    echte_bereken = toepassen.bereken

    def bereken_en_wacht(*args, **kwargs):
        vergrendeld.set()  # the rows are locked now; hold the transaction open while the colleague tries
        ga_door.wait(timeout=30)
        return echte_bereken(*args, **kwargs)

    monkeypatch.setattr(toepassen, "bereken", bereken_en_wacht)
    uitkomst: dict[str, object] = {}

    def pas_toe() -> None:
        try:
            with toepassen.transaction.atomic():
                toepassen.pas_toe(blauwdruk, door=beheerder, ingangsdatum=vandaag, bekeken=gezien)
            uitkomst["toepassen"] = "toegepast"
        finally:
            connections.close_all()

    def collega() -> None:
        vergrendeld.wait(timeout=30)
        try:
            organisatie_services.wijzig_aanbieder(aanbieder, door="collega", versie=gelezen_versie,
                                                  ingangsdatum=vandaag, naam="Naam van de collega",
                                                  internationale_naam="", groep=None)
            uitkomst["collega"] = "opgeslagen"
        except Conflict:
            uitkomst["collega"] = "conflict"
        finally:
            connections.close_all()

    draad_toepassen, draad_collega = threading.Thread(target=pas_toe), threading.Thread(target=collega)
    draad_toepassen.start()
    draad_collega.start()
    draad_collega.join(timeout=2)
    assert draad_collega.is_alive(), "de collega wachtte niet op de vergrendeling van het toepassen"
    ga_door.set()
    draad_toepassen.join(timeout=60)
    draad_collega.join(timeout=60)

    assert uitkomst == {"toepassen": "toegepast", "collega": "conflict"}
    assert naam_op(aanbieder, vandaag) == "Uit de blauwdruk"
