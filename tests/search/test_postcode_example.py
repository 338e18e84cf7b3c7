"""The search page's postcode box gives one of the borough's own districts as its example
(that of most of its places), never another borough's; plain words while it has no
places. The district is remembered per borough, so a page view makes no query for it,
and forgotten as soon as its places change or the borough is replaced."""

import pytest
from bs4 import BeautifulSoup

from django.db import connection
from django.test.utils import CaptureQueriesContext

from sites.core import site_cache
from sites.directory.factories import PlacePageFactory
from sites.directory.models import PlaceIndexPage
from tests.conftest import client_for, inside

pytestmark = pytest.mark.django_db


def add_places(borough, *postcodes: str) -> list:
    with inside(borough):
        places = PlaceIndexPage.objects.get()
        return [PlacePageFactory(parent=places, postcode=postcode) for postcode in postcodes]


def postcode_hint(borough) -> str:
    soup = BeautifulSoup(client_for(borough).get("/search/").content, "html.parser")
    box = soup.find("input", attrs={"name": "postcode"})
    return soup.find(id=box["aria-describedby"].split()[0]).get_text(" ", strip=True)


def test_each_borough_gives_its_own_district_as_the_example(
    lambeth, southwark, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        add_places(lambeth, "SW2 5SG", "SW2 1JQ", "SE11 5AB")
        add_places(southwark, "SE15 5JR")
    assert postcode_hint(lambeth) == "A full postcode, or just the first part, such as SW2."
    southwark_hint = postcode_hint(southwark)
    assert southwark_hint == "A full postcode, or just the first part, such as SE15."
    assert "SW" not in southwark_hint


def test_a_borough_without_places_gives_no_place(lambeth):
    assert postcode_hint(lambeth) == "A full postcode, or just the first part, before the space."


def test_the_district_is_remembered_until_the_places_change(
    lambeth, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        [place] = add_places(lambeth, "SE11 5AB")
    assert "such as SE11." in postcode_hint(lambeth)
    with CaptureQueriesContext(connection) as captured:
        assert "such as SE11." in postcode_hint(lambeth)
    read = [query["sql"] for query in captured.captured_queries]
    assert not [sql for sql in read if "directory_placepage" in sql], read

    # The only place is taken down: the example goes with it, on the next page view.
    with django_capture_on_commit_callbacks(execute=True), inside(lambeth):
        place.unpublish()
    assert postcode_hint(lambeth) == "A full postcode, or just the first part, before the space."

    # A borough launched again under the same schema (retire_borough and launch_borough
    # call schema_replaced) is read afresh, never from what the old one left.
    with django_capture_on_commit_callbacks(execute=True):
        add_places(lambeth, "SW9 8LF")
    assert "such as SE11." not in postcode_hint(lambeth)
    site_cache.schema_replaced(lambeth.schema_name)
    with CaptureQueriesContext(connection) as captured:
        assert "such as SW9." in postcode_hint(lambeth)
    assert [query for query in captured.captured_queries if "directory_placepage" in query["sql"]]


def postcode_error(borough, typed: str) -> str:
    soup = BeautifulSoup(
        client_for(borough).get("/search/", {"postcode": typed}).content, "html.parser"
    )
    error = soup.find(id="search-postcode-error")
    return " ".join(error.get_text(" ").split()).removeprefix("Error: ")


def test_a_postcode_error_gives_the_example_the_hint_gives(
    lambeth, southwark, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        add_places(lambeth, "SW2 5SG", "SW2 1JQ", "SE11 5AB")
        add_places(southwark, "SE15 5JR")
    assert postcode_error(lambeth, "zzz") == (
        "“zzz” does not look like a UK postcode. "
        "Try a full postcode, or just the first part, such as SW2."
    )
    assert postcode_error(lambeth, "<>") == (
        "That does not look like a UK postcode. "
        "Try a full postcode, or just the first part, such as SW2."
    )
    southwark_error = postcode_error(southwark, "zzz")
    assert southwark_error.endswith("such as SE15.")
    assert "SW" not in southwark_error
    answer = client_for(southwark).get("/search.json", {"postcode": "zzz"}).json()
    assert answer["postcode_error"] == southwark_error, "the JSON says the same"


def test_a_postcode_error_in_a_borough_without_places_gives_no_place(lambeth):
    assert postcode_error(lambeth, "zzz") == (
        "“zzz” does not look like a UK postcode. "
        "Try a full postcode, or just the first part, before the space."
    )
