from django.urls import path

from berichten import views

app_name = "berichten"
urlpatterns = [
    path("", views.instellingen, name="instellingen"),
    # From a mail, without login: the signed token in the query names the person and the kind.
    path("afmelden/", views.afmelden_via_link, name="afmelden"),
]
