from django.apps import AppConfig


class ConnectingConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "sites.connecting"
    label = "connecting"
    verbose_name = "Community Connecting"
