"""Languages in a real browser (issue 16 §7): the switch in the header works without script and returns to the
same page, Chromium's English locale gives English, and axe finds no WCAG A/AA violation of any impact on the
key pages in Dutch and in English."""

import re

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from tests.helpers.a11y import alle_bevindingen

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

ANONIEM = ["home", "login", "toegankelijkheid"]


def _wissel(pagina, naar: str) -> None:
    with pagina.expect_navigation():
        pagina.locator("form.taalkeuze").get_by_role("button", name=naar).click()


@pytest.mark.parametrize("script", [True, False], ids=["met-script", "zonder-script"])
def test_taalkeuze_heen_en_terug(browser, live_server, script):
    context = browser.new_context(locale="nl-NL", java_script_enabled=script)
    pagina = context.new_page()
    try:
        adres = live_server.url + reverse("toegankelijkheid")
        pagina.goto(adres)
        expect(pagina.locator("html")).to_have_attribute("lang", "nl")
        expect(pagina.get_by_role("heading", level=1)).to_have_text("Toegankelijkheidsverklaring")

        _wissel(pagina, "English")
        expect(pagina).to_have_url(adres)
        expect(pagina.locator("html")).to_have_attribute("lang", "en")
        expect(pagina.get_by_role("heading", level=1)).to_have_text("Accessibility statement")
        # The choice sticks: another page is English too.
        pagina.goto(live_server.url + reverse("home"))
        expect(pagina.get_by_role("heading", level=1)).to_have_text(re.compile("^Register your organisation"))

        _wissel(pagina, "Nederlands")
        expect(pagina).to_have_url(live_server.url + reverse("home"))
        expect(pagina.locator("html")).to_have_attribute("lang", "nl")
        expect(pagina.get_by_role("heading", level=1)).to_have_text("Registreer uw organisatie in RIO")
    finally:
        context.close()


def test_engelse_browser_krijgt_engels(browser, live_server):
    """Chromium with an English locale sends Accept-Language: en-US; the shared fixture pins nl-NL for the rest."""
    context = browser.new_context(locale="en-US")
    pagina = context.new_page()
    try:
        pagina.goto(live_server.url + reverse("home"))
        expect(pagina.locator("html")).to_have_attribute("lang", "en")
        expect(pagina.locator("main").get_by_role("link", name="Log in")).to_be_visible()
    finally:
        context.close()


def test_gedeelde_fixture_blijft_nederlands(pagina):
    pagina.goto(pagina.live_server_url + reverse("home"))
    expect(pagina.locator("html")).to_have_attribute("lang", "nl")


@pytest.fixture
def register(bestuur):
    """One of each object the key pages show, for a Beheerder PO who also holds every gebruikersrol."""
    import importlib
    from datetime import date

    from django.apps import apps as django_apps

    from autorisatie.rollen import GEBRUIKERSROLLEN, Rol
    from modelleertool import services as blauwdruk_services
    from registratie.services import contact as contact_services
    from tests.helpers import controle, factories

    # The opleidingen of data migration 0003: a transactional test's flush removes them (as in tests/a11y).
    importlib.import_module("registratie.migrations.0003_opleidingen_catalogus").laad(django_apps, None)
    aanbieder = factories.aanbieder(bestuur, naam="OBS De Regenboog", brin4="11AA")
    gebruik = factories.locatiegebruik(bestuur, brin6="11AA00")
    ao = factories.bo_opleiding(aanbieder, locatie=gebruik.locatie)
    contact = contact_services.registreer_contact(bestuur, door="test", context="ALGEMEEN",
                                                  begindatum=date.today(), email="info@example.nl")
    persoon = factories.beheerder_po("beheerder", bestuur)
    for rol in (*GEBRUIKERSROLLEN, Rol.OSR_TOEGANG):
        persoon.roltoewijzingen.get_or_create(bestuur=bestuur, rol=rol,
                                              defaults={"begindatum": bestuur.begindatum, "bron": "test"})
    # The pages that were Dutch until issue 16 §7 was finished: a board with a mandated school (and one without,
    # so the OSR overview has its 'Let op'), an aanbieder without an offer (signals), and a draft blueprint.
    mandaat = factories.mandaat(bestuur, "11AA", controle.las())
    factories.aanbieder(bestuur, naam="OBS Zonder Opleiding")
    concept = blauwdruk_services.nieuw_concept(bestuur, door=persoon)
    b, a = bestuur.code, aanbieder.code
    vroeger_nederlands = [
        reverse("registratie:organisatie", args=[b]), reverse("registratie:bestuur_wijzigen", args=[b]),
        reverse("registratie:groep_toevoegen", args=[b]), reverse("controle:bestuur", args=[b]),
        reverse("blauwdruk:voorbeeld", args=[b, concept.pk]), reverse("blauwdruk:modelleren", args=[b, concept.pk]),
        reverse("blauwdruk:plaatje", args=[b, concept.pk]), reverse("autorisatie:mandaten", args=[b]),
        reverse("autorisatie:mandaat_nieuw", args=[b]), reverse("autorisatie:mandaat_beeindigen", args=[b, mandaat.pk]),
        reverse("autorisatie:mandaat_kopieren", args=[b, mandaat.pk]), reverse("uitwisseling:api_v1_index")]
    return [reverse("home"), reverse("autorisatie:waarom"), reverse("autorisatie:rollen", args=[b]),
            reverse("registratie:kies_bestuur"), reverse("registratie:aanbieder", args=[a]),
            reverse("registratie:locatiegebruik", args=[gebruik.code]),
            reverse("registratie:opleiding", args=[ao.code]),
            reverse("registratie:contact", args=[contact.pk]), reverse("registratie:historie", args=[b]),
            reverse("registratie:aanbieder_toevoegen", args=[b]), reverse("registratie:aanbieder_wijzigen", args=[a]),
            reverse("registratie:opleiding_toevoegen", args=[a]) + "?sector=BO",
            reverse("registratie:contact_toevoegen", args=["aanbieder", a]),
            reverse("openbaar:zoeken") + "?q=regenboog", reverse("openbaar:bestuur", args=[b]),
            reverse("openbaar:aanbieder", args=[a]), reverse("openbaar:open_data"), reverse("controle:regels"),
            reverse("controle:regel", args=["KENMERK_GELDIG"]), *vroeger_nederlands]


@pytest.mark.parametrize("taal", ["nl-NL", "en-US"])
def test_axe_nul_bevindingen(browser, live_server, register, taal):
    """Key pages, anonymous and logged in, in both languages: no violation of any impact."""
    context = browser.new_context(locale=taal)
    pagina = context.new_page()
    try:
        fouten = []
        for naam in ANONIEM:
            pagina.goto(live_server.url + reverse(naam))
            fouten += [f"{naam}: {f}" for f in alle_bevindingen(pagina)]
        pagina.goto(live_server.url + "/bestaat-niet/")
        fouten += [f"404: {f}" for f in alle_bevindingen(pagina)]
        # Log in through the form (the demo password login of the test settings).
        pagina.goto(live_server.url + reverse("login"))
        pagina.locator("#id_username").fill("beheerder")
        pagina.locator("#id_password").fill("geheim-wachtwoord")
        with pagina.expect_navigation():
            pagina.locator("main form button[type=submit]").click()
        expect(pagina).not_to_have_url(re.compile(r"/inloggen/"))
        for pad in register:
            pagina.goto(live_server.url + pad)
            expect(pagina.locator("html")).to_have_attribute("lang", taal[:2])
            fouten += [f"{pad}: {f}" for f in alle_bevindingen(pagina)]
        assert not fouten, f"{taal}: {len(fouten)} bevindingen:\n" + "\n".join(fouten)
    finally:
        context.close()


def test_scripts_spreken_de_taal_van_de_pagina(browser, live_server, register):
    """static/js/tabellen.js names a sideways-scrolling table in the page's language (phone width)."""
    for taal, woorden in (("nl-NL", "schuif opzij voor de rest"), ("en-US", "scroll sideways for the rest")):
        context = browser.new_context(locale=taal, viewport={"width": 375, "height": 800})
        pagina = context.new_page()
        try:
            pagina.goto(live_server.url + reverse("openbaar:zoeken") + "?q=regenboog")
            vak = pagina.locator(".table-responsive[role=region]").first
            expect(vak).to_have_attribute("aria-label", re.compile(re.escape(woorden)))
        finally:
            context.close()
