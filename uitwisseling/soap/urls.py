"""/api/rio/v4/raadplegen/: the SOAP service (tests in tests/uitwisseling/soap/). The name starts with ``rio_v4_``,
so the URL classification of the RIO XML API (tests/helpers/urls.py) covers it."""

from django.urls import path

from uitwisseling.soap import views

urlpatterns = [
    path("", views.raadplegen, name="rio_v4_raadplegen"),
]
