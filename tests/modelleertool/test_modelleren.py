"""Modelling a concept in the browser (issue 6, item 3): each operation changes the concept's JSON and never the
register; an invalid edit shows the upload's rule and stores nothing; a concept modelled in the browser and applied
through the preview gives the registration a person would enter by hand; access as for the upload."""

import html
import re
from datetime import date

import pytest
from django.db import transaction
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from autorisatie.rollen import Rol
from modelleertool import modelleren
from modelleertool.forms.modelleren import FORMULIEREN
from modelleertool.inhoud import Blauwdruk as Inhoud
from modelleertool.inhoud import uit_registratie
from modelleertool.lezer import Kader
from modelleertool.models import Blauwdruk
from registratie.models import AuditRegel
from tests.helpers import factories
from tests.helpers.blauwdruk import TerugDraaien, snapshot, wijzig_met_de_hand
from tests.helpers.vingerafdruk import bekeken


@pytest.fixture
def concept(beheerder_client, bestuur, registratie, vandaag):
    """A concept made with the button on the blauwdruk list."""
    antwoord = beheerder_client.post(reverse("blauwdruk:nieuw_concept", args=[bestuur.code]))
    blauwdruk = Blauwdruk.objects.get(bestuur=bestuur)
    assert antwoord.status_code == 302
    assert antwoord["Location"] == reverse("blauwdruk:modelleren", args=[bestuur.code, blauwdruk.pk])
    return blauwdruk


def _post(client, blauwdruk, handeling: str, **velden):
    data = {"handeling": handeling, **{f"{handeling}-{k}": v for k, v in velden.items()}}
    return client.post(reverse("blauwdruk:modelleren", args=[blauwdruk.bestuur.code, blauwdruk.pk]), data)


def register() -> dict[str, int]:
    """The row counts of the register (factories.stand) without the blauwdrukken themselves."""
    return {model: aantal for model, aantal in factories.stand().items() if model != "Blauwdruk"}


def _inhoud(blauwdruk) -> Inhoud:
    blauwdruk.refresh_from_db()
    return Inhoud.van_json(blauwdruk.inhoud)


@pytest.fixture
def register_blijft():
    """Asserts at the end of the test that the live register and the audit trail did not change."""
    stand, audit = register(), AuditRegel.objects.count()
    yield
    assert register() == stand
    assert AuditRegel.objects.count() == audit


def bewerk(client, blauwdruk, handeling: str, **velden) -> Inhoud:
    antwoord = _post(client, blauwdruk, handeling, **velden)
    assert antwoord.status_code == 302, re.findall(r'id="foutmeldingen".*?</div>', antwoord.content.decode(), re.S)
    return _inhoud(blauwdruk)


def weigert(client, blauwdruk, handeling: str, fragment: str, status: int = 400, **velden) -> str:
    voor = _inhoud(blauwdruk).naar_json()
    antwoord = _post(client, blauwdruk, handeling, **velden)
    pagina_ = html.unescape(antwoord.content.decode())
    assert antwoord.status_code == status
    assert fragment in pagina_, re.findall(r'id="foutmeldingen".*?</div>', pagina_, re.S)
    assert _inhoud(blauwdruk).naar_json() == voor, "nothing is stored"
    return pagina_


# --- A new concept ----------------------------------------------------------------------------------------------

def test_nieuw_concept_uit_de_registratie_wijzigt_het_register_niet(beheerder_client, beheerder, bestuur,
                                                                     registratie, vandaag):
    stand, audit = register(), AuditRegel.objects.count()
    lijst = beheerder_client.get(reverse("blauwdruk:lijst", args=[bestuur.code])).content.decode()
    assert "Nieuw concept in de browser" in lijst
    antwoord = beheerder_client.post(reverse("blauwdruk:nieuw_concept", args=[bestuur.code]), follow=True)
    blauwdruk = Blauwdruk.objects.get(bestuur=bestuur)
    assert (blauwdruk.bron, blauwdruk.status, blauwdruk.aangemaakt_door) == ("browser", "concept", beheerder)
    assert Inhoud.van_json(blauwdruk.inhoud) == uit_registratie(bestuur, vandaag)
    assert [a["rij"] for a in blauwdruk.inhoud["aanbieders"]] == [2]
    assert (register(), AuditRegel.objects.count()) == (stand, audit)
    pagina_ = antwoord.content.decode()
    assert "De Regenboog" in pagina_ and "Bekijk verschil en pas toe" in pagina_
    assert reverse("blauwdruk:voorbeeld", args=[bestuur.code, blauwdruk.pk]) in pagina_
    assert reverse("blauwdruk:plaatje", args=[bestuur.code, blauwdruk.pk]) in pagina_
    assert "0 nieuw, 0 gewijzigd, 0 beëindigd" in pagina_


# --- Each operation changes the concept, not the register ----------------------------------------------------

def test_nieuwe_aanbieder_toevoegen_hernoemen_en_verwijderen(beheerder_client, concept, register_blijft):
    inhoud = bewerk(beheerder_client, concept, "aanbieder_toevoegen", naam="De Linde", brin4=["11AB"])
    [linde] = [a for a in inhoud.aanbieders if a.naam == "De Linde"]
    assert (linde.code, linde.brin4, linde.begindatum, linde.rij) == ("", ["11AB"], None, 3)
    bewerk(beheerder_client, concept, "opleiding_toevoegen", aanbieder="De Linde", opleiding="Basisonderwijs",
           locatie="", doelgroepen="SBO")
    inhoud = bewerk(beheerder_client, concept, "aanbieder_hernoemen", aanbieder="De Linde", naam="De Linde Noord")
    assert "De Linde Noord" in [a.naam for a in inhoud.aanbieders]
    assert [o.aanbieder for o in inhoud.opleidingen if not o.code] == ["De Linde Noord"], "references follow"
    antwoord = _post(beheerder_client, concept, "aanbieder_weghalen", aanbieder="De Linde Noord")
    assert antwoord.status_code == 302
    inhoud = _inhoud(concept)
    assert [a.naam for a in inhoud.aanbieders] == ["De Regenboog"]
    assert all(o.code for o in inhoud.opleidingen), "its new opleiding went with it"
    pagina_ = beheerder_client.get(antwoord["Location"]).content.decode()
    assert "is uit het concept verwijderd, met 1 aangeboden opleiding" in pagina_


def test_bestaande_aanbieder_hernoemen_en_beeindigen(beheerder_client, concept, registratie, register_blijft):
    code = registratie["aanbieder"].code
    inhoud = bewerk(beheerder_client, concept, "aanbieder_hernoemen", aanbieder=code, naam="De Regenboog Noord")
    assert [(a.code, a.naam) for a in inhoud.aanbieders] == [(code, "De Regenboog Noord")]
    weigert(beheerder_client, concept, "aanbieder_weghalen", "Vul de einddatum in (de laatste dag)", aanbieder=code)
    weigert(beheerder_client, concept, "aanbieder_weghalen", "ligt in het verleden", aanbieder=code,
            einddatum="2026-11-27")
    inhoud = bewerk(beheerder_client, concept, "aanbieder_weghalen", aanbieder=code, einddatum="2027-07-31")
    assert inhoud.aanbieders[0].einddatum == date(2027, 7, 31) and inhoud.aanbieders[0].code == code


def test_locatie_toevoegen_verwijderen_en_beeindigen(beheerder_client, concept, registratie, register_blijft):
    inhoud = bewerk(beheerder_client, concept, "locatie_toevoegen", brin6="11AB00")
    nieuw = inhoud.locaties[-1]
    assert (nieuw.code, nieuw.brin6, nieuw.postcode) == ("", ["11AB00"], "")
    weigert(beheerder_client, concept, "locatie_toevoegen", "hoort in dit concept al bij locatie 11AB00",
            brin6="11AB00")
    bewerk(beheerder_client, concept, "opleiding_toevoegen", aanbieder=registratie["aanbieder"].code,
           opleiding="Basisonderwijs", locatie="11AB00", doelgroepen="BO")
    weigert(beheerder_client, concept, "locatie_weghalen", "Verplaats of verwijder die eerst", locatie="11AB00")
    nieuwe_opleiding = modelleren.opleiding_sleutel(_inhoud(concept).opleidingen[-1])
    bewerk(beheerder_client, concept, "opleiding_weghalen", opleiding=nieuwe_opleiding)
    inhoud = bewerk(beheerder_client, concept, "locatie_weghalen", locatie="11AB00")
    assert [loc.brin6 for loc in inhoud.locaties] == [["11AA00"]]
    code = registratie["gebruik"].locatie.code
    inhoud = bewerk(beheerder_client, concept, "locatie_weghalen", locatie=code, einddatum="2027-07-31")
    assert (inhoud.locaties[0].code, inhoud.locaties[0].einddatum) == (code, date(2027, 7, 31))


def test_locatie_met_eigen_adres(beheerder_client, concept, register_blijft):
    weigert(beheerder_client, concept, "locatie_toevoegen", "Vul postcode én huisnummer in", brin6="11AB00",
            postcode="3511 AB")
    inhoud = bewerk(beheerder_client, concept, "locatie_toevoegen", brin6="11AB00", straatnaam="Dorpsstraat",
                    huisnummer="12", toevoeging="a", postcode="3511 ab", plaatsnaam="Utrecht")
    nieuw = inhoud.locaties[-1]
    assert (nieuw.postcode, nieuw.huisnummer, nieuw.toevoeging, nieuw.plaatsnaam) == ("3511AB", 12, "A", "UTRECHT")


def test_opleiding_toevoegen_en_beeindigen(beheerder_client, concept, registratie, register_blijft):
    aanbieder, locatie = registratie["aanbieder"].code, registratie["gebruik"].locatie.code
    inhoud = bewerk(beheerder_client, concept, "opleiding_toevoegen", aanbieder=aanbieder,
                    opleiding="Speciaal onderwijs regulier", locatie=locatie, doelgroepen="AUTISME",
                    eigen_naam="De Regenboog SO", begindatum="2027-08-01")
    nieuw = inhoud.opleidingen[-1]
    assert (nieuw.code, nieuw.aanbieder, nieuw.opleiding, nieuw.locatie, nieuw.doelgroepen, nieuw.begindatum) == (
        "", aanbieder, "Speciaal onderwijs regulier", locatie, ["AUTISME"], date(2027, 8, 1))
    bestaand = str(registratie["opleiding"].code)
    inhoud = bewerk(beheerder_client, concept, "opleiding_weghalen", opleiding=bestaand, einddatum="2027-07-31")
    assert [o.einddatum for o in inhoud.opleidingen if o.code == bestaand] == [date(2027, 7, 31)]


def test_opleiding_verplaatsen(beheerder_client, concept, registratie, vandaag, register_blijft):
    bewerk(beheerder_client, concept, "aanbieder_toevoegen", naam="De Linde", brin4=["11AB"])
    bewerk(beheerder_client, concept, "locatie_toevoegen", brin6="11AB00")
    bestaand = str(registratie["opleiding"].code)
    weigert(beheerder_client, concept, "opleiding_verplaatsen", "Vul in per wanneer", opleiding=bestaand,
            aanbieder="De Linde", locatie="11AB00")
    weigert(beheerder_client, concept, "opleiding_verplaatsen", "Kies een datum na vandaag", opleiding=bestaand,
            aanbieder="De Linde", locatie="11AB00", per=vandaag.isoformat())
    weigert(beheerder_client, concept, "opleiding_verplaatsen", "staat al bij deze aanbieder op deze locatie",
            opleiding=bestaand, aanbieder=registratie["aanbieder"].code, locatie=registratie["gebruik"].locatie.code)
    inhoud = bewerk(beheerder_client, concept, "opleiding_verplaatsen", opleiding=bestaand, aanbieder="De Linde",
                    locatie="11AB00", per="2027-08-01")
    oud, kopie = inhoud.opleidingen
    assert (oud.code, oud.einddatum, oud.aanbieder) == (bestaand, date(2027, 7, 31), registratie["aanbieder"].code)
    assert (kopie.code, kopie.aanbieder, kopie.locatie, kopie.begindatum, kopie.doelgroepen) == (
        "", "De Linde", "11AB00", date(2027, 8, 1), ["BO"])
    # A new row simply moves (no end, no copy): back to the Regenboog, without a fixed locatie.
    inhoud = bewerk(beheerder_client, concept, "opleiding_verplaatsen", opleiding=modelleren.opleiding_sleutel(kopie),
                    aanbieder=registratie["aanbieder"].code, locatie="")
    assert len(inhoud.opleidingen) == 2
    assert (inhoud.opleidingen[1].aanbieder, inhoud.opleidingen[1].locatie) == (registratie["aanbieder"].code, "")


# --- Invalid edits: the upload's rules, nothing stored ---------------------------------------------------------

@pytest.mark.parametrize(("handeling", "velden", "fragment"), [
    ("aanbieder_toevoegen", {"naam": "de regenboog", "brin4": ["11AB"]},
     "De naam 'de regenboog' staat ook bij aanbieder 'De Regenboog'"),
    ("aanbieder_toevoegen", {"naam": "L" * 81, "brin4": ["11AB"]}, "De naam is 81 tekens; het maximum is 80."),
    ("aanbieder_toevoegen", {"naam": "De Linde", "brin4": ["22BB"]}, "Kies een BRIN4 van uw eigen bevoegd gezag."),
    ("aanbieder_toevoegen", {"naam": "", "brin4": []}, "Vul de naam van de aanbieder in"),
    ("opleiding_toevoegen", {"aanbieder": "?", "opleiding": "Basisonderwijs", "locatie": "", "doelgroepen": "BO"},
     "Kies de aanbieder uit de lijst"),
    ("opleiding_toevoegen", {"aanbieder": "CODE", "opleiding": "Basisonderwijs", "locatie": "",
                             "doelgroepen": "AUTISME"}, "'AUTISME' past niet. Kies uit de keuzelijst voor"),
    ("locatie_toevoegen", {"brin6": "11AB00", "postcode": "12345", "huisnummer": "5"},
     "Vul een postcode in als 1234 AB"),
    ("locatie_toevoegen", {"brin6": "11AB00", "postcode": "1234AB", "huisnummer": "5", "toevoeging": "ABCDEFG"},
     "Een huisnummertoevoeging is hoogstens 6 tekens."),
    ("locatie_toevoegen", {"brin6": "11AB00", "postcode": "1234AB", "huisnummer": "0"},
     "Een huisnummer ligt tussen 1 en 99999."),
    ("onbekend", {}, "Onbekende bewerking"),
])
def test_ongeldige_bewerking_toont_de_regel_en_slaat_niets_op(beheerder_client, concept, registratie, handeling,
                                                               velden, fragment, register_blijft):
    velden = {k: (registratie["aanbieder"].code if v == "CODE" else v) for k, v in velden.items()}
    pagina_ = weigert(beheerder_client, concept, handeling, fragment, **velden)
    assert 'id="foutmeldingen"' in pagina_ or "Onbekende bewerking" in pagina_


def test_fout_van_de_gewijzigde_rij_staat_bij_het_veld(beheerder_client, concept):
    antwoord = _post(beheerder_client, concept, "locatie_toevoegen", brin6="11AB00", postcode="12345", huisnummer="5")
    pagina_ = antwoord.content.decode()
    assert '<a href="#id_locatie_toevoegen-postcode">Postcode</a>: Vul een postcode in als 1234 AB' in pagina_
    assert 'value="12345"' in pagina_, "the typed value stays in the form"


def test_een_oud_probleem_blokkeert_andere_bewerkingen_niet(beheerder_client, concept, register_blijft):
    """A concept with a row the upload's rules refuse (here a locatie without BRIN6) can still be edited; that
    row is kept as it is."""
    inhoud = _inhoud(concept)
    inhoud.locaties[0].brin6 = []
    concept.inhoud = inhoud.naar_json()
    concept.save()
    inhoud = bewerk(beheerder_client, concept, "aanbieder_toevoegen", naam="De Linde", brin4=["11AB"])
    assert inhoud.locaties[0].brin6 == [] and inhoud.aanbieders[-1].naam == "De Linde"


TEKST = st.one_of(st.text(max_size=20), st.sampled_from(
    ["", "0", "99999999999", "2027-07-31", "2021-02-30", "1234 AB", "=1+1", "<script>", "L" * 90, "\x00", "BO",
     "AUTISME", "11AA", "11AB", "11AB00", "Basisonderwijs", "De Regenboog", "100A001", "nieuw-0"]))


@pytest.mark.parametrize("handeling", sorted(modelleren.HANDELINGEN))
def test_willekeurige_invoer_geeft_geen_serverfout_en_slaat_bij_weigering_niets_op(beheerder_client, concept,
                                                                                    handeling):
    velden = [naam for naam in FORMULIEREN[handeling].base_fields]

    @settings(max_examples=15, deadline=None, database=None, suppress_health_check=list(HealthCheck))
    @given(st.fixed_dictionaries({veld: TEKST for veld in velden}))
    def probeer(data):
        stand, voor = register(), _inhoud(concept).naar_json()
        antwoord = _post(beheerder_client, concept, handeling, **data)
        assert antwoord.status_code in (302, 400), (antwoord.status_code, data)
        if antwoord.status_code == 400:
            assert _inhoud(concept).naar_json() == voor
        else:  # what was stored passes the upload's rules
            assert modelleren.controleer(_inhoud(concept), Kader.voor(concept.bestuur))[1] == []
        assert register() == stand

    probeer()


# --- Only a concept ------------------------------------------------------------------------------------------------

def test_toegepast_of_verworpen_concept_kan_niet_worden_gewijzigd(beheerder_client, concept, registratie, vandaag):
    bewerk(beheerder_client, concept, "aanbieder_hernoemen", aanbieder=registratie["aanbieder"].code, naam="Nieuw")
    antwoord = beheerder_client.post(reverse("blauwdruk:toepassen", args=[concept.bestuur.code, concept.pk]),
                                     {"ingangsdatum": vandaag.isoformat(), "vingerafdruk": bekeken(concept)})
    assert antwoord.status_code == 302
    url = reverse("blauwdruk:modelleren", args=[concept.bestuur.code, concept.pk])
    pagina_ = beheerder_client.get(url).content.decode()
    assert "Deze blauwdruk is al toegepast; alleen een concept kan worden gewijzigd." in pagina_
    assert 'name="handeling"' not in pagina_
    stand = register()
    weigert(beheerder_client, concept, "aanbieder_hernoemen", "alleen een concept kan worden gewijzigd", status=409,
            aanbieder=registratie["aanbieder"].code, naam="Nog eens")
    assert register() == stand
    with pytest.raises(modelleren.RegelFout, match="al toegepast"):
        modelleren.bewerk(concept, "aanbieder_hernoemen", aanbieder=registratie["aanbieder"].code, naam="Nog eens")
    concept.status = Blauwdruk.Status.VERWORPEN
    concept.save()
    assert "al verworpen" in beheerder_client.get(url).content.decode()


# --- Modelled in the browser, applied through the preview --------------------------------------------------------

def test_in_de_browser_gemodelleerd_en_toegepast_geeft_de_verwachte_registratie(beheerder_client, beheerder, bestuur,
                                                                                registratie, vandaag):
    with pytest.raises(TerugDraaien), transaction.atomic():
        wijzig_met_de_hand(bestuur, beheerder, vandaag, {"doelgroepBasisonderwijs": ["SBO"]})
        met_de_hand = snapshot(bestuur, vandaag)
        raise TerugDraaien
    voor = snapshot(bestuur, vandaag)

    beheerder_client.post(reverse("blauwdruk:nieuw_concept", args=[bestuur.code]))
    concept = Blauwdruk.objects.get(bestuur=bestuur)
    bewerk(beheerder_client, concept, "aanbieder_hernoemen", aanbieder=registratie["aanbieder"].code,
           naam="De Regenboog Noord")
    bewerk(beheerder_client, concept, "aanbieder_toevoegen", naam="De Linde", brin4=["11AB"])
    bewerk(beheerder_client, concept, "locatie_toevoegen", brin6="11AB00")
    bewerk(beheerder_client, concept, "opleiding_toevoegen", aanbieder="De Linde", opleiding="Basisonderwijs",
           locatie="11AB00", doelgroepen="SBO", eigen_naam="Linde Montessori")
    assert snapshot(bestuur, vandaag) == voor, "modelling changes nothing"

    pagina_ = beheerder_client.get(reverse("blauwdruk:voorbeeld", args=[bestuur.code, concept.pk])).content.decode()
    assert "3 nieuw, 1 gewijzigd, 0 beëindigd" in pagina_ and "Blauwdruk toepassen" in pagina_
    hoogste = AuditRegel.objects.order_by("-pk").values_list("pk", flat=True).first()
    antwoord = beheerder_client.post(reverse("blauwdruk:toepassen", args=[bestuur.code, concept.pk]),
                                     {"ingangsdatum": vandaag.isoformat(), "vingerafdruk": bekeken(concept)})
    assert antwoord.status_code == 302, antwoord.content.decode()[:3000]
    assert snapshot(bestuur, vandaag) == met_de_hand
    assert AuditRegel.objects.filter(pk__gt=hoogste).count() == 4
    concept.refresh_from_db()
    assert (concept.status, concept.bron) == ("toegepast", "browser")


# --- Access ------------------------------------------------------------------------------------------------------

def _urls(blauwdruk) -> dict[str, str]:
    code = blauwdruk.bestuur.code
    return {"nieuw_concept": reverse("blauwdruk:nieuw_concept", args=[code]),
            "modelleren": reverse("blauwdruk:modelleren", args=[code, blauwdruk.pk]),
            "plaatje": reverse("blauwdruk:plaatje", args=[code, blauwdruk.pk])}


def test_gebruiker_van_ander_bestuur_krijgt_404(client, ander_bestuur, concept):
    client.force_login(factories.gebruiker_met_rollen("b_beheerder", ander_bestuur))
    voor = (_inhoud(concept).naar_json(), Blauwdruk.objects.count())
    urls = _urls(concept)
    assert client.post(urls["nieuw_concept"]).status_code == 404
    assert client.get(urls["modelleren"]).status_code == 404
    assert client.post(urls["modelleren"], {"handeling": "aanbieder_toevoegen", "aanbieder_toevoegen-naam": "X",
                                            "aanbieder_toevoegen-brin4": "22BB"}).status_code == 404
    assert client.get(urls["plaatje"]).status_code == 404
    assert (_inhoud(concept).naar_json(), Blauwdruk.objects.count()) == voor


def test_leesrol_mag_het_plaatje_zien_maar_niet_modelleren(client, lezer, concept, bestuur):
    client.force_login(lezer)
    urls = _urls(concept)
    voor = (_inhoud(concept).naar_json(), Blauwdruk.objects.count())
    assert client.post(urls["nieuw_concept"]).status_code == 403
    assert client.get(urls["modelleren"]).status_code == 403
    assert client.post(urls["modelleren"], {"handeling": "aanbieder_toevoegen", "aanbieder_toevoegen-naam": "X",
                                            "aanbieder_toevoegen-brin4": "11AB"}).status_code == 403
    assert client.get(urls["plaatje"]).status_code == 200
    assert (_inhoud(concept).naar_json(), Blauwdruk.objects.count()) == voor
    lijst = client.get(reverse("blauwdruk:lijst", args=[bestuur.code])).content.decode()
    assert "Nieuw concept in de browser" not in lijst
    voorbeeld = client.get(concept.get_absolute_url()).content.decode()
    assert "Concept wijzigen in de browser" not in voorbeeld and urls["plaatje"] in voorbeeld


def test_alleen_de_rol_onderwijsaanbieder_beheren_is_nodig(client, bestuur, concept):
    client.force_login(factories.gebruiker_met_rollen("alleen_aanbieders", bestuur,
                                                      rollen=[Rol.BEHEREN_ONDERWIJSAANBIEDER]))
    assert _post(client, concept, "aanbieder_toevoegen", naam="De Linde", brin4=["11AB"]).status_code == 302
    assert "De Linde" in [a.naam for a in _inhoud(concept).aanbieders]


# --- In a real browser ------------------------------------------------------------------------------------------

@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_concept_maken_aanbieder_toevoegen_en_zien_in_boom_en_plaatje(pagina, inloggen, bestuur):
    import importlib

    from django.apps import apps as django_apps
    from playwright.sync_api import expect

    from tests.helpers.a11y import controleer

    importlib.import_module("registratie.migrations.0003_opleidingen_catalogus").laad(django_apps, None)
    factories.aanbieder(bestuur, naam="De Regenboog")
    persoon = factories.gebruiker_met_rollen("modelleerder", bestuur)
    stand = register()
    inloggen(persoon.username)
    pagina.goto(pagina.live_server_url + reverse("blauwdruk:lijst", args=[bestuur.code]))
    with pagina.expect_navigation():
        pagina.get_by_role("button", name="Nieuw concept in de browser").click()
    expect(pagina.get_by_role("heading", level=1)).to_contain_text("modelleren")
    formulier = pagina.locator("#aanbieder_toevoegen")
    formulier.get_by_label("Naam").fill("Het Kompas")
    formulier.get_by_label(re.compile("11AB")).check()
    with pagina.expect_navigation():
        formulier.get_by_role("button", name="Opslaan in het concept").click()
    expect(pagina.get_by_role("status").filter(has_text="Het Kompas")).to_contain_text("De registratie is niet "
                                                                                       "gewijzigd")
    expect(pagina.locator("#boom-kop + ul.boom")).to_contain_text("Het Kompas")
    controleer(pagina, "modelleren")  # axe-core: no serious accessibility errors, as tests/a11y
    with pagina.expect_navigation():
        pagina.get_by_role("link", name="Plaatje van dit concept").click()
    svg = pagina.get_by_role("img", name=re.compile("Organisatieplaatje"))
    expect(svg).to_be_visible()
    expect(svg.locator("g.vak-aanbieder", has_text="Het Kompas")).to_have_count(1)
    controleer(pagina, "plaatje van het concept")
    assert register() == stand
