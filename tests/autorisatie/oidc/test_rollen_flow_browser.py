"""Issue 3, 'Done when', in Chromium against the real OIDC provider: the Beheerder PO gives a colleague
'RIO beheren onderwijsaanbieder', the colleague changes an aanbieder's name, a person of another board
cannot open it, and a colleague without the role sees the explanation page."""

import re

import pytest
from playwright.sync_api import expect

from kern.tijd import vandaag
from tests.helpers import factories

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _inloggen(pagina, live_server, oidc_provider, sub: str) -> None:
    pagina.context.clear_cookies()  # a fresh person in the same browser
    pagina.goto(f"{live_server.url}/inloggen/")
    pagina.get_by_role("link", name="Inloggen via uw organisatie (OpenID Connect)").click()
    expect(pagina).to_have_url(re.compile("^" + re.escape(f"{oidc_provider.url}/oauth2/authorize?")))
    pagina.get_by_label("Subject").fill(sub)
    pagina.get_by_role("button", name="Authorize", exact=True).click()


def test_beheerder_po_geeft_collega_een_rol_en_alleen_die_collega_kan_wijzigen(pagina, live_server, oidc_provider):
    bestuur_a = factories.bestuur_met_erkenningen("10001", brin4s=("11AA",))
    factories.bestuur_met_erkenningen("20002", brin4s=("22BB",))
    aanbieder = factories.aanbieder(bestuur_a, naam="OBS De Regenboog")
    oidc_provider.zet_persoon("po-a", given_name="Petra", family_name="Beheer", email="petra@a.example.nl",
                              bevoegd_gezag_nummer="10001", beheerder_po=True)
    oidc_provider.zet_persoon("jan-a", given_name="Jan", family_name="Jansen", email="jan@a.example.nl",
                              bevoegd_gezag_nummer="10001")
    oidc_provider.zet_persoon("kees-a", given_name="Kees", family_name="Zonderrol", email="kees@a.example.nl",
                              bevoegd_gezag_nummer="10001")
    oidc_provider.zet_persoon("vera-b", given_name="Vera", family_name="Vreemd", email="vera@b.example.nl",
                              bevoegd_gezag_nummer="20002", beheerder_po=True)

    # The colleague logs in once (so the Beheerder PO can find him) and sees no organisation yet.
    _inloggen(pagina, live_server, oidc_provider, "jan-a")
    expect(pagina.get_by_role("heading", name="U ziet hier (nog) geen organisatie")).to_be_visible()

    # The Beheerder PO gives Jan the role.
    _inloggen(pagina, live_server, oidc_provider, "po-a")
    expect(pagina).to_have_url(f"{live_server.url}/")  # the stappenplan; step 4 links to the rollen screen
    pagina.get_by_role("link", name="Naar Mijn organisatie").click()
    pagina.get_by_role("link", name="Rollen en toegang").click()
    pagina.get_by_role("combobox", name="Collega").select_option(label="Jan Jansen (jan@a.example.nl)")
    pagina.get_by_role("combobox", name="Rol").select_option(label="RIO beheren onderwijsaanbieder")
    pagina.get_by_role("button", name="Rol toekennen").click()
    expect(pagina.get_by_role("status").first).to_contain_text("De rol is toegekend.")
    expect(pagina.locator("table").first).to_contain_text("RIO beheren onderwijsaanbieder")

    # Jan changes the aanbieder's name, today.
    _inloggen(pagina, live_server, oidc_provider, "jan-a")
    pagina.goto(f"{live_server.url}{aanbieder.get_absolute_url()}")
    pagina.get_by_role("link", name="Wijzigen", exact=True).click()
    pagina.locator("#id_ingangsdatum").fill(vandaag().isoformat())
    pagina.locator("#id_naam").fill("IKC De Regenboog")
    pagina.get_by_role("button", name="Opslaan").click()
    expect(pagina.get_by_role("heading", level=1)).to_have_text("IKC De Regenboog")

    # A Beheerder PO of another board cannot open it.
    _inloggen(pagina, live_server, oidc_provider, "vera-b")
    pagina.goto(f"{live_server.url}{aanbieder.get_absolute_url()}")
    expect(pagina.get_by_role("heading", level=1)).to_have_text("Niet gevonden")
    expect(pagina.locator("main")).not_to_contain_text("IKC De Regenboog")

    # A colleague without the role gets the explanation of what is missing.
    _inloggen(pagina, live_server, oidc_provider, "kees-a")
    pagina.get_by_role("link", name="Waarom zie ik dit niet?").first.click()
    expect(pagina.get_by_role("heading", level=1)).to_have_text("Waarom zie ik dit niet?")
    expect(pagina.locator("main")).to_contain_text("U heeft vandaag geen enkele geldige rol")
    pagina.goto(f"{live_server.url}/toegang/waarom/?actie=beheren_aanbieder&bestuur={bestuur_a.code}")
    expect(pagina.locator("main")).to_contain_text("RIO beheren onderwijsaanbieder")
