"""The stappenplan dashboard (registratie/stappenplan.py, home page): statuses follow the board's data."""

import re
from datetime import timedelta

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from autorisatie.rollen import GEBRUIKERSROLLEN, Rol
from controle import gegevens as controle_gegevens
from controle import services as controle_services
from kern import tijd
from modelleertool.models import Blauwdruk
from registratie.services import contact as contact_services
from registratie.services import organisatie as organisatie_services
from rio_portal.stappenplan import Status, stappenplan
from tests.helpers import factories

# The plans as built from the register (test data is written without audit entries, which a cached plan would
# not see); the cache itself: tests/rio_portal/test_stappenplan_cache.py.
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("zonder_fragmentcache")]


@pytest.fixture
def compleet(bestuur, vandaag):
    """A board whose registration passes every mandatory check: aanbieder, locatie (BRIN6), opleiding, Algemeen."""
    aanbieder = factories.aanbieder(bestuur, brin4="11AA")
    gebruik = factories.locatiegebruik(bestuur, brin6="11AA00")
    factories.bo_opleiding(aanbieder, locatie=gebruik.locatie)
    contact_services.registreer_contact(bestuur, door="test", context="ALGEMEEN", begindatum=vandaag,
                                        email="info@example.nl")
    return bestuur


@pytest.fixture
def schoon(compleet, vandaag):
    """The complete board with an RIO mandate for both its schools: the controle has no errors at all."""
    systeem, _ = factories.systeem_met_sleutel()
    for brin4 in ("11AA", "11AB"):
        factories.mandaat(compleet, brin4, systeem)
    assert controle_services.controleer(controle_gegevens.laad_bestuur(compleet, vandaag)).aantal_fouten == 0
    return compleet


def _attesteer(bestuur, door):
    """What the 'Gegevens gecontroleerd' button does (controle.views.gecontroleerd)."""
    controle = controle_services.controleer(controle_gegevens.laad_bestuur(bestuur, tijd.vandaag()))
    return controle_services.attesteer(controle, door=door, bevestigde_fouten=controle.aantal_fouten)


# --- Steps 1 and 2 ---------------------------------------------------------------------------------------------

def test_stap_1_volgt_de_blauwdrukken_van_het_bestuur(bestuur, ander_bestuur, vandaag):
    """Open without a blauwdruk, bezig with a concept, klaar once one is applied; a discarded one and another
    board's do not count."""
    stap = stappenplan(bestuur).stap(1)
    assert stap.status == Status.OPEN and "nog geen blauwdruk" in stap.toelichting
    assert stap.link == reverse("blauwdruk:lijst", args=[bestuur.code])
    Blauwdruk.objects.create(bestuur=bestuur, inhoud={}, status=Blauwdruk.Status.VERWORPEN)
    Blauwdruk.objects.create(bestuur=ander_bestuur, inhoud={}, status=Blauwdruk.Status.TOEGEPAST,
                             ingangsdatum=vandaag)
    assert stappenplan(bestuur).stap(1).status == Status.OPEN
    Blauwdruk.objects.create(bestuur=bestuur, inhoud={})
    stap = stappenplan(bestuur).stap(1)
    assert stap.status == Status.BEZIG and "1 concept-blauwdruk" in stap.toelichting
    assert stappenplan(bestuur).volgende.nummer == 1  # a step begun is still the next one to finish
    toegepast = Blauwdruk.objects.create(bestuur=bestuur, inhoud={}, status=Blauwdruk.Status.TOEGEPAST,
                                         ingangsdatum=vandaag)
    stap = stappenplan(bestuur).stap(1)
    assert stap.status == Status.KLAAR
    assert f"Blauwdruk {toegepast.pk} is toegepast" in stap.toelichting and "28-11-2026" in stap.toelichting
    assert stap.link == reverse("blauwdruk:lijst", args=[bestuur.code])


def test_stap_2_klaar_als_een_schoolleider_de_blauwdruk_mag_inzien(bestuur, ander_bestuur, vandaag):
    stap = stappenplan(bestuur).stap(2)
    assert stap.status == Status.OPEN
    assert stap.link == reverse("autorisatie:rollen", args=[bestuur.code])
    assert (reverse("registratie:afdrukken", args=[bestuur.code]), "Afdrukbare blauwdruk") in stap.ook
    # Not counted: an expired or future role, another board's school leader, an inactive account, a RIO role.
    factories.gebruiker_met_rollen("oud", bestuur, rollen=[Rol.BLAUWDRUK_INZIEN],
                                   einddatum=vandaag - timedelta(days=1))
    factories.gebruiker_met_rollen("later", bestuur, rollen=[Rol.BLAUWDRUK_INZIEN],
                                   begindatum=vandaag + timedelta(days=1))
    factories.gebruiker_met_rollen("elders", ander_bestuur, rollen=[Rol.BLAUWDRUK_INZIEN])
    weg = factories.gebruiker_met_rollen("weg", bestuur, rollen=[Rol.BLAUWDRUK_INZIEN])
    weg.is_active = False
    weg.save()
    factories.gebruiker_met_rollen("registreerder", bestuur)
    assert stappenplan(bestuur).stap(2).status == Status.OPEN
    factories.gebruiker_met_rollen("directeur", bestuur, rollen=[Rol.BLAUWDRUK_INZIEN], einddatum=vandaag)
    stap = stappenplan(bestuur).stap(2)
    assert stap.status == Status.KLAAR and "1 persoon kan" in stap.toelichting


def test_geen_stap_is_meer_niet_beschikbaar(bestuur, vandaag):
    plan = stappenplan(bestuur)
    assert [s.nummer for s in plan.stappen] == [1, 2, 3, 4, 5, 6]
    assert plan.aantal_beschikbaar == 6
    assert all(s.link for s in plan.stappen)


# --- Step 3: OSR mandate ---------------------------------------------------------------------------------------

def test_stap_3_mandaat_per_school(bestuur, vandaag):
    systeem, _ = factories.systeem_met_sleutel()
    stap = stappenplan(bestuur).stap(3)
    assert stap.status == Status.OPEN
    assert "0 van de 2 scholen" in stap.toelichting
    assert stap.details == ("BRIN 11AA", "BRIN 11AB")
    factories.mandaat(bestuur, "11AA", systeem)
    stap = stappenplan(bestuur).stap(3)
    assert stap.status == Status.OPEN and "1 van de 2" in stap.toelichting and stap.details == ("BRIN 11AB",)
    factories.mandaat(bestuur, "11AB", systeem, einddatum=vandaag)  # einddatum inclusive: valid today
    stap = stappenplan(bestuur).stap(3)
    assert stap.status == Status.KLAAR and "Alle 2 scholen" in stap.toelichting


def test_stap_3_verlopen_mandaat_telt_niet(bestuur, vandaag):
    systeem, _ = factories.systeem_met_sleutel()
    factories.mandaat(bestuur, "11AA", systeem)
    factories.mandaat(bestuur, "11AB", systeem, einddatum=vandaag - timedelta(days=1))
    assert stappenplan(bestuur).stap(3).details == ("BRIN 11AB",)


def test_stap_3_linkt_naar_mandaten(bestuur, vandaag):
    assert stappenplan(bestuur).stap(3).link == reverse("autorisatie:mandaten", args=[bestuur.code])


# --- Step 4: roles -----------------------------------------------------------------------------------------------

def test_stap_4_klaar_als_de_ontbrekende_rol_erbij_komt(bestuur, vandaag):
    zeven = [r for r in GEBRUIKERSROLLEN if r != Rol.BEHEREN_AANGEBODEN_OPLEIDING]
    persoon = factories.gebruiker_met_rollen("zeven", bestuur, rollen=zeven)
    stap = stappenplan(bestuur).stap(4)
    assert stap.status == Status.OPEN
    assert stap.details == (Rol.BEHEREN_AANGEBODEN_OPLEIDING.label,)
    assert "7 van de 8" in stap.toelichting
    assert stap.link == reverse("autorisatie:rollen", args=[bestuur.code])
    persoon.roltoewijzingen.create(rol=Rol.BEHEREN_AANGEBODEN_OPLEIDING, bestuur=bestuur, begindatum=vandaag,
                                   bron="test")
    assert stappenplan(bestuur).stap(4).status == Status.KLAAR


def test_stap_4_telt_alleen_rollen_die_vandaag_gelden(bestuur, ander_bestuur, vandaag):
    factories.gebruiker_met_rollen("verlopen", bestuur, einddatum=vandaag - timedelta(days=1))
    factories.gebruiker_met_rollen("later", bestuur, begindatum=vandaag + timedelta(days=1))
    factories.gebruiker_met_rollen("elders", ander_bestuur)
    factories.gebruiker_met_rollen("zonder_kenmerk", None)
    assert len(stappenplan(bestuur).stap(4).details) == 8
    factories.gebruiker_met_rollen("laatste_dag", bestuur, einddatum=vandaag)  # einddatum inclusive
    assert stappenplan(bestuur).stap(4).status == Status.KLAAR


def test_stap_4_inactief_account_telt_niet(bestuur, vandaag):
    persoon = factories.gebruiker_met_rollen("vertrokken", bestuur)
    persoon.is_active = False
    persoon.save()
    assert stappenplan(bestuur).stap(4).status == Status.OPEN


# --- Steps 5 and 6: controle -------------------------------------------------------------------------------------

def test_stap_5_leeg_bestuur_is_nog_te_doen(bestuur, vandaag):
    stap = stappenplan(bestuur).stap(5)
    assert stap.status == Status.OPEN and "nog geen onderwijsaanbieder" in stap.toelichting
    assert stap.link == reverse("registratie:organisatie", args=[bestuur.code])


def test_stap_5_volgt_de_verplichte_controles(bestuur, vandaag):
    aanbieder = factories.aanbieder(bestuur, brin4="11AA")
    stap = stappenplan(bestuur).stap(5)
    assert stap.status == Status.OPEN
    assert any("aangeboden opleiding" in d for d in stap.details)
    assert any("onderwijslocatie" in d for d in stap.details)
    assert any("Algemeen" in d for d in stap.details)
    assert stap.link == reverse("controle:bestuur", args=[bestuur.code])
    gebruik = factories.locatiegebruik(bestuur, brin6="11AA00")
    factories.bo_opleiding(aanbieder, locatie=gebruik.locatie)
    contact_services.registreer_contact(bestuur, door="test", context="ALGEMEEN", begindatum=vandaag,
                                        email="info@example.nl")
    assert stappenplan(bestuur).stap(5).status == Status.KLAAR


def test_stap_5_negeert_waarschuwingen_en_osr(compleet, vandaag):
    """11AB (BRIN4 and BRIN6) is not used: only warnings; no mandates at all: that is step 3, not step 5."""
    controle = controle_services.controleer(controle_gegevens.laad_bestuur(compleet, vandaag))
    assert controle.aantal_waarschuwingen > 0
    osr = next(u for u in controle.uitkomsten if u.regel.code == "OSR_MANDAAT")
    assert not osr.geslaagd  # no mandates (or, before issue 4, a rule that cannot be checked)
    plan = stappenplan(compleet)
    assert plan.stap(5).status == Status.KLAAR
    assert plan.stap(3).status == Status.OPEN


def test_stap_6_klaar_na_attesteren_en_weer_open_na_wijziging(schoon, beheerder, vandaag):
    compleet = schoon
    stap = stappenplan(compleet).stap(6)
    assert stap.status == Status.OPEN and "nog niemand" in stap.toelichting
    assert stap.link == reverse("controle:bestuur", args=[compleet.code])
    _attesteer(compleet, beheerder)
    stap = stappenplan(compleet).stap(6)
    assert stap.status == Status.KLAAR and "beheerder" in stap.toelichting
    organisatie_services.registreer_groep(compleet, door=beheerder, naam="Noord", internationale_naam="",
                                          begindatum=vandaag)
    stap = stappenplan(compleet).stap(6)
    assert stap.status == Status.OPEN and "daarna gewijzigd" in stap.toelichting


def test_stap_6_niet_klaar_met_fouten_ook_na_attesteren(bestuur, beheerder, vandaag):
    factories.aanbieder(bestuur)  # no opleiding, no locatie: errors
    _attesteer(bestuur, beheerder)
    stap = stappenplan(bestuur).stap(6)
    assert stap.status == Status.OPEN and "fout" in stap.toelichting


# --- The home page -------------------------------------------------------------------------------------------------

def test_home_toont_het_stappenplan_van_het_ene_bestuur(client, schoon, beheerder, vandaag):
    compleet = schoon
    client.force_login(beheerder)
    antwoord = client.get(reverse("home"))
    assert antwoord.status_code == 200
    html = antwoord.content.decode()
    assert '<ol class="stappenplan' in html
    stap_2 = re.search(r'<li id="stap-2".*?</li>', html, re.S).group(0)
    assert "Status: </span>Nog te doen" in stap_2  # in words, not colour only
    assert reverse("registratie:afdrukken", args=[compleet.code]) in stap_2
    assert "Status: </span>Klaar" in html and "Status: </span>Nog te doen" in html
    # He holds the eight gebruikersrollen but is no Beheerder PO: no link to the roles screen (a 403 for him), but
    # why he cannot do step 3 (OSR-toegang) himself.
    assert reverse("autorisatie:rollen", args=[compleet.code]) not in html
    assert f"{reverse('autorisatie:waarom')}?actie=beheren_mandaten&amp;bestuur={compleet.code}" in html
    assert reverse("controle:bestuur", args=[compleet.code]) in html
    _attesteer(compleet, beheerder)
    html = client.get(reverse("home")).content.decode()
    assert 'id="stap-6" class="stap stap-klaar' in html


def test_home_toont_een_tabel_bij_meer_besturen(client, bestuur, ander_bestuur, vandaag):
    # Only DUO sees several boards at once: a person's roles count for the board of their login (docs/adr/0007).
    persoon = get_user_model().objects.create_superuser("twee", "twee@example.test", "geheim-wachtwoord")
    client.force_login(persoon)
    antwoord = client.get(reverse("home"))
    assert antwoord.status_code == 200
    html = antwoord.content.decode()
    assert "stappenplan-tabel" in html
    assert bestuur.code in html and ander_bestuur.code in html
    assert html.count('<th scope="row">') == 2


def test_home_zonder_rol_legt_uit_waarom(client, vandaag):
    persoon = factories.gebruiker_met_rollen("niemand", None, rollen=[])
    client.force_login(persoon)
    antwoord = client.get(reverse("home"))
    assert antwoord.status_code == 200
    assert reverse("autorisatie:waarom") in antwoord.content.decode()


def test_home_anoniem_blijft_de_welkomstpagina(client, bestuur):
    antwoord = client.get(reverse("home"))
    assert antwoord.status_code == 200 and "Registreer uw organisatie in RIO" in antwoord.content.decode()


def test_home_ziet_geen_ander_bestuur(client, bestuur, ander_bestuur, beheerder, vandaag):
    client.force_login(beheerder)
    assert ander_bestuur.code not in client.get(reverse("home")).content.decode()
