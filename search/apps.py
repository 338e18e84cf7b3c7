from django.apps import AppConfig


class SearchConfig(AppConfig):
    name = "search"
    label = "borough_search"
    verbose_name = "Borough search"
