"""An aangeboden opleiding must fit the kind of school DUO recognised: a board that (by mistake) offers speciaal
onderwijs on a regular basisschool, or basisonderwijs on an SO school, is refused with the reason and nothing is
saved, on every path (service, screen, blauwdruk). Where DUO does not say what kind of school it is, nothing is
refused, but the screens and the controle say the portal could not check it."""

import pytest
from django.urls import reverse

from controle import gegevens, services
from kern.fouten import RegelFout
from modelleertool.models import Blauwdruk
from registratie.domein.enumeraties import DOELGROEP_SO_VSO
from registratie.models import AangebodenOpleiding, Instellingserkenning, Opleiding
from registratie.services import opleiding as opleiding_services
from tests.helpers import factories
from tests.helpers.blauwdruk import als_bytes, sjabloon, upload, voeg_rij_toe
from tests.helpers.vingerafdruk import bekeken

SO = {"doelgroepSpeciaalOnderwijs": ["AUTISME"]}


def _zet_soort(brin4: str, soort: str) -> None:
    Instellingserkenning.objects.filter(code=brin4).update(soort=soort)


def _registreer(aanbieder, opleiding: str, kenmerken):
    return opleiding_services.registreer_aangeboden_opleiding(
        aanbieder, door="test", opleiding=factories.opleiding_naam(opleiding), locatie=None,
        begindatum=aanbieder.begindatum, kenmerken=kenmerken)


def _signalen(bestuur, vandaag, regel="OPLEIDING_PAST_BIJ_SCHOOL"):
    controle = services.controleer(gegevens.laad_bestuur(bestuur, vandaag))
    return [s for s in controle.signalen if s.regel == regel]


@pytest.mark.django_db
@pytest.mark.parametrize(("soort", "opleiding", "kenmerken"), [
    ("BAO", "Speciaal onderwijs regulier", SO),           # SO on a regular basisschool
    ("BAO", None, SO),                                    # VSO on a basisschool (first VSO opleiding)
    ("SO", "Basisonderwijs", {"doelgroepBasisonderwijs": ["BO"]}),  # BO on an SO school
    ("VSO", "Speciaal onderwijs regulier", SO),           # SO on a VSO-only school
])
def test_opleiding_die_niet_bij_de_school_past_wordt_geweigerd(bestuur, soort, opleiding, kenmerken):
    if opleiding is None:
        opleiding = Opleiding.objects.filter(sector="VSO").order_by("volgorde").values_list("naam", flat=True)[0]
    _zet_soort("11AA", soort)
    aanbieder = factories.aanbieder(bestuur, brin4="11AA")
    voor = factories.stand()
    with pytest.raises(RegelFout) as fout:
        _registreer(aanbieder, opleiding, kenmerken)
    bericht = " ".join(fout.value.message_dict["opleiding"])
    assert "past niet bij de school" in bericht and "11AA is een" in bericht
    assert "Kies een opleiding die bij de school past" in bericht  # says how to fix it
    assert factories.stand() == voor, "nothing is half-saved"


@pytest.mark.django_db
@pytest.mark.parametrize(("soort", "opleiding", "kenmerken"), [
    ("SBO", "Basisonderwijs", {"doelgroepBasisonderwijs": ["SBO"]}),  # speciaal basisonderwijs = BO + SBO
    ("BAO", "Basisonderwijs", {"doelgroepBasisonderwijs": ["BO"]}),
    ("SO", "Speciaal onderwijs regulier", SO),
    ("(V)SO", "Speciaal onderwijs regulier", SO),
])
def test_opleiding_die_bij_de_school_past_mag(bestuur, vandaag, soort, opleiding, kenmerken):
    _zet_soort("11AA", soort)
    aanbieder = factories.aanbieder(bestuur, brin4="11AA")
    ao = _registreer(aanbieder, opleiding, kenmerken)
    assert AangebodenOpleiding.objects.filter(pk=ao.pk).exists()
    assert _signalen(bestuur, vandaag) == []


@pytest.mark.django_db
def test_onbekende_soort_weigert_niet_maar_waarschuwt(beheerder_client, bestuur, vandaag):
    _zet_soort("11AA", "")
    aanbieder = factories.aanbieder(bestuur, brin4="11AA")
    ao = _registreer(aanbieder, "Speciaal onderwijs regulier", SO)  # not refused: DUO cannot tell
    [signaal] = _signalen(bestuur, vandaag)
    assert signaal.ernst == "waarschuwing" and "Soort school onbekend bij DUO (11AA)" in signaal.bericht
    assert signaal.herstel is not None and signaal.herstel.url == ao.get_absolute_url()
    assert 'id="soort-onbekend"' in beheerder_client.get(ao.get_absolute_url()).content.decode()
    formulier = beheerder_client.get(reverse("registratie:opleiding_toevoegen", args=[aanbieder.code]))
    assert "DUO geeft niet aan wat voor school dit is" in formulier.content.decode()


@pytest.mark.django_db
def test_bekende_soort_geeft_geen_notitie(beheerder_client, bestuur):
    aanbieder = factories.aanbieder(bestuur, brin4="11AA")  # the factory's school is a BAO
    ao = factories.bo_opleiding(aanbieder)
    assert 'id="soort-onbekend"' not in beheerder_client.get(ao.get_absolute_url()).content.decode()


@pytest.mark.django_db
def test_scherm_weigert_so_op_basisschool_met_de_reden(beheerder_client, bestuur, vandaag):
    aanbieder = factories.aanbieder(bestuur, brin4="11AA")
    opleiding = factories.opleiding_naam("Speciaal onderwijs regulier")
    voor = factories.stand()
    antwoord = beheerder_client.post(
        reverse("registratie:opleiding_toevoegen", args=[aanbieder.code]) + "?sector=SO",
        {"opleiding": opleiding.pk, "begindatum": vandaag.isoformat(), "eigen_naam": "",
         "internationale_naam": "", "omschrijving": "", "doelgroepSpeciaalOnderwijs": ["AUTISME"]})
    assert antwoord.status_code in (200, 400)
    assert "past niet bij de school" in antwoord.content.decode()
    assert factories.stand() == voor


@pytest.mark.django_db
def test_controle_meldt_fout_voor_bestaande_opleiding_die_niet_past(bestuur, vandaag):
    """Registered while DUO did not know the soort; DUO later says it is a basisschool: a blocking error."""
    _zet_soort("11AA", "")
    aanbieder = factories.aanbieder(bestuur, brin4="11AA")
    ao = _registreer(aanbieder, "Speciaal onderwijs regulier", SO)
    _zet_soort("11AA", "BAO")
    [signaal] = _signalen(bestuur, vandaag)
    assert signaal.ernst == "fout" and "past niet bij de school" in signaal.bericht
    assert signaal.herstel is not None
    assert signaal.herstel.url == reverse("registratie:opleiding_beeindigen", args=[str(ao.code)])


@pytest.mark.django_db
def test_blauwdruk_met_so_op_basisschool_wordt_niet_toegepast(beheerder_client, bestuur, vandaag):
    aanbieder = factories.aanbieder(bestuur, naam="De Regenboog", brin4="11AA")
    factories.bo_opleiding(aanbieder)
    boek = sjabloon(bestuur)
    voeg_rij_toe(boek["Aangeboden opleidingen"], {
        "Aanbieder": "De Regenboog", "Opleiding": "Speciaal onderwijs regulier",
        "Doelgroep": DOELGROEP_SO_VSO.waarde("AUTISME").label})
    assert upload(beheerder_client, bestuur, als_bytes(boek)).status_code == 302
    blauwdruk = Blauwdruk.objects.get(bestuur=bestuur)
    voor = factories.stand()
    antwoord = beheerder_client.post(reverse("blauwdruk:toepassen", args=[bestuur.code, blauwdruk.pk]),
                                     {"ingangsdatum": vandaag.isoformat(), "vingerafdruk": bekeken(blauwdruk)})
    pagina = antwoord.content.decode()
    assert antwoord.status_code == 400, pagina[:2000]
    assert "niet toegepast; er is niets gewijzigd" in pagina and "past niet bij de school" in pagina
    assert factories.stand() == voor


@pytest.mark.django_db(transaction=True)
def test_so_op_een_echte_basisschool_uit_duos_bestand_wordt_geweigerd(duo):
    """The real file makes the refusal bite: its schools are basisscholen (BAO), not 'soort onbekend'."""
    brin4 = duo.vestigingen[0].brin4
    assert Instellingserkenning.objects.get(code=brin4).soort == "BAO"
    aanbieder = factories.aanbieder(duo.bestuur, brin4=brin4)
    voor = factories.stand()
    with pytest.raises(RegelFout) as fout:
        _registreer(aanbieder, "Speciaal onderwijs regulier", SO)
    assert f"{brin4} is een basisschool (BAO)" in " ".join(fout.value.message_dict["opleiding"])
    assert factories.stand() == voor
    assert _registreer(aanbieder, "Basisonderwijs", {"doelgroepBasisonderwijs": ["BO"]}).pk
