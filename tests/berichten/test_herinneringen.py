"""The daily reminders (manage.py verstuur_herinneringen): a mandate ending within 30 days and data that need
checking go once to each Beheerder PO of that board, never to another board's people, never twice."""

from datetime import date, timedelta
from io import StringIO

import pytest
from django.core import mail
from django.core.management import call_command

from autorisatie import osr
from autorisatie.models import Organisatielid
from berichten.herinneringen import verstuur_herinneringen
from berichten.models import Berichtvoorkeur, Soort, VerstuurdeHerinnering
from controle import gegevens
from controle import services as controle_services
from tests.helpers import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def systeem(db):
    return factories.systeem_met_sleutel()[0]


@pytest.fixture
def tweede_po(bestuur):
    return factories.beheerder_po("po2", bestuur)


@pytest.fixture
def po_b(ander_bestuur):
    return factories.beheerder_po("po_b", ander_bestuur)


def aan(bericht) -> set[str]:
    return set(bericht.to)


def mandaatmails():
    return [m for m in mail.outbox if "OSR-manda" in m.subject or "OSR mandate" in m.subject]


def attestatiemails():
    return [m for m in mail.outbox if "controle" in m.subject or "check" in m.subject]


def test_mandaat_30_dagen_voor_einde_eenmaal_naar_elke_beheerder_po_van_dat_bestuur(
        bestuur, ander_bestuur, po, tweede_po, po_b, beheerder, systeem, vandaag):
    eindigt = factories.mandaat(bestuur, "11AA", systeem, einddatum=vandaag + timedelta(days=30))
    factories.mandaat(bestuur, "11AB", systeem, einddatum=vandaag + timedelta(days=31))  # not yet
    factories.mandaat(ander_bestuur, "22BB", systeem, einddatum=vandaag + timedelta(days=90))
    verstuur_herinneringen()
    mails = mandaatmails()
    assert sorted(m.to[0] for m in mails) == ["po2@example.test", "po@example.test"], \
        "alleen de Beheerders PO van dit bestuur; niet de collega met gebruikersrollen, niet die van bestuur B"
    bericht = mails[0]
    assert bericht.subject == f"[RIO-portaal] Een OSR-mandaat van {bestuur.code} eindigt binnen 30 dagen"
    assert "school 11AA" in bericht.body and "laatste dag 28 december 2026" in bericht.body
    assert "11AB" not in bericht.body and "22BB" not in bericht.body
    assert f"http://127.0.0.1:8000/toegang/{bestuur.code}/mandaten/" in bericht.body
    assert VerstuurdeHerinnering.objects.filter(soort=Soort.MANDATEN, onderwerp=f"mandaat:{eindigt.pk}").count() == 2

    mail.outbox.clear()
    verstuur_herinneringen()
    assert mandaatmails() == [], "een tweede run stuurt niets nieuws"


def test_geen_mail_aan_beheerder_van_ander_bestuur(bestuur, ander_bestuur, po, po_b, systeem, vandaag):
    """Attack: board B's mandate ends; board A's Beheerder PO hears nothing of it, B's hears only of B."""
    factories.mandaat(ander_bestuur, "22BB", systeem, einddatum=vandaag + timedelta(days=5))
    factories.mandaat(bestuur, "11AA", systeem, einddatum=vandaag + timedelta(days=5))
    verstuur_herinneringen()
    per_persoon = {m.to[0]: m for m in mandaatmails()}
    assert set(per_persoon) == {"po@example.test", "po_b@example.test"}
    assert "22BB" not in per_persoon["po@example.test"].body and ander_bestuur.code not in per_persoon[
        "po@example.test"].body
    assert "11AA" not in per_persoon["po_b@example.test"].body and bestuur.code not in per_persoon[
        "po_b@example.test"].body


def test_beheerder_die_voor_een_ander_bestuur_inlogt_krijgt_niets(bestuur, ander_bestuur, po, systeem, vandaag):
    """Access follows the latest login (docs/adr/0007); so do the reminders."""
    Organisatielid.objects.filter(gebruiker=po).update(bestuur=ander_bestuur)
    factories.mandaat(bestuur, "11AA", systeem, einddatum=vandaag + timedelta(days=5))
    verstuur_herinneringen()
    assert mandaatmails() == []


def test_nieuwe_einddatum_is_een_nieuwe_drempel_en_meerdere_in_een_mail(bestuur, po, systeem, vandaag):
    eerste = factories.mandaat(bestuur, "11AA", systeem, einddatum=vandaag + timedelta(days=20))
    factories.mandaat(bestuur, "11AB", systeem, einddatum=vandaag + timedelta(days=25))
    verstuur_herinneringen()
    [bericht] = mandaatmails()
    assert "2 OSR-mandaten" in bericht.subject and "11AA" in bericht.body and "11AB" in bericht.body
    osr.beeindig_mandaat(eerste, vandaag + timedelta(days=3), door=po)
    mail.outbox.clear()
    verstuur_herinneringen()
    [opnieuw] = mandaatmails()
    assert "Een OSR-mandaat" in opnieuw.subject and "11AA" in opnieuw.body and "11AB" not in opnieuw.body
    assert "1 december 2026" in opnieuw.body


def test_afgemeld_of_zonder_adres_geen_mail_en_niets_onthouden(bestuur, po, tweede_po, systeem, vandaag):
    Berichtvoorkeur.objects.create(gebruiker=po, uitgezet=[Soort.MANDATEN])
    tweede_po.email = ""
    tweede_po.save()
    factories.mandaat(bestuur, "11AA", systeem, einddatum=vandaag + timedelta(days=5))
    verstuur_herinneringen()
    assert mandaatmails() == []
    assert not VerstuurdeHerinnering.objects.exists()


def test_mislukte_mail_wordt_de_volgende_dag_opnieuw_geprobeerd(bestuur, po, systeem, vandaag, settings):
    factories.mandaat(bestuur, "11AA", systeem, einddatum=vandaag + timedelta(days=5))
    locmem = settings.MAILERS
    settings.MAILERS = {"default": {"BACKEND": "django.core.mail.backends.smtp.EmailBackend",
                                    "OPTIONS": {"host": "127.0.0.1", "port": 9, "timeout": 2}}}
    assert verstuur_herinneringen().mandaten == 0
    assert not VerstuurdeHerinnering.objects.exists()
    settings.MAILERS = locmem
    assert verstuur_herinneringen().mandaten == 1
    assert len(mandaatmails()) == 1


def test_engels_als_gekozen(bestuur, po, systeem, vandaag):
    Berichtvoorkeur.objects.create(gebruiker=po, taal="en")
    factories.mandaat(bestuur, "11AA", systeem, einddatum=date(2026, 12, 24))
    verstuur_herinneringen()
    [bericht] = mandaatmails()
    assert bericht.subject == f"[RIO-portaal] An OSR mandate of {bestuur.code} ends within 30 days"
    assert "last day 24 December 2026" in bericht.body


# --- Attestation ------------------------------------------------------------------------------------------------

def attesteer(bestuur, door, dag):
    controle_services.attesteer(controle_services.controleer(gegevens.laad_bestuur(bestuur, dag)), door=door,
                                bevestigde_fouten=controle_services.controleer(
                                    gegevens.laad_bestuur(bestuur, dag)).aantal_fouten)


# `vandaag` first: the board's own audit entries are then written on the frozen day, not on the real one.
def test_attestatie_nodig_na_een_week_rust_eenmaal(vandaag, time_machine, bestuur, ander_bestuur, po, po_b,
                                                    beheerder):
    verstuur_herinneringen()
    assert attestatiemails() == [], "de gegevens zijn net gewijzigd: nog geen herinnering"
    time_machine.move_to("2026-12-05 11:00:00+01:00", tick=False)
    verstuur_herinneringen()
    per_persoon = {m.to[0]: m for m in attestatiemails()}
    assert set(per_persoon) == {"po@example.test", "po_b@example.test"}, "niet de collega zonder beheerdersrol"
    bericht = per_persoon["po@example.test"]
    assert bericht.subject == f"[RIO-portaal] De gegevens van {bestuur.code} wachten op uw controle"
    assert "nog nooit gecontroleerd" in bericht.body
    assert f"http://127.0.0.1:8000/controle/{bestuur.code}/" in bericht.body
    assert ander_bestuur.code not in bericht.body
    mail.outbox.clear()
    verstuur_herinneringen()
    assert attestatiemails() == [], "een tweede run stuurt niets nieuws"


def test_geldige_attestatie_geen_herinnering_verouderde_wel(vandaag, time_machine, bestuur, po):
    po.first_name, po.last_name = "Petra", "Oosterhuis"
    po.save()
    attesteer(bestuur, po, vandaag)
    time_machine.move_to("2026-12-10 11:00:00+01:00", tick=False)
    verstuur_herinneringen()
    assert attestatiemails() == []
    factories.aanbieder(bestuur, naam="De Nieuwe School")  # the data change: the attestation no longer holds
    verstuur_herinneringen()
    assert attestatiemails() == [], "binnen de week rust"
    time_machine.move_to("2026-12-17 12:00:00+01:00", tick=False)
    verstuur_herinneringen()
    [bericht] = attestatiemails()
    assert "op 28 november 2026 gecontroleerd, maar daarna gewijzigd" in bericht.body
    inhoud = bericht.body.split("\n", 2)[2].split("--")[0]  # after the greeting, before the footer
    assert "Oosterhuis" not in inhoud and "Petra" not in inhoud, "niet wie attesteerde"
    assert "test" not in inhoud.split() and "De Nieuwe School" not in inhoud, "niet wie of wat er wijzigde"


def test_commando(bestuur, po, systeem, vandaag):
    factories.mandaat(bestuur, "11AA", systeem, einddatum=vandaag + timedelta(days=5))
    uit = StringIO()
    call_command("verstuur_herinneringen", stdout=uit)
    assert "1 over mandaten" in uit.getvalue()
    uit = StringIO()
    call_command("verstuur_herinneringen", stdout=uit)
    assert "0 over mandaten" in uit.getvalue()
