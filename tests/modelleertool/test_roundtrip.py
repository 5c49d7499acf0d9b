"""Roundtrip: the template of the current registration, uploaded unchanged, shows no changes; three edited
cells show exactly three lines."""

from datetime import date

from django.urls import reverse

from modelleertool.inhoud import uit_registratie
from modelleertool.models import Blauwdruk
from modelleertool.verschil import BEEINDIGD, GEWIJZIGD, NIEUW, bereken
from tests.helpers.blauwdruk import als_bytes, lees_boek, sjabloon, upload, voeg_rij_toe, waarde, zet
from tests.helpers.vingerafdruk import bekeken


def test_sjabloon_zonder_wijziging_geeft_geen_wijzigingen(bestuur, registratie, vandaag):
    resultaat = lees_boek(sjabloon(bestuur), bestuur)
    assert resultaat.fouten == [], resultaat.problemen
    assert resultaat.blauwdruk == uit_registratie(bestuur, vandaag)
    assert bereken(bestuur, resultaat.blauwdruk).leeg


def test_upload_zonder_wijziging_toont_geen_wijzigingen(beheerder_client, bestuur, registratie, vandaag):
    antwoord = upload(beheerder_client, bestuur, als_bytes(sjabloon(bestuur)))
    assert antwoord.status_code == 302
    blauwdruk = Blauwdruk.objects.get(bestuur=bestuur)
    assert blauwdruk.status == Blauwdruk.Status.CONCEPT
    pagina = beheerder_client.get(antwoord["Location"]).content.decode()
    assert "Geen wijzigingen" in pagina


def test_drie_cellen_geven_drie_regels(beheerder_client, bestuur, registratie, vandaag):
    boek = sjabloon(bestuur)
    aanbieders, opleidingen = boek["Aanbieders"], boek["Aangeboden opleidingen"]
    assert waarde(aanbieders, 2, "Naam") == "De Regenboog"
    zet(aanbieders, 2, "Naam", "De Regenboog Noord")  # 1: a name
    zet(opleidingen, 2, "Einddatum", date(2027, 7, 31))  # 2: an end date
    voeg_rij_toe(opleidingen, {"Aanbieder": "De Regenboog Noord", "Opleiding": "Eerste onderwijs anderstaligen",
                               "Doelgroep": "Regulier basisonderwijs", "Locatie": "11AA00"})  # 3: an opleiding

    antwoord = upload(beheerder_client, bestuur, als_bytes(boek))
    assert antwoord.status_code == 302, antwoord.content.decode()[:3000]
    blauwdruk = Blauwdruk.objects.get(bestuur=bestuur)
    from modelleertool.inhoud import Blauwdruk as Inhoud

    verschil = bereken(bestuur, Inhoud.van_json(blauwdruk.inhoud))
    assert sorted((w.soort, w.blad, w.rij) for w in verschil.wijzigingen) == [
        (BEEINDIGD, "Aangeboden opleidingen", 2), (GEWIJZIGD, "Aanbieders", 2), (NIEUW, "Aangeboden opleidingen", 3)]
    per_soort = {w.soort: w for w in verschil.wijzigingen}
    assert per_soort[GEWIJZIGD].velden == [("Naam", "De Regenboog", "De Regenboog Noord")]
    assert per_soort[BEEINDIGD].velden == [("Einddatum", "(leeg)", "31-07-2027")]
    assert ("Opleiding", "", "Eerste onderwijs anderstaligen") in per_soort[NIEUW].velden
    assert not verschil.problemen

    pagina = beheerder_client.get(antwoord["Location"]).content.decode()
    assert pagina.count('<tr class="wijziging-') == 3
    assert "De Regenboog → De Regenboog Noord" in pagina

    toegepast = beheerder_client.post(reverse("blauwdruk:toepassen", args=[bestuur.code, blauwdruk.pk]),
                                      {"ingangsdatum": vandaag.isoformat(), "vingerafdruk": bekeken(blauwdruk)})
    assert toegepast.status_code == 302, toegepast.content.decode()[:3000]
    registratie["aanbieder"].refresh_from_db()
    registratie["opleiding"].refresh_from_db()
    assert registratie["aanbieder"].huidige_periode(vandaag).naam == "De Regenboog Noord"
    assert registratie["opleiding"].einddatum == date(2027, 7, 31)
    assert registratie["aanbieder"].aangeboden_opleidingen.count() == 2
    blauwdruk.refresh_from_db()
    assert blauwdruk.status == Blauwdruk.Status.TOEGEPAST and blauwdruk.ingangsdatum == vandaag
    # After applying, a new template of the registration is again a roundtrip without changes.
    assert bereken(bestuur, lees_boek(sjabloon(bestuur), bestuur).blauwdruk).leeg
