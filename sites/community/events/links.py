"""Where events live: routes on the borough's events section page (EventIndexPage)."""

from django.http import Http404
from django.urls import NoReverseMatch

from tenants.emails import borough_base_url


def events_page(request=None):
    from sites.community.groups.links import section_page
    from sites.community.models import EventIndexPage

    return section_page(EventIndexPage, request)


def _path(page, name: str, *args) -> str:
    if page is None:
        raise Http404("This borough has no events section.")
    return page.get_url(request=None) + page.reverse_subpage(name, args=args)


def events_url(name: str = "events", *args, request=None) -> str:
    """A root-relative link to one of the events section's routes (/events/, /events/new/)."""
    return _path(events_page(request), name, *args)


def event_url(event, name: str = "event", request=None) -> str:
    """``/events/<slug>/`` (or one of its actions: edit, cancel, going, not-going, ics)."""
    return _path(events_page(request), name, event.slug)


def event_url_or_none(event, name: str = "event") -> str | None:
    try:
        return event_url(event, name)
    except (Http404, NoReverseMatch):
        return None


def absolute_event_url(borough, event, name: str = "event") -> str | None:
    """The event's address on the borough's own host (for emails and calendars)."""
    path = event_url_or_none(event, name)
    return borough_base_url(borough) + path if path else None


def absolute_url(borough, path: str) -> str:
    return borough_base_url(borough) + path
