from django.urls import path

import kern.urls  # noqa: F401  registers the <id:...> converter (a key beyond 64 bits is a 404)
from autorisatie import views, views_osr

app_name = "autorisatie"
urlpatterns = [
    path("waarom/", views.waarom, name="waarom"),
    # DUO functional administrators: the API keys of a supplier system (before the <str:code> patterns).
    path("systemen/<id:pk>/sleutels/", views_osr.systeem_sleutels, name="systeem_sleutels"),
    path("systemen/<id:pk>/sleutels/<id:sleutel_pk>/intrekken/", views_osr.sleutel_intrekken,
         name="sleutel_intrekken"),
    path("<str:code>/rollen/", views.rollen, name="rollen"),
    path("<str:code>/rollen/mezelf/", views.mezelf_toekennen, name="mezelf_toekennen"),
    path("<str:code>/rollen/<id:pk>/beeindigen/", views.rol_beeindigen, name="rol_beeindigen"),
    path("<str:code>/rollen.xlsx", views.rollen_xlsx, name="rollen_xlsx"),
    # OSR mandates of the board (rio-po.md §4)
    path("<str:code>/mandaten/", views_osr.mandaten, name="mandaten"),
    path("<str:code>/mandaten/nieuw/", views_osr.mandaat_nieuw, name="mandaat_nieuw"),
    path("<str:code>/mandaten/<id:pk>/beeindigen/", views_osr.mandaat_beeindigen, name="mandaat_beeindigen"),
    path("<str:code>/mandaten/<id:pk>/kopieer/", views_osr.mandaat_kopieren, name="mandaat_kopieren"),
]
