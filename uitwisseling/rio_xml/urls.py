"""/api/rio/v4/: DUO's Raadplegen V4 operations in DUO's XML (key-authenticated; tests in tests/uitwisseling/rio_xml/).

Every name starts with ``rio_v4_`` (classified as a whole in tests/rio_portal/test_isolatie_urls.py); the path is the
operation name exactly as in DUO's WSDL.
"""

from django.urls import path

from uitwisseling.rio_xml import views

urlpatterns = [
    path(f"{views.AANBIEDERS}/", views.onderwijsaanbieders, name=f"rio_v4_{views.AANBIEDERS}"),
    path(f"{views.LOCATIEGEBRUIK}/", views.onderwijslocatiegebruik, name=f"rio_v4_{views.LOCATIEGEBRUIK}"),
    path(f"{views.OPLEIDINGEN}/", views.aangeboden_opleidingen, name=f"rio_v4_{views.OPLEIDINGEN}"),
]
