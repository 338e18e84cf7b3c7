from django.apps import AppConfig


class DirectoryConfig(AppConfig):
    name = "sites.directory"
    label = "directory"
    verbose_name = "Community directory"

    def ready(self):
        # The listing page's filters and results are a view's work: handed to the model here,
        # so models never import views (no import cycle).
        from .models import ThingsToDoPage
        from .views import things_to_do_context

        ThingsToDoPage.listing_context = staticmethod(things_to_do_context)
