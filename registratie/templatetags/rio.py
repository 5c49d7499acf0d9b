"""Template helpers for RIO display conventions."""

from datetime import date
from functools import cache
from urllib.parse import urlencode

from django import template
from django.urls import reverse
from django.utils.html import format_html
from django.utils.safestring import SafeString
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from kern.volgende import met_volgende
from registratie.models import toon_postcode

register = template.Library()


@register.filter
def postcode(waarde: str) -> str:
    return toon_postcode(waarde or "")


@register.filter
def datum(waarde: date | str | None) -> str:
    """dd-mm-jjjj; also for the ISO text of an audit snapshot (the 'bekend op' view)."""
    if isinstance(waarde, str):
        try:
            waarde = date.fromisoformat(waarde)
        except ValueError:
            return waarde
    return waarde.strftime("%d-%m-%Y") if waarde else ""


@register.filter
def status_op(obj, peildatum: date) -> str:
    return obj.status_op(peildatum)


@register.filter
def naam_op(obj, peildatum: date) -> str:
    periode = obj.huidige_periode(peildatum)
    return getattr(periode, "naam", "") if periode else ""


@register.simple_tag
def status(obj, peildatum: date) -> str:
    """The object's state on peildatum as a badge. A simple tag, not an inclusion tag: the tree of a large board
    shows it some 1,500 times, and an inclusion tag renders a template with its own context for each."""
    stand = obj.status_op(peildatum)
    if stand == "toekomstig":
        return format_html('<span class="badge text-bg-info">{}</span>',
                           _("vanaf %(datum)s") % {"datum": datum(obj.begindatum)})
    if stand == "beëindigd":
        return format_html('<span class="badge text-bg-secondary">{}</span>',
                           _("beëindigd per %(datum)s") % {"datum": datum(obj.einddatum)})
    actief = _actief(get_language())
    if obj.einddatum:
        return actief + format_html(' <span class="badge text-bg-warning">{}</span>',
                                    _("eindigt %(datum)s") % {"datum": datum(obj.einddatum)})
    return actief


@cache
def _actief(taal: str | None) -> SafeString:
    """The 'actief' badge per language: most of the tree's 1,500 badges of a large board are this one."""
    return format_html('<span class="badge text-bg-success">{}</span>', _("actief"))


@register.simple_tag(takes_context=True)
def actie(context, naam: str, url: str, recht: str, stijl: str = "primary") -> str:
    """A button when the person has the role, otherwise a link that explains which role is missing.
    A simple tag, like ``status``: the check screen of a large board shows one per signal."""
    if context["mag"].get(recht, False):
        terug = context.get("terug_naar_controle")  # opened from a controle fix link: the form comes back there
        if terug and "volgende=" not in url:
            url = met_volgende(url, terug)
        return format_html('<a class="btn btn-sm btn-{}" href="{}">{}</a>', stijl, url, naam)
    bestuur = context.get("bestuur")
    waarom = reverse("autorisatie:waarom") + "?" + urlencode({"actie": recht, **({"bestuur": bestuur.code}
                                                                                  if bestuur else {})})
    return format_html('<a class="btn btn-sm btn-outline-secondary" href="{}" title="{}">{}</a>', waarom,
                       _("U heeft de rol hiervoor niet"), _("%(actie)s: waarom kan ik dit niet?") % {"actie": naam})


@register.filter
def get_item(mapping: dict, sleutel: str):
    return mapping.get(sleutel) if mapping else None


@register.filter
def soortnaam(obj) -> str:
    """The Dutch name of the object's kind (verbose_name), e.g. 'onderwijsaanbieder'."""
    return str(obj._meta.verbose_name)


@register.filter
def geldig_op(obj, peildatum: date) -> bool:
    return obj.is_geldig_op(peildatum)


@register.filter
def zonder_label(bericht: str, label: str) -> str:
    """'Doelgroep: kies er één' shown after the label 'Doelgroep' becomes 'kies er één' (no stutter)."""
    bericht, label = str(bericht), str(label)
    return bericht[len(label) + 2:] if bericht.startswith(f"{label}: ") else bericht
