"""WCAG 2.1 AA with axe-core (axe-playwright-python) in Debian's chromium: zero serious or critical violations on
the main screens and on every register form with its error messages shown."""

import importlib
from datetime import date

import pytest
from django.apps import apps as django_apps
from django.urls import reverse
from playwright.sync_api import expect

from registratie.services import contact as contact_services
from registratie.services import organisatie as organisatie_services
from tests.helpers import factories
from tests.helpers.a11y import controleer

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

@pytest.fixture
def register(transactional_db, bestuur):
    """A board with one of every object, and a Beheerder PO who also has every gebruikersrol."""
    # The opleidingen of data migration 0003: a transactional test's flush removes them (as in tests/browser).
    importlib.import_module("registratie.migrations.0003_opleidingen_catalogus").laad(django_apps, None)
    vandaag = date.today()
    aanbieder = factories.aanbieder(bestuur, naam="OBS De Regenboog")
    gebruik = factories.locatiegebruik(bestuur)
    ao = factories.bo_opleiding(aanbieder, locatie=gebruik.locatie)
    groep = organisatie_services.registreer_groep(bestuur, door="test", naam="Cluster Noord", internationale_naam="",
                                                  begindatum=bestuur.begindatum)
    contact = contact_services.registreer_contact(bestuur, door="test", context="ALGEMEEN", begindatum=vandaag,
                                                  email="info@example.nl")
    persoon = factories.beheerder_po("toegankelijk", bestuur)
    from autorisatie.rollen import GEBRUIKERSROLLEN

    for rol in GEBRUIKERSROLLEN:
        persoon.roltoewijzingen.get_or_create(bestuur=bestuur, rol=rol,
                                              defaults={"begindatum": bestuur.begindatum, "bron": "test"})
    return {"bestuur": bestuur, "aanbieder": aanbieder, "gebruik": gebruik, "opleiding": ao, "groep": groep,
            "contact": contact, "persoon": persoon}


def _schermen(r: dict) -> list[str]:
    b, a, g, ao = r["bestuur"].code, r["aanbieder"].code, r["gebruik"].code, r["opleiding"].code
    return [
        reverse("home"), reverse("registratie:kies_bestuur"), reverse("registratie:organisatie", args=[b]),
        reverse("registratie:historie", args=[b]), reverse("registratie:aanbieder", args=[a]),
        reverse("registratie:locatiegebruik", args=[g]), reverse("registratie:opleiding", args=[ao]),
        reverse("registratie:groep", args=[r["groep"].code]), reverse("registratie:contact", args=[r["contact"].pk]),
        reverse("controle:overzicht"), reverse("controle:bestuur", args=[b]),
        reverse("autorisatie:rollen", args=[b]), reverse("autorisatie:waarom"), reverse("toegankelijkheid"),
        reverse("registratie:plaatje", args=[b]), reverse("registratie:afdrukken", args=[b]),
        # Zoeken en vinden and the public pages, and the API's own page
        reverse("openbaar:zoeken") + "?q=11AA", reverse("openbaar:zoeken") + "?q=regenboog",
        reverse("openbaar:open_data"), reverse("openbaar:bestuur", args=[b]), reverse("openbaar:aanbieder", args=[a]),
        reverse("openbaar:locatie", args=[r["gebruik"].locatie.code]), reverse("uitwisseling:api_v1_index"),
        reverse("controle:regels"), reverse("controle:regel", args=["KENMERK_GELDIG"]),  # the rule catalogue
    ]


def _formulieren(r: dict) -> list[str]:
    b, a, g, ao = r["bestuur"].code, r["aanbieder"].code, r["gebruik"].code, r["opleiding"].code
    return [
        reverse("registratie:bestuur_wijzigen", args=[b]), reverse("registratie:groep_toevoegen", args=[b]),
        reverse("registratie:aanbieder_toevoegen", args=[b]), reverse("registratie:locatie_toevoegen", args=[b]),
        reverse("registratie:aanbieder_wijzigen", args=[a]), reverse("registratie:aanbieder_beeindigen", args=[a]),
        reverse("registratie:relatie_toevoegen", args=[a]),
        reverse("registratie:opleiding_toevoegen", args=[a]) + "?sector=BO",
        reverse("registratie:groep_wijzigen", args=[r["groep"].code]),
        reverse("registratie:groep_beeindigen", args=[r["groep"].code]),
        reverse("registratie:locatiegebruik_beeindigen", args=[g]),
        reverse("registratie:vestiging_toevoegen", args=[g]),
        reverse("registratie:opleiding_wijzigen", args=[ao]), reverse("registratie:opleiding_beeindigen", args=[ao]),
        reverse("registratie:contact_toevoegen", args=["aanbieder", a]),
        reverse("registratie:contact_wijzigen", args=[r["contact"].pk]),
        reverse("registratie:contact_beeindigen", args=[r["contact"].pk]),
    ]


def test_inlogpagina(pagina):
    pagina.goto(pagina.live_server_url + reverse("login"))
    controleer(pagina, "/inloggen/")


def test_schermen(inloggen, register):
    pagina = inloggen(register["persoon"].username)
    for pad in _schermen(register):
        antwoord = pagina.goto(pagina.live_server_url + pad)
        assert antwoord.ok, f"{pad}: {antwoord.status}"
        controleer(pagina, pad)


def test_formulieren_met_foutmeldingen(inloggen, register):
    """Every register form, submitted empty (browser validation off, so the server's messages show)."""
    pagina = inloggen(register["persoon"].username)
    for pad in _formulieren(register):
        antwoord = pagina.goto(pagina.live_server_url + pad)
        assert antwoord.ok, f"{pad}: {antwoord.status}"
        controleer(pagina, pad)
        formulier = pagina.locator("main form[method=post]").filter(has=pagina.locator("[type=submit]")).first
        for veld in formulier.locator(
                "input:not([type=hidden]):not([type=checkbox]):not([type=radio]):not([type=submit]), textarea").all():
            veld.fill("")
        for keuze in formulier.locator("select").all():
            keuze.select_option(index=0)
        formulier.evaluate("f => f.noValidate = true")
        with pagina.expect_navigation():
            formulier.locator("[type=submit]").first.click()
        expect(pagina.locator("main")).to_contain_text("Het formulier is niet opgeslagen")
        controleer(pagina, pad + " (met foutmeldingen)")
