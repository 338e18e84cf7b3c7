from django.apps import AppConfig


class DirectoryConfig(AppConfig):
    name = "sites.directory"
    label = "directory"
    verbose_name = "Community directory"
