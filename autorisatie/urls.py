from django.urls import path

from . import views

app_name = "autorisatie"
urlpatterns = [
    path("waarom/", views.waarom, name="waarom"),
    path("<str:code>/rollen/", views.rollen, name="rollen"),
    path("<str:code>/rollen/<int:pk>/beeindigen/", views.rol_beeindigen, name="rol_beeindigen"),
    path("<str:code>/rollen.xlsx", views.rollen_xlsx, name="rollen_xlsx"),
]
