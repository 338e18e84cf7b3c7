"""When an event happens: its repeats as an RFC 5545 rule, its occurrences, in plain words.

Times are worked out on the wall clock in Europe/London and only then given their
offset, so an event at 10am stays at 10am when the clocks change in late March and
late October (its UTC time moves instead).

- weekly and fortnightly events repeat on the weekday of their first date;
- monthly events repeat on the same nth weekday (the second Tuesday, say); a first date
  in the last seven days of a month that is its fifth such weekday means "the last";
- ``repeat_until`` is the last date an event may happen on (inclusive).
"""

import datetime
from dataclasses import dataclass, field
from zoneinfo import ZoneInfo

from dateutil import rrule

from django.utils import timezone
from django.utils.translation import gettext

from sites.community.models import Event
from sites.core.words import day_name
from sites.directory.models.schedule import ORDINALS, date_in_words, time_in_words

LONDON = ZoneInfo("Europe/London")
RRULE_DAYS = ["MO", "TU", "WE", "TH", "FR", "SA", "SU"]
# How far ahead "the next time" is looked for: beyond a year's monthly repeats.
HORIZON = datetime.timedelta(days=400)


@dataclass(frozen=True)
class Occurrence:
    """One time an event happens; both times are aware, in Europe/London.

    Listings and the event page fill in how many people are going and waiting on this
    date (``events/selectors.py: with_date_counts``).
    """

    event: Event
    starts_at: datetime.datetime
    ends_at: datetime.datetime
    going_count: int = field(default=0, compare=False)
    waiting_count: int = field(default=0, compare=False)

    @property
    def date(self) -> datetime.date:
        return self.starts_at.date()

    @property
    def date_in_words(self) -> str:
        """'Tuesday 1 December'."""
        return date_in_words(self.date)

    @property
    def places_left(self) -> int | None:
        """Free places on this date; None when the event has no limit."""
        if self.event.capacity is None:
            return None
        return max(self.event.capacity - self.going_count, 0)

    @property
    def time_range_in_words(self) -> str:
        return gettext("%(start)s to %(end)s") % {
            "start": time_in_words(self.starts_at.time()),
            "end": time_in_words(self.ends_at.time()),
        }

    @property
    def time_of_day(self) -> str:
        if self.starts_at.hour < 12:
            return "morning"
        if self.starts_at.hour < 17:
            return "afternoon"
        return "evening"


def local_naive(value: datetime.datetime) -> datetime.datetime:
    """The wall-clock time in London, without its offset."""
    return timezone.localtime(value, LONDON).replace(tzinfo=None)


def london(value: datetime.datetime) -> datetime.datetime:
    """A London wall-clock time, given its offset (GMT or BST) for that date."""
    return value.replace(tzinfo=LONDON)


def local_datetime(day: datetime.date, at: datetime.time) -> datetime.datetime:
    """An aware datetime for a London date and time, as a form gives them."""
    return london(datetime.datetime.combine(day, at))


def week_of_month(day: datetime.date) -> int:
    """1 for the first Tuesday of the month ... 4 for the fourth; -1 for a fifth (the last)."""
    nth = (day.day - 1) // 7 + 1
    return nth if nth <= 4 else -1


def _duration(event: Event) -> datetime.timedelta:
    return local_naive(event.ends_at) - local_naive(event.starts_at)


def _until(event: Event) -> datetime.datetime | None:
    if event.repeat_until is None:
        return None
    return datetime.datetime.combine(event.repeat_until, datetime.time.max)


def rule(event: Event) -> rrule.rrule | None:
    """The event's repeats on the London wall clock; None for a one-off event."""
    if event.repeat == Event.Repeat.NEVER:
        return None
    start = local_naive(event.starts_at)
    weekday = rrule.weekday(start.weekday())
    if event.repeat == Event.Repeat.MONTHLY:
        return rrule.rrule(
            rrule.MONTHLY,
            dtstart=start,
            until=_until(event),
            byweekday=weekday(week_of_month(start.date())),
        )
    interval = 2 if event.repeat == Event.Repeat.FORTNIGHTLY else 1
    return rrule.rrule(
        rrule.WEEKLY, dtstart=start, until=_until(event), interval=interval, byweekday=weekday
    )


def rrule_parts(event: Event) -> dict | None:
    """The rule for an iCalendar RRULE (UNTIL in UTC, as RFC 5545 asks with a TZID start)."""
    if event.repeat == Event.Repeat.NEVER:
        return None
    start = local_naive(event.starts_at)
    parts: dict = {}
    if event.repeat == Event.Repeat.MONTHLY:
        parts["freq"] = "MONTHLY"
        parts["byday"] = f"{week_of_month(start.date())}{RRULE_DAYS[start.weekday()]}"
    else:
        parts["freq"] = "WEEKLY"
        if event.repeat == Event.Repeat.FORTNIGHTLY:
            parts["interval"] = 2
        parts["byday"] = RRULE_DAYS[start.weekday()]
    until = _until(event)
    if until is not None:
        parts["until"] = london(until.replace(microsecond=0)).astimezone(datetime.UTC)
    return parts


def occurrences(event: Event, start: datetime.datetime, end: datetime.datetime) -> list[Occurrence]:
    """The times ``event`` happens that overlap ``start`` to ``end`` (aware datetimes)."""
    duration = _duration(event)
    repeats = rule(event)
    if repeats is None:
        firsts = [local_naive(event.starts_at)]
    else:
        firsts = repeats.between(local_naive(start) - duration, local_naive(end), inc=True)
    found = []
    for first in firsts:
        occurrence = Occurrence(event, london(first), london(first + duration))
        if occurrence.ends_at > start and occurrence.starts_at < end:
            found.append(occurrence)
    return found


def next_occurrence(event: Event, after: datetime.datetime | None = None) -> Occurrence | None:
    """The first time that has not finished by ``after`` (now), or None.

    Looked for up to ``HORIZON`` after the later of ``after`` and the event's first date,
    so an event posted far ahead still has a next time.
    """
    after = after or timezone.now()
    upcoming = occurrences(event, after, max(after, event.starts_at) + HORIZON)
    return upcoming[0] if upcoming else None


def occurrence_on(event: Event, day: datetime.date) -> Occurrence | None:
    """The time ``event`` starts on the London date ``day``, or None if it does not."""
    start = local_datetime(day, datetime.time.min)
    found = occurrences(event, start, start + datetime.timedelta(days=1))
    return next((occurrence for occurrence in found if occurrence.date == day), None)


def upcoming_occurrences(
    event: Event,
    count: int,
    within: datetime.timedelta,
    now: datetime.datetime | None = None,
) -> list[Occurrence]:
    """The next ``count`` times that have not finished, within ``within`` of now (or of
    the event's first date, for an event posted further ahead)."""
    now = now or timezone.now()
    return occurrences(event, now, max(now, event.starts_at) + within)[:count]


def last_end(event: Event) -> datetime.datetime | None:
    """When the event's last time finishes; None if it repeats without end."""
    repeats = rule(event)
    if repeats is None:
        return event.ends_at
    if event.repeat_until is None:
        return None
    last = repeats.before(_until(event), inc=True)
    if last is None:
        return event.ends_at
    return london(last + _duration(event))


def is_finished(event: Event, now: datetime.datetime | None = None) -> bool:
    finished_at = last_end(event)
    return finished_at is not None and finished_at <= (now or timezone.now())


def when_in_words(event: Event) -> str:
    """'Tuesday 3 March 2026, 10am to 12 noon' or 'Every other Tuesday, 10am to 12 noon,
    from Tuesday 3 March 2026 until Tuesday 28 April 2026'."""
    start = timezone.localtime(event.starts_at, LONDON)
    end = timezone.localtime(event.ends_at, LONDON)
    times = gettext("%(start)s to %(end)s") % {
        "start": time_in_words(start.time()),
        "end": time_in_words(end.time()),
    }
    first = f"{date_in_words(start.date())} {start.year}"
    if event.repeat == Event.Repeat.NEVER:
        return gettext("%(date)s, %(time)s") % {"date": first, "time": times}  # Arabic: "،"
    day = day_name(start.date())
    if event.repeat == Event.Repeat.MONTHLY:
        when = ORDINALS[week_of_month(start.date())] % {"day": day}
    elif event.repeat == Event.Repeat.FORTNIGHTLY:
        when = gettext("Every other %(day)s") % {"day": day}
    else:
        when = gettext("Every %(day)s") % {"day": day}
    words = {"when": when, "times": times, "first": first}
    if event.repeat_until:
        words["last"] = f"{date_in_words(event.repeat_until)} {event.repeat_until.year}"
        return gettext("%(when)s, %(times)s, from %(first)s until %(last)s") % words
    return gettext("%(when)s, %(times)s, from %(first)s") % words
