from django.apps import AppConfig


class BerichtenConfig(AppConfig):
    name = "berichten"
    verbose_name = "E-mailberichten"

    def ready(self) -> None:
        from berichten import ontvangers  # noqa: F401  connects the signal receivers
