from django.apps import AppConfig
from django.utils.module_loading import autodiscover_modules


class SearchConfig(AppConfig):
    name = "search"
    label = "borough_search"
    verbose_name = "Borough search"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        # Each app says what it adds to the search box in its own search_results.py
        # (see registry.py): the search app never lists models itself.
        autodiscover_modules("search_results")

        from .languages import follow_translations

        follow_translations()
