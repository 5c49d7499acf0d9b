"""Template context shared by every page."""

from django.conf import settings
from django.http import HttpRequest
from django.utils.functional import SimpleLazyObject

from autorisatie.toegang import heeft_raadpleegrol, menu
from kern.tijd import vandaag


def portaal(request: HttpRequest) -> dict[str, object]:
    gebruiker = getattr(request, "user", None)
    return {"PORTAAL_NAAM": settings.PORTAAL_NAAM, "WACHTWOORD_LOGIN": settings.PORTAAL_WACHTWOORD_LOGIN,
            "vandaag": vandaag(),
            "heeft_raadpleegrol": heeft_raadpleegrol(gebruiker),
            # Asked only when a page draws the menu (not for downloads or JSON).
            "menu": SimpleLazyObject(lambda: menu(gebruiker))}
