"""Reading the supplementary DUO files (special schools, board list, pupils): a row that cannot be trusted is
rejected with its line and a reason that says what is wrong; an unknown header stops everything before a write."""

from datetime import date

import pytest

from registratie.importer.aanvullend import lees_besturen, lees_leerlingen, soort_bestand
from registratie.importer.duo_open_data import importeer_bestanden
from registratie.importer.lezen import (
    BESTUREN_BESTAND,
    DEMO_BESTAND,
    LEERLINGEN_BESTAND,
    OUD_BESTAND,
    SPECIAAL_BESTAND,
    ImportFout,
    lees_bestand,
)
from registratie.models import BevoegdGezag


def _regels(pad, aantal: int) -> bytes:
    return b"".join(pad.read_bytes().splitlines(keepends=True)[:aantal])


def test_bestanden_worden_herkend_aan_de_kopregel():
    assert [soort_bestand(_regels(p, 2)) for p in (DEMO_BESTAND, SPECIAAL_BESTAND, BESTUREN_BESTAND,
                                                   LEERLINGEN_BESTAND)] == [
        "vestigingen", "vestigingen", "besturen", "leerlingen"]


def test_speciaal_onbekende_soort_en_cluster_worden_geweigerd():
    kop, eerste = SPECIAAL_BESTAND.read_bytes().splitlines(keepends=True)[:2]
    fout = eerste.replace(b"(V)SO;Drenthe", b"XSO;Drenthe").replace(b";4;SO LZ", b";5;SO LZ")
    bestand = lees_bestand(kop + eerste + fout.replace(b"06SV00", b"06SV01"))
    assert [r.vestigingscode for r in bestand.regels] == ["06SV00"]
    [weigering] = bestand.weigeringen
    assert weigering.regelnummer == 3
    assert "onbekende soort primair onderwijs 'XSO' (verwacht SBAO, SO, VSO of (V)SO)" in weigering.reden
    assert "onbekend cluster '5'" in weigering.reden
    assert bestand.instellingen()["06SV"].soort == "(V)SO" and bestand.instellingen()["06SV"].cluster == "4"


def test_besturenlijst_weigert_een_fout_kvk_nummer_en_houdt_eerdere_namen():
    inhoud = _regels(BESTUREN_BESTAND, 5) + b'123,Stichting Fout,besturenlijst,bo,12345,\r\n'
    bestand = lees_besturen(inhoud, "besturen.csv")
    [weigering] = bestand.weigeringen
    assert weigering.regelnummer == 6 and "ongeldig KvK-nummer '123' (verwacht 8 cijfers)" in str(weigering)
    assert bestand.besturen["13603"].eerdere_namen == ("Stg. openb. scholengemeenschap Piter Jelles",)
    with pytest.raises(ImportFout, match="mist de kolommen"):
        lees_besturen(b"nummer,naam\r\n12345,X\r\n")


def test_leerlingen_weigert_een_onleesbaar_aantal_en_neemt_de_laatste_telling():
    kop, eerste = LEERLINGEN_BESTAND.read_bytes().splitlines(keepends=True)[:2]
    assert eerste.startswith(b"00AO;00AO00;")
    fout = eerste.replace(b"00AO00", b"00AO09").rstrip(b"\r\n").rsplit(b";", 1)[0] + b";veel\r\n"
    bestand = lees_leerlingen(kop + eerste + fout)
    assert bestand.tellingen["00AO00"].aantal == "86" and bestand.tellingen["00AO00"].jaar == 2025
    assert bestand.tellingen["00AO00"].soort == "VSO"
    [weigering] = bestand.weigeringen
    assert "ongeldig aantal leerlingen 'veel' in 2025" in weigering.reden
    with pytest.raises(ImportFout, match="leerlingenbestand is niet herkend"):
        lees_leerlingen("\ufeffINSTELLINGSCODE;VESTIGINGSCODE\r\n".encode())


@pytest.mark.django_db
def test_een_onbruikbaar_bestand_houdt_alles_tegen_en_twee_van_een_soort_ook():
    with pytest.raises(ImportFout, match="mist de kolommen"):
        importeer_bestanden([DEMO_BESTAND, b"kvk,naam,herkomst\r\n"], date(2026, 8, 1))
    with pytest.raises(ImportFout, match="twee bestanden van dezelfde soort"):
        importeer_bestanden([BESTUREN_BESTAND, BESTUREN_BESTAND], date(2026, 8, 1))
    with pytest.raises(ImportFout, match="twee bestanden van dezelfde soort"):
        importeer_bestanden([OUD_BESTAND, DEMO_BESTAND], date(2026, 8, 1))  # two snapshots are two runs
    assert not BevoegdGezag.objects.exists()
