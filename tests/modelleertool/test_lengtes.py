"""A blauwdruk text longer than the register can hold is refused when the file is read, as a problem that names
sheet, row and column; it is never cut off when the blauwdruk is applied (issue 15 §5)."""

import pytest
from django.urls import reverse

from modelleertool.models import Blauwdruk
from tests.helpers import factories
from tests.helpers.blauwdruk import als_bytes, lees_boek, sjabloon, upload, voeg_rij_toe

pytestmark = pytest.mark.django_db



def _problemen(resultaat, blad: str, kolomdeel: str) -> list:
    return [p for p in resultaat.fouten if p.blad == blad and kolomdeel in p.kolom]


def test_straat_van_95_tekens_geweigerd_met_blad_rij_en_kolom(beheerder_client, bestuur, registratie):
    straat = "S" * 95
    boek = sjabloon(bestuur)
    rij = voeg_rij_toe(boek["Locaties"], {"Postcode": "1001 AB", "Huisnummer": 5, "Straat": straat,
                                          "BRIN6": "11AB00"})
    resultaat = lees_boek(boek, bestuur)
    assert resultaat.blauwdruk is None
    [probleem] = _problemen(resultaat, "Locaties", "(Straat)")
    assert probleem.rij == rij
    assert "95 tekens" in probleem.bericht and "maximum is 80" in probleem.bericht
    voor = factories.stand()
    pagina = upload(beheerder_client, bestuur, als_bytes(boek)).content.decode()
    assert "Er is niets opgeslagen" in pagina and "95 tekens" in pagina
    assert factories.stand() == voor
    assert not Blauwdruk.objects.exists()


@pytest.mark.parametrize(("blad", "waarden", "kop", "maximum"), [
    ("Aanbieders", {"Naam": "De Linde", "BRIN4": "11AB", "Internationale naam": "I" * 226}, "Internationale naam",
     225),
    ("Locaties", {"Postcode": "1001 AB", "Huisnummer": 5, "Plaats": "P" * 41, "BRIN6": "11AB00"}, "Plaats", 40),
    ("Contactgegevens", {"Communicatiecontext": "Algemeen", "Toelichting": "T" * 201}, "Toelichting", 200),
    ("Contactgegevens", {"Communicatiecontext": "Algemeen", "Bezoekadres straat": "B" * 81}, "Bezoekadres straat", 80),
])
def test_elke_tekstkolom_kent_het_maximum_van_het_register(bestuur, registratie, blad, waarden, kop, maximum):
    boek = sjabloon(bestuur)
    rij = voeg_rij_toe(boek[blad], waarden)
    resultaat = lees_boek(boek, bestuur)
    gevonden = [p for p in _problemen(resultaat, blad, f"({kop})") if p.rij == rij]
    assert gevonden and f"het maximum is {maximum}" in gevonden[0].bericht, resultaat.problemen


def test_upload_scherm_noemt_de_plek(beheerder_client, bestuur, registratie):
    boek = sjabloon(bestuur)
    voeg_rij_toe(boek["Locaties"], {"Postcode": "1001 AB", "Huisnummer": 5, "Straat": "S" * 95, "BRIN6": "11AB00"})
    pagina = beheerder_client.post(reverse("blauwdruk:uploaden", args=[bestuur.code]),
                                   {"bestand": _upload(als_bytes(boek)), "naam": ""}).content.decode()
    assert "Locaties" in pagina and "Straat" in pagina


def _upload(data: bytes):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile("blauwdruk.xlsx", data)
