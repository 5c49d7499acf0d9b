"""/api/v1/: the JSON read API (key-authenticated) and its OpenAPI document (public).

Every name starts with ``api_v1_``: tests/rio_portal/test_isolatie_urls.py leaves these to
tests/uitwisseling/api/test_isolatie_api.py, and tests/uitwisseling/api/test_openapi.py fails when a pattern here is
missing from the OpenAPI document. Paths have no trailing slash (API Design Rules /core/no-trailing-slash). The two
unnamed patterns at the end are no operations: API 1.0's paths with a slash redirect (308) to the new ones, and any
other path is a 404 problem instead of the portal's HTML page.
"""

from django.urls import path, re_path

from uitwisseling.api import views

urlpatterns = [
    path("", views.index, name="api_v1_index"),
    path("openapi.json", views.openapi_document, name="api_v1_openapi"),
    path("organisaties/<str:code>", views.organisatie, name="api_v1_organisatie"),
    path("organisaties/<str:code>/aanbieders", views.organisatie_aanbieders, name="api_v1_organisatie_aanbieders"),
    path("organisaties/<str:code>/onderwijslocatiegebruik", views.organisatie_locatiegebruik,
         name="api_v1_organisatie_locatiegebruik"),
    path("organisaties/<str:code>/aangeboden-opleidingen", views.organisatie_opleidingen,
         name="api_v1_organisatie_opleidingen"),
    path("aanbieders/<str:code>/aangeboden-opleidingen", views.aanbieder_opleidingen,
         name="api_v1_aanbieder_opleidingen"),
    path("vestigingen/<str:code>/aangeboden-opleidingen", views.vestiging_opleidingen,
         name="api_v1_vestiging_opleidingen"),
    path("wijzigingen", views.wijzigingen, name="api_v1_wijzigingen"),
    path("historie/<str:objecttype>/<str:code>", views.historie, name="api_v1_historie"),
    # Onderwijsbegeleidingsaanbieders (issue 18 §2); the two re_paths below stay last.
    path("organisaties/<str:code>/begeleidingsaanbieders", views.organisatie_begeleidingsaanbieders,
         name="api_v1_organisatie_begeleidingsaanbieders"),
    re_path(r"^(?P<pad>.+)/$", views.oud_pad),  # API 1.0's paths (deprecated): 308 to the path without the slash
    re_path(r"^", views.onbekend),  # anything else: 404 as application/problem+json
]
