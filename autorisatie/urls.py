from django.urls import path

from . import views

app_name = "autorisatie"
urlpatterns = [
    path("waarom/", views.waarom, name="waarom"),
]
