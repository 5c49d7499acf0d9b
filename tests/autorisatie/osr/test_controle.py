"""Controle with OSR: one signal per school without an active RIO mandate, gone after adding one through the
add screen; the Mandaten sheet of the control file lists the board's mandates."""

import io
from datetime import date, datetime, timedelta
from urllib.parse import quote

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from autorisatie import osr
from autorisatie.rollen import GEBRUIKERSROLLEN, Rol
from controle import gegevens
from controle.services import controleer
from registratie.models import Instellingserkenning
from tests.helpers import factories

pytestmark = pytest.mark.django_db


def _osr_signalen(client, bestuur) -> list[str]:
    antwoord = client.get(reverse("controle:bestuur", args=[bestuur.code]))
    assert antwoord.status_code == 200
    return [s.object.code for s in antwoord.context["controle"].signalen if s.regel == "OSR_MANDAAT"]


def test_signaal_verdwijnt_na_toevoegen_via_het_scherm(client, bestuur, las, vandaag):
    persoon = factories.gebruiker_met_rollen("osr", bestuur, rollen=[*GEBRUIKERSROLLEN, Rol.OSR_TOEGANG])
    client.force_login(persoon)
    factories.mandaat(bestuur, "11AA", las)
    assert _osr_signalen(client, bestuur) == ["11AB"]
    pagina = client.get(reverse("controle:bestuur", args=[bestuur.code])).content.decode()
    herstel = (reverse("autorisatie:mandaten", args=[bestuur.code]) + "?volgende="
               + quote(reverse("controle:bestuur", args=[bestuur.code]), safe="") + "#school-11AB")
    assert f'href="{herstel}">Mandaten beheren</a>' in pagina
    antwoord = client.post(reverse("autorisatie:mandaat_nieuw", args=[bestuur.code]), {
        "instelling": Instellingserkenning.objects.get(code="11AB").pk, "dienst": "RIO", "systeem": las.pk,
        "begindatum": vandaag.isoformat()})
    assert antwoord.status_code == 302
    assert _osr_signalen(client, bestuur) == []


def test_herstelknop_zonder_osr_toegang_legt_uit_waarom(beheerder_client, bestuur, vandaag):
    pagina = beheerder_client.get(reverse("controle:bestuur", args=[bestuur.code])).content.decode()
    assert "Mandaten beheren: waarom kan ik dit niet?" in pagina
    assert f"?actie=beheren_mandaten&amp;bestuur={bestuur.code}" in pagina


def test_regel_en_osr_service_geven_dezelfde_scholen(drie_scholen, las, vandaag):
    factories.mandaat(drie_scholen, "33AA", las, einddatum=vandaag)  # its last day counts
    factories.mandaat(drie_scholen, "33AB", las, begindatum=vandaag + timedelta(days=1))  # starts tomorrow
    factories.mandaat(drie_scholen, "33AC", las, dienst="OSO")  # another dienst
    for peildatum in (vandaag, vandaag + timedelta(days=1)):
        controle = controleer(gegevens.laad_bestuur(gegevens.besturen_qs().get(pk=drie_scholen.pk), peildatum))
        regel = [s.object.code for s in controle.signalen if s.regel == "OSR_MANDAAT"]
        assert regel == [s.code for s in osr.scholen_zonder_rio_mandaat(drie_scholen, peildatum)], peildatum
    assert regel == ["33AA", "33AC"]


def test_mandaten_blad_in_het_controlebestand(beheerder_client, bestuur, las, ander_las, vandaag):
    factories.mandaat(bestuur, "11AA", las)
    factories.mandaat(bestuur, "11AA", ander_las, dienst="ROD_PO", begindatum=date(2027, 1, 1),
                      einddatum=date(2027, 7, 31))
    factories.mandaat(bestuur, "11AB", las, einddatum=vandaag - timedelta(days=1))
    antwoord = beheerder_client.get(reverse("controle:controlebestand_xlsx", args=[bestuur.code]))
    boek = load_workbook(io.BytesIO(b"".join(antwoord.streaming_content)))
    blad = boek["Mandaten"]
    rijen = list(blad.iter_rows(values_only=True))
    assert rijen[0] == ("Bestuurcode", "BRIN4", "Dienst", "Systeem", "Leverancier", "Vanaf", "Tot en met",
                        "Status op peildatum")
    assert rijen[1:] == [
        (bestuur.code, "11AA", "RIO", "Voorbeeld LAS", "Leverancier A B.V.", datetime(2021, 8, 1), None, "actief"),
        (bestuur.code, "11AA", "ROD PO", "Ander LAS", "Leverancier B B.V.", datetime(2027, 1, 1),
         datetime(2027, 7, 31), "toekomstig"),
        (bestuur.code, "11AB", "RIO", "Voorbeeld LAS", "Leverancier A B.V.", datetime(2021, 8, 1),
         datetime(2026, 11, 27), "beëindigd"),
    ]
    assert blad["F2"].number_format == "DD-MM-YYYY"
    signalen = [r for r in boek["Signalen"].iter_rows(values_only=True) if r[2] == "OSR_MANDAAT"]
    assert [(r[4], r[5]) for r in signalen] == [("School (BRIN4)", "11AB")]
