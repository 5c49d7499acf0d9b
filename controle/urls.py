from django.urls import path

from controle import adresdrift, regelviews, views

app_name = "controle"
urlpatterns = [
    path("", views.overzicht, name="overzicht"),
    path("landelijk/", views.landelijk, name="landelijk"),
    # The public catalogue of rules (no login), before "<code>/" so that "regels" is not read as a board code.
    path("regels/", regelviews.regels, name="regels"),
    path("regels/<str:code>/", regelviews.regel, name="regel"),
    path("exports/<uuid:pk>/", views.exportopdracht, name="export"),
    path("exports/<uuid:pk>/status.json", views.exportstatus, name="export_status"),
    path("exports/<uuid:pk>/download/", views.exportdownload, name="export_download"),
    path("<str:code>/", views.controle, name="bestuur"),
    path("<str:code>/gecontroleerd/", views.gecontroleerd, name="gecontroleerd"),
    path("<str:code>/controlebestand.xlsx", views.controlebestand, {"formaat": "xlsx"}, name="controlebestand_xlsx"),
    path("<str:code>/controlebestand.zip", views.controlebestand, {"formaat": "zip"}, name="controlebestand_zip"),
]
# DUO's functional administrators: locaties whose address differs from the address service (issue 18 §3).
# Under landelijk/ so that it is never read as a board code by "<str:code>/" above.
urlpatterns += [path("landelijk/adresdrift/", adresdrift.adresdrift_pagina, name="adresdrift")]
