"""Answers computed in the engine (search/answers.py): the same as PostgreSQL's.

- facet counts are engine aggregations over every match: equal to the counts the
  database path computes in PostgreSQL over the same data, for several choices;
- the engine itself returns only what each kind of viewer may see (asked directly,
  before PostgreSQL's re-check of the page);
- distances and "nearest first" in the engine, with a hidden home measured from its
  postcode district only (its own coordinates are never in the index);
- a page whose re-check drops a result is refilled with the next ones.
"""

import datetime
import random

import pytest

from django.contrib.auth.models import AnonymousUser

from search.answers import ask_engine
from search.conf import search_backends
from search.document import ANSWERS
from search.engine import _search
from search.fallback import engine_backend
from search.indexing import sync_object
from search.postcodes.services import district_centre
from search.selectors import (
    SearchRequest,
    _choose_sort,
    _expand,
    _question,
    _read,
    search_borough,
)
from sites.community.models import Post
from sites.community.services import blocking
from sites.core.roles import EDITORS, MODERATORS
from sites.directory.factories import ActivityPageFactory, ActivityScheduleFactory
from sites.directory.models import ActivityPage, ActivitySchedule, Interest
from tests.community.conftest import make_event, make_group, make_member, make_staff, make_thread
from tests.conftest import inside
from tests.search.conftest import make_canary_word, refresh_engine, reindex

ANONYMOUS = AnonymousUser()


def engine_found(query: str, viewer=ANONYMOUS, **asked) -> set[tuple[str, int]]:
    """What the ENGINE returns for ``viewer``, before PostgreSQL re-checks anything."""
    refresh_engine()
    search = _read(SearchRequest(query=query, per_page=100, **asked), viewer)
    _expand(search)
    _choose_sort(search)
    answer = ask_engine(engine_backend(), _question(search), 0, 100)
    return {(result_type.key, pk) for result_type, pk in answer.hits}


def facets_of(outcome) -> dict[str, dict[str, int]]:
    return {f.key: {o.value: o.count for o in f.options} for f in outcome.facets}


def answers_of(request: SearchRequest) -> tuple[int, dict, list]:
    outcome = search_borough(request)
    return outcome.total, facets_of(outcome), sorted(r.title for r in outcome.results)


# --- Aggregations equal PostgreSQL's counts ----------------------------------------------------


@pytest.fixture
def many_activities(lambeth, engine_directory):
    """30 activities with the same canary word and mixed facet values (seeded)."""
    rng = random.Random(11)  # noqa: S311 - made-up content, the same every run
    word = make_canary_word("agg")
    with inside(lambeth):
        interests = list(Interest.objects.order_by("slug")[:4])
        made = []
        for n in range(30):
            activity = ActivityPageFactory(
                parent=rng.choice(
                    [engine_directory.organisation, engine_directory.other_organisation]
                ),
                title=f"Session {n} {word}",
                summary=f"Meet people {word}.",
                place=rng.choice([engine_directory.place, engine_directory.home_place, None]),
                is_free=(free := rng.random() < 0.6),
                cost_details="" if free else "£2",
                online=(online := rng.random() < 0.3),
                online_url=f"https://meet.example.org/{n}" if online else "",
                by_phone=rng.random() < 0.2,
                step_free_access=rng.random() < 0.5,
                hearing_loop=rng.random() < 0.3,
            )
            activity.interests.set(rng.sample(interests, rng.randint(0, 2)))
            for _ in range(rng.randint(0, 2)):
                # Weekly for good, ended, ending in the far future; one-off dates gone
                # and to come (far from any day the tests run on: no clock to freeze).
                ended, ending = datetime.date(2020, 1, 1), datetime.date(2090, 1, 1)
                once = rng.random() < 0.4
                ActivityScheduleFactory(
                    activity=activity,
                    frequency=ActivitySchedule.Frequency.ONCE if once else "weekly",
                    weekday=None if once else rng.randrange(7),
                    starts_on=rng.choice([ended, ending]) + datetime.timedelta(rng.randrange(7))
                    if once
                    else datetime.date(2019, 1, 1),
                    ends_on=None if once else rng.choice([None, ended, ending]),
                    start_time=datetime.time(rng.choice([9, 13, 19])),
                    end_time=datetime.time(21),
                )
            made.append(activity)
        reindex(*ActivityPage.objects.filter(pk__in=[a.pk for a in made]))
    return word, interests


@pytest.mark.search_engine
@pytest.mark.django_db
def test_engine_counts_equal_postgresql_counts(lambeth, many_activities, settings):
    word, interests = many_activities
    requests = [
        SearchRequest(query=word, per_page=100),
        SearchRequest(query=word, per_page=100, chosen={"cost": ["free"]}),
        SearchRequest(query=word, per_page=100, chosen={"day": ["1", "4"], "time": ["evening"]}),
        SearchRequest(query=word, per_page=100, chosen={"time": ["morning", "afternoon"]}),
        SearchRequest(
            query=word,
            per_page=100,
            chosen={"access": ["step_free_access", "hearing_loop"], "way": ["online"]},
        ),
        SearchRequest(
            query=word, per_page=100, chosen={"interest": [interests[0].slug], "type": ["place"]}
        ),
        SearchRequest(per_page=100, chosen={"interest": [i.slug for i in interests[:2]]}),
        SearchRequest(per_page=100, postcode="SW2", within=1, chosen={"cost": ["paid"]}),
    ]
    with inside(lambeth):
        refresh_engine()
        on_engine = []
        for request in requests:
            outcome = search_borough(request)
            assert outcome.mode == "engine"
            on_engine.append(answers_of(request))
        settings.WAGTAILSEARCH_BACKENDS = search_backends(None, "opensearch", "")
        in_postgresql = [answers_of(request) for request in requests]
    for request, engine, database in zip(requests, on_engine, in_postgresql, strict=True):
        assert engine == database, request
    assert on_engine[0][0] >= 30  # the words matched every one of them
    assert sum(on_engine[2][1]["day"].values()) > 0  # the choices really narrowed something


# --- Visibility in the engine, per kind of viewer ---------------------------------------------


@pytest.mark.search_engine
@pytest.mark.django_db
def test_the_engine_returns_only_what_each_viewer_may_see(lambeth):
    word = make_canary_word("vis")
    organiser, member, outsider, author, blocker = (make_member(lambeth) for _ in range(5))
    moderator = make_staff(lambeth, "vis-moderator@lambeth.example.org", MODERATORS)
    editor = make_staff(lambeth, "vis-editor@lambeth.example.org", EDITORS)
    private = make_group(
        lambeth, organiser=organiser, members=[member], visibility="members-only", name=word
    )
    public_event = make_event(lambeth, title=f"Open day {word}")
    private_event = make_event(lambeth, title=f"Members night {word}", group=private)
    finished = make_event(lambeth, title=f"Last year {word}", days=-400)
    public_thread, public_post = make_thread(
        lambeth, author, title=f"Cafes {word}", body=f"Try this {word}."
    )
    private_thread, private_post = make_thread(
        lambeth, member, title=f"Our plans {word}", body=f"Plans {word}.", group=private
    )
    with inside(lambeth):
        blocking.block_member(blocker, author)
        reindex(private)
    everyone = {
        ("group", private.pk),  # members-only groups are advertised
        ("event", public_event.pk),
        ("discussion", public_thread.pk),
        ("post", public_post.pk),
    }
    members = everyone | {
        ("event", private_event.pk),
        ("discussion", private_thread.pk),
        ("post", private_post.pk),
    }
    with inside(lambeth):
        assert engine_found(word) == everyone
        assert engine_found(word, outsider) == everyone
        assert engine_found(word, member) == members
        assert engine_found(word, organiser) == members
        assert engine_found(word, moderator) == members
        assert engine_found(word, editor) == members
        # Blocked either way: neither sees the other's discussions or posts.
        hidden = {("discussion", public_thread.pk), ("post", public_post.pk)}
        assert engine_found(word, blocker) == everyone - hidden
        assert ("event", finished.pk) not in engine_found(word, moderator)
        # Moderation: a post hidden and re-indexed leaves every viewer's answers.
        Post.objects.filter(pk=public_post.pk).update(status="hidden")
        sync_object(Post, public_post.pk)
        assert ("post", public_post.pk) not in engine_found(word, moderator)


# --- Distances -----------------------------------------------------------------------------------


def stored_answers(activity) -> dict:
    """The engine's stored values of ``activity`` (found by its pk, whatever its _id)."""
    backend = engine_backend()
    refresh_engine()
    index = backend.get_index_for_model(ActivityPage).name
    body = {
        "query": {"bool": {"filter": [{"term": {"pk": str(activity.pk)}}]}},
        "_source": [ANSWERS],
    }
    [hit] = _search(backend, index, body)["hits"]["hits"]
    return hit["_source"][ANSWERS]


@pytest.mark.search_engine
@pytest.mark.django_db
def test_a_hidden_home_is_only_ever_its_district_in_the_engine(lambeth, engine_directory):
    with inside(lambeth):
        home = stored_answers(engine_directory.evening_activity)
        centre = district_centre("SW9")
        assert home["exact_points"] == []
        assert home["area_points"] == [{"lat": centre.latitude, "lon": centre.longitude}]
        assert "51.4701" not in str(home) and "-0.1122" not in str(home)
        hall = stored_answers(engine_directory.activity)
        assert hall["exact_points"] == [{"lat": 51.4612, "lon": -0.1183}]


@pytest.mark.search_engine
@pytest.mark.django_db
def test_nearest_first_in_the_engine_matches_the_database(lambeth, engine_directory, settings):
    request = SearchRequest(postcode="SW9", sort="distance", per_page=100)
    with inside(lambeth):
        refresh_engine()
        outcome = search_borough(request)
        assert outcome.mode == "engine"
        on_engine = [(r.title, r.distance) for r in outcome.results]
        settings.WAGTAILSEARCH_BACKENDS = search_backends(None, "opensearch", "")
        in_postgresql = [(r.title, r.distance) for r in search_borough(request).results]
    assert on_engine == in_postgresql
    # The choir meets in a hidden home in SW9: nearest to SW9, and only roughly.
    choir = dict(on_engine)["Evening choir"]
    assert choir.approximate and choir.in_words == "Less than half a mile away (roughly)"
    titles = [title for title, _ in on_engine]
    assert titles.index("Evening choir") < titles.index("Tuesday garden club")


@pytest.mark.search_engine
@pytest.mark.django_db
def test_within_in_the_engine_matches_the_database(lambeth, engine_directory, settings):
    with inside(lambeth):
        refresh_engine()
        found = {}
        for miles in (1, 2, 5):
            request = SearchRequest(postcode="SW9", within=miles, per_page=100)
            found[miles] = sorted(r.title for r in search_borough(request).results)
        settings.WAGTAILSEARCH_BACKENDS = search_backends(None, "opensearch", "")
        for miles, titles in found.items():
            request = SearchRequest(postcode="SW9", within=miles, per_page=100)
            assert sorted(r.title for r in search_borough(request).results) == titles
    assert "Evening choir" in found[1]


# --- Refill after the re-check -------------------------------------------------------------------


@pytest.mark.search_engine
@pytest.mark.django_db
def test_a_page_is_refilled_when_the_recheck_drops_a_result(lambeth, engine_directory):
    word = make_canary_word("refill")
    with inside(lambeth):
        made = [
            ActivityPageFactory(parent=engine_directory.organisation, title=f"{letter} {word}")
            for letter in ("Aa", "Bb", "Cc")
        ]
        refresh_engine()
        first = search_borough(SearchRequest(query=word, sort="title", per_page=2))
        assert [r.title for r in first.results] == [f"Aa {word}", f"Bb {word}"]
        # Hidden in PostgreSQL only (no signal, no re-index): the engine still has it.
        ActivityPage.objects.filter(pk=made[0].pk).update(hidden_as_stale=True)
        assert ("activity", made[0].pk) in engine_found(word)
        again = search_borough(SearchRequest(query=word, sort="title", per_page=2))
    assert [r.title for r in again.results] == [f"Bb {word}", f"Cc {word}"]
    assert again.total == 2
