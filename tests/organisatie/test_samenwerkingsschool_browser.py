"""Issue 18 §2, Done when: "a samenwerkingsschool is set up by two boards in a browser test".

Board A (the penvoerder) invites board B by its code for A's aanbieder; a person of B logs in through the login form,
sees the invitation on B's organisation page, accepts it, and adds an aangeboden opleiding at B's own locatie to the
shared aanbieder. Today is the real date (the live server runs in another thread): nothing is frozen.
"""

from datetime import date

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from registratie.models import AangebodenOpleiding, BijbehorendBestuur, Uitnodiging
from tests.helpers import factories
from tests.helpers.a11y import controleer
from tests.helpers.browser import klik, opslaan, url, veld

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.mark.usefixtures("opleidingen_catalogus")  # a transactional test before this one may have flushed them
def test_twee_besturen_zetten_een_samenwerkingsschool_op(pagina, inloggen, tmp_path):
    p = pagina
    bestuur_a = factories.bestuur_met_erkenningen("10001", brin4s=("11AA",))
    bestuur_b = factories.bestuur_met_erkenningen("20002", brin4s=("22BB",))
    school = factories.aanbieder(bestuur_a, naam="De Brug")
    gebruik_b = factories.locatiegebruik(bestuur_b)
    locatie_b = gebruik_b.locatie
    factories.gebruiker_met_rollen("anna", bestuur_a)  # all eight gebruikersrollen of board A
    factories.gebruiker_met_rollen("bert", bestuur_b)  # and of board B
    vandaag = date.today()

    # 1. Anna (board A) invites board B on the page of her aanbieder.
    inloggen("anna")
    assert p.goto(p.live_server_url + school.get_absolute_url()).ok
    besturen = p.locator("section", has=p.get_by_role("heading", name="Besturen (samenwerkingsschool)"))
    expect(besturen).to_contain_text("penvoerend bestuur")
    klik(p, "Bestuur uitnodigen")
    expect(p.get_by_role("heading", level=1)).to_have_text("Bestuur uitnodigen voor een samenwerkingsschool")
    veld(p, "Onderwijsbestuurcode van het andere bestuur").fill(bestuur_b.code)
    expect(veld(p, "Begindatum samenwerking")).to_have_value(vandaag.isoformat())
    opslaan(p, "Uitnodiging versturen")
    expect(p).to_have_url(url(p, school.get_absolute_url()))
    expect(p.get_by_role("status").first).to_contain_text(f"Bestuur {bestuur_b.code} is uitgenodigd")
    expect(p.locator("main")).to_contain_text(f"Bestuur {bestuur_b.code} is uitgenodigd per")
    assert Uitnodiging.objects.get().status == "open"

    # 2. Bert (board B) logs in, finds the invitation on B's organisation page and accepts it.
    p.context.clear_cookies()
    inloggen("bert")
    assert p.goto(p.live_server_url + reverse("registratie:organisatie", args=[bestuur_b.code])).ok
    samenwerking = p.locator("section", has=p.get_by_role("heading", name="Samenwerkingsscholen", exact=True))
    uitnodiging = samenwerking.locator(".uitnodiging")
    expect(uitnodiging).to_contain_text(f"Bestuur {bestuur_a.code}")
    expect(uitnodiging).to_contain_text(f"onderwijsaanbieder {school.code} De Brug")
    controleer(p, "Mijn organisatie met een uitnodiging")
    with p.expect_navigation():
        uitnodiging.get_by_role("button", name="Aanvaarden").click()
    expect(p).to_have_url(url(p, school.get_absolute_url()))
    expect(p.get_by_role("status").first).to_contain_text("U heeft de uitnodiging aanvaard")
    besturen = p.locator("section", has=p.get_by_role("heading", name="Besturen (samenwerkingsschool)"))
    expect(besturen.locator("tbody tr")).to_have_count(2)
    expect(besturen.locator("tbody tr").nth(1)).to_contain_text(f"{bestuur_b.code}")
    expect(besturen.locator("tbody tr").nth(1)).to_contain_text("bijbehorend bestuur")
    relatie = BijbehorendBestuur.objects.get()
    assert (relatie.aanbieder, relatie.bestuur, relatie.begindatum) == (school, bestuur_b, vandaag)
    # Only the penvoerder ends the school: Bert gets no end button for it, and the breadcrumb leads to his board.
    expect(p.locator("main").get_by_role("link", name="Beëindigen", exact=True)).to_have_count(0)
    expect(p.get_by_role("navigation", name="Kruimelpad")).to_contain_text(f"Bestuur {bestuur_b.code}")

    # 3. Bert adds a BO offer at B's own locatie to the shared school.
    klik(p, "Basisonderwijs toevoegen")
    expect(p.get_by_role("heading", level=1)).to_have_text("Aangeboden opleiding toevoegen (Basisonderwijs)")
    veld(p, "Opleiding").select_option(label="Basisonderwijs (PO-BAO)")
    veld(p, "Onderwijslocatie").select_option(label=f"{locatie_b.code} {locatie_b.adres}")
    veld(p, "Doelgroep").select_option(label="Regulier basisonderwijs")
    veld(p, "Eigen naam opleiding").fill("De Brug, locatie B")
    opslaan(p)
    ao = AangebodenOpleiding.objects.get()
    assert (ao.aanbieder, ao.bestuur, ao.locatie) == (school, bestuur_b, locatie_b)
    expect(p).to_have_url(url(p, f"/aangeboden-opleidingen/{ao.code}/"))
    expect(p.get_by_role("status").first).to_contain_text("Aangeboden opleiding Basisonderwijs is toegevoegd")

    # 4. Both see it: B's organisation page lists the school with A named; A's tree marks it with B.
    assert p.goto(p.live_server_url + reverse("registratie:organisatie", args=[bestuur_b.code])).ok
    samenwerking = p.locator("section", has=p.get_by_role("heading", name="Samenwerkingsscholen", exact=True))
    expect(samenwerking.locator("tbody tr")).to_contain_text(school.code)
    expect(samenwerking.locator("tbody tr")).to_contain_text(bestuur_a.code)
    expect(samenwerking.locator("tbody tr")).to_contain_text("samenwerkingsschool")
    p.screenshot(path=str(tmp_path / "samenwerkingsschool-bestuur-b.png"), full_page=True)
    assert p.goto(p.live_server_url + school.get_absolute_url()).ok
    expect(p.locator("main")).to_contain_text("De Brug, locatie B")
    controleer(p, "Aanbieder van een samenwerkingsschool")
    p.screenshot(path=str(tmp_path / "samenwerkingsschool-aanbieder.png"), full_page=True)

    p.context.clear_cookies()
    inloggen("anna")
    assert p.goto(p.live_server_url + reverse("registratie:organisatie", args=[bestuur_a.code])).ok
    expect(p.locator("#boom")).to_contain_text(f"samenwerkingsschool met {bestuur_b.code}")
