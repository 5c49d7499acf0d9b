from django.apps import AppConfig


class UitwisselingConfig(AppConfig):
    """The read API for supplier systems (JSON and RIO's own Raadplegen V4 XML)."""

    default_auto_field = "django.db.models.BigAutoField"
    name = "uitwisseling"
    verbose_name = "Uitwisseling (lees-API)"
