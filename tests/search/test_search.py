"""The search box: matching, typos, ranking, visibility, highlights and details, on the
engine and on PostgreSQL alone."""

import datetime

import pytest

from django.db import connection

from search.conf import search_backends
from search.selectors import SearchRequest, search_borough
from sites.directory.factories import (
    ActivityPageFactory,
    ActivityScheduleFactory,
    OrganisationPageFactory,
)
from sites.directory.models import Interest
from tests.conftest import inside
from tests.search.conftest import refresh_engine, reindex


def search(query="", **kwargs):
    return search_borough(SearchRequest(query=query, **kwargs))


def titles(outcome) -> list[str]:
    return [result.title for result in outcome.results]


@pytest.fixture
def yoga(lambeth, directory):
    with inside(lambeth):
        activity = ActivityPageFactory(
            parent=directory.organisation,
            title="Gentle yoga",
            summary="Stretch and breathe <b>slowly</b> & kindly, on chairs or mats.",
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


@pytest.mark.django_db
def test_finds_activities_organisations_and_places_by_their_words(lambeth, directory):
    with inside(lambeth):
        assert titles(search("garden club")) == ["Tuesday garden club"]
        assert "Stockwell Singers" in titles(search("choir"))  # an organisation's summary
        assert "Brixton Community Hall" in titles(search("community hall"))


@pytest.mark.django_db
def test_the_engine_answers_when_it_is_there(lambeth, directory, search_backend):
    with inside(lambeth):
        assert search("choir").mode == search_backend


@pytest.mark.django_db
def test_a_typo_still_finds_it(lambeth, yoga):
    with inside(lambeth):
        assert titles(search("yogga")) == ["Gentle yoga"]
        assert titles(search("gardn club"))[0] == "Tuesday garden club"


def sunday_stroll(directory):
    """A walk whose words say nothing of walking: only its interest does."""
    stroll = ActivityPageFactory(
        parent=directory.organisation, title="Sunday stroll", summary="An easy pace."
    )
    stroll.interests.set([Interest.objects.get(slug="walking")])
    stroll.save_revision().publish()
    return stroll


@pytest.mark.django_db
def test_titles_and_interests_rank_above_descriptions(lambeth, directory, search_backend):
    with inside(lambeth):
        by_interest = sunday_stroll(directory)
        ActivityPageFactory(
            parent=directory.organisation,
            title="Tea and chat",
            summary="We talk about everything.",
            description="<p>Some of us go walking afterwards.</p>",
        )
        ActivityPageFactory(
            parent=directory.other_organisation,
            title="Walking football",
            summary="Football, slowly.",
        )
        reindex(by_interest)
        as_typed = titles(search("walking"))
        with_typo = titles(search("walkng"))
    # The word in a title, or an interest's name, counts for more than in a description;
    # on the engine, so does a typo's guess (PostgreSQL ranks guesses by likeness alone).
    for found in (as_typed, with_typo) if search_backend == "engine" else (as_typed,):
        assert set(found[:2]) == {"Walking football", "Sunday stroll"}
        assert found[2] == "Tea and chat"


@pytest.mark.django_db
def test_one_word_naming_an_interest_is_enough(lambeth, directory, search_backend):
    """Interests are matched on any one word ("walking pottery" finds a walk), through
    the related fields' plain objects on the engine (search/backends/mapping.py)."""
    with inside(lambeth):
        reindex(sunday_stroll(directory))
        assert "Sunday stroll" in titles(search("walking pottery"))
        assert "Sunday stroll" in titles(search("walkng"))  # a typo in the interest
        if search_backend == "engine":  # PostgreSQL's typo guesses need every word
            assert "Sunday stroll" in titles(search("walkng pottery"))
        assert "Sunday stroll" not in titles(search("pottery"))


@pytest.mark.django_db
def test_only_what_the_public_may_see_is_found(lambeth, directory):
    with inside(lambeth):
        draft = ActivityPageFactory(
            parent=directory.organisation, title="Pottery draft", summary="Clay.", live=False
        )
        ActivityPageFactory(
            parent=directory.organisation,
            title="Pottery stale",
            summary="Clay.",
            hidden_as_stale=True,
        )
        hidden_organisation = OrganisationPageFactory(
            parent=directory.organisation.get_parent(), title="Old potters", hidden_as_stale=True
        )
        ActivityPageFactory(parent=hidden_organisation, title="Pottery orphan", summary="Clay.")
        ActivityPageFactory(parent=directory.organisation, title="Pottery live", summary="Clay.")
        reindex(draft)
        assert titles(search("pottery")) == ["Pottery live"]


@pytest.mark.django_db
def test_results_say_when_and_where_in_plain_words(lambeth, directory):
    with inside(lambeth):
        garden = search("garden club").results[0]
        choir = search("evening choir").results[0]
    assert garden.type.label == "Activity"
    assert garden.details.when.startswith("Next on Tuesday ")
    assert garden.details.when.endswith(", 10am")
    assert garden.details.where == "12 Acre Lane, London, SW2 5SG"
    assert "Free" in garden.details.facts
    # A home meeting place: only its district, never the street.
    assert choir.details.where == "SW9 area"
    assert choir.details.when.startswith("Next on Thursday ")
    assert "£3 a session" in choir.details.facts


@pytest.mark.django_db
def test_snippets_highlight_the_match_and_escape_the_rest(lambeth, yoga):
    with inside(lambeth):
        result = search("yogga").results[0]
    assert "<mark>yoga</mark>" in result.title_html.lower()
    snippet = str(result.snippet_html)
    assert "&lt;b&gt;slowly&lt;/b&gt;" in snippet and "&amp; kindly" in snippet
    assert "<b>" not in snippet
    with inside(lambeth):
        result = search("breathe").results[0]
    assert "<mark>breathe</mark>" in str(result.snippet_html)


@pytest.mark.django_db
def test_without_pg_trgm_typos_find_nothing_but_nothing_breaks(lambeth, yoga, settings):
    settings.WAGTAILSEARCH_BACKENDS = search_backends(None, "opensearch", "")
    with inside(lambeth):
        assert titles(search("yogga")) == ["Gentle yoga"]
        # pg_trgm's functions live in the public schema: out of the search path, they
        # are missing, as on a server where the extension was never created.
        with connection.cursor() as cursor:
            cursor.execute(f"SET search_path TO {connection.schema_name}")
        assert titles(search("yogga")) == []
        assert titles(search("yoga")) == ["Gentle yoga"]


@pytest.mark.django_db
def test_private_use_characters_in_a_listing_never_become_highlights(lambeth, directory):
    # U+E000/U+E001 were once the engine's own highlight marks: typed into content they
    # must stay plain text, and only the matched word is marked.
    with inside(lambeth):
        ActivityPageFactory(
            parent=directory.organisation,
            title="Tai chi",
            summary="Slow \ue000forged\ue001 movement for everyone, tai chi in the park.",
        )
        refresh_engine()
        result = search("movement").results[0]
    snippet = str(result.snippet_html)
    assert "<mark>movement</mark>" in snippet
    assert "<mark>forged</mark>" not in snippet and snippet.count("<mark>") == 1
    assert "\ue000forged\ue001" in snippet
