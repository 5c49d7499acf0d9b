"""Eight colleagues save the same aanbieder at once, all from the same versie, on SQLite as `make run` uses it
(a database file, the portal's own DATABASES options): exactly one save wins, every other one gets the conflict
message, nobody gets a server error ("database is locked").

The suite's own SQLite test database lives in memory, where concurrent connections fail with "table is locked"
whatever the settings say, so the race runs in a child process on a fresh database file: the real settings,
the real migrations, the real form view, eight threads with a connection each.
"""

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
GELIJKTIJDIG = 8

WEDLOOP = r"""
import json, threading
import django
django.setup()
from django.core.management import call_command
from django.db import connections
from django.test import Client
from django.urls import reverse

call_command("migrate", verbosity=0)
from kern.fouten import Conflict
from kern.tijd import vandaag
from registratie.models import AuditRegel, Onderwijsaanbieder
from tests.helpers import factories

N = int(__import__("sys").argv[1])
bestuur = factories.bestuur_met_erkenningen("10001", brin4s=("11AA",))
beheerder = factories.gebruiker_met_rollen("beheerder", bestuur)
aanbieder = factories.aanbieder(bestuur, naam="De Regenboog")
gelezen = aanbieder.versie
url = reverse("registratie:aanbieder_wijzigen", args=[aanbieder.code])
clients = [Client() for _ in range(N)]
for client in clients:  # log in one after the other: the race is about the saves only
    client.force_login(beheerder)
connections.close_all()
start = threading.Barrier(N)
antwoorden = []

def sla_op(nummer):
    try:
        start.wait(timeout=30)
        antwoord = clients[nummer].post(url, {"versie": gelezen, "ingangsdatum": vandaag().isoformat(),
                                              "naam": f"Naam {nummer}", "internationale_naam": ""})
        tekst = antwoord.content.decode()
        antwoorden.append({"status": antwoord.status_code, "conflict": Conflict.bericht in tekst})
    except Exception as fout:  # a 500 raised through the test client
        antwoorden.append({"status": 500, "fout": repr(fout)})
    finally:
        connections.close_all()

draden = [threading.Thread(target=sla_op, args=(n,)) for n in range(N)]
for d in draden:
    d.start()
for d in draden:
    d.join()
aanbieder = Onderwijsaanbieder.objects.get(pk=aanbieder.pk)
print(json.dumps({"antwoorden": antwoorden, "versie_voor": gelezen, "versie_na": aanbieder.versie,
                  "audit": AuditRegel.objects.filter(objectcode=aanbieder.code, gebruiker=beheerder).count()}))
"""


def test_acht_gelijktijdige_opslagen_op_sqlite_geven_een_winnaar_en_conflicten(tmp_path):
    omgeving = {**os.environ, "DJANGO_SETTINGS_MODULE": "rio_portal.settings.test",
                "DATABASE_URL": f"sqlite:///{tmp_path / 'portaal.sqlite3'}", "PYTHONPATH": str(ROOT)}
    uit = subprocess.run([sys.executable, "-c", WEDLOOP, str(GELIJKTIJDIG)], cwd=ROOT, env=omgeving,
                         capture_output=True, text=True, timeout=300, check=False)
    assert uit.returncode == 0, uit.stderr[-3000:]
    uitslag = json.loads(uit.stdout.strip().splitlines()[-1])
    statussen = sorted(a["status"] for a in uitslag["antwoorden"])
    assert statussen == [200] * (GELIJKTIJDIG - 1) + [302], uitslag  # one redirect (saved), no 500
    assert all(a["conflict"] for a in uitslag["antwoorden"] if a["status"] == 200), uitslag
    assert uitslag["versie_na"] == uitslag["versie_voor"] + 1
    assert uitslag["audit"] == 1
