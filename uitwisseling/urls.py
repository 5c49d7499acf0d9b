from django.urls import include, path

from uitwisseling.meldingen import views as meldingen

app_name = "uitwisseling"

urlpatterns = [
    # Change notifications: before the JSON API's own catch-all 404 (uitwisseling/api/urls.py).
    path("v1/abonnementen", meldingen.abonnementen, name="api_v1_abonnementen"),
    path("v1/abonnementen/<str:id>", meldingen.abonnement, name="api_v1_abonnement"),
    path("v1/", include("uitwisseling.api.urls")),  # JSON + OpenAPI document
    path("rio/v4/raadplegen/", include("uitwisseling.soap.urls")),  # the same operations over SOAP (docs/soap.md)
    path("rio/v4/", include("uitwisseling.rio_xml.urls")),  # DUO's Raadplegen V4 XML
]
