from django.apps import AppConfig


class MeldingenConfig(AppConfig):
    """Change notifications (mutatiemeldingen) for supplier systems: docs/adr/0009-mutatiemeldingen.md."""

    default_auto_field = "django.db.models.BigAutoField"
    name = "uitwisseling.meldingen"
    label = "meldingen"
    verbose_name = "Uitwisseling (mutatiemeldingen)"

    def ready(self) -> None:
        from uitwisseling.meldingen import signalen

        signalen.verbind()
