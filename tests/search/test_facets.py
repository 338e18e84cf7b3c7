"""Facets: counts for every option, and conditions that mean what "Things to do" means."""

import datetime

import pytest

from search.registry import result_type
from search.selectors import SearchRequest, search_borough
from sites.directory.factories import ActivityPageFactory, ActivityScheduleFactory
from sites.directory.models import ActivityPage, ActivitySchedule
from sites.directory.selectors import ActivityFilters, filter_activities
from tests.conftest import inside
from tests.search.conftest import refresh_engine


def search(query="", **kwargs):
    return search_borough(SearchRequest(query=query, **kwargs))


def titles(outcome) -> list[str]:
    return [result.title for result in outcome.results]


@pytest.fixture
def yoga(lambeth, directory):
    with inside(lambeth):
        activity = ActivityPageFactory(
            parent=directory.organisation, title="Gentle yoga", summary="Stretch and breathe."
        )
        ActivityScheduleFactory(
            activity=activity,
            weekday=4,
            starts_on=datetime.date(2026, 1, 2),
            start_time=datetime.time(14),
            end_time=datetime.time(15),
        )
        refresh_engine()
    return activity


def facet(outcome, key) -> dict[str, int]:
    found = next(f for f in outcome.facets if f.key == key)
    return {option.value: option.count for option in found.options}


@pytest.mark.django_db
def test_facets_count_what_each_choice_would_give(lambeth, directory, yoga):
    with inside(lambeth):
        everything = search(postcode="SW2")  # no words: every visible listing
        # The hall; the knitters' front room is someone's home, never a result itself.
        assert facet(everything, "type") == {"activity": 3, "organisation": 2, "place": 1}
        assert facet(everything, "cost") == {"free": 2, "paid": 1}
        assert facet(everything, "way") == {"in_person": 3, "online": 1}
        assert facet(everything, "day") == {"1": 1, "3": 1, "4": 1}
        assert facet(everything, "time") == {"morning": 1, "afternoon": 1, "evening": 1}
        assert facet(everything, "interest") == {
            "gardening-and-outdoors": 1,
            "music-and-singing": 1,
        }
        # Activities with step-free access (their own or their place's), and places.
        assert facet(everything, "access")["step_free_access"] >= 2

        free = search(postcode="SW2", chosen={"cost": ["free"]})
        assert sorted(titles(free)) == ["Gentle yoga", "Tuesday garden club"]
        # Within a facet, counts show what adding another choice would give.
        assert facet(free, "cost") == {"free": 2, "paid": 1}
        assert facet(free, "type") == {"activity": 2}  # options with no results are left out
        assert facet(free, "time") == {"morning": 1, "afternoon": 1}

        # Day and time apply to the same session.
        thursday_evening = search(postcode="SW2", chosen={"day": ["3"], "time": ["evening"]})
        assert titles(thursday_evening) == ["Evening choir"]
        thursday_morning = search(postcode="SW2", chosen={"day": ["3"], "time": ["morning"]})
        assert titles(thursday_morning) == []

        places = search("brixton", chosen={"type": ["place"]})
        assert titles(places) == ["Brixton Community Hall"]
        unknown = search("garden", chosen={"day": ["monday", "9"], "nonsense": ["1"]})
        assert unknown.chosen == {}  # unknown values are left out, not an error


SAME_AS_THINGS_TO_DO = [
    ("interest", "gardening-and-outdoors", {"interests": ["gardening-and-outdoors"]}),
    ("interest", "music-and-singing", {"interests": ["music-and-singing"]}),
    ("day", "1", {"weekdays": [1]}),
    ("day", "3", {"weekdays": [3]}),
    ("day", "0", {"weekdays": [0]}),
    ("time", "morning", {"times_of_day": ["morning"]}),
    ("time", "evening", {"times_of_day": ["evening"]}),
    ("way", "online", {"ways": ["online"]}),
    ("access", "step_free_access", {"accessibility": ["step_free_access"]}),
    ("access", "hearing_loop", {"accessibility": ["hearing_loop"]}),
]


@pytest.mark.django_db
def test_facet_conditions_mean_what_things_to_do_means(lambeth, directory, yoga):
    with inside(lambeth):
        # A one-off date that has passed, and a time that has ended: neither counts.
        ActivityScheduleFactory(
            activity=yoga,
            frequency=ActivitySchedule.Frequency.ONCE,
            weekday=None,
            starts_on=datetime.date(2020, 1, 6),  # a Monday
            start_time=datetime.time(19),
            end_time=datetime.time(20),
        )
        for key, value, filters in SAME_AS_THINGS_TO_DO:
            condition = result_type("activity").facet_filters[key](value, {})
            ours = set(
                ActivityPage.objects.filter(
                    pk__in=ActivityPage._base_manager.filter(condition).values("pk")
                ).values_list("pk", flat=True)
            )
            theirs = set(
                filter_activities(
                    ActivityPage.objects.all(), ActivityFilters(**filters)
                ).values_list("pk", flat=True)
            )
            assert ours == theirs, (key, value)
