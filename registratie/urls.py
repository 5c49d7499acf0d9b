from django.urls import path

from .views import organisatie

app_name = "registratie"
urlpatterns = [
    path("", organisatie.kies_bestuur, name="kies_bestuur"),
    path("<str:code>/", organisatie.organisatie, name="organisatie"),
]
