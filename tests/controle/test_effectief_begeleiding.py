"""Effective contact details of onderwijsbegeleidingsaanbieders (999T999, rio-po.md §1.6, issue 18): the check screen's
"Welke contactgegevens gelden" and the control file's sheet "Effectieve contacten" list them after the aanbieders, by
the one chain of the contact service (registratie.services.contact.contactketen: own context, the board's, then
Algemeen, then the Handelsregister). Written as the board's people and as someone trying to see what is not theirs."""

import io
import re
from datetime import date

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from autorisatie.rollen import Rol
from controle import gegevens, services
from registratie.domein.enumeraties import CONTEXT_PER_CODE
from registratie.models import BegeleidingPeriode, Instellingserkenning, Onderwijsbegeleidingsaanbieder
from registratie.services import begeleiding as begeleiding_services
from registratie.services import contact as contact_services
from registratie.services.vergrendeling import ZONDER_VERSIECONTROLE
from tests.controle.test_bestand import csv_bladen, xlsx_bladen
from tests.helpers import factories

pytestmark = pytest.mark.django_db

GEEN = contact_services.GEEN_CONTACT


def _so_school(bestuur, code: str, cluster: str = "2") -> Instellingserkenning:
    return Instellingserkenning.objects.create(code=code, naam=f"SO-school {code}", soort="SO", cluster=cluster,
                                               bevoegd_gezag=bestuur.bevoegd_gezag, begindatum=factories.BEGIN)


def _begeleider(bestuur, school: Instellingserkenning, naam: str, vandaag: date) -> Onderwijsbegeleidingsaanbieder:
    return begeleiding_services.registreer_begeleidingsaanbieder(
        bestuur, door="test", naam=naam, begindatum=vandaag, instellingen=[school], expertises=["DOOFHEID"])


@pytest.fixture
def begeleider(bestuur, vandaag) -> Onderwijsbegeleidingsaanbieder:
    """Board 10001 with a so-school of cluster 2 (11SO) and a begeleidingsaanbieder under it: its own Leerplicht,
    the board's Algemeen and Toezicht."""
    obj = _begeleider(bestuur, _so_school(bestuur, "11SO"), "Ambulante dienst Auris", vandaag)
    registreer = contact_services.registreer_contact
    registreer(obj, door="test", context="LEERPLICHT", begindatum=vandaag, email="lp@auris.example")
    registreer(bestuur, door="test", context="ALGEMEEN", begindatum=vandaag, email="info@stichting.example")
    registreer(bestuur, door="test", context="TOEZICHT", begindatum=vandaag, email="toezicht@stichting.example")
    return obj


def _pagina(client, bestuur, query: str = "") -> str:
    antwoord = client.get(reverse("controle:bestuur", args=[bestuur.code]) + query)
    assert antwoord.status_code == 200
    return antwoord.content.decode()


def _tabel(pagina: str) -> str | None:
    gevonden = re.search(r'<table class="table table-sm effectief-begeleiding">.*?</table>', pagina, re.S)
    return gevonden.group(0) if gevonden else None


def _bestand(client, bestuur, query: str = "") -> dict[str, list[tuple]]:
    antwoord = client.get(reverse("controle:controlebestand_xlsx", args=[bestuur.code]) + query)
    assert antwoord.status_code == 200
    return xlsx_bladen(b"".join(antwoord.streaming_content))


def _rijen_van(bladen: dict[str, list[tuple]], code: str) -> list[tuple]:
    return [r for r in bladen["Effectieve contacten"][1:] if r[1] == code]


# --- The rule: one chain, on loaded data and from the database alike ----------------------------------------------

def test_keten_van_een_begeleider_is_hijzelf_en_het_bestuur(bestuur, begeleider):
    assert contact_services.contactketen(begeleider) == [begeleider, bestuur]


def test_zelfde_uitkomst_als_de_domeinservice(bestuur, begeleider, vandaag):
    """The screen's lookup on loaded data gives what the service gives from the database, per context and date (a
    later own Algemeen, an ended board Toezicht)."""
    contact_services.registreer_contact(begeleider, door="test", context="ALGEMEEN", begindatum=date(2027, 1, 1),
                                        email="later@auris.example")
    toezicht = bestuur.contactgegevens.get(context="TOEZICHT")
    contact_services.beeindig_contact(toezicht, door="test", versie=ZONDER_VERSIECONTROLE, einddatum=date(2027, 3, 31))
    for peildatum in (vandaag, date(2027, 1, 1), date(2027, 4, 1), date(2020, 1, 1)):
        g = gegevens.laad_bestuur(gegevens.besturen_qs().get(pk=bestuur.pk), peildatum)
        geladen = next(b for b in g.begeleiders if b.pk == begeleider.pk)
        verwacht_alle = contact_services.effectieve_contacten(begeleider, peildatum, CONTEXT_PER_CODE)
        for context, verwacht in zip(CONTEXT_PER_CODE, verwacht_alle, strict=True):
            assert contact_services.effectief_contact(begeleider, context, peildatum) == verwacht
            gekregen = services.effectief_contact(g, geladen, context)
            assert (gekregen.herkomst, getattr(gekregen.contact, "pk", None)) == (
                verwacht.herkomst, getattr(verwacht.contact, "pk", None)), (peildatum, context)


def test_rijen_met_eigen_en_geerfd(bestuur, begeleider, vandaag, django_assert_num_queries):
    g = gegevens.laad_bestuur(gegevens.besturen_qs().get(pk=bestuur.pk), vandaag)
    with django_assert_num_queries(0):
        rijen = {r.context.code: r for r in services.effectieve_begeleidingscontacten(g)}
    assert list(rijen) == list(CONTEXT_PER_CODE)
    assert all(isinstance(r.aanbieder, Onderwijsbegeleidingsaanbieder) and r.aanbieder.pk == begeleider.pk
               for r in rijen.values())
    assert rijen["LEERPLICHT"].effectief.herkomst == f"onderwijsbegeleidingsaanbieder {begeleider.code} (Leerplicht)"
    assert not rijen["LEERPLICHT"].is_geerfd
    assert rijen["TOEZICHT"].effectief.herkomst == f"onderwijsbestuur {bestuur.code} (Toezicht)"
    assert rijen["SCHOOLALERT"].effectief.herkomst == f"onderwijsbestuur {bestuur.code} (Algemeen)"
    assert rijen["TOEZICHT"].is_geerfd and rijen["SCHOOLALERT"].is_geerfd
    # The aanbieders' rows are untouched by it (the board has none here).
    assert list(services.effectieve_contacten(g)) == []


# --- The screen ------------------------------------------------------------------------------------------------------

def test_scherm_toont_de_begeleider_met_herkomst(beheerder_client, bestuur, begeleider):
    pagina = _pagina(beheerder_client, bestuur)
    tabel = _tabel(pagina)
    assert tabel is not None and pagina.index('id="effectief-kop"') < pagina.index('id="effectief-begeleiding-kop"')
    assert f'href="{begeleider.get_absolute_url()}" class="code">{begeleider.code}</a>' in tabel
    assert "Ambulante dienst Auris" in tabel and 'scope="col">Begeleidingsaanbieder' in tabel
    assert tabel.count('<th scope="row"') == len(CONTEXT_PER_CODE)
    assert "lp@auris.example" in tabel and "toezicht@stichting.example" in tabel
    assert f"onderwijsbegeleidingsaanbieder {begeleider.code} (Leerplicht)" in tabel
    assert tabel.count(f"onderwijsbestuur {bestuur.code} (Algemeen)") == 6  # all but Leerplicht and Toezicht
    assert "geërfd" in tabel
    # Not in the aanbieders' table (the board has no aanbieder: its message stays).
    assert "Geen onderwijsaanbieders op de peildatum." in pagina


def test_zonder_iets_geregistreerd_het_handelsregister(beheerder_client, bestuur, vandaag):
    """No contact on the begeleider nor on the board: the chain's last level, said honestly in every row."""
    obj = _begeleider(bestuur, _so_school(bestuur, "11SO"), "Zonder contact", vandaag)
    tabel = _tabel(_pagina(beheerder_client, bestuur))
    assert tabel is not None and obj.code in tabel
    assert tabel.count(GEEN) == len(CONTEXT_PER_CODE)


def test_bestuur_zonder_begeleider_heeft_geen_tabel(beheerder_client, bestuur, vandaag):
    factories.aanbieder(bestuur, brin4="11AA")
    pagina = _pagina(beheerder_client, bestuur)
    assert _tabel(pagina) is None and "effectief-begeleiding-kop" not in pagina
    assert re.search(r'<table class="table table-sm effectief">', pagina)  # the aanbieders' table as before
    assert all(r[-1] == "onderwijsaanbieder" for r in _bestand(beheerder_client, bestuur)["Effectieve contacten"][1:])


def test_begeleider_van_een_ander_bestuur_verschijnt_nergens(beheerder_client, bestuur, ander_bestuur, begeleider,
                                                             vandaag):
    """Board 20002's begeleider (with contact details) is not in board 10001's table or file; and 10001's people
    cannot open 20002's controle at all."""
    vreemd = _begeleider(ander_bestuur, _so_school(ander_bestuur, "22SO"), "Vreemde begeleiding", vandaag)
    contact_services.registreer_contact(vreemd, door="test", context="ALGEMEEN", begindatum=vandaag,
                                        email="geheim@vreemd.example")
    pagina = _pagina(beheerder_client, bestuur)
    for tekst in (vreemd.code, "Vreemde begeleiding", "geheim@vreemd.example"):
        assert tekst not in pagina, tekst
    bladen = _bestand(beheerder_client, bestuur)
    assert _rijen_van(bladen, vreemd.code) == [] and "geheim@vreemd.example" not in str(bladen)
    assert {r[1] for r in bladen["Effectieve contacten"][1:]} == {begeleider.code}
    assert beheerder_client.get(reverse("controle:bestuur", args=[ander_bestuur.code])).status_code in (403, 404)


def test_beeindigde_begeleider_niet_na_zijn_einde(beheerder_client, bestuur, begeleider):
    begeleiding_services.beeindig_begeleidingsaanbieder(begeleider, door="test", versie=ZONDER_VERSIECONTROLE,
                                                        einddatum=date(2027, 7, 31))
    laatste_dag = _pagina(beheerder_client, bestuur, "?peildatum=2027-07-31")
    assert begeleider.code in (_tabel(laatste_dag) or "")
    na = _pagina(beheerder_client, bestuur, "?peildatum=2027-08-01")
    assert _tabel(na) is None and begeleider.code not in na.split('id="effectief"')[1]
    assert _rijen_van(_bestand(beheerder_client, bestuur, "?peildatum=2027-08-01"), begeleider.code) == []
    assert len(_rijen_van(_bestand(beheerder_client, bestuur, "?peildatum=2027-07-31"), begeleider.code)) == 8


def test_besloten_contexten_alleen_voor_wie_ze_mag_lezen(client, bestuur, begeleider):
    """Someone of the board without RIO RPL context instellingen or RIO beheren contactadres (docs/adr/0012) sees the
    begeleider's open contexts only, on the screen and in the file."""
    client.force_login(factories.gebruiker_met_rollen("opleidingen", bestuur,
                                                      rollen=[Rol.BEHEREN_AANGEBODEN_OPLEIDING]))
    tabel = _tabel(_pagina(client, bestuur))
    assert tabel is not None and "lp@auris.example" not in tabel and "Leerplicht" not in tabel
    assert tabel.count('<th scope="row"') == 3  # Algemeen, Aanmelden, Facturatie
    rijen = _rijen_van(_bestand(client, bestuur), begeleider.code)
    assert [r[3] for r in rijen] == ["Algemeen", "Aanmelden", "Facturatie"]


# --- The control file ----------------------------------------------------------------------------------------------

def test_bestand_rijen_na_de_aanbieders_met_soort(beheerder_client, bestuur, begeleider):
    aanbieder = factories.aanbieder(bestuur, brin4="11AA")
    bladen = _bestand(beheerder_client, bestuur)
    blad = bladen["Effectieve contacten"]
    assert blad[0][-1] == "Soort aanbieder" and len(blad[0]) == 13
    assert [r[1] for r in blad[1:]] == [aanbieder.code] * 8 + [begeleider.code] * 8
    rijen = {r[3]: r for r in _rijen_van(bladen, begeleider.code)}
    assert rijen["Leerplicht"][2] == "Ambulante dienst Auris" and rijen["Leerplicht"][6] == "lp@auris.example"
    assert rijen["Leerplicht"][11] == f"onderwijsbegeleidingsaanbieder {begeleider.code} (Leerplicht)"
    assert rijen["Toezicht"][11] == f"onderwijsbestuur {bestuur.code} (Toezicht)"
    assert {r[12] for r in rijen.values()} == {"onderwijsbegeleidingsaanbieder"}
    # The sheet Begeleidingsaanbieders says where Algemeen comes from by the same chain.
    assert {r[1]: r[9] for r in bladen["Begeleidingsaanbieders"][1:]} == {
        begeleider.code: f"onderwijsbestuur {bestuur.code}"}


def test_bestand_naam_met_formule_blijft_tekst(beheerder_client, bestuur, begeleider):
    formule = '=HYPERLINK("http://kwaad.example";"klik")'
    BegeleidingPeriode.objects.filter(begeleidingsaanbieder=begeleider).update(naam=formule)
    antwoord = beheerder_client.get(reverse("controle:controlebestand_xlsx", args=[bestuur.code]))
    inhoud = b"".join(antwoord.streaming_content)
    rijen = _rijen_van(xlsx_bladen(inhoud), begeleider.code)
    assert len(rijen) == 8 and {r[2] for r in rijen} == {"'" + formule}
    boek = load_workbook(io.BytesIO(inhoud))
    assert all(c.data_type != "f" for rij in boek["Effectieve contacten"].iter_rows() for c in rij)
    zip_antwoord = beheerder_client.get(reverse("controle:controlebestand_zip", args=[bestuur.code]))
    csv_rijen = [r for r in csv_bladen(b"".join(zip_antwoord.streaming_content))["effectieve-contacten.csv"][1:]
                 if r[1] == begeleider.code]
    assert len(csv_rijen) == 8 and {r[2] for r in csv_rijen} == {"'" + formule}
    assert all(len(r) == 13 for r in csv_rijen)  # the semicolon in the name did not split a cell
