"""iCalendar (RFC 5545) files: one event, a group's events, the borough's events.

Built with the ``icalendar`` package, which escapes every text value (commas,
semicolons, new lines), so nothing a member types can add lines or properties.

- UID: ``event-<id>@<borough host>``, the same for the life of the event;
- DTSTART and DTEND with TZID=Europe/London (and its VTIMEZONE), so a 10am event stays
  at 10am across the clock changes; an RRULE for events that repeat;
- LOCATION: the place's public address only (the postcode district for a place whose
  street address is hidden), or "Online";
- URL: the event's page on the borough's own host.
"""

import datetime

import icalendar

from django.utils import timezone
from django.utils.translation import gettext as _

from sites.community.models import Event

from . import recurrence
from .links import absolute_event_url

PRODID = "-//Connect & Do//Community events//EN"
CONTENT_TYPE = "text/calendar; charset=utf-8"


def uid(borough, event: Event) -> str:
    return f"event-{event.pk}@{borough.primary_host}"


def location(event: Event) -> str:
    if event.place_id:
        return event.place.public_address
    return _("Online") if event.online_url else ""


def description(event: Event) -> str:
    lines = [event.description.strip(), ""]
    lines.append(_("Cost: ") + (_("Free") if event.is_free else event.cost_details))
    if event.just_turn_up:
        lines.append(_("Just turn up."))
    elif event.booking_url:
        lines.append(_("Book first: %(booking_url)s") % {"booking_url": event.booking_url})
    if event.online_url:
        lines.append(_("Join online: %(online_url)s") % {"online_url": event.online_url})
    return "\n".join(lines).strip()


def vevent(borough, event: Event, stamp: datetime.datetime) -> icalendar.Event:
    item = icalendar.Event()
    item.add("uid", uid(borough, event))
    item.add("dtstamp", stamp)
    item.add("created", event.created_at.astimezone(datetime.UTC))
    item.add("summary", event.title)
    item.add("description", description(event))
    item.add("dtstart", timezone.localtime(event.starts_at, recurrence.LONDON))
    item.add("dtend", timezone.localtime(event.ends_at, recurrence.LONDON))
    parts = recurrence.rrule_parts(event)
    if parts:
        item.add("rrule", parts)
    where = location(event)
    if where:
        item.add("location", where)
    url = absolute_event_url(borough, event)
    if url:
        item.add("url", url)
    item.add("status", "CANCELLED" if event.status == Event.Status.CANCELLED else "CONFIRMED")
    return item


def calendar(borough, events, name: str) -> bytes:
    """The events as one calendar file."""
    cal = icalendar.Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("x-wr-calname", " ".join(name.split()))  # one line, whatever the title holds
    cal.add("x-wr-timezone", "Europe/London")
    stamp = timezone.now().astimezone(datetime.UTC).replace(microsecond=0)
    events = list(events)
    for event in events:
        cal.add_component(vevent(borough, event, stamp))
    if events:
        first = min(timezone.localdate(event.starts_at) for event in events)
        cal.add_missing_timezones(first_date=first - datetime.timedelta(days=366))
    return cal.to_ical()
