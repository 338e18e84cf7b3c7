"""What one search costs: a page of results is read in a fixed number of queries, its
objects answer as if each were read alone, and the view restrictions' single read still
hides what it must (docs/operations/search.md, "What the page does, in order")."""

import datetime

import pytest
import time_machine

from django.contrib.auth.models import AnonymousUser
from django.db import connection
from django.test.utils import CaptureQueriesContext

from wagtail.models import PageViewRestriction

from search.engine import FEW_MATCHES
from search.page_reading import read_page
from search.registry import result_type, result_types
from search.selectors import SearchRequest, search_borough
from sites.community.factories import UserFactory
from sites.core.factories import easy_read_points
from sites.directory.factories import (
    ActivityClosureFactory,
    ActivityPageFactory,
    ActivityScheduleFactory,
    OrganisationPageFactory,
)
from sites.directory.selectors import visible_activities
from tests.conftest import client_for, inside
from tests.directory.conftest import build_directory
from tests.search.conftest import reindex

# A Monday morning: the next sessions and closures below are all in the future.
NOW = datetime.datetime(2026, 3, 2, 9, 0, tzinfo=datetime.UTC)


def _pottery(directory, count: int, first: int = 0) -> list:
    """``count`` pottery activities sharing the directory's places, with times and a
    closure each (what a result describes)."""
    made = []
    for n in range(first, first + count):
        activity = ActivityPageFactory(
            parent=directory.organisation,
            title=f"Pottery group {n}",
            summary="Clay and wheels.",
            place=directory.place if n % 2 else directory.home_place,
        )
        ActivityScheduleFactory(
            activity=activity,
            weekday=n % 7,
            starts_on=datetime.date(2026, 1, 5),
            start_time=datetime.time(10 + n % 8),
            end_time=datetime.time(11 + n % 8),
        )
        ActivityClosureFactory(activity=activity, starts_on=datetime.date(2026, 3, 2 + n % 7))
        made.append(activity)
    reindex(*made)
    return made


def _search_queries(query: str) -> int:
    search_borough(SearchRequest(query=query))  # Django's content types, read once
    with CaptureQueriesContext(connection) as queries:
        outcome = search_borough(SearchRequest(query=query))
    assert outcome.results
    return len(queries)


@pytest.mark.django_db
@time_machine.travel(NOW, tick=False)
def test_a_page_of_results_costs_the_same_queries_as_a_few_results(lambeth, directory):
    # Over FEW_MATCHES both times, so neither search adds typo guesses.
    with inside(lambeth):
        _pottery(directory, FEW_MATCHES + 1)
        few = _search_queries("pottery")
        _pottery(directory, 12, first=FEW_MATCHES + 1)
        assert len(search_borough(SearchRequest(query="pottery")).results) == FEW_MATCHES + 13
        assert _search_queries("pottery") == few


@pytest.mark.django_db
@time_machine.travel(NOW, tick=False)
def test_the_page_of_results_is_read_by_queries_planned_once(lambeth, directory, settings):
    """After a few searches on a connection, the page's reads (activities, their places,
    times and closures) are prepared: PostgreSQL no longer plans them on every page."""

    def prepared() -> set[str]:
        with connection.cursor() as cursor:
            cursor.execute("SELECT statement FROM pg_prepared_statements")
            tables = ("activitypage", "placepage", "activityschedule", "activityclosure")
            return {
                t
                for (sql,) in cursor.fetchall()
                for t in tables
                if f'"directory_{t}"."' in sql.split("FROM")[0]
            }

    with inside(lambeth):
        _pottery(directory, 3)
        for _ in range(settings.DATABASE_PREPARE_AFTER + 1):
            assert search_borough(SearchRequest(query="pottery")).results
        # Only a prepared cursor prepares: Django's own bind parameters into the SQL.
        assert prepared() == {
            "activitypage",
            "placepage",
            "activityschedule",
            "activityclosure",
        }


def _nearest_first_queries(lambeth, directory):
    """A "pottery" search near SW9, nearest first, among street places and homes in SW9:
    its outcome and the queries it made."""
    with inside(lambeth):
        _pottery(directory, 4)
        request = SearchRequest(query="pottery", postcode="SW9", sort="distance")
        search_borough(request)  # Django's content types, read once
        with CaptureQueriesContext(connection) as queries:
            outcome = search_borough(request)
    return outcome, queries


@pytest.mark.django_db
@time_machine.travel(NOW, tick=False)
def test_a_postcode_districts_centre_is_read_once_a_search(lambeth, directory):
    """Near SW9, with a home in SW9 among the results (measured from its district's
    centre): the searcher's district and the home's are one read."""
    outcome, queries = _nearest_first_queries(lambeth, directory)
    from_the_district = [r for r in outcome.results if r.distance.approximate]
    assert from_the_district, "homes in SW9, measured from its centre"
    district_reads = [q for q in queries if "postcodes_postcodedistrict" in q["sql"]]
    assert len(district_reads) == 1


@pytest.mark.django_db
@time_machine.travel(NOW, tick=False)
def test_a_distance_page_measures_from_the_places_read_with_it(lambeth, directory, search_backend):
    """Nearest first on the engine: the distances come from the places the page read
    with its activities, not from a second read of them. PostgreSQL alone measures
    every match to sort them (one read), then reads the page."""
    outcome, queries = _nearest_first_queries(lambeth, directory)
    assert {r.distance.approximate for r in outcome.results} == {True, False}
    assert [r.distance.miles for r in outcome.results] == sorted(
        r.distance.miles for r in outcome.results
    )
    place_reads = [q for q in queries if '"directory_placepage"."latitude"' in q["sql"]]
    assert len(place_reads) == (1 if search_backend == "engine" else 2)


@pytest.mark.django_db
@time_machine.travel(NOW, tick=False)
def test_places_read_with_a_page_locate_it_as_the_database_does(lambeth, directory):
    """A street place and a home (its district only) measure the same from the page's
    objects as from a read of their places."""
    with inside(lambeth):
        made = _pottery(directory, 4)
        activity = result_type("activity")
        objects = read_page(activity, [a.pk for a in made])
        queryset = activity.model.objects.filter(pk__in=[a.pk for a in made])
        in_memory = activity.locate.in_memory(objects)
        assert in_memory == activity.locate(queryset)
        assert {location.point is None for [location] in in_memory.values()} == {True, False}
        # Objects read without their places are not measured from memory.
        assert activity.locate.in_memory(list(queryset)) is None


@pytest.mark.django_db
@time_machine.travel(NOW, tick=False)
def test_each_result_reads_as_if_its_object_were_read_alone(lambeth, directory):
    with inside(lambeth):
        _pottery(directory, 9)
        outcome = search_borough(SearchRequest(query="pottery"))
        assert len(outcome.results) == 9
        activity = result_type("activity")
        for result in outcome.results:
            alone = activity.prepare(activity.visible(None).filter(pk=result.object.pk)).get()
            assert result.details == activity.describe(alone)
            assert result.details.when  # the times and closures were there to read
            assert result.url == alone.get_url()
            assert result.title == alone.title


@pytest.mark.django_db
def test_view_restrictions_hide_an_organisations_activities_and_one_activity(lambeth, directory):
    with inside(lambeth):
        others = OrganisationPageFactory(
            parent=directory.organisation.get_parent(), title="Members' potters"
        )
        behind_organisation = ActivityPageFactory(parent=others, title="Pottery members")
        behind_itself = ActivityPageFactory(parent=directory.organisation, title="Pottery VIP")
        shown = ActivityPageFactory(parent=directory.organisation, title="Pottery open")
        reindex(behind_organisation, behind_itself, shown)
        assert {"Pottery members", "Pottery VIP", "Pottery open"} <= set(
            visible_activities().values_list("title", flat=True)
        )
        # Restricted without a signal: the engine's copy still says "shown", the page's
        # re-check must drop them (and not count them).
        for page in (others, behind_itself):
            PageViewRestriction.objects.create(page=page, restriction_type="login")
        titles = set(visible_activities().values_list("title", flat=True))
        assert "Pottery open" in titles
        assert not {"Pottery members", "Pottery VIP"} & titles
        outcome = search_borough(SearchRequest(query="pottery"))
        assert [result.title for result in outcome.results] == ["Pottery open"]
        assert outcome.total == 1


@pytest.mark.django_db
@time_machine.travel(NOW, tick=False)
def test_the_page_labels_every_result_row_translated_once(lambeth, directory):
    with inside(lambeth):
        _pottery(directory, 3)
    html = client_for(lambeth).get("/search/", {"q": "pottery", "postcode": "SW2 5SG"})
    html = html.content.decode()
    assert html.count("<dt>When</dt><dd>Next on ") == 3
    assert html.count("<dt>Where</dt><dd>") == 3
    assert html.count("<dt>Distance</dt><dd>") == 3
    assert html.count("<dt>Good to know</dt><dd>Free") == 3


def _fields(obj) -> dict:
    return {name: value for name, value in vars(obj).items() if not name.startswith("_")}


@pytest.mark.django_db
@time_machine.travel(NOW, tick=False)
def test_the_page_reader_reads_each_object_as_django_does(lambeth, directory):
    """search/page_reading.py makes objects from rows: the same fields, place, times
    and closures (in order, each knowing its activity) as Django's own reading."""
    with inside(lambeth):
        made = _pottery(directory, 6)
        # An Easy Read version (a StreamField, read with page_reading's own converter).
        made[0].easy_read = easy_read_points("We make pots.", "Bring an apron.")
        made[0].save_revision().publish()
        for key in ("activity", "organisation", "place"):
            kind = result_type(key)
            keys = list(kind.model.objects.values_list("pk", flat=True))
            read = {obj.pk: obj for obj in read_page(kind, keys)}
            django = {obj.pk: obj for obj in kind.prepare(kind.visible(None).filter(pk__in=keys))}
            assert read and read.keys() == django.keys()
            for pk, expected in django.items():
                obj = read[pk]
                assert _fields(obj) == _fields(expected)
                assert list(obj.easy_read.raw_data) == list(expected.easy_read.raw_data)
                if pk == made[0].pk:
                    assert "We make pots." in str(obj.easy_read.raw_data[0])
                assert kind.describe(obj) == kind.describe(expected)
                if key == "activity":
                    assert _fields(obj.place) == _fields(expected.place)
                    for relation in ("schedules", "closures"):
                        children = list(getattr(obj, relation).all())
                        assert [_fields(c) for c in children] == [
                            _fields(c) for c in getattr(expected, relation).all()
                        ]
                        assert all(child.activity is obj for child in children)
                if key == "organisation":
                    assert [p.pk for p in obj.places.all()] == [p.pk for p in expected.places.all()]


@pytest.mark.django_db
def test_what_is_compiled_once_is_the_same_for_every_viewer_and_borough(lambeth, southwark):
    """A type marked ``same_for_everyone`` has its page's re-check compiled once per
    process: its visibility query must not depend on the viewer nor on a borough's
    data (here a view restriction in one borough only)."""
    marked = [kind for kind in result_types() if kind.same_for_everyone]
    assert {kind.key for kind in marked} >= {"activity", "organisation", "place"}

    def compiled(kind, viewer):
        return kind.visible(viewer).query.sql_with_params()

    with inside(southwark):
        plain = {kind.key: compiled(kind, None) for kind in marked}
    built = build_directory(lambeth)
    with inside(lambeth):
        PageViewRestriction.objects.create(page=built.organisation, restriction_type="login")
        viewers = [None, AnonymousUser(), UserFactory()]
        for kind in marked:
            for viewer in viewers:
                assert compiled(kind, viewer) == plain[kind.key]
