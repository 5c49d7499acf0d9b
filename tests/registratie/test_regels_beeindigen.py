"""Ending objects: cascades keep rules 4, 6, 8 and 9 intact, and the audit trail stays append-only."""

from datetime import date

import pytest

from kern.fouten import RegelFout
from registratie.models import AangebodenOpleiding, AuditRegel, Contactgegevens
from registratie.services import contact as cs
from registratie.services import locatie as loc
from registratie.services import opleiding as opl
from registratie.services import organisatie as org
from registratie.services.vergrendeling import ZONDER_VERSIECONTROLE
from tests.helpers import factories

EINDE = date(2027, 7, 31)


@pytest.mark.django_db
def test_al_beeindigd_object_krijgt_geen_latere_einddatum(bestuur, vandaag):
    aanbieder = factories.aanbieder(bestuur)
    org.beeindig_aanbieder(aanbieder, door="test", versie=ZONDER_VERSIECONTROLE, einddatum=EINDE)
    with pytest.raises(RegelFout, match="al beëindigd per 31-07-2027"):
        org.beeindig_aanbieder(aanbieder, door="test", versie=ZONDER_VERSIECONTROLE, einddatum=date(2028, 7, 31))
    eerder = org.beeindig_aanbieder(aanbieder, door="test", versie=ZONDER_VERSIECONTROLE, einddatum=date(2027, 1, 31))
    assert eerder.einddatum == date(2027, 1, 31)
    assert eerder.perioden.get().einddatum == date(2027, 1, 31)


@pytest.mark.django_db
def test_toekomstige_opleiding_en_contact_vervallen_met_de_aanbieder(bestuur, vandaag):
    aanbieder = factories.aanbieder(bestuur)
    later = factories.bo_opleiding(aanbieder, begindatum=date(2027, 8, 1))
    contact = cs.registreer_contact(aanbieder, door="test", context="ALGEMEEN", begindatum=date(2027, 9, 1),
                                    email="later@example.nl")
    org.beeindig_aanbieder(aanbieder, door="test", versie=ZONDER_VERSIECONTROLE, einddatum=EINDE)
    assert not AangebodenOpleiding.objects.filter(pk=later.pk).exists()
    assert not Contactgegevens.objects.filter(pk=contact.pk).exists()
    assert AuditRegel.objects.filter(actie="verwijderd").count() == 2


@pytest.mark.django_db
def test_bestuur_beeindigen_neemt_locaties_groepen_en_contacten_mee(bestuur, vandaag):
    gebruik = factories.locatiegebruik(bestuur)
    groep = org.registreer_groep(bestuur, door="test", naam="Cluster", internationale_naam="",
                                 begindatum=bestuur.begindatum)
    contact = cs.registreer_contact(bestuur, door="test", context="ALGEMEEN", begindatum=vandaag,
                                    email="info@example.nl")
    org.beeindig_bestuur(bestuur, door="test", einddatum=EINDE)
    for obj in (gebruik, groep, contact):
        obj.refresh_from_db()
        assert obj.einddatum == EINDE
    assert gebruik.vestigingsrelaties.get().einddatum == EINDE


@pytest.mark.django_db
def test_bestuur_einde_uit_erkenning_mag_in_het_verleden(bestuur, vandaag):
    with pytest.raises(RegelFout, match="in het verleden"):
        org.beeindig_bestuur(bestuur, door="test", einddatum=date(2026, 7, 31))
    org.beeindig_bestuur(bestuur, door="importeer_duo_open_data", einddatum=date(2026, 7, 31),
                         vanuit_erkenning=True)
    bestuur.refresh_from_db()
    assert bestuur.einddatum == date(2026, 7, 31)


@pytest.mark.django_db
def test_laatste_vestiging_van_een_gebruik_blijft(bestuur, vandaag):
    gebruik = factories.locatiegebruik(bestuur)
    voor = AuditRegel.objects.count()
    with pytest.raises(RegelFout, match="minstens één vestigingserkenning"):
        loc.beeindig_vestigingsrelatie(gebruik.vestigingsrelaties.get(), door="test", einddatum=EINDE)
    assert AuditRegel.objects.count() == voor


@pytest.mark.django_db
def test_audit_is_ook_in_bulk_niet_te_wijzigen(bestuur):
    with pytest.raises(PermissionError):
        AuditRegel.objects.all().update(gebruikersnaam="iemand anders")
    with pytest.raises(PermissionError):
        AuditRegel.objects.filter(bestuurcode=bestuur.code).delete()
    assert AuditRegel.objects.filter(bestuurcode=bestuur.code).exists()


@pytest.mark.django_db
def test_geplande_wijziging_heet_gepland_in_de_audit(bestuur, vandaag):
    aanbieder = factories.aanbieder(bestuur)
    ao = factories.bo_opleiding(aanbieder)
    opl.wijzig_aangeboden_opleiding(ao, door="test", versie=ZONDER_VERSIECONTROLE,
                                    ingangsdatum=date(2027, 8, 1), eigen_naam="Nieuw",
                                    internationale_naam="", omschrijving="",
                                    kenmerken={"doelgroepBasisonderwijs": ["BO"]})
    assert AuditRegel.objects.filter(objectcode=str(ao.code)).latest("id").actie == "gepland"
