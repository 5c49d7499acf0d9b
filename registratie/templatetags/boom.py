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

from kern.urls import linker
from registratie.models import AangebodenOpleiding, Onderwijsaanbieder, Onderwijslocatiegebruik
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


class _Regelteksten:
    """What every row of one list shares, made once per list instead of once per row: the peildatum's text, the
    translations (a message with a placeholder is translated once and filled in per row, as gettext gives the same
    text for the same msgid) and the links' patterns (kern.urls.linker). Within one request, in its language."""

    def __init__(self, peildatum: date, boom_open: bool = False) -> None:
        self.peildatum = peildatum
        self.dag = _e(peildatum.isoformat())
        self.boom_open = boom_open
        self.aanbieder_url = linker(Onderwijsaanbieder.URL_NAAM)
        self.opleiding_url = linker(AangebodenOpleiding.URL_NAAM)
        self.gebruik_url = linker(Onderwijslocatiegebruik.URL_NAAM)
        self.locatie = _e(gettext("locatie"))
        self.geen_vaste_locatie = " · " + _e(gettext("geen vaste locatie"))
        self.nog_geen_opleiding = _e(gettext("nog geen aangeboden opleiding"))
        self.geen = _e(gettext("geen"))
        self.van = gettext("van %(code)s")
        self.samenwerking_met = gettext("samenwerkingsschool met %(besturen)s")
        self.samenwerking_van = gettext("samenwerkingsschool van %(bestuur)s")
        self._aantallen: dict[int, str] = {}

    def aantal_opleidingen(self, n: int) -> str:
        tekst = self._aantallen.get(n)
        if tekst is None:
            tekst = self._aantallen[n] = ngettext("%(n)s aangeboden opleiding", "%(n)s aangeboden opleidingen",
                                                  n) % {"n": n}
        return tekst


@register.simple_tag(takes_context=True)
def boom_aanbieders(context: template.Context, regels: list[Any] | None) -> SafeString:
    """Every aanbieder of a list (each an AanbiederInBoom: the aanbieder, its BRIN4s, its offers), as the template's
    loop with an include per aanbieder wrote them (the 500-school tree has 500 in one list)."""
    teksten = _Regelteksten(context["peildatum"], bool(context.get("boom_open")))
    partners = context.get("samenwerking_per_aanbieder") or {}
    return mark_safe("".join(  # noqa: S308 - aanbieder_html escapes every value
        aanbieder_html(r, teksten, partners.get(r.aanbieder.pk)) for r in regels or ()))


def aanbieder_html(r: Any, teksten: _Regelteksten, partners: list[str] | None) -> str:
    a = r.aanbieder
    peildatum = teksten.peildatum
    naam, code, dag = _e(naam_op(a, peildatum)), _e(a.code), teksten.dag
    brin4 = [_e(i.code) for i in r.brin4]
    delen = [f'<li class="boom-aanbieder" data-filter-tekst="{naam} {code}{"".join(" " + c for c in brin4)}">'
             f'<a class="knoop knoop-aanbieder" href="{_e(teksten.aanbieder_url(a.code))}?peildatum={dag}">{naam} '
             f'<span class="code">{code}</span></a>\n  ',
             "".join(f'<span class="badge text-bg-light border">BRIN {c}</span>' for c in brin4),
             " ", status(a, peildatum)]
    if partners:
        besturen = ", ".join(_e(p) for p in partners)  # as the join filter escapes each
        tekst = teksten.samenwerking_met % {"besturen": besturen}
        delen.append(f' <span class="badge text-bg-info">{tekst}</span>')
    penvoerder = getattr(a, "penvoerder", None)
    if penvoerder:
        tekst = teksten.samenwerking_van % {"bestuur": _e(penvoerder.code)}
        delen.append(f' <span class="badge text-bg-info">{tekst}</span>')
    delen.append("\n  ")
    opleidingen = r.opleidingen
    if opleidingen:
        aantal = teksten.aantal_opleidingen(len(opleidingen))
        van = teksten.van % {"code": code}
        delen.append(f'<details class="boom-opleidingen"{" open" if teksten.boom_open else ""}><summary>{aantal}'
                     f'<span class="visually-hidden"> {van}</span></summary>')
    delen.append("\n  <ul>")
    if opleidingen:
        delen += [_opleiding_html(ao, teksten) for ao in opleidingen]
        delen.append("</ul></details>\n</li>\n")
    else:
        delen.append(f'<li class="text-warning-emphasis small">{teksten.nog_geen_opleiding}</li></ul>\n</li>\n')
    return "".join(delen)


def _opleiding_html(ao: Any, teksten: _Regelteksten) -> str:
    naam = naam_op(ao, teksten.peildatum) or ao.opleiding.naam
    locatie = ao.locatie
    if locatie:
        waar = f' · {teksten.locatie} <span class="code">{_e(locatie.code)}</span> {_e(locatie.adres)}'
    else:
        waar = teksten.geen_vaste_locatie
    return (f'<li><a class="knoop knoop-opleiding" href="{_e(teksten.opleiding_url(ao.code))}">{_e(naam)}</a> '
            f'<span class="small text-muted">{_e(ao.opleiding.sector)}{waar}</span> '
            f'{status(ao, teksten.peildatum)}</li>')


@register.simple_tag(takes_context=True)
def boom_gebruiken(context: template.Context, regels: list[Any]) -> SafeString:
    """Every row of the locaties table (each a GebruikInBoom: the gebruik and its BRIN6s), as the template's loop
    wrote them."""
    teksten = _Regelteksten(context["peildatum"])
    return mark_safe("".join(  # noqa: S308 - _gebruik_html escapes every value
        f"\n      {_gebruik_html(r, teksten)}\n    " for r in regels))


def _gebruik_html(r: Any, teksten: _Regelteksten) -> str:
    g = r.gebruik
    vestigingen = ", ".join(
        f'<span class="code">{_e(v.code)}</span>'
        + (f' <span class="text-muted small leerlingen">({_e(v.leerlingen_tekst)})</span>' if v.leerlingen else "")
        for v in r.brin6)
    if not vestigingen:
        vestigingen = f'<span class="text-danger">{teksten.geen}</span>'
    return (f'<tr><td><a href="{_e(teksten.gebruik_url(g.code))}" class="code">{_e(g.locatie.code)}</a></td>'
            f"<td>{_e(g.locatie.adres)}</td>\n        <td>{vestigingen}</td>\n"
            f"        <td>{_e(datum(g.begindatum))}</td><td>{status(g, teksten.peildatum)}</td></tr>")
