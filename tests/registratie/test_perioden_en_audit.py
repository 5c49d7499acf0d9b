"""Periods (rules 4, 5, 16) and the audit trail (docs/adr/0003-audit.md) across every domain service.

Date convention (docs/adr/0001): einddatum is the last valid day; a following period starts the next day.
'Today' is frozen at 2026-11-28 by the ``vandaag`` fixture.
"""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta

import pytest
from django.db import transaction

from kern import tijd
from registratie.models import (
    AanbiederPeriode,
    AangebodenOpleiding,
    AuditRegel,
    BestuurPeriode,
    BevoegdGezag,
    Contactgegevens,
    GroepPeriode,
    Instellingserkenning,
    Onderwijsaanbieder,
    Onderwijsaanbiedersgroep,
    Onderwijsbestuur,
    Onderwijslocatiegebruik,
    Vestigingserkenning,
)
from registratie.services import audit
from registratie.services import contact as cs
from registratie.services import locatie as loc
from registratie.services import opleiding as opl
from registratie.services import organisatie as org
from registratie.services.regels import perioden_problemen
from registratie.services.vergrendeling import ZONDER_VERSIECONTROLE
from tests.helpers import factories
from tests.helpers.factories import BEGIN, weigert

EINDE_SCHOOLJAAR = date(2027, 7, 31)
NIEUW_SCHOOLJAAR = date(2027, 8, 1)
Actie = AuditRegel.Actie


def _wijzig_naam(aanbieder, naam, ingangsdatum, versie=ZONDER_VERSIECONTROLE):
    return org.wijzig_aanbieder(aanbieder, door="test", versie=versie, ingangsdatum=ingangsdatum, naam=naam,
                                internationale_naam="", groep=None)


def _perioden(houder):
    return list(houder.perioden.order_by("begindatum").values_list("begindatum", "einddatum", "naam"))


# --- Rules 4 and 5: name periods -----------------------------------------------------------------------------

@pytest.mark.django_db
def test_naamwijziging_per_toekomstige_datum_geeft_twee_aansluitende_perioden(bestuur, vandaag):
    aanbieder = factories.aanbieder(bestuur, naam="Oude naam")
    _wijzig_naam(aanbieder, "Nieuwe naam", NIEUW_SCHOOLJAAR, versie=1)

    aanbieder.refresh_from_db()
    assert _perioden(aanbieder) == [(BEGIN, EINDE_SCHOOLJAAR, "Oude naam"), (NIEUW_SCHOOLJAAR, None, "Nieuwe naam")]
    assert aanbieder.periode_op(vandaag).naam == "Oude naam"
    assert aanbieder.periode_op(EINDE_SCHOOLJAAR).naam == "Oude naam"
    assert aanbieder.periode_op(NIEUW_SCHOOLJAAR).naam == "Nieuwe naam"
    assert aanbieder.periode_op(date(2021, 7, 31)) is None
    assert perioden_problemen(list(aanbieder.perioden.all()), aanbieder) == []


@pytest.mark.django_db
def test_naamwijziging_per_vandaag_splitst_op_vandaag(bestuur, vandaag):
    aanbieder = factories.aanbieder(bestuur, naam="Oude naam")
    _wijzig_naam(aanbieder, "Nieuwe naam", vandaag)
    assert _perioden(aanbieder) == [(BEGIN, date(2026, 11, 27), "Oude naam"), (vandaag, None, "Nieuwe naam")]
    # A second change on the same day replaces the name of today's period instead of adding one.
    _wijzig_naam(aanbieder, "Nog nieuwer", vandaag)
    assert _perioden(aanbieder) == [(BEGIN, date(2026, 11, 27), "Oude naam"), (vandaag, None, "Nog nieuwer")]
    assert perioden_problemen(list(aanbieder.perioden.all()), aanbieder) == []


@pytest.mark.django_db
def test_naamwijziging_in_het_verleden_geweigerd(bestuur, vandaag):
    aanbieder = factories.aanbieder(bestuur, naam="Oude naam")
    with weigert("ingangsdatum", "De ingangsdatum (27-11-2026) ligt in het verleden. Kies vandaag (28-11-2026) of "
                                 "een latere datum"):
        _wijzig_naam(aanbieder, "Nieuwe naam", date(2026, 11, 27))
    assert _perioden(aanbieder) == [(BEGIN, None, "Oude naam")]


@pytest.mark.django_db
def test_naamwijziging_na_het_einde_geweigerd(bestuur, vandaag):
    aanbieder = factories.aanbieder(bestuur)
    org.beeindig_aanbieder(aanbieder, door="test", versie=ZONDER_VERSIECONTROLE, einddatum=EINDE_SCHOOLJAAR)
    with weigert("ingangsdatum", f"De ingangsdatum (01-08-2027) ligt na de einddatum van onderwijsaanbieder "
                                 f"{aanbieder.code} (31-07-2027)."):
        _wijzig_naam(aanbieder, "Te laat", NIEUW_SCHOOLJAAR)


@pytest.mark.django_db
def test_geplande_naamwijziging_annuleren_herstelt_een_open_periode(bestuur, vandaag):
    aanbieder = factories.aanbieder(bestuur, naam="Oude naam")
    _wijzig_naam(aanbieder, "Nieuwe naam", NIEUW_SCHOOLJAAR)
    gepland = aanbieder.perioden.get(begindatum=NIEUW_SCHOOLJAAR)

    org.annuleer_naamwijziging(aanbieder, door="test", periode_pk=gepland.pk)

    assert _perioden(aanbieder) == [(BEGIN, None, "Oude naam")]
    regel = AuditRegel.objects.filter(objectcode=aanbieder.code).order_by("-id").first()
    assert (regel.actie, regel.ingangsdatum) == (Actie.GEANNULEERD, NIEUW_SCHOOLJAAR)
    assert len(regel.voor["perioden"]) == 2
    assert regel.na["perioden"] == [{"begindatum": "2021-08-01", "einddatum": None, "naam": "Oude naam",
                                     "internationale_naam": ""}]


@pytest.mark.django_db
def test_ingegane_periode_annuleren_geweigerd(bestuur, vandaag):
    aanbieder = factories.aanbieder(bestuur, naam="Oude naam")
    _wijzig_naam(aanbieder, "Nieuwe naam", vandaag)
    huidig = aanbieder.perioden.get(begindatum=vandaag)
    with weigert("__all__", "Alleen een wijziging die nog niet is ingegaan kan worden geannuleerd."):
        org.annuleer_naamwijziging(aanbieder, door="test", periode_pk=huidig.pk)


@pytest.mark.django_db
def test_perioden_blijven_aansluitend_na_een_reeks_bewerkingen(bestuur, vandaag):
    groep = org.registreer_groep(bestuur, door="test", naam="Cluster", internationale_naam="", begindatum=BEGIN)
    aanbieder = factories.aanbieder(bestuur, naam="A")
    tweede = factories.aanbieder(bestuur, naam="Tweede")
    ao = factories.bo_opleiding(aanbieder)

    _wijzig_naam(aanbieder, "B", date(2028, 8, 1))
    _wijzig_naam(aanbieder, "C", NIEUW_SCHOOLJAAR)
    _wijzig_naam(aanbieder, "D", vandaag)
    assert _perioden(aanbieder) == [(BEGIN, date(2026, 11, 27), "A"), (vandaag, EINDE_SCHOOLJAAR, "D"),
                                    (NIEUW_SCHOOLJAAR, date(2028, 7, 31), "C"), (date(2028, 8, 1), None, "B")]
    org.annuleer_naamwijziging(aanbieder, door="test", periode_pk=aanbieder.perioden.get(naam="C").pk)
    assert _perioden(aanbieder) == [(BEGIN, date(2026, 11, 27), "A"), (vandaag, date(2028, 7, 31), "D"),
                                    (date(2028, 8, 1), None, "B")]
    org.wijzig_bestuur(bestuur, door="test", versie=ZONDER_VERSIECONTROLE,
                       ingangsdatum=NIEUW_SCHOOLJAAR, naam="Stichting Nieuw",
                       internationale_naam="", kvk_nummer="", rsin="")
    org.wijzig_groep(groep, door="test", versie=ZONDER_VERSIECONTROLE, ingangsdatum=vandaag, naam="Cluster Noord",
                     internationale_naam="")
    opl.wijzig_aangeboden_opleiding(ao, door="test", versie=ZONDER_VERSIECONTROLE,
                                    ingangsdatum=NIEUW_SCHOOLJAAR, eigen_naam="Eigen",
                                    internationale_naam="", omschrijving="",
                                    kenmerken={"doelgroepBasisonderwijs": ["BO"]})
    # Ending cuts the periods: the one covering the end stops there, later ones go.
    org.beeindig_aanbieder(tweede, door="test", versie=ZONDER_VERSIECONTROLE, einddatum=date(2027, 12, 31))
    org.beeindig_aanbieder(aanbieder, door="test", versie=ZONDER_VERSIECONTROLE, einddatum=date(2028, 1, 31))
    assert _perioden(aanbieder) == [(BEGIN, date(2026, 11, 27), "A"), (vandaag, date(2028, 1, 31), "D")]

    houders = [*Onderwijsbestuur.objects.all(), *Onderwijsaanbiedersgroep.objects.all(),
               *Onderwijsaanbieder.objects.all(), *AangebodenOpleiding.objects.all()]
    assert len(houders) == 5
    for houder in houders:
        houder.refresh_from_db()
        assert perioden_problemen(list(houder.perioden.all()), houder) == [], houder


def _periode(begin, eind, naam="X"):
    return AanbiederPeriode(begindatum=begin, einddatum=eind, naam=naam)


@pytest.mark.parametrize(("perioden", "einddatum", "problemen"), [
    ([_periode(BEGIN, EINDE_SCHOOLJAAR), _periode(NIEUW_SCHOOLJAAR, None)], None, []),
    ([_periode(BEGIN, EINDE_SCHOOLJAAR)], EINDE_SCHOOLJAAR, []),
    ([], None, ["Er is geen periode met een naam."]),
    ([_periode(BEGIN, EINDE_SCHOOLJAAR), _periode(date(2027, 9, 1), None)], None,
     ["Tussen 31-07-2027 en 01-09-2027 ligt een gat."]),
    ([_periode(BEGIN, NIEUW_SCHOOLJAAR), _periode(NIEUW_SCHOOLJAAR, None)], None,
     ["De perioden vanaf 01-08-2021 en 01-08-2027 overlappen."]),
    ([_periode(BEGIN, None), _periode(NIEUW_SCHOOLJAAR, None)], None,
     ["De perioden vanaf 01-08-2021 en 01-08-2027 overlappen."]),
    ([_periode(date(2021, 9, 1), None)], None, ["De eerste periode begint op 01-09-2021, niet op de begindatum "
                                                "01-08-2021."]),
    ([_periode(BEGIN, None)], EINDE_SCHOOLJAAR, ["De laatste periode eindigt niet op de einddatum van het object."]),
    ([_periode(BEGIN, date(2026, 7, 31))], EINDE_SCHOOLJAAR,
     ["De laatste periode eindigt niet op de einddatum van het object."]),
])
def test_perioden_problemen_meldt_gaten_overlap_en_randen(perioden, einddatum, problemen):
    houder = Onderwijsaanbieder(begindatum=BEGIN, einddatum=einddatum)
    assert perioden_problemen(perioden, houder) == problemen
    assert perioden_problemen(list(reversed(perioden)), houder) == problemen  # order of the input does not matter


@pytest.mark.django_db
def test_perioden_problemen_op_handgemaakte_rijen_in_de_database(bestuur, vandaag):
    aanbieder = factories.aanbieder(bestuur, naam="A")
    AanbiederPeriode.objects.filter(aanbieder=aanbieder).update(einddatum=EINDE_SCHOOLJAAR)
    AanbiederPeriode.objects.create(aanbieder=aanbieder, begindatum=date(2027, 9, 1), naam="B")
    assert perioden_problemen(list(aanbieder.perioden.all()), aanbieder) == [
        "Tussen 31-07-2027 en 01-09-2027 ligt een gat."]


# --- Rule 16: the past is not changed in the portal --------------------------------------------------------------

@dataclass
class Wereld:
    gebruiker: object
    bestuur: Onderwijsbestuur
    leeg_bestuur: Onderwijsbestuur
    groep: Onderwijsaanbiedersgroep
    aanbieder: Onderwijsaanbieder
    gebruik: Onderwijslocatiegebruik
    ao: AangebodenOpleiding
    contact: Contactgegevens


@pytest.fixture
def wereld(bestuur, vandaag):
    gebruiker = factories.gebruiker_met_rollen("anna", bestuur)
    gebruiker.first_name, gebruiker.last_name = "Anna", "de Vries"
    gebruiker.save()
    groep = org.registreer_groep(bestuur, door="test", naam="Cluster", internationale_naam="", begindatum=BEGIN)
    aanbieder = factories.aanbieder(bestuur, brin4="11AA")
    org.voeg_juridische_relatie_toe(aanbieder, door="test", instelling=Instellingserkenning.objects.get(code="11AB"),
                                    begindatum=vandaag)
    gebruik = factories.locatiegebruik(bestuur, brin6="11AA00")
    # A second BRIN6 link, so the first may end (a gebruik keeps at least one vestigingserkenning).
    tweede_vestiging = Vestigingserkenning.objects.create(
        code="11AA01", instelling=Instellingserkenning.objects.get(code="11AA"), naam="Nevenvestiging")
    loc.voeg_vestiging_toe(gebruik, door="test", vestiging=tweede_vestiging, begindatum=vandaag)
    gebruik = type(gebruik).objects.get(pk=gebruik.pk)
    ao = factories.bo_opleiding(aanbieder, locatie=gebruik.locatie)
    contact = cs.registreer_contact(aanbieder, door="test", context="ALGEMEEN", begindatum=vandaag,
                                    email="info@regenboog.nl")
    leeg = factories.bestuur_met_erkenningen("70007", brin4s=("77GG",))
    Instellingserkenning.objects.create(code="11AC", naam="School 11AC", bevoegd_gezag=bestuur.bevoegd_gezag)
    return Wereld(gebruiker, bestuur, leeg, groep, aanbieder, gebruik, ao, contact)


def _ververs(obj):
    return type(obj).objects.get(pk=obj.pk)


DATUMACTIES: dict[str, tuple[str, str, Callable]] = {
    "beeindig_bestuur": ("einddatum", "De einddatum", lambda w, d: org.beeindig_bestuur(
        _ververs(w.leeg_bestuur), door="test", einddatum=d)),
    "beeindig_groep": ("einddatum", "De einddatum", lambda w, d: org.beeindig_groep(
        w.groep, door="test", versie=ZONDER_VERSIECONTROLE, einddatum=d)),
    "beeindig_aanbieder": ("einddatum", "De einddatum", lambda w, d: org.beeindig_aanbieder(
        w.aanbieder, door="test", versie=ZONDER_VERSIECONTROLE, einddatum=d)),
    "beeindig_juridische_relatie": ("einddatum", "De einddatum", lambda w, d: org.beeindig_juridische_relatie(
        w.aanbieder.juridische_relaties.get(instelling__code="11AA"), door="test", einddatum=d)),
    "beeindig_locatiegebruik": ("einddatum", "De einddatum", lambda w, d: loc.beeindig_locatiegebruik(
        w.gebruik, door="test", versie=ZONDER_VERSIECONTROLE, einddatum=d)),
    "beeindig_vestigingsrelatie": ("einddatum", "De einddatum", lambda w, d: loc.beeindig_vestigingsrelatie(
        w.gebruik.vestigingsrelaties.get(vestiging__code="11AA00"), door="test", einddatum=d)),
    "beeindig_aangeboden_opleiding": ("einddatum", "De einddatum", lambda w, d: opl.beeindig_aangeboden_opleiding(
        w.ao, door="test", versie=ZONDER_VERSIECONTROLE, einddatum=d)),
    "beeindig_contact": ("einddatum", "De einddatum", lambda w, d: cs.beeindig_contact(
        w.contact, door="test", versie=ZONDER_VERSIECONTROLE, einddatum=d)),
    "wijzig_bestuur": ("ingangsdatum", "De ingangsdatum", lambda w, d: org.wijzig_bestuur(
        _ververs(w.bestuur), door="test", versie=ZONDER_VERSIECONTROLE,
            ingangsdatum=d, naam="Stichting Nieuw", internationale_naam="",
        kvk_nummer="", rsin="")),
    "wijzig_groep": ("ingangsdatum", "De ingangsdatum", lambda w, d: org.wijzig_groep(
        w.groep, door="test", versie=ZONDER_VERSIECONTROLE,
            ingangsdatum=d, naam="Cluster Zuid", internationale_naam="")),
    "wijzig_aanbieder": ("ingangsdatum", "De ingangsdatum", lambda w, d: _wijzig_naam(w.aanbieder, "Nieuw", d)),
    "wijzig_aangeboden_opleiding": ("ingangsdatum", "De ingangsdatum", lambda w, d: opl.wijzig_aangeboden_opleiding(
        w.ao, door="test", versie=ZONDER_VERSIECONTROLE,
            ingangsdatum=d, eigen_naam="Eigen naam", internationale_naam="",
        omschrijving="", kenmerken={"doelgroepBasisonderwijs": ["BO"]})),
    "voeg_juridische_relatie_toe": ("begindatum", "De begindatum", lambda w, d: org.voeg_juridische_relatie_toe(
        w.aanbieder, door="test", instelling=_tweede_instelling(w), begindatum=d)),
    "voeg_vestiging_toe": ("begindatum", "De begindatum", lambda w, d: loc.voeg_vestiging_toe(
        w.gebruik, door="test", vestiging=Vestigingserkenning.objects.get(code="11AB00"), begindatum=d)),
    "registreer_contact": ("begindatum", "De begindatum", lambda w, d: cs.registreer_contact(
        w.aanbieder, door="test", context="LEERPLICHT", begindatum=d, email="lp@regenboog.nl")),
}


def _tweede_instelling(w):
    return Instellingserkenning.objects.get(code="11AC")


@pytest.mark.django_db
@pytest.mark.parametrize("naam", list(DATUMACTIES))
def test_wijziging_of_einde_in_het_verleden_geweigerd_en_vandaag_toegestaan(wereld, vandaag, naam):
    veld, wat, actie = DATUMACTIES[naam]
    gisteren = vandaag - timedelta(days=1)
    # A new object (registreer_contact) has no page to correct on yet: its message says so (regels.niet_in_verleden).
    with weigert(veld, f"{wat} (27-11-2026) ligt in het verleden. Kies vandaag (28-11-2026) of een latere datum; ",
                 "een functioneel beheerder van DUO"):
        actie(wereld, gisteren)
    audit_voor = AuditRegel.objects.count()
    actie(wereld, vandaag)
    assert AuditRegel.objects.count() > audit_voor


# --- Audit: one entry per change, with before and after --------------------------------------------------------

def _nieuw_bestuur(w):
    return org.maak_bestuur_voor_bevoegd_gezag(BevoegdGezag.objects.create(nummer="80008", naam="Stichting Acht"),
                                               BEGIN, door=w.gebruiker)


def _beeindig_leeg_bestuur(w):
    return org.beeindig_bestuur(_ververs(w.leeg_bestuur), door=w.gebruiker, einddatum=EINDE_SCHOOLJAAR)


def _annuleer(w):
    _wijzig_naam(w.aanbieder, "Gepland", NIEUW_SCHOOLJAAR)
    periode = w.aanbieder.perioden.get(begindatum=NIEUW_SCHOOLJAAR)
    return lambda: org.annuleer_naamwijziging(w.aanbieder, door=w.gebruiker, periode_pk=periode.pk) or w.aanbieder


def _beeindig_relatie(w):
    relatie = w.aanbieder.juridische_relaties.get(instelling__code="11AA")
    return lambda: org.beeindig_juridische_relatie(relatie, door=w.gebruiker, einddatum=EINDE_SCHOOLJAAR) or \
        w.aanbieder


def _beeindig_vestigingsrelatie(w):
    relatie = w.gebruik.vestigingsrelaties.get(vestiging__code="11AA00")
    return lambda: loc.beeindig_vestigingsrelatie(relatie, door=w.gebruiker, einddatum=EINDE_SCHOOLJAAR) or w.gebruik


def _beeindig_leeg_gebruik(w):
    gebruik = loc.registreer_locatiegebruik(w.bestuur, door="voorbereiding", postcode="3511AB", huisnummer=2,
                                            begindatum=BEGIN, vestiging=Vestigingserkenning.objects.get(code="11AB00"))
    return lambda: loc.beeindig_locatiegebruik(gebruik, door=w.gebruiker, versie=1, einddatum=EINDE_SCHOOLJAAR)


def _beeindig_kale_aanbieder(w):
    aanbieder = factories.aanbieder(w.bestuur, naam="Kort bestaan")
    return lambda: org.beeindig_aanbieder(aanbieder, door=w.gebruiker, versie=1, einddatum=EINDE_SCHOOLJAAR)


def _zonder_voorbereiding(actie):
    return lambda w: (lambda: actie(w))


# name -> (preparation returning the action, expected actie, objecttype). The action returns the audited object.
AUDITACTIES: dict[str, tuple[Callable, str, str]] = {
    "maak_bestuur_voor_bevoegd_gezag": (_zonder_voorbereiding(_nieuw_bestuur), Actie.AANGEMAAKT, "onderwijsbestuur"),
    "wijzig_bestuur (gepland)": (_zonder_voorbereiding(lambda w: org.wijzig_bestuur(
        _ververs(w.bestuur), door=w.gebruiker, versie=ZONDER_VERSIECONTROLE,
            ingangsdatum=NIEUW_SCHOOLJAAR, naam="Stichting Nieuw",
        internationale_naam="", kvk_nummer="12345678", rsin="")), Actie.GEPLAND, "onderwijsbestuur"),
    "beeindig_bestuur": (_zonder_voorbereiding(_beeindig_leeg_bestuur), Actie.BEEINDIGD, "onderwijsbestuur"),
    "registreer_groep": (_zonder_voorbereiding(lambda w: org.registreer_groep(
        w.bestuur, door=w.gebruiker, naam="Cluster Oost", internationale_naam="", begindatum=BEGIN)),
        Actie.AANGEMAAKT, "onderwijsaanbiedersgroep"),
    "wijzig_groep": (_zonder_voorbereiding(lambda w: org.wijzig_groep(
        w.groep, door=w.gebruiker, versie=1, ingangsdatum=NIEUW_SCHOOLJAAR, naam="Cluster West",
        internationale_naam="")), Actie.GEPLAND, "onderwijsaanbiedersgroep"),
    "beeindig_groep": (_zonder_voorbereiding(lambda w: org.beeindig_groep(
        w.groep, door=w.gebruiker, versie=1, einddatum=EINDE_SCHOOLJAAR)), Actie.BEEINDIGD,
        "onderwijsaanbiedersgroep"),
    "registreer_aanbieder": (_zonder_voorbereiding(lambda w: org.registreer_aanbieder(
        w.bestuur, door=w.gebruiker, naam="De Vlinder", begindatum=BEGIN,
        instellingen=[Instellingserkenning.objects.get(code="11AB")])), Actie.AANGEMAAKT, "onderwijsaanbieder"),
    "wijzig_aanbieder": (_zonder_voorbereiding(lambda w: org.wijzig_aanbieder(
        w.aanbieder, door=w.gebruiker, versie=ZONDER_VERSIECONTROLE,
            ingangsdatum=NIEUW_SCHOOLJAAR, naam="Nieuw", internationale_naam="",
        groep=w.groep)), Actie.GEPLAND, "onderwijsaanbieder"),
    "annuleer_naamwijziging": (_annuleer, Actie.GEANNULEERD, "onderwijsaanbieder"),
    "voeg_juridische_relatie_toe": (_zonder_voorbereiding(lambda w: org.voeg_juridische_relatie_toe(
        w.aanbieder, door=w.gebruiker, instelling=_tweede_instelling(w), begindatum=NIEUW_SCHOOLJAAR).aanbieder),
        Actie.GEWIJZIGD, "onderwijsaanbieder"),
    "beeindig_juridische_relatie": (_beeindig_relatie, Actie.BEEINDIGD, "onderwijsaanbieder"),
    "registreer_locatiegebruik": (_zonder_voorbereiding(lambda w: loc.registreer_locatiegebruik(
        w.bestuur, door=w.gebruiker, postcode="3511 AB", huisnummer=1, begindatum=BEGIN,
        vestiging=Vestigingserkenning.objects.get(code="11AB00"))), Actie.AANGEMAAKT, "onderwijslocatiegebruik"),
    "voeg_vestiging_toe": (_zonder_voorbereiding(lambda w: loc.voeg_vestiging_toe(
        w.gebruik, door=w.gebruiker, vestiging=Vestigingserkenning.objects.get(code="11AB00"),
        begindatum=NIEUW_SCHOOLJAAR).gebruik), Actie.GEWIJZIGD, "onderwijslocatiegebruik"),
    "beeindig_vestigingsrelatie": (_beeindig_vestigingsrelatie, Actie.BEEINDIGD, "onderwijslocatiegebruik"),
    "registreer_aangeboden_opleiding": (_zonder_voorbereiding(lambda w: opl.registreer_aangeboden_opleiding(
        w.aanbieder, door=w.gebruiker, opleiding=factories.opleiding_naam("Basisonderwijs"), locatie=None,
        begindatum=BEGIN, kenmerken={"doelgroepBasisonderwijs": ["SBO"]})), Actie.AANGEMAAKT, "aangeboden opleiding"),
    "wijzig_aangeboden_opleiding": (_zonder_voorbereiding(lambda w: opl.wijzig_aangeboden_opleiding(
        w.ao, door=w.gebruiker, versie=1, ingangsdatum=NIEUW_SCHOOLJAAR, eigen_naam="Eigen", internationale_naam="",
        omschrijving="", kenmerken={"doelgroepBasisonderwijs": ["BO"], "onderwijsconcept": ["DALTON"]})),
        Actie.GEPLAND, "aangeboden opleiding"),
    "beeindig_aangeboden_opleiding": (_zonder_voorbereiding(lambda w: opl.beeindig_aangeboden_opleiding(
        w.ao, door=w.gebruiker, versie=1, einddatum=EINDE_SCHOOLJAAR)), Actie.BEEINDIGD, "aangeboden opleiding"),
    "registreer_contact": (_zonder_voorbereiding(lambda w: cs.registreer_contact(
        w.bestuur, door=w.gebruiker, context="ALGEMEEN", begindatum=tijd.vandaag(),
        telefoonnummer="050 599 7738")), Actie.AANGEMAAKT, "contactgegevens"),
    "wijzig_contact": (_zonder_voorbereiding(lambda w: cs.wijzig_contact(
        w.contact, door=w.gebruiker, versie=1, email="nieuw@regenboog.nl")), Actie.GEWIJZIGD, "contactgegevens"),
    "beeindig_contact": (_zonder_voorbereiding(lambda w: cs.beeindig_contact(
        w.contact, door=w.gebruiker, versie=1, einddatum=EINDE_SCHOOLJAAR)), Actie.BEEINDIGD, "contactgegevens"),
    "beeindig_locatiegebruik (zonder opleidingen)": (_beeindig_leeg_gebruik, Actie.BEEINDIGD,
                                                     "onderwijslocatiegebruik"),
    "beeindig_aanbieder (zonder opleidingen en contacten)": (_beeindig_kale_aanbieder, Actie.BEEINDIGD,
                                                             "onderwijsaanbieder"),
}
MET_PERIODEN = {"onderwijsbestuur", "onderwijsaanbiedersgroep", "onderwijsaanbieder", "aangeboden opleiding"}


def _bestuurcode(obj) -> str:
    return obj.bestuur_van_eenheid.code if isinstance(obj, Contactgegevens) else obj.bestuur.code


@pytest.mark.django_db
@pytest.mark.parametrize("naam", list(AUDITACTIES))
def test_elke_wijzigende_service_schrijft_precies_een_auditregel(wereld, vandaag, naam):
    voorbereiding, actie, objecttype = AUDITACTIES[naam]
    uitvoeren = voorbereiding(wereld)
    laatste_id = AuditRegel.objects.order_by("-id").values_list("id", flat=True).first()

    obj = uitvoeren()

    nieuw = list(AuditRegel.objects.filter(id__gt=laatste_id, gebruikersnaam="Anna de Vries"))
    assert len(nieuw) == 1, [(r.actie, r.objecttype, r.gebruikersnaam) for r in nieuw]
    assert AuditRegel.objects.filter(id__gt=laatste_id).count() == 1
    regel = nieuw[0]
    assert regel.gebruiker_id == wereld.gebruiker.pk
    assert (regel.actie, regel.objecttype, regel.objectcode) == (actie, objecttype, audit.objectcode(obj))
    assert regel.bestuurcode == _bestuurcode(obj)
    assert regel.omschrijving
    assert regel.tijdstip is not None
    if actie == Actie.AANGEMAAKT:
        assert regel.voor is None
    else:
        assert isinstance(regel.voor, dict)
        assert regel.voor != regel.na
    assert regel.na == audit.momentopname(_ververs(obj))
    if objecttype in MET_PERIODEN:
        assert regel.na["perioden"], regel.na
        assert set(regel.na["perioden"][0]) >= {"begindatum", "einddatum"}
    if objecttype == "onderwijsaanbieder":
        assert regel.na["juridische_relaties"]
    if objecttype == "onderwijslocatiegebruik":
        assert regel.na["vestigingsrelaties"]


@pytest.mark.django_db
def test_auditregel_bewaart_voor_en_na_met_perioden(wereld, vandaag):
    aanbieder = wereld.aanbieder
    _wijzig_naam(aanbieder, "Nieuwe naam", NIEUW_SCHOOLJAAR)
    regel = AuditRegel.objects.filter(objectcode=aanbieder.code).order_by("-id").first()
    assert (regel.gebruikersnaam, regel.bestuurcode, regel.ingangsdatum) == ("test", wereld.bestuur.code,
                                                                             NIEUW_SCHOOLJAAR)
    assert [(p["begindatum"], p["einddatum"], p["naam"]) for p in regel.voor["perioden"]] == [
        ("2021-08-01", None, "De Regenboog")]
    assert [(p["begindatum"], p["einddatum"], p["naam"]) for p in regel.na["perioden"]] == [
        ("2021-08-01", "2027-07-31", "De Regenboog"), ("2027-08-01", None, "Nieuwe naam")]
    assert regel.wijzigingen() == [("perioden", regel.voor["perioden"], regel.na["perioden"])]


@pytest.mark.django_db
def test_wijziging_zonder_verschil_schrijft_geen_auditregel(wereld, vandaag):
    aanbieder = _ververs(wereld.aanbieder)
    voor = factories.stand()
    _wijzig_naam(aanbieder, aanbieder.periode_op(vandaag).naam, vandaag, versie=aanbieder.versie)
    assert factories.stand() == voor
    assert _ververs(aanbieder).versie == aanbieder.versie


@pytest.mark.django_db(transaction=True)
def test_audit_registreer_buiten_een_transactie_geweigerd():
    bestuur = factories.bestuur_met_erkenningen("90009", brin4s=("99ZZ",))
    aantal = AuditRegel.objects.count()
    with pytest.raises(RuntimeError, match=r"Een auditregel hoort in dezelfde transactie als de wijziging\."):
        audit.registreer(door="test", actie=Actie.GEWIJZIGD, obj=bestuur, bestuurcode=bestuur.code,
                         omschrijving="buiten transactie", voor=None)
    assert AuditRegel.objects.count() == aantal
    with transaction.atomic():
        audit.registreer(door="test", actie=Actie.GEWIJZIGD, obj=bestuur, bestuurcode=bestuur.code,
                         omschrijving="binnen transactie", voor=None)
    assert AuditRegel.objects.count() == aantal + 1


@pytest.mark.django_db
def test_auditregel_is_niet_te_wijzigen_of_te_verwijderen(bestuur):
    regel = AuditRegel.objects.get(objectcode=bestuur.code)
    regel.omschrijving = "vervalst"
    with pytest.raises(PermissionError, match=r"Auditregels kunnen niet worden gewijzigd\."):
        regel.save()
    with pytest.raises(PermissionError, match=r"Auditregels kunnen niet worden verwijderd\."):
        regel.delete()
    bewaard = AuditRegel.objects.get(pk=regel.pk)
    assert bewaard.omschrijving != "vervalst"


@pytest.mark.django_db
def test_geweigerde_wijziging_laat_geen_auditregel_achter(wereld, vandaag):
    for model in (BestuurPeriode, GroepPeriode):
        assert model.objects.exists()
    with weigert("naam", "Vul een naam in."):
        _wijzig_naam(wereld.aanbieder, "", NIEUW_SCHOOLJAAR)
