from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "sites.core"
    label = "core"
    verbose_name = "Borough site core"

    def ready(self):
        from . import signals  # noqa: F401
