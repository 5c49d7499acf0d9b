"""Template context shared by every page."""

from django.conf import settings
from django.http import HttpRequest


def portaal(request: HttpRequest) -> dict[str, object]:
    from autorisatie.toegang import raadpleegrollen
    from registratie.services.tijd import vandaag

    ingelogd = request.user.is_authenticated if hasattr(request, "user") else False
    return {"PORTAAL_NAAM": settings.PORTAAL_NAAM, "WACHTWOORD_LOGIN": settings.PORTAAL_WACHTWOORD_LOGIN,
            "vandaag": vandaag(),
            "heeft_raadpleegrol": ingelogd and raadpleegrollen(request.user).exists()}
