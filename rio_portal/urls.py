from django.contrib import admin
from django.urls import include, path

from . import views

urlpatterns = [
    path("", views.home, name="home"),
    path("gezondheid/", views.gezondheid, name="gezondheid"),
    path("inloggen/", views.InlogView.as_view(), name="login"),
    path("uitloggen/", views.UitlogView.as_view(), name="logout"),
    path("", include("registratie.urls")),
    path("toegang/", include("autorisatie.urls")),
    path("beheer/", admin.site.urls),
]

handler403 = "rio_portal.views.geen_toegang"
