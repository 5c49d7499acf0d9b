"""The tree page's long lists (Mijn organisatie) as HTML made in Python, one call per row.

Why: for a board of 500 schools the page is half a megabyte, and Django's template engine spent 70 % of a request
built without the screen cache on these rows (an include per aanbieder with its own context, a variable lookup per
value; ``{% if a.penvoerder %}`` alone ran ``dir()`` on every aanbieder that is no samenwerkingsschool):
bench/README.md, issue 19. The output is the same text the template wrote: every value escaped as ``{{ }}`` escapes it,
the same translations (the msgids of the former ``{% blocktranslate %}`` and ``{% translate %}``), the same
whitespace; tests/organisatie/test_boom_html.py holds it equal to the template it replaces.
"""

import html
from datetime import date
from typing import Any

from django import template
from django.utils.functional import Promise
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext, ngettext

from registratie.templatetags.rio import datum, naam_op, status

register = template.Library()


def html_veilig(waarde: Any) -> str:
    """``conditional_escape`` without its lazy-text wrapper (called some 16 times per row): safe text as it is,
    anything else through the same ``html.escape`` Django's ``escape`` uses."""
    if isinstance(waarde, Promise):
        waarde = str(waarde)
    if hasattr(waarde, "__html__"):
        return str(waarde.__html__())
    return html.escape(str(waarde))


_e = html_veilig


@register.simple_tag(takes_context=True)
def boom_aanbieder(context: template.Context, r: Any) -> SafeString:
    """One aanbieder of the tree: ``r`` is an AanbiederInBoom (the aanbieder, its BRIN4s, its offers)."""
    partners = context.get("samenwerking_per_aanbieder") or {}
    return aanbieder_html(r, context["peildatum"], partners.get(r.aanbieder.pk), bool(context.get("boom_open")))


def aanbieder_html(r: Any, peildatum: date, partners: list[str] | None, boom_open: bool) -> SafeString:
    a = r.aanbieder
    naam, code, dag = _e(naam_op(a, peildatum)), _e(a.code), _e(peildatum.isoformat())
    brin4 = [_e(i.code) for i in r.brin4]
    delen = [f'<li class="boom-aanbieder" data-filter-tekst="{naam} {code}{"".join(" " + c for c in brin4)}">'
             f'<a class="knoop knoop-aanbieder" href="{_e(a.get_absolute_url())}?peildatum={dag}">{naam} '
             f'<span class="code">{code}</span></a>\n  ',
             "".join(f'<span class="badge text-bg-light border">BRIN {c}</span>' for c in brin4),
             " ", status(a, peildatum)]
    if partners:
        besturen = ", ".join(_e(p) for p in partners)  # as the join filter escapes each
        tekst = gettext("samenwerkingsschool met %(besturen)s") % {"besturen": besturen}
        delen.append(f' <span class="badge text-bg-info">{tekst}</span>')
    penvoerder = getattr(a, "penvoerder", None)
    if penvoerder:
        tekst = gettext("samenwerkingsschool van %(bestuur)s") % {"bestuur": _e(penvoerder.code)}
        delen.append(f' <span class="badge text-bg-info">{tekst}</span>')
    delen.append("\n  ")
    opleidingen = r.opleidingen
    if opleidingen:
        # Message ids outside the f-strings, where makemessages finds them (those of the former blocktranslate).
        aantal = ngettext("%(n)s aangeboden opleiding", "%(n)s aangeboden opleidingen", len(opleidingen)) % {
            "n": len(opleidingen)}
        van = gettext("van %(code)s") % {"code": code}
        delen.append(f'<details class="boom-opleidingen"{" open" if boom_open else ""}><summary>{aantal}'
                     f'<span class="visually-hidden"> {van}</span></summary>')
    delen.append("\n  <ul>")
    if opleidingen:
        delen += [_opleiding_html(ao, peildatum) for ao in opleidingen]
        delen.append("</ul></details>\n</li>\n")
    else:
        geen = _e(gettext("nog geen aangeboden opleiding"))
        delen.append(f'<li class="text-warning-emphasis small">{geen}</li></ul>\n</li>\n')
    return mark_safe("".join(delen))  # noqa: S308 - every value above is escaped, the rest is fixed markup


def _opleiding_html(ao: Any, peildatum: date) -> str:
    naam = naam_op(ao, peildatum) or ao.opleiding.naam
    locatie = ao.locatie
    if locatie:
        woord = _e(gettext("locatie"))
        waar = f' · {woord} <span class="code">{_e(locatie.code)}</span> {_e(locatie.adres)}'
    else:
        waar = " · " + _e(gettext("geen vaste locatie"))
    return (f'<li><a class="knoop knoop-opleiding" href="{_e(ao.get_absolute_url())}">{_e(naam)}</a> '
            f'<span class="small text-muted">{_e(ao.opleiding.sector)}{waar}</span> {status(ao, peildatum)}</li>')


@register.simple_tag(takes_context=True)
def boom_gebruik(context: template.Context, r: Any) -> SafeString:
    """One row of the board's locatiegebruiken: ``r`` holds the gebruik and its BRIN6s."""
    g, peildatum = r.gebruik, context["peildatum"]
    vestigingen = ", ".join(
        f'<span class="code">{_e(v.code)}</span>'
        + (f' <span class="text-muted small leerlingen">({_e(v.leerlingen_tekst)})</span>' if v.leerlingen else "")
        for v in r.brin6)
    if not vestigingen:
        vestigingen = '<span class="text-danger">' + _e(gettext("geen")) + "</span>"
    return mark_safe(  # noqa: S308 - every value is escaped, the rest is fixed markup
        f'<tr><td><a href="{_e(g.get_absolute_url())}" class="code">{_e(g.locatie.code)}</a></td>'
        f"<td>{_e(g.locatie.adres)}</td>\n        <td>{vestigingen}</td>\n"
        f"        <td>{_e(datum(g.begindatum))}</td><td>{status(g, peildatum)}</td></tr>")
