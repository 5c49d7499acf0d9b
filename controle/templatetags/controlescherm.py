"""The controle screen's long lists (signals, effective contact details) as HTML made in Python, one call per row.

Why: as for the tree (registratie/templatetags/boom.py), the screen of a board of 500 schools has some 500 signals and
800 rows of effective contacts per page, and Django's template engine spent about 40 % of a request built without the
screen cache on them (a variable lookup per value, ``{% with %}`` and ``{% if %}`` per cell): bench/README.md, issue 19.
The output is the text the templates wrote: the same escaping, message ids and whitespace;
tests/controle/test_scherm_html.py holds it equal to the template text it replaces.
"""

from itertools import groupby
from typing import Any

from django import template
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext, gettext_noop

from registratie.templatetags.boom import html_veilig as _e
from registratie.templatetags.rio import actie
from registratie.templatetags.taal import nl, vertaal

register = template.Library()


@register.simple_tag(takes_context=True)
def signaal_regel(context: template.Context, r: Any) -> SafeString:
    """One signal of the list per rule: ``r`` is a Signaalregel (the signal and its fix link back to this screen)."""
    s = r.signaal
    o = s.object
    code = f' <span class="code">{_e(o.code)}</span>' if o.toon_code else ""
    naam = f" {_e(o.naam)}" if o.naam else ""
    herstel = actie(context, s.herstel.label, r.herstel_url, s.herstel.recht, "outline-primary") if s.herstel else ""
    return mark_safe(  # noqa: S308 - every value is escaped (actie by format_html), the rest is fixed markup
        f'<li class="signaal d-flex flex-wrap align-items-start gap-2 py-1 border-bottom" data-regel="{_e(s.regel)}">'
        f'\n        <span class="flex-grow-1"><a href="{_e(o.url)}">{_e(vertaal(o.soort))}{code}</a>{naam}: '
        f"{_e(s.bericht)}</span>\n        {herstel}\n      </li>")


@register.simple_tag
def effectief_tabel(rijen: list[Any], tabelklasse: str, bijschrift: str, eenheidkop: str) -> SafeString:
    """The table of effective contact details (rows of controle.services.EffectieveRij), one tbody per unit."""
    koppen = "".join(f'<th scope="col">{_e(gettext(k))}</th>' for k in _KOPPEN)
    delen = [f'\n<table class="table table-sm {_e(tabelklasse)}">\n  <caption class="visually-hidden">{_e(bijschrift)}'
             f'</caption>\n  <thead><tr><th scope="col">{_e(eenheidkop)}</th>{koppen}</tr></thead>\n  \n  ']
    for eenheid, groep in groupby(rijen, key=lambda r: r.aanbieder):  # as {% regroup rijen by aanbieder %}
        lijst = list(groep)
        delen.append("\n  <tbody>\n  ")
        for nummer, r in enumerate(lijst):
            kop = (f'<th scope="rowgroup" rowspan="{len(lijst)}"><a href="{_e(eenheid.get_absolute_url())}" '
                   f'class="code">{_e(eenheid.code)}</a><br><span class="fw-normal">{_e(lijst[0].aanbieder_naam)}'
                   "</span></th>") if nummer == 0 else ""
            delen.append(f"\n    <tr>{kop}\n      {_effectieve_cellen(r)}</tr>\n  ")
        delen.append("\n  </tbody>\n  ")
    delen.append("\n</table>\n")
    return mark_safe("".join(delen))  # noqa: S308 - every value is escaped, the rest is fixed markup


# The column heads after the unit's own (aanbieder or begeleidingsaanbieder, given), translated when shown.
_KOPPEN = (gettext_noop("Context"), gettext_noop("Wie leest dit"), gettext_noop("E-mail"), gettext_noop("Telefoon"),
           gettext_noop("Website"), gettext_noop("Herkomst"))


def _effectieve_cellen(r: Any) -> str:
    context = r.context
    # Message ids outside the f-strings, where makemessages finds them.
    if context.openbaarheid == "openbaar":
        soort = '<span class="badge text-bg-light border">' + _e(gettext("openbaar")) + "</span>"
    else:
        soort = '<span class="badge text-bg-dark">' + _e(gettext("besloten")) + "</span>"
    cellen = (f'<th scope="row" class="fw-normal">{_e(nl(context.label))}</th>\n      <td>{soort} '
              f'<span class="small">{_e(nl(context.lezers))}</span></td>\n      ')
    herkomst = _e(nl(r.effectief.herkomst))
    c = r.contact
    if c:
        geerfd = ' <span class="badge text-bg-info">' + _e(gettext("geërfd")) + "</span>" if r.is_geerfd else ""
        return (cellen + f"<td>{_e(c.email)}</td><td>{_e(c.telefoonnummer)}</td><td>{_e(c.website)}</td>\n"
                f'      <td class="small"><a href="{_e(c.get_absolute_url())}">{herkomst}</a>{geerfd}</td>\n      ')
    h = r.effectief.handelsregister
    if h:
        bezoek = "<br>" + _e(gettext("Bezoekadres")) + ": " + _e(h.bezoekadres) if h.bezoekadres else ""
        return (cellen + f"<td></td><td>{_e(h.telefoonnummer)}</td><td>{_e(h.website)}</td>\n"
                f'      <td class="small"><span class="text-warning-emphasis">{herkomst}</span>{bezoek}</td>\n      ')
    return cellen + ('<td></td><td></td><td></td><td class="small"><span class="text-warning-emphasis">'
                     f"{herkomst}</span></td>")
