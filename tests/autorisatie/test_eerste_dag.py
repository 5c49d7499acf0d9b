"""Issue 16, sections 1 and 2: a Beheerder PO on his first day gives himself the roles in one confirmed step;
step 4 follows what the person looking may do; 'Waarom' tells a Beheerder PO what he can do himself and names a
role that starts later; ending a role asks first (and warns), a planned role is withdrawn; 'Toegekend door'
shows a name; files show Dutch time; one form for a known colleague or an e-mail address."""

import io
import re
from datetime import UTC, datetime, timedelta

import openpyxl
import pytest
from django.test import Client
from django.urls import reverse

from autorisatie import services, toegang
from autorisatie.models import Aankondiging, Roltoewijzing
from autorisatie.rollen import BEHEERDERSROLLEN, GEBRUIKERSROLLEN, STARTROLLEN, Rol
from autorisatie.toegang import Actie
from registratie.models import AuditRegel
from rio_portal.stappenplan import Status, stappenplan
from tests.helpers import factories

pytestmark = pytest.mark.django_db


def _url(bestuur, naam="autorisatie:rollen", *args):
    return reverse(naam, args=[bestuur.code, *args])


def _mezelf(bestuur):
    return _url(bestuur, "autorisatie:mezelf_toekennen")


def _eigen_rollen(persoon, bestuur) -> set[str]:
    return set(toegang.toewijzingen(persoon).filter(bestuur=bestuur).values_list("rol", flat=True))


def _tekst(antwoord) -> str:
    return re.sub(r"\s+", " ", antwoord.content.decode())


# --- 1. The first login: "Ken uzelf de rollen toe" ----------------------------------------------------------

def test_eerste_inlog_stappenplan_biedt_ken_uzelf_de_rollen_toe_en_een_bevestigde_stap_geeft_ze(po_client, po,
                                                                                                bestuur, vandaag):
    assert _eigen_rollen(po, bestuur) == {r.value for r in BEHEERDERSROLLEN}  # what the login claim gives
    thuis = _tekst(po_client.get("/"))
    assert "Eerst dit:" in thuis and "U heeft zelf nog niet de rollen voor stap 1 (Modelleer), 3 (Mandaat) en 5" \
        in thuis
    assert f'href="{_mezelf(bestuur)}">Ken uzelf de rollen toe' in thuis

    bevestig = po_client.get(_mezelf(bestuur))  # the confirmation page changes nothing
    assert bevestig.status_code == 200
    pagina = _tekst(bevestig)
    assert "OSR-toegang" in pagina and all(r.label in pagina for r in GEBRUIKERSROLLEN)
    assert "Ja, ken mij deze 9 rollen toe" in pagina
    assert _eigen_rollen(po, bestuur) == {r.value for r in BEHEERDERSROLLEN}

    antwoord = po_client.post(_mezelf(bestuur))
    assert antwoord.status_code == 302 and antwoord["Location"] == "/"
    assert _eigen_rollen(po, bestuur) == {r.value for r in (*BEHEERDERSROLLEN, *STARTROLLEN)}
    nieuw = Roltoewijzing.objects.filter(gebruiker=po, rol__in=STARTROLLEN)
    assert {(t.bestuur_id, t.begindatum, t.einddatum, t.toegekend_door_id) for t in nieuw} == {
        (bestuur.pk, vandaag, None, po.pk)}
    assert AuditRegel.objects.filter(objecttype="roltoewijzing", actie="aangemaakt", bestuurcode=bestuur.code,
                                     gebruikersnaam="po").count() == len(STARTROLLEN)
    for actie in (Actie.BEHEREN_MANDATEN, Actie.BEHEREN_AANBIEDER, Actie.BEHEREN_BESTUUR, Actie.BEHEREN_CONTACT):
        assert toegang.mag(po, actie, bestuur)
    assert stappenplan(bestuur, persoon=po).stap(4).status == Status.KLAAR
    assert "Eerst dit:" not in _tekst(po_client.get("/"))

    nog_eens = po_client.post(_mezelf(bestuur))  # a replayed form gives nothing twice
    assert nog_eens.status_code == 200 and "U heeft alle rollen die u uzelf hier kunt geven al" in _tekst(nog_eens)
    assert Roltoewijzing.objects.filter(gebruiker=po, rol__in=STARTROLLEN).count() == len(STARTROLLEN)


def test_ken_uzelf_toe_voor_het_bestuur_van_een_ander_is_niet_te_vinden(po_client, po, ander_bestuur, vandaag):
    factories.beheerder_po("po-b", ander_bestuur)
    for antwoord in (po_client.get(_mezelf(ander_bestuur)), po_client.post(_mezelf(ander_bestuur))):
        assert antwoord.status_code == 404
    assert not Roltoewijzing.objects.filter(bestuur=ander_bestuur, gebruiker=po).exists()


def test_ken_uzelf_toe_door_wie_geen_beheerder_po_is_wordt_geweigerd(client, beheerder, lezer, bestuur, vandaag):
    """Holding the eight gebruikersrollen is not being Beheerder PO: a forged POST gives not even OSR-toegang."""
    for persoon in (beheerder, lezer):
        client.force_login(persoon)
        voor = _eigen_rollen(persoon, bestuur)
        antwoord = client.post(_mezelf(bestuur), {"rol": [Rol.OSR_TOEGANG.value, Rol.BEHEERDER_ALGEMEEN.value]})
        assert antwoord.status_code == 403
        assert _eigen_rollen(persoon, bestuur) == voor


def test_ken_uzelf_toe_zonder_csrf_of_zonder_inlog_geeft_niets(po, bestuur, vandaag):
    aanvaller = Client(enforce_csrf_checks=True)
    aanvaller.force_login(po)
    assert aanvaller.post(_mezelf(bestuur)).status_code == 403  # a cross-site form has no token
    anoniem = Client().post(_mezelf(bestuur))
    assert anoniem.status_code == 302 and "/inloggen/" in anoniem["Location"]
    assert _eigen_rollen(po, bestuur) == {r.value for r in BEHEERDERSROLLEN}


def test_gevraagde_rol_die_hij_niet_mag_geven_wordt_niet_toegekend(po_client, po, bestuur, vandaag):
    """Only roles the beheerdersrollen allow (P3): a forged ?rol= for a beheerdersrol or a raadpleegrol is ignored."""
    antwoord = po_client.post(_mezelf(bestuur), {"rol": [Rol.RAADPLEGEN_TOEZICHT.value, "BESTAAT_NIET"]})
    assert antwoord.status_code == 200
    assert _eigen_rollen(po, bestuur) == {r.value for r in BEHEERDERSROLLEN}


# --- 2. Step 4 speaks to the person looking ------------------------------------------------------------------

def test_stap_4_is_pas_klaar_als_wie_kijkt_stap_1_3_en_5_kan_doen(client, po, beheerder, lezer, bestuur, vandaag):
    # All eight gebruikersrollen are held (by `beheerder`): for the board as such, step 4 is done ...
    assert stappenplan(bestuur).stap(4).status == Status.KLAAR
    # ... but not for the Beheerder PO who holds none himself: he is offered to give them to himself, first.
    plan = stappenplan(bestuur, persoon=po)
    assert plan.stap(4).status == Status.OPEN and plan.volgende == plan.stap(4)
    assert plan.stap(4).link == _mezelf(bestuur) and "OSR-toegang" in plan.stap(4).details
    # The holder of the eight lacks OSR-toegang for step 3: he is told whom to ask, and why.
    stap = stappenplan(bestuur, persoon=beheerder).stap(4)
    assert stap.status == Status.OPEN and stap.details == ("OSR-toegang",)
    assert "stap 3 (Mandaat) niet zelf doen. Vraag de Beheerder PO" in stap.toelichting
    assert stap.link == f"{reverse('autorisatie:waarom')}?actie=beheren_mandaten&bestuur={bestuur.code}"
    client.force_login(lezer)
    assert "U kunt stap 1 (Modelleer), 3 (Mandaat) en 5 (Vul het portaal) niet zelf doen" in _tekst(client.get("/"))
    services.ken_rollen_toe(bestuur, door=po, gebruiker=beheerder, rollen=[Rol.OSR_TOEGANG], begindatum=vandaag,
                            controleer_beheerder=False)
    assert stappenplan(bestuur, persoon=beheerder).stap(4).status == Status.KLAAR


def test_waarom_zegt_een_beheerder_po_wat_hij_zelf_kan(po_client, po, client, lezer, bestuur, vandaag):
    waarom = f"{reverse('autorisatie:waarom')}?actie=beheren_aanbieder&bestuur={bestuur.code}"
    pagina = _tekst(po_client.get(waarom))
    zelf = f"{_mezelf(bestuur)}?rol=RIO_BEHEREN_ONDERWIJSAANBIEDER"
    assert f'<a href="{zelf}">Ken uzelf de rol RIO beheren onderwijsaanbieder toe</a>' in pagina
    assert "Vraag de Beheerder PO" not in pagina
    # The link's confirmation grants exactly that one role.
    assert "Ja, ken mij deze rol toe" in _tekst(po_client.get(zelf))
    po_client.post(_mezelf(bestuur), {"rol": "RIO_BEHEREN_ONDERWIJSAANBIEDER"})
    assert _eigen_rollen(po, bestuur) == {
        *(r.value for r in BEHEERDERSROLLEN), Rol.BEHEREN_ONDERWIJSAANBIEDER.value}
    # Someone who is not Beheerder PO is sent to the Beheerder PO.
    client.force_login(lezer)
    pagina = _tekst(client.get(waarom))
    assert "Vraag de Beheerder PO van uw bestuur" in pagina and "Ken uzelf" not in pagina


# --- 3. 'Waarom' never contradicts itself --------------------------------------------------------------------

def test_waarom_noemt_een_rol_die_later_ingaat_met_de_datum(client, po, bestuur, vandaag):
    jan = factories.collega("jan", bestuur)
    services.ken_rollen_toe(bestuur, door=po, gebruiker=jan, rollen=[Rol.BEHEREN_ONDERWIJSAANBIEDER,
                                                                     Rol.BEHEREN_CONTACTADRES],
                            begindatum=vandaag + timedelta(days=10), controleer_beheerder=False)
    services.ken_rollen_toe(bestuur, door=po, gebruiker=jan, rollen=[Rol.RPL_CONTEXT_INSTELLINGEN],
                            begindatum=vandaag, controleer_beheerder=False)
    client.force_login(jan)
    pagina = _tekst(client.get(f"{reverse('autorisatie:waarom')}?actie=beheren_aanbieder&bestuur={bestuur.code}"))
    assert ("U heeft de rol <strong>RIO beheren onderwijsaanbieder</strong> voor bestuur <strong>10001</strong>, "
            "maar die gaat pas in op <strong>08-12-2026</strong>") in pagina.replace(bestuur.code, "10001")
    assert "heeft u de rol" not in pagina  # not "you need the role" while he holds it, from a later date
    assert "RIO beheren contactadres (" in pagina and "gaat pas in op 08-12-2026" in pagina
    assert "verlopen op" not in pagina


# --- 4. Ending a role asks first --------------------------------------------------------------------------

def test_beeindigen_vraagt_eerst_en_waarschuwt_bij_uw_eigen_en_de_laatste_rol(po_client, po, bestuur, vandaag):
    [eigen] = services.ken_mezelf_toe(bestuur, door=po, rollen=[Rol.BEHEREN_CONTACTADRES])
    bevestig = po_client.get(_url(bestuur, "autorisatie:rol_beeindigen", eigen.pk))
    assert bevestig.status_code == 200
    pagina = _tekst(bevestig)
    assert "Rol beëindigen?" in pagina and "Let op: dit is uw eigen rol." in pagina
    assert "Let op: niemand anders heeft deze rol voor bestuur" in pagina
    eigen.refresh_from_db()
    assert eigen.einddatum is None  # asking changed nothing

    jan = factories.collega("jan", bestuur)
    [van_jan] = services.ken_rollen_toe(bestuur, door=po, gebruiker=jan, rollen=[Rol.BEHEREN_CONTACTADRES],
                                        begindatum=vandaag)
    pagina = _tekst(po_client.get(_url(bestuur, "autorisatie:rol_beeindigen", van_jan.pk)))
    assert "Rol beëindigen?" in pagina and "Let op" not in pagina  # not his own, and po still has it

    overzicht = _tekst(po_client.get(_url(bestuur)))
    assert f'href="{_url(bestuur, "autorisatie:rol_beeindigen", van_jan.pk)}"' in overzicht  # a link, not a form
    assert po_client.post(_url(bestuur, "autorisatie:rol_beeindigen", van_jan.pk)).status_code == 302
    van_jan.refresh_from_db()
    assert van_jan.einddatum == vandaag - timedelta(days=1)


# --- 5. A planned role is withdrawn; 'Toegekend door' by name ------------------------------------------------

def test_geplande_rol_wordt_ingetrokken_en_geaudit(po_client, po, bestuur, vandaag):
    jan = factories.collega("jan", bestuur)
    [gepland] = services.ken_rollen_toe(bestuur, door=po, gebruiker=jan, rollen=[Rol.BEHEREN_CONTACTADRES],
                                        begindatum=vandaag + timedelta(days=30))
    overzicht = _tekst(po_client.get(_url(bestuur)))
    assert "gepland" in overzicht and "Intrekken…" in overzicht
    pagina = _tekst(po_client.get(_url(bestuur, "autorisatie:rol_beeindigen", gepland.pk)))
    assert "Geplande rol intrekken?" in pagina and "Ja, trek de geplande rol in" in pagina
    antwoord = po_client.post(_url(bestuur, "autorisatie:rol_beeindigen", gepland.pk), follow=True)
    assert "De geplande rol RIO beheren contactadres van" in _tekst(antwoord)
    assert not Roltoewijzing.objects.filter(pk=gepland.pk).exists()
    regel = AuditRegel.objects.get(objecttype="roltoewijzing", actie="verwijderd")
    assert regel.bestuurcode == bestuur.code and regel.gebruikersnaam == "po" and "ingetrokken" in regel.omschrijving


def test_een_rol_die_al_loopt_wordt_niet_ingetrokken_maar_beeindigd(po, bestuur, vandaag):
    jan = factories.collega("jan", bestuur)
    [loopt] = services.ken_rollen_toe(bestuur, door=po, gebruiker=jan, rollen=[Rol.BEHEREN_CONTACTADRES],
                                      begindatum=vandaag)
    with factories.weigert("__all__", "al ingegaan op 28-11-2026; beëindig haar"):
        services.trek_in(loopt, door=po)


def test_toegekend_door_toont_een_naam_of_de_inlogdienst_nooit_een_gebruikersnaam(po_client, po, bestuur, vandaag):
    po.first_name, po.last_name = "Petra", "Beheer"
    po.save()
    Roltoewijzing.objects.filter(gebruiker=po).update(bron="claim")  # as the login gives them
    jan = factories.collega("jan", bestuur)
    services.ken_rollen_toe(bestuur, door=po, gebruiker=jan, rollen=[Rol.BEHEREN_CONTACTADRES], begindatum=vandaag)
    pagina = _tekst(po_client.get(_url(bestuur)))
    assert "<td>Petra Beheer</td>" in pagina and "<td>inlogdienst (claim)</td>" in pagina
    assert "<td>po</td>" not in pagina
    blad = openpyxl.load_workbook(io.BytesIO(po_client.get(_url(bestuur, "autorisatie:rollen_xlsx")).content))["Rollen"]
    door = {rij[0].value: rij[7].value for rij in blad.iter_rows(min_row=2)}
    assert door == {"jan": "Petra Beheer", "po": "inlogdienst (claim)"}


# --- 6. Dutch time in files ----------------------------------------------------------------------------------

@pytest.mark.parametrize(("utc", "amsterdam"), [
    (datetime(2026, 1, 15, 23, 30, tzinfo=UTC), datetime(2026, 1, 16, 0, 30)),  # winter: UTC+1, the next day
    (datetime(2026, 7, 15, 12, 0, tzinfo=UTC), datetime(2026, 7, 15, 14, 0)),  # summer: UTC+2
])
def test_laatste_inlog_in_het_rollenoverzicht_is_nederlandse_tijd(po_client, bestuur, vandaag, utc, amsterdam):
    jan = factories.collega("jan", bestuur)
    jan.last_login = utc
    jan.save()
    Roltoewijzing.objects.create(gebruiker=jan, rol=Rol.BEHEREN_CONTACTADRES, bestuur=bestuur, begindatum=vandaag)
    blad = openpyxl.load_workbook(io.BytesIO(po_client.get(_url(bestuur, "autorisatie:rollen_xlsx")).content))["Rollen"]
    kop = [c.value for c in blad[1]]
    rij = next(r for r in blad.iter_rows(min_row=2, values_only=True) if r[0] == "jan")
    assert rij[kop.index("Laatste inlog")] == amsterdam
    assert amsterdam.strftime("%d-%m-%Y %H:%M") in _tekst(po_client.get(_url(bestuur)))  # and the screen agrees


# --- 7. One form: a known colleague or an e-mail address -----------------------------------------------------

def _geef(po_client, bestuur, vandaag, **velden):
    return po_client.post(_url(bestuur), {"rol": Rol.BEHEREN_CONTACTADRES.value,
                                          "begindatum": vandaag.isoformat(), **velden})


def test_collega_die_nooit_inlogde_kiest_u_met_een_e_mailadres_in_hetzelfde_formulier(po_client, bestuur, vandaag):
    pagina = _tekst(po_client.get(_url(bestuur)))
    assert pagina.count('<form method="post">') == 1 and 'name="gebruiker"' in pagina and 'name="email"' in pagina
    assert _geef(po_client, bestuur, vandaag, email="Piet@School.nl").status_code == 302
    aankondiging = Aankondiging.objects.get(bestuur=bestuur)
    assert aankondiging.email == "piet@school.nl" and aankondiging.rollen == [Rol.BEHEREN_CONTACTADRES.value]
    assert "piet@school.nl (1 rol," in _tekst(po_client.get(_url(bestuur)))


def test_e_mailadres_van_een_bekende_collega_geeft_de_rol_meteen(po_client, bestuur, vandaag):
    jan = factories.collega("jan", bestuur)
    jan.email = "jan@school.nl"
    jan.save()
    assert _geef(po_client, bestuur, vandaag, email="JAN@school.nl").status_code == 302
    assert toegang.mag(jan, Actie.BEHEREN_CONTACT, bestuur) and not Aankondiging.objects.exists()


@pytest.mark.parametrize(("velden", "melding"), [
    ({}, "Kies een collega, of vul het e-mailadres in"),
    ({"email": "piet@school.nl", "gebruiker": "JAN"}, "Kies een collega óf vul een e-mailadres in, niet allebei."),
    ({"email": "piet@school.nl", "begindatum": "2026-12-01"}, "Laat &#x27;Geldig vanaf&#x27; op vandaag staan"),
])
def test_onvolledig_of_dubbel_gekozen_wordt_uitgelegd(po_client, bestuur, vandaag, velden, melding):
    jan = factories.collega("jan", bestuur)
    if velden.get("gebruiker") == "JAN":
        velden["gebruiker"] = jan.pk
    antwoord = _geef(po_client, bestuur, vandaag, **velden)
    assert antwoord.status_code == 200 and melding in _tekst(antwoord)
    assert not Aankondiging.objects.exists() and not Roltoewijzing.objects.filter(gebruiker=jan).exists()


def test_geen_toegang_pagina_biedt_een_beheerder_po_de_rol_zelf_aan(po_client, client, lezer, bestuur, vandaag):
    pad = reverse("registratie:aanbieder_toevoegen", args=[bestuur.code])
    pagina = _tekst(po_client.get(pad))
    zelf = f"{_mezelf(bestuur)}?rol=RIO_BEHEREN_ONDERWIJSAANBIEDER"
    assert f'<a href="{zelf}">Ken uzelf de rol RIO beheren onderwijsaanbieder toe</a>' in pagina
    assert "Vraag de Beheerder PO" not in pagina
    client.force_login(lezer)
    antwoord = client.get(pad)
    assert antwoord.status_code == 403 and "Vraag de Beheerder PO van uw bestuur om deze rol." in _tekst(antwoord)


@pytest.mark.parametrize(("utc", "tekst"), [
    (datetime(2026, 1, 15, 23, 30, tzinfo=UTC), "16-01-2026 00:30"),  # winter
    (datetime(2026, 7, 15, 12, 0, tzinfo=UTC), "15-07-2026 14:00"),  # summer
])
def test_elk_bestand_schrijft_een_moment_in_nederlandse_tijd(utc, tekst):
    """kern.export is the one writer of xlsx and CSV cells: the control files and the access review alike."""
    from kern.export import csv_waarde, veilige_waarde

    assert csv_waarde(utc) == tekst
    assert veilige_waarde(utc) == datetime.strptime(tekst, "%d-%m-%Y %H:%M")


def test_controlebestand_noemt_wie_de_rol_toekende_bij_naam(po_client, po, bestuur, vandaag):
    po.first_name, po.last_name = "Petra", "Beheer"
    po.save()
    Roltoewijzing.objects.filter(gebruiker=po).update(bron="claim")
    jan = factories.collega("jan", bestuur)
    services.ken_rollen_toe(bestuur, door=po, gebruiker=jan, rollen=[Rol.BEHEREN_CONTACTADRES], begindatum=vandaag)
    antwoord = po_client.get(reverse("controle:controlebestand_xlsx", args=[bestuur.code]))
    boek = openpyxl.load_workbook(io.BytesIO(b"".join(antwoord.streaming_content)), read_only=True)
    rijen = list(boek["Rollen"].iter_rows(values_only=True))
    kolom = rijen[0].index("Toegekend door")
    assert {(r[1], r[kolom]) for r in rijen[1:]} == {("jan", "Petra Beheer"), ("po", "inlogdienst (claim)")}


def test_wie_alleen_een_geplande_rol_heeft_hoort_wanneer_die_ingaat_niet_dat_hij_niets_heeft(client, po, bestuur,
                                                                                            vandaag):
    jan = factories.collega("jan", bestuur)
    services.ken_rollen_toe(bestuur, door=po, gebruiker=jan, rollen=[Rol.BEHEREN_CONTACTADRES],
                            begindatum=vandaag + timedelta(days=3), controleer_beheerder=False)
    client.force_login(jan)
    pagina = _tekst(client.get(reverse("autorisatie:waarom")))
    assert "Hieronder staat waarom uw rollen vandaag niet gelden." in pagina
    assert "RIO beheren contactadres (" in pagina and "gaat pas in op 01-12-2026" in pagina
    assert "Vraag de Beheerder PO" not in pagina


def test_waarom_zonder_bestuurcode_gaat_over_het_eigen_bestuur(po_client, bestuur, vandaag):
    pagina = _tekst(po_client.get(f"{reverse('autorisatie:waarom')}?actie=beheren_mandaten"))
    assert f'<a href="{_mezelf(bestuur)}?rol=OSR_TOEGANG">Ken uzelf de rol OSR-toegang toe</a>' in pagina


def test_stap_2_wijst_alleen_wie_rollen_mag_geven_naar_het_rollenscherm(po, lezer, bestuur, vandaag):
    rollen = _url(bestuur)
    assert stappenplan(bestuur, persoon=po).stap(2).link == rollen
    stap = stappenplan(bestuur, persoon=lezer).stap(2)
    assert stap.link is None and "De Beheerder PO van uw bestuur geeft de schoolleiders die rol" in stap.toelichting
    assert stap.ook == ((reverse("registratie:afdrukken", args=[bestuur.code]), "Afdrukbare blauwdruk"),)
