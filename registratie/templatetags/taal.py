"""Language helpers for templates (issue 16 §7).

``{{ rol.label|nl }}``: a Dutch domain term (a role name, a DUO term) kept in Dutch on an English page is marked
``<span lang="nl">`` so a screen reader pronounces it as Dutch (WCAG 3.1.2); on a Dutch page it stays plain text.
"""

from django import template
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import SafeString
from django.utils.translation import get_language

register = template.Library()


@register.filter
def nl(waarde: object) -> str | SafeString:
    if waarde in (None, ""):
        return ""
    if (get_language() or "nl").startswith("nl"):
        return conditional_escape(waarde)
    return format_html('<span lang="nl">{}</span>', waarde)
