"""Template context shared by every page."""

from django.conf import settings
from django.http import HttpRequest
from django.urls import Resolver404, resolve
from django.utils.functional import SimpleLazyObject

from autorisatie.toegang import heeft_raadpleegrol, menu
from kern.tijd import vandaag
from kern.volgende import PARAMETER, veilig_pad


def terug_naar_controle(request: HttpRequest) -> str | None:
    """A page opened from a fix link of the controle screen (``?volgende=`` the screen, same-site only): the way
    back to it. A form already goes back when saved; an object page shows the link and passes it on to the forms
    it links to (the ``actie`` buttons)."""
    pad = veilig_pad(request.GET.get(PARAMETER)) if request.method in ("GET", "HEAD") else None
    if pad is None:
        return None
    try:
        naam = resolve(pad.split("?", 1)[0].split("#", 1)[0]).view_name
    except Resolver404:
        return None
    return pad if naam == "controle:bestuur" else None


def portaal(request: HttpRequest) -> dict[str, object]:
    gebruiker = getattr(request, "user", None)
    return {"PORTAAL_NAAM": settings.PORTAAL_NAAM, "WACHTWOORD_LOGIN": settings.PORTAAL_WACHTWOORD_LOGIN,
            "vandaag": vandaag(),
            "terug_naar_controle": terug_naar_controle(request),
            "heeft_raadpleegrol": heeft_raadpleegrol(gebruiker),
            # Asked only when a page draws the menu (not for downloads or JSON).
            "menu": SimpleLazyObject(lambda: menu(gebruiker))}
