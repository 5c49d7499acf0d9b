"""Fixtures of the blauwdruk tests: a registered board, and helpers to fill and upload the template."""

import io
from datetime import date

import pytest
from django.urls import reverse
from openpyxl import Workbook, load_workbook

from modelleertool.inhoud import GEGEVENSBLADEN
from modelleertool.lezer import Kader, lees
from modelleertool.sjabloon import schrijf_sjabloon
from registratie.services import contact as contact_services
from tests import factories


@pytest.fixture
def registratie(bestuur, vandaag):
    """One aanbieder (11AA) with a BO opleiding at its BRIN6 locatie, and Algemeen contact on the board."""
    aanbieder = factories.aanbieder(bestuur, naam="De Regenboog")
    gebruik = factories.locatiegebruik(bestuur, brin6="11AA00")
    ao = factories.bo_opleiding(aanbieder, locatie=gebruik.locatie)
    contact = contact_services.registreer_contact(bestuur, door="test", context="ALGEMEEN", begindatum=vandaag,
                                                  email="info@stichting.nl", telefoonnummer="+31 50 123 4567")
    return {"aanbieder": aanbieder, "gebruik": gebruik, "opleiding": ao, "contact": contact}


def sjabloon(bestuur, peildatum: date | None = None):
    """The template of the board as an editable openpyxl workbook."""
    from kern.tijd import vandaag

    return load_workbook(io.BytesIO(schrijf_sjabloon(bestuur, peildatum or vandaag())))


def als_bytes(boek) -> bytes:
    uit = io.BytesIO()
    boek.save(uit)
    return uit.getvalue()


def kolom(blad, kop: str) -> int:
    """The column number of a header (without the ' *' of a required column)."""
    for cel in blad[1]:
        if cel.value and str(cel.value).removesuffix(" *") == kop:
            return cel.column
    raise AssertionError(f"kolom {kop} niet gevonden")


def zet(blad, rij: int, kop: str, waarde) -> None:
    blad.cell(row=rij, column=kolom(blad, kop), value=waarde)


def waarde(blad, rij: int, kop: str):
    return blad.cell(row=rij, column=kolom(blad, kop)).value


def voeg_rij_toe(blad, waarden: dict) -> int:
    rij = blad.max_row + 1
    for kop, w in waarden.items():
        zet(blad, rij, kop, w)
    return rij


def lees_boek(boek, bestuur):
    return lees(als_bytes(boek), Kader.voor(bestuur))


def upload(client, bestuur, data: bytes, naam: str = "blauwdruk.xlsx"):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return client.post(reverse("blauwdruk:uploaden", args=[bestuur.code]),
                       {"bestand": SimpleUploadedFile(naam, data), "naam": ""})


def leeg_boek() -> Workbook:
    """A workbook with the four data sheets and their headers only (for bad-file fixtures)."""
    boek = Workbook()
    boek.remove(boek.active)
    for blad in GEGEVENSBLADEN:
        boek.create_sheet(blad.titel).append([k.kop for k in blad.kolommen])
    return boek
