"""One real board from DUO's open data (bevoegd gezag 23337), loaded by the real importer, and the opleidingen
catalogue that a transactional test's flush removes; fixtures registered in tests/conftest.py."""

import csv
import importlib
from dataclasses import dataclass
from pathlib import Path

import pytest
from django.apps import apps as django_apps
from django.core.management import call_command, get_commands

from registratie.models import Onderwijsbestuur

DUO_BESTAND = Path(__file__).resolve().parents[2] / "registratie" / "data" / \
    "02.-alle-schoolvestigingen-basisonderwijs.csv"
# Bevoegd gezag 23337 (Rhenen): two schools, each one BRIN4 with one BRIN6 and a plain house number.
BEVOEGD_GEZAG = "23337"
PEILDATUM_BESTAND = "2026-08-01"


# --- Data: one real board from DUO's file, loaded by the real importer ------------------------------------

@dataclass(frozen=True)
class Vestiging:
    """One row of DUO's file, as the test needs it."""

    brin4: str
    brin6: str
    naam: str
    straatnaam: str
    huisnummer: str
    postcode: str  # as DUO writes it: "3911 XN"
    plaatsnaam: str

    @property
    def keuzelabel(self) -> str:
        """How the BRIN6 appears in the locatie form's drop-down."""
        return f"{self.brin6} {self.naam} ({self.straatnaam} {self.huisnummer}, {self.plaatsnaam})"


@dataclass(frozen=True)
class DuoBestuur:
    bestuur: Onderwijsbestuur
    vestigingen: tuple[Vestiging, ...]


def regels_van_bevoegd_gezag(nummer: str) -> tuple[str, list[str]]:
    """The header and this board's rows of DUO's file, byte for byte (cp1252, ';', CRLF)."""
    regels = DUO_BESTAND.read_bytes().decode("cp1252").splitlines(keepends=True)
    kop = next(csv.reader([regels[0]], delimiter=";"))
    kolom = kop.index("BEVOEGD GEZAG NUMMER")
    eigen = [r for r in regels[1:] if next(csv.reader([r], delimiter=";"))[kolom] == nummer]
    return regels[0], eigen


@pytest.fixture
def opleidingen_catalogus(transactional_db):
    """The opleidingen of data migration 0003; a transactional test's flush removes them for the next test."""
    migratie = importlib.import_module("registratie.migrations.0003_opleidingen_catalogus")
    migratie.laad(django_apps, None)


@pytest.fixture
def duo(transactional_db, opleidingen_catalogus, tmp_path) -> DuoBestuur:
    kop, regels = regels_van_bevoegd_gezag(BEVOEGD_GEZAG)
    assert 2 <= len(regels) <= 5, "pick a board with 2-5 vestigingen"
    pad = tmp_path / "vestigingen-bo-23337.csv"
    pad.write_bytes((kop + "".join(regels)).encode("cp1252"))
    assert "importeer_duo_open_data" in get_commands()
    call_command("importeer_duo_open_data", str(pad), "--peildatum", PEILDATUM_BESTAND, "--stil")

    velden = next(csv.reader([kop], delimiter=";"))
    rijen = [dict(zip(velden, next(csv.reader([r], delimiter=";")), strict=True)) for r in regels]
    vestigingen = tuple(sorted((Vestiging(
        brin4=r["INSTELLINGSCODE"], brin6=r["VESTIGINGSCODE"], naam=r["VESTIGINGSNAAM"].strip(),
        straatnaam=r["STRAATNAAM"].strip(), huisnummer=r["HUISNUMMER-TOEVOEGING"].strip(),
        postcode=r["POSTCODE"].strip(), plaatsnaam=r["PLAATSNAAM"].strip()) for r in rijen), key=lambda v: v.brin6))
    return DuoBestuur(Onderwijsbestuur.objects.get(bevoegd_gezag__nummer=BEVOEGD_GEZAG), vestigingen)
