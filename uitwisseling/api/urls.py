"""/api/v1/: the JSON read API (key-authenticated) and its OpenAPI document (public).

Every name starts with ``api_v1_``: tests/rio_portal/test_isolatie_urls.py leaves these to
tests/uitwisseling/api/test_isolatie_api.py, and tests/uitwisseling/api/test_openapi.py fails when a pattern here is
missing from the OpenAPI document.
"""

from django.urls import path

from uitwisseling.api import views

urlpatterns = [
    path("", views.index, name="api_v1_index"),
    path("openapi.json", views.openapi_document, name="api_v1_openapi"),
    path("organisaties/<str:code>/aanbieders/", views.organisatie_aanbieders, name="api_v1_organisatie_aanbieders"),
    path("organisaties/<str:code>/onderwijslocatiegebruik/", views.organisatie_locatiegebruik,
         name="api_v1_organisatie_locatiegebruik"),
    path("organisaties/<str:code>/aangeboden-opleidingen/", views.organisatie_opleidingen,
         name="api_v1_organisatie_opleidingen"),
    path("aanbieders/<str:code>/aangeboden-opleidingen/", views.aanbieder_opleidingen,
         name="api_v1_aanbieder_opleidingen"),
    path("vestigingen/<str:code>/aangeboden-opleidingen/", views.vestiging_opleidingen,
         name="api_v1_vestiging_opleidingen"),
    path("wijzigingen/", views.wijzigingen, name="api_v1_wijzigingen"),
    path("historie/<str:objecttype>/<str:code>/", views.historie, name="api_v1_historie"),
]
