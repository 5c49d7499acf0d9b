"""The stappenplan's item on onderwijsbegeleidingsaanbieders (rio-po.md §1.6, issue 18): step 5 has it exactly for the
boards that get the section on Mijn organisatie (so/vso of cluster 1 or 2, or one registered), says whether one is
registered and links to add one; other boards never see it, and it costs no query per board."""

import re
from datetime import date

import pytest
from django.contrib.auth import get_user_model
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from controle import gegevens as controle_gegevens
from controle import services as controle_services
from registratie.models import Instellingserkenning, Onderwijsbegeleidingsaanbieder, Onderwijsbestuur
from registratie.services import begeleiding as begeleiding_services
from registratie.services.vergrendeling import ZONDER_VERSIECONTROLE
from rio_portal.stappenplan import stap_vullen, stappenplan, stappenplannen
from tests.helpers import factories

# The plans as built from the register (test data is written without audit entries, which a cached plan would
# not see); the cache itself: tests/rio_portal/test_stappenplan_cache.py.
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("zonder_fragmentcache")]


def _so_school(bestuur, code: str, cluster: str = "2", soort: str = "SO") -> Instellingserkenning:
    return Instellingserkenning.objects.create(code=code, naam=f"SO-school {code}", soort=soort, cluster=cluster,
                                               bevoegd_gezag=bestuur.bevoegd_gezag, begindatum=factories.BEGIN)


def _begeleider(bestuur, school: Instellingserkenning, naam: str, vandaag: date) -> Onderwijsbegeleidingsaanbieder:
    return begeleiding_services.registreer_begeleidingsaanbieder(
        bestuur, door="test", naam=naam, begindatum=vandaag, instellingen=[school], expertises=["DOOFHEID"])


def _onderdelen(bestuur):
    return stappenplan(bestuur).stap(5).onderdelen


def _home(client) -> str:
    antwoord = client.get(reverse("home"))
    assert antwoord.status_code == 200
    return antwoord.content.decode()


def test_bestuur_zonder_so_van_cluster_1_of_2_ziet_geen_onderdeel(client, bestuur, beheerder, vandaag):
    """A board of basisscholen, one of so cluster 3, one of sbo: no item, and nothing on the home page."""
    assert _onderdelen(bestuur) == ()
    _so_school(bestuur, "11SO", cluster="3")
    _so_school(bestuur, "11SB", cluster="", soort="SBO")
    assert _onderdelen(bestuur) == ()
    client.force_login(beheerder)
    html = _home(client)
    assert 'id="stap-5"' in html and "onderdeel-begeleiding" not in html
    assert reverse("registratie:begeleidingsaanbieder_toevoegen", args=[bestuur.code]) not in html


def test_cluster_2_zonder_begeleider_zegt_nog_geen_en_linkt_naar_toevoegen(bestuur, vandaag):
    _so_school(bestuur, "11SO")
    plan = stappenplan(bestuur)
    (onderdeel,) = plan.stap(5).onderdelen
    assert onderdeel.sleutel == "begeleiding" and not onderdeel.klaar
    assert "Er is er nog geen." in onderdeel.toelichting and "cluster 1 of 2" in onderdeel.toelichting
    assert onderdeel.link == reverse("registratie:begeleidingsaanbieder_toevoegen", args=[bestuur.code])
    assert onderdeel.link_tekst == "Begeleidingsaanbieder toevoegen"
    # Optional: the item does not decide the step's status (that is controle's, as before).
    controle = controle_services.controleer(controle_gegevens.laad_bestuur(bestuur, vandaag))
    assert plan.stap(5).status == stap_vullen(controle).status


def test_geregistreerde_begeleiders_genoemd_met_code_en_naam(bestuur, vandaag):
    school = _so_school(bestuur, "11SO", cluster="1")
    eerste = _begeleider(bestuur, school, "Visio ambulant", vandaag)
    tweede = _begeleider(bestuur, school, "Bartiméus begeleiding", vandaag)
    (onderdeel,) = _onderdelen(bestuur)
    assert onderdeel.klaar and onderdeel.toelichting == "2 onderwijsbegeleidingsaanbieders geregistreerd:"
    assert onderdeel.details == (f"{eerste.code} Visio ambulant", f"{tweede.code} Bartiméus begeleiding")
    assert onderdeel.link == reverse("registratie:organisatie", args=[bestuur.code]) + "#begeleiding-kop"
    assert onderdeel.ook == ((reverse("registratie:begeleidingsaanbieder_toevoegen", args=[bestuur.code]),
                              "Begeleidingsaanbieder toevoegen"),)


def test_begeleider_van_een_ander_bestuur_telt_niet(bestuur, ander_bestuur, vandaag):
    _so_school(bestuur, "11SO")
    vreemd = _begeleider(ander_bestuur, _so_school(ander_bestuur, "22SO"), "Vreemde begeleiding", vandaag)
    (onderdeel,) = _onderdelen(bestuur)
    assert not onderdeel.klaar and vreemd.code not in str(onderdeel)
    (bij_ander,) = _onderdelen(ander_bestuur)
    assert bij_ander.details == (f"{vreemd.code} Vreemde begeleiding",)


def test_beeindigde_begeleider_telt_na_zijn_einde_niet(bestuur, vandaag):
    begeleider = _begeleider(bestuur, _so_school(bestuur, "11SO"), "Tijdelijk", vandaag)
    begeleiding_services.beeindig_begeleidingsaanbieder(begeleider, door="test", versie=ZONDER_VERSIECONTROLE,
                                                        einddatum=date(2027, 7, 31))
    assert stappenplan(bestuur, date(2027, 7, 31)).stap(5).onderdelen[0].klaar
    na = stappenplan(bestuur, date(2027, 8, 1)).stap(5).onderdelen
    assert len(na) == 1 and not na[0].klaar and begeleider.code not in str(na[0])
    # And once DUO ended the so-school too, the board is no longer one that registers them: no item after the end.
    Instellingserkenning.objects.filter(code="11SO").update(einddatum=date(2027, 7, 31))
    assert stappenplan(bestuur, date(2027, 8, 1)).stap(5).onderdelen == ()
    assert stappenplan(bestuur, date(2027, 7, 31)).stap(5).onderdelen[0].klaar


def test_zonder_recht_geen_toevoegknop(client, bestuur, lezer, vandaag):
    """Someone who may not manage aanbieders (here only RIO RPL context instellingen) is sent to Mijn organisatie."""
    _so_school(bestuur, "11SO")
    client.force_login(lezer)
    html = _home(client)
    onderdeel = re.search(r'<li id="onderdeel-begeleiding".*?</li>', html, re.S).group(0)
    assert reverse("registratie:begeleidingsaanbieder_toevoegen", args=[bestuur.code]) not in html
    assert f'href="{reverse("registratie:organisatie", args=[bestuur.code])}#begeleiding-kop"' in onderdeel


def test_home_toont_het_onderdeel_in_stap_5(client, bestuur, beheerder, vandaag):
    _so_school(bestuur, "11SO")
    client.force_login(beheerder)
    stap_5 = re.search(r'<li id="stap-5".*?</ol>', _home(client), re.S).group(0)
    onderdeel = re.search(r'<li id="onderdeel-begeleiding".*?</li>', stap_5, re.S).group(0)
    assert "<h4" in onderdeel and "Status: </span>niet verplicht" in onderdeel
    toevoegen = reverse("registratie:begeleidingsaanbieder_toevoegen", args=[bestuur.code])
    assert f'href="{toevoegen}">Begeleidingsaanbieder toevoegen' in onderdeel
    _begeleider(bestuur, Instellingserkenning.objects.get(code="11SO"), "Auris ambulant", vandaag)
    stap_5 = re.search(r'<li id="stap-5".*?</ol>', _home(client), re.S).group(0)
    assert "Status: </span>Klaar" in stap_5 and "Auris ambulant" in stap_5


def test_vast_aantal_queries_met_begeleiders(client, vandaag):
    """The home page of DUO with 2 or 6 so/vso boards of cluster 2, each with begeleiders, costs the same; and a
    board's item in the batch is the item of that board on its own."""
    persoon = get_user_model().objects.create_superuser("duo", "duo@example.test", "geheim-wachtwoord")

    def voeg_toe(nummers: range) -> None:
        for i in nummers:
            bestuur = factories.bestuur_met_erkenningen(f"{41000 + i:05d}", brin4s=(f"{i:02d}QA",))
            if i % 2 == 0:
                school = _so_school(bestuur, f"{i:02d}SO")
                for n in range(i // 2 + 1):
                    _begeleider(bestuur, school, f"Begeleiding {i}-{n}", vandaag)

    voeg_toe(range(2))
    client.force_login(persoon)
    _home(client)  # the first request of the session: the same for both counts

    def tel() -> int:
        with CaptureQueriesContext(connection) as queries:
            _home(client)
        return len(queries.captured_queries)

    twee = tel()
    voeg_toe(range(2, 6))
    assert tel() == twee
    besturen = list(Onderwijsbestuur.objects.order_by("code"))
    plannen = stappenplannen(besturen)
    assert [p.stap(5).onderdelen for p in plannen] == [stappenplan(b).stap(5).onderdelen for b in besturen]
    assert [len(p.stap(5).onderdelen[0].details) if p.stap(5).onderdelen else None for p in plannen] == [
        1, None, 2, None, 3, None]
