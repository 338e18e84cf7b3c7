"""Where events live: routes on the borough's events section page (EventIndexPage)."""

from sites.community.models.pages import EventIndexPage
from sites.core.languages.urls import in_email_language
from tenants.emails import borough_base_url


def events_page(request=None):
    return EventIndexPage.for_request(request)


def events_url(name: str = "events", *args, request=None) -> str:
    """A root-relative link to one of the events section's routes (/events/, /events/new/)."""
    return EventIndexPage.route_url(name, *args, request=request)


def event_url(event, name: str = "event", request=None) -> str:
    """``/events/<slug>/`` (or one of its actions: edit, cancel, going, not-going, ics)."""
    return EventIndexPage.route_url(name, event.slug, request=request)


def event_url_or_none(event, name: str = "event") -> str | None:
    return EventIndexPage.route_url_or_none(name, event.slug)


def absolute_event_url(borough, event, name: str = "event") -> str | None:
    """The event's address on the borough's own host (for emails and calendars)."""
    path = event_url_or_none(event, name)
    return borough_base_url(borough) + in_email_language(path) if path else None


def absolute_url(borough, path: str) -> str:
    return borough_base_url(borough) + path
