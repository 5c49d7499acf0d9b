from django.apps import AppConfig


class ModelleertoolConfig(AppConfig):
    name = "modelleertool"
    verbose_name = "Modelleertool (blauwdruk)"
