"""Languages (issue 16 §7): Dutch by default, English through Accept-Language or the switch in the page header,
``<html lang>`` follows, and the English catalogue (locale/en/LC_MESSAGES/django.po) is complete.

Domain terms (bestuur, onderwijsaanbieder, BRIN, RIO, Beheerder PO, the role names) stay Dutch in English text;
they carry ``lang="nl"`` and are explained on the accessibility/help page, so the phrase check skips them."""

import re
import shutil
import subprocess
from html.parser import HTMLParser
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from django.test import override_settings
from django.urls import reverse
from django.utils import translation

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _nederlands_na_afloop():
    """LocaleMiddleware leaves the last request's language active in this thread: back to the default after each
    test, so a later test that renders without a request stays Dutch."""
    yield
    translation.deactivate()

HTML_LANG = re.compile(r'<html lang="([a-z-]+)"')

# Dutch UI words that are no domain term: none of them may remain on an English page (whole words).
NEDERLANDS = ["inloggen", "uitloggen", "opslaan", "zoeken", "terug", "annuleren", "welkom", "toegankelijkheid",
              "gevonden", "waarom", "inhoud", "wijzigen", "toevoegen", "beëindigen", "kies", "stappenplan",
              "niet", "geen", "naar", "voor", "uw", "heeft", "wordt", "deze", "het", "een", "zijn", "bij", "wij",
              "en", "op", "te", "wat", "hier", "nog", "ook", "mag", "moet", "kunt", "vandaag"]  # not "of", "met"
# As written or capitalised (not "EN 301 549").
_VORMEN = "|".join(w for n in NEDERLANDS for w in (n, n.capitalize()))
NEDERLANDS_RE = re.compile(rf"(?<![\w-])({_VORMEN})(?![\w-])")


class ZichtbareTekst(HTMLParser):
    """The text a person reads or hears: text nodes and the labelling attributes, without script and style and
    without anything inside an element marked lang="nl" (a domain term or a name kept in Dutch on purpose)."""

    ATTRIBUTEN = ("aria-label", "title", "placeholder", "alt")
    LEEG = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stapel: list[bool] = []  # per open element: skip its content
        self.stukken: list[str] = []

    def _overslaan(self) -> bool:
        return any(self.stapel)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        overslaan = tag in ("script", "style") or (a.get("lang") or "").startswith("nl")
        if not self._overslaan() and not overslaan:
            self.stukken += [a[n] or "" for n in self.ATTRIBUTEN if n in a]
            if tag == "input" and a.get("type") in ("submit", "button"):
                self.stukken.append(a.get("value") or "")
        if tag not in self.LEEG:
            self.stapel.append(overslaan)

    def handle_endtag(self, tag: str) -> None:
        if tag not in self.LEEG and self.stapel:
            self.stapel.pop()

    def handle_data(self, data: str) -> None:
        if not self._overslaan():
            self.stukken.append(data)


def zichtbare_tekst(html: str) -> str:
    parser = ZichtbareTekst()
    parser.feed(html)
    return " ".join(" ".join(parser.stukken).split())


# A sheet or column name of the Dutch blauwdruk file, quoted ‘ ’ inside an English message: kept Dutch on purpose.
BESTANDSNAAM_RE = re.compile(r"‘[^‘’]{1,60}’")


def nederlandse_woorden(html: str) -> list[str]:
    """Each Dutch UI word left on the page, with a little context."""
    tekst = BESTANDSNAAM_RE.sub("‘…’", zichtbare_tekst(html))
    return [tekst[max(0, m.start() - 40):m.end() + 40] for m in NEDERLANDS_RE.finditer(tekst)]


def engels(client, pad: str, status: int = 200) -> str:
    antwoord = client.get(pad, HTTP_ACCEPT_LANGUAGE="en")
    assert antwoord.status_code == status, pad
    html = antwoord.content.decode()
    assert HTML_LANG.search(html).group(1) == "en", pad
    return html


# --- Default, Accept-Language, the switch ------------------------------------------------------------------

def test_nederlands_is_de_standaard(client):
    """No Accept-Language and no cookie: Dutch (the Django test client sends no Accept-Language)."""
    antwoord = client.get(reverse("home"))
    assert "HTTP_ACCEPT_LANGUAGE" not in antwoord.wsgi_request.META
    html = antwoord.content.decode()
    assert HTML_LANG.search(html).group(1) == "nl"
    assert "Registreer uw organisatie in RIO" in html and ">Inloggen</a>" in html


def test_onbekende_taal_geeft_nederlands(client):
    html = client.get(reverse("home"), HTTP_ACCEPT_LANGUAGE="fr-FR,fr;q=0.9,de;q=0.5").content.decode()
    assert HTML_LANG.search(html).group(1) == "nl" and ">Inloggen</a>" in html


def test_accept_language_en_geeft_engels(client):
    html = engels(client, reverse("home"))
    assert "Register your organisation in" in html and ">Log in</a>" in html
    assert "Registreer uw organisatie" not in html
    # The switch offers the other language, named in that language.
    assert 'lang="nl">Nederlands</button>' in html


def test_accept_language_en_us_ook_engels(client):
    html = client.get(reverse("home"), HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9").content.decode()
    assert HTML_LANG.search(html).group(1) == "en"


def test_taalkeuze_zet_taal_en_keert_terug(client):
    """The switch posts to set_language with ``next`` = this page; the cookie then wins over Accept-Language."""
    pad = reverse("toegankelijkheid")
    html = client.get(pad).content.decode()
    formulier = re.search(r'<form class="taalkeuze" method="post" action="([^"]+)"[^>]*>(.*?)</form>', html, re.S)
    assert formulier, "no language switch on the page"
    assert formulier.group(1) == reverse("set_language")
    assert f'name="next" value="{pad}"' in formulier.group(2)
    assert 'name="language" value="en" lang="en">English</button>' in formulier.group(2)

    antwoord = client.post(reverse("set_language"), {"language": "en", "next": pad})
    assert antwoord.status_code == 302 and antwoord["Location"] == pad
    assert client.cookies[settings.LANGUAGE_COOKIE_NAME].value == "en"
    html = client.get(pad).content.decode()
    assert HTML_LANG.search(html).group(1) == "en" and "Accessibility" in html
    # Back to Dutch, even when the browser asks for English.
    client.post(reverse("set_language"), {"language": "nl", "next": pad})
    html = client.get(pad, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert HTML_LANG.search(html).group(1) == "nl" and "Toegankelijkheid" in html


def test_taalkeuze_weigert_vreemde_next(client):
    antwoord = client.post(reverse("set_language"), {"language": "en", "next": "https://elders.example/"})
    assert antwoord.status_code == 302 and antwoord["Location"] == "/"


def test_foutpagina_herhaalt_het_adres_niet(client):
    """A 404 does not echo the refused address into the switch (it may name another board's object): without
    ``next``, set_language returns to the Referer."""
    html = client.get("/bestaat-niet/999B999/").content.decode()
    assert 'class="taalkeuze"' in html and "999B999" not in html
    antwoord = client.post(reverse("set_language"), {"language": "en"}, HTTP_REFERER="http://testserver/x/")
    assert antwoord["Location"] == "http://testserver/x/"


def test_taalkeuze_staat_op_elke_pagina(client, beheerder):
    client.force_login(beheerder)
    for pad in (reverse("home"), reverse("autorisatie:waarom"), reverse("openbaar:zoeken")):
        assert 'class="taalkeuze"' in client.get(pad).content.decode(), pad


# --- English pages: no Dutch UI words left -----------------------------------------------------------------

ANONIEM = ["home", "login", "toegankelijkheid"]


@pytest.mark.parametrize("naam", ANONIEM)
def test_anonieme_paginas_in_het_engels(client, naam):
    html = engels(client, reverse(naam))
    assert not nederlandse_woorden(html), nederlandse_woorden(html)


def test_regelcatalogus_in_het_engels(client):
    """The public catalogue of rules: every rule's name, meaning and fix in English (stored in Dutch)."""
    from controle import catalogus

    html = engels(client, reverse("controle:regels"))
    assert "Rules and checks" in html and not nederlandse_woorden(html), nederlandse_woorden(html)
    for tekst in catalogus.REGELTEKSTEN:
        html = engels(client, reverse("controle:regel", args=[tekst.code]))
        assert tekst.betekenis not in html and "What does this mean?" in html, tekst.code
        assert not nederlandse_woorden(html), (tekst.code, nederlandse_woorden(html))


def test_niet_gevonden_in_het_engels(client):
    html = engels(client, "/bestaat-niet/", status=404)
    assert "Not found" in html
    assert not nederlandse_woorden(html), nederlandse_woorden(html)


def _ingelogd_paden(bestuur) -> list[str]:
    return [reverse("home"), reverse("autorisatie:waarom"), reverse("autorisatie:waarom") + "?actie=beheren_aanbieder",
            reverse("autorisatie:rollen", args=[bestuur.code]),
            reverse("autorisatie:mezelf_toekennen", args=[bestuur.code])]


def test_ingelogde_paginas_in_het_engels(client, po, bestuur, vandaag):
    """A Beheerder PO on his first day: the stappenplan, 'Waarom', the roles screen and 'Ken uzelf de rollen toe'."""
    client.force_login(po)
    for pad in _ingelogd_paden(bestuur):
        html = engels(client, pad)
        assert not nederlandse_woorden(html), (pad, nederlandse_woorden(html))
    html = engels(client, reverse("home"))
    assert "Step-by-step plan" in html and "Assign the roles to yourself" in html
    # Role names stay Dutch, marked as such for screen readers.
    assert '<span lang="nl">RIO beheren onderwijsaanbieder</span>' in engels(
        client, reverse("autorisatie:mezelf_toekennen", args=[bestuur.code]))


def test_ingelogde_paginas_met_alle_rollen_in_het_engels(client, beheerder, bestuur, vandaag):
    client.force_login(beheerder)  # all eight gebruikersrollen, no Beheerder PO: no roles screen
    for pad in _ingelogd_paden(bestuur)[:3]:
        html = engels(client, pad)
        assert not nederlandse_woorden(html), (pad, nederlandse_woorden(html))


def test_geen_toegang_in_het_engels(client, lezer, po, bestuur):
    pad = reverse("registratie:aanbieder_toevoegen", args=[bestuur.code])
    client.force_login(lezer)
    html = engels(client, pad, status=403)
    assert "You do not have a role for this" in html and "Ask the <span lang=\"nl\">Beheerder PO</span>" in html
    assert not nederlandse_woorden(html), nederlandse_woorden(html)
    client.force_login(po)
    html = engels(client, pad, status=403)
    assert 'Assign yourself the role <span lang="nl">RIO beheren onderwijsaanbieder</span>' in html
    assert not nederlandse_woorden(html), nederlandse_woorden(html)


@pytest.fixture
def openbaar_register(bestuur, vandaag):
    from registratie.services import contact as contact_services
    from tests.helpers import factories

    school = factories.aanbieder(bestuur, naam="OBS De Regenboog", brin4="11AA")
    gebruik = factories.locatiegebruik(bestuur, brin6="11AA00")
    factories.bo_opleiding(school, locatie=gebruik.locatie)
    contact_services.registreer_contact(school, door="test", context="ALGEMEEN", begindatum=vandaag,
                                        email="info@regenboog.example.nl")
    return school, gebruik.locatie


def test_openbare_paginas_in_het_engels(client, bestuur, openbaar_register):
    """Zoeken en vinden (with results, without, a code of the wrong form), the public pages and open data."""
    school, locatie = openbaar_register
    zoeken = reverse("openbaar:zoeken")
    paden = [zoeken, zoeken + "?q=11AA", zoeken + "?q=regenboog", zoeken + "?q=Gibberish&filter=1&actief=1",
             zoeken + "?q=999B999", zoeken + "?q=a", reverse("openbaar:open_data"),
             reverse("openbaar:bestuur", args=[bestuur.code]), reverse("openbaar:aanbieder", args=[school.code]),
             reverse("openbaar:locatie", args=[locatie.code])]
    for pad in paden:
        html = engels(client, pad)
        assert not nederlandse_woorden(html), (pad, nederlandse_woorden(html))
    html = engels(client, zoeken + "?q=regenboog")
    assert "1 school found" in html and "Search and find" in html
    html = engels(client, reverse("openbaar:bestuur", args=["999B998"]), status=404)
    assert "There is no school board with code" in html and not nederlandse_woorden(html)


def test_registerpaginas_in_het_engels(client, beheerder, bestuur, vandaag):
    """The object pages of Mijn organisatie (not the organisation page itself) for a person with every role."""
    from registratie.services import contact as contact_services
    from registratie.services import organisatie as organisatie_services
    from tests.helpers import factories

    aanbieder = factories.aanbieder(bestuur, naam="OBS De Regenboog")
    gebruik = factories.locatiegebruik(bestuur)
    ao = factories.bo_opleiding(aanbieder, locatie=gebruik.locatie)
    groep = organisatie_services.registreer_groep(bestuur, door="test", naam="Cluster Noord", internationale_naam="",
                                                  begindatum=bestuur.begindatum)
    contact = contact_services.registreer_contact(bestuur, door="test", context="ALGEMEEN", begindatum=vandaag,
                                                  email="info@example.nl")
    client.force_login(beheerder)
    paden = [reverse("registratie:kies_bestuur"), reverse("registratie:aanbieder", args=[aanbieder.code]),
             reverse("registratie:locatiegebruik", args=[gebruik.code]),
             reverse("registratie:opleiding", args=[ao.code]), reverse("registratie:groep", args=[groep.code]),
             reverse("registratie:contact", args=[contact.pk]), reverse("registratie:historie", args=[bestuur.code]),
             reverse("registratie:aanbieder", args=[aanbieder.code]) + "?bekend_op=2026-11-01",
             reverse("registratie:plaatje", args=[bestuur.code]), reverse("registratie:afdrukken", args=[bestuur.code]),
             reverse("blauwdruk:lijst", args=[bestuur.code]), reverse("blauwdruk:uploaden", args=[bestuur.code]),
             reverse("controle:overzicht")]
    for pad in paden:
        html = engels(client, pad)
        assert not nederlandse_woorden(html), (pad, nederlandse_woorden(html))
    assert "Programmes offered" in engels(client, paden[1])

    formulieren = [reverse("registratie:aanbieder_toevoegen", args=[bestuur.code]),
                   reverse("registratie:locatie_toevoegen", args=[bestuur.code]),
                   reverse("registratie:aanbieder_wijzigen", args=[aanbieder.code]),
                   reverse("registratie:aanbieder_beeindigen", args=[aanbieder.code]),
                   reverse("registratie:relatie_toevoegen", args=[aanbieder.code]),
                   reverse("registratie:opleiding_toevoegen", args=[aanbieder.code]) + "?sector=BO",
                   reverse("registratie:opleiding_wijzigen", args=[ao.code]),
                   reverse("registratie:vestiging_toevoegen", args=[gebruik.code]),
                   reverse("registratie:contact_toevoegen", args=["aanbieder", aanbieder.code]),
                   reverse("registratie:contact_wijzigen", args=[contact.pk])]
    for pad in formulieren:
        html = engels(client, pad)
        assert not nederlandse_woorden(html), (pad, nederlandse_woorden(html))
    # A refused form: the summary and Django's own field messages in English too.
    antwoord = client.post(formulieren[0], {"naam": "", "begindatum": "31-02-2027"}, HTTP_ACCEPT_LANGUAGE="en")
    html = antwoord.content.decode()
    assert "The form has not been saved" in html and "Enter a valid date, for example 31-07-2027." in html
    assert not nederlandse_woorden(html), nederlandse_woorden(html)
    # The date rules of the services speak English too (registratie.services.regels).
    antwoord = client.post(formulieren[0], {"naam": "De Linde", "begindatum": "01-08-2020"}, HTTP_ACCEPT_LANGUAGE="en")
    html = antwoord.content.decode()
    assert "The founding date (01-08-2020) lies in the past. Choose today (28-11-2026)" in html
    assert not nederlandse_woorden(html), nederlandse_woorden(html)


def test_aangehaalde_bladnaam_wordt_overgeslagen():
    """A quoted sheet or column name is skipped; Dutch outside the quotes, or in straight quotes, is still found."""
    assert not nederlandse_woorden("<p>See the ‘Naam van het bestuur’ column.</p>")
    assert nederlandse_woorden("<p>See the ‘Naam’ column; het is niet goed.</p>")
    assert nederlandse_woorden("<p>See the 'Naam van het bestuur' column.</p>")


def test_zichtbare_tekst_slaat_nederlandse_termen_over():
    """The check itself: a lang="nl" span is skipped, the rest is read (including aria-label and title)."""
    html = ('<p>The <span lang="nl">Beheerder PO</span> of your <span lang="nl">bestuur</span>.</p>'
            '<a aria-label="Naar de inhoud" href="/zoeken/">x</a><script>var zoeken;</script>')
    assert zichtbare_tekst(html) == "The of your . Naar de inhoud x"
    assert [w.strip() for w in NEDERLANDS_RE.findall(zichtbare_tekst(html))] == ["Naar", "inhoud"]


# --- The catalogue -----------------------------------------------------------------------------------------

# The folders that hold UI strings; the Makefile's `make talen` ignores the rest (keep both lists in step).
BRONNEN = ["kern", "registratie", "autorisatie", "organisatie", "modelleertool", "openbaar", "controle",
           "uitwisseling", "berichten", "rio_portal", "templates"]
GEEN_BRON = shutil.ignore_patterns("__pycache__", "*.pyc", "*.csv", "*.xlsx", "*.zip", "*.xsd", "*.json", "data",
                                   "migrations")


def _gettext(*programmas: str) -> None:
    ontbreekt = [p for p in programmas if shutil.which(p) is None]
    if ontbreekt:
        pytest.skip(f"gettext ontbreekt ({', '.join(ontbreekt)}): apt-get install gettext (CI installeert het)")


def test_catalogus_is_volledig(tmp_path, monkeypatch):
    """A fresh makemessages run over a copy of the sources, merged with the committed catalogue: every entry
    translated, none fuzzy. Fails when a new {% translate %}/gettext string has no English yet."""
    _gettext("xgettext", "msgmerge", "msgfmt", "msgattrib")
    for bron in BRONNEN:
        shutil.copytree(settings.BASE_DIR / bron, tmp_path / bron, ignore=GEEN_BRON)
    po = Path("locale/en/LC_MESSAGES/django.po")
    (tmp_path / po).parent.mkdir(parents=True)
    shutil.copy(settings.BASE_DIR / po, tmp_path / po)
    monkeypatch.chdir(tmp_path)
    with override_settings(LOCALE_PATHS=[tmp_path / "locale"]):
        call_command("makemessages", locale=["en"], no_obsolete=True, add_location="file", verbosity=0)

    def lijst(*opties: str) -> str:
        return subprocess.run(["msgattrib", *opties, "--no-obsolete", "--no-location", str(po)],
                              capture_output=True, text=True, check=True).stdout

    onvertaald, vaag = lijst("--untranslated"), lijst("--only-fuzzy")
    assert "msgid" not in onvertaald.split("\n\n", 1)[-1], "onvertaald in locale/en:\n" + onvertaald
    assert "msgid" not in vaag.split("\n\n", 1)[-1], "fuzzy in locale/en:\n" + vaag
    # The committed catalogue holds exactly the strings of the sources (no forgotten `make talen`).
    opties = ["--no-obsolete", "--no-location", "--clear-previous", "--sort-output"]
    nieuw = subprocess.run(["msgattrib", *opties, str(po)],
                           capture_output=True, text=True, check=True).stdout
    oud = subprocess.run(["msgattrib", *opties,
                          str(settings.BASE_DIR / po)], capture_output=True, text=True, check=True).stdout
    assert _zonder_kop(nieuw) == _zonder_kop(oud), "locale/en is niet bijgewerkt: draai `make talen`"


def _zonder_kop(po: str) -> str:
    return po.split("\n\n", 1)[-1]


def test_mo_past_bij_po(tmp_path):
    """The committed .mo (what the portal reads; `make run` needs no gettext) is the compiled committed .po."""
    _gettext("msgfmt")
    import gettext

    map_ = settings.BASE_DIR / "locale/en/LC_MESSAGES"
    uit = subprocess.run(["msgfmt", "--check-format", "-o", str(tmp_path / "vers.mo"), str(map_ / "django.po")],
                         capture_output=True, text=True)
    assert uit.returncode == 0, uit.stderr

    def catalogus(pad: Path) -> dict:
        with open(pad, "rb") as mo:
            return gettext.GNUTranslations(mo)._catalog  # the whole table, to compare

    vers, vastgelegd = catalogus(tmp_path / "vers.mo"), catalogus(map_ / "django.mo")
    assert len(vers) > 1
    assert vers == vastgelegd, "locale/en/LC_MESSAGES/django.mo is niet gecompileerd: draai `make talen`"


# --- The pages that were still Dutch (NOG_NEDERLANDS until issue 16 §7 was finished) ------------------------

def _geen_nederlands(client, pad: str, status: int = 200) -> str:
    html = engels(client, pad, status)
    assert not nederlandse_woorden(html), (pad, nederlandse_woorden(html))
    assert '<main id="inhoud" class="container my-4" tabindex="-1">' in html, pad  # no lang="nl" on <main>
    return html


@pytest.fixture
def geregistreerd(bestuur, vandaag):
    """A board with every BRIN4 registered and mandated (tests.helpers.controle), a group, and one aanbieder
    without an aangeboden opleiding or mandate-free school, so the summary and the controle screen have signals."""
    from registratie.services import organisatie as organisatie_services
    from tests.helpers import controle, factories

    scholen = controle.vul_schoon(bestuur, vandaag)
    organisatie_services.registreer_groep(bestuur, door="test", naam="Cluster Noord", internationale_naam="",
                                          begindatum=vandaag)
    factories.aanbieder(bestuur, naam="OBS Zonder Opleiding")
    return scholen


def test_organisatiepagina_en_bestuursformulieren_in_het_engels(client, beheerder, bestuur, geregistreerd):
    client.force_login(beheerder)
    html = _geen_nederlands(client, reverse("registratie:organisatie", args=[bestuur.code]))
    assert "Summary" in html and "Points for attention" in html and "has no programme offered yet" in html
    assert 'data-filter-soort="onderwijsaanbieder,onderwijsaanbieders"' in html
    for naam in ("registratie:bestuur_wijzigen", "registratie:groep_toevoegen"):
        _geen_nederlands(client, reverse(naam, args=[bestuur.code]))
    # A refused form and a saved one speak English too.
    pad = reverse("registratie:groep_toevoegen", args=[bestuur.code])
    antwoord = client.post(pad, {"naam": "", "begindatum": "01-01-2027"}, HTTP_ACCEPT_LANGUAGE="en")
    assert "The form has not been saved" in antwoord.content.decode()
    antwoord = client.post(pad, {"naam": "Cluster Zuid", "begindatum": "01-01-2027"}, HTTP_ACCEPT_LANGUAGE="en",
                           follow=True)
    assert re.search(r"Group \w+ has been added\.", antwoord.content.decode())


def test_controlescherm_in_het_engels(client, beheerder, bestuur, vandaag):
    from tests.helpers import controle

    controle.vul_schoon(bestuur, vandaag)
    client.force_login(beheerder)
    html = _geen_nederlands(client, reverse("controle:bestuur", args=[bestuur.code]))
    assert "Check of the registration" in html and "of the checks in order" in html


def test_controlesignalen_in_het_engels(client, beheerder, bestuur, geregistreerd):
    """Signals (controle.regels): message, object kind and fix button in English; an aanbieder without an offer
    and a school without a RIO mandate."""
    from autorisatie.models import Mandaat

    Mandaat.objects.filter(instelling__code="11AB").delete()
    client.force_login(beheerder)
    html = _geen_nederlands(client, reverse("controle:bestuur", args=[bestuur.code]))
    assert "has no programme offered on 28-11-2026" in html and ">Add programme offered</a>" in html
    assert "School 11AB has no active mandate for the service RIO in the OSR" in html and "Manage mandates" in html


def test_controlebestand_blijft_nederlands_vanuit_engels(client, beheerder, bestuur, geregistreerd):
    """The control file is a file of the Dutch register: Dutch headers and signal texts whatever the UI language
    (README "Talen", the accessibility page)."""
    import io

    from openpyxl import load_workbook

    client.force_login(beheerder)
    antwoord = client.get(reverse("controle:controlebestand_xlsx", args=[bestuur.code]), HTTP_ACCEPT_LANGUAGE="en")
    boek = load_workbook(io.BytesIO(b"".join(antwoord.streaming_content)), read_only=True)
    tekst = " ".join(str(c) for blad in boek for rij in blad.iter_rows(values_only=True) for c in rij if c)
    assert "geen aangeboden opleiding" in tekst and "Aangeboden opleiding toevoegen" in tekst
    assert "has no programme offered" not in tekst and "Add programme offered" not in tekst
    # and the accessibility page says so, in English
    assert "are files of the Dutch register" in engels(client, reverse("toegankelijkheid"))


def test_blauwdrukpaginas_in_het_engels(client, beheerder, bestuur, geregistreerd):
    from modelleertool.models import Blauwdruk

    client.force_login(beheerder)
    client.post(reverse("blauwdruk:nieuw_concept", args=[bestuur.code]), HTTP_ACCEPT_LANGUAGE="en")
    blauwdruk = Blauwdruk.objects.get(bestuur=bestuur)
    for naam in ("blauwdruk:voorbeeld", "blauwdruk:modelleren", "blauwdruk:plaatje"):
        _geen_nederlands(client, reverse(naam, args=[bestuur.code, blauwdruk.pk]))
    html = engels(client, reverse("blauwdruk:modelleren", args=[bestuur.code, blauwdruk.pk]))
    assert "Change the draft" in html and "Save in the draft" in html


def test_blauwdruk_met_fouten_in_het_engels(client, beheerder, bestuur, geregistreerd):
    """An upload with errors: the report speaks English; only the sheet and column names of the Dutch file stay
    Dutch, quoted ‘ ’ in the message and marked lang="nl" in their own columns."""
    from tests.helpers.blauwdruk import als_bytes, sjabloon, voeg_rij_toe, zet

    boek = sjabloon(bestuur)
    boek["Aanbieders"].cell(row=1, column=boek["Aanbieders"].max_column + 1, value="Opmerkingen")  # a warning
    zet(boek["Aanbieders"], 2, "Oprichtingsdatum", "31-02-2027")
    voeg_rij_toe(boek["Aanbieders"], {"Naam": "Nieuwe School", "BRIN4": "99ZZ"})
    voeg_rij_toe(boek["Aangeboden opleidingen"], {"Aanbieder": "Onbekende School", "Opleiding": "Basisonderwijs"})
    client.force_login(beheerder)
    from django.core.files.uploadedfile import SimpleUploadedFile

    antwoord = client.post(reverse("blauwdruk:uploaden", args=[bestuur.code]),
                           {"bestand": SimpleUploadedFile("b.xlsx", als_bytes(boek)), "naam": ""},
                           HTTP_ACCEPT_LANGUAGE="en")
    assert antwoord.status_code == 200
    html = antwoord.content.decode()
    assert HTML_LANG.search(html).group(1) == "en"
    assert not nederlandse_woorden(html), nederlandse_woorden(html)
    for bericht in ("is not a valid date. Type the date as dd-mm-yyyy",
                    "Unknown BRIN 99ZZ: choose a BRIN4 of your own bevoegd gezag (see the ‘Erkenningen’ sheet)",
                    "Onderwijsaanbieder &#x27;Onbekende School&#x27; is not on the ‘Aanbieders’ sheet",
                    "The portal does not know the column ‘Opmerkingen’; its content is ignored."):
        assert bericht in html, bericht
    assert "staat niet in het blad" not in html and "Onbekende BRIN" not in html
    # The same file in Dutch (the default) keeps the Dutch messages, unquoted as before.
    antwoord = client.post(reverse("blauwdruk:uploaden", args=[bestuur.code]),
                           {"bestand": SimpleUploadedFile("b.xlsx", als_bytes(boek)), "naam": ""})
    assert "staat niet in het blad Aanbieders" in antwoord.content.decode()


def test_bewaarde_waarschuwing_in_de_taal_van_de_lezer(client, beheerder, bestuur, geregistreerd):
    """A reading warning stored with a concept (uploaded in Dutch) is shown in English to an English reader; an
    older one, stored as Dutch text only, stays Dutch and is marked so."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    from modelleertool.models import Blauwdruk
    from tests.helpers.blauwdruk import als_bytes, sjabloon

    boek = sjabloon(bestuur)
    boek.create_sheet("Aantekeningen")
    client.force_login(beheerder)
    antwoord = client.post(reverse("blauwdruk:uploaden", args=[bestuur.code]),
                           {"bestand": SimpleUploadedFile("b.xlsx", als_bytes(boek)), "naam": ""})
    assert antwoord.status_code == 302, antwoord.content.decode()[:2000]
    blauwdruk = Blauwdruk.objects.get(bestuur=bestuur)
    assert blauwdruk.waarschuwingen[0]["sjabloon"] == "Dit blad kent het portaal niet; het wordt genegeerd."
    pad = reverse("blauwdruk:voorbeeld", args=[bestuur.code, blauwdruk.pk])
    assert "Dit blad kent het portaal niet" in client.get(pad).content.decode()
    html = _geen_nederlands(client, pad)
    assert "The portal does not know this sheet; it is ignored." in html
    blauwdruk.waarschuwingen = [{"blad": "Oud", "rij": None, "kolom": "", "ernst": "waarschuwing",
                                 "bericht": "Dit blad kent het portaal niet; het wordt genegeerd."}]
    blauwdruk.save(update_fields=["waarschuwingen"])
    html = _geen_nederlands(client, pad)
    assert '<td lang="nl">Dit blad kent het portaal niet; het wordt genegeerd.</td>' in html


def test_exportstatus_in_het_engels(client, vandaag):
    from django.contrib.auth import get_user_model

    from controle.models import Exportopdracht

    duo = get_user_model().objects.create_superuser("duo", "duo@example.test", "geheim-wachtwoord")
    client.force_login(duo)
    for status, voortgang in (("wachtrij", 0), ("bezig", 40), ("mislukt", 10)):
        opdracht = Exportopdracht.objects.create(formaat="xlsx", peildatum=vandaag, aangevraagd_door=duo,
                                                 status=status, voortgang=voortgang)
        html = _geen_nederlands(client, reverse("controle:export", args=[opdracht.pk]))
        assert "National check file" in html
        assert "Progress" in html and "requested on" in html
    assert "Making the file failed:" in html
    stand = client.get(reverse("controle:export_status", args=[opdracht.pk]), HTTP_ACCEPT_LANGUAGE="en").json()
    assert stand["status_tekst"] == "failed"


def test_osr_paginas_in_het_engels(client, bestuur, geregistreerd, vandaag):
    """Mandaten (OSR) for someone with OSR-toegang: the overview (one school without a mandate, so 'Let op'),
    add, end and copy; and the API keys of a system for DUO's functional administrator."""
    from django.contrib.auth import get_user_model

    from autorisatie.models import Mandaat
    from autorisatie.rollen import Rol
    from tests.helpers import controle, factories

    Mandaat.objects.filter(instelling__code="11AB").delete()
    client.force_login(factories.gebruiker_met_rollen("osr", bestuur, rollen=[Rol.OSR_TOEGANG]))
    html = _geen_nederlands(client, reverse("autorisatie:mandaten", args=[bestuur.code]))
    assert "Please note" in html and "has no active RIO mandate" in html
    mandaat = Mandaat.objects.get(instelling__code="11AA")
    for naam, args in (("autorisatie:mandaat_nieuw", [bestuur.code]),
                       ("autorisatie:mandaat_beeindigen", [bestuur.code, mandaat.pk]),
                       ("autorisatie:mandaat_kopieren", [bestuur.code, mandaat.pk])):
        _geen_nederlands(client, reverse(naam, args=args))
    antwoord = client.post(reverse("autorisatie:mandaat_kopieren", args=[bestuur.code, mandaat.pk]),
                           {"alle_scholen": "on"}, HTTP_ACCEPT_LANGUAGE="en", follow=True)
    assert "The mandate has been copied to 1 school: 11AB." in antwoord.content.decode()

    systeem = controle.las()
    client.force_login(get_user_model().objects.create_user("fb", "fb@duo.example", "x", is_staff=True))
    pad = reverse("autorisatie:systeem_sleutels", args=[systeem.pk])
    html = client.post(pad, {"omschrijving": "productie"}, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Copy the key now" in html and not nederlandse_woorden(html), nederlandse_woorden(html)
    sleutel = systeem.sleutels.get()
    antwoord = client.post(reverse("autorisatie:sleutel_intrekken", args=[systeem.pk, sleutel.pk]),
                           HTTP_ACCEPT_LANGUAGE="en", follow=True)
    html = antwoord.content.decode()
    assert f"Key {sleutel.prefix}… has been revoked" in html and not nederlandse_woorden(html)


def test_api_pagina_in_het_engels(client):
    html = _geen_nederlands(client, reverse("uitwisseling:api_v1_index"))
    assert "Read interface for suppliers" in html and "are in Dutch" in html


# --- The rules of the domain services speak the language of the request ------------------------------------

def test_geweigerd_formulier_toont_de_engelse_regel(client, beheerder, bestuur, vandaag):
    """A refused form in English shows the service's message in English (registratie.services.organisatie);
    in Dutch the same refusal keeps its Dutch source text."""
    client.force_login(beheerder)
    pad = reverse("registratie:aanbieder_toevoegen", args=[bestuur.code])
    gegevens = {"naam": "x" * 81, "begindatum": "28-11-2026",
                "instellingen": [bestuur.bevoegd_gezag.instellingen.order_by("code").first().pk]}
    html = client.post(pad, gegevens, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "The name is 81 characters; the maximum is 80." in html
    assert not nederlandse_woorden(html), nederlandse_woorden(html)
    assert "De naam is 81 tekens; het maximum is 80." in client.post(pad, gegevens).content.decode()


def test_geweigerd_mandaat_in_het_engels(client, bestuur, vandaag):
    """An OSR rule (autorisatie.osr): a second RIO mandate for the same school is refused, in English."""
    from autorisatie.models import Mandaat
    from autorisatie.rollen import Rol
    from tests.helpers import controle, factories

    systeem = controle.las()
    factories.mandaat(bestuur, "11AA", systeem)
    client.force_login(factories.gebruiker_met_rollen("osr", bestuur, rollen=[Rol.OSR_TOEGANG]))
    school = bestuur.bevoegd_gezag.instellingen.get(code="11AA")
    antwoord = client.post(reverse("autorisatie:mandaat_nieuw", args=[bestuur.code]),
                           {"instelling": school.pk, "dienst": "RIO", "systeem": systeem.pk,
                            "begindatum": "28-11-2026"}, HTTP_ACCEPT_LANGUAGE="en")
    html = antwoord.content.decode()
    assert "School 11AA already has a mandate for service" in html and Mandaat.objects.count() == 1
    assert not nederlandse_woorden(html), nederlandse_woorden(html)
