"""The OSR services: a board mandates a system per school and dienst (rio-po.md §4); every refusal says how to
fix it and stores nothing, every change leaves an audit entry in the same transaction."""

from datetime import date, timedelta

import pytest

from autorisatie import osr
from autorisatie.models import Dienst, Mandaat
from kern.fouten import RegelFout
from registratie.models import AuditRegel, Instellingserkenning
from tests.helpers import factories
from tests.helpers.osr import stand

pytestmark = pytest.mark.django_db


def school(code: str) -> Instellingserkenning:
    return Instellingserkenning.objects.get(code=code)


def weigering(functie, *args, **kwargs) -> dict[str, list[str]]:
    """Call a service that must refuse; returns its messages and proves nothing was stored."""
    voor = stand()
    with pytest.raises(RegelFout) as fout:
        functie(*args, **kwargs)
    assert stand() == voor
    return fout.value.message_dict


# --- voeg_mandaat_toe --------------------------------------------------------------------------------------

def test_mandaat_toevoegen_begint_standaard_vandaag_en_wordt_geaudit(bestuur, las, osr_gebruiker, vandaag):
    m = osr.voeg_mandaat_toe(bestuur, school("11AA"), Dienst.RIO, las, door=osr_gebruiker)
    assert (m.begindatum, m.einddatum, m.bestuur, m.aangemaakt_door) == (vandaag, None, bestuur, osr_gebruiker)
    assert m.is_actief_op(vandaag)
    regel = AuditRegel.objects.get(objecttype="mandaat")
    assert (regel.actie, regel.objecttype, regel.objectcode) == ("aangemaakt", "mandaat", str(m.pk))
    assert regel.bestuurcode == bestuur.code and regel.gebruiker == osr_gebruiker and regel.voor is None
    assert regel.na["instelling"] == "11AA" and regel.na["dienst"] == "RIO" and regel.ingangsdatum == vandaag
    assert "11AA" in regel.omschrijving and "Voorbeeld LAS" in regel.omschrijving


def test_school_van_een_ander_bestuur_wordt_geweigerd(bestuur, ander_bestuur, las, vandaag):
    fouten = weigering(osr.voeg_mandaat_toe, bestuur, school("22BB"), Dienst.RIO, las, door="test")
    assert "school van een ander bestuur" in fouten["instelling"][0] and bestuur.code in fouten["instelling"][0]


def test_einddatum_voor_begindatum(bestuur, las, vandaag):
    fouten = weigering(osr.voeg_mandaat_toe, bestuur, school("11AA"), Dienst.RIO, las, vandaag + timedelta(days=5),
                       vandaag + timedelta(days=4), door="test")
    assert "Kies een einddatum op of na de begindatum" in fouten["einddatum"][0]


def test_einddatum_gelijk_aan_begindatum_mag(bestuur, las, vandaag):
    m = osr.voeg_mandaat_toe(bestuur, school("11AA"), Dienst.RIO, las, vandaag, vandaag, door="test")
    assert m.is_actief_op(vandaag) and not m.is_actief_op(vandaag + timedelta(days=1))


def test_begindatum_in_het_verleden(bestuur, las, vandaag):
    fouten = weigering(osr.voeg_mandaat_toe, bestuur, school("11AA"), Dienst.RIO, las, vandaag - timedelta(days=1),
                       door="test")
    assert "in het verleden" in fouten["begindatum"][0] and "28-11-2026" in fouten["begindatum"][0]


def test_inactief_systeem(bestuur, oud_las, vandaag):
    fouten = weigering(osr.voeg_mandaat_toe, bestuur, school("11AA"), Dienst.RIO, oud_las, door="test")
    assert "niet actief" in fouten["systeem"][0] and "Kies een actief systeem" in fouten["systeem"][0]


def test_onbekende_dienst(bestuur, las, vandaag):
    fouten = weigering(osr.voeg_mandaat_toe, bestuur, school("11AA"), "FAX", las, door="test")
    assert fouten["dienst"] == ["Kies een dienst uit de lijst, bijvoorbeeld RIO."]


def test_overlappend_mandaat_zelfde_school_dienst_en_systeem(bestuur, las, vandaag):
    factories.mandaat(bestuur, "11AA", las, einddatum=vandaag + timedelta(days=10))
    fouten = weigering(osr.voeg_mandaat_toe, bestuur, school("11AA"), Dienst.RIO, las, vandaag + timedelta(days=10),
                       door="test")
    assert "al een mandaat voor Voorbeeld LAS" in fouten["instelling"][0]
    assert "Beëindig dat mandaat eerst" in fouten["instelling"][0]
    # The day after the end, another dienst, or a second LAS for the same school: all allowed.
    osr.voeg_mandaat_toe(bestuur, school("11AA"), Dienst.RIO, las, vandaag + timedelta(days=11), door="test")
    osr.voeg_mandaat_toe(bestuur, school("11AA"), Dienst.ROD_PO, las, door="test")
    assert Mandaat.objects.count() == 3


def test_tweede_las_voor_dezelfde_school(bestuur, las, ander_las, vandaag):
    factories.mandaat(bestuur, "11AA", las)
    osr.voeg_mandaat_toe(bestuur, school("11AA"), Dienst.RIO, ander_las, door="test")
    assert set(Mandaat.objects.values_list("systeem__naam", flat=True)) == {"Voorbeeld LAS", "Ander LAS"}


def test_opgeheven_school(bestuur, las, vandaag):
    Instellingserkenning.objects.filter(code="11AB").update(einddatum=vandaag + timedelta(days=3))
    fouten = weigering(osr.voeg_mandaat_toe, bestuur, school("11AB"), Dienst.RIO, las, vandaag + timedelta(days=4),
                       door="test")
    assert "bestaat niet meer na" in fouten["instelling"][0]


# --- beeindig_mandaat ---------------------------------------------------------------------------------------

def test_beeindigen_met_audit_voor_en_na(bestuur, las, osr_gebruiker, vandaag):
    m = factories.mandaat(bestuur, "11AA", las)
    osr.beeindig_mandaat(m, date(2027, 7, 31), door=osr_gebruiker)
    m.refresh_from_db()
    assert m.einddatum == date(2027, 7, 31) and m.is_actief_op(date(2027, 7, 31))
    assert not m.is_actief_op(date(2027, 8, 1))
    regel = AuditRegel.objects.get(objecttype="mandaat")
    assert regel.actie == "beeindigd" and regel.voor["einddatum"] is None and regel.na["einddatum"] == "2027-07-31"
    assert regel.bestuurcode == bestuur.code and regel.gebruiker == osr_gebruiker


def test_beeindigen_zonder_datum_is_vandaag_de_laatste_dag(bestuur, las, vandaag):
    m = osr.beeindig_mandaat(factories.mandaat(bestuur, "11AA", las), door="test")
    assert m.einddatum == vandaag


def test_beeindigen_weigeringen(bestuur, las, vandaag):
    m = factories.mandaat(bestuur, "11AA", las, einddatum=date(2027, 7, 31))
    assert "in het verleden" in weigering(osr.beeindig_mandaat, m, vandaag - timedelta(days=1),
                                          door="test")["einddatum"][0]
    assert "alleen eerder laten eindigen" in weigering(osr.beeindig_mandaat, m, date(2027, 8, 1),
                                                       door="test")["einddatum"][0]
    toekomstig = factories.mandaat(bestuur, "11AB", las, begindatum=date(2027, 1, 1))
    assert "vóór de begindatum van het mandaat" in weigering(osr.beeindig_mandaat, toekomstig, date(2026, 12, 31),
                                                             door="test")["einddatum"][0]
    verlopen = factories.mandaat(bestuur, "11AB", las, einddatum=vandaag - timedelta(days=1))
    assert "al beëindigd" in weigering(osr.beeindig_mandaat, verlopen, vandaag, door="test")["__all__"][0]


# --- kopieer_mandaat ----------------------------------------------------------------------------------------

def test_kopieren_naar_gekozen_scholen(drie_scholen, las, vandaag):
    bron = factories.mandaat(drie_scholen, "33AA", las, einddatum=date(2028, 7, 31))
    kopieen = osr.kopieer_mandaat(bron, [school("33AB"), school("33AC")], door="test")
    assert [(k.instelling.code, k.dienst, k.systeem, k.begindatum, k.einddatum) for k in kopieen] == [
        (code, "RIO", las, vandaag, date(2028, 7, 31)) for code in ("33AB", "33AC")]
    regels = AuditRegel.objects.filter(objecttype="mandaat", actie="aangemaakt")
    assert regels.count() == 2 and all("gekopieerd van school 33AA" in r.omschrijving for r in regels)
    assert {r.bestuurcode for r in regels} == {drie_scholen.code}


def test_kopieren_alles_of_niets(drie_scholen, las, vandaag):
    bron = factories.mandaat(drie_scholen, "33AA", las)
    factories.mandaat(drie_scholen, "33AC", las)  # 33AC already has this mandate: the copy must store nothing
    fouten = weigering(osr.kopieer_mandaat, bron, [school("33AB"), school("33AC")], door="test")
    assert len(fouten["instellingen"]) == 1 and "School 33AC" in fouten["instellingen"][0]
    assert not Mandaat.objects.filter(instelling__code="33AB").exists()


def test_kopieren_naar_school_van_ander_bestuur_slaat_niets_op(drie_scholen, ander_bestuur, las, vandaag):
    bron = factories.mandaat(drie_scholen, "33AA", las)
    fouten = weigering(osr.kopieer_mandaat, bron, [school("33AB"), school("22BB")], door="test")
    assert "School 22BB is een school van een ander bestuur" in fouten["instellingen"][0]


def test_kopieren_zonder_keuze_of_van_verlopen_mandaat(drie_scholen, las, vandaag):
    bron = factories.mandaat(drie_scholen, "33AA", las)
    assert "Kies ten minste één school" in weigering(osr.kopieer_mandaat, bron, [], door="test")["instellingen"][0]
    verlopen = factories.mandaat(drie_scholen, "33AB", las, einddatum=vandaag - timedelta(days=1))
    assert "kan niet meer worden gekopieerd" in weigering(osr.kopieer_mandaat, verlopen, [school("33AC")],
                                                          door="test")["__all__"][0]


def test_toekomstig_mandaat_wordt_gekopieerd_met_zijn_begindatum(drie_scholen, las, vandaag):
    bron = factories.mandaat(drie_scholen, "33AA", las, begindatum=date(2027, 8, 1))
    [kopie] = osr.kopieer_mandaat(bron, [school("33AB")], door="test")
    assert kopie.begindatum == date(2027, 8, 1)


# --- mandaten_overzicht -------------------------------------------------------------------------------------

def test_overzicht_status_zonder_rio_en_binnenkort(drie_scholen, las, vandaag):
    factories.mandaat(drie_scholen, "33AA", las, einddatum=vandaag + timedelta(days=30))  # ends within 30 days
    factories.mandaat(drie_scholen, "33AA", las, dienst="ROD_PO", einddatum=vandaag + timedelta(days=31))
    factories.mandaat(drie_scholen, "33AB", las, einddatum=vandaag - timedelta(days=1))
    factories.mandaat(drie_scholen, "33AB", las, begindatum=vandaag + timedelta(days=1))
    overzicht = osr.mandaten_overzicht(drie_scholen, vandaag)
    statussen = {s.code: [(r.mandaat.dienst, r.status) for r in regels] for s, regels in overzicht.per_school}
    assert statussen == {"33AA": [("RIO", "actief"), ("ROD_PO", "actief")],
                         "33AB": [("RIO", "beëindigd"), ("RIO", "toekomstig")], "33AC": []}
    assert [s.code for s in overzicht.zonder_rio] == ["33AB", "33AC"]
    assert [(m.instelling.code, m.dienst) for m in overzicht.eindigen_binnenkort] == [("33AA", "RIO")]
    # The same question as the stappenplan and the controle rule ask.
    assert overzicht.zonder_rio == list(osr.scholen_zonder_rio_mandaat(drie_scholen, vandaag))
