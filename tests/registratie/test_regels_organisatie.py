"""Rules 1, 3, 8, 11, 14 and optimistic locking for bestuur, groep and onderwijsaanbieder (rio-po.md §9).

Every refusal is checked on the field and text of its Dutch message, and on storing nothing at all
(register rows and audit rows alike): see ``factories.weigert``.
"""

import re
from datetime import date

import pytest

from kern.fouten import Conflict
from registratie.models import (
    AuditRegel,
    Contactgegevens,
    Instellingserkenning,
    JuridischeRelatie,
    Onderwijsaanbieder,
)
from registratie.services import contact as contact_services
from registratie.services import locatie as locatie_services
from registratie.services import organisatie as org
from registratie.services.vergrendeling import ZONDER_VERSIECONTROLE
from tests.helpers import factories
from tests.helpers.factories import BEGIN, weigert

pytestmark = pytest.mark.django_db

CODE = re.compile(r"^\d{3}[BAGX]\d{3}$")
EINDE_SCHOOLJAAR = date(2027, 7, 31)


def _instelling(code: str) -> Instellingserkenning:
    return Instellingserkenning.objects.get(code=code)


# --- Rule 1: codes ------------------------------------------------------------------------------------

def test_gegenereerde_codes_hebben_rio_formaat_en_zijn_uniek(bestuur, vandaag):
    besturen = [bestuur] + [factories.bestuur_met_erkenningen(f"3{i:04d}", brin4s=(f"3{i}CC",)) for i in range(4)]
    aanbieders = [factories.aanbieder(bestuur, naam=f"School {i}") for i in range(20)]
    groepen = [org.registreer_groep(bestuur, door="test", naam=f"Cluster {i}", internationale_naam="",
                                    begindatum=BEGIN) for i in range(5)]
    gebruiken = [locatie_services.registreer_locatiegebruik(
        bestuur, door="test", postcode=f"{3000 + i} AB", huisnummer=i + 1, begindatum=BEGIN,
        vestiging=bestuur.bevoegd_gezag.instellingen.get(code="11AA").vestigingen.get()) for i in range(12)]

    per_letter = {
        "B": [b.code for b in besturen],
        "A": [a.code for a in aanbieders],
        "G": [g.code for g in groepen],
        "X": [g.locatie.code for g in gebruiken],
    }
    alle = [code for codes in per_letter.values() for code in codes]
    for letter, codes in per_letter.items():
        for code in codes:
            assert CODE.match(code), code
            assert code[3] == letter, code
    assert len(set(alle)) == len(alle) == 5 + 20 + 5 + 12


# --- Rule 8: juridische relaties --------------------------------------------------------------------------

def test_aanbieder_zonder_instellingserkenning_geweigerd(bestuur, vandaag):
    with weigert("instellingen", "Kies minstens één instellingserkenning (BRIN)"):
        org.registreer_aanbieder(bestuur, door="test", naam="Zonder BRIN", begindatum=BEGIN, instellingen=[])


def test_aanbieder_met_brin_van_ander_bevoegd_gezag_geweigerd(bestuur, ander_bestuur, vandaag):
    with weigert("instellingen", "Instelling 22BB hoort niet bij het bevoegd gezag van dit bestuur."):
        org.registreer_aanbieder(bestuur, door="test", naam="Verkeerde BRIN", begindatum=BEGIN,
                                 instellingen=[_instelling("22BB")])


def test_oprichtingsdatum_voor_erkenning_geweigerd_en_op_de_erkenningsdatum_toegestaan(bestuur, vandaag):
    Instellingserkenning.objects.filter(code="11AA").update(begindatum=date(2024, 8, 1))
    with weigert("instellingen", "De datum (01-08-2023) ligt vóór de erkenning van 11AA (01-08-2024)",
                 "De oprichtingsdatum mag niet eerder liggen"):
        org.registreer_aanbieder(bestuur, door="test", naam="Te vroeg", begindatum=date(2023, 8, 1),
                                 instellingen=[_instelling("11AA")])
    aanbieder = org.registreer_aanbieder(bestuur, door="test", naam="Op tijd", begindatum=date(2024, 8, 1),
                                         instellingen=[_instelling("11AA")])
    assert aanbieder.juridische_relaties.get().begindatum == date(2024, 8, 1)


def test_oprichtingsdatum_na_einde_erkenning_geweigerd(bestuur, vandaag):
    Instellingserkenning.objects.filter(code="11AA").update(einddatum=date(2024, 7, 31))
    with weigert("instellingen", "De erkenning 11AA is beëindigd per 31-07-2024."):
        org.registreer_aanbieder(bestuur, door="test", naam="Te laat", begindatum=date(2024, 8, 1),
                                 instellingen=[_instelling("11AA")])


def test_oprichtingsdatum_voor_het_bestuur_geweigerd(bestuur, vandaag):
    with weigert("begindatum", "De oprichtingsdatum (01-08-2020) ligt vóór de begindatum van onderwijsbestuur"):
        org.registreer_aanbieder(bestuur, door="test", naam="Voor het bestuur", begindatum=date(2020, 8, 1),
                                 instellingen=[_instelling("11AA")])


def test_dezelfde_brin_twee_keer_bij_aanmaken_geeft_een_relatie(bestuur, vandaag):
    aanbieder = org.registreer_aanbieder(bestuur, door="test", naam="Dubbel", begindatum=BEGIN,
                                         instellingen=[_instelling("11AA"), _instelling("11AA")])
    assert list(aanbieder.juridische_relaties.values_list("instelling__code", flat=True)) == ["11AA"]


def test_overlappende_juridische_relatie_met_dezelfde_brin_geweigerd(bestuur, vandaag):
    aanbieder = factories.aanbieder(bestuur, brin4="11AA")
    with weigert("instelling", "Deze aanbieder heeft al een relatie met 11AA in die periode."):
        org.voeg_juridische_relatie_toe(aanbieder, door="test", instelling=_instelling("11AA"), begindatum=vandaag)
    relatie = org.voeg_juridische_relatie_toe(aanbieder, door="test", instelling=_instelling("11AB"),
                                              begindatum=vandaag)
    assert (relatie.begindatum, relatie.einddatum) == (vandaag, None)


def test_juridische_relatie_met_brin_van_ander_bevoegd_gezag_geweigerd(bestuur, ander_bestuur, vandaag):
    aanbieder = factories.aanbieder(bestuur)
    with weigert("instelling", "Instelling 22BB hoort niet bij het bevoegd gezag van dit bestuur."):
        org.voeg_juridische_relatie_toe(aanbieder, door="test", instelling=_instelling("22BB"), begindatum=vandaag)


def test_enige_juridische_relatie_beeindigen_geweigerd(bestuur, vandaag):
    aanbieder = factories.aanbieder(bestuur, brin4="11AA")
    relatie = aanbieder.juridische_relaties.get()
    with weigert("einddatum", "Een aanbieder houdt altijd minstens één relatie met een instellingserkenning (BRIN)"):
        org.beeindig_juridische_relatie(relatie, door="test", einddatum=EINDE_SCHOOLJAAR)


def test_juridische_relatie_beeindigen_als_een_andere_aansluit(bestuur, vandaag):
    aanbieder = factories.aanbieder(bestuur, brin4="11AA")
    oud = aanbieder.juridische_relaties.get()
    org.voeg_juridische_relatie_toe(aanbieder, door="test", instelling=_instelling("11AB"),
                                    begindatum=date(2027, 8, 1))
    org.beeindig_juridische_relatie(oud, door="test", einddatum=EINDE_SCHOOLJAAR)
    assert list(aanbieder.juridische_relaties.order_by("begindatum").values_list(
        "instelling__code", "begindatum", "einddatum")) == [
        ("11AA", BEGIN, EINDE_SCHOOLJAAR), ("11AB", date(2027, 8, 1), None)]


# --- Rule 3: an end before the start ---------------------------------------------------------------------

def test_aanbieder_beeindigen_voor_zijn_begindatum_geweigerd(bestuur, vandaag):
    aanbieder = factories.aanbieder(bestuur, begindatum=date(2027, 8, 1))
    with weigert("einddatum", "De einddatum (31-07-2027) ligt vóór de begindatum (01-08-2027)"):
        org.beeindig_aanbieder(aanbieder, door="test", versie=ZONDER_VERSIECONTROLE, einddatum=EINDE_SCHOOLJAAR)


def test_groep_beeindigen_voor_haar_begindatum_geweigerd(bestuur, vandaag):
    groep = org.registreer_groep(bestuur, door="test", naam="Cluster", internationale_naam="",
                                 begindatum=date(2027, 8, 1))
    with weigert("einddatum", "De einddatum (31-07-2027) ligt vóór de begindatum (01-08-2027)"):
        org.beeindig_groep(groep, door="test", versie=ZONDER_VERSIECONTROLE, einddatum=EINDE_SCHOOLJAAR)


def test_juridische_relatie_beeindigen_voor_haar_begindatum_geweigerd(bestuur, vandaag):
    aanbieder = factories.aanbieder(bestuur, brin4="11AA")
    nieuw = org.voeg_juridische_relatie_toe(aanbieder, door="test", instelling=_instelling("11AB"),
                                            begindatum=date(2027, 8, 1))
    with weigert("einddatum", "De einddatum (31-07-2027) ligt vóór de begindatum (01-08-2027)"):
        org.beeindig_juridische_relatie(nieuw, door="test", einddatum=EINDE_SCHOOLJAAR)


def test_bestuur_beeindigen_voor_zijn_begindatum_geweigerd(vandaag, db):
    bestuur = factories.bestuur_met_erkenningen("40004", brin4s=("44DD",), begindatum=date(2027, 8, 1))
    with weigert("einddatum", "ligt vóór de begindatum (01-08-2027)"):
        org.beeindig_bestuur(bestuur, door="test", einddatum=EINDE_SCHOOLJAAR)


# --- Rule 6: ending an aanbieder ends what hangs under it ------------------------------------------------

def test_aanbieder_beeindigen_beeindigt_opleidingen_relaties_en_contacten(bestuur, vandaag):
    aanbieder = factories.aanbieder(bestuur, brin4="11AA")
    org.voeg_juridische_relatie_toe(aanbieder, door="test", instelling=_instelling("11AB"), begindatum=vandaag)
    gebruik = factories.locatiegebruik(bestuur)
    ao_locatie = factories.bo_opleiding(aanbieder, locatie=gebruik.locatie)
    ao_online = factories.bo_opleiding(aanbieder, doelgroep="SBO")
    contact = contact_services.registreer_contact(aanbieder, door="test", context="ALGEMEEN", begindatum=vandaag,
                                                  email="info@regenboog.nl")
    audit_voor = AuditRegel.objects.count()

    org.beeindig_aanbieder(aanbieder, door="test", versie=ZONDER_VERSIECONTROLE, einddatum=EINDE_SCHOOLJAAR)

    for ao in (ao_locatie, ao_online):
        ao.refresh_from_db()
        assert ao.einddatum == EINDE_SCHOOLJAAR
        assert list(ao.perioden.values_list("einddatum", flat=True)) == [EINDE_SCHOOLJAAR]
    assert set(JuridischeRelatie.objects.filter(aanbieder=aanbieder).values_list("einddatum", flat=True)) == {
        EINDE_SCHOOLJAAR}
    assert Contactgegevens.objects.get(pk=contact.pk).einddatum == EINDE_SCHOOLJAAR
    aanbieder.refresh_from_db()
    assert aanbieder.einddatum == EINDE_SCHOOLJAAR
    assert list(aanbieder.perioden.values_list("einddatum", flat=True)) == [EINDE_SCHOOLJAAR]
    # One audit row per ended object: two opleidingen, one contact, the aanbieder (its relations are in its snapshot).
    nieuw = AuditRegel.objects.order_by("id")[audit_voor:]
    assert sorted((r.objecttype, r.objectcode, r.actie) for r in nieuw) == sorted([
        ("aangeboden opleiding", str(ao_locatie.code), AuditRegel.Actie.BEEINDIGD),
        ("aangeboden opleiding", str(ao_online.code), AuditRegel.Actie.BEEINDIGD),
        ("contactgegevens", str(contact.pk), AuditRegel.Actie.BEEINDIGD),
        ("onderwijsaanbieder", aanbieder.code, AuditRegel.Actie.BEEINDIGD),
    ])
    aanbieder_regel = next(r for r in nieuw if r.objecttype == "onderwijsaanbieder")
    assert {r["einddatum"] for r in aanbieder_regel.na["juridische_relaties"]} == {"2027-07-31"}
    assert {r["einddatum"] for r in aanbieder_regel.voor["juridische_relaties"]} == {None}


# --- Rule 14: a board is not ended before its active aanbieders -------------------------------------------

def test_bestuur_beeindigen_met_actieve_aanbieder_geweigerd(bestuur, vandaag):
    aanbieder = factories.aanbieder(bestuur)
    with weigert("einddatum", "Het bestuur kan niet eerder eindigen dan zijn aanbieders", aanbieder.code):
        org.beeindig_bestuur(bestuur, door="test", einddatum=EINDE_SCHOOLJAAR)


def test_bestuur_beeindigen_voor_einde_van_een_aanbieder_geweigerd(bestuur, vandaag):
    aanbieder = factories.aanbieder(bestuur)
    org.beeindig_aanbieder(aanbieder, door="test", versie=ZONDER_VERSIECONTROLE, einddatum=date(2028, 7, 31))
    with weigert("einddatum", aanbieder.code):
        org.beeindig_bestuur(bestuur, door="test", einddatum=EINDE_SCHOOLJAAR)


def test_bestuur_beeindigen_na_zijn_aanbieders(bestuur, vandaag):
    aanbieder = factories.aanbieder(bestuur)
    org.beeindig_aanbieder(aanbieder, door="test", versie=ZONDER_VERSIECONTROLE, einddatum=EINDE_SCHOOLJAAR)
    org.beeindig_bestuur(bestuur, door="test", einddatum=EINDE_SCHOOLJAAR)
    bestuur.refresh_from_db()
    assert bestuur.einddatum == EINDE_SCHOOLJAAR
    assert list(bestuur.perioden.values_list("einddatum", flat=True)) == [EINDE_SCHOOLJAAR]


# --- Rule 11 (signal, not blocking) and rule 20 -----------------------------------------------------------

def test_aanbieder_registreren_zonder_locatie_opleiding_of_contact_kan(bestuur, vandaag):
    assert not bestuur.locatiegebruiken.exists()
    aanbieder = factories.aanbieder(bestuur)
    assert Onderwijsaanbieder.objects.filter(pk=aanbieder.pk).exists()
    assert not aanbieder.aangeboden_opleidingen.exists()
    assert not Contactgegevens.objects.exists()


@pytest.mark.parametrize(("naam", "bericht"), [
    ("", "Vul een naam in."),
    ("   ", "Vul een naam in."),
    ("x" * 81, "De naam is 81 tekens; het maximum is 80."),
    ("De\x00Regenboog", "De naam bevat een teken dat niet kan, zoals een tab of regelovergang."),
])
def test_aanbiedernaam_leeg_of_te_lang_geweigerd(bestuur, vandaag, naam, bericht):
    with weigert("naam", bericht):
        org.registreer_aanbieder(bestuur, door="test", naam=naam, begindatum=BEGIN,
                                 instellingen=[_instelling("11AA")])


def test_groep_van_ander_bestuur_geweigerd(bestuur, ander_bestuur, vandaag):
    vreemde_groep = org.registreer_groep(ander_bestuur, door="test", naam="Elders", internationale_naam="",
                                         begindatum=BEGIN)
    with weigert("groep", "Deze groep hoort bij een ander bestuur."):
        org.registreer_aanbieder(bestuur, door="test", naam="School", begindatum=BEGIN,
                                 instellingen=[_instelling("11AA")], groep=vreemde_groep)
    aanbieder = factories.aanbieder(bestuur)
    with weigert("groep", "Deze groep hoort bij een ander bestuur."):
        org.wijzig_aanbieder(aanbieder, door="test", versie=aanbieder.versie, ingangsdatum=vandaag,
                             naam=aanbieder.periode_op(vandaag).naam, internationale_naam="", groep=vreemde_groep)


@pytest.mark.parametrize(("veld", "waarde", "bericht"), [
    ("kvk_nummer", "1234567", "Een KvK-nummer bestaat uit 8 cijfers."),
    ("kvk_nummer", "123456789", "Een KvK-nummer bestaat uit 8 cijfers."),
    ("rsin", "12345678A", "Een RSIN bestaat uit 9 cijfers."),
])
def test_bestuur_kvk_en_rsin_met_verkeerd_formaat_geweigerd(bestuur, vandaag, veld, waarde, bericht):
    gegevens = {"kvk_nummer": "", "rsin": "", veld: waarde}
    with weigert(veld, bericht):
        org.wijzig_bestuur(bestuur, door="test", versie=bestuur.versie, ingangsdatum=vandaag,
                           naam="Stichting 10001", internationale_naam="", **gegevens)


# --- Optimistic locking ------------------------------------------------------------------------------------

def test_wijzig_aanbieder_met_verouderde_versie_geeft_conflict_en_wijzigt_niets(bestuur, vandaag):
    aanbieder = factories.aanbieder(bestuur, naam="Oude naam")
    gelezen = Onderwijsaanbieder.objects.get(pk=aanbieder.pk)
    assert gelezen.versie == 1
    org.wijzig_aanbieder(aanbieder, door="collega", versie=1, ingangsdatum=vandaag, naam="Naam van collega",
                         internationale_naam="", groep=None)
    voor = factories.stand()

    with pytest.raises(Conflict) as info:
        org.wijzig_aanbieder(gelezen, door="test", versie=gelezen.versie, ingangsdatum=vandaag, naam="Mijn naam",
                             internationale_naam="", groep=None)

    assert "Iemand anders heeft deze gegevens gewijzigd" in str(info.value)
    assert factories.stand() == voor
    vers = Onderwijsaanbieder.objects.get(pk=aanbieder.pk)
    assert vers.versie == 2
    assert vers.periode_op(vandaag).naam == "Naam van collega"


def test_beeindig_aanbieder_met_verouderde_versie_geeft_conflict(bestuur, vandaag):
    aanbieder = factories.aanbieder(bestuur)
    org.wijzig_aanbieder(aanbieder, door="collega", versie=1, ingangsdatum=vandaag, naam="Nieuw",
                         internationale_naam="", groep=None)
    voor = factories.stand()
    with pytest.raises(Conflict):
        org.beeindig_aanbieder(aanbieder, door="test", versie=1, einddatum=EINDE_SCHOOLJAAR)
    assert factories.stand() == voor
    assert Onderwijsaanbieder.objects.get(pk=aanbieder.pk).einddatum is None
