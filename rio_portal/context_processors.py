"""Template context shared by every page."""

from django.conf import settings
from django.http import HttpRequest
from django.utils.functional import SimpleLazyObject
from django.utils.translation import get_language

from autorisatie.toegang import heeft_raadpleegrol, menu
from kern.tijd import vandaag

# Pages whose own text is not yet translated (issue 16 §7): on a page in another language their <main> says it is
# Dutch (WCAG 3.1.2), so a screen reader reads it as Dutch. Take a page off once its template is translated.
NOG_NEDERLANDS = frozenset({
    "registratie:organisatie", "registratie:bestuur_wijzigen", "registratie:groep_toevoegen", "controle:bestuur",
    "blauwdruk:voorbeeld", "blauwdruk:modelleren", "autorisatie:mandaten", "autorisatie:mandaat_nieuw",
    "autorisatie:mandaat_beeindigen", "autorisatie:mandaat_kopieren", "autorisatie:systeem_sleutels",
    "autorisatie:sleutel_intrekken", "uitwisseling:api_v1_index",
})


def inhoud_taal(request: HttpRequest) -> str | None:
    """'nl' for a page of NOG_NEDERLANDS shown in another language; None where the page's language holds."""
    match = getattr(request, "resolver_match", None)
    if match is None or (get_language() or "nl").startswith("nl"):
        return None
    return "nl" if match.view_name in NOG_NEDERLANDS else None


def portaal(request: HttpRequest) -> dict[str, object]:
    gebruiker = getattr(request, "user", None)
    return {"PORTAAL_NAAM": settings.PORTAAL_NAAM, "WACHTWOORD_LOGIN": settings.PORTAAL_WACHTWOORD_LOGIN,
            "inhoud_taal": inhoud_taal(request),
            "vandaag": vandaag(),
            "heeft_raadpleegrol": heeft_raadpleegrol(gebruiker),
            # Asked only when a page draws the menu (not for downloads or JSON).
            "menu": SimpleLazyObject(lambda: menu(gebruiker))}
