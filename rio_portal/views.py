"""Project-level pages: home, health check, demo login/logout."""

from django.conf import settings
from django.contrib.auth import views as auth_views
from django.db import connection
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render

from autorisatie import toegang


def home(request: HttpRequest) -> HttpResponse:
    """Anonymous: the landing page. Logged in: straight to the board, or a choice when there are several."""
    if not request.user.is_authenticated:
        return render(request, "home.html")
    besturen = list(toegang.besturen(request.user).prefetch_related("perioden")[:2])
    if len(besturen) == 1:
        return redirect("registratie:organisatie", code=besturen[0].code)
    return redirect("registratie:kies_bestuur")


def gezondheid(request: HttpRequest) -> JsonResponse:
    """Health endpoint for load balancers: checks that the database answers."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception:  # any database failure means unhealthy
        return JsonResponse({"status": "fout", "database": "onbereikbaar"}, status=503)
    return JsonResponse({"status": "ok", "database": "ok"})


class InlogView(auth_views.LoginView):
    """Demo password login; off in production (PORTAAL_WACHTWOORD_LOGIN), where OIDC is the only way in."""

    template_name = "registration/login.html"

    def dispatch(self, request, *args, **kwargs):
        if not settings.PORTAAL_WACHTWOORD_LOGIN and request.method == "POST":
            raise Http404("Inloggen met wachtwoord staat uit.")
        return super().dispatch(request, *args, **kwargs)


class UitlogView(auth_views.LogoutView):
    pass


def geen_toegang(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    """403 page that names the missing role (the exception carries a toegang.Weigering)."""
    return render(request, "403.html", {"exception": exception}, status=403)
