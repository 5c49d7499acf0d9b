"""Issue 16, 'Done when': a FIRST-TIME Beheerder PO logs in through the real OIDC provider (no roles beforehand),
gives himself the roles in one confirmed step and walks the six steps of the stappenplan to an attested
registration, in Chromium; once at laptop width and once at 390 px (a phone). Screenshots of every step go to the
test's own output directory (pytest's tmp_path).

The smallest data each step needs is made through the screens: the blauwdruk (steps 1 and 5) is the portal's own
template filled as a board does in Excel and uploaded, the mandates (step 3) are typed in, the school leader
(step 2) is announced by e-mail and gets the role at her first login. What exists before: one real board from
DUO's open data (fixture ``duo``) and one supplier system in DUO's catalogue.
"""

import io
import re
from datetime import date

import pytest
from openpyxl import load_workbook
from playwright.sync_api import Page, expect

from autorisatie.models import Roltoewijzing
from autorisatie.osr import scholen_van
from autorisatie.rollen import BEHEERDERSROLLEN, STARTROLLEN
from modelleertool.models import Blauwdruk
from tests.helpers import factories
from tests.helpers.a11y import AXE, WCAG_AA
from tests.helpers.blauwdruk import als_bytes, voeg_rij_toe
from tests.helpers.browser import veld
from tests.helpers.duo import BEVOEGD_GEZAG

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PO = "po-eerste-dag"
SCHOOLLEIDER = "schoolleider-eerste-dag"
SCHOOLLEIDER_EMAIL = "directeur@school-rhenen.example.nl"


class Wandeling:
    """The walk's browser, with a numbered screenshot of every step."""

    def __init__(self, pagina: Page, portaal: str, provider: str, uit) -> None:
        self.p, self.portaal, self.provider, self.uit, self.n = pagina, portaal, provider, uit, 0

    def foto(self, naam: str, axe: bool = True) -> None:
        """A screenshot, and axe on the same page: no WCAG A/AA violation of any impact (``axe``: on the pages of
        this walk's own subject, the stappenplan and the role screens; tests/a11y covers the others)."""
        self.n += 1
        self.p.screenshot(path=str(self.uit / f"{self.n:02d}-{naam}.png"), full_page=True)
        if not axe:
            return
        uitslag = AXE.run(self.p, options={"runOnly": {"type": "tag", "values": WCAG_AA}})
        assert not uitslag.response["violations"], (naam, [(v["id"], v["impact"], [k["target"] for k in v["nodes"]])
                                                           for v in uitslag.response["violations"]])

    def inloggen(self, sub: str) -> None:
        """Through the portal's login button and the provider's page, as a person does."""
        self.p.context.clear_cookies()
        self.p.goto(f"{self.portaal}/inloggen/")
        self.p.get_by_role("link", name="Inloggen via uw organisatie (OpenID Connect)").click()
        expect(self.p).to_have_url(re.compile("^" + re.escape(f"{self.provider}/oauth2/authorize?")))
        self.p.get_by_label("Subject").fill(sub)
        self.p.get_by_role("button", name="Authorize", exact=True).click()
        expect(self.p).to_have_url(f"{self.portaal}/")

    def stap(self, nummer: int):
        return self.p.locator(f"#stap-{nummer}")

    def naar_stap(self, nummer: int, link: str) -> None:
        """From the stappenplan, the step's own link."""
        self.p.goto(f"{self.portaal}/")
        with self.p.expect_navigation():
            self.stap(nummer).get_by_role("link", name=link).click()

    def verwacht_klaar(self, *nummers: int) -> None:
        self.p.goto(f"{self.portaal}/")
        for nummer in nummers:
            expect(self.stap(nummer)).to_have_class(re.compile(r"\bstap-klaar\b"))

    def knop(self, naam: str) -> None:
        with self.p.expect_navigation():
            self.p.locator("main").get_by_role("button", name=naam, exact=True).click()

    def melding(self, tekst: str) -> None:
        expect(self.p.get_by_role("status").filter(has_text=tekst).first).to_be_visible()


def _vul_in(inhoud: bytes, vestigingen) -> bytes:
    """What a board does in Excel: one aanbieder per school, its BRIN6 as locatie with a BO offer, the Algemeen
    contact of the board."""
    boek = load_workbook(io.BytesIO(inhoud))
    for v in vestigingen:
        voeg_rij_toe(boek["Aanbieders"], {"Naam": v.naam, "BRIN4": v.brin4})
        voeg_rij_toe(boek["Locaties"], {"BRIN6": v.brin6})
        voeg_rij_toe(boek["Aangeboden opleidingen"], {"Aanbieder": v.naam, "Opleiding": "Basisonderwijs",
                                                      "Locatie": v.brin6, "Doelgroep": "Regulier basisonderwijs"})
    voeg_rij_toe(boek["Contactgegevens"], {"Eenheid": "Bestuur", "Communicatiecontext": "Algemeen",
                                           "E-mailadres": "info@stichting-rhenen.example.nl"})
    return als_bytes(boek)


@pytest.mark.parametrize(("breedte", "hoogte"), [(1280, 900), (390, 844)], ids=["laptop", "telefoon"])
def test_eerste_dag_van_een_beheerder_po_door_de_zes_stappen(pagina, live_server, oidc_provider, duo, tmp_path,
                                                            breedte, hoogte):
    pagina.set_viewport_size({"width": breedte, "height": hoogte})
    bestuur, vandaag = duo.bestuur, date.today()
    systeem, _ = factories.systeem_met_sleutel()  # DUO's catalogue of supplier systems
    oidc_provider.zet_persoon(PO, given_name="Petra", family_name="Beheer", email="petra@rhenen.example.nl",
                              email_verified=True, bevoegd_gezag_nummer=BEVOEGD_GEZAG, beheerder_po=True)
    oidc_provider.zet_persoon(SCHOOLLEIDER, given_name="Sanne", family_name="Schoolleider", email=SCHOOLLEIDER_EMAIL,
                              email_verified=True, bevoegd_gezag_nummer=BEVOEGD_GEZAG)
    w = Wandeling(pagina, live_server.url, oidc_provider.url, tmp_path)
    p = pagina

    # First login: only the login claim's beheerdersrollen; the stappenplan says so and offers the one step.
    w.inloggen(PO)
    assert set(Roltoewijzing.objects.filter(bestuur=bestuur).values_list("rol", flat=True)) == {
        r.value for r in BEHEERDERSROLLEN}  # nobody has a role yet but what the claim gave her
    expect(p.get_by_role("heading", level=1)).to_contain_text("Stappenplan")
    eerst = p.locator("#eerst")
    expect(eerst).to_contain_text("U heeft zelf nog niet de rollen voor stap 1 (Modelleer), 3 (Mandaat) en 5")
    expect(w.stap(4)).to_have_class(re.compile(r"\bstap-open\b"))
    w.foto("eerste-inlog")

    # Step 4 first: "Ken uzelf de rollen toe", confirmed on its own page.
    with p.expect_navigation():
        eerst.get_by_role("link", name="Ken uzelf de rollen toe").click()
    expect(p.get_by_role("heading", level=1)).to_have_text("Ken uzelf de rollen toe")
    expect(p.locator("#toe-te-kennen li")).to_have_count(len(STARTROLLEN))
    expect(p.locator("#toe-te-kennen")).to_contain_text("OSR-toegang")
    w.foto("ken-uzelf-de-rollen-toe")
    w.knop(f"Ja, ken mij deze {len(STARTROLLEN)} rollen toe")
    expect(p).to_have_url(f"{live_server.url}/")
    w.melding(f"U heeft nu {len(STARTROLLEN)} rollen voor bestuur {bestuur.code}.")
    expect(p.locator("#eerst")).to_have_count(0)
    expect(w.stap(4)).to_have_class(re.compile(r"\bstap-klaar\b"))
    w.foto("rollen-toegekend")
    # Ending one of them would ask first, and warn: her own role, and nobody else has it.
    p.goto(f"{live_server.url}/toegang/{bestuur.code}/rollen/")
    with p.expect_navigation():
        p.get_by_role("link", name=re.compile("^Beëindig OSR-toegang")).click()
    expect(p.get_by_role("alert").first).to_contain_text("Let op: dit is uw eigen rol.")
    w.foto("beeindigen-vraagt-eerst")
    with p.expect_navigation():
        p.locator("main").get_by_role("link", name="Annuleren").click()

    # Steps 1 and 5: the blauwdruk, downloaded, filled in, uploaded and applied today.
    w.naar_stap(1, "Blauwdruk maken")
    with p.expect_download() as download:
        p.get_by_role("link", name="Sjabloon downloaden (.xlsx)").click()
    sjabloon = tmp_path / "sjabloon.xlsx"
    download.value.save_as(sjabloon)
    ingevuld = tmp_path / "blauwdruk-ingevuld.xlsx"
    ingevuld.write_bytes(_vul_in(sjabloon.read_bytes(), duo.vestigingen))
    with p.expect_navigation():
        p.locator("main").get_by_role("link", name="Blauwdruk uploaden").click()
    p.get_by_label("Blauwdruk (.xlsx)").set_input_files(str(ingevuld))
    w.knop("Uploaden en controleren")
    expect(p.get_by_role("heading", level=1)).to_contain_text(f"Blauwdruk {Blauwdruk.objects.get().pk}")
    p.get_by_label("Ingangsdatum").fill(vandaag.isoformat())
    w.foto("blauwdruk-voorbeeld", axe=False)
    w.knop("Blauwdruk toepassen")
    w.melding("De blauwdruk is toegepast")
    w.verwacht_klaar(1, 4, 5)

    # Step 3: an RIO mandate for each school, typed in.
    w.naar_stap(3, "Mandaten regelen")
    expect(p.get_by_role("heading", level=1)).to_have_text("Mandaten (OSR)")
    for school in scholen_van(bestuur, vandaag):
        p.goto(f"{live_server.url}/toegang/{bestuur.code}/mandaten/nieuw/")
        p.get_by_label("School (BRIN4)").select_option(label=f"{school.code} {school.naam}")
        p.get_by_label("Dienst").select_option(label="RIO")
        p.get_by_label("Systeem (leverancier)").select_option(label=str(systeem))
        w.knop("Mandaat toevoegen")
        expect(p.locator("main .invalid-feedback")).to_have_count(0)
    w.foto("mandaten", axe=False)
    w.verwacht_klaar(1, 3, 4, 5)

    # Step 2: the school leader, who never logged in, announced by e-mail from the one role form ...
    w.naar_stap(2, "Schoolleiders de rol geven")
    p.get_by_label("Of: e-mailadres van een collega die nog niet heeft ingelogd").fill(SCHOOLLEIDER_EMAIL)
    veld(p, "Rol").select_option(label="Blauwdruk inzien (schoolleider)")
    w.foto("schoolleider-aankondigen")
    w.knop("Rol toekennen")
    w.melding(f"{SCHOOLLEIDER_EMAIL} is aangekondigd")
    # ... gets the role at her first login and sees the blauwdruk of the board, nothing else.
    w.inloggen(SCHOOLLEIDER)
    expect(p.get_by_role("heading", level=1)).to_have_text("Blauwdruk van uw bestuur")
    w.foto("schoolleider", axe=False)
    w.inloggen(PO)
    w.verwacht_klaar(1, 2, 3, 4, 5)

    # Step 6: the controle is clean; the Beheerder PO records that the data were checked.
    w.naar_stap(6, "Gegevens gecontroleerd melden")
    w.knop("Gegevens gecontroleerd")
    w.verwacht_klaar(1, 2, 3, 4, 5, 6)
    expect(p.locator("main")).to_contain_text("6 van de 6 stappen die het portaal kan volgen zijn klaar.")
    expect(w.stap(6)).to_contain_text("door Petra Beheer")
    w.foto("alle-stappen-klaar")
    breedte_pagina = p.evaluate("document.documentElement.scrollWidth")
    print(f"{breedte}px: stappenplan {breedte_pagina}px breed; screenshots in {tmp_path}")
