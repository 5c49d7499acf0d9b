from django.urls import path

import kern.urls  # noqa: F401  registers the <id:...> converter (a key beyond 64 bits is a 404)
from autorisatie import views, views_osr, views_swv

app_name = "autorisatie"
urlpatterns = [
    path("waarom/", views.waarom, name="waarom"),
    # DUO functional administrators: the API keys of a supplier system (before the <str:code> patterns).
    path("systemen/<id:pk>/sleutels/", views_osr.systeem_sleutels, name="systeem_sleutels"),
    path("systemen/<id:pk>/sleutels/<id:sleutel_pk>/intrekken/", views_osr.sleutel_intrekken,
         name="sleutel_intrekken"),
    # DUO functional administrators: samenwerkingsverbanden passend onderwijs (docs/adr/0012).
    path("samenwerkingsverbanden/", views_swv.lijst, name="swv_lijst"),
    path("samenwerkingsverbanden/<id:pk>/", views_swv.detail, name="swv"),
    path("samenwerkingsverbanden/<id:pk>/medewerkers/", views_swv.medewerker, name="swv_medewerker"),
    path("samenwerkingsverbanden/<id:pk>/leden/<id:lid_pk>/beeindigen/", views_swv.lid_beeindigen,
         name="swv_lid_beeindigen"),
    path("samenwerkingsverbanden/<id:pk>/rollen/<id:rol_pk>/beeindigen/", views_swv.rol_beeindigen,
         name="swv_rol_beeindigen"),
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
