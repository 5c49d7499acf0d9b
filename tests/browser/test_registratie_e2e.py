"""Issue "register core", Done when: the registration flow of one real board, clicked and typed in Chromium.

The board is a real one from DUO's open data (registratie/data/02.-alle-schoolvestigingen-basisonderwijs.csv),
loaded with the importer exactly as in production (`importeer_duo_open_data PATH --peildatum 2026-08-01`).
The same flows through Django's test client are in tests/organisatie/test_schermen.py; here a person logs in through the
login form and clicks buttons and links, and we only assert what the page shows (plus the database, for
"nothing was saved").

Nothing is frozen: the live server runs in another thread, so "next year" is computed from date.today().
"""

from dataclasses import dataclass
from datetime import date

import pytest
from playwright.sync_api import Page, expect

from autorisatie.rollen import Rol
from registratie.models import (
    AanbiederPeriode,
    AangebodenOpleiding,
    AuditRegel,
    Contactgegevens,
    Kenmerk,
    Onderwijsaanbieder,
    Onderwijsbestuur,
    Onderwijslocatie,
    Onderwijslocatiegebruik,
    Vestigingsrelatie,
)
from tests.helpers import factories
from tests.helpers.browser import klik, opslaan, url, veld
from tests.helpers.duo import BEVOEGD_GEZAG, DuoBestuur

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

def _ddmmjjjj(d: date) -> str:
    return d.strftime("%d-%m-%Y")


# --- The whole registration flow --------------------------------------------------------------------------

def test_registratie_van_een_echt_bestuur_in_de_browser(pagina, inloggen, duo, tmp_path):
    p = pagina
    bestuur = duo.bestuur
    erica, springplank = duo.vestigingen
    vandaag = date.today()
    per_1_augustus = date(vandaag.year + 1, 8, 1)  # the issue: "a name change per 1 August next year"
    laatste_dag = date(vandaag.year + 1, 7, 31)
    factories.gebruiker_met_rollen("beheerder", bestuur)  # all eight gebruikersrollen for this board

    inloggen("beheerder")
    expect(p).to_have_url(url(p, "/"))  # the stappenplan of the one board
    expect(p.get_by_role("heading", level=1)).to_contain_text("Stappenplan")
    with p.expect_navigation():
        p.get_by_role("navigation", name="Hoofdmenu").get_by_role("link", name="Mijn organisatie").click()
    expect(p.locator("main table")).to_contain_text(BEVOEGD_GEZAG)
    klik(p, bestuur.code)
    expect(p).to_have_url(url(p, f"/organisatie/{bestuur.code}/"))
    expect(p.locator("main")).to_contain_text(f"bevoegd gezag {BEVOEGD_GEZAG}")
    erkenningen = p.locator("section", has=p.get_by_role("heading", name="Erkenningen zonder registratie"))
    for v in duo.vestigingen:
        expect(erkenningen).to_contain_text(f"BRIN {v.brin4} {v.naam}")
        expect(erkenningen).to_contain_text(f"BRIN6 {v.brin6} {v.straatnaam} {v.huisnummer}")

    # 1. Onderwijsaanbieder linked to its BRIN4.
    klik(p, "Onderwijsaanbieder toevoegen")
    expect(p.get_by_role("heading", level=1)).to_have_text("Onderwijsaanbieder toevoegen")
    veld(p, "Naam").fill(erica.naam)
    veld(p, "Oprichtingsdatum").fill(vandaag.isoformat())  # a new school starts today or later
    p.get_by_label(f"{erica.brin4} {erica.naam}").check()
    opslaan(p)
    aanbieder = Onderwijsaanbieder.objects.get()
    expect(p).to_have_url(url(p, f"/aanbieders/{aanbieder.code}/"))
    expect(p.get_by_role("status").first).to_contain_text(f"Onderwijsaanbieder {aanbieder.code} is toegevoegd")
    expect(p.get_by_role("heading", level=1)).to_have_text(erica.naam)
    expect(p.locator("main")).to_contain_text(f"Onderwijsaanbieder {aanbieder.code}")
    brin_tabel = p.locator("section", has=p.get_by_role("heading", name="Instellingserkenningen (BRIN)"))
    expect(brin_tabel.locator("tbody tr")).to_have_count(1)
    expect(brin_tabel.locator("tbody tr td")).to_have_text(
        [erica.brin4, erica.naam, _ddmmjjjj(vandaag), "–", "Beëindigen"])

    # 2. Onderwijslocatie with address and BRIN6; the postcode typed as people do ("3911 xn").
    klik(p, f"Bestuur {bestuur.code}")
    klik(p, "Onderwijslocatie toevoegen")
    veld(p, "Vestigingserkenning (BRIN6)").select_option(label=erica.keuzelabel)
    veld(p, "Postcode").fill(erica.postcode.lower())
    veld(p, "Huisnummer").fill(erica.huisnummer)
    opslaan(p)
    gebruik = Onderwijslocatiegebruik.objects.select_related("locatie").get()
    locatie = gebruik.locatie
    expect(p).to_have_url(url(p, f"/locatiegebruik/{gebruik.code}/"))
    expect(p.get_by_role("status").first).to_contain_text(f"Locatie {locatie.code} is toegevoegd")
    adres = f"{erica.straatnaam} {erica.huisnummer}, {erica.postcode} {erica.plaatsnaam}"
    expect(p.locator("main dl.row")).to_contain_text(adres)  # street taken from the BRIN6, postcode normalised
    klik(p, f"Bestuur {bestuur.code}")
    rij = p.locator("section", has=p.get_by_role("heading", name="Onderwijslocaties (locatiegebruik)")) \
        .locator("tbody tr")
    expect(rij).to_have_count(1)
    for tekst in (locatie.code, adres, erica.brin6, _ddmmjjjj(vandaag), "actief"):
        expect(rij).to_contain_text(tekst)

    # 3. A BO aangeboden opleiding with doelgroep, at that locatie.
    klik(p, erica.naam, exact=False)
    expect(p).to_have_url(url(p, f"/aanbieders/{aanbieder.code}/"))
    klik(p, "Basisonderwijs toevoegen")
    expect(p.get_by_role("heading", level=1)).to_have_text("Aangeboden opleiding toevoegen (Basisonderwijs)")
    veld(p, "Opleiding").select_option(label="Basisonderwijs (PO-BAO)")
    veld(p, "Onderwijslocatie").select_option(label=f"{locatie.code} {adres}")
    veld(p, "Doelgroep").select_option(label="Regulier basisonderwijs")
    opslaan(p)
    ao = AangebodenOpleiding.objects.get()
    expect(p).to_have_url(url(p, f"/aangeboden-opleidingen/{ao.code}/"))
    expect(p.get_by_role("status").first).to_contain_text("Aangeboden opleiding Basisonderwijs is toegevoegd")
    gegevens = p.locator("main dl.row")
    for tekst in (erica.naam, aanbieder.code, "OpleidingBasisonderwijs", locatie.code, adres,
                  "DoelgroepRegulier basisonderwijs"):
        expect(gegevens).to_contain_text(tekst)

    # 4. Contactgegevens Algemeen on the bestuur.
    klik(p, f"Bestuur {bestuur.code}")
    contactsectie = p.locator("section", has=p.get_by_role("heading", name="Contactgegevens van het bestuur"))
    expect(contactsectie).to_contain_text("Geen contactgegevens.")
    with p.expect_navigation():
        contactsectie.get_by_role("link", name="Contactgegevens toevoegen").click()
    expect(p.get_by_role("heading", level=1)).to_have_text(f"Contactgegevens toevoegen aan onderwijsbestuur "
                                                           f"{bestuur.code}")
    veld(p, "Communicatiecontext").select_option(label="Algemeen")
    veld(p, "E-mailadres").fill("info@stichting-rhenen.example.nl")
    veld(p, "Website").fill("https://www.stichting-rhenen.example.nl")
    opslaan(p)
    expect(p).to_have_url(url(p, f"/organisatie/{bestuur.code}/"))
    expect(p.get_by_role("status").first).to_contain_text("Contactgegevens Algemeen zijn toegevoegd")
    contactrij = contactsectie.locator("tbody tr")
    expect(contactrij).to_have_count(1)
    for tekst in ("Algemeen", "info@stichting-rhenen.example.nl", "https://www.stichting-rhenen.example.nl",
                  _ddmmjjjj(vandaag)):
        expect(contactrij).to_contain_text(tekst)
    assert Contactgegevens.objects.get().bestuur == bestuur
    boom = p.get_by_role("list", name="Bestuur, groepen, aanbieders en aangeboden opleidingen")
    for tekst in (erica.naam, aanbieder.code, f"BRIN {erica.brin4}", "Basisonderwijs", f"locatie {locatie.code}"):
        expect(boom).to_contain_text(tekst)

    # 5. A name change per 1 August next year: both names on the timeline, the new one "gepland".
    klik(p, erica.naam, exact=False)
    klik(p, "Wijzigen")
    expect(veld(p, "Naam")).to_have_value(erica.naam)
    veld(p, "Ingangsdatum").fill(per_1_augustus.isoformat())
    veld(p, "Naam").fill("IKC Erica")
    opslaan(p)
    expect(p).to_have_url(url(p, f"/aanbieders/{aanbieder.code}/"))
    expect(p.get_by_role("heading", level=1)).to_have_text(erica.naam)  # today the old name still holds
    tijdlijn = p.locator("table.tijdlijn tbody tr")
    expect(tijdlijn).to_have_count(2)
    expect(tijdlijn.nth(0).locator("td")).to_have_text(
        [_ddmmjjjj(vandaag), _ddmmjjjj(laatste_dag), erica.naam, "", "huidig", ""])
    expect(tijdlijn.nth(1).locator("td")).to_have_text(
        [_ddmmjjjj(per_1_augustus), "–", "IKC Erica", "", "gepland", "Annuleer geplande wijziging"])
    expect(tijdlijn.nth(1).get_by_role("button", name="Annuleer geplande wijziging")).to_be_visible()

    # 6. End the locatiegebruik per 31 July next year.
    klik(p, f"Bestuur {bestuur.code}")
    klik(p, locatie.code)
    expect(p).to_have_url(url(p, f"/locatiegebruik/{gebruik.code}/"))
    klik(p, "Beëindig onderwijslocatiegebruik")
    expect(p.get_by_role("note")).to_contain_text("eindigen op dezelfde datum")
    veld(p, "Einddatum (laatste dag)").fill(laatste_dag.isoformat())
    opslaan(p, "Beëindigen")
    expect(p).to_have_url(url(p, f"/locatiegebruik/{gebruik.code}/"))
    expect(p.get_by_role("status").first).to_contain_text(f"wordt beëindigd per {_ddmmjjjj(laatste_dag)}")
    in_gebruik = p.locator("main dl.row dd").nth(2)
    expect(in_gebruik).to_contain_text(f"vanaf {_ddmmjjjj(vandaag)} tot en met {_ddmmjjjj(laatste_dag)}")
    expect(in_gebruik).to_contain_text(f"eindigt {_ddmmjjjj(laatste_dag)}")
    expect(p.locator("main table tbody tr").first).to_contain_text(f"{erica.brin6}")
    expect(p.locator("main table tbody tr").first).to_contain_text(_ddmmjjjj(laatste_dag))
    expect(p.get_by_role("link", name="Beëindig onderwijslocatiegebruik")).to_have_count(0)

    klik(p, f"Bestuur {bestuur.code}")
    expect(rij).to_contain_text(f"eindigt {_ddmmjjjj(laatste_dag)}")
    expect(boom).to_contain_text(f"eindigt {_ddmmjjjj(laatste_dag)}")  # the BO offer there ends with it
    # The other school's erkenningen are still unregistered.
    expect(erkenningen).to_contain_text(f"BRIN {springplank.brin4}")
    expect(erkenningen).not_to_contain_text(f"BRIN {erica.brin4}")
    p.screenshot(path=str(tmp_path / "organisatie.png"), full_page=True)
    klik(p, erica.naam, exact=False)
    p.screenshot(path=str(tmp_path / "aanbieder.png"), full_page=True)


# --- Bad input: refused with a Dutch message, nothing saved ------------------------------------------------

@dataclass
class Registratie:
    """The state the bad inputs are tried on: the board of DUO with one school registered (by the services)."""

    duo: DuoBestuur
    aanbieder: Onderwijsaanbieder
    gebruik: Onderwijslocatiegebruik
    ao: AangebodenOpleiding

    @property
    def bestuur(self) -> Onderwijsbestuur:
        return self.duo.bestuur


def _stand() -> dict[str, int]:
    """Counts that change with every save (each save also writes an AuditRegel)."""
    stand = {m.__name__: m.objects.count() for m in (
        AuditRegel, Onderwijsaanbieder, AanbiederPeriode, Onderwijslocatie, Onderwijslocatiegebruik,
        Vestigingsrelatie, AangebodenOpleiding, Kenmerk, Contactgegevens)}
    stand["beëindigd"] = sum(m.objects.filter(einddatum__isnull=False).count()
                             for m in (Onderwijslocatiegebruik, AangebodenOpleiding, Vestigingsrelatie))
    return stand


def _nieuwe_locatie(postcode: str, huisnummer: str, brin6: str, typen: bool = False):
    def invullen(p: Page, r: Registratie) -> None:
        p.goto(p.live_server_url + f"/organisatie/{r.bestuur.code}/")
        klik(p, "Onderwijslocatie toevoegen")
        vestiging = next(v for v in r.duo.vestigingen if v.brin6 == brin6)
        veld(p, "Vestigingserkenning (BRIN6)").select_option(label=vestiging.keuzelabel)
        veld(p, "Postcode").fill(postcode)
        if typen:  # key by key, as a person types it
            veld(p, "Huisnummer").press_sequentially(huisnummer)
        else:
            veld(p, "Huisnummer").fill(huisnummer)
        opslaan(p)

    return invullen


def _opleiding_beeindigen(einddatum: str):
    def invullen(p: Page, r: Registratie) -> None:
        p.goto(p.live_server_url + r.ao.get_absolute_url())
        klik(p, "Beëindigen")
        veld(p, "Einddatum (laatste dag)").fill(einddatum)
        opslaan(p, "Beëindigen")

    return invullen


def _naam_wijzigen_in_het_verleden(p: Page, r: Registratie) -> None:
    p.goto(p.live_server_url + r.aanbieder.get_absolute_url())
    klik(p, "Wijzigen")
    veld(p, "Ingangsdatum").fill(date(date.today().year - 1, 8, 1).isoformat())
    veld(p, "Naam").fill("IKC Erica")
    opslaan(p)


def _opleiding_vanaf_2017(p: Page, r: Registratie) -> None:
    p.goto(p.live_server_url + r.aanbieder.get_absolute_url())
    klik(p, "Basisonderwijs toevoegen")
    veld(p, "Begindatum").fill("2017-08-01")
    veld(p, "Doelgroep").select_option(label="Regulier basisonderwijs")
    veld(p, "Doorlopende leerlijn").select_option(label="Tienerschool")
    opslaan(p)


FOUTE_INVOER = [
    pytest.param(_nieuwe_locatie("0123 AB", "60", "10ES00"), ["Postcode", "'0123AB' is geen geldige postcode"],
                 id="postcode-0123-AB"),
    pytest.param(_nieuwe_locatie("3911 PG", "12a", "10ES00", typen=True),
                 ["Huisnummer", "Vul alleen cijfers in"], id="huisnummer-12a"),
    pytest.param(_opleiding_beeindigen("2020-07-31"),
                 ["De einddatum (31-07-2020) ligt in het verleden",
                  "De einddatum (31-07-2020) ligt vóór de begindatum (01-08-2021)"],
                 id="einddatum-opleiding-in-verleden-en-voor-begin"),
    pytest.param(_naam_wijzigen_in_het_verleden, ["Ingangsdatum", "ligt in het verleden"],
                 id="naamswijziging-in-verleden"),
    # A new offering cannot start in the past (rule 16; DUO corrects the past). That the kenmerk Tienerschool is
    # only valid from 2018 is tested on the service (tests/registratie/test_regels_opleiding.py).
    pytest.param(_opleiding_vanaf_2017, ["Begindatum", "ligt in het verleden"], id="opleiding-begint-in-2017"),
    pytest.param(_nieuwe_locatie("3911 xn", "30", "09JE00"),
                 ["Postcode", lambda r: f"gebruikt het adres 3911 XN 30 al (locatie {r.gebruik.locatie.code})"],
                 id="tweede-gebruik-zelfde-adres"),
]


@pytest.fixture
def registratie(duo) -> Registratie:
    erica = duo.vestigingen[0]
    aanbieder = factories.aanbieder(duo.bestuur, naam=erica.naam, brin4=erica.brin4)
    gebruik = factories.locatiegebruik(duo.bestuur, brin6=erica.brin6)
    ao = factories.bo_opleiding(aanbieder, locatie=gebruik.locatie)
    return Registratie(duo, aanbieder, gebruik, ao)


@pytest.mark.parametrize(("invullen", "meldingen"), FOUTE_INVOER)
def test_foute_invoer_wordt_geweigerd_met_een_melding(pagina, inloggen, registratie, invullen, meldingen):
    factories.gebruiker_met_rollen("beheerder", registratie.bestuur)
    inloggen("beheerder")
    voor = _stand()
    formulier_url = None

    def onthoud(verzoek):
        nonlocal formulier_url
        if verzoek.method == "POST" and verzoek.is_navigation_request():
            formulier_url = verzoek.url

    pagina.on("request", onthoud)
    invullen(pagina, registratie)

    samenvatting = pagina.get_by_role("alert")
    expect(samenvatting).to_be_visible(timeout=2_000)
    expect(samenvatting).to_contain_text("Het formulier is niet opgeslagen. Herstel het volgende:")
    for melding in meldingen:
        expect(samenvatting).to_contain_text(melding(registratie) if callable(melding) else melding)
    assert formulier_url is not None
    expect(pagina).to_have_url(formulier_url)  # still on the form, not redirected
    assert _stand() == voor


# --- A person who may only read ------------------------------------------------------------------------------

def test_lezer_ziet_de_boom_en_waarom_hij_niets_kan_toevoegen(pagina, inloggen, registratie):
    p = pagina
    bestuur, aanbieder = registratie.bestuur, registratie.aanbieder
    factories.gebruiker_met_rollen("lezer", bestuur, rollen=[Rol.RPL_CONTEXT_INSTELLINGEN])
    inloggen("lezer")
    expect(p).to_have_url(url(p, "/"))
    with p.expect_navigation():
        p.get_by_role("link", name="Naar Mijn organisatie").click()
    expect(p).to_have_url(url(p, f"/organisatie/{bestuur.code}/"))
    boom = p.get_by_role("list", name="Bestuur, groepen, aanbieders en aangeboden opleidingen")
    expect(boom).to_contain_text(f"{registratie.duo.vestigingen[0].naam} {aanbieder.code}")
    expect(boom).to_contain_text("Basisonderwijs")
    expect(p.get_by_role("link", name="Onderwijsaanbieder toevoegen", exact=True)).to_have_count(0)
    klik(p, "Onderwijsaanbieder toevoegen: waarom kan ik dit niet?")
    expect(p).to_have_url(url(p, "/toegang/waarom/"))
    expect(p.get_by_role("heading", level=1)).to_have_text("Waarom zie ik dit niet?")
    uitleg = p.get_by_role("status")
    expect(uitleg).to_contain_text(f"bij bestuur {bestuur.code}")
    expect(uitleg).to_contain_text("heeft u de rol RIO beheren onderwijsaanbieder nodig")
    expect(p.locator("main table").first).to_contain_text("RIO RPL context instellingen")
