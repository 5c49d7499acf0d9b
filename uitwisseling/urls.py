from django.urls import include, path

app_name = "uitwisseling"

urlpatterns = [
    path("v1/", include("uitwisseling.api.urls")),  # JSON + OpenAPI document
    path("rio/v4/raadplegen/", include("uitwisseling.soap.urls")),  # the same operations over SOAP (docs/soap.md)
    path("rio/v4/", include("uitwisseling.rio_xml.urls")),  # DUO's Raadplegen V4 XML
]
