"""Template context shared by every page."""

from django.conf import settings
from django.http import HttpRequest

from autorisatie.toegang import heeft_raadpleegrol
from kern.tijd import vandaag


def portaal(request: HttpRequest) -> dict[str, object]:
    return {"PORTAAL_NAAM": settings.PORTAAL_NAAM, "WACHTWOORD_LOGIN": settings.PORTAAL_WACHTWOORD_LOGIN,
            "vandaag": vandaag(),
            "heeft_raadpleegrol": heeft_raadpleegrol(getattr(request, "user", None))}
