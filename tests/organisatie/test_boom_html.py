"""The tree page's long lists made in Python (registratie/templatetags/boom.py, issue 19) write exactly what the
Django templates they replaced wrote: the same escaping, translations, badges and whitespace.

The replaced template text is kept here, verbatim, as the reference; each case renders one row both ways from the
same registration, in Dutch and in English. The cases are the awkward ones: a name with markup, quotes and an
ampersand, a samenwerkingsschool on either side, an aanbieder without offers, an offer without a fixed locatie, a
future and an ending object, a locatiegebruik without BRIN6 and one with pupils, a small tree open and a large closed.
"""

from datetime import timedelta

import pytest
from django.template import Context, Template
from django.utils import translation

from registratie.models import AangebodenOpleiding, Vestigingserkenning
from registratie.selectors import organisatie_boom
from tests.helpers import factories

pytestmark = pytest.mark.django_db

# templates/registratie/_boom_aanbieder.html as it was until this change (included once per aanbieder).
OUDE_AANBIEDER = (
    '{% load rio i18n %}<li class="boom-aanbieder" data-filter-tekst="{{ a|naam_op:peildatum }} {{ a.code }}'
    '{% for i in r.brin4 %} {{ i.code }}{% endfor %}"><a class="knoop knoop-aanbieder" href="{{ a.get_absolute_url }}'
    "?peildatum={{ peildatum|date:'Y-m-d' }}\">{{ a|naam_op:peildatum }} <span class=\"code\">{{ a.code }}</span></a>\n"
    '  {% for i in r.brin4 %}<span class="badge text-bg-light border">BRIN {{ i.code }}</span>{% endfor %} '
    "{% status a peildatum %}{% with partners=samenwerking_per_aanbieder|get_item:a.pk %}{% if partners %} "
    '<span class="badge text-bg-info">{% blocktranslate with besturen=partners|join:", " %}samenwerkingsschool met '
    "{{ besturen }}{% endblocktranslate %}</span>{% endif %}{% endwith %}{% if a.penvoerder %} "
    '<span class="badge text-bg-info">{% blocktranslate with bestuur=a.penvoerder.code %}samenwerkingsschool van '
    "{{ bestuur }}{% endblocktranslate %}</span>{% endif %}\n"
    '  {% if r.opleidingen %}<details class="boom-opleidingen"{% if boom_open %} open{% endif %}><summary>'
    "{% blocktranslate count n=r.opleidingen|length %}{{ n }} aangeboden opleiding{% plural %}{{ n }} aangeboden "
    'opleidingen{% endblocktranslate %}<span class="visually-hidden"> {% blocktranslate with code=a.code %}van '
    "{{ code }}{% endblocktranslate %}</span></summary>{% endif %}\n"
    '  <ul>{% for ao in r.opleidingen %}<li><a class="knoop knoop-opleiding" href="{{ ao.get_absolute_url }}">'
    "{{ ao|naam_op:peildatum|default:ao.opleiding.naam }}</a> <span class=\"small text-muted\">"
    "{{ ao.opleiding.sector }}"
    '{% if ao.locatie %} · {% translate "locatie" %} <span class="code">{{ ao.locatie.code }}</span> '
    '{{ ao.locatie.adres }}{% else %} · {% translate "geen vaste locatie" %}{% endif %}</span> '
    '{% status ao peildatum %}</li>{% empty %}<li class="text-warning-emphasis small">'
    '{% translate "nog geen aangeboden opleiding" %}</li>{% endfor %}</ul>{% if r.opleidingen %}</details>{% endif %}\n'
    "</li>\n"
)
# One row of the locatiegebruik table in templates/registratie/organisatie.html as it was.
OUDE_GEBRUIK = (
    "{% load rio i18n %}{% with g=r.gebruik %}"
    '<tr><td><a href="{{ g.get_absolute_url }}" class="code">{{ g.locatie.code }}</a></td><td>{{ g.locatie.adres }}'
    '</td>\n        <td>{% for v in r.brin6 %}<span class="code">{{ v.code }}</span>{% if v.leerlingen %} '
    '<span class="text-muted small leerlingen">({{ v.leerlingen_tekst }})</span>{% endif %}{% if not forloop.last %}'
    ', {% endif %}{% empty %}<span class="text-danger">{% translate "geen" %}</span>{% endfor %}</td>\n'
    '        <td>{{ g.begindatum|datum }}</td><td>{% status g peildatum %}</td></tr>{% endwith %}'
)
LADEN = "{% load rio i18n %}"
# The loops of templates/registratie/organisatie.html as they were, around the rows above: an include per aanbieder
# (``with a=r.aanbieder``), and the locatie rows with their whitespace.
OUDE_AANBIEDERS = (LADEN + "{% for r in regels %}{% with a=r.aanbieder %}" + OUDE_AANBIEDER.removeprefix(LADEN)
                   + "{% endwith %}{% endfor %}")
OUDE_GEBRUIKEN = LADEN + "{% for r in regels %}\n      " + OUDE_GEBRUIK.removeprefix(LADEN) + "\n    {% endfor %}"
NIEUWE_AANBIEDERS = "{% load boom %}{% boom_aanbieders regels %}"
NIEUWE_GEBRUIKEN = "{% load boom %}{% boom_gebruiken regels %}"


def _beide(oud: str, nieuw: str, context: dict) -> tuple[str, str]:
    return Template(oud).render(Context(context)), Template(nieuw).render(Context(context))


@pytest.fixture
def boom(bestuur, vandaag):
    lastig = factories.aanbieder(bestuur, naam='<b>De "Brug"</b> & \'t Kompas')
    gebruik = factories.locatiegebruik(bestuur)
    eindigt = factories.bo_opleiding(lastig, locatie=gebruik.locatie)
    factories.bo_opleiding(lastig, begindatum=vandaag + timedelta(days=30))  # future, without a fixed locatie
    factories.aanbieder(bestuur, naam="Zonder aanbod", brin4="11AA")
    # An offer that ends later (its 'eindigt' badge), and pupils on the locatie's BRIN6.
    AangebodenOpleiding.objects.filter(pk=eindigt.pk).update(einddatum=vandaag + timedelta(days=60))
    Vestigingserkenning.objects.filter(pk=gebruik.vestigingsrelaties.get().vestiging_id).update(
        leerlingen="123", leerlingen_jaar=2025)
    return organisatie_boom(bestuur, vandaag)


@pytest.mark.parametrize("taal", ["nl", "en"])
@pytest.mark.parametrize("boom_open", [True, False])
def test_aanbieder_regel_is_wat_het_sjabloon_schreef(boom, taal, boom_open, vandaag):
    regels = [r for groep in boom.regels_per_groep.values() for r in groep]
    assert len(regels) == 2 and any(not r.opleidingen for r in regels)
    geschreven = []
    for nummer, r in enumerate(regels):
        partners = {r.aanbieder.pk: ["100B002", "<x>"]} if nummer == 0 else {}  # a samenwerkingsschool, escaped
        if nummer == 1:
            r.aanbieder.penvoerder = boom.registratie.bestuur  # what the loader sets on a shared aanbieder
        # ``a``: what the include's ``with a=r.aanbieder`` gave the old template
        context = {"regels": [r], "peildatum": vandaag, "boom_open": boom_open,
                   "samenwerking_per_aanbieder": partners}
        with translation.override(taal):
            oud, nieuw = _beide(OUDE_AANBIEDERS, NIEUWE_AANBIEDERS, context)
        assert nieuw == oud
        geschreven.append(nieuw)
    alles = "".join(geschreven)
    # Every branch was taken: the cases above are not all the easy one.
    for stuk in ("&lt;b&gt;De &quot;Brug&quot;&lt;/b&gt; &amp; &#x27;t Kompas", "100B002, &lt;x&gt;",
                 f"{boom.registratie.bestuur.code}</span>", "text-bg-warning", "text-bg-info", "text-warning-emphasis",
                 "<details", '<span class="code">'):
        assert stuk in alles, stuk
    assert ("<details class=\"boom-opleidingen\" open>" in alles) is boom_open


@pytest.mark.parametrize("taal", ["nl", "en"])
def test_gebruik_regel_is_wat_het_sjabloon_schreef(boom, taal, vandaag):
    regels = boom.gebruikregels
    assert regels and any(r.brin6 for r in regels)
    assert any(v.leerlingen for r in regels for v in r.brin6)
    zonder = regels[0].__class__(regels[0].gebruik, [])  # a locatiegebruik without BRIN6: 'geen'
    for r in [*regels, zonder]:
        with translation.override(taal):
            oud, nieuw = _beide(OUDE_GEBRUIKEN, NIEUWE_GEBRUIKEN, {"regels": [r], "peildatum": vandaag})
        assert nieuw == oud


def test_boom_pagina_toont_de_regels(beheerder_client, bestuur, boom, vandaag):
    """The page itself, through the view: the rows are there, escaped, with the filter text the search box reads."""
    antwoord = beheerder_client.get(f"/organisatie/{bestuur.code}/")
    html = antwoord.content.decode()
    assert antwoord.status_code == 200
    assert html.count('<li class="boom-aanbieder"') == 2
    assert "&lt;b&gt;De &quot;Brug&quot;&lt;/b&gt;" in html and "<b>De" not in html
    assert f'?peildatum={vandaag.isoformat()}"' in html


@pytest.mark.parametrize("taal", ["nl", "en"])
def test_lijsten_in_een_keer_zijn_wat_de_regels_apart_schreven(boom, taal, vandaag):
    """``boom_aanbieders`` and ``boom_gebruiken`` write a whole list in one call (what every row shares is made once):
    the same text as the old templates' loops over all rows at once. Also for an empty list, and a
    samenwerkingsschool with its partners."""
    regels = [r for groep in boom.regels_per_groep.values() for r in groep]
    partners = {regels[0].aanbieder.pk: ["100B002", "<x>"]}
    for boom_open in (True, False):
        context = {"regels": regels, "peildatum": vandaag, "boom_open": boom_open,
                   "samenwerking_per_aanbieder": partners, "gebruiken": boom.gebruikregels, "leeg": []}
        with translation.override(taal):
            aanbieders = _beide(OUDE_AANBIEDERS, NIEUWE_AANBIEDERS, context)
            gebruiken = _beide(OUDE_GEBRUIKEN, NIEUWE_GEBRUIKEN, {**context, "regels": boom.gebruikregels})
            leeg = _beide(OUDE_AANBIEDERS, NIEUWE_AANBIEDERS, {**context, "regels": []})
        los, samen = ("|".join(delen) for delen in zip(aanbieders, gebruiken, leeg, strict=True))
        assert samen == los and "100B002, &lt;x&gt;" in samen and samen.count("<tr>") == len(boom.gebruikregels)
