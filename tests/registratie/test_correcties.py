"""Corrections of the past (docs/adr/0008-correcties.md): boards are refused the past and pointed to DUO; DUO
corrects with a reason, within the period rules, audited as 'correctie'; "bekend op" shows the formal history.

'Today' is frozen at 2026-11-28 by the ``vandaag`` fixture; the objects start on 2021-08-01 (factories.BEGIN).
"""

from datetime import date

import pytest
from django.contrib.auth import get_user_model

from registratie.models import AuditRegel, JuridischeRelatie
from registratie.services import correctie
from registratie.services import organisatie as org
from registratie.services.vergrendeling import ZONDER_VERSIECONTROLE
from tests.helpers import factories
from tests.helpers.factories import BEGIN, weigert

REDEN = "Oprichtingsakte van 1 september 2021 (melding 2026-123)"


@pytest.fixture
def duo(db):
    return get_user_model().objects.create_superuser("duo", "duo@example.test", "geheim-wachtwoord")


@pytest.fixture
def aanbieder(bestuur, vandaag):
    return factories.aanbieder(bestuur)


def test_bestuur_wijzigt_het_verleden_niet_en_wordt_naar_de_correctie_van_duo_gewezen(aanbieder, beheerder):
    with weigert("ingangsdatum", "functioneel beheerder van DUO", "Vraag DUO om een correctie", "'Corrigeren'"):
        org.wijzig_aanbieder(aanbieder, door=beheerder, versie=ZONDER_VERSIECONTROLE, ingangsdatum=date(2025, 1, 1),
                             naam="Andere naam", internationale_naam="", groep=None)


def test_duo_corrigeert_een_begindatum_in_het_verleden_met_reden(aanbieder, duo):
    correctie.corrigeer_levensduur(aanbieder, door=duo, begindatum=date(2021, 9, 1), einddatum=None, reden=REDEN)

    aanbieder.refresh_from_db()
    assert aanbieder.begindatum == date(2021, 9, 1)
    # The first name period and the BRIN relation that began with the aanbieder move with it.
    assert aanbieder.perioden.get().begindatum == date(2021, 9, 1)
    assert JuridischeRelatie.objects.get(aanbieder=aanbieder).begindatum == date(2021, 9, 1)
    regel = AuditRegel.objects.filter(objectcode=aanbieder.code).first()
    assert regel.actie == AuditRegel.Actie.CORRECTIE
    assert regel.reden == REDEN
    assert regel.ingangsdatum == BEGIN  # the corrected fact holds from the earlier of the two dates
    assert regel.gebruikersnaam == "duo"
    assert ("begindatum", "2021-08-01", "2021-09-01") in regel.wijzigingen()


def test_correctie_zonder_reden_wordt_geweigerd(aanbieder, duo):
    with weigert("reden", "Vul de reden van de correctie in"):
        correctie.corrigeer_levensduur(aanbieder, door=duo, begindatum=date(2021, 9, 1), einddatum=None, reden="  ")


def test_begin_voor_het_bestuur_wordt_geweigerd(aanbieder, duo):
    with weigert("begindatum", "vóór het begin van onderwijsbestuur"):
        correctie.corrigeer_levensduur(aanbieder, door=duo, begindatum=date(2020, 1, 1), einddatum=None, reden=REDEN)


def test_begin_voorbij_de_eerste_periode_wordt_geweigerd(aanbieder, duo, vandaag):
    """The first period (until yesterday) would end before it begins: nothing is saved, not even half."""
    org.wijzig_aanbieder(aanbieder, door=duo, versie=ZONDER_VERSIECONTROLE, ingangsdatum=vandaag, naam="Nieuwe naam",
                         internationale_naam="", groep=None)
    with weigert("begindatum", "zou vóór zijn begin eindigen"):
        correctie.corrigeer_levensduur(aanbieder, door=duo, begindatum=date(2026, 12, 1), einddatum=None, reden=REDEN)
    aanbieder.refresh_from_db()
    assert aanbieder.begindatum == BEGIN


def test_duo_corrigeert_een_naam_in_een_verleden_periode(aanbieder, duo, vandaag):
    org.wijzig_aanbieder(aanbieder, door=duo, versie=ZONDER_VERSIECONTROLE, ingangsdatum=vandaag, naam="Nieuwe naam",
                         internationale_naam="", groep=None)
    oude = aanbieder.perioden.order_by("begindatum").first()

    correctie.corrigeer_periode(oude, door=duo, reden=REDEN, naam="De Regenboog (juiste spelling)")

    assert aanbieder.perioden.order_by("begindatum").first().naam == "De Regenboog (juiste spelling)"
    assert aanbieder.perioden.order_by("begindatum").last().naam == "Nieuwe naam"
    regel = AuditRegel.objects.filter(objectcode=aanbieder.code).first()
    assert (regel.actie, regel.reden) == (AuditRegel.Actie.CORRECTIE, REDEN)


def test_correctie_die_perioden_laat_overlappen_wordt_geweigerd(aanbieder, duo, vandaag):
    org.wijzig_aanbieder(aanbieder, door=duo, versie=ZONDER_VERSIECONTROLE, ingangsdatum=vandaag, naam="Nieuwe naam",
                         internationale_naam="", groep=None)
    tweede = aanbieder.perioden.order_by("begindatum").last()
    with weigert("begindatum", "zou de periode vanaf 01-08-2021 overlappen"):
        correctie.corrigeer_periode(tweede, door=duo, reden=REDEN, begindatum=date(2021, 8, 1))
    with weigert("begindatum", "zou de periode vanaf 01-08-2021 overlappen"):
        correctie.corrigeer_periode(tweede, door=duo, reden=REDEN, begindatum=date(2020, 1, 1))


def test_grens_tussen_perioden_verschuiven_houdt_ze_aaneengesloten(aanbieder, duo, vandaag):
    org.wijzig_aanbieder(aanbieder, door=duo, versie=ZONDER_VERSIECONTROLE, ingangsdatum=vandaag, naam="Nieuwe naam",
                         internationale_naam="", groep=None)
    tweede = aanbieder.perioden.order_by("begindatum").last()
    correctie.corrigeer_periode(tweede, door=duo, reden=REDEN, begindatum=date(2026, 8, 1))
    eerste, tweede = aanbieder.perioden.order_by("begindatum")
    assert (eerste.einddatum, tweede.begindatum) == (date(2026, 7, 31), date(2026, 8, 1))


def test_bekend_op_toont_voor_de_correctie_het_oude_en_erna_het_nieuwe(aanbieder, duo, time_machine):
    time_machine.move_to("2026-12-02 10:00:00+01:00", tick=False)
    correctie.corrigeer_levensduur(aanbieder, door=duo, begindatum=date(2021, 9, 1), einddatum=None, reden=REDEN)

    assert correctie.bekend_op(aanbieder, date(2026, 11, 27)) is None  # not yet registered then
    assert correctie.bekend_op(aanbieder, date(2026, 11, 28))["begindatum"] == "2021-08-01"
    assert correctie.bekend_op(aanbieder, date(2026, 12, 1))["perioden"][0]["begindatum"] == "2021-08-01"
    assert correctie.bekend_op(aanbieder, date(2026, 12, 2))["begindatum"] == "2021-09-01"
    assert correctie.bekend_op(aanbieder, date(2026, 12, 2))["perioden"][0]["begindatum"] == "2021-09-01"


def test_grens_later_leggen_botst_niet_met_de_uitsluitingsregel_van_postgres(aanbieder, duo, vandaag):
    """Moving the boundary later grows the previous period: it is written after this one shrank, so the periods
    never overlap in between (PostgreSQL's exclusion constraint would refuse that mid-way)."""
    org.wijzig_aanbieder(aanbieder, door=duo, versie=ZONDER_VERSIECONTROLE, ingangsdatum=vandaag, naam="Nieuwe naam",
                         internationale_naam="", groep=None)
    tweede = aanbieder.perioden.order_by("begindatum").last()
    correctie.corrigeer_periode(tweede, door=duo, reden=REDEN, begindatum=date(2026, 12, 1))
    eerste, tweede = aanbieder.perioden.order_by("begindatum")
    assert (eerste.einddatum, tweede.begindatum) == (date(2026, 11, 30), date(2026, 12, 1))


def test_begin_eerder_met_meerdere_perioden_en_einde_van_beeindigd_object(aanbieder, duo, bestuur, vandaag):
    """The first period grows backwards, the last one follows a corrected end; a later period stays as it was."""
    correctie.corrigeer_levensduur(bestuur, door=duo, begindatum=date(2020, 8, 1), einddatum=None, reden=REDEN)
    org.wijzig_aanbieder(aanbieder, door=duo, versie=ZONDER_VERSIECONTROLE, ingangsdatum=vandaag, naam="Nieuwe naam",
                         internationale_naam="", groep=None)
    org.beeindig_aanbieder(aanbieder, door=duo, versie=ZONDER_VERSIECONTROLE, einddatum=date(2027, 7, 31))
    aanbieder.refresh_from_db()
    correctie.corrigeer_levensduur(aanbieder, door=duo, begindatum=date(2020, 8, 1), einddatum=date(2027, 6, 30),
                                   reden=REDEN)
    eerste, tweede = aanbieder.perioden.order_by("begindatum")
    assert (eerste.begindatum, eerste.einddatum) == (date(2020, 8, 1), date(2026, 11, 27))
    assert (tweede.begindatum, tweede.einddatum) == (vandaag, date(2027, 6, 30))
    assert JuridischeRelatie.objects.get(aanbieder=aanbieder).einddatum == date(2027, 6, 30)
