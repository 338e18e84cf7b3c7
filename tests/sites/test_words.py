"""One way to write a time everywhere: '2pm', '2:30pm', '12 noon' (never '2:00 p.m.')."""

import datetime
import re
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from django.conf import settings
from django.template import engines
from django.utils import dateformat, translation
from django.utils.datastructures import MultiValueDict
from django.utils.translation import gettext

from sites.community.events.forms import EventFilterForm, parse_date
from sites.core.words import date_in_words, in_each_language, moment_in_words, time_in_words
from tests.conftest import inside

LONDON = ZoneInfo("Europe/London")


@pytest.mark.parametrize(
    ("at", "words"),
    [
        (datetime.time(14), "2pm"),
        (datetime.time(14, 30), "2:30pm"),
        (datetime.time(9, 5), "9:05am"),
        (datetime.time(12), "12 noon"),
        (datetime.time(0), "12 midnight"),
    ],
)
def test_times_are_written_the_plain_way(at, words):
    assert time_in_words(at) == words


def test_a_moment_is_written_in_london_time():
    # 14:30 UTC in summer is 3:30pm in London.
    summer = datetime.datetime(2026, 7, 1, 14, 30, tzinfo=datetime.UTC)
    assert moment_in_words(summer) == "1 July 2026, 3:30pm"
    assert moment_in_words(summer, "l j F") == "Wednesday 1 July, 3:30pm"


def test_a_date_is_written_in_the_readers_language_however_often_it_is_asked():
    """Dates are remembered per language (a search page writes twenty): never the words
    of the language that asked first."""
    day = datetime.date(2026, 12, 1)
    written = {}
    for language in ["en-gb", "pl", "ar", "en-gb", "pl"]:
        with translation.override(language):
            written.setdefault(language, date_in_words(day))
            assert date_in_words(day) == written[language] == dateformat.format(day, "l j E")
    assert written["en-gb"] == "Tuesday 1 December"
    assert len(set(written.values())) == 3
    # A moment of a day is written as before (not remembered), in its own day.
    with translation.override("en-gb"):
        assert date_in_words(datetime.datetime(2026, 12, 2, 9, tzinfo=LONDON)) == (
            "Wednesday 2 December"
        )


def test_a_text_remembered_per_language_is_the_readers_language():
    free = in_each_language(lambda: gettext("Free"))
    for language in ["en-gb", "pl", "en-gb", "pl"]:
        with translation.override(language):
            assert free() == gettext("Free")
    with translation.override("pl"):
        assert free() != "Free"


def test_the_template_filters_use_the_same_words():
    template = engines["django"].from_string(
        "{% load words %}{{ at|moment }} / {{ at|moment:'l j F' }} / {{ at|time_words }}"
    )
    at = datetime.datetime(2026, 12, 1, 14, 0, tzinfo=LONDON)
    assert template.render({"at": at}) == "1 December 2026, 2pm / Tuesday 1 December, 2pm / 2pm"


TEMPLATE_ROOTS = ["themes", "sites"]
# Django's own time formats ('2:00 p.m.', '14:00') in a template's date filter.
CLOCK_IN_DATE_FILTER = re.compile(r"\|date:\"[^\"]*[gGhHiaAP]")


def test_no_template_writes_a_time_with_djangos_date_filter():
    base = Path(settings.BASE_DIR)
    offenders = [
        f"{path.relative_to(base)}:{number}"
        for root in TEMPLATE_ROOTS
        for path in (base / root).rglob("*.html")
        for number, line in enumerate(path.read_text().splitlines(), start=1)
        if CLOCK_IN_DATE_FILTER.search(line)
    ]
    assert offenders == [], "use |moment or |time_words (sites/core/words.py) instead"


def test_the_date_hint_written_in_plain_words_is_understood():
    assert parse_date("27 March 2026") == datetime.date(2026, 3, 27)
    assert parse_date("27 Mar 2026") == datetime.date(2026, 3, 27)
    assert parse_date("2026-03-27") == datetime.date(2026, 3, 27)


def test_the_events_filter_takes_a_date_in_words_and_says_what_is_chosen(lambeth):
    params = MultiValueDict({"from": ["27 March 2026"], "free": ["yes"], "day": ["saturday"]})
    with inside(lambeth):
        form = EventFilterForm(params, today=datetime.date(2026, 3, 1))
    assert form.ignored == []
    assert form.first_day == datetime.date(2026, 3, 27)
    assert form.chosen_in_words() == ["from Friday 27 March 2026", "Saturday", "Free only"]
