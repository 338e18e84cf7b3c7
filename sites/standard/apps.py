from django.apps import AppConfig


class StandardConfig(AppConfig):
    name = "sites.standard"
    label = "standard"
    verbose_name = "Information pages"
