"""Rules 1 (UUID), 3, 6, 7 and 12 for aangeboden opleidingen (rio-po.md §1.9-1.10a, §9).

Rule 13 (samenwerkende onderwijsaanbieder) is not tested: the portal does not implement it yet.
"""

import inspect
import re
import uuid
from datetime import date

import pytest

from registratie.domein.enumeraties import DOELGROEP_SO_VSO
from registratie.models import AangebodenOpleiding, Kenmerk
from registratie.services import opleiding as opl
from registratie.services import organisatie as org
from registratie.services.vergrendeling import ZONDER_VERSIECONTROLE
from tests.helpers import factories
from tests.helpers.factories import BEGIN, opleiding_naam, weigert

pytestmark = pytest.mark.django_db

EINDE_SCHOOLJAAR = date(2027, 7, 31)
UUID = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$")
SO_DOELGROEPEN = [w.code for w in DOELGROEP_SO_VSO.waarden]


@pytest.fixture
def aanbieder(bestuur):
    return factories.aanbieder(bestuur)


def _speciale_school(aanbieder):
    """SO and VSO fit only a school for (voortgezet) speciaal onderwijs (registratie.services.plausibel)."""
    for relatie in aanbieder.juridische_relaties.all():
        relatie.instelling.soort = "(V)SO"
        relatie.instelling.save(update_fields=["soort"])


def _registreer(aanbieder, opleiding="Basisonderwijs", kenmerken=None, begindatum=BEGIN, **extra):
    return opl.registreer_aangeboden_opleiding(
        aanbieder, door="test", opleiding=opleiding_naam(opleiding), locatie=extra.pop("locatie", None),
        begindatum=begindatum, kenmerken={"doelgroepBasisonderwijs": ["BO"]} if kenmerken is None else kenmerken,
        **extra)


# --- Rule 1: the code is a UUID -------------------------------------------------------------------------------

def test_code_van_aangeboden_opleiding_is_een_uuid(aanbieder, vandaag):
    codes = {str(_registreer(aanbieder).code) for _ in range(5)}
    assert len(codes) == 5
    for code in codes:
        assert UUID.match(code), code
        assert uuid.UUID(code).version == 4
    assert {str(c) for c in AangebodenOpleiding.objects.values_list("code", flat=True)} == codes


# --- Rules 3 and 6: dates within the aanbieder's lifespan -------------------------------------------------------

def test_opleiding_die_voor_de_aanbieder_begint_geweigerd(bestuur, vandaag):
    aanbieder = factories.aanbieder(bestuur, begindatum=date(2024, 8, 1))
    with weigert("begindatum", "De (eerste instroom)datum (01-08-2023) ligt vóór de begindatum van "
                               f"onderwijsaanbieder {aanbieder.code} (01-08-2024)."):
        _registreer(aanbieder, begindatum=date(2023, 8, 1))
    assert _registreer(aanbieder, begindatum=date(2024, 8, 1)).begindatum == date(2024, 8, 1)


def test_opleiding_die_na_het_einde_van_de_aanbieder_begint_geweigerd(aanbieder, vandaag):
    org.beeindig_aanbieder(aanbieder, door="test", versie=ZONDER_VERSIECONTROLE, einddatum=EINDE_SCHOOLJAAR)
    aanbieder.refresh_from_db()
    with weigert("begindatum", f"ligt na de einddatum van onderwijsaanbieder {aanbieder.code} (31-07-2027)"):
        _registreer(aanbieder, begindatum=date(2027, 8, 1))


def test_opleiding_van_beeindigde_aanbieder_eindigt_met_de_aanbieder(aanbieder, vandaag):
    org.beeindig_aanbieder(aanbieder, door="test", versie=ZONDER_VERSIECONTROLE, einddatum=EINDE_SCHOOLJAAR)
    aanbieder.refresh_from_db()
    ao = _registreer(aanbieder, begindatum=vandaag)
    assert ao.einddatum == EINDE_SCHOOLJAAR
    assert list(ao.perioden.values_list("begindatum", "einddatum")) == [(vandaag, EINDE_SCHOOLJAAR)]


def test_opleiding_beeindigen_na_het_einde_van_de_aanbieder_geweigerd(aanbieder, vandaag):
    ao = _registreer(aanbieder)
    org.beeindig_aanbieder(aanbieder, door="test", versie=ZONDER_VERSIECONTROLE, einddatum=EINDE_SCHOOLJAAR)
    ao.refresh_from_db()
    with weigert("einddatum", "De einddatum (31-07-2028) ligt na de einddatum van onderwijsaanbieder "
                              f"{aanbieder.code} (31-07-2027)."):
        opl.beeindig_aangeboden_opleiding(ao, door="test", versie=ZONDER_VERSIECONTROLE, einddatum=date(2028, 7, 31))


def test_einddatum_voor_begindatum_geweigerd(aanbieder, vandaag):
    with weigert("einddatum", "De einddatum (31-07-2027) ligt vóór de begindatum (01-08-2027)."):
        _registreer(aanbieder, begindatum=date(2027, 8, 1), einddatum=EINDE_SCHOOLJAAR)
    ao = _registreer(aanbieder, begindatum=date(2027, 8, 1))
    with weigert("einddatum", "De einddatum (31-07-2027) ligt vóór de begindatum (01-08-2027)."):
        opl.beeindig_aangeboden_opleiding(ao, door="test", versie=ZONDER_VERSIECONTROLE, einddatum=EINDE_SCHOOLJAAR)


def test_eerste_instroomdatum_op_of_na_de_einddatum_geweigerd(aanbieder, vandaag):
    with weigert("eerste_instroomdatum", "De eerste instroomdatum moet vóór de einddatum liggen."):
        _registreer(aanbieder, begindatum=date(2027, 8, 1), eerste_instroomdatum=date(2028, 7, 31),
                    einddatum=date(2028, 7, 31))
    ao = _registreer(aanbieder, begindatum=date(2027, 8, 1), eerste_instroomdatum=date(2027, 9, 1))
    with weigert("einddatum", "De einddatum moet na de eerste instroomdatum (01-09-2027) liggen."):
        opl.beeindig_aangeboden_opleiding(ao, door="test", versie=ZONDER_VERSIECONTROLE, einddatum=date(2027, 9, 1))


@pytest.mark.parametrize(("veld", "waarde", "bericht"), [
    ("eigen_naam", "x" * 226, "De eigen naam is hoogstens 225 tekens."),
    ("omschrijving", "x" * 3001, "De omschrijving is hoogstens 3000 tekens."),
    ("omschrijving", "Regel 1\x00", "Deze tekst bevat een teken dat niet kan (een NUL-teken)."),
])
def test_te_lange_of_ongeldige_tekst_geweigerd(aanbieder, vandaag, veld, waarde, bericht):
    with weigert(veld, bericht):
        _registreer(aanbieder, **{veld: waarde})


def test_omschrijving_mag_regels_hebben(aanbieder, vandaag):
    ao = _registreer(aanbieder, omschrijving="Regel 1\nRegel 2")
    assert ao.perioden.get().omschrijving == "Regel 1\nRegel 2"


# --- Rule 7: aanbieder and opleiding are fixed once stored -----------------------------------------------------

def test_wijzigen_kan_aanbieder_en_opleiding_niet_veranderen(aanbieder, vandaag):
    parameters = inspect.signature(opl.wijzig_aangeboden_opleiding).parameters
    assert "aanbieder" not in parameters
    assert "opleiding" not in parameters
    assert not any(p.kind is inspect.Parameter.VAR_KEYWORD for p in parameters.values())
    ao = _registreer(aanbieder)
    with pytest.raises(TypeError):
        opl.wijzig_aangeboden_opleiding(ao, door="test", versie=ZONDER_VERSIECONTROLE,
                                        ingangsdatum=vandaag, eigen_naam="",
                                        internationale_naam="", omschrijving="",
                                        kenmerken={"doelgroepBasisonderwijs": ["BO"]},
                                        opleiding=opleiding_naam("Eerste onderwijs anderstaligen"))
    ao.refresh_from_db()
    assert (ao.aanbieder_id, ao.opleiding.naam) == (aanbieder.pk, "Basisonderwijs")


# --- Rule 12: kenmerken --------------------------------------------------------------------------------------

@pytest.mark.parametrize(("kenmerken", "veld", "bericht"), [
    ({}, "doelgroepBasisonderwijs", "Doelgroep is verplicht: kies er precies één."),
    ({"doelgroepBasisonderwijs": []}, "doelgroepBasisonderwijs", "Doelgroep is verplicht: kies er precies één."),
    ({"doelgroepBasisonderwijs": ["BO", "SBO"]}, "doelgroepBasisonderwijs", "Doelgroep: kies er hoogstens één."),
    ({"doelgroepBasisonderwijs": ["BO", "BO"]}, "doelgroepBasisonderwijs",
     "Doelgroep: elke waarde mag maar één keer voorkomen."),
    ({"doelgroepBasisonderwijs": ["BO"], "kleur": ["ROOD"]}, "kleur",
     "Kenmerk 'kleur' bestaat niet voor sector Basisonderwijs."),
    ({"doelgroepBasisonderwijs": ["BO"], "doelgroepSpeciaalOnderwijs": ["AUTISME"]}, "doelgroepSpeciaalOnderwijs",
     "Kenmerk 'doelgroepSpeciaalOnderwijs' bestaat niet voor sector Basisonderwijs."),
    ({"doelgroepBasisonderwijs": ["SO"]}, "doelgroepBasisonderwijs", "Doelgroep: 'SO' is geen geldige waarde."),
    ({"doelgroepBasisonderwijs": ["BO"], "onderwijsconcept": ["WALDORF"]}, "onderwijsconcept",
     "Onderwijsconcept: 'WALDORF' is geen geldige waarde."),
    ({"doelgroepBasisonderwijs": ["BO"], "onderwijsconcept": ["DALTON", "MONTESSORI"]}, "onderwijsconcept",
     "Onderwijsconcept: kies er hoogstens één."),
    ({"doelgroepBasisonderwijs": ["BO"], "bijzondereInrichting": ["unesco"]}, "bijzondereInrichting",
     "Bijzondere inrichting: 'unesco' is geen geldige waarde."),
])
def test_ongeldige_kenmerken_bo_geweigerd(aanbieder, vandaag, kenmerken, veld, bericht):
    with weigert(veld, bericht):
        _registreer(aanbieder, kenmerken=kenmerken)


def test_bo_met_alle_optionele_kenmerken_toegestaan(aanbieder, vandaag):
    kenmerken = {"doelgroepBasisonderwijs": ["IGBO"], "onderwijsconcept": ["JENAPLAN"],
                 "doorlopendeLeerlijnBoVo": ["TIENERSCHOOL"], "bijzondereInrichting": ["UNESCO"]}
    ao = _registreer(aanbieder, kenmerken=kenmerken)
    assert {(k.naam, k.waarde) for k in ao.kenmerken.all()} == {(n, w[0]) for n, w in kenmerken.items()}


def test_kenmerkwaarde_die_op_de_datums_nog_niet_geldt_geweigerd(vandaag, db):
    bestuur = factories.bestuur_met_erkenningen("50005", brin4s=("55EE",), begindatum=date(2015, 8, 1))
    aanbieder = factories.aanbieder(bestuur, begindatum=date(2015, 8, 1))
    kenmerken = {"doelgroepBasisonderwijs": ["BO"], "doorlopendeLeerlijnBoVo": ["TIENERSCHOOL"]}
    with weigert("doorlopendeLeerlijnBoVo", "Doorlopende leerlijn: 'Tienerschool' is niet geldig op de datums van "
                                            "deze aangeboden opleiding (geldig vanaf 01-08-2018)."):
        _registreer(aanbieder, kenmerken=kenmerken, begindatum=date(2017, 8, 1))
    assert _registreer(aanbieder, kenmerken=kenmerken, begindatum=date(2018, 8, 1)).begindatum == date(2018, 8, 1)


@pytest.mark.parametrize("opleiding", ["Speciaal onderwijs regulier", "Vso-dagbesteding"])
def test_so_en_vso_met_1_tot_10_doelgroepen_toegestaan_en_11_geweigerd(aanbieder, vandaag, opleiding):
    _speciale_school(aanbieder)
    for aantal in range(1, 11):
        ao = _registreer(aanbieder, opleiding=opleiding,
                         kenmerken={"doelgroepSpeciaalOnderwijs": SO_DOELGROEPEN[:aantal]})
        assert ao.kenmerken.count() == aantal
    with weigert("doelgroepSpeciaalOnderwijs", "Doelgroepen: kies er hoogstens 10."):
        _registreer(aanbieder, opleiding=opleiding, kenmerken={"doelgroepSpeciaalOnderwijs": SO_DOELGROEPEN[:11]})


@pytest.mark.parametrize(("kenmerken", "veld", "bericht"), [
    ({}, "doelgroepSpeciaalOnderwijs", "Doelgroepen is verplicht: kies er minstens één."),
    ({"doelgroepSpeciaalOnderwijs": ["AUTISME", "DOOF", "AUTISME"]}, "doelgroepSpeciaalOnderwijs",
     "Doelgroepen: elke waarde mag maar één keer voorkomen."),
    ({"doelgroepSpeciaalOnderwijs": ["AUTISME"], "doelgroepBasisonderwijs": ["BO"]}, "doelgroepBasisonderwijs",
     "Kenmerk 'doelgroepBasisonderwijs' bestaat niet voor sector Speciaal onderwijs."),
    ({"doelgroepSpeciaalOnderwijs": ["AUTISME"], "doorlopendeLeerlijnBoVo": ["TIENERSCHOOL"]},
     "doorlopendeLeerlijnBoVo", "Kenmerk 'doorlopendeLeerlijnBoVo' bestaat niet voor sector Speciaal onderwijs."),
    ({"doelgroepSpeciaalOnderwijs": ["AUTISME"], "bijzondereInrichting": ["DAMU"]}, "bijzondereInrichting",
     "Bijzondere inrichting: 'DAMU' is geen geldige waarde."),
])
def test_ongeldige_kenmerken_so_geweigerd(aanbieder, vandaag, kenmerken, veld, bericht):
    with weigert(veld, bericht):
        _registreer(aanbieder, opleiding="Speciaal onderwijs regulier", kenmerken=kenmerken)


def test_vso_leerlijn_vso_mbo_toegestaan(aanbieder, vandaag):
    _speciale_school(aanbieder)
    ao = _registreer(aanbieder, opleiding="Vso-arbeidsmarkt",
                     kenmerken={"doelgroepSpeciaalOnderwijs": ["MOEILIJK_LEREND"],
                                "doorlopendeLeerlijnVsoMbo": ["PRO_ENTREE"]})
    assert ao.kenmerken.filter(naam="doorlopendeLeerlijnVsoMbo", waarde="PRO_ENTREE").exists()


def test_eerste_onderwijs_anderstaligen_alleen_met_doelgroep_regulier(aanbieder, vandaag):
    with weigert("doelgroepBasisonderwijs",
                 "Eerste onderwijs anderstaligen kan alleen met doelgroep BO worden aangeboden."):
        _registreer(aanbieder, opleiding="Eerste onderwijs anderstaligen",
                    kenmerken={"doelgroepBasisonderwijs": ["SBO"]})
    ao = _registreer(aanbieder, opleiding="Eerste onderwijs anderstaligen")
    assert list(ao.kenmerken.values_list("waarde", flat=True)) == ["BO"]


def test_wijzigen_met_ongeldige_kenmerken_geweigerd_en_niets_gewijzigd(aanbieder, vandaag):
    ao = _registreer(aanbieder)
    with weigert("doelgroepBasisonderwijs", "Doelgroep: kies er hoogstens één."):
        opl.wijzig_aangeboden_opleiding(ao, door="test", versie=ao.versie, ingangsdatum=vandaag, eigen_naam="Nieuw",
                                        internationale_naam="", omschrijving="",
                                        kenmerken={"doelgroepBasisonderwijs": ["BO", "VK"]})
    assert list(Kenmerk.objects.filter(aangeboden_opleiding=ao).values_list("waarde", flat=True)) == ["BO"]
    assert ao.perioden.get().eigen_naam == ""


# --- Locatie: only where the board uses it ---------------------------------------------------------------------

def test_opleiding_op_locatie_die_het_bestuur_niet_gebruikt_geweigerd(aanbieder, ander_bestuur, vandaag):
    vreemd = factories.locatiegebruik(ander_bestuur)
    with weigert("locatie", f"Het bestuur gebruikt locatie {vreemd.locatie.code} niet op 01-08-2021. "
                            "Voeg eerst het locatiegebruik toe of kies een andere locatie."):
        _registreer(aanbieder, locatie=vreemd.locatie)


def test_opleiding_op_locatie_voor_het_begin_van_het_gebruik_geweigerd(aanbieder, bestuur, vandaag):
    gebruik = factories.locatiegebruik(bestuur, begindatum=date(2024, 8, 1))
    with weigert("locatie", f"Het bestuur gebruikt locatie {gebruik.locatie.code} niet op 01-08-2023."):
        _registreer(aanbieder, locatie=gebruik.locatie, begindatum=date(2023, 8, 1))
    ao = _registreer(aanbieder, locatie=gebruik.locatie, begindatum=date(2024, 8, 1))
    assert ao.locatie_id == gebruik.locatie_id


def test_opleiding_op_gedeelde_locatie_kan_voor_elk_bestuur_dat_haar_gebruikt(aanbieder, bestuur, ander_bestuur,
                                                                             vandaag):
    from registratie.services import locatie as loc

    gebruik = factories.locatiegebruik(bestuur)
    loc.registreer_locatiegebruik(ander_bestuur, door="test", postcode=gebruik.locatie.postcode,
                                  huisnummer=gebruik.locatie.huisnummer, begindatum=BEGIN,
                                  vestiging=ander_bestuur.bevoegd_gezag.instellingen.get().vestigingen.get())
    ao = _registreer(factories.aanbieder(ander_bestuur), locatie=gebruik.locatie)
    assert ao.locatie_id == gebruik.locatie_id


# --- Rule 13: samenwerkende onderwijsaanbieder ---------------------------------------------------------------

@pytest.mark.django_db
def test_regel_13_samenwerkende_aanbieder_bestaat_en_komt_eenmaal_voor(bestuur, ander_bestuur, vandaag):
    from kern.fouten import RegelFout

    eigen = factories.aanbieder(bestuur)
    partner = factories.aanbieder(ander_bestuur, naam="Partner vo")
    ao = factories.bo_opleiding(eigen, samenwerkende_aanbieders=[partner.code])
    assert ao.perioden.get().samenwerkende_aanbieders == [partner.code]
    for codes, fragment in (([partner.code, partner.code], "maar één keer"), (["999A999"], "bestaat niet"),
                            (["12345"], "geen onderwijsaanbiedercode"), ([eigen.code], "met zichzelf")):
        with pytest.raises(RegelFout, match=fragment):
            factories.bo_opleiding(eigen, samenwerkende_aanbieders=codes)
    assert eigen.aangeboden_opleidingen.count() == 1


@pytest.mark.django_db
def test_regel_13_samenwerking_per_periode(bestuur, ander_bestuur, vandaag):
    from datetime import date

    from registratie.services import opleiding as opl

    eigen = factories.aanbieder(bestuur)
    partner = factories.aanbieder(ander_bestuur, naam="Partner")
    ao = factories.bo_opleiding(eigen)
    opl.wijzig_aangeboden_opleiding(ao, door="test", versie=ZONDER_VERSIECONTROLE,
                                    ingangsdatum=date(2027, 8, 1), eigen_naam="",
                                    internationale_naam="", omschrijving="",
                                    kenmerken={"doelgroepBasisonderwijs": ["BO"]},
                                    samenwerkende_aanbieders=[partner.code])
    oud, nieuw = ao.perioden.order_by("begindatum")
    assert oud.samenwerkende_aanbieders == [] and nieuw.samenwerkende_aanbieders == [partner.code]
