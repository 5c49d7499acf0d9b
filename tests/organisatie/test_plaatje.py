"""The organisation picture (registratie/plaatje.py) and the printable blauwdruk: well-formed SVG, one box per
object, readable for the largest real board, and only for people of the board."""

import re
import xml.etree.ElementTree as ET
from datetime import timedelta

import pytest
from django.urls import reverse

from autorisatie.rollen import Rol
from registratie import plaatje
from registratie.selectors import organisatie_boom
from registratie.services import contact as contact_services
from tests.helpers import factories
from tests.helpers.plaatje import SVG, knopen, svgs, teksten

pytestmark = pytest.mark.django_db

LANGE_NAAM = "Openbare Basisschool voor Montessori- en Daltononderwijs De Grote Regenboogvlei"


@pytest.fixture
def register(bestuur, vandaag):
    """Two aanbieders: one with two opleidingen at one locatie, one (long name) without; a spare locatie."""
    eerste = factories.aanbieder(bestuur, naam="OBS De Regenboog", brin4="11AA")
    tweede = factories.aanbieder(bestuur, naam=LANGE_NAAM, brin4="11AB")
    gebruik = factories.locatiegebruik(bestuur, brin6="11AA00")
    factories.locatiegebruik(bestuur, brin6="11AB00")  # used by no opleiding
    factories.bo_opleiding(eerste, locatie=gebruik.locatie)
    factories.bo_opleiding(eerste, locatie=gebruik.locatie, eigen_naam="Tienerschool")
    return {"bestuur": bestuur, "eerste": eerste, "tweede": tweede, "gebruik": gebruik}


def test_plaatje_is_welgevormde_svg_met_een_vak_per_object(client, beheerder, register):
    client.force_login(beheerder)
    antwoord = client.get(reverse("registratie:plaatje", args=[register["bestuur"].code]))
    assert antwoord.status_code == 200
    [svg] = svgs(antwoord.content.decode())
    assert svg.get("role") == "img"
    ids = {el.get("id"): el for el in svg.iter() if el.get("id")}
    titel_id, desc_id = svg.get("aria-labelledby").split()
    assert ids[titel_id].tag == f"{SVG}title" and register["bestuur"].code in ids[titel_id].text
    assert ids[desc_id].tag == f"{SVG}desc" and "2 onderwijsaanbieders" in ids[desc_id].text
    assert len(knopen(svg, "bestuur")) == 1
    assert len(knopen(svg, "aanbieder")) == 2
    assert len(knopen(svg, "opleiding")) == 2
    assert len(knopen(svg, "locatie")) == 2  # the shared locatie once, the spare one in its own band
    for soort in ("bestuur", "aanbieder", "opleiding", "locatie"):
        for g in knopen(svg, soort):
            assert len(g.findall(f"{SVG}rect")) == 1 and g.find(f"{SVG}title").text
    [regenboog] = [g for g in knopen(svg, "aanbieder") if "OBS De Regenboog" in teksten(g)]
    assert register["eerste"].code in " ".join(teksten(regenboog)) and "BRIN 11AA" in " ".join(teksten(regenboog))
    alle_tekst = " ".join(t for g in svg.iter(f"{SVG}g") for t in teksten(g))
    assert "Tienerschool" in alle_tekst and "Basisonderwijs" in alle_tekst
    assert register["gebruik"].locatie.code in alle_tekst
    assert "Locaties zonder aangeboden opleiding" in alle_tekst


def test_lange_naam_wordt_ingekort_met_volledige_naam_in_title(client, beheerder, register):
    client.force_login(beheerder)
    [svg] = svgs(client.get(reverse("registratie:plaatje", args=[register["bestuur"].code])).content.decode())
    [lang] = [g for g in knopen(svg, "aanbieder") if register["tweede"].code in g.find(f"{SVG}title").text]
    zichtbaar = teksten(lang)[0]
    assert zichtbaar.endswith("…") and zichtbaar != LANGE_NAAM and LANGE_NAAM.startswith(zichtbaar[:-1])
    assert LANGE_NAAM in lang.find(f"{SVG}title").text
    breedte = int(lang.find(f"{SVG}rect").get("width"))
    assert len(zichtbaar) * plaatje.TEKENBREEDTE * plaatje.VET <= breedte - 20  # fits its box (bold)


def test_tekst_wordt_ge_escaped(client, beheerder, bestuur, vandaag):
    factories.aanbieder(bestuur, naam="School <script> & \"Co\"")
    client.force_login(beheerder)
    html = client.get(reverse("registratie:plaatje", args=[bestuur.code])).content.decode()
    assert "<script> &" not in html
    [svg] = svgs(html)
    assert any("School <script> & \"Co\"" in " ".join(teksten(g)) for g in knopen(svg, "aanbieder"))


def test_viewbox_groeit_met_het_aantal_aanbieders(bestuur, vandaag):
    hoogtes = []
    for naam in ("Een", "Twee", "Drie"):
        factories.aanbieder(bestuur, naam=f"School {naam}")
        p = plaatje.teken(plaatje.uit_registratie(organisatie_boom(bestuur, vandaag)))
        assert p.viewbox == f"0 0 {plaatje.BREEDTE} {p.hoogte}"
        hoogtes.append(p.hoogte)
    assert hoogtes[0] < hoogtes[1] < hoogtes[2]


def test_toekomstige_aanbieder_gestippeld_en_peildatum(client, beheerder, bestuur, vandaag):
    later = factories.aanbieder(bestuur, naam="Nieuwe School", begindatum=vandaag + timedelta(days=30))
    boom = organisatie_boom(bestuur, vandaag)
    [k] = plaatje.teken(plaatje.uit_registratie(boom)).van_soort("aanbieder")
    assert k.toekomstig and "vanaf" in k.regels[1].tekst
    client.force_login(beheerder)
    voor_begin = (vandaag - timedelta(days=400)).isoformat()
    [svg] = svgs(client.get(reverse("registratie:plaatje", args=[bestuur.code]), {"peildatum": voor_begin})
                 .content.decode())
    assert any(later.code in g.find(f"{SVG}title").text for g in knopen(svg, "aanbieder"))  # still to come


@pytest.fixture
def groot_bestuur(db, vandaag):
    """Shaped like the largest real board (100B042): 55 aanbieders, 57 locaties, 57 aangeboden opleidingen."""
    brin4s = [f"{30 + i // 26}{chr(65 + i % 26)}A" for i in range(55)]
    bestuur = factories.bestuur_met_erkenningen("30003", brin4s=brin4s, vestigingen_per_brin=2)
    for i, brin4 in enumerate(brin4s):
        aanbieder = factories.aanbieder(bestuur, naam=f"Basisschool nummer {i + 1} met een vrij lange naam",
                                        brin4=brin4)
        gebruik = factories.locatiegebruik(bestuur, brin6=f"{brin4}00")
        factories.bo_opleiding(aanbieder, locatie=gebruik.locatie)
        if i < 2:  # two schools with a second building
            tweede = factories.locatiegebruik(bestuur, brin6=f"{brin4}01")
            factories.bo_opleiding(aanbieder, locatie=tweede.locatie, eigen_naam="Dependance")
    return bestuur


def test_grootste_bestuur_blijft_leesbaar(client, groot_bestuur, vandaag, django_assert_max_num_queries):
    persoon = factories.gebruiker_met_rollen("groot", groot_bestuur)
    client.force_login(persoon)
    with django_assert_max_num_queries(40):  # no query per object
        antwoord = client.get(reverse("registratie:plaatje", args=[groot_bestuur.code]))
    [svg] = svgs(antwoord.content.decode())
    assert (len(knopen(svg, "aanbieder")), len(knopen(svg, "opleiding")), len(knopen(svg, "locatie"))) == (55, 57, 57)
    breedte, hoogte = (int(v) for v in svg.get("viewBox").split()[2:])
    assert breedte == plaatje.BREEDTE and int(svg.get("width")) == breedte  # drawn at its own size: 13px text
    assert hoogte < 5000, "a band per aanbieder of about 70 units, not more"
    rects = [(int(r.get("x")), int(r.get("y")), int(r.get("width")), int(r.get("height")))
             for r in svg.iter(f"{SVG}rect")]
    assert all(x + w <= breedte and y + h <= hoogte for x, y, w, h in rects), "everything inside the viewBox"
    for i, a in enumerate(rects):  # no two boxes overlap
        for b in rects[i + 1:]:
            assert a[0] + a[2] <= b[0] or b[0] + b[2] <= a[0] or a[1] + a[3] <= b[1] or b[1] + b[3] <= a[1], (a, b)


def test_grootste_bestuur_afgedrukt_over_a4_bladen(client, groot_bestuur, vandaag):
    persoon = factories.gebruiker_met_rollen("groot", groot_bestuur)
    client.force_login(persoon)
    bladen = svgs(client.get(reverse("registratie:afdrukken", args=[groot_bestuur.code])).content.decode())
    assert len(bladen) > 1
    for blad in bladen:
        assert int(blad.get("viewBox").split()[3]) <= plaatje.A4_HOOGTE
        assert "blad" in blad.find(f"{SVG}title").text
    assert sum(len(knopen(b, "aanbieder")) for b in bladen) == 55
    assert len({b.get("aria-labelledby") for b in bladen}) == len(bladen), "ids unique on the page"


def test_afdrukpagina_heeft_tabellen_en_printstijl(client, beheerder, register, vandaag):
    bestuur = register["bestuur"]
    contact_services.registreer_contact(bestuur, door="test", context="ALGEMEEN", begindatum=vandaag,
                                        email="info@example.nl")
    contact_services.registreer_contact(bestuur, door="test", context="TOEZICHT", begindatum=vandaag,
                                        email="toezicht@example.nl")
    client.force_login(beheerder)
    antwoord = client.get(reverse("registratie:afdrukken", args=[bestuur.code]))
    assert antwoord.status_code == 200
    html = antwoord.content.decode()
    assert re.search(r'<link rel="stylesheet" href="[^"]*css/afdrukken\.css" media="print">', html)
    for kop in ("Onderwijsaanbieders en aangeboden opleidingen (2)", "Onderwijslocaties (2)", "Contactgegevens"):
        assert kop in html
    assert "2 onderwijsaanbieders · 2 aangeboden opleidingen · 2 onderwijslocaties" in html
    assert html.count('class="afdruk-sectie') == 4
    assert LANGE_NAAM in html and "Tienerschool" in html and register["gebruik"].locatie.code in html
    assert "info@example.nl" in html and "toezicht@example.nl" in html  # own board: restricted contexts too
    assert len(svgs(html)) == 1


def test_afdrukpagina_toont_alleen_leesbare_contexten(client, beheerder, bestuur, vandaag, monkeypatch):
    """The page asks toegang.mag_context_lezen per context: what it refuses is not printed."""
    from autorisatie import toegang

    contact_services.registreer_contact(bestuur, door="test", context="ALGEMEEN", begindatum=vandaag,
                                        email="info@example.nl")
    contact_services.registreer_contact(bestuur, door="test", context="TOEZICHT", begindatum=vandaag,
                                        email="toezicht@example.nl")
    echt = toegang.mag_context_lezen
    monkeypatch.setattr(toegang, "mag_context_lezen",
                        lambda gebruiker, b, context, *a: context == "ALGEMEEN" and echt(gebruiker, b, context))
    client.force_login(beheerder)
    html = client.get(reverse("registratie:afdrukken", args=[bestuur.code])).content.decode()
    assert "info@example.nl" in html and "toezicht@example.nl" not in html


@pytest.mark.parametrize("naam", ["registratie:plaatje", "registratie:afdrukken"])
def test_ander_bestuur_krijgt_404(client, naam, register, ander_bestuur, vandaag):
    persoon_b = factories.gebruiker_met_rollen("persoon_b", ander_bestuur)
    client.force_login(persoon_b)
    antwoord = client.get(reverse(naam, args=[register["bestuur"].code]))
    assert antwoord.status_code == 404
    assert register["eerste"].code not in antwoord.content.decode()


@pytest.mark.parametrize("naam", ["registratie:plaatje", "registratie:afdrukken"])
def test_leesrol_mag_kijken_anoniem_niet(client, naam, lezer, register, vandaag):
    url = reverse(naam, args=[register["bestuur"].code])
    assert client.get(url)["Location"].startswith(reverse("login"))
    client.force_login(lezer)
    assert client.get(url).status_code == 200


def test_organisatiepagina_linkt_naar_plaatje_en_afdruk(client, beheerder, bestuur, vandaag):
    client.force_login(beheerder)
    html = client.get(reverse("registratie:organisatie", args=[bestuur.code])).content.decode()
    assert reverse("registratie:plaatje", args=[bestuur.code]) in html
    assert reverse("registratie:afdrukken", args=[bestuur.code]) in html


# --- Accessibility in a real browser (axe-core, as tests/a11y) ---------------------------------------------------

@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_plaatje_en_afdruk_zonder_ernstige_toegankelijkheidsfouten(pagina, inloggen, bestuur):
    import importlib

    from django.apps import apps as django_apps

    from tests.helpers.a11y import controleer

    importlib.import_module("registratie.migrations.0003_opleidingen_catalogus").laad(django_apps, None)
    aanbieder = factories.aanbieder(bestuur, naam=LANGE_NAAM)
    gebruik = factories.locatiegebruik(bestuur)
    factories.bo_opleiding(aanbieder, locatie=gebruik.locatie)
    persoon = factories.gebruiker_met_rollen("kijker", bestuur)
    inloggen(persoon.username)
    for naam in ("registratie:plaatje", "registratie:afdrukken"):
        pad = reverse(naam, args=[bestuur.code])
        assert pagina.goto(pagina.live_server_url + pad).ok
        controleer(pagina, pad)
    pagina.emulate_media(media="print")  # the print stylesheet hides the navigation, keeps the picture
    assert not pagina.get_by_role("navigation", name="Hoofdmenu").is_visible()
    assert pagina.get_by_role("img", name=re.compile("Organisatieplaatje")).first.is_visible()


# --- The picture as a file ---------------------------------------------------------------------------------------

def test_plaatje_downloadt_als_losse_svg(client, beheerder, register, vandaag):
    bestuur = register["bestuur"]
    client.force_login(beheerder)
    html = client.get(reverse("registratie:plaatje", args=[bestuur.code])).content.decode()
    url = reverse("registratie:plaatje_svg", args=[bestuur.code])
    assert f'href="{url}?peildatum={vandaag:%Y-%m-%d}" download' in html

    antwoord = client.get(url)
    assert antwoord.status_code == 200
    assert antwoord["Content-Type"] == "image/svg+xml"
    naam = f"organisatieplaatje-{bestuur.code}-{vandaag:%Y-%m-%d}.svg"
    assert antwoord["Content-Disposition"] == f'attachment; filename="{naam}"'
    inhoud = antwoord.content.decode()
    assert inhoud.startswith('<?xml version="1.0" encoding="UTF-8"?>\n<svg xmlns="http://www.w3.org/2000/svg"')
    svg = ET.fromstring(antwoord.content)  # the whole file is one well-formed SVG document
    assert svg.tag == f"{SVG}svg" and svg.get("viewBox") == f"0 0 {plaatje.BREEDTE} {svg.get('height')}"
    assert svg.find(f"{SVG}rect").get("fill") == "#ffffff"  # a white background, also in viewers without one
    assert len(knopen(svg, "aanbieder")) == 2 and "<div" not in inhoud


def test_svg_bestand_escapet_namen(client, beheerder, bestuur, vandaag):
    factories.aanbieder(bestuur, naam='School <script>alert(1)</script> & "Co"')
    client.force_login(beheerder)
    inhoud = client.get(reverse("registratie:plaatje_svg", args=[bestuur.code])).content
    assert b"<script" not in inhoud
    svg = ET.fromstring(inhoud)
    [school] = knopen(svg, "aanbieder")
    assert 'School <script>alert(1)</script> & "Co"' in school.find(f"{SVG}title").text  # the text, not markup


def test_svg_bestand_alleen_voor_het_eigen_bestuur(client, register, ander_bestuur, vandaag):
    url = reverse("registratie:plaatje_svg", args=[register["bestuur"].code])
    assert client.get(url)["Location"].startswith(reverse("login"))
    client.force_login(factories.gebruiker_met_rollen("persoon_b", ander_bestuur))
    assert client.get(url).status_code == 404
    schoolleider = factories.gebruiker_met_rollen("leider", register["bestuur"], rollen=[Rol.BLAUWDRUK_INZIEN])
    client.force_login(schoolleider)
    assert client.get(url).status_code == 200
