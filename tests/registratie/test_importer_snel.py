"""The fast importer (issue #7): COPY instead of bulk_create on PostgreSQL, boards in one batch, a faster reader.

These tests prove it writes exactly what the slower path wrote: the same rows and the same audit entries
(each with its own before/after), nothing on a second run, all or nothing when something fails halfway.
They run on SQLite too, where the writer falls back to bulk_create.
"""

import sys
import unicodedata
import uuid
from datetime import date
from typing import Any

import pytest
from django.contrib.auth import get_user_model
from django.db import IntegrityError, connection, models, transaction
from django.db.models import F
from django.test.utils import CaptureQueriesContext

from registratie.importer import toepassen as importer
from registratie.importer.lezen import STUURTEKEN, lees_bestand
from registratie.importer.toepassen import DOOR, importeer, toestand
from registratie.models import (
    AuditRegel,
    BestuurPeriode,
    BevoegdGezag,
    Codeteller,
    Instellingserkenning,
    Onderwijsbestuur,
    Vestigingserkenning,
)
from registratie.services import audit, bulk, perioden
from registratie.services import organisatie as org
from registratie.services.codes import nieuwe_code
from tests.helpers.importer import GELDIGE_RIJ, KOP_2020, csv_bytes, vestiging

Actie = AuditRegel.Actie
ERKENNINGEN = (BevoegdGezag, Instellingserkenning, Vestigingserkenning)


# --- Snapshots to import -------------------------------------------------------------------------------------

def _eerste_bestand() -> bytes:
    """2020 format: three bevoegde gezagen, four BRIN4s, six BRIN6s, one rejected row."""
    rijen = [
        vestiging("11AA00", "10001", vestigingsnaam="De Regenboog"),
        vestiging("11AA01", "10001", vestigingsnaam="De Regenboog dependance", huisnummer_toevoeging="5-A"),
        vestiging("12AB00", "10001", vestigingsnaam="Het Anker"),
        vestiging("21BB00", "20002", vestigingsnaam="De Wilg", telefoonnummer="030-1234567"),
        vestiging("21BB01", "20002", vestigingsnaam='Basisschool "Kla4"', postcode="1234 AB"),
        vestiging("31CC00", "30003", vestigingsnaam="Sint Jozef\\school", internetadres="www.jozef.nl/"),
        vestiging("32CC00", "30003", postcode="kapot"),
    ]
    rijen = [{{"INSTELLINGSCODE": "BRIN NUMMER", "VESTIGINGSCODE": "VESTIGINGSNUMMER"}.get(k, k): v
              for k, v in r.items()} for r in rijen]
    return csv_bytes(rijen, kop=KOP_2020)


def _tweede_bestand() -> bytes:
    """2026 format: a rename, a BRIN4 moved to another bevoegd gezag, a BRIN6, BRIN4 and bevoegd gezag gone,
    a new bevoegd gezag with a new BRIN4."""
    return csv_bytes([
        vestiging("11AA00", "10001", vestigingsnaam="De Regenboog (nieuw)"),
        vestiging("12AB00", "20002", vestigingsnaam="Het Anker"),
        vestiging("21BB00", "20002", vestigingsnaam="De Wilg", telefoonnummer="030-1234567"),
        vestiging("21BB01", "20002", vestigingsnaam='Basisschool "Kla4"', postcode="1234 AB"),
        vestiging("41DD00", "40004", vestigingsnaam="Nieuwe school"),
    ])


def _importeer(inhoud: bytes, peildatum: date):
    return importeer(lees_bestand(inhoud, "test.csv"), peildatum)


# --- A comparable picture of what is stored ---------------------------------------------------------------------

def _natuurlijk(obj: models.Model) -> dict[str, Any]:
    """All stored fields except ids and timestamps; a foreign key by the natural key of what it points at."""
    uit: dict[str, Any] = {}
    for veld in obj._meta.concrete_fields:
        if veld.primary_key or veld.name in ("bijgewerkt_op", "tijdstip"):
            continue
        waarde = getattr(obj, veld.name)
        if isinstance(veld, models.ForeignKey):
            waarde = None if waarde is None else str(getattr(waarde, "code", getattr(waarde, "nummer", waarde.pk)))
        uit[veld.name] = waarde
    return uit


def _snapshot_zonder_ids(snapshot: dict | None, gezag_nummers: dict[str, str]) -> dict | None:
    """An audit snapshot of a board shows its bevoegd gezag by id (audit._waarde); use the nummer to compare."""
    if snapshot is None or "bevoegd_gezag" not in snapshot or "code" not in snapshot:
        return snapshot
    return {**snapshot, "bevoegd_gezag": gezag_nummers.get(snapshot["bevoegd_gezag"], snapshot["bevoegd_gezag"])}


def _beeld() -> dict[str, list]:
    gezag_nummers = {str(pk): nummer for pk, nummer in BevoegdGezag.objects.values_list("pk", "nummer")}
    beeld = {model.__name__: [_natuurlijk(o) for o in model.objects.order_by("pk")]
             for model in (*ERKENNINGEN, Onderwijsbestuur, BestuurPeriode)}
    beeld["AuditRegel"] = [
        {**_natuurlijk(r), "voor": _snapshot_zonder_ids(r.voor, gezag_nummers),
         "na": _snapshot_zonder_ids(r.na, gezag_nummers)}
        for r in AuditRegel.objects.order_by("pk")
    ]
    beeld["Codeteller"] = list(Codeteller.objects.order_by("letter").values_list("letter", "laatste"))
    return beeld


def _importeer_en_beeld(stappen: list[tuple[bytes, date]]) -> tuple[list[dict], dict[str, list]]:
    """Apply the snapshots in a savepoint that is rolled back afterwards; return the counts and the picture."""
    with transaction.atomic():
        tellingen = []
        for inhoud, peildatum in stappen:
            resultaat = _importeer(inhoud, peildatum)
            tellingen.append({s: vars(t) for s, t in resultaat.tellingen.items()})
        beeld = _beeld()
        transaction.set_rollback(True)
    return tellingen, beeld


def _bulk_create(model, objecten, alias):
    """The writer as it was before: Django's bulk_create (on PostgreSQL, INSERT ... RETURNING id)."""
    model._default_manager.using(alias).bulk_create(objecten, batch_size=500)


# --- The fast path writes exactly what the slow one wrote -----------------------------------------------------

@pytest.mark.django_db
def test_snel_pad_schrijft_dezelfde_rijen_en_auditregels_als_bulk_create(monkeypatch):
    stappen = [(_eerste_bestand(), date(2020, 12, 1)), (_tweede_bestand(), date(2026, 8, 1)),
               (_tweede_bestand(), date(2026, 8, 1))]
    snel = _importeer_en_beeld(stappen)
    monkeypatch.setattr(bulk, "_kopieer", _bulk_create)  # on SQLite both runs use bulk_create
    traag = _importeer_en_beeld(stappen)
    assert snel == traag
    tellingen, beeld = snel
    assert tellingen[0]["BRIN6"]["aangemaakt"] == 6 and tellingen[0]["BRIN6"]["geweigerd"] == 1
    assert len(beeld["AuditRegel"]) > 20


@pytest.mark.django_db
def test_in_blokken_geschreven_is_hetzelfde_als_per_stap(monkeypatch):
    """New BRIN4s and BRIN6s, and their audit entries, go to the database a block at a time as they are made (keys
    reserved up front): with blocks of two rows the stored rows, ids, entries and counts are those of one write per
    step."""
    stappen = [(_eerste_bestand(), date(2020, 12, 1)), (_tweede_bestand(), date(2026, 8, 1))]
    per_stap = _importeer_en_beeld(stappen)
    schrijfacties: list[str] = []
    echte_schrijf_nieuw = bulk.schrijf_nieuw

    def tel(objecten, **kwargs):
        if objecten:
            schrijfacties.append(type(objecten[0]).__name__)
        echte_schrijf_nieuw(objecten, **kwargs)

    monkeypatch.setattr(bulk, "schrijf_nieuw", tel)
    monkeypatch.setattr(bulk, "BLOK", 2)
    in_blokken = _importeer_en_beeld(stappen)
    assert in_blokken == per_stap
    if connection.vendor == "postgresql":
        # The first file's six new BRIN6s and four BRIN4s two at a time; the second file's one new of each.
        assert (schrijfacties.count("Vestigingserkenning"), schrijfacties.count("Instellingserkenning")) == (3 + 1,
                                                                                                             2 + 1)
    else:  # no keys to reserve (bulk_create gives them): one write per step, as before
        assert (schrijfacties.count("Vestigingserkenning"), schrijfacties.count("Instellingserkenning")) == (2, 2)


@pytest.mark.skipif("connection.vendor != 'postgresql'")
@pytest.mark.django_db
def test_sleutels_van_nieuwe_erkenningen_genomen_voor_er_iets_in_de_rij_staat(monkeypatch):
    """A query waits for every row queued before it (bulk.op_de_achtergrond): the keys of the new erkenningen are
    taken before the first COPY, so that writing them needs no query at all."""
    gebeurd: list[tuple[str, str]] = []
    echte_sleutels, echte_kopieer = bulk._volgende_sleutels, bulk._Achtergrond.kopieer

    def sleutels(verbinding, meta, aantal):
        gebeurd.append(("sleutels", meta.model.__name__))
        return echte_sleutels(verbinding, meta, aantal)

    def kopieer(achtergrond, sql, blokken):
        gebeurd.append(("copy", sql))
        echte_kopieer(achtergrond, sql, blokken)

    monkeypatch.setattr(bulk, "_volgende_sleutels", sleutels)
    monkeypatch.setattr(bulk._Achtergrond, "kopieer", kopieer)
    _importeer(_eerste_bestand(), date(2020, 12, 1))
    eerste_copy = next(i for i, (soort, _) in enumerate(gebeurd) if soort == "copy")
    erkenningen = [(i, naam) for i, (soort, naam) in enumerate(gebeurd)
                   if soort == "sleutels" and naam in {m.__name__ for m in ERKENNINGEN}]
    assert [naam for _, naam in erkenningen] == [m.__name__ for m in ERKENNINGEN]
    assert all(i < eerste_copy for i, _ in erkenningen)


@pytest.mark.django_db
def test_eerste_import_geeft_elke_rij_een_eigen_auditregel_en_tweede_keer_niets():
    _importeer(_eerste_bestand(), date(2020, 12, 1))
    besturen = {b.bevoegd_gezag.nummer: b for b in Onderwijsbestuur.objects.select_related("bevoegd_gezag")}
    assert set(besturen) == {"10001", "20002", "30003"}
    for model in ERKENNINGEN:
        for obj in model.objects.all():
            regel = AuditRegel.objects.get(objecttype=obj._meta.verbose_name, objectcode=audit.objectcode(obj))
            assert (regel.actie, regel.gebruikersnaam, regel.voor, regel.ingangsdatum) == (Actie.AANGEMAAKT, DOOR,
                                                                                           None, None)
            assert regel.na == toestand(obj)  # after, as stored
            gezag = obj if model is BevoegdGezag else (obj.bevoegd_gezag if model is Instellingserkenning
                                                       else obj.instelling.bevoegd_gezag)
            assert regel.bestuurcode == besturen[gezag.nummer].code
    for bestuur in besturen.values():
        regel = AuditRegel.objects.get(objecttype="onderwijsbestuur", objectcode=bestuur.code)
        assert regel.na == audit.momentopname(bestuur)  # the batch's snapshot is what audit would read back
        assert (regel.actie, regel.bestuurcode, regel.voor) == (Actie.AANGEMAAKT, bestuur.code, None)
        assert regel.omschrijving == f"Onderwijsbestuur aangemaakt voor bevoegd gezag {bestuur.bevoegd_gezag.nummer}"
    assert AuditRegel.objects.count() == 3 + 4 + 6 + 3
    # Values that COPY's text format has to escape arrive unchanged.
    assert Vestigingserkenning.objects.get(code="21BB01").naam == 'Basisschool "Kla4"'
    assert Vestigingserkenning.objects.get(code="31CC00").naam == "Sint Jozef\\school"
    assert Vestigingserkenning.objects.get(code="11AA01").huisnummertoevoeging == "A"

    voor = _beeld()
    bijgewerkt = sorted(Vestigingserkenning.objects.values_list("code", "bijgewerkt_op"))
    tweede = _importeer(_eerste_bestand(), date(2020, 12, 1))
    assert all(t.aangemaakt == t.gewijzigd == t.beeindigd == 0 for t in tweede.tellingen.values())
    assert _beeld() == voor
    assert sorted(Vestigingserkenning.objects.values_list("code", "bijgewerkt_op")) == bijgewerkt


@pytest.mark.django_db
def test_bijwerking_2020_naar_2026_legt_elke_wijziging_vast():
    _importeer(_eerste_bestand(), date(2020, 12, 1))
    aantal = AuditRegel.objects.count()
    resultaat = _importeer(_tweede_bestand(), date(2026, 8, 1))
    t = {s: (x.aangemaakt, x.gewijzigd, x.ongewijzigd, x.beeindigd) for s, x in resultaat.tellingen.items()}
    # 11AA is renamed with its hoofdvestiging 11AA00; 12AB moves to 20002.
    assert t == {"bevoegd gezag": (1, 0, 2, 1), "BRIN4": (1, 2, 1, 1), "BRIN6": (1, 1, 3, 2),
                 "onderwijsbestuur": (1, 0, 2, 1)}
    nieuw = AuditRegel.objects.filter(pk__gt=AuditRegel.objects.order_by("pk")[aantal - 1].pk)
    assert nieuw.count() == 2 + 4 + 4 + 2  # every created, changed and ended object, each once
    assert nieuw.get(objectcode="11AA").wijzigingen() == [("naam", "De Regenboog", "De Regenboog (nieuw)")]

    hernoemd = nieuw.get(objectcode="11AA00")
    assert hernoemd.wijzigingen() == [("naam", "De Regenboog", "De Regenboog (nieuw)")]
    verhuisd = nieuw.get(objectcode="12AB")
    assert (verhuisd.voor["bevoegd_gezag"], verhuisd.na["bevoegd_gezag"]) == ("10001", "20002")
    assert verhuisd.na == toestand(Instellingserkenning.objects.get(code="12AB"))
    for code in ("11AA01", "31CC00", "31CC", "30003"):
        regel = nieuw.get(objectcode=code)
        assert regel.actie == Actie.BEEINDIGD and regel.ingangsdatum == date(2026, 7, 31)
    oud_bestuur = Onderwijsbestuur.objects.get(bevoegd_gezag__nummer="30003")
    assert oud_bestuur.einddatum == date(2026, 7, 31)
    assert nieuw.get(objectcode=oud_bestuur.code).actie == Actie.BEEINDIGD
    nieuw_bestuur = Onderwijsbestuur.objects.get(bevoegd_gezag__nummer="40004")
    assert nieuw_bestuur.begindatum == date(2026, 8, 1)
    assert nieuw_bestuur.perioden.get().begindatum == date(2026, 8, 1)
    assert nieuw.get(objectcode=nieuw_bestuur.code).na == audit.momentopname(nieuw_bestuur)
    assert Vestigingserkenning.objects.get(code="41DD00").begindatum == date(2026, 8, 1)
    assert Vestigingserkenning.objects.get(code="41DD00").instelling.bevoegd_gezag.nummer == "40004"


# --- Boards in a batch are boards one by one ----------------------------------------------------------------------

def _bestuur_zoals_vroeger(gezag: BevoegdGezag, begindatum: date, door) -> Onderwijsbestuur:
    """maak_bestuur_voor_bevoegd_gezag as it was before the batch: one object at a time."""
    with transaction.atomic():
        bestuur = Onderwijsbestuur.objects.create(code=nieuwe_code("B"), bevoegd_gezag=gezag, begindatum=begindatum)
        perioden.eerste_periode(BestuurPeriode, "bestuur", bestuur, naam=gezag.naam[:80])
        audit.registreer(door=door, actie=Actie.AANGEMAAKT, obj=bestuur, bestuurcode=bestuur.code,
                         omschrijving=f"Onderwijsbestuur aangemaakt voor bevoegd gezag {gezag.nummer}", voor=None)
    return bestuur


def _vorm(bestuur: Onderwijsbestuur) -> tuple:
    """Board, periods and audit entry as stored, without what must differ (code, ids, number, time)."""
    bestuur = Onderwijsbestuur.objects.select_related("bevoegd_gezag").get(pk=bestuur.pk)
    nummer = bestuur.bevoegd_gezag.nummer
    regel = AuditRegel.objects.get(objecttype="onderwijsbestuur", objectcode=bestuur.code)
    assert regel.bestuurcode == bestuur.code
    assert regel.na == audit.momentopname(bestuur)  # after, exactly as audit reads it back
    na = {**regel.na, "code": "*", "bevoegd_gezag": "*"}
    rij = {**_natuurlijk(regel), "objectcode": "*", "bestuurcode": "*", "na": na,
           "omschrijving": regel.omschrijving.replace(nummer, "*")}
    return ({**_natuurlijk(bestuur), "code": "*", "bevoegd_gezag": "*"},
            [(p.begindatum, p.einddatum, p.naam, p.internationale_naam) for p in bestuur.perioden.all()], rij)


@pytest.mark.django_db
def test_besturen_in_een_batch_zijn_gelijk_aan_besturen_een_voor_een():
    door = get_user_model().objects.create_user("functioneel-beheer")
    lang = "Stichting " + "x" * 100  # a board's name is cut at 80 characters
    gezagen = [BevoegdGezag.objects.create(nummer=f"7000{i}", naam=naam)
               for i, naam in enumerate(["Stichting Een", lang, "Stichting Een", lang])]
    laatste = Codeteller.objects.get(letter="B").laatste
    oud = [_bestuur_zoals_vroeger(gezag, date(2021, 8, 1), door) for gezag in gezagen[:2]]
    batch = org.maak_besturen_voor_bevoegde_gezagen(gezagen[2:], date(2021, 8, 1), door)
    los_gezag = BevoegdGezag.objects.create(nummer="70009", naam="Stichting Een")
    los = org.maak_bestuur_voor_bevoegd_gezag(los_gezag, date(2021, 8, 1), "importeer_duo_open_data")

    codes = [b.code for b in (*oud, *batch, los)]
    assert codes == [f"{n // 1000:03d}B{n % 1000:03d}" for n in range(laatste + 1, laatste + 6)]
    assert [b.pk for b in (*batch, los)] == [Onderwijsbestuur.objects.get(code=c).pk for c in codes[2:]]
    assert [_vorm(b) for b in batch] == [_vorm(b) for b in oud]
    assert _vorm(batch[1])[1][0][2] == lang[:80]
    assert AuditRegel.objects.get(objectcode=batch[0].code).gebruiker == door
    # The single-board service is the batch of one; only who did it differs from oud[0].
    eigen, perioden_los, regel_los = _vorm(los)
    assert (eigen, perioden_los) == _vorm(oud[0])[:2]
    assert regel_los == {**_vorm(oud[0])[2], "gebruiker": None, "gebruikersnaam": "importeer_duo_open_data"}
    assert org.maak_besturen_voor_bevoegde_gezagen([], date(2021, 8, 1), door) == []


# --- All or nothing ------------------------------------------------------------------------------------------------

def _leeg() -> tuple:
    return (BevoegdGezag.objects.count(), Instellingserkenning.objects.count(), Vestigingserkenning.objects.count(),
            Onderwijsbestuur.objects.count(), BestuurPeriode.objects.count(), AuditRegel.objects.count(),
            Codeteller.objects.get(letter="B").laatste)


@pytest.mark.django_db
def test_fout_na_alle_schrijfacties_laat_niets_achter(monkeypatch):
    voor = _leeg()
    echte_schrijf = importer.Auditboek.schrijf

    def schrijf_en_faal(boek):
        echte_schrijf(boek)  # the entries of a step (written as each step ends, by COPY on PostgreSQL)
        if AuditRegel.objects.count() == voor[5] + 3 + 4 + 6 + 3:  # every row and audit entry has been written
            raise RuntimeError("stroomstoring")

    monkeypatch.setattr(importer.Auditboek, "schrijf", schrijf_en_faal)
    with pytest.raises(RuntimeError, match="stroomstoring"):
        _importeer(_eerste_bestand(), date(2020, 12, 1))
    assert _leeg() == voor


@pytest.mark.django_db
def test_databasefout_midden_in_de_import_laat_niets_achter():
    """The next board code is taken already: the board write fails after the erkenningen were written."""
    volgende = Codeteller.objects.get(letter="B").laatste + 1
    Onderwijsbestuur.objects.create(code=f"{volgende // 1000:03d}B{volgende % 1000:03d}", begindatum=date(2021, 8, 1))
    voor = _leeg()
    with pytest.raises(IntegrityError):
        _importeer(_eerste_bestand(), date(2020, 12, 1))
    assert _leeg() == voor


# --- The bulk writer ----------------------------------------------------------------------------------------------

@pytest.mark.django_db
def test_schrijf_nieuw_geeft_ids_vult_auto_now_en_bewaart_lastige_tekst():
    gezag = BevoegdGezag.objects.create(nummer="50005", naam="Stichting Vijf")
    instelling = Instellingserkenning(code="55EE", naam="Tab\there, nieuwe\nregel, \\N en 'quotes' \u00e9\u20ac",
                                      bevoegd_gezag=gezag, denominatie="")
    bulk.schrijf_nieuw([instelling])
    assert instelling.pk and not instelling._state.adding and instelling.bijgewerkt_op is not None
    opgeslagen = Instellingserkenning.objects.get(pk=instelling.pk)
    assert opgeslagen.naam == instelling.naam and opgeslagen.bijgewerkt_op == instelling.bijgewerkt_op

    vestigingen = [Vestigingserkenning(code=f"55EE{i:02d}", instelling=instelling, naam=f"V{i}", huisnummer=h)
                   for i, h in enumerate([7, "12", None])]  # "12": a value Django converts, as bulk_create would
    bulk.schrijf_nieuw(vestigingen)
    ids = [v.pk for v in vestigingen]
    assert ids == sorted(ids)
    assert list(Vestigingserkenning.objects.filter(pk__in=ids).order_by("pk").values_list("code", "huisnummer")) \
        == [("55EE00", 7), ("55EE01", 12), ("55EE02", None)]

    regels = [AuditRegel(gebruikersnaam="test", actie=Actie.GEWIJZIGD, objecttype="x", objectcode=str(i),
                         omschrijving="o", voor=voor, na={"lijst": [1, "é", None], "genest": {"a": True}})
              for i, voor in enumerate([None, {"naam": "a\tb\\c\n"}, {}])]
    bulk.schrijf_nieuw(regels)
    terug = list(AuditRegel.objects.filter(pk__in=[r.pk for r in regels]).order_by("pk"))
    assert [(r.voor, r.na, r.actie) for r in terug] == [(r.voor, r.na, "gewijzigd") for r in regels]
    assert all(r.tijdstip is not None for r in terug)
    assert AuditRegel.objects.filter(pk=terug[0].pk, voor__isnull=True).exists()  # None is SQL NULL, as before


@pytest.mark.django_db
def test_kolommen_met_een_waarde_voor_alle_rijen_komen_in_hun_eigen_kolom():
    """A column whose value is the same object in every row is written once as the same end of every line, with the
    COPY's column list in that order: each value must still land in its own column, whatever the rows share."""
    gezag = BevoegdGezag.objects.create(nummer="50011", naam="Stichting Elf")
    instelling = Instellingserkenning.objects.create(code="57EE", naam="School", bevoegd_gezag=gezag)
    dag, straat = date(2026, 8, 1), "Gedeelde\tstraat \\ 1"  # shared by all rows, with characters COPY escapes
    rijen = [Vestigingserkenning(code=f"57EE{i:02d}", naam=f"V{i}", instelling=instelling, straatnaam=straat,
                                 begindatum=dag, huisnummer=i + 1, postcode="1234AB") for i in range(3)]
    bulk.schrijf_nieuw(rijen)
    assert list(Vestigingserkenning.objects.filter(code__startswith="57EE").order_by("code").values_list(
        "code", "naam", "straatnaam", "begindatum", "huisnummer", "postcode", "instelling_id", "einddatum")) == [
        (f"57EE{i:02d}", f"V{i}", straat, dag, i + 1, "1234AB", instelling.pk, None) for i in range(3)]
    assert all(v.bijgewerkt_op is not None for v in rijen)  # auto_now still set on every object

    # A text column is taken as it is only when no value of the block needs COPY's escape or is anything but str: one
    # tab, backslash or newline among plain names, a TextChoices member among plain text, None in a text column.
    namen = ["Gewoon", "Met\ttab", "Back\\slash", "Regel\nover", "Gewoon"]
    soorten = [Instellingserkenning.Soort.SO, "BAO", "SBAO", Instellingserkenning.Soort.VSO, "BAO"]
    instellingen = [Instellingserkenning(code=f"58E{chr(65 + i)}", naam=naam, bevoegd_gezag=gezag, soort=soort)
                    for i, (naam, soort) in enumerate(zip(namen, soorten, strict=True))]
    bulk.schrijf_nieuw(instellingen)
    assert list(Instellingserkenning.objects.filter(code__startswith="58E").order_by("code").values_list(
        "naam", "soort")) == [(naam, str(soort)) for naam, soort in zip(namen, soorten, strict=True)]
    regels = [("a1", "100B001", Actie.AANGEMAAKT), ("a2", "100B\t", "gewijzigd"), ("a3", "100B002", "gewijzigd")]
    bulk.schrijf_waarden(AuditRegel, [{"gebruikersnaam": "t", "actie": actie, "objecttype": "x", "objectcode": code,
                                       "omschrijving": "o", "bestuurcode": bestuur} for code, bestuur, actie in regels])
    assert list(AuditRegel.objects.filter(objectcode__in=["a1", "a2", "a3"]).order_by("objectcode").values_list(
        "objectcode", "bestuurcode", "actie")) == [(code, bestuur, str(actie)) for code, bestuur, actie in regels]

    # Rows alike in every field (here: given as field values) and a single row: still one line each.
    alike = [{"gebruikersnaam": "t", "actie": Actie.AANGEMAAKT, "objecttype": "x", "objectcode": "gelijk",
              "omschrijving": "o", "na": bulk.JsonTekst('{"a": 1}')}] * 2
    bulk.schrijf_waarden(AuditRegel, alike)
    bulk.schrijf_waarden(AuditRegel, [{**alike[0], "objectcode": "enkel", "voor": {"b": "\\"}}])
    assert sorted(AuditRegel.objects.filter(objectcode__in=["gelijk", "enkel"]).values_list(
        "objectcode", "actie", "na", "voor", "reden")) == [
        ("enkel", "aangemaakt", {"a": 1}, {"b": "\\"}, ""), ("gelijk", "aangemaakt", {"a": 1}, None, ""),
        ("gelijk", "aangemaakt", {"a": 1}, None, "")]


@pytest.mark.django_db
def test_gereserveerde_sleutels_worden_zonder_query_gebruikt():
    sleutels = bulk.reserveer_sleutels(BevoegdGezag, 3)
    if connection.vendor != "postgresql":  # bulk_create gives the keys there
        assert sleutels == []
        return
    assert len(sleutels) == 3 and sleutels == sorted(set(sleutels))
    gezagen = [BevoegdGezag(pk=sleutel, nummer=f"8000{i}", naam="Stichting") for i, sleutel in enumerate(sleutels)]
    with CaptureQueriesContext(connection) as vragen:
        bulk.schrijf_nieuw(gezagen)
    assert not any("nextval" in vraag["sql"] for vraag in vragen.captured_queries)
    assert list(BevoegdGezag.objects.filter(nummer__startswith="8000").order_by("nummer")
                .values_list("pk", flat=True)) == sleutels
    assert bulk.reserveer_sleutels(BevoegdGezag, 0) == []
    [volgende] = bulk.reserveer_sleutels(BevoegdGezag, 1)
    assert volgende > sleutels[-1]
    # An unused reserved key is a gap, as after a rollback: a later object without a key gets the next one.
    later = BevoegdGezag(nummer="80009", naam="Stichting")
    bulk.schrijf_nieuw([later])
    assert later.pk > volgende


@pytest.mark.django_db
def test_schrijf_nieuw_weigert_wat_het_niet_goed_kan_schrijven():
    bulk.schrijf_nieuw([])
    gezag = BevoegdGezag(nummer="60006", naam="Zes")
    with pytest.raises(TypeError, match="één model"):
        bulk.schrijf_nieuw([gezag, Onderwijsbestuur(code="100B999", begindatum=date(2021, 8, 1))])
    with pytest.raises(ValueError, match="unsaved related object"):
        bulk.schrijf_nieuw([Instellingserkenning(code="66FF", naam="x", bevoegd_gezag=gezag)])
    if connection.vendor == "postgresql":  # COPY takes values only (bulk_create would compile the expression)
        with pytest.raises(TypeError, match="SQL-expressie"), transaction.atomic():
            bulk.schrijf_nieuw([BevoegdGezag(nummer="60007", naam=F("nummer"))])
    assert not BevoegdGezag.objects.exists()


def _inhoud(obj: models.Model) -> tuple[dict[str, Any], dict[str, Any], bool, str | None]:
    velden = {k: v for k, v in obj.__dict__.items() if k != "_state"}
    return velden, dict(obj._state.fields_cache), obj._state.adding, obj._state.db


@pytest.mark.django_db
def test_nieuw_object_is_wat_de_constructor_maakt():
    gezag = BevoegdGezag.objects.create(nummer="50006", naam="Stichting Zes")
    instelling = Instellingserkenning.objects.create(code="56EE", naam="School", bevoegd_gezag=gezag)
    for waarden in ({"code": "56EE00", "instelling": instelling, "naam": "V", "huisnummer": 7},
                    {"code": "56EE01", "instelling": None, "naam": "Zonder"},  # a key given as None is cached as None
                    {"code": "56EE02", "instelling_id": instelling.pk}):  # an attname: the keyword road
        snel, gewoon = bulk.nieuw_object(Vestigingserkenning, waarden), Vestigingserkenning(**waarden)
        assert _inhoud(snel) == _inhoud(gewoon)  # defaults, key, cached object and the state of a new object
        assert list(snel.__dict__) == list(gewoon.__dict__)  # the fields in the same order, no stray name
    assert bulk.nieuw_object(Vestigingserkenning, {"code": "56EE03", "instelling": instelling}).instelling is instelling
    with pytest.raises(ValueError, match="must be a"):  # an object of another model: Django's own refusal
        bulk.nieuw_object(Vestigingserkenning, {"code": "56EE04", "instelling": gezag})


def test_nieuw_object_maakt_een_aanroepbare_standaard_per_object():
    """A callable default (a UUID code) is made anew for every object that is not given one, as by the constructor;
    a given value is kept; a relation left out keeps its empty key and caches nothing."""
    from registratie.models import AangebodenOpleiding

    een, twee = (bulk.nieuw_object(AangebodenOpleiding, {"eigen_sleutel": "a"}) for _ in range(2))
    assert isinstance(een.code, uuid.UUID) and een.code != twee.code
    gegeven = uuid.uuid4()
    assert bulk.nieuw_object(AangebodenOpleiding, {"code": gegeven}).code == gegeven
    gewoon = AangebodenOpleiding(eigen_sleutel="a")
    assert list(een.__dict__) == list(gewoon.__dict__)
    assert {k: v for k, v in een.__dict__.items() if k not in ("_state", "code")} == \
        {k: v for k, v in gewoon.__dict__.items() if k not in ("_state", "code")}
    assert een.aanbieder_id is None and een._state.fields_cache == {}


@pytest.mark.django_db
def test_nieuw_object_met_ongeschreven_ouder_of_later_gewijzigde_sleutel():
    """The shortcut past _prepare_related_fields_for_save may not let through what that check stops or mends."""
    ongeschreven = BevoegdGezag(nummer="60009", naam="Nog niet opgeslagen")
    instelling = bulk.nieuw_object(Instellingserkenning, {"code": "69FF", "naam": "x", "bevoegd_gezag": ongeschreven})
    with pytest.raises(ValueError, match="unsaved related object"):
        bulk.schrijf_nieuw([instelling])
    ongeschreven.save()  # saved after the assignment: the key is taken from the object, as bulk_create does
    bulk.schrijf_nieuw([instelling])
    assert Instellingserkenning.objects.get(code="69FF").bevoegd_gezag_id == ongeschreven.pk

    ander = BevoegdGezag.objects.create(nummer="60010", naam="Ander")
    verzet = bulk.nieuw_object(Instellingserkenning, {"code": "70FF", "naam": "y", "bevoegd_gezag": ongeschreven})
    verzet.bevoegd_gezag_id = ander.pk  # the key changed after the object was cached: the key wins, as in Django
    bulk.schrijf_nieuw([verzet])
    assert Instellingserkenning.objects.get(code="70FF").bevoegd_gezag_id == ander.pk


@pytest.mark.django_db
def test_schrijf_nieuw_geeft_alle_rijen_van_een_schrijfactie_hetzelfde_auto_now_moment():
    gezagen = [BevoegdGezag(nummer=f"6100{i}", naam=f"G{i}") for i in range(3)]
    bulk.schrijf_nieuw(gezagen)
    momenten = set(BevoegdGezag.objects.filter(nummer__startswith="6100").values_list("bijgewerkt_op", flat=True))
    assert {g.bijgewerkt_op for g in gezagen} == momenten  # on the objects too, as pre_save sets it
    if connection.vendor == "postgresql":  # COPY: one moment per write; bulk_create elsewhere takes one per row
        assert len(momenten) == 1
    later = [BevoegdGezag(nummer="61010", naam="Later")]
    bulk.schrijf_nieuw(later)
    assert later[0].bijgewerkt_op > next(iter(momenten))  # a next write takes its own moment


@pytest.mark.django_db
def test_databasefout_bij_copy_is_een_gewone_django_fout():
    BevoegdGezag.objects.create(nummer="60006", naam="Zes")
    with pytest.raises(IntegrityError), transaction.atomic():
        bulk.schrijf_nieuw([BevoegdGezag(nummer="60008", naam="Acht"), BevoegdGezag(nummer="60006", naam="Dubbel")])
    assert list(BevoegdGezag.objects.values_list("nummer", flat=True)) == ["60006"]


# --- Reading -------------------------------------------------------------------------------------------------------

def test_stuurteken_is_precies_unicodes_categorie_cc():
    for punt in range(sys.maxunicode + 1):
        teken = chr(punt)
        assert bool(STUURTEKEN.search(teken)) == (unicodedata.category(teken) == "Cc"), hex(punt)


def test_foute_tekens_geven_dezelfde_redenen():
    rijen = [{**GELDIGE_RIJ, "VESTIGINGSNAAM": "Een\x85naam"}, {**GELDIGE_RIJ, "VESTIGINGSCODE": "32JK01",
                                                                "HUISNUMMER-TOEVOEGING": "13-\x07"}]
    bestand = lees_bestand(csv_bytes(rijen, codering="utf-8-sig"))
    assert [str(w) for w in bestand.weigeringen] == [
        "regel 2: de vestigingsnaam bevat een stuurteken (bijvoorbeeld een tab of regeleinde)",
        "regel 3: de huisnummertoevoeging bevat een onleesbaar teken of stuurteken",
    ]
