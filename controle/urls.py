from django.urls import path

from controle import views

app_name = "controle"
urlpatterns = [
    path("", views.overzicht, name="overzicht"),
    path("landelijk/", views.landelijk, name="landelijk"),
    path("exports/<uuid:pk>/", views.exportopdracht, name="export"),
    path("exports/<uuid:pk>/status.json", views.exportstatus, name="export_status"),
    path("exports/<uuid:pk>/download/", views.exportdownload, name="export_download"),
    path("<str:code>/", views.controle, name="bestuur"),
    path("<str:code>/gecontroleerd/", views.gecontroleerd, name="gecontroleerd"),
    path("<str:code>/controlebestand.xlsx", views.controlebestand, {"formaat": "xlsx"}, name="controlebestand_xlsx"),
    path("<str:code>/controlebestand.zip", views.controlebestand, {"formaat": "zip"}, name="controlebestand_zip"),
]
