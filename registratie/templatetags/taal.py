"""Language helpers for templates (issue 16 §7).

``{{ rol.label|nl }}``: a Dutch domain term (a role name, a DUO term) kept in Dutch on an English page is marked
``<span lang="nl">`` so a screen reader pronounces it as Dutch (WCAG 3.1.2); on a Dutch page it stays plain text.
"""

from django import template
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import SafeString
from django.utils.translation import get_language, gettext, gettext_noop

register = template.Library()


@register.filter
def nl(waarde: object) -> str | SafeString:
    if waarde in (None, ""):
        return ""
    if (get_language() or "nl").startswith("nl"):
        return conditional_escape(waarde)
    return format_html('<span lang="nl">{}</span>', waarde)


@register.filter
def vertaal(waarde: object) -> str:
    """A Dutch text stored in data (a status, a kind, a column's explanation; marked with gettext_noop where it is
    defined) in the language of the request. Empty stays empty: gettext("") would give the catalogue's header."""
    return gettext(str(waarde)) if waarde not in (None, "") else ""


# The states of registratie's status_op and a context's openbaarheid, shown through |vertaal (the source is Dutch).
STATUSSEN = (gettext_noop("actief"), gettext_noop("beëindigd"), gettext_noop("toekomstig"),
             gettext_noop("niet in gebruik"), gettext_noop("openbaar"), gettext_noop("besloten"))
