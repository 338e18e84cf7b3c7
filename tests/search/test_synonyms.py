"""Everyday words: each borough's search synonyms, on the engine and on PostgreSQL alone.

"wheelchair" finds what listings call "Step-free access", "lonely" finds befriending;
the words as typed rank first; one borough's list never touches another's searches;
every borough starts with a list; only its staff may change it."""

import io

import pytest

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.urls import reverse
from django.utils.html import strip_tags

from search.default_synonyms import DEFAULT_SYNONYMS
from search.models import SearchSynonym
from search.selectors import SearchRequest, search_borough
from search.synonyms import MAX_ALTERNATIVES, Expansion, borough_synonyms, build_synonyms, expand
from sites.core.roles import EDITORS
from sites.directory.factories import (
    ActivityPageFactory,
    OrganisationPageFactory,
    PlacePageFactory,
)
from sites.directory.models import OrganisationIndexPage, PlaceIndexPage
from tests.conftest import client_for, inside
from tests.search.conftest import make_canary_word, reindex


def search(query):
    return search_borough(SearchRequest(query=query))


def titles(outcome) -> list[str]:
    return [result.title for result in outcome.results]


# --- Expanding the words typed (no database) ---------------------------------------------

SYNONYMS = build_synonyms(
    (
        ("wheelchair", "step-free access, step-free", True),
        ("lonely", "befriending, meet people", False),
        ("ESOL", "English classes", False),
    )
)


def test_a_word_is_searched_with_what_it_also_means():
    expansion = expand("wheelchair yoga", SYNONYMS)
    assert expansion.alternatives == ["step-free access yoga", "step-free yoga"]
    assert expansion.also == ["step-free access", "step-free"]


def test_both_ways_plurals_capitals_and_phrases_are_understood():
    assert expand("Step-free access", SYNONYMS).alternatives == ["wheelchair"]
    assert expand("wheelchairs", SYNONYMS).alternatives == ["step-free access", "step-free"]
    assert expand("esol", SYNONYMS).also == ["English classes"]
    # One way only: "befriending" does not mean "lonely".
    assert not expand("befriending", SYNONYMS)
    assert not expand("yoga", SYNONYMS)


def test_words_written_around_the_admins_checks_still_reach_a_backend_as_plain_words():
    written_by_sql = build_synonyms((("zorb", "title:(a OR \\", False),))
    assert expand("zorb", written_by_sql) == Expansion(["title a OR"], ["title a OR"])


def test_several_words_combine_but_never_past_the_limit():
    expansion = expand("lonely wheelchair", SYNONYMS)
    assert "befriending step-free access" in expansion.alternatives
    assert len(expansion.alternatives) <= MAX_ALTERNATIVES
    many = build_synonyms(tuple((w, ", ".join(f"{w}{n}" for n in "abcdef"), False) for w in "xyz"))
    assert len(expand("x y z", many).alternatives) == MAX_ALTERNATIVES


@pytest.mark.django_db
@pytest.mark.parametrize(
    "word, also_means, field, message",
    [
        ("", "step-free access", "word", "Type the word or phrase people search for."),
        ("wheelchair", " , ;", "also_means", "Type at least one word or phrase it also means."),
        ("wheelchair", "Wheelchair", "also_means", "Type at least one word or phrase"),
        ("a b c d e f", "step-free", "word", "Use a word or a short phrase (up to 5 words)."),
        ("wheelchair", ",".join("abcdefghijk"), "also_means", "Use at most 10 words"),
    ],
)
def test_an_entry_that_cannot_be_used_is_refused_in_plain_words(
    lambeth, word, also_means, field, message
):
    with inside(lambeth):
        entry = SearchSynonym(word=word, also_means=also_means)
        with pytest.raises(ValidationError) as refused:
            entry.full_clean()
    assert message in " ".join(refused.value.message_dict[field])


@pytest.mark.django_db
def test_an_entry_is_kept_tidy_and_a_word_is_listed_once(lambeth):
    with inside(lambeth):
        entry = SearchSynonym(word="  Zumba!! ", also_means="dance fitness,, Latin dance\nZUMBA")
        entry.full_clean()
        assert (entry.word, entry.also_means) == ("Zumba", "dance fitness, Latin dance")
        entry.save()
        again = SearchSynonym(word="zumba", also_means="dance")
        with pytest.raises(ValidationError, match="already in the list"):
            again.full_clean()


# --- Searching, on both backends ----------------------------------------------------------


@pytest.fixture
def listings(lambeth, directory):
    """The directory's "Tuesday garden club" is step-free (its words never say so)."""
    with inside(lambeth):
        rugby = ActivityPageFactory(
            parent=directory.organisation,
            title="Wheelchair rugby",
            summary="Fast, friendly and for every ability.",
        )
        befriending = ActivityPageFactory(
            parent=directory.other_organisation,
            title="Tea and befriending",
            summary="A weekly cuppa with a volunteer.",
        )
        reindex(rugby, befriending)
    return directory


@pytest.mark.django_db
def test_wheelchair_finds_step_free_listings_after_the_words_as_typed(
    lambeth, listings, search_backend
):
    with inside(lambeth):
        outcome = search("wheelchair")
    assert outcome.mode == search_backend
    found = titles(outcome)
    assert found[0] == "Wheelchair rugby", "the words as typed rank first"
    assert "Tuesday garden club" in found, "its place is step-free"
    assert "Showing results for step-free access, step-free and wheelchair accessible too." in (
        outcome.notices
    )
    assert outcome.also == ["step-free access", "step-free", "wheelchair accessible"]


@pytest.mark.django_db
def test_lonely_finds_befriending(lambeth, listings, search_backend):
    with inside(lambeth):
        outcome = search("lonely")
    assert titles(outcome)[0] == "Tea and befriending"
    assert any(notice.startswith("Showing results for befriending") for notice in outcome.notices)


@pytest.mark.django_db
def test_the_page_says_what_else_it_searched_for(lambeth, listings, search_backend):
    client = client_for(lambeth)
    page = strip_tags(client.get("/search/", {"q": "wheelchair"}).content.decode())
    assert "Showing results for step-free access, step-free and wheelchair accessible too." in page
    data = client.get("/search.json", {"q": "wheelchair"}).json()
    assert data["also_searched"][0] == "step-free access"
    # No synonym, no notice.
    assert "Showing results for" not in client.get("/search/", {"q": "garden"}).content.decode()


@pytest.mark.django_db
def test_nothing_found_says_what_else_was_tried(lambeth, directory, search_backend):
    with inside(lambeth):
        SearchSynonym.objects.create(word="zorbing", also_means="sphere rolling")
        outcome = search("zorbing")
    assert outcome.total == 0
    assert "We also looked for sphere rolling." in outcome.notices


@pytest.mark.django_db
def test_one_boroughs_words_never_change_anothers_results(
    lambeth, southwark, directory, search_backend
):
    word, canary = make_canary_word("word"), make_canary_word()
    for borough in (lambeth, southwark):
        with inside(borough):
            organisation = OrganisationPageFactory(parent=OrganisationIndexPage.objects.get())
            reindex(ActivityPageFactory(parent=organisation, title=f"{canary} club"))
    with inside(lambeth):
        SearchSynonym.objects.create(word=word, also_means=canary)
        assert titles(search(word)) == [f"{canary} club"]
    with inside(southwark):
        outcome = search(word)
        assert outcome.total == 0 and outcome.also == []
        assert titles(search(canary)) == [f"{canary} club"], "its own listing is there"


@pytest.mark.django_db
def test_a_place_made_step_free_makes_its_activities_found(lambeth, directory, search_backend):
    with inside(lambeth):
        place = PlacePageFactory(
            parent=PlaceIndexPage.objects.get(), title="Old chapel", step_free_access=False
        )
        activity = ActivityPageFactory(
            parent=directory.organisation, title="Chapel bingo", place=place
        )
        reindex(activity)
        assert "Chapel bingo" not in titles(search("wheelchair"))
        place.step_free_access = True
        place.save_revision().publish()  # re-indexes the activities held there
        reindex()
        assert "Chapel bingo" in titles(search("wheelchair"))


# --- Every borough starts with a list; only its staff change it ----------------------------


@pytest.mark.django_db
def test_every_borough_starts_with_the_list(lambeth, southwark):
    for borough in (lambeth, southwark):
        with inside(borough):
            words = set(SearchSynonym.objects.values_list("word", flat=True))
            assert {word for word, _, _ in DEFAULT_SYNONYMS} <= words


def _user(borough, email, group=None):
    with inside(borough):
        user = get_user_model().objects.create_user(email, email, "pw-123456")
        if group:
            user.groups.add(Group.objects.get(name=group))
    client = client_for(borough)
    with inside(borough):
        client.force_login(user)
    return client


@pytest.mark.django_db
def test_editors_change_the_list_in_the_admin(lambeth):
    client = _user(lambeth, "ed@lambeth.example.org", EDITORS)
    assert "anxiety" in client.get(reverse("search_synonyms:index")).content.decode()
    added = client.post(
        reverse("search_synonyms:add"),
        {"word": "Pilates", "also_means": "core strength, stretching"},
    )
    assert added.status_code == 302
    refused = client.post(reverse("search_synonyms:add"), {"word": "yoga", "also_means": ""})
    assert refused.status_code == 200
    assert "Type at least one word or phrase it also means." in refused.content.decode()
    with inside(lambeth):
        assert SearchSynonym.objects.get(word="Pilates").also_means == "core strength, stretching"
        assert not SearchSynonym.objects.filter(word="yoga").exists()
        assert "core strength" in search("pilates").also


@pytest.mark.django_db
def test_members_cannot_see_or_change_the_list(lambeth):
    client = _user(lambeth, "member@example.org")
    for url in (reverse("search_synonyms:index"), reverse("search_synonyms:add")):
        assert client.get(url).status_code in (302, 403)
    response = client.post(reverse("search_synonyms:add"), {"word": "x", "also_means": "y"})
    assert response.status_code in (302, 403)
    with inside(lambeth):
        assert not SearchSynonym.objects.filter(word="x").exists()


@pytest.mark.django_db
def test_refresh_adds_the_list_only_to_a_borough_that_has_none(lambeth, southwark):
    with inside(lambeth):  # as if launched before search synonyms existed
        SearchSynonym.objects.all().delete()
        editors = Group.objects.get(name=EDITORS)
        editors.permissions.remove(*editors.permissions.filter(codename__endswith="searchsynonym"))
    with inside(southwark):  # its Editors kept one entry of their own
        SearchSynonym.objects.all().delete()
        SearchSynonym.objects.create(word="allotment", also_means="gardening")

    out = io.StringIO()
    call_command("refresh_borough_defaults", borough="lambeth", stdout=out)
    assert f"{len(DEFAULT_SYNONYMS)} search synonyms" in out.getvalue()
    with inside(lambeth):
        assert SearchSynonym.objects.count() == len(DEFAULT_SYNONYMS)
        editors = Group.objects.get(name=EDITORS)
        assert editors.permissions.filter(codename="change_searchsynonym").exists()
    call_command("refresh_borough_defaults", borough="southwark", stdout=out)
    with inside(southwark):
        assert list(SearchSynonym.objects.values_list("word", flat=True)) == ["allotment"]


@pytest.mark.django_db
def test_filters_put_the_everyday_word_in_the_label(lambeth, directory):
    client = client_for(lambeth)
    for url in ("/things-to-do/", "/events/", "/search/?q=garden"):
        assert "Step-free (wheelchair) access" in client.get(url).content.decode(), url


@pytest.mark.django_db
def test_the_list_is_read_once_per_process_and_an_edit_applies_to_the_next_search(
    lambeth, southwark, django_capture_on_commit_callbacks
):
    """Every search's everyday words come from the site cache (sites/core/apps.py), and
    an Editor's committed edit reaches the next search, in this borough only."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    word = make_canary_word("everyday")
    for borough in (lambeth, southwark):
        with inside(borough), django_capture_on_commit_callbacks(execute=True):
            search("yoga")  # the list cached, with nothing changed before it
    with inside(lambeth), CaptureQueriesContext(connection) as captured:
        search("yoga")
    assert not [q for q in captured.captured_queries if "searchsynonym" in q["sql"]]

    with inside(lambeth), django_capture_on_commit_callbacks(execute=True):
        SearchSynonym.objects.create(word=word, also_means="yoga")
    with inside(lambeth):
        assert expand(word, borough_synonyms()).alternatives == ["yoga"]
    with inside(southwark), CaptureQueriesContext(connection) as captured:
        assert expand(word, borough_synonyms()).alternatives == []
    assert not [q for q in captured.captured_queries if "searchsynonym" in q["sql"]]

    with inside(lambeth), django_capture_on_commit_callbacks(execute=True):
        SearchSynonym.objects.filter(word=word).delete()
    with inside(lambeth):
        assert expand(word, borough_synonyms()).alternatives == []
