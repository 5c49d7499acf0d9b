"""The controle screen's long lists made in Python (controle/templatetags/controlescherm.py, issue 19) write exactly
what the templates they replaced wrote.

The replaced template text is kept here verbatim as the reference; both are rendered from the same registration, in
Dutch and in English. The data take every branch: a school's own contact, contacts inherited from the board (the
'geërfd' badge), the Handelsregister with a bezoekadres, no contact at all, names with markup, signals with a fix
button the person may use and with the 'waarom niet' link for one they may not.
"""

import pytest
from django.template import Context, Template
from django.utils import translation

from controle import gegevens, services
from controle.views import signalen_per_regel
from registratie.services import contact as contact_services
from tests.helpers import factories
from tests.helpers.controle import vul_schoon
from tests.helpers.handelsregister import met_kvk_nummer, snapshot

pytestmark = pytest.mark.django_db

# templates/controle/_effectief_tabel.html as it was until this change.
OUDE_TABEL = (
    "{% load rio i18n taal %}{% comment %}One table of effective contact details.{% endcomment %}\n"
    '<table class="table table-sm {{ tabelklasse }}">\n'
    '  <caption class="visually-hidden">{{ bijschrift }}</caption>\n'
    '  <thead><tr><th scope="col">{{ eenheidkop }}</th><th scope="col">{% translate "Context" %}</th>'
    '<th scope="col">{% translate "Wie leest dit" %}</th><th scope="col">{% translate "E-mail" %}</th>'
    '<th scope="col">{% translate "Telefoon" %}</th><th scope="col">{% translate "Website" %}</th>'
    '<th scope="col">{% translate "Herkomst" %}</th></tr></thead>\n'
    "  {% regroup rijen by aanbieder as per_aanbieder %}\n"
    "  {% for groep in per_aanbieder %}\n"
    "  <tbody>\n"
    "  {% for r in groep.list %}\n"
    '    <tr>{% if forloop.first %}<th scope="rowgroup" rowspan="{{ groep.list|length }}"><a href="'
    '{{ groep.grouper.get_absolute_url }}" class="code">{{ groep.grouper.code }}</a><br><span class="fw-normal">'
    "{{ groep.list.0.aanbieder_naam }}</span></th>{% endif %}\n"
    '      <th scope="row" class="fw-normal">{{ r.context.label|nl }}</th>\n'
    '      <td>{% if r.context.openbaarheid == "openbaar" %}<span class="badge text-bg-light border">'
    '{% translate "openbaar" %}</span>{% else %}<span class="badge text-bg-dark">{% translate "besloten" %}</span>'
    '{% endif %} <span class="small">{{ r.context.lezers|nl }}</span></td>\n'
    "      {% with c=r.contact %}{% if c %}<td>{{ c.email }}</td><td>{{ c.telefoonnummer }}</td>"
    "<td>{{ c.website }}</td>\n"
    '      <td class="small"><a href="{{ c.get_absolute_url }}">{{ r.effectief.herkomst|nl }}</a>{% if r.is_geerfd %} '
    '<span class="badge text-bg-info">{% translate "geërfd" %}</span>{% endif %}</td>\n'
    "      {% elif r.effectief.handelsregister %}{% with h=r.effectief.handelsregister %}<td></td>"
    "<td>{{ h.telefoonnummer }}</td><td>{{ h.website }}</td>\n"
    '      <td class="small"><span class="text-warning-emphasis">{{ r.effectief.herkomst|nl }}</span>'
    '{% if h.bezoekadres %}<br>{% translate "Bezoekadres" %}: {{ h.bezoekadres }}{% endif %}</td>{% endwith %}\n'
    '      {% else %}<td></td><td></td><td></td><td class="small"><span class="text-warning-emphasis">'
    "{{ r.effectief.herkomst|nl }}</span></td>{% endif %}{% endwith %}</tr>\n"
    "  {% endfor %}\n"
    "  </tbody>\n"
    "  {% endfor %}\n"
    "</table>\n"
)
NIEUWE_TABEL = "{% load controlescherm %}{% effectief_tabel rijen tabelklasse bijschrift eenheidkop %}"

# One signal of the list per rule in templates/controle/controle.html as it was (inside {% for r in regels %}).
OUD_SIGNAAL = (
    "{% load rio i18n taal %}{% with s=r.signaal %}\n"
    '      <li class="signaal d-flex flex-wrap align-items-start gap-2 py-1 border-bottom" '
    'data-regel="{{ s.regel }}">\n'
    '        <span class="flex-grow-1"><a href="{{ s.object.url }}">{{ s.object.soort|vertaal }}'
    '{% if s.object.toon_code %} <span class="code">{{ s.object.code }}</span>{% endif %}</a>{% if s.object.naam %} '
    "{{ s.object.naam }}{% endif %}: {{ s.bericht }}</span>\n"
    '        {% if s.herstel %}{% actie s.herstel.label r.herstel_url s.herstel.recht "outline-primary" %}{% endif %}\n'
    "      </li>\n"
    "    {% endwith %}"
)
NIEUW_SIGNAAL = "{% load controlescherm %}\n      {% signaal_regel r %}\n    "


def _render(tekst: str, context: dict) -> str:
    return Template(tekst).render(Context(context))


@pytest.fixture
def besturen(bestuur, ander_bestuur, vandaag):
    """A clean board with an own contact of one school (a name with markup) and the rest inherited; a board with
    only its Handelsregister; a board with defects and nothing at all."""
    scholen = vul_schoon(bestuur, vandaag)
    eigen = scholen[0]
    contact_services.registreer_contact(eigen, door="test", context="TOEZICHT", begindatum=vandaag,
                                        email="leiding@school.example", telefoonnummer="010 765 4321",
                                        website="https://school.example/?a=1&b=2")
    factories.aanbieder(bestuur, naam='<i>Het "Anker"</i> & co')  # a second school on the first BRIN4
    snapshot(met_kvk_nummer(ander_bestuur, "12345678"))
    factories.aanbieder(ander_bestuur, naam="Zonder aanbod")  # signals: no offer, no locatie, no mandate
    derde = factories.bestuur_met_erkenningen("30003", brin4s=("33CC",))
    factories.aanbieder(derde, naam="Niets")
    return [bestuur, ander_bestuur, derde]


@pytest.mark.parametrize("taal", ["nl", "en"])
def test_tabel_en_signalen_zijn_wat_het_sjabloon_schreef(besturen, taal, vandaag):
    geschreven = []
    for bestuur in besturen:
        g = gegevens.laad_bestuur(gegevens.besturen_qs().get(pk=bestuur.pk), vandaag)
        with translation.override(taal):
            rijen = list(services.effectieve_contacten(g))
            tabel = {"rijen": rijen, "tabelklasse": "effectief", "bijschrift": "Bijschrift <&>",
                     "eenheidkop": "Aanbieder"}
            oud, nieuw = _render(OUDE_TABEL, tabel), _render(NIEUWE_TABEL, tabel)
            assert nieuw == oud
            geschreven.append(nieuw)
            resultaat = services.controleer(g)
            for u, regels in signalen_per_regel(resultaat, f"/controle/{bestuur.code}/"):
                for r in regels:
                    # Both kinds of fix: a button for a right the person has, the 'waarom niet' link for one not.
                    mag = {r.signaal.herstel.recht: len(geschreven) % 2 == 0} if r.signaal.herstel else {}
                    context = {"r": r, "mag": mag, "bestuur": bestuur, "peildatum": vandaag}
                    oud, nieuw = _render(OUD_SIGNAAL, context), _render(NIEUW_SIGNAAL, context)
                    assert nieuw == oud, u.regel.code
                    geschreven.append(nieuw)
    alles = "".join(geschreven)
    for stuk in ("leiding@school.example", "https://school.example/?a=1&amp;b=2", "text-bg-info",  # own, inherited
                 "<br>", "text-warning-emphasis", "Bijschrift &lt;&amp;&gt;",  # Handelsregister, none, escaped
                 "&lt;i&gt;Het &quot;Anker&quot;&lt;/i&gt; &amp; co", 'class="signaal ', "btn-outline-primary",
                 "btn-outline-secondary"):
        assert stuk in alles, stuk


def test_controlescherm_toont_de_tabel_en_signalen(beheerder_client, besturen, bestuur):
    html = beheerder_client.get(f"/controle/{bestuur.code}/").content.decode()
    assert '<table class="table table-sm effectief">' in html and 'scope="rowgroup"' in html
    assert "&lt;i&gt;Het &quot;Anker&quot;" in html and "<i>Het" not in html
