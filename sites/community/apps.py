from django.apps import AppConfig


class CommunityConfig(AppConfig):
    name = "sites.community"
    label = "community"
    verbose_name = "Community"
