"""Schedules are recurrence rules, and read back in plain words."""

import datetime
import itertools
import random

import pytest

from sites.directory.factories import ActivityClosureFactory, ActivityScheduleFactory
from sites.directory.models import ActivitySchedule
from sites.directory.models.schedule import time_in_words
from tests.conftest import inside


@pytest.mark.parametrize(
    ("value", "words"),
    [
        (datetime.time(10), "10am"),
        (datetime.time(12), "12 noon"),
        (datetime.time(0), "12 midnight"),
        (datetime.time(13, 30), "1:30pm"),
        (datetime.time(9, 5), "9:05am"),
    ],
)
def test_times_are_written_the_way_people_say_them(value, words):
    assert time_in_words(value) == words


def schedule(**fields) -> ActivitySchedule:
    values = {
        "frequency": "weekly",
        "weekday": 1,
        "starts_on": datetime.date(2026, 11, 3),
        "start_time": datetime.time(10),
        "end_time": datetime.time(12),
    }
    values.update(fields)
    return ActivitySchedule(**values)


@pytest.mark.parametrize(
    ("fields", "words", "rule", "first_three"),
    [
        (
            {},
            "Every Tuesday, 10am to 12 noon",
            "FREQ=WEEKLY;INTERVAL=1;BYDAY=TU",
            ["2026-12-01", "2026-12-08", "2026-12-15"],
        ),
        (
            {"frequency": "fortnightly"},
            "Every other Tuesday, 10am to 12 noon",
            "FREQ=WEEKLY;INTERVAL=2;BYDAY=TU",
            ["2026-12-01", "2026-12-15", "2026-12-29"],
        ),
        (
            {"frequency": "monthly", "week_of_month": 1},
            "First Tuesday of the month, 10am to 12 noon",
            "FREQ=MONTHLY;INTERVAL=1;BYDAY=1TU",
            ["2026-12-01", "2027-01-05", "2027-02-02"],
        ),
        (
            {"frequency": "monthly", "week_of_month": -1, "weekday": 4},
            "Last Friday of the month, 10am to 12 noon",
            "FREQ=MONTHLY;INTERVAL=1;BYDAY=-1FR",
            ["2026-11-27", "2026-12-25", "2027-01-29"],
        ),
        (
            {"frequency": "once", "weekday": None, "starts_on": datetime.date(2026, 12, 5)},
            "On Saturday 5 December, 10am to 12 noon",
            "FREQ=DAILY;COUNT=1",
            ["2026-12-05"],
        ),
    ],
)
def test_each_kind_of_schedule(fields, words, rule, first_three):
    rule_row = schedule(**fields)
    assert rule_row.in_words == words
    assert rule_row.rrule_string == rule
    after = datetime.datetime(2026, 11, 26)
    dates = [
        moment.date().isoformat()
        for moment in rule_row.occurrences_between(after, after + datetime.timedelta(days=100))
    ][:3]
    assert dates == first_three


def test_an_end_date_stops_the_rule():
    rule_row = schedule(ends_on=datetime.date(2026, 12, 10))
    after = datetime.datetime(2026, 11, 26)
    dates = rule_row.occurrences_between(after, after + datetime.timedelta(days=60))
    assert [d.date().isoformat() for d in dates] == ["2026-12-01", "2026-12-08"]
    assert rule_row.rrule_string.endswith("UNTIL=20261210T235959")


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"end_time": datetime.time(9)}, "end_time"),
        ({"weekday": None}, "weekday"),
        ({"frequency": "monthly"}, "week_of_month"),
        ({"ends_on": datetime.date(2026, 1, 1)}, "ends_on"),
    ],
)
def test_impossible_schedules_are_refused_with_a_clear_message(fields, field):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError) as raised:
        schedule(**fields).clean()
    assert field in raised.value.message_dict


@pytest.mark.django_db
def test_closures_are_skipped_in_the_next_dates(lambeth_directory, lambeth):
    activity = lambeth_directory.activity
    with inside(lambeth):
        after = datetime.datetime(2026, 11, 26)
        before = [moment.date() for moment, _ in activity.next_occurrences(after=after)]
        assert before == [datetime.date(2026, 12, d) for d in (1, 8, 15)]
        ActivityClosureFactory(
            activity=activity,
            starts_on=datetime.date(2026, 12, 7),
            ends_on=datetime.date(2026, 12, 9),
            reason="Christmas fair in the hall",
        )
        after_closure = [moment.date() for moment, _ in activity.next_occurrences(after=after)]
        assert after_closure == [datetime.date(2026, 12, d) for d in (1, 15, 22)]


@pytest.mark.django_db
def test_several_schedules_merge_in_date_order(lambeth_directory, lambeth):
    activity = lambeth_directory.activity
    with inside(lambeth):
        ActivityScheduleFactory(
            activity=activity,
            weekday=3,
            starts_on=datetime.date(2026, 1, 1),
            start_time=datetime.time(18),
            end_time=datetime.time(19),
        )
        upcoming = activity.next_occurrences(after=datetime.datetime(2026, 11, 26), count=4)
        # 26 November 2026 is a Thursday: its 6pm session is still to come.
        labels = [m.strftime("%a %d") for m, _ in upcoming]
        assert labels == ["Thu 26", "Tue 01", "Thu 03", "Tue 08"]
        assert activity.schedule_in_words == [
            "Every Tuesday, 10am to 12 noon",
            "Every Thursday, 6pm to 7pm",
        ]


def test_the_next_times_are_the_rules_own_for_every_kind_of_schedule():
    """Next times are worked out by date arithmetic (a search page asks for twenty):
    the same times as the schedule's RFC 5545 rule (dateutil) gives, from any moment,
    for 5,000 schedules of every kind, with and without an end date."""
    rng = random.Random(20261202)
    for _ in range(5000):
        starts_on = datetime.date(2025, 1, 1) + datetime.timedelta(days=rng.randrange(800))
        start_time = datetime.time(rng.randrange(24), rng.choice([0, 15, 30, 45]))
        one = schedule(
            frequency=rng.choice(["weekly", "fortnightly", "monthly", "once"]),
            weekday=rng.randrange(7),
            week_of_month=rng.choice([1, 2, 3, 4, -1]),
            starts_on=starts_on,
            ends_on=(
                starts_on + datetime.timedelta(days=rng.randrange(400))
                if rng.random() < 0.4
                else None
            ),
            start_time=start_time,
            end_time=datetime.time(23, 59),
        )
        day = starts_on + datetime.timedelta(days=rng.randrange(-40, 500))
        # Some moments are exactly a start time: it counts as the next one.
        after = datetime.datetime.combine(
            day, start_time if rng.random() < 0.2 else datetime.time(rng.randrange(24))
        )
        expected = list(itertools.islice(one.rule().xafter(after, inc=True), 4))
        assert list(itertools.islice(one.moments_from(after), 4)) == expected, (one, after)
