from django.apps import AppConfig
from django.utils.translation import gettext_lazy


class CommunityConfig(AppConfig):
    name = "sites.community"
    label = "community"
    verbose_name = gettext_lazy("Community")

    def ready(self):
        # The section pages (models/pages.py) declare their routes; the views that answer
        # them are handed over here, so models never import views (no import cycle).
        # Moderation's decisions reach the services above it as signals (signals.py).
        from sites.directory import report_follow_ups
        from sites.directory import signals as directory_signals

        from . import signals
        from .discussions import routes as discussion_routes
        from .discussions import views as discussion_views
        from .events import feeds, reports
        from .events import routes as event_routes
        from .events import views as event_views
        from .groups import routes as group_routes
        from .groups import views as group_views
        from .services import discussions, listing_report_cases, safeguarding

        signals.safety_report_filed.connect(
            safeguarding.open_case_for_report, dispatch_uid="open-safeguarding-case"
        )
        directory_signals.listing_concern_reported.connect(
            safeguarding.open_case_for_listing_report, dispatch_uid="open-listing-safeguarding-case"
        )
        # Problem reports say whether a safeguarding case was opened from them.
        report_follow_ups.register(listing_report_cases.case_follow_ups)
        signals.held_post_approved.connect(
            discussions.held_post_approved, dispatch_uid="held-post-approved"
        )

        discussion_routes.VIEWS.update(views=discussion_views)
        event_routes.VIEWS.update(views=event_views, feeds=feeds, reports=reports)
        group_routes.VIEWS.update(views=group_views, feeds=feeds)
