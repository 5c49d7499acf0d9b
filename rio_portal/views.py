"""Project-level pages: home, health check, login page, logout."""

from django.conf import settings
from django.contrib.auth import views as auth_views
from django.core.management.base import CommandError
from django.db import connection
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.templatetags.static import static
from mozilla_django_oidc.views import OIDCLogoutView

from autorisatie import toegang
from autorisatie.views import zelf_toekennen_url
from registratie.services import samenwerking
from rio_portal.stappenplan import stappenplannen

HOME_MAX_BESTUREN = 20  # the home table shows at most this many boards; the rest via Mijn organisatie


def home(request: HttpRequest) -> HttpResponse:
    """Anonymous: the landing page. Logged in: the stappenplan (rio-po.md §7) of the person's board, or a compact
    table for several boards; a chain partner without a board goes to Raadplegen."""
    if not request.user.is_authenticated:
        return render(request, "home.html")
    zichtbaar = toegang.besturen(request.user)
    aantal = zichtbaar.count()
    if not aantal and toegang.raadpleegrollen(request.user).exists():
        return redirect("registratie:raadplegen")  # chain partners (gemeente, inspectie) read, not register
    besturen = list(zichtbaar.order_by("code")[:HOME_MAX_BESTUREN])
    # School leaders (Blauwdruk inzien) see no register, only the blauwdruk of their board: link them there.
    alleen_blauwdruk = [] if aantal else list(toegang.besturen(request.user, toegang.Actie.LEZEN_BLAUWDRUK)
                                              .select_related("bevoegd_gezag").order_by("code")[:HOME_MAX_BESTUREN])
    return render(request, "home.html", {"stappenplannen": stappenplannen(besturen, persoon=request.user),
                                         # Samenwerkingsschool (docs/adr/0011): invitations waiting for an answer.
                                         "ontvangen_uitnodigingen": samenwerking.ontvangen(besturen),
                                         "aantal_besturen": aantal,
                                         "alleen_blauwdruk": alleen_blauwdruk})


def favicon(request: HttpRequest) -> HttpResponse:
    """/favicon.ico: the static icon (static/img/favicon.ico, with its hashed name in production)."""
    return redirect(static("img/favicon.ico"), permanent=True)


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
    """The login page: the OIDC button (the way in), the local provider's demo people when DEBUG or
    PORTAAL_DEMO_PROVIDER is on, and the demo password login only where PORTAAL_WACHTWOORD_LOGIN is on.
    A refused OIDC login comes back here with its reason as a message (autorisatie.oidc.RioCallbackView)."""

    template_name = "registration/login.html"

    def dispatch(self, request, *args, **kwargs):
        if not settings.PORTAAL_WACHTWOORD_LOGIN and request.method == "POST":
            raise Http404("Inloggen met wachtwoord staat uit.")
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["demo_personen"] = self._demo_personen()
        context["demo_provider_url"] = settings.OIDC_OP_ISSUER
        return context

    @staticmethod
    def _demo_personen() -> list:
        if not (settings.DEBUG or settings.PORTAAL_DEMO_PROVIDER):
            return []
        from autorisatie.demo_provider import demo_personen  # werkzeug: a development dependency only

        try:
            return demo_personen()
        except CommandError:  # no demo data yet: the page still works, without the table
            return []


class UitlogView(OIDCLogoutView):
    """The one logout button (POST): ends the portal session and, after an OIDC login, the provider's session
    too (autorisatie.oidc.provider_uitlog_url); after a demo password login only the portal session."""


def geen_toegang(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    """403 page that names the missing role (the exception carries a toegang.Weigering); a Beheerder PO who may
    grant that role is offered to give it to himself."""
    weigering = getattr(exception, "weigering", None)
    zelf = (zelf_toekennen_url(request.user, weigering.bestuur, weigering.ontbrekende_rol)
            if weigering is not None and request.user.is_authenticated else None)
    return render(request, "403.html", {"exception": exception, "zelf_toekennen": zelf}, status=403)
