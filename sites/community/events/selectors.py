"""Reading events: who may see which event, the listing by day, the filters, the feeds.

Events of public groups, of organisations and of the borough's team are public. Events
of a members-only group are seen only by its members (and moderators). Events waiting
for a moderator are seen by the people who may edit them and by moderators; removed
ones by moderators only. Past events leave every listing, but their pages stay.
"""

import datetime
from collections import defaultdict
from dataclasses import dataclass, replace

from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from sites.community.models import CommunityGroup, Event, EventAttendance, GroupMembership
from sites.community.services import groups as group_service
from sites.community.services import moderation
from sites.directory.selectors import TIMES_OF_DAY, ActivityFilters

from . import recurrence
from .permissions import can_edit

# The listing shows this much from its first day; the date picker moves the window.
LISTING_DAYS = 8 * 7
# Feeds keep an event this long after it finishes, so calendars do not drop it at once.
FEED_KEEPS_FINISHED = datetime.timedelta(days=30)

PUBLISHED = Event.Status.PUBLISHED
GOING = EventAttendance.Status.GOING
WAITING = EventAttendance.Status.WAITING
APPROVED = CommunityGroup.Status.APPROVED


def _member_group_ids(user):
    return GroupMembership.objects.filter(member=user).values("group_id")


def audience(user) -> Q:
    """The events ``user`` may see, whatever their status (see ``visible_event``)."""
    no_group = Q(group__isnull=True)
    if moderation.is_moderator(user):
        return no_group | Q(group__status=APPROVED)
    public_group = Q(group__status=APPROVED, group__visibility=CommunityGroup.Visibility.PUBLIC)
    condition = no_group | public_group
    if getattr(user, "is_authenticated", False):
        condition |= Q(group__status=APPROVED, group_id__in=_member_group_ids(user))
    return condition


def public_events() -> QuerySet:
    """Events anyone may see, of any status (the borough feed picks the statuses)."""
    return Event.objects.filter(audience(None))


def listed_events(user=None) -> QuerySet:
    """Published events ``user`` may see, with what a listing shows."""
    return (
        Event.objects.filter(audience(user), status=PUBLISHED)
        .select_related("place", "group", "organisation")
        .prefetch_related("interests")
    )


def with_date_counts(found: list[recurrence.Occurrence]) -> list[recurrence.Occurrence]:
    """``found``, each with how many people are going and waiting on its own date (a
    repeating event's limit is per date). One query, whatever the number of times."""
    if not found:
        return []
    rows = (
        EventAttendance.objects.filter(
            event_id__in={o.event.pk for o in found}, occurs_on__in={o.date for o in found}
        )
        .values("event_id", "occurs_on", "status")
        .annotate(people=Count("pk"))
    )
    counts = {(row["event_id"], row["occurs_on"], row["status"]): row["people"] for row in rows}
    return [
        replace(
            o,
            going_count=counts.get((o.event.pk, o.date, GOING), 0),
            waiting_count=counts.get((o.event.pk, o.date, WAITING), 0),
        )
        for o in found
    ]


def not_finished_by(moment: datetime.datetime) -> Q:
    """Events that may have a time not finished by ``moment``: one-off events that end
    after it, repeating ones whose last date has not passed (or that repeat without end).

    A repeating event's first date may be long past: it counts by its later times. The
    database narrows; ``recurrence.next_occurrence`` decides exactly.
    """
    one_off = Q(repeat=Event.Repeat.NEVER, ends_at__gt=moment)
    repeating = ~Q(repeat=Event.Repeat.NEVER) & (
        Q(repeat_until__isnull=True)
        | Q(repeat_until__gte=timezone.localtime(moment, recurrence.LONDON).date())
    )
    return one_off | repeating


def _happening_between(start: datetime.datetime, end: datetime.datetime) -> Q:
    """Events that may have a time between ``start`` and ``end`` (checked exactly later)."""
    return Q(starts_at__lt=end) & not_finished_by(start)


def next_times(events, now: datetime.datetime | None = None) -> list[recurrence.Occurrence]:
    """The next time of each of ``events`` that has not finished by ``now``, soonest first.

    For a repeating event that is its next date, not its first.
    """
    now = now or timezone.now()
    found = [recurrence.next_occurrence(event, now) for event in events]
    return sorted((o for o in found if o), key=lambda o: (o.starts_at, o.event.pk))


def visible_event(user, slug: str) -> Event | None:
    """The event at ``slug`` if ``user`` may see its page; None otherwise."""
    event = (
        Event.objects.filter(slug=slug)
        .select_related("place", "group", "organisation", "posted_by")
        .first()
    )
    if event is None:
        return None
    if moderation.is_moderator(user):
        return event
    if event.status == Event.Status.REMOVED:
        return None
    if event.status == Event.Status.HELD:
        return event if can_edit(user, event) else None
    if Event.objects.filter(audience(user), pk=event.pk).exists():
        return event
    return event if can_edit(user, event) else None


# The event page offers this many of the next dates, within this long.
DATES_OFFERED = 4
DATES_WITHIN = datetime.timedelta(weeks=8)


def dates_offered(event: Event, now: datetime.datetime | None = None):
    """The next few times of ``event`` people may say they are going to, each with its
    own counts: up to ``DATES_OFFERED`` within ``DATES_WITHIN`` (of now, or of its first
    date when that is further ahead). Empty for a finished event."""
    found = recurrence.upcoming_occurrences(event, DATES_OFFERED, DATES_WITHIN, now)
    return with_date_counts(found)


# --- Filters ---------------------------------------------------------------------------------


def filter_events(queryset: QuerySet, filters: ActivityFilters) -> QuerySet:
    """What the directory's filters mean for events, for everything but day and time.

    "In person" is an event at a place, "online" one with a link to join online. An
    accessibility feature counts when the event or its place has it (every one chosen).
    """
    if filters.interests:
        queryset = queryset.filter(
            pk__in=Event.interests.through.objects.filter(
                interest__slug__in=filters.interests
            ).values("event_id")
        )
    if filters.free_only:
        queryset = queryset.filter(is_free=True)
    if filters.ways:
        ways = Q()
        if "in_person" in filters.ways:
            ways |= Q(place__isnull=False)
        if "online" in filters.ways:
            ways |= ~Q(online_url="")
        queryset = queryset.filter(ways)
    for feature in filters.accessibility:
        queryset = queryset.filter(Q(**{feature: True}) | Q(**{f"place__{feature}": True}))
    return queryset


def occurrence_matches(occurrence: recurrence.Occurrence, filters: ActivityFilters) -> bool:
    """Day and time are checked on each time the event happens (as the directory does)."""
    if filters.weekdays and occurrence.starts_at.weekday() not in filters.weekdays:
        return False
    if filters.times_of_day:
        at = occurrence.starts_at.time()
        for name in filters.times_of_day:
            start, end = TIMES_OF_DAY[name]
            if at >= start and (end is None or at < end):
                return True
        return False
    return True


# --- The listing by day ---------------------------------------------------------------------


@dataclass
class Day:
    date: datetime.date
    occurrences: list[recurrence.Occurrence]


def events_by_day(
    user,
    filters: ActivityFilters,
    first_day: datetime.date,
    days: int = LISTING_DAYS,
    now: datetime.datetime | None = None,
) -> list[Day]:
    """Every time a visible event happens from ``first_day`` for ``days`` days, by day.

    Times that have already finished are left out, so past events leave the listing.
    """
    now = now or timezone.now()
    start = max(recurrence.local_datetime(first_day, datetime.time.min), now)
    end = recurrence.local_datetime(first_day + datetime.timedelta(days=days), datetime.time.min)
    if end <= start:
        return []
    events = filter_events(listed_events(user), filters).filter(_happening_between(start, end))
    matched = []
    for event in events:
        for occurrence in recurrence.occurrences(event, start, end):
            if occurrence.starts_at < start and occurrence.date < first_day:
                continue
            if occurrence_matches(occurrence, filters):
                matched.append(occurrence)
    by_date: dict[datetime.date, list] = defaultdict(list)
    for occurrence in with_date_counts(matched):
        by_date[occurrence.date].append(occurrence)
    return [
        Day(date, sorted(found, key=lambda o: (o.starts_at, o.event.title.lower(), o.event.pk)))
        for date, found in sorted(by_date.items())
    ]


def upcoming_group_events(user, group, limit: int = 10) -> list[recurrence.Occurrence]:
    """The next time of each of the group's published events that ``user`` may see,
    soonest first (held, cancelled and removed events are not listed)."""
    now = timezone.now()
    events = listed_events(user).filter(not_finished_by(now), group=group)
    return next_times(events, now)[:limit]


# --- Feeds -----------------------------------------------------------------------------------


def for_feed(queryset: QuerySet, now: datetime.datetime | None = None) -> list[Event]:
    """Published and cancelled events (so calendars show the cancellation) that have not
    finished, or finished lately."""
    cutoff = (now or timezone.now()) - FEED_KEEPS_FINISHED
    not_long_over = Q(repeat=Event.Repeat.NEVER, ends_at__gte=cutoff) | (
        ~Q(repeat=Event.Repeat.NEVER)
        & (Q(repeat_until__isnull=True) | Q(repeat_until__gte=cutoff.date()))
    )
    return list(
        queryset.filter(not_long_over, status__in=[PUBLISHED, Event.Status.CANCELLED])
        .select_related("place", "group", "organisation")
        .order_by("starts_at", "pk")
    )


def borough_feed_events() -> list[Event]:
    return for_feed(public_events())


def group_feed_events(group) -> list[Event]:
    return for_feed(Event.objects.filter(group=group, group__status=APPROVED))


def feed_group(slug: str):
    """An approved group (the only kind with a feed)."""
    return group_service.approved_groups().filter(slug=slug).first()
