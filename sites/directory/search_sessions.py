"""When an activity happens, as search asks it: "on Tuesday", "in the evening", "still
happening". The same condition in PostgreSQL (``session``, as "Things to do" filters) and
in the engine (``engine_session`` over the values ``weekly_keys`` and ``until_numbers``
index), so facet counts agree wherever they are computed (tests/search/test_facets.py).
"""

import datetime

from django.db.models import Q
from django.utils import timezone

from search.document import answer_field, pack_until, until_range

from .models import ActivitySchedule
from .selectors import TIMES_OF_DAY, on_days, starting_in

ONCE = ActivitySchedule.Frequency.ONCE
REPEATING = [frequency for frequency in ActivitySchedule.Frequency.values if frequency != ONCE]
NO_KEY = "-"  # in ``weekly`` keys: a time with no weekday, or no start time


def session(days=(), times=(), today: datetime.date | None = None) -> Q:
    """An activity with a time that still happens, on one of ``days`` (0 = Monday) and
    starting in one of ``times`` (keys of TIMES_OF_DAY). One Q, so that every part
    applies to the same time: Tuesday evening, not Tuesday morning plus Friday evening."""
    today = today or timezone.localdate()
    # No negations: a negated condition on a many-valued relation becomes a subquery of
    # its own, and would no longer be about the same time.
    condition = (Q(schedules__ends_on__isnull=True) | Q(schedules__ends_on__gte=today)) & (
        Q(schedules__frequency__in=REPEATING) | Q(schedules__starts_on__gte=today)
    )
    if days:
        condition &= on_days(days, "schedules__")
    if times:
        condition &= starting_in(times, "schedules__")
    return condition


def days_of(values) -> list[int]:
    return [int(value) for value in values]


# --- The same conditions for the engine (search/document.py holds the values) ----------


def _either(*clauses) -> dict:
    return {"bool": {"should": list(clauses), "minimum_should_match": 1}}


# Keys of an activity's times: "<day>|<time of day>", NO_KEY for none, ANY for either
# (so "on Tuesday", whatever the time, is one key). Their numbers are the ``until``
# keys (search/document.py): changing these lists needs a search rebuild.
ANY = "*"
EVERY_DAY = [*map(str, range(7)), NO_KEY]
EVERY_TIME = [*TIMES_OF_DAY, NO_KEY]
DAY_KEYS = [*EVERY_DAY, ANY]
TIME_KEYS = [*EVERY_TIME, ANY]


def _key_number(day: str, time_of_day: str) -> int:
    return DAY_KEYS.index(day) * len(TIME_KEYS) + TIME_KEYS.index(time_of_day)


def engine_session(days=(), times=(), today: datetime.date | None = None) -> dict:
    """``session`` on the indexed times. A weekly time with no end date is one keyword
    per (day, time of day) in ``weekly``; the other times (one-off, or ending) are in
    ``until``, one number per key and last date, so "still happens" is a range."""
    today = today or timezone.localdate()
    chosen_days, chosen_times = [str(day) for day in days], list(times)
    weekly = [
        f"{day}|{name}" for day in chosen_days or EVERY_DAY for name in chosen_times or EVERY_TIME
    ]
    dated = [
        until_range(_key_number(day, name), today)
        for day in chosen_days or [ANY]
        for name in chosen_times or [ANY]
    ]
    return _either({"terms": {answer_field("weekly"): weekly}}, *dated)


def _session_days(schedule: ActivitySchedule) -> list[int]:
    days = [] if schedule.weekday is None else [schedule.weekday]
    if schedule.frequency == ONCE and schedule.starts_on is not None:
        days.append(schedule.starts_on.weekday())
    return sorted(set(days))


def _open_ended(schedule: ActivitySchedule) -> bool:
    """A repeating time with no end date still happens whatever the day of the search."""
    return schedule.frequency != ONCE and schedule.ends_on is None


def _time_names(schedule: ActivitySchedule) -> list[str]:
    start = schedule.start_time
    names = [
        name
        for name, (begin, end) in TIMES_OF_DAY.items()
        if start is not None and start >= begin and (end is None or start < end)
    ]
    return names or [NO_KEY]


def _day_names(schedule: ActivitySchedule) -> list[str]:
    return [str(day) for day in _session_days(schedule)] or [NO_KEY]


def _weekly_keys(schedule: ActivitySchedule) -> list[str]:
    return [f"{day}|{name}" for day in _day_names(schedule) for name in _time_names(schedule)]


def _last_date(schedule: ActivitySchedule) -> datetime.date:
    """The last date a one-off or ending time happens (as ``session`` decides it)."""
    if schedule.frequency == ONCE and schedule.ends_on is not None:
        return min(schedule.starts_on, schedule.ends_on)
    return schedule.starts_on if schedule.frequency == ONCE else schedule.ends_on


def _until(schedules) -> list[int]:
    """Each key of the one-off and ending times (never an open-ended weekly one), with
    the last date it happens."""
    last_by_key: dict[int, datetime.date] = {}
    for schedule in schedules:
        last = _last_date(schedule)
        for day in [*_day_names(schedule), ANY]:
            for name in [*_time_names(schedule), ANY]:
                key = _key_number(day, name)
                last_by_key[key] = max(last, last_by_key.get(key, last))
    return sorted(pack_until(key, last) for key, last in last_by_key.items())


def weekly_keys(schedules) -> list[str]:
    """The keys of the weekly times with no end date: they happen whatever the day."""
    return sorted({key for s in schedules if _open_ended(s) for key in _weekly_keys(s)})


def until_numbers(schedules) -> list[int]:
    """The ``until`` numbers of the one-off and ending times."""
    return _until(s for s in schedules if not _open_ended(s))
