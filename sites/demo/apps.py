from django.apps import AppConfig


class DemoConfig(AppConfig):
    """No models: only the demo content and the ``seed_demo`` command."""

    name = "sites.demo"
    label = "demo"
    verbose_name = "Demo boroughs"
