from django.apps import AppConfig


class OrganisatieConfig(AppConfig):
    name = "organisatie"
    verbose_name = "Mijn organisatie"
