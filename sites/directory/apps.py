from django.apps import AppConfig


class DirectoryConfig(AppConfig):
    name = "sites.directory"
    label = "directory"
    verbose_name = "Community directory"

    def ready(self):
        # The listing page's filters and results are a view's work: handed to the model here,
        # so models never import views (no import cycle).
        from django.db.models.signals import post_delete, post_save

        from wagtail.models import Page
        from wagtail.permissions import register_permission_policy
        from wagtail.signals import page_published, page_unpublished

        from .interests import interests_changed
        from .models import ActivityPage, Interest, OrganisationPage, PlacePage, ThingsToDoPage
        from .page_policy import DraftsForTheirEditorsPolicy
        from .services.homes import home_published
        from .services.organisation_access import listing_published_or_unpublished
        from .views import things_to_do_context

        ThingsToDoPage.listing_context = staticmethod(things_to_do_context)
        # A draft is found in the admin only by those who may edit it (page_policy.py).
        register_permission_policy(Page, DraftsForTheirEditorsPolicy(Page))
        # The places an organisation alone uses are its managers' to edit (with approval),
        # and so is a place they added, until it goes live.
        for model in (OrganisationPage, ActivityPage, PlacePage):
            for name, signal in (
                ("published", page_published),
                ("unpublished", page_unpublished),
                ("deleted", post_delete),
            ):
                signal.connect(
                    listing_published_or_unpublished,
                    sender=model,
                    dispatch_uid=f"share-places-{name}-{model.__name__}",
                )
        for signal in (post_save, post_delete):
            signal.connect(interests_changed, sender=Interest, dispatch_uid="interests-changed")
        # A home published hides its street on its live translations too (services/homes.py).
        page_published.connect(home_published, sender=PlacePage, dispatch_uid="home-published")
