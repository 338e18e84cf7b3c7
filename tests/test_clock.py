"""The most date-sensitive code, run at awkward instants on every test run (not only when
someone remembers ``--now``, see README): 23:30 UTC in winter, both nights the clocks
change in 2026 (an hour before and after the change), and 29 February 2028.

Nothing here touches the database; the clock is moved with time-machine.
"""

import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine

from django.http import QueryDict
from django.utils import timezone

from sites.community.events.recurrence import next_occurrence, occurrence_on
from sites.community.models import Event
from sites.directory.models.schedule import ActivitySchedule, next_occurrences
from sites.directory.openreferral.params import moment
from tests.clock import chosen_instant

LONDON = ZoneInfo("Europe/London")
AWKWARD_INSTANTS = [
    "2026-12-31T23:30:00Z",  # winter, half an hour before midnight (and a new year)
    "2026-03-29T00:30:00Z",  # 00:30 GMT, half an hour before the clocks go forward
    "2026-03-29T01:30:00Z",  # 02:30 BST, just after
    "2026-10-25T00:30:00Z",  # 01:30 BST, the first 01:30 of the night the clocks go back
    "2026-10-25T01:30:00Z",  # 01:30 GMT, the second one
    "2028-02-29T23:30:00Z",  # a leap day, late in the evening
]
at_awkward_instants = pytest.mark.parametrize("instant", AWKWARD_INSTANTS)


def _sunday_event() -> Event:
    """Every Sunday 10am to 12 noon, London time, from 4 January 2026 (not saved)."""
    starts = datetime.datetime(2026, 1, 4, 10, tzinfo=LONDON)
    return Event(
        title="Sunday walk",
        starts_at=starts,
        ends_at=starts + datetime.timedelta(hours=2),
        repeat=Event.Repeat.WEEKLY,
    )


@at_awkward_instants
def test_the_next_time_of_a_weekly_event_keeps_its_london_time(instant):
    now = chosen_instant(instant)
    with time_machine.travel(now, tick=False):
        upcoming = next_occurrence(_sunday_event())
    assert upcoming is not None
    local = upcoming.starts_at.astimezone(LONDON)
    assert (local.weekday(), local.hour, local.minute) == (6, 10, 0), local
    assert upcoming.ends_at - upcoming.starts_at == datetime.timedelta(hours=2)
    assert now < upcoming.ends_at <= now + datetime.timedelta(days=7, hours=2)
    assert occurrence_on(_sunday_event(), local.date()).starts_at == upcoming.starts_at


@at_awkward_instants
def test_the_next_date_of_a_weekly_activity_is_after_now_on_its_day(instant):
    schedule = ActivitySchedule(
        frequency=ActivitySchedule.Frequency.WEEKLY,
        weekday=6,  # Sunday
        starts_on=datetime.date(2026, 1, 4),
        start_time=datetime.time(10),
        end_time=datetime.time(11),
    )
    with time_machine.travel(chosen_instant(instant), tick=False):
        now = timezone.localtime().replace(tzinfo=None)  # as ActivityPage.next_occurrences
        (first, _), *_ = next_occurrences([schedule], [], now, count=1)
    assert first.weekday() == 6 and first.time() == datetime.time(10)
    assert now < first <= now + datetime.timedelta(days=7)


@at_awkward_instants
def test_open_referral_modified_after_reads_dates_and_offsets_at_any_hour(instant):
    now = chosen_instant(instant)
    with time_machine.travel(now, tick=False):
        tomorrow = timezone.localdate() + datetime.timedelta(days=1)
        start_of_tomorrow = moment(QueryDict(f"modified_after={tomorrow}"), "modified_after")
    assert start_of_tomorrow > now, "tomorrow (London) has not started yet"
    assert start_of_tomorrow - now <= datetime.timedelta(hours=25)
    assert start_of_tomorrow.astimezone(LONDON).time() == datetime.time(0)
    with_offset = QueryDict(mutable=True)
    with_offset["modified_after"] = f"{tomorrow}T00:00:00+01:00"
    assert moment(with_offset, "modified_after") == datetime.datetime.combine(
        tomorrow, datetime.time(0), tzinfo=datetime.UTC
    ) - datetime.timedelta(hours=1)
