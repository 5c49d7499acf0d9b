"""The blauwdruk template as an openpyxl workbook: fill it, read it, upload it; and the registration as a
comparable snapshot."""

import io
from datetime import date

from django.urls import reverse
from openpyxl import Workbook, load_workbook

from modelleertool.inhoud import GEGEVENSBLADEN, uit_registratie
from modelleertool.lezer import Kader, lees
from modelleertool.models import Blauwdruk
from modelleertool.sjabloon import schrijf_sjabloon
from registratie.models import Instellingserkenning, Opleiding, Vestigingserkenning
from registratie.services import locatie as locatie_services
from registratie.services import opleiding as opleiding_services
from registratie.services import organisatie as organisatie_services
from registratie.services.vergrendeling import ZONDER_VERSIECONTROLE
from tests.helpers.vingerafdruk import uit_pagina


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


def snapshot(bestuur, peildatum: date) -> dict:
    """The registration as a blauwdruk, with generated codes replaced by what identifies an object for a person."""
    inhoud = uit_registratie(bestuur, peildatum)
    naam_van = {a.code: a.naam for a in inhoud.aanbieders}
    adres_van = {loc.code: f"{loc.postcode} {loc.huisnummer}{loc.toevoeging}" for loc in inhoud.locaties}
    for a in inhoud.aanbieders:
        a.code = ""
    for loc in inhoud.locaties:
        loc.code = adres_van[loc.code]
    for o in inhoud.opleidingen:
        o.code, o.aanbieder, o.locatie = "", naam_van[o.aanbieder], adres_van.get(o.locatie, o.locatie)
    for c in inhoud.contacten:
        c.nummer, c.eenheid = None, naam_van.get(c.eenheid, c.eenheid)
    data = inhoud.naar_json()
    for rijen in data.values():
        for rij in rijen:
            rij.pop("rij")
        rijen.sort(key=repr)
    return data


class TerugDraaien(Exception):
    pass


def wijzig_met_de_hand(bestuur, door, vandaag, kenmerken: dict[str, list[str]]):
    """What a person enters on the register screens (the same services): rename the school, a new school De Linde
    on BRIN4 11AB, its locatie on BRIN6 11AB00 and an opleiding there. Returns De Linde."""
    regenboog = bestuur.aanbieders.get()
    organisatie_services.wijzig_aanbieder(regenboog, door=door, versie=ZONDER_VERSIECONTROLE, ingangsdatum=vandaag,
                                          naam="De Regenboog Noord", internationale_naam="", groep=None)
    linde = organisatie_services.registreer_aanbieder(bestuur, door=door, naam="De Linde", begindatum=vandaag,
                                                      instellingen=[Instellingserkenning.objects.get(code="11AB")])
    vestiging = Vestigingserkenning.objects.get(code="11AB00")
    gebruik = locatie_services.registreer_locatiegebruik(bestuur, door=door, postcode=vestiging.postcode,
                                                         huisnummer=vestiging.huisnummer, begindatum=vandaag,
                                                         vestiging=vestiging)
    opleiding_services.registreer_aangeboden_opleiding(
        linde, door=door, opleiding=Opleiding.objects.get(naam="Basisonderwijs"), locatie=gebruik.locatie,
        begindatum=vandaag, eigen_naam="Linde Montessori", kenmerken=kenmerken)
    return linde


def hernoem_in_blauwdruk(client, bestuur) -> tuple[Blauwdruk, str]:
    """Upload a blauwdruk that renames the aanbieder, open its preview; returns it and the reviewed fingerprint."""
    boek = sjabloon(bestuur)
    zet(boek["Aanbieders"], 2, "Naam", "Uit de blauwdruk")
    antwoord = upload(client, bestuur, als_bytes(boek))
    assert antwoord.status_code == 302, antwoord.content.decode()[:3000]
    voorbeeld = client.get(antwoord["Location"]).content.decode()
    assert "1 gewijzigd" in voorbeeld
    return Blauwdruk.objects.get(bestuur=bestuur), uit_pagina(voorbeeld)


def naam_op(aanbieder, vandaag) -> str:
    """The aanbieder's name on that day, as stored now."""
    aanbieder.refresh_from_db()
    return aanbieder.periode_op(vandaag).naam
