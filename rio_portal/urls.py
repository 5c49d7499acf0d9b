from django.contrib import admin
from django.urls import include, path
from django.views.generic import RedirectView, TemplateView

from rio_portal import security_txt, views

urlpatterns = [
    path("", views.home, name="home"),
    path("gezondheid/", views.gezondheid, name="gezondheid"),
    path("favicon.ico", views.favicon, name="favicon"),  # browsers ask for it without reading base.html's <link>
    # RFC 9116: where to report a vulnerability (public, no login)
    path(".well-known/security.txt", security_txt.security_txt, name="security_txt"),
    path("toegankelijkheid/", TemplateView.as_view(template_name="toegankelijkheid.html"), name="toegankelijkheid"),
    path("inloggen/", views.InlogView.as_view(), name="login"),
    # One logout for both ways in: after an OIDC login it also ends the provider's session.
    path("uitloggen/", views.UitlogView.as_view(), name="logout"),
    path("oidc/", include("mozilla_django_oidc.urls")),
    path("i18n/", include("django.conf.urls.i18n")),  # set_language: the language switch in base.html
    path("", include("organisatie.urls")),
    path("", include("openbaar.urls")),  # public Zoeken en vinden, open data (no login)
    path("", include("modelleertool.urls")),  # modelleertool: blauwdruk, concept, picture
    path("api/", include("uitwisseling.urls")),  # read API for supplier systems (API key, OSR mandate)
    path("toegang/", include("autorisatie.urls")),
    path("controle/", include("controle.urls")),
    path("mijn-e-mailberichten/", include("berichten.urls")),  # mail settings; the unsubscribe link from a mail
    # The admin's own password form would bypass OIDC: its login goes to the portal's login page (with next).
    path("beheer/login/", RedirectView.as_view(pattern_name="login", query_string=True), name="beheer_login"),
    path("beheer/", admin.site.urls),
]

handler403 = "rio_portal.views.geen_toegang"
