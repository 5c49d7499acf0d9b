"""Zoeken en vinden and open data: public, no login (included at the site root)."""

from django.urls import path

from openbaar import views as openbaar

app_name = "openbaar"
urlpatterns = [
    path("zoeken/", openbaar.zoek, name="zoeken"),
    path("openbaar/", openbaar.open_data, name="open_data"),
    path("openbaar/register.csv", openbaar.register_csv, name="register_csv"),
    path("openbaar/bestuur/<str:code>/", openbaar.bestuur, name="bestuur"),
    path("openbaar/aanbieder/<str:code>/", openbaar.aanbieder, name="aanbieder"),
    path("openbaar/locatie/<str:code>/", openbaar.locatie, name="locatie"),
]
