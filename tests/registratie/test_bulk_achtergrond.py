"""bulk.op_de_achtergrond (issue 19): COPYs sent by a thread while the caller goes on, in one transaction.

Written as the ways it could go wrong: a query that would not see rows queued before it, a failed COPY that would
go unnoticed or leave rows behind, a caller that stops halfway and leaves the connection in the middle of a COPY,
foreign keys that stay checked at once after the block, counters raised twice. On SQLite the block changes nothing.
"""

import sys
import threading
import time
from datetime import date

import pytest
from django.db import IntegrityError, connection, connections, transaction
from django.db.models import F

from registratie.models import AuditRegel, Bestuursstand, BevoegdGezag, Instellingserkenning
from registratie.services import audit, bulk

op_postgresql = pytest.mark.skipif("connection.vendor != 'postgresql'")


def _schrijvers() -> list[threading.Thread]:
    return [draad for draad in threading.enumerate() if draad.name == "bulk-copy"]


def _gezagen(van: int, aantal: int) -> list[BevoegdGezag]:
    return [BevoegdGezag(nummer=f"{n:05d}", naam=f"Stichting {n}") for n in range(van, van + aantal)]


@pytest.fixture
def trage_database(monkeypatch):
    """The writer takes 20 ms per queued step: a busy database, so that a statement that did not wait for it would
    run while rows queued before it are still unwritten (psycopg's own lock only covers one COPY at a time)."""
    echt = bulk._Achtergrond.__init__

    def traag(self, verbinding):
        echt(self, verbinding)
        neem = self.wachtrij.get

        def traag_nemen(*args, **kwargs):
            taak = neem(*args, **kwargs)
            time.sleep(0.02)
            return taak
        self.wachtrij.get = traag_nemen

    monkeypatch.setattr(bulk._Achtergrond, "__init__", traag)


@pytest.mark.django_db
def test_de_volgende_query_ziet_alles_wat_ervoor_in_de_rij_stond(trage_database):
    gezagen = _gezagen(10000, 2 * bulk.BLOK + 7)  # more than one block of COPY lines
    with transaction.atomic(), bulk.op_de_achtergrond():
        if connection.vendor == "postgresql":
            assert len(_schrijvers()) == 1  # the rows go through the writer thread
        bulk.schrijf_nieuw(gezagen)
        instellingen = [Instellingserkenning(code=f"{i:02d}AA", naam=f"School {i}", bevoegd_gezag=gezagen[i])
                        for i in range(10)]
        bulk.schrijf_nieuw(instellingen)  # its keys come from a query, which waits for the gezagen first
        assert BevoegdGezag.objects.count() == len(gezagen)
        assert list(Instellingserkenning.objects.order_by("code").values_list("bevoegd_gezag__nummer", flat=True)) \
            == [g.nummer for g in gezagen[:10]]
    assert not _schrijvers()  # the thread has ended with the block
    assert [g.pk for g in gezagen] == sorted(g.pk for g in gezagen)


@op_postgresql
@pytest.mark.django_db
def test_een_mislukte_copy_faalt_bij_de_volgende_opdracht_en_laat_niets_achter():
    BevoegdGezag.objects.create(nummer="60006", naam="Zes")
    with pytest.raises(IntegrityError), transaction.atomic(), bulk.op_de_achtergrond():
        bulk.schrijf_nieuw([BevoegdGezag(nummer="60008", naam="Acht"), BevoegdGezag(nummer="60006", naam="Dubbel")])
        bulk.schrijf_nieuw(_gezagen(70000, 3))  # queued after the failure: never written
        BevoegdGezag.objects.count()  # the next statement raises the writer's error
    assert list(BevoegdGezag.objects.values_list("nummer", flat=True)) == ["60006"]
    assert not _schrijvers()


@pytest.mark.django_db
def test_een_savepoint_wacht_niet_op_de_rij_en_terugdraaien_ernaar_werkt(trage_database, monkeypatch):
    """A domain service's transaction.atomic within the block: setting and releasing its savepoint go into the queue
    behind the COPYs (no wait), rolling back to it waits and undoes exactly what was written inside it."""
    gewacht: list[str] = []
    gezagen = _gezagen(10000, 2) + _gezagen(20000, 2) + _gezagen(30000, 2)
    for gezag, sleutel in zip(gezagen, bulk.reserveer_sleutels(BevoegdGezag, 6), strict=False):
        gezag.pk = sleutel  # taken before the block: writing them needs no query, which would wait
    with transaction.atomic(), bulk.op_de_achtergrond():
        achtergrond = bulk._ACHTERGROND.get(id(connections["default"]))
        assert (achtergrond is not None) == (connection.vendor == "postgresql")
        if achtergrond is not None:
            echt = achtergrond.wacht
            monkeypatch.setattr(achtergrond, "wacht", lambda: gewacht.append("wacht") or echt())
        bulk.schrijf_nieuw(gezagen[:2])
        with transaction.atomic():  # SAVEPOINT and RELEASE SAVEPOINT: queued
            bulk.schrijf_nieuw(gezagen[2:4])
        assert gewacht == []
        with pytest.raises(ZeroDivisionError), transaction.atomic():
            bulk.schrijf_nieuw(gezagen[4:])
            1 / 0  # noqa: B018 - the service fails after its rows were queued
        if connection.vendor == "postgresql":
            assert gewacht == ["wacht"]  # ROLLBACK TO SAVEPOINT waited for the rows it undoes
        assert list(BevoegdGezag.objects.order_by("nummer").values_list("nummer", flat=True)) \
            == ["10000", "10001", "20000", "20001"]
    assert BevoegdGezag.objects.count() == 4


@op_postgresql
@pytest.mark.django_db
def test_een_mislukte_copy_in_een_savepoint_faalt_bij_de_volgende_opdracht_en_laat_niets_achter():
    """The savepoint is released in the queue behind a COPY that fails: nothing after the error is written, and the
    next statement raises it, so the import's transaction is rolled back as a whole."""
    BevoegdGezag.objects.create(nummer="60006", naam="Zes")
    with pytest.raises(IntegrityError), transaction.atomic(), bulk.op_de_achtergrond():
        with transaction.atomic():
            bulk.schrijf_nieuw([BevoegdGezag(nummer="60008", naam="Acht"),
                                BevoegdGezag(nummer="60006", naam="Dubbel")])
        bulk.schrijf_nieuw(_gezagen(70000, 3))
        BevoegdGezag.objects.count()
    assert list(BevoegdGezag.objects.values_list("nummer", flat=True)) == ["60006"]
    assert not _schrijvers()


@op_postgresql
@pytest.mark.django_db
@pytest.mark.parametrize("vangt_de_fout", [False, True])
def test_een_fout_komt_aan_het_eind_van_het_blok_ook_als_de_aanroeper_haar_vangt(vangt_de_fout):
    """Without a next statement the error comes when the block ends. A caller that catches it at the next statement
    must not lose the rows it queues after it without knowing: the block fails all the same."""
    BevoegdGezag.objects.create(nummer="60006", naam="Zes")
    with pytest.raises(IntegrityError), transaction.atomic(), bulk.op_de_achtergrond():
        bulk.schrijf_nieuw([BevoegdGezag(nummer="60006", naam="Dubbel")])
        if vangt_de_fout:
            with pytest.raises(IntegrityError):
                BevoegdGezag.objects.exists()
            bulk.schrijf_nieuw(_gezagen(70000, 3))
    assert BevoegdGezag.objects.count() == 1


@pytest.mark.django_db
def test_een_aanroeper_die_halverwege_stopt_laat_de_verbinding_bruikbaar(trage_database):
    """The caller fails while the writer is in the middle of a COPY: the COPY is ended (CopyFail), the thread
    stops before the rollback, and the connection works afterwards."""

    class Stroomstoring(Exception):
        pass

    with pytest.raises(Stroomstoring), transaction.atomic(), bulk.op_de_achtergrond():
        bulk.schrijf_nieuw(_gezagen(10000, 3 * bulk.BLOK))
        raise Stroomstoring
    assert not _schrijvers()
    assert not BevoegdGezag.objects.exists()
    BevoegdGezag.objects.create(nummer="60006", naam="Zes")
    assert BevoegdGezag.objects.count() == 1


@op_postgresql
@pytest.mark.django_db
def test_een_fout_halverwege_het_opmaken_breekt_de_copy_af(monkeypatch):
    """Formatting fails on a row after whole blocks were queued and written, before the end of the COPY was queued:
    the writer has a COPY open when the caller stops, and ends it so that the rollback can run."""
    echt = bulk._voorbereid

    def traag(*args):
        time.sleep(0.3)  # meanwhile the writer has sent every queued block
        return echt(*args)

    monkeypatch.setattr(bulk, "_voorbereid", traag)
    gezagen = _gezagen(10000, 2 * bulk.BLOK)
    gezagen.append(BevoegdGezag(nummer="99999", naam=F("nummer")))  # COPY takes no SQL expression
    with pytest.raises(TypeError, match="SQL-expressie"), transaction.atomic(), bulk.op_de_achtergrond():
        bulk.schrijf_nieuw(gezagen)
    assert not _schrijvers()
    assert not BevoegdGezag.objects.exists()


@op_postgresql
@pytest.mark.django_db
def test_sleutels_worden_in_het_blok_direct_gecontroleerd_en_daarna_weer_uitgesteld():
    with pytest.raises(IntegrityError), transaction.atomic(), bulk.op_de_achtergrond():
        # A BRIN4 whose bevoegd gezag does not exist: refused when its COPY ends, not at the commit.
        bulk.schrijf_nieuw([Instellingserkenning(code="99ZZ", naam="Wees", bevoegd_gezag_id=987654)])
        BevoegdGezag.objects.exists()
    with transaction.atomic():
        with bulk.op_de_achtergrond():
            bulk.schrijf_nieuw(_gezagen(10000, 1))
        # After the block a child may come before its parent again, as anywhere else in the portal.
        wees = Instellingserkenning.objects.create(code="98ZZ", naam="Eerst", bevoegd_gezag_id=987655)
        BevoegdGezag.objects.create(pk=987655, nummer="98765", naam="Daarna")
    assert Instellingserkenning.objects.get(pk=wees.pk).bevoegd_gezag.nummer == "98765"


@op_postgresql
@pytest.mark.django_db(transaction=True)
def test_buiten_een_transactie_geweigerd():
    with pytest.raises(RuntimeError, match="binnen een transactie"), bulk.op_de_achtergrond():
        pass
    assert not _schrijvers()


@pytest.mark.django_db
def test_bestuurstellers_gaan_een_keer_omhoog_na_alle_schrijfacties():
    gezag = BevoegdGezag.objects.create(nummer="60006", naam="Zes")

    def regels() -> list[dict]:
        return [audit.regelwaarden(door="test", actie=AuditRegel.Actie.GEWIJZIGD, obj=gezag, bestuurcode=code,
                                   omschrijving="o", voor=None, na={"naam": "Zes"}, ingangsdatum=date(2026, 1, 1))
                for code in ("100B001", "100B002")]

    with transaction.atomic(), bulk.op_de_achtergrond():
        bulk.schrijf_waarden(AuditRegel, regels())
        bulk.schrijf_waarden(AuditRegel, regels())
        if connection.vendor == "postgresql":  # raised when the block ends, after the last COPY
            assert not Bestuursstand.objects.filter(bestuurcode__in=["100B001", "100B002"]).exists()
    tellers = dict(Bestuursstand.objects.filter(bestuurcode__startswith="100B").values_list("bestuurcode", "teller"))
    # Once per block on PostgreSQL (one statement at the end), once per write elsewhere: raised either way.
    verwacht = 1 if connection.vendor == "postgresql" else 2
    assert tellers == {"100B001": verwacht, "100B002": verwacht}
    assert AuditRegel.objects.filter(bestuurcode__in=["100B001", "100B002"]).count() == 4


@pytest.mark.django_db
def test_een_blok_in_een_blok_is_hetzelfde_blok():
    with transaction.atomic(), bulk.op_de_achtergrond():
        with bulk.op_de_achtergrond():
            bulk.schrijf_nieuw(_gezagen(10000, 5))
        assert len(_schrijvers()) == (1 if connection.vendor == "postgresql" else 0)
        assert BevoegdGezag.objects.count() == 5


@op_postgresql
@pytest.mark.django_db
def test_wisseltijd_kort_zolang_de_schrijver_loopt_en_daarna_weer_zoals_hij_was():
    """The interpreter's switch interval is process-wide: shortened for the writer, then given back, also after an
    error, and never lengthened where a caller had set it shorter still."""
    sys.setswitchinterval(0.005)
    try:
        with transaction.atomic(), bulk.op_de_achtergrond():
            assert sys.getswitchinterval() == pytest.approx(bulk.WISSELTIJD, abs=2e-6)
        assert sys.getswitchinterval() == pytest.approx(0.005, abs=2e-6)
        with pytest.raises(IntegrityError), transaction.atomic(), bulk.op_de_achtergrond():
            bulk.schrijf_nieuw([Instellingserkenning(code="99ZZ", naam="Wees", bevoegd_gezag_id=987654)])
        assert sys.getswitchinterval() == pytest.approx(0.005, abs=2e-6)
        sys.setswitchinterval(0.0001)
        with transaction.atomic(), bulk.op_de_achtergrond():
            assert sys.getswitchinterval() == pytest.approx(0.0001, abs=2e-6)
        assert sys.getswitchinterval() == pytest.approx(0.0001, abs=2e-6)
    finally:
        sys.setswitchinterval(0.005)
