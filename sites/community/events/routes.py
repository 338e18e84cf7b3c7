"""The events section's routes, on EventIndexPage (/events/).

/events/                      the listing by day, with filters (plain GET parameters)
/events/new/                  post an event
/events/held/                 moderators: sends them to the moderation queue in the admin
/events/calendar.ics          the borough's calendar feed
/events/<slug>/               one event; its page stays after it has finished
/events/<slug>/event.ics      the event as a calendar file
/events/<slug>/going/         POST: "I'm going"
/events/<slug>/not-going/     POST: "I'm not going" (or leave the waiting list)
/events/<slug>/edit/, cancel/
/events/<slug>/report/        "Report a problem with this event" (and report/thank-you/)

The views are in ``events/views.py`` and ``events/feeds.py``. Wagtail serves only
addresses ending in "/", so ``events/urls.py`` hands the ``.ics`` ones to it.
"""

from django.utils.cache import add_never_cache_headers

from wagtail.contrib.routable_page.models import RoutablePageMixin, path, re_path

# The modules that answer these routes, handed over by CommunityConfig.ready() (apps.py),
# so the page model never imports its views: {"views": ..., "feeds": ..., "reports": ...}.
VIEWS: dict = {}


def _call(module, name, page, request, *args, never_cache=True):
    response = getattr(VIEWS[module], name)(request, page, *args)
    if never_cache:
        # These pages depend on who is asking: never kept in a shared cache.
        add_never_cache_headers(response)
    return response


class EventRoutes(RoutablePageMixin):
    @path("", name="events")
    def events_route(self, request):
        return _call("views", "event_list", self, request)

    @path("new/", name="new-event")
    def new_event_route(self, request):
        return _call("views", "new_event", self, request)

    @path("held/", name="held")
    def held_route(self, request):
        return _call("views", "held", self, request)

    # Calendar files have no trailing slash (see events/urls.py); Wagtail's routing adds
    # one before matching, hence the optional "/" in these patterns.
    @re_path(r"^calendar\.ics/?$", name="calendar")
    def calendar_route(self, request):
        return _call("feeds", "borough_feed", self, request, never_cache=False)

    @path("<slug:slug>/", name="event")
    def event_route(self, request, slug):
        return _call("views", "event_detail", self, request, slug)

    @re_path(r"^(?P<slug>[-\w]+)/event\.ics/?$", name="event-ics")
    def event_ics_route(self, request, slug):
        return _call("views", "event_ics", self, request, slug)

    @path("<slug:slug>/going/", name="going")
    def going_route(self, request, slug):
        return _call("views", "going", self, request, slug)

    @path("<slug:slug>/not-going/", name="not-going")
    def not_going_route(self, request, slug):
        return _call("views", "not_going", self, request, slug)

    @path("<slug:slug>/edit/", name="edit")
    def edit_route(self, request, slug):
        return _call("views", "edit_event", self, request, slug)

    @path("<slug:slug>/cancel/", name="cancel")
    def cancel_route(self, request, slug):
        return _call("views", "cancel_event", self, request, slug)

    @path("<slug:slug>/report/", name="report")
    def report_route(self, request, slug):
        return _call("reports", "report_event", self, request, slug)

    @path("<slug:slug>/report/thank-you/", name="report-thanks")
    def report_thanks_route(self, request, slug):
        return _call("reports", "report_event_thanks", self, request, slug)
