"""The national CSV zip written by several processes on one snapshot of PostgreSQL (kern.momentopname, ADR 0017):
the same file as one process writes, nothing committed after the file began, and a failing share fails the file."""

import gc
import io
import os
import zipfile
from pathlib import Path

import pytest
from django.db import connection, connections, transaction
from openpyxl import load_workbook

from controle import bestand
from kern import export, momentopname
from registratie.models import Onderwijsbestuur
from tests.helpers import factories
from tests.helpers.controle import vul_schoon

pytestmark = pytest.mark.usefixtures("opleidingen_catalogus")

alleen_postgresql = pytest.mark.skipif(connection.vendor != "postgresql",
                                       reason="een gedeelde momentopname bestaat alleen in PostgreSQL")


@pytest.fixture
def sector(bestuur, ander_bestuur, vandaag):
    """Four boards, two of them registered: shares of one and more boards."""
    vul_schoon(bestuur, vandaag)
    vul_schoon(ander_bestuur, vandaag)
    factories.bestuur_met_erkenningen("30003", brin4s=("33CC", "33CD"))
    factories.bestuur_met_erkenningen("40004", brin4s=("44DD",))
    return vandaag


def _leden(uitvoer: io.BytesIO) -> dict[str, bytes]:
    with zipfile.ZipFile(uitvoer) as archief:
        return {naam: archief.read(naam) for naam in archief.namelist()}


def _zip(peildatum, settings, processen: int, voortgang=None) -> dict[str, bytes]:
    settings.LANDELIJK_PROCESSEN = processen
    uitvoer = io.BytesIO()
    bestand.schrijf_landelijk(peildatum, "zip", uitvoer, basis_url="https://rio.example.nl", voortgang=voortgang)
    return _leden(uitvoer)


def _xlsx(peildatum, voortgang=None) -> dict[str, list[tuple]]:
    uitvoer = io.BytesIO()
    bestand.schrijf_landelijk(peildatum, "xlsx", uitvoer, basis_url="https://rio.example.nl", voortgang=voortgang)
    boek = load_workbook(uitvoer, read_only=True)
    return {blad.title: list(blad.iter_rows(values_only=True)) for blad in boek.worksheets}


def _xlsx_in_dit_proces(peildatum) -> dict[str, list[tuple]]:
    with transaction.atomic():  # inside a transaction: written by this process, batch by batch
        return _xlsx(peildatum)


@alleen_postgresql
@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("processen", [2, 3])
def test_verdeeld_hetzelfde_bestand_als_een_proces(sector, settings, monkeypatch, tmp_path, processen):
    monkeypatch.setattr(bestand, "BATCH", 1)  # several batches per share
    schrijvers = tmp_path / "schrijvers"
    schrijvers.mkdir()
    echt = export.schrijf_deel

    def schrijf_deel(bladen, bronnen, map_: Path) -> None:  # runs in the child: which process wrote this share
        (schrijvers / str(os.getpid())).write_text(map_.name)
        echt(bladen, bronnen, map_)

    monkeypatch.setattr(export, "schrijf_deel", schrijf_deel)
    bevroren = gc.get_freeze_count()
    stappen: list[tuple[int, int]] = []
    verdeeld = _zip(sector, settings, processen, lambda klaar, totaal: stappen.append((klaar, totaal)))
    een = _zip(sector, settings, 1)

    assert verdeeld == een
    besturen = [regel.split(";")[0] for regel in een["bestuur.csv"].decode("utf-8-sig").splitlines()[1:]]
    assert besturen == list(Onderwijsbestuur.objects.order_by("code").values_list("code", flat=True))
    assert len({p.read_text() for p in schrijvers.iterdir()}) == processen  # every share ...
    assert os.getpid() not in {int(p.name) for p in schrijvers.iterdir()}  # ... in a process of its own
    assert len(stappen) == 4 and stappen[-1] == (4, 4)  # a step per batch of one board, from every share
    assert gc.isenabled() and gc.get_freeze_count() == bevroren


@alleen_postgresql
@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("formaat", ["zip", "xlsx"])
def test_wijziging_na_het_begin_staat_er_niet_in(sector, settings, monkeypatch, formaat):
    """The attack on consistency: a board's KvK number changed and a board added while the shares are being written.
    Every share reads the snapshot taken when the file began, so neither change is in the file, not even in part."""
    eerste = Onderwijsbestuur.objects.order_by("code").first()
    echt = momentopname._draai
    nieuw = []

    def na_de_momentopname(*args, **kwargs):
        Onderwijsbestuur.objects.filter(pk=eerste.pk).update(kvk_nummer="99887766")
        nieuw.append(factories.bestuur_met_erkenningen("90009", brin4s=("99ZZ",)).code)
        connections.close_all()  # as verdeel left them: nothing open crosses the fork
        return echt(*args, **kwargs)

    monkeypatch.setattr(momentopname, "_draai", na_de_momentopname)
    if formaat == "zip":
        leden = _zip(sector, settings, 2)
        tekst = b"".join(leden.values()).decode("utf-8-sig")
    else:
        tekst = repr(_xlsx(sector))
    assert "99887766" not in tekst and nieuw[0] not in tekst
    assert eerste.code in tekst
    assert Onderwijsbestuur.objects.count() == 5  # both changes were committed, after the snapshot
    monkeypatch.setattr(momentopname, "_draai", echt)
    volgende = b"".join(_zip(sector, settings, 2).values()).decode("utf-8-sig") if formaat == "zip" else repr(
        _xlsx(sector))
    assert "99887766" in volgende and nieuw[0] in volgende  # the next file has both


@alleen_postgresql
@pytest.mark.django_db(transaction=True)
def test_mislukt_deel_laat_het_bestand_mislukken(sector, settings, monkeypatch):
    echt = bestand.controleer

    def controleer(g):
        if g.bestuur.code == Onderwijsbestuur.objects.order_by("code").values_list("code", flat=True)[2]:
            raise RuntimeError("schijf vol in een werkproces")
        return echt(g)

    monkeypatch.setattr(bestand, "controleer", controleer)
    bevroren = gc.get_freeze_count()
    uitvoer = io.BytesIO()
    with pytest.raises(momentopname.DeelMislukt, match="schijf vol in een werkproces"):
        settings.LANDELIJK_PROCESSEN = 2
        bestand.schrijf_landelijk(sector, "zip", uitvoer)
    assert uitvoer.getvalue() == b""  # no half file
    assert gc.isenabled() and gc.get_freeze_count() == bevroren
    assert Onderwijsbestuur.objects.count() == 4  # the parent's connection works after the failure


@pytest.mark.django_db(transaction=True)
def test_binnen_een_transactie_in_een_proces(sector, settings):
    """Inside a transaction a child could not see what this one wrote (nor can it on SQLite): one process writes it,
    and what the transaction wrote is in the file."""
    assert momentopname.kan_verdelen() == (connection.vendor == "postgresql")
    with transaction.atomic():
        nieuw = factories.bestuur_met_erkenningen("90009", brin4s=("99ZZ",))
        assert not momentopname.kan_verdelen()
        with pytest.raises(RuntimeError, match="PostgreSQL buiten een transactie"):
            momentopname.verdeel([1], lambda deel, meld: None, 2)
        leden = _zip(sector, settings, 2)
        assert nieuw.code in leden["bestuur.csv"].decode("utf-8-sig")
        assert leden == _zip(sector, settings, 1)


def test_grenzen_verdelen_naar_scholen(db, settings):
    """Consecutive shares of about as many schools each; every board in exactly one."""
    factories.bestuur_met_erkenningen("10001", brin4s=("11AA",))
    groot = factories.bestuur_met_erkenningen("20002", brin4s=("22AA",))
    factories.bestuur_met_erkenningen("30003", brin4s=("33AA",))
    for i in range(6):
        factories.aanbieder(groot, naam=f"School {i}")
    codes = list(Onderwijsbestuur.objects.order_by("code").values_list("code", flat=True))
    assert bestand._grenzen(2) == [("", codes[1]), (codes[1], None)]  # the large board closes the first share
    for aantal in range(1, 6):
        delen = bestand._grenzen(aantal)
        per_deel = [[c for c in codes if c > van and (tot is None or c <= tot)] for van, tot in delen]
        assert 1 <= len(delen) <= aantal and all(per_deel), (aantal, delen)
        assert [c for deel in per_deel for c in deel] == codes


@alleen_postgresql
@pytest.mark.django_db(transaction=True)
def test_werkproces_dat_zomaar_stopt(bestuur):
    """A child that dies without a word (killed, out of memory) fails the work too; the parent's connection works."""

    def werk(deel: int, meld) -> None:
        if deel == 1:
            os._exit(3)
        meld(1)

    with pytest.raises(momentopname.DeelMislukt, match="stopte met code 3"):
        momentopname.verdeel([0, 1, 2], werk, 1)
    assert Onderwijsbestuur.objects.get() == bestuur


@alleen_postgresql
@pytest.mark.django_db(transaction=True)
def test_nul_processen_is_er_een(sector, settings):
    """A misconfigured LANDELIJK_PROCESSEN (0) still writes the whole file, never a zip of headers only."""
    een = _zip(sector, settings, 1)
    assert _zip(sector, settings, 0) == een and een["bestuur.csv"].count(b"\r\n") == 5
    with pytest.raises(ValueError, match="minstens één proces"):
        momentopname.verdeel([1], lambda deel, meld: None, 0)
