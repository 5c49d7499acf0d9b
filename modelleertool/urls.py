"""Modelleertool: a board's blauwdrukken (template, upload, preview with diff, apply/keep/discard)."""

from django.urls import path

import kern.urls  # noqa: F401  registers the <id:...> converter (a key beyond 64 bits is a 404)
from modelleertool.views import blauwdruk as b
from modelleertool.views import modelleren as m

app_name = "blauwdruk"
urlpatterns = [
    path("organisatie/<str:code>/blauwdruk/", b.lijst, name="lijst"),
    path("organisatie/<str:code>/blauwdruk/sjabloon.xlsx", b.sjabloon, name="sjabloon"),
    path("organisatie/<str:code>/blauwdruk/uploaden/", b.uploaden, name="uploaden"),
    path("organisatie/<str:code>/blauwdruk/<id:pk>/", b.voorbeeld, name="voorbeeld"),
    path("organisatie/<str:code>/blauwdruk/<id:pk>/toepassen/", b.toepassen, name="toepassen"),
    path("organisatie/<str:code>/blauwdruk/<id:pk>/bewaren/", b.bewaren, name="bewaren"),
    path("organisatie/<str:code>/blauwdruk/<id:pk>/verwerpen/", b.verwerpen, name="verwerpen"),
    # Modelling in the browser, and the picture of a blauwdruk (views/modelleren.py)
    path("organisatie/<str:code>/blauwdruk/nieuw/", m.nieuw, name="nieuw_concept"),
    path("organisatie/<str:code>/blauwdruk/<id:pk>/modelleren/", m.bewerken, name="modelleren"),
    path("organisatie/<str:code>/blauwdruk/<id:pk>/plaatje/", m.plaatje, name="plaatje"),
]
