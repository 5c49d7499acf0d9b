from django.contrib import admin
from django.urls import include, path

from . import views

urlpatterns = [
    path("", views.home, name="home"),
    path("gezondheid/", views.gezondheid, name="gezondheid"),
    path("inloggen/", views.InlogView.as_view(), name="login"),
    # One logout for both ways in: after an OIDC login it also ends the provider's session.
    path("uitloggen/", views.UitlogView.as_view(), name="logout"),
    path("oidc/", include("mozilla_django_oidc.urls")),
    path("", include("registratie.urls")),
    path("toegang/", include("autorisatie.urls")),
    path("controle/", include("controle.urls")),
    path("beheer/", admin.site.urls),
]

handler403 = "rio_portal.views.geen_toegang"
