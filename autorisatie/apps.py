from django.apps import AppConfig


class AutorisatieConfig(AppConfig):
    name = "autorisatie"
    verbose_name = "Autorisatie"
