"""Onderwijsbegeleidingsaanbieders (999T999, rio-po.md §1.6, issue 18 §2) in the organisation picture (SVG, the
downloaded SVG the PNG is drawn from, the printed sheets and their tables) and in the tree of Mijn organisatie."""

from datetime import date

import pytest
from django.urls import reverse

from registratie import plaatje
from registratie.models import BegeleidingErkenning, Instellingserkenning
from registratie.selectors import organisatie_boom
from registratie.services import begeleiding as begeleiding_services
from registratie.services import contact as contact_services
from registratie.services.vergrendeling import ZONDER_VERSIECONTROLE
from tests.helpers import factories
from tests.helpers.plaatje import SVG, knopen, svgs, teksten

pytestmark = pytest.mark.django_db


@pytest.fixture
def so_bestuur(bestuur, vandaag):
    """Board 10001 with one aanbieder, and a so-school of cluster 2 with two begeleidingsaanbieders, one of them
    starting next school year."""
    aanbieder = factories.aanbieder(bestuur, naam="OBS De Regenboog", brin4="11AA")
    gebruik = factories.locatiegebruik(bestuur, brin6="11AA00")
    factories.bo_opleiding(aanbieder, locatie=gebruik.locatie)
    so = Instellingserkenning.objects.create(code="11SO", naam="Auris SO", bevoegd_gezag=bestuur.bevoegd_gezag,
                                             soort="SO", cluster="2", begindatum=factories.BEGIN)
    eerste = begeleiding_services.registreer_begeleidingsaanbieder(
        bestuur, door="test", naam="Ambulante dienst Auris", begindatum=vandaag, instellingen=[so],
        expertises=["SLECHTHORENDHEID", "TAALONTWIKKELINGSSTOORNISSEN"])
    later = begeleiding_services.registreer_begeleidingsaanbieder(
        bestuur, door="test", naam="<b>Later</b> & co", begindatum=date(2027, 8, 1), instellingen=[so],
        expertises=["DOOFHEID"])
    contact_services.registreer_contact(eerste, door="test", context="ALGEMEEN", begindatum=vandaag,
                                        email="begeleiding@auris.example")
    return {"bestuur": bestuur, "eerste": eerste, "later": later}


def test_plaatje_toont_begeleidingsaanbieders_met_code_naam_brin_en_expertise(client, beheerder, so_bestuur):
    client.force_login(beheerder)
    html = client.get(reverse("registratie:plaatje", args=[so_bestuur["bestuur"].code])).content.decode()
    [svg] = svgs(html)
    vakken = knopen(svg, "begeleiding")
    eerste, later = so_bestuur["eerste"], so_bestuur["later"]
    [vak] = [g for g in vakken if g.get("id") == f"plaatje-begeleiding-{eerste.code}"]
    tekst = " ".join(teksten(vak))
    assert "Ambulante dienst Auris" in tekst and eerste.code in tekst and "BRIN 11SO" in tekst
    assert "Slechthorendheid" in vak.find(f"{SVG}title").text
    [expertise] = [g for g in vakken if g.get("id") == f"plaatje-expertise-{eerste.code}"]
    assert "Slechthorendheid, Taalontwikkelingsstoornissen" in " ".join(teksten(expertise))
    [toekomstig] = [g for g in vakken if g.get("id") == f"plaatje-begeleiding-{later.code}"]
    assert "toekomstig" in toekomstig.get("class") and "vanaf 01-08-2027" in " ".join(teksten(toekomstig))
    assert "<b>Later</b> & co" in " ".join(teksten(toekomstig)), "the name is text, escaped by the template"
    assert "2 onderwijsbegeleidingsaanbieders" in svg.find(f"{SVG}desc").text
    # Below the aanbieder, hung from the trunk, inside the picture.
    [aanbieder] = knopen(svg, "aanbieder")
    assert int(aanbieder.find(f"{SVG}rect").get("y")) < int(vak.find(f"{SVG}rect").get("y"))
    hoogte = int(svg.get("viewBox").split()[3])
    assert all(int(g.find(f"{SVG}rect").get("y")) + int(g.find(f"{SVG}rect").get("height")) <= hoogte
               for g in vakken)
    # The text alternative under the picture.
    assert 'id="begeleiders-tabel"' in html and "Taalontwikkelingsstoornissen" in html
    assert "&lt;b&gt;Later&lt;/b&gt; &amp; co" in html and "<b>Later</b>" not in html


def test_svg_bestand_en_afdruk_tonen_begeleidingsaanbieders(client, beheerder, so_bestuur):
    client.force_login(beheerder)
    bestuur, eerste = so_bestuur["bestuur"], so_bestuur["eerste"]
    svg_bestand = client.get(reverse("registratie:plaatje_svg", args=[bestuur.code])).content.decode()
    [svg] = svgs(svg_bestand)
    assert len([g for g in knopen(svg, "begeleiding") if g.get("id", "").startswith("plaatje-begeleiding-")]) == 2
    html = client.get(reverse("registratie:afdrukken", args=[bestuur.code])).content.decode()
    assert "Onderwijsbegeleidingsaanbieders (2)" in html and "· 2 onderwijsbegeleidingsaanbieders" in html
    assert eerste.code in html and "begeleiding@auris.example" in html  # its contact in the contact table
    bladen = svgs(html)
    assert len(knopen(bladen[-1], "begeleiding")) == 4, "two boxes, each with its expertise, on the last sheet"


def test_begeleidingsaanbieders_op_het_laatste_a4_blad(so_bestuur):
    boom = organisatie_boom(so_bestuur["bestuur"], date(2027, 8, 1))
    getekend = plaatje.uit_registratie(boom)
    assert [b.code for b in getekend.begeleiders] == [so_bestuur["eerste"].code, so_bestuur["later"].code]
    bladen = plaatje.bladen(getekend, max_hoogte=200, eerste_hoogte=200)
    assert len(bladen) > 1, "the begeleidingsaanbieders did not fit beside the aanbieder"
    assert not bladen[0].van_soort("begeleiding") and len(bladen[-1].van_soort("begeleiding")) == 4


def test_boom_toont_begeleidingsaanbieder_met_code_naam_en_brin(client, beheerder, so_bestuur):
    client.force_login(beheerder)
    bestuur, eerste = so_bestuur["bestuur"], so_bestuur["eerste"]
    html = client.get(reverse("registratie:organisatie", args=[bestuur.code])).content.decode()
    boom = html.split('id="boom"')[1].split("</ul>\n    </li>\n  </ul>")[0]
    assert "Ambulante dienst Auris" in boom and eerste.code in boom and '<span class="code">11SO</span>' in boom
    assert 'id="begeleiders"' in html  # and its own section
    # Ended ones are hidden, as ended aanbieders, unless asked for.
    begeleiding_services.beeindig_begeleidingsaanbieder(eerste, door="test", versie=ZONDER_VERSIECONTROLE,
                                                        einddatum=date(2026, 11, 28))
    url = reverse("registratie:organisatie", args=[bestuur.code])
    html = client.get(url + "?peildatum=2026-12-01").content.decode()
    assert eerste.code not in html.split('id="boom"')[1].split('id="locaties-kop"')[0]
    html = client.get(url + "?peildatum=2026-12-01&beeindigd=1").content.decode()
    assert eerste.code in html.split('id="boom"')[1].split('id="locaties-kop"')[0]


def test_begeleider_onder_een_erkenning_die_geen_so_meer_is_blijft_zichtbaar(client, beheerder, so_bestuur):
    """The loader asks for begeleidingsaanbieders of a board with a so/vso erkenning, or with an erkenning one hangs
    under: a school DUO has since turned into a basisschool still shows its begeleidingsaanbieder."""
    Instellingserkenning.objects.filter(code="11SO").update(soort="BAO")
    assert BegeleidingErkenning.objects.filter(instelling__code="11SO").exists()
    boom = organisatie_boom(so_bestuur["bestuur"], date(2026, 11, 28))
    assert [b.code for b in boom.begeleiders] == [so_bestuur["eerste"].code, so_bestuur["later"].code]
    assert [i.code for i in boom.brin4_per_begeleider[so_bestuur["eerste"].pk]] == ["11SO"]


def test_bestuur_zonder_so_vraagt_niet_naar_begeleidingsaanbieders(bestuur, vandaag, django_assert_num_queries):
    """A basisschoolbestuur spends no query on them (registratie.laden): the groepen with their names are one."""
    from registratie.laden import laad_registratie

    factories.aanbieder(bestuur, naam="OBS", brin4="11AA")
    with django_assert_num_queries(14) as vastgelegd:
        registratie = laad_registratie(bestuur, vandaag)
    assert registratie.begeleiders == []
    assert not any('FROM "registratie_onderwijsbegeleidingsaanbieder"' in q["sql"] for q in vastgelegd.captured_queries)
