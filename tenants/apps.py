from django.apps import AppConfig


class TenantsConfig(AppConfig):
    name = "tenants"
    verbose_name = "Boroughs"

    def ready(self):
        from . import contenttypes, signals  # noqa: F401

        contenttypes.install()
