"""In Chromium: someone with OSR-toegang opens the board's mandates from the organisation page, adds a RIO
mandate for the school the warning names, and sees it active in the overview (the warning is gone)."""

import re
from datetime import date

import pytest
from playwright.sync_api import Page, expect

from autorisatie.models import Leverancier, Mandaat, Systeem
from autorisatie.rollen import Rol
from tests.helpers import factories

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def veld(pagina: Page, label: str):
    """A form field by its visible label (crispy adds '*' to required ones)."""
    return pagina.get_by_label(re.compile(rf"^\s*{re.escape(label)}\s*\*?\s*$"))


def test_mandaat_toevoegen_en_actief_zien(inloggen):
    # Not frozen in time: the live server runs in another thread, so 'today' is the real today.
    bestuur = factories.bestuur_met_erkenningen("10001", brin4s=("11AA", "11AB"))
    las = Systeem.objects.create(leverancier=Leverancier.objects.create(naam="Leverancier A B.V."),
                                 naam="Voorbeeld LAS")
    factories.mandaat(bestuur, "11AA", las)
    factories.gebruiker_met_rollen("osr", bestuur, rollen=[Rol.OSR_TOEGANG])
    p = inloggen("osr")

    p.goto(p.live_server_url + f"/organisatie/{bestuur.code}/")
    with p.expect_navigation():
        p.locator("main").get_by_role("link", name="Mandaten (OSR)", exact=True).click()
    expect(p.get_by_role("heading", level=1)).to_have_text("Mandaten (OSR)")
    expect(p.locator("#zonder-rio")).to_contain_text("11AB")

    with p.expect_navigation():
        p.locator("main").get_by_role("link", name="Mandaat toevoegen", exact=True).click()
    expect(p.get_by_role("heading", level=1)).to_have_text("Mandaat toevoegen")
    veld(p, "School (BRIN4)").select_option(label="11AB School 11AB")
    veld(p, "Dienst").select_option(label="RIO")
    veld(p, "Systeem (leverancier)").select_option(label="Voorbeeld LAS (Leverancier A B.V.)")
    expect(veld(p, "Geldig vanaf")).to_have_value(date.today().isoformat())
    with p.expect_navigation():
        p.locator("main form[method=post]").get_by_role("button", name="Mandaat toevoegen").click()

    expect(p.get_by_role("status").first).to_contain_text("Mandaat toegevoegd")
    rij = p.locator('#mandaten tr.mandaat[data-filter-tekst^="11AB "]')  # one table for all schools
    expect(rij).to_have_count(1)
    expect(rij).to_contain_text("Voorbeeld LAS")
    expect(rij).to_contain_text(date.today().strftime("%d-%m-%Y"))
    expect(rij.locator("td").nth(5)).to_have_text("actief")
    expect(p.locator("#aandacht")).to_have_count(0)
    assert Mandaat.objects.filter(instelling__code="11AB", dienst="RIO").count() == 1


def test_osr_schermen_zijn_toegankelijk(inloggen):
    """axe-core (WCAG 2.1 AA, as tests/a11y): the overview with its warnings, the three forms with their error
    messages, and DUO's key page with a new key shown."""
    from tests.helpers.a11y import controleer

    bestuur = factories.bestuur_met_erkenningen("10001", brin4s=("11AA", "11AB"))
    las = Systeem.objects.create(leverancier=Leverancier.objects.create(naam="Leverancier A B.V."),
                                 naam="Voorbeeld LAS")
    m = factories.mandaat(bestuur, "11AA", las, einddatum=date.today().replace(year=date.today().year + 1))
    persoon = factories.gebruiker_met_rollen("osr", bestuur, rollen=[Rol.OSR_TOEGANG])
    persoon.is_staff = True
    persoon.save(update_fields=["is_staff"])
    p = inloggen("osr")
    basis = p.live_server_url + f"/toegang/{bestuur.code}/mandaten/"
    p.goto(basis)
    controleer(p, basis)
    for pad in ("nieuw/", f"{m.pk}/beeindigen/", f"{m.pk}/kopieer/"):
        p.goto(basis + pad)
        controleer(p, pad)
        formulier = p.locator("main form[method=post]")
        for datumveld in formulier.locator("input[type=date]").all():
            datumveld.fill("2000-01-01")
        with p.expect_navigation():
            formulier.locator("[type=submit]").click()
        expect(p.locator("#foutmeldingen")).to_contain_text("Herstel het volgende")
        controleer(p, pad + " (met foutmeldingen)")
    p.goto(p.live_server_url + f"/toegang/systemen/{las.pk}/sleutels/")
    with p.expect_navigation():
        p.get_by_role("button", name="Nieuwe sleutel maken").click()
    expect(p.locator("#volledige-sleutel")).to_have_value(re.compile(r"^[0-9a-f]{8}\."))
    controleer(p, "sleutels")
