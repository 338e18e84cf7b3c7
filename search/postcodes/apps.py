from django.apps import AppConfig


class PostcodesConfig(AppConfig):
    name = "search.postcodes"
    label = "postcodes"
    verbose_name = "Postcodes"
    default_auto_field = "django.db.models.BigAutoField"
