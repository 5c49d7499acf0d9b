from django.urls import path

import kern.urls  # noqa: F401  registers the <id:...> converter (a key beyond 64 bits is a 404)
from organisatie.views import adressen, correctie, organisatie, plaatje, raadplegen
from organisatie.views import objecten as o

app_name = "registratie"
urlpatterns = [
    path("organisatie/", organisatie.kies_bestuur, name="kies_bestuur"),
    path("raadplegen/", raadplegen.raadplegen, name="raadplegen"),
    path("organisatie/<str:code>/", organisatie.organisatie, name="organisatie"),
    path("organisatie/<str:code>/historie/", organisatie.historie, name="historie"),
    path("organisatie/<str:code>/wijzigen/", organisatie.BestuurWijzigen.as_view(), name="bestuur_wijzigen"),
    path("organisatie/<str:code>/groepen/nieuw/", organisatie.GroepToevoegen.as_view(), name="groep_toevoegen"),
    path("organisatie/<str:code>/aanbieders/nieuw/", o.AanbiederToevoegen.as_view(), name="aanbieder_toevoegen"),
    path("organisatie/<str:code>/locaties/nieuw/", o.LocatieToevoegen.as_view(), name="locatie_toevoegen"),
    path("aanbieders/<str:code>/", o.aanbieder, name="aanbieder"),
    path("aanbieders/<str:code>/wijzigen/", o.AanbiederWijzigen.as_view(), name="aanbieder_wijzigen"),
    path("aanbieders/<str:code>/beeindigen/", o.AanbiederBeeindigen.as_view(), name="aanbieder_beeindigen"),
    path("aanbieders/<str:code>/brin/nieuw/", o.RelatieToevoegen.as_view(), name="relatie_toevoegen"),
    path("aanbieders/<str:code>/brin/<id:pk>/beeindigen/", o.RelatieBeeindigen.as_view(),
         name="relatie_beeindigen"),
    path("aanbieders/<str:code>/opleidingen/nieuw/", o.OpleidingToevoegen.as_view(), name="opleiding_toevoegen"),
    path("groepen/<str:code>/", o.groep, name="groep"),
    path("groepen/<str:code>/wijzigen/", o.GroepWijzigen.as_view(), name="groep_wijzigen"),
    path("groepen/<str:code>/beeindigen/", o.GroepBeeindigen.as_view(), name="groep_beeindigen"),
    path("locatiegebruik/<str:code>/", o.locatiegebruik, name="locatiegebruik"),
    path("locatiegebruik/<str:code>/beeindigen/", o.LocatiegebruikBeeindigen.as_view(),
         name="locatiegebruik_beeindigen"),
    path("locatiegebruik/<str:code>/vestigingen/nieuw/", o.VestigingToevoegen.as_view(), name="vestiging_toevoegen"),
    path("locatiegebruik/<str:code>/vestigingen/<id:pk>/beeindigen/", o.VestigingBeeindigen.as_view(),
         name="vestiging_beeindigen"),
    path("aangeboden-opleidingen/<str:code>/", o.opleiding, name="opleiding"),
    path("aangeboden-opleidingen/<str:code>/wijzigen/", o.OpleidingWijzigen.as_view(), name="opleiding_wijzigen"),
    path("aangeboden-opleidingen/<str:code>/beeindigen/", o.OpleidingBeeindigen.as_view(),
         name="opleiding_beeindigen"),
    path("aangeboden-opleidingen/<str:code>/wijzigingen/<str:ingangsdatum>/annuleren/",
         o.annuleer_opleidingswijziging, name="annuleer_opleidingswijziging"),
    path("contactgegevens/<id:pk>/", o.contact, name="contact"),
    path("contactgegevens/<id:pk>/wijzigen/", o.ContactWijzigen.as_view(), name="contact_wijzigen"),
    path("contactgegevens/<id:pk>/beeindigen/", o.ContactBeeindigen.as_view(), name="contact_beeindigen"),
    path("<str:soort>/<str:code>/contactgegevens/nieuw/", o.ContactToevoegen.as_view(), name="contact_toevoegen"),
    path("<str:soort>/<str:code>/perioden/<id:pk>/annuleren/", o.annuleer_wijziging, name="annuleer_wijziging"),
    path("corrigeren/<str:soort>/<str:code>/", correctie.Corrigeren.as_view(), name="corrigeren"),
    path("corrigeren/<str:soort>/<str:code>/perioden/<id:pk>/", correctie.PeriodeCorrigeren.as_view(),
         name="periode_corrigeren"),
    path("organisatie/<str:code>/plaatje/", plaatje.plaatje, name="plaatje"),
    path("organisatie/<str:code>/plaatje.svg", plaatje.plaatje_svg, name="plaatje_svg"),
    path("organisatie/<str:code>/afdrukken/", plaatje.afdrukken, name="afdrukken"),
    path("adressen/suggesties/", adressen.suggesties, name="adres_suggesties"),
]

from organisatie.views import samenwerking  # noqa: E402  samenwerkingsschool (docs/adr/0011), appended at the end

urlpatterns += [
    path("aanbieders/<str:code>/samenwerking/uitnodigen/", samenwerking.Uitnodigen.as_view(),
         name="samenwerking_uitnodigen"),
    path("samenwerking/uitnodigingen/<id:pk>/aanvaarden/", samenwerking.aanvaarden, name="uitnodiging_aanvaarden"),
    path("samenwerking/uitnodigingen/<id:pk>/afwijzen/", samenwerking.afwijzen, name="uitnodiging_afwijzen"),
    path("samenwerking/uitnodigingen/<id:pk>/intrekken/", samenwerking.intrekken, name="uitnodiging_intrekken"),
    path("samenwerking/<id:pk>/beeindigen/", samenwerking.SamenwerkingBeeindigen.as_view(),
         name="samenwerking_beeindigen"),
]
