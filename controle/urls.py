from django.urls import path

from controle import regelviews, views

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
