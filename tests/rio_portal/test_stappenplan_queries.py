"""The stappenplan dashboard reads each kind of data once for all boards it shows (registratie/stappenplan.py):
the home page costs as many queries for 10 boards as for 2, and a board's plan in a batch is the plan computed
for that board on its own, and agrees with the rules asked as queries per board (autorisatie.osr, the role
filters)."""

import re
from datetime import date, timedelta

import pytest
from django.contrib.auth import get_user_model
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from autorisatie import osr
from autorisatie.models import Organisatielid, Roltoewijzing, geldige_toewijzingen_q
from autorisatie.rollen import GEBRUIKERSROLLEN, Rol
from controle import gegevens as controle_gegevens
from controle import services as controle_services
from modelleertool.models import Blauwdruk
from registratie.models import Instellingserkenning, Onderwijsbestuur
from registratie.services import contact as contact_services
from registratie.services import organisatie as organisatie_services
from rio_portal.stappenplan import Status, stappenplan, stappenplannen
from tests.helpers import factories

# The plans as built from the register (test data is written without audit entries, which a cached plan would
# not see); the cache itself: tests/rio_portal/test_stappenplan_cache.py.
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("zonder_fragmentcache")]

K, B, O = Status.KLAAR, Status.BEZIG, Status.OPEN  # noqa: E741
# The statuses of steps 1-6 per situation of _bestuur (the situations differ in every step).
VERWACHT = {
    0: (O, O, O, O, O, O),  # empty: nothing done yet
    1: (K, K, K, K, K, K),  # complete (with a group), mandated, attested
    2: (B, O, O, O, O, O),  # concepts, expired and inactive school leaders, 7 roles, 1 of 2 mandates, errors
    3: (K, K, K, O, K, O),  # two applied blauwdrukken; roles only of an inactive account; changed after attesting
    4: (O, O, K, K, O, O),  # no school exists today; all roles, one of them on its last day
}


def _vul(bestuur, brin4: str, vandaag: date) -> None:
    """What every mandatory check needs: aanbieder, locatie (BRIN6), opleiding, Algemeen contact."""
    aanbieder = factories.aanbieder(bestuur, brin4=brin4)
    gebruik = factories.locatiegebruik(bestuur, brin6=f"{brin4}00")
    factories.bo_opleiding(aanbieder, locatie=gebruik.locatie)
    contact_services.registreer_contact(bestuur, door="test", context="ALGEMEEN", begindatum=vandaag,
                                        email="info@example.nl")


def _attesteer(bestuur, vandaag: date) -> None:
    controle = controle_services.controleer(controle_gegevens.laad_bestuur(bestuur, vandaag))
    controle_services.attesteer(controle, door="test", bevestigde_fouten=controle.aantal_fouten)


def _bestuur(i: int, systeem, vandaag: date) -> Onderwijsbestuur:
    """Board i in situation i % 5 (see VERWACHT)."""
    situatie = i % 5
    scholen = (f"{i:02d}QA", f"{i:02d}QB")
    bestuur = factories.bestuur_met_erkenningen(f"{40000 + i:05d}", brin4s=scholen)
    gisteren = vandaag - timedelta(days=1)
    if situatie == 0:
        # Roles without selectiekenmerk of one of its own people: loaded for controle, not step 4.
        persoon = factories.gebruiker_met_rollen(f"zonder_kenmerk{i}", None)
        Organisatielid.objects.create(gebruiker=persoon, bestuur=bestuur)
    elif situatie == 1:
        # Every kind of data, also what controle.gegevens skips when a batch has none (group periods), so the
        # two-board home page already runs every query.
        _vul(bestuur, scholen[0], vandaag)
        organisatie_services.registreer_groep(bestuur, door="test", naam="Zuid", internationale_naam="",
                                              begindatum=vandaag)
        for school in scholen:
            factories.mandaat(bestuur, school, systeem)
        Blauwdruk.objects.create(bestuur=bestuur, inhoud={}, status=Blauwdruk.Status.VERWORPEN)
        Blauwdruk.objects.create(bestuur=bestuur, inhoud={}, status=Blauwdruk.Status.TOEGEPAST,
                                 toegepast_op=timezone.now(), ingangsdatum=vandaag)
        factories.gebruiker_met_rollen(f"directeur{i}", bestuur, rollen=[Rol.BLAUWDRUK_INZIEN])
        factories.gebruiker_met_rollen(f"registreerder{i}", bestuur)
        _attesteer(bestuur, vandaag)
    elif situatie == 2:
        factories.aanbieder(bestuur, brin4=scholen[0])  # no locatie, no opleiding: errors
        factories.mandaat(bestuur, scholen[0], systeem)
        factories.mandaat(bestuur, scholen[1], systeem, einddatum=gisteren)
        for _ in range(2):
            Blauwdruk.objects.create(bestuur=bestuur, inhoud={})
        Blauwdruk.objects.create(bestuur=bestuur, inhoud={}, status=Blauwdruk.Status.VERWORPEN)
        factories.gebruiker_met_rollen(f"oud{i}", bestuur, rollen=[Rol.BLAUWDRUK_INZIEN], einddatum=gisteren)
        weg = factories.gebruiker_met_rollen(f"weg{i}", bestuur, rollen=[Rol.BLAUWDRUK_INZIEN])
        weg.is_active = False
        weg.save()
        factories.gebruiker_met_rollen(f"zeven{i}", bestuur, rollen=GEBRUIKERSROLLEN[:7])
        _attesteer(bestuur, vandaag)
    elif situatie == 3:
        _vul(bestuur, scholen[0], vandaag)
        for school in scholen:
            factories.mandaat(bestuur, school, systeem)
        for dagen in (2, 1):  # the newest applied one is named
            Blauwdruk.objects.create(bestuur=bestuur, inhoud={}, status=Blauwdruk.Status.TOEGEPAST,
                                     toegepast_op=timezone.now() - timedelta(days=dagen),
                                     ingangsdatum=vandaag - timedelta(days=dagen))
        twee_rijen = factories.gebruiker_met_rollen(f"dubbel{i}", bestuur, rollen=[Rol.BLAUWDRUK_INZIEN] * 2)
        assert twee_rijen.roltoewijzingen.count() == 2  # one person, counted once
        factories.gebruiker_met_rollen(f"adjunct{i}", bestuur, rollen=[Rol.BLAUWDRUK_INZIEN])
        weg = factories.gebruiker_met_rollen(f"vertrokken{i}", bestuur)
        weg.is_active = False
        weg.save()
        factories.gebruiker_met_rollen(f"later{i}", bestuur, begindatum=vandaag + timedelta(days=1))
        _attesteer(bestuur, vandaag)
        organisatie_services.registreer_groep(bestuur, door="test", naam="Noord", internationale_naam="",
                                              begindatum=vandaag)
    else:
        Instellingserkenning.objects.filter(code=scholen[0]).update(einddatum=gisteren)
        Instellingserkenning.objects.filter(code=scholen[1]).update(begindatum=vandaag + timedelta(days=1))
        factories.gebruiker_met_rollen(f"alle{i}", bestuur, einddatum=vandaag)  # einddatum inclusive
    return bestuur


# --- The rules asked per board as queries, as the stappenplan did before it read the batch -----------------

def _per_bestuur(bestuur: Onderwijsbestuur, peildatum: date) -> tuple[Status, ...]:
    """Steps 1-4 and 6 from queries on this one board; step 5 is controle's own (test_stappenplan.py)."""
    blauwdrukken = bestuur.blauwdrukken.exclude(status=Blauwdruk.Status.VERWORPEN)
    if blauwdrukken.filter(status=Blauwdruk.Status.TOEGEPAST).exists():
        stap_1 = K
    else:
        stap_1 = B if blauwdrukken.filter(status=Blauwdruk.Status.CONCEPT).exists() else O
    geldig = Roltoewijzing.objects.filter(geldige_toewijzingen_q(peildatum), bestuur=bestuur,
                                          gebruiker__is_active=True)
    stap_2 = K if geldig.filter(rol=Rol.BLAUWDRUK_INZIEN).exists() else O
    stap_3 = O if osr.scholen_zonder_rio_mandaat(bestuur, peildatum).exists() else K
    aanwezig = set(geldig.filter(rol__in=GEBRUIKERSROLLEN).values_list("rol", flat=True))
    stap_4 = K if aanwezig == set(GEBRUIKERSROLLEN) else O
    controle = controle_services.controleer(controle_gegevens.laad_bestuur(bestuur, peildatum))
    stap_6 = K if not controle.aantal_fouten and controle_services.attestatiestand(bestuur).geldig else O
    return stap_1, stap_2, stap_3, stap_4, stap_6


def test_in_een_batch_dezelfde_stappen_als_per_bestuur(vandaag):
    systeem, _ = factories.systeem_met_sleutel()
    besturen = [_bestuur(i, systeem, vandaag) for i in range(10)]
    plannen = stappenplannen(besturen)
    assert [p.bestuur for p in plannen] == besturen  # the order asked for
    # The whole plan (statuses, texts, details, links) equals the board computed on its own.
    assert plannen == [stappenplan(b) for b in besturen]
    for i, (bestuur, plan) in enumerate(zip(besturen, plannen, strict=True)):
        statussen = tuple(s.status for s in plan.stappen)
        assert statussen == VERWACHT[i % 5], (i, [(s.nummer, s.status, s.toelichting) for s in plan.stappen])
        assert statussen[:4] + statussen[5:] == _per_bestuur(bestuur, vandaag), i
        zonder = [f"BRIN {s.code}" for s in osr.scholen_zonder_rio_mandaat(bestuur, vandaag)]
        assert list(plan.stap(3).details) == zonder, i
    # The texts that say which data was read, per situation.
    assert "0 van de 2 scholen" in plannen[0].stap(3).toelichting
    assert plannen[0].stap(4).details == tuple(r.label for r in GEBRUIKERSROLLEN)
    assert plannen[1].stap(2).toelichting.startswith("1 persoon kan")
    assert "Er zijn 2 concept-blauwdrukken" in plannen[2].stap(1).toelichting
    assert "1 van de 2 scholen" in plannen[2].stap(3).toelichting and plannen[2].stap(3).details == ("BRIN 02QB",)
    assert "7 van de 8" in plannen[2].stap(4).toelichting
    nieuwste = besturen[3].blauwdrukken.order_by("-toegepast_op").first()
    assert f"Blauwdruk {nieuwste.pk} is toegepast" in plannen[3].stap(1).toelichting
    assert plannen[3].stap(2).toelichting.startswith("2 personen kunnen")
    assert "daarna gewijzigd" in plannen[3].stap(6).toelichting
    assert "geen scholen" in plannen[4].stap(3).toelichting
    assert plannen[5].stap(1).status == O and plannen[6].stap(6).status == K  # no leak between boards


def _home(client) -> tuple[int, str]:
    with CaptureQueriesContext(connection) as queries:
        antwoord = client.get(reverse("home"))
    assert antwoord.status_code == 200
    return len(queries.captured_queries), antwoord.content.decode()


def test_home_kost_evenveel_queries_voor_2_als_voor_10_besturen(client, vandaag, django_assert_max_num_queries):
    """A DUO superuser sees every board (anyone else sees only the board of their login, docs/adr/0007): one
    query per kind of data, not per board."""
    systeem, _ = factories.systeem_met_sleutel()
    persoon = get_user_model().objects.create_superuser("duo", "duo@example.test", "geheim-wachtwoord")

    def voeg_toe(nummers: range) -> None:
        for i in nummers:
            _bestuur(i, systeem, vandaag)

    voeg_toe(range(2))
    client.force_login(persoon)
    client.get(reverse("home"))  # first request of the session: the same for both counts
    twee, html = _home(client)
    assert html.count('<th scope="row">') == 2
    voeg_toe(range(2, 10))
    with django_assert_max_num_queries(twee):
        tien, html = _home(client)
    assert tien == twee, (twee, tien)
    rijen = re.findall(r'<tr><th scope="row">.*?</tr>', html, re.S)
    assert len(rijen) == 10
    # Each row shows the statuses of that board's own plan.
    for rij, plan in zip(rijen, stappenplannen(list(Onderwijsbestuur.objects.order_by("code"))), strict=True):
        assert plan.bestuur.code in rij
        cellen = [re.sub(r"<[^>]+>.*", "", c, flags=re.S) for c in re.findall(r"<td>(?:<a [^>]+>)?(.*?)</td>",
                                                                               rij, re.S)]
        assert cellen[:6] == [s.status.kort for s in plan.stappen], (plan.bestuur.code, cellen)
