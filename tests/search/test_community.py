"""Community content in the search box: groups, events, discussions and their posts.

Every test runs on PostgreSQL alone and on the engine (``search_backend``). Words are
canaries no other test writes; "never appears" is checked on every way in: the
search page, /search.json, autocomplete, and the index itself where words must not be
stored at all.
"""

import copy
import datetime

import pytest
from django_tasks_db.models import DBTaskResult

from django.contrib.auth.models import AnonymousUser
from django.core.management import call_command
from django.db import connection
from django.utils import timezone

from modelsearch.backends import get_search_backend

from search.conf import FALLBACK_ALIAS
from search.indexing import changes_not_followed
from search.models import IndexState
from search.selectors import SearchRequest, autocomplete, search_borough
from sites.community.factories import EventFactory, PostFactory, ThreadFactory
from sites.community.models import CommunityGroup, Event, Post, Thread
from sites.community.services import blocking, discussions, moderation, privacy
from sites.core.roles import MODERATORS
from tenants.tasks import run_in_schema
from tests.community.conftest import (
    days_ahead,
    make_event,
    make_group,
    make_member,
    make_staff,
    make_thread,
    signed_in,
)
from tests.conftest import client_for, inside
from tests.search.conftest import make_canary_word, refresh_engine, reindex
from tests.search.test_pages import HOSTILE_QUERIES

ANONYMOUS = AnonymousUser()
DOWN = "http://127.0.0.1:9"


def found(query: str, viewer=ANONYMOUS, refresh=True) -> list[tuple[str, str]]:
    """(type, title) of every result ``viewer`` gets (call inside the borough)."""
    if refresh:
        refresh_engine()
    outcome = search_borough(SearchRequest(query=query, per_page=100), viewer=viewer)
    return [(result.type.key, result.title) for result in outcome.results]


def suggested(query: str, viewer=ANONYMOUS) -> list[str]:
    refresh_engine()
    return [suggestion["title"] for suggestion in autocomplete(query, viewer=viewer)[0]]


def stored(model, word: str) -> int:
    """Documents of ``model`` holding ``word`` in every configured backend's index."""
    from modelsearch.conf import get_app_config

    refresh_engine()
    return sum(
        len(get_search_backend(alias).search(word, model))
        for alias in get_app_config().get_search_backend_config()
    )


def text_over_http(borough, client, word: str) -> str:
    """Everything the search page, the JSON endpoint and autocomplete say about ``word``."""
    with inside(borough):
        refresh_engine()
    page = client.get("/search/", {"q": word})
    data = client.get("/search.json", {"q": word})
    suggestions = client.get("/search/autocomplete.json", {"q": word})
    assert page.status_code == data.status_code == suggestions.status_code == 200
    return page.content.decode() + data.content.decode() + suggestions.content.decode()


@pytest.fixture
def member(lambeth):
    return make_member(lambeth, display_name="Sam")


@pytest.fixture
def moderator(lambeth):
    return make_staff(lambeth, "search-moderator@lambeth.example.org", MODERATORS)


# --- Each type is found ------------------------------------------------------------------------


@pytest.mark.django_db
def test_each_kind_of_community_content_is_found_with_its_public_link(
    lambeth, search_backend, member
):
    group_word, event_word, thread_word, post_word = (make_canary_word() for _ in range(4))
    group = make_group(lambeth, organiser=member, name=f"Knitting {group_word}")
    event = make_event(lambeth, title=f"Quiz night {event_word}")
    thread, post = make_thread(
        lambeth, member, title=f"Best cafes {thread_word}", body=f"Try the {post_word} place."
    )
    with inside(lambeth):
        assert found(group_word) == [("group", group.name)]
        assert found(event_word) == [("event", event.title)]
        assert found(thread_word) == [("discussion", thread.title)]
        assert found(post_word) == [("post", thread.title)]  # shown under its discussion
        assert suggested(group_word[:12]) == [group.name]
        assert suggested(event_word[:12]) == [event.title]
        assert suggested(thread_word[:12]) == [thread.title]
        assert suggested(post_word[:12]) == []  # posts have no title to suggest

    client = client_for(lambeth)
    links = {}
    for word in (group_word, event_word, thread_word, post_word):
        [result] = client.get("/search.json", {"q": word}).json()["results"]
        links[result["type"]] = result["url"]
    assert links["group"] == f"http://lambeth.localhost/groups/{group.slug}/"
    assert links["event"] == f"http://lambeth.localhost/events/{event.slug}/"
    assert links["discussion"] == f"http://lambeth.localhost/discussions/{thread.pk}/"
    assert links["post"] == f"http://lambeth.localhost/discussions/{thread.pk}/#post-{post.pk}"
    for url in links.values():
        assert client.get(url.removeprefix("http://lambeth.localhost")).status_code == 200


@pytest.mark.django_db
def test_interests_and_meeting_details_find_groups_and_events(lambeth, search_backend):
    word = make_canary_word()
    with inside(lambeth):
        from sites.directory.models import Interest

        interest = Interest.objects.create(name=f"Origami {word}", slug=word)
    group = make_group(lambeth, meets_where=f"The {word} library", meets_when="Fridays")
    event = make_event(lambeth, interests=[interest])
    with inside(lambeth):
        assert set(found(word)) == {("group", group.name), ("event", event.title)}
        outcome = search_borough(SearchRequest(query=word, chosen={"interest": [word]}))
        assert [r.title for r in outcome.results] == [event.title]  # the group has none


@pytest.mark.django_db
def test_renaming_an_interest_reindexes_the_events_and_groups_that_use_it(lambeth, search_backend):
    old_word, new_word = make_canary_word(), make_canary_word()
    with inside(lambeth):
        from sites.directory.models import Interest

        interest = Interest.objects.create(name=f"Pottery {old_word}", slug=old_word)
    group = make_group(lambeth, name="Wednesday makers")
    event = make_event(lambeth, title="Open studio", interests=[interest])
    with inside(lambeth):
        group.interests.add(interest)
        assert set(found(old_word)) == {("group", group.name), ("event", event.title)}
        interest.name = f"Ceramics {new_word}"
        interest.save()
        assert set(found(new_word)) == {("group", group.name), ("event", event.title)}
        assert stored(Event, old_word) == stored(CommunityGroup, old_word) == 0


@pytest.mark.django_db
def test_renaming_an_interest_reindexes_the_activities_that_use_it(lambeth, search_backend):
    old_word, new_word = make_canary_word("kiln"), make_canary_word("glaze")
    with inside(lambeth):
        from sites.directory.factories import ActivityPageFactory, OrganisationPageFactory
        from sites.directory.models import ActivityPage, Interest, OrganisationIndexPage

        interest = Interest.objects.create(name=f"Pottery {old_word}", slug=old_word)
        organisation = OrganisationPageFactory(parent=OrganisationIndexPage.objects.get())
        activity = ActivityPageFactory(parent=organisation, title="Open studio")
        activity.interests.set([interest])
        activity.save()
        reindex(activity)  # tests run tasks inside the save, before many-to-many fields
        assert ("activity", "Open studio") in found(old_word)
        interest.name = f"Ceramics {new_word}"
        interest.save()
        assert ("activity", "Open studio") in found(new_word)
        assert stored(ActivityPage, old_word) == 0


@pytest.mark.django_db
def test_publishing_a_place_with_a_new_title_reindexes_its_events(lambeth, search_backend):
    old_word, new_word = make_canary_word("hall"), make_canary_word("venue")
    with inside(lambeth):
        from sites.directory.factories import PlacePageFactory
        from sites.directory.models import PlaceIndexPage

        place = PlacePageFactory(
            parent=PlaceIndexPage.objects.get(), title=f"{old_word} hall", postcode="SW2 5SG"
        )
    event = make_event(lambeth, title="Tea dance", place=place)
    found_event = ("event", event.title)
    with inside(lambeth):
        assert found_event in found(old_word)  # with the place itself
        place.title = f"{new_word} hall"
        place.save_revision()  # a draft changes nothing that is public
        assert found_event not in found(new_word)
        place.save_revision().publish()
        assert found_event in found(new_word)
        assert stored(Event, old_word) == 0


# --- Members-only groups -----------------------------------------------------------------------


@pytest.mark.django_db
def test_a_members_only_groups_discussions_and_events_are_for_its_members_only(
    lambeth, search_backend, member
):
    outsider = make_member(lambeth, display_name="Outsider")
    group_word, thread_word, post_word, event_word = (make_canary_word() for _ in range(4))
    group = make_group(
        lambeth,
        organiser=member,
        visibility=CommunityGroup.Visibility.MEMBERS_ONLY,
        name=f"Carers {group_word}",
    )
    thread, _ = make_thread(
        lambeth, member, group=group, topic=None, title=f"Respite {thread_word}", body=post_word
    )
    event = make_event(lambeth, group=group, title=f"Carers lunch {event_word}")
    secrets = (thread_word, post_word, event_word)

    with inside(lambeth):
        for viewer in (ANONYMOUS, None, outsider):
            for word in secrets:
                assert found(word, viewer) == [], (viewer, word)
                assert suggested(word, viewer) == [], (viewer, word)
            # The group itself is advertised, so people can ask to join.
            assert found(group_word, viewer) == [("group", group.name)]
        assert found(thread_word, member) == [("discussion", thread.title)]
        assert found(post_word, member) == [("post", thread.title)]
        assert found(event_word, member) == [("event", event.title)]

    # Over HTTP the member is shown each of them, by title and link; nobody else is.
    shown = {
        thread_word: (thread.title, f"/discussions/{thread.pk}/"),
        post_word: (thread.title, f"/discussions/{thread.pk}/"),
        event_word: (event.title, f"/events/{event.slug}/"),
    }
    for word, (title, link) in shown.items():
        said = text_over_http(lambeth, signed_in(lambeth, member), word)
        assert title in said and link in said, word
    for client in (client_for(lambeth), signed_in(lambeth, outsider)):
        for word in secrets:
            said = text_over_http(lambeth, client, word)
            assert thread.title not in said and event.title not in said
            assert f"/discussions/{thread.pk}/" not in said and f"/events/{event.slug}/" not in said
    member_says = text_over_http(lambeth, signed_in(lambeth, member), post_word)
    assert f"/discussions/{thread.pk}/" in member_says

    # Leaving the group ends it at once; the index need not change.
    with inside(lambeth):
        group.memberships.filter(member=member).delete()
        assert found(post_word, member) == [] and found(event_word, member) == []


# --- Moderation: held, hidden, rejected, removed -----------------------------------------------


@pytest.mark.django_db
def test_words_of_posts_that_are_not_visible_never_appear_nor_are_indexed(
    lambeth, search_backend, member, moderator
):
    word = make_canary_word()
    thread, _ = make_thread(lambeth, member, body="The first post.")
    with inside(lambeth):
        post = PostFactory(thread=thread, author=member, body=f"Held {word}", status="held")
        assert stored(Post, word) == 0 and found(word) == [] and found(word, moderator) == []

        moderation.approve_post(moderator, post)
        assert found(word) == [("post", thread.title)]
        assert stored(Post, word) >= 1

        moderation.hide_post(moderator, post)
        assert stored(Post, word) == 0 and found(word) == [] and found(word, member) == []

    with inside(lambeth):
        rejected = PostFactory(thread=thread, author=member, body=f"Rude {word}x", status="held")
        moderation.reject_post(moderator, rejected)
        assert stored(Post, f"{word}x") == 0 and found(f"{word}x", member) == []

        mine = PostFactory(thread=thread, author=member, body=f"Oops {word}y")
        assert found(f"{word}y") == [("post", thread.title)]
        discussions.delete_post(member, mine)
        assert stored(Post, f"{word}y") == 0 and found(f"{word}y") == []


@pytest.mark.django_db
def test_a_discussion_hidden_by_a_moderator_leaves_search(
    lambeth, search_backend, member, moderator
):
    word = make_canary_word()
    thread, first = make_thread(lambeth, member, title=f"Trouble {word}", body="Hello.")
    with inside(lambeth):
        assert found(word) == [("discussion", thread.title)]
        moderation.hide_post(moderator, first)  # the discussion follows its first post
        assert Thread.objects.get(pk=thread.pk).status == "hidden"
        assert stored(Thread, word) == 0 and found(word) == []


@pytest.mark.django_db
def test_a_hidden_discussions_replies_leave_the_index_and_come_back_with_it(
    lambeth, search_backend, member, moderator
):
    word = make_canary_word()
    thread, first = make_thread(lambeth, member, title="Street party", body="Who is in?")
    with inside(lambeth):
        PostFactory(thread=thread, author=member, body=f"Bring {word} cake")
        assert found(word) == [("post", thread.title)] and stored(Post, word) >= 1
        moderation.hide_post(moderator, first)  # the discussion follows its first post
        assert stored(Post, word) == 0  # the visible reply is gone from the index itself
        assert found(word) == [] and found(word, moderator) == []
        moderation.approve_post(moderator, first)  # shown again: so is the reply
        assert found(word) == [("post", thread.title)] and stored(Post, word) >= 1


@pytest.mark.django_db
@pytest.mark.parametrize("status", [CommunityGroup.Status.CLOSED, CommunityGroup.Status.DECLINED])
def test_a_group_that_stops_being_approved_takes_its_contents_out_of_the_index(
    lambeth, search_backend, member, status
):
    group_word, event_word, thread_word, post_word = (make_canary_word() for _ in range(4))
    group = make_group(lambeth, organiser=member, name=f"Chess {group_word}")
    event = make_event(lambeth, group=group, title=f"Blitz {event_word}")
    thread, _ = make_thread(
        lambeth, member, group=group, topic=None, title=f"Openings {thread_word}", body=post_word
    )
    contents = {Event: event_word, Thread: thread_word, Post: post_word}
    with inside(lambeth):
        for model, word in contents.items():
            assert stored(model, word) >= 1, model
        group.status = status
        group.save()
        assert stored(CommunityGroup, group_word) == 0
        for model, word in contents.items():
            assert stored(model, word) == 0, model  # gone, not just filtered out
            assert found(word, member) == []

        group.status = CommunityGroup.Status.APPROVED  # reopened: all of it is back
        group.save(update_fields=["status"])
        assert found(event_word, member) == [("event", event.title)]
        assert found(thread_word, member) == [("discussion", thread.title)]
        assert found(post_word, member) == [("post", thread.title)]


@pytest.mark.django_db
def test_a_group_closed_during_a_bulk_load_queues_nothing(lambeth, search_backend, member):
    word = make_canary_word()
    group = make_group(lambeth, organiser=member)
    make_event(lambeth, group=group, title=f"Bulk {word}")
    with inside(lambeth):
        with changes_not_followed():
            group.status = CommunityGroup.Status.CLOSED
            group.save()
        assert stored(Event, word) >= 1  # seed_demo rebuilds the index afterwards


@pytest.mark.django_db
def test_a_blocked_members_posts_are_never_shown_to_the_blocker(lambeth, search_backend, member):
    blocker = make_member(lambeth, display_name="Blocker")
    someone = make_member(lambeth, display_name="Someone")
    word = make_canary_word()
    thread, _ = make_thread(lambeth, someone, title="Allotments", body="Who has one?")
    with inside(lambeth):
        PostFactory(thread=thread, author=member, body=f"Mine has {word} beans")
        blocking.block_member(blocker, member)
        assert found(word, blocker) == []
        assert found(word, member) == [("post", "Allotments")]  # their own post
        assert found(word, someone) == [("post", "Allotments")]
        assert found(word) == [("post", "Allotments")]
    said = text_over_http(lambeth, signed_in(lambeth, blocker), word)
    assert "beans" not in said and "Allotments" not in said

    # Both ways: the blocked member no longer sees the blocker's discussions.
    other_word = make_canary_word()
    with inside(lambeth):
        theirs = ThreadFactory(author=blocker, title=f"Blocker asks {other_word}")
        assert found(other_word, member) == []
        assert found(other_word, someone) == [("discussion", theirs.title)]


# --- Events ------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_only_published_events_that_have_not_finished_are_found(lambeth, search_backend, member):
    word, held_word = make_canary_word(), make_canary_word()
    today = timezone.localdate()
    upcoming = make_event(lambeth, days=3, title=f"Upcoming {word}")
    weekly = make_event(lambeth, days=-30, title=f"Weekly {word}", repeat="weekly")
    make_event(lambeth, days=-2, title=f"Last week {word}")
    make_event(
        lambeth,
        days=-60,
        title=f"Ended weekly {word}",
        repeat="weekly",
        repeat_until=today - datetime.timedelta(days=10),
    )
    # Monthly, due to end in five days, but its last time was ten days ago.
    make_event(
        lambeth,
        days=-10,
        title=f"Done monthly {word}",
        repeat="monthly",
        repeat_until=today + datetime.timedelta(days=5),
    )
    held = make_event(lambeth, title=f"Held {word} {held_word}", status=Event.Status.HELD)
    make_event(lambeth, title=f"Cancelled {word}", status=Event.Status.CANCELLED)
    make_event(lambeth, title=f"Removed {word}", status=Event.Status.REMOVED)
    with inside(lambeth):
        assert sorted(found(word)) == [("event", upcoming.title), ("event", weekly.title)]
        assert stored(Event, held_word) == 0
        held.status = Event.Status.PUBLISHED
        held.save()
        assert ("event", held.title) in found(word)
        held.status = Event.Status.REMOVED  # a moderator took it down
        held.save()
        assert ("event", held.title) not in found(word, member)
        assert stored(Event, held_word) == 0


# --- Members themselves ------------------------------------------------------------------------


@pytest.mark.django_db
def test_members_names_emails_and_profiles_are_never_indexed(lambeth, search_backend):
    word = make_canary_word()
    person = make_member(
        lambeth,
        display_name=f"Pat {word}",
        about=f"About {word}",
        user__username=f"{word}@example.org",
        user__email=f"{word}@example.org",
    )
    thread, _ = make_thread(lambeth, person, title="Morning walks", body="Anyone for a walk?")
    make_group(lambeth, organiser=person)
    make_event(lambeth, posted_by=person)
    with inside(lambeth):
        for model in (CommunityGroup, Event, Thread, Post):
            assert stored(model, word) == 0, model
        assert found(word) == [] and found(word, person) == []
        assert found("walk") and all(word not in title for _, title in found("walk"))


@pytest.mark.django_db
@pytest.mark.parametrize("policy", ["remove", "anonymise"])
def test_erasing_a_member_removes_their_words_per_the_boroughs_policy(
    lambeth, search_backend, member, policy
):
    word = make_canary_word()
    someone = make_member(lambeth, display_name="Someone")
    thread, _ = make_thread(lambeth, someone, title="Local history", body="Any books?")
    with inside(lambeth):
        PostFactory(thread=thread, author=member, body=f"The {word} archive helps")
        assert found(word) == [("post", thread.title)]
        privacy.erase_member(member, policy=policy)
        if policy == "remove":
            assert stored(Post, word) == 0 and found(word) == []
        else:  # kept, shown as from "deleted member"; nothing of theirs names them
            assert found(word) == [("post", thread.title)]
            assert Post.objects.get(body__contains=word).author is None


# --- Boroughs, odd input, rebuilding, outages, the queue ---------------------------------------


@pytest.mark.django_db
def test_community_content_never_reaches_another_borough(lambeth, southwark, search_backend):
    member = make_member(lambeth, display_name="Lambeth member")
    word = make_canary_word()
    make_group(lambeth, organiser=member, name=f"Choir {word}")
    make_event(lambeth, title=f"Concert {word}")
    make_thread(lambeth, member, title=f"Songs {word}", body=f"Sing {word}")
    with inside(lambeth):
        assert len(found(word)) == 4
        assert suggested(word)
    lambeth_visitor = client_for(lambeth)
    assert lambeth_visitor.get("/search.json", {"q": word}).json()["total"] == 4
    assert lambeth_visitor.get("/search/autocomplete.json", {"q": word}).json()["suggestions"]
    southwark_member = make_member(southwark, display_name="Southwark member")
    with inside(southwark):
        for viewer in (ANONYMOUS, southwark_member):
            assert found(word, viewer) == [] and suggested(word, viewer) == []
    for client in (client_for(southwark), signed_in(southwark, southwark_member)):
        assert client.get("/search.json", {"q": word}).json()["total"] == 0
        assert client.get("/search/autocomplete.json", {"q": word}).json()["suggestions"] == []


@pytest.mark.django_db
def test_hostile_queries_with_community_content_are_fine(lambeth, search_backend, member):
    word = make_canary_word()
    group = make_group(
        lambeth,
        organiser=member,
        visibility=CommunityGroup.Visibility.MEMBERS_ONLY,
        name=f"<script>alert(1)</script> {word}",
    )
    make_thread(lambeth, member, group=group, topic=None, title=f"Secret {word}", body=word)
    # The group's member is shown the discussion; the visitor below never is.
    assert f"Secret {word}" in text_over_http(lambeth, signed_in(lambeth, member), word)
    client = client_for(lambeth)
    for query in HOSTILE_QUERIES[::3]:
        for text in (query, f"{query} {word}", f"{word} {query}"):
            # Every answer is a 200, and none shows the members-only discussion.
            assert f"Secret {word}" not in text_over_http(lambeth, client, text), text[:40]
            page = client.get("/search/", {"q": text}).content.decode()
            assert "<script>alert(1)</script>" not in page, text[:40]
            for result in client.get("/search.json", {"q": text}).json()["results"]:
                assert "<script>" not in result["title_html"] + result["snippet_html"]
    page = client.get("/search/", {"q": word}).content.decode()
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page  # the group, its name escaped


@pytest.mark.django_db
def test_rebuild_includes_community_content_and_drops_what_is_no_longer_searchable(
    lambeth, search_backend
):
    member = make_member(lambeth, display_name="Rebuilder")
    word = make_canary_word()
    group = make_group(lambeth, organiser=member, name=f"Bridge {word}")
    _, post = make_thread(lambeth, member, title="Cards", body=f"Bid {word}")
    with inside(lambeth):
        # A change that sent no signal (a bulk update) leaves the index behind...
        Post.objects.filter(pk=post.pk).update(status="hidden")
        assert stored(Post, word) >= 1
    call_command("rebuild_search_index", "--borough", "lambeth", verbosity=0)
    with inside(lambeth):
        assert stored(Post, word) == 0  # ...until the rebuild
        assert found(word) == [("group", group.name)]
        assert stored(CommunityGroup, word) >= 1


@pytest.mark.search_engine
@pytest.mark.django_db
def test_saving_community_content_works_while_the_engine_is_down(lambeth, settings, moderator):
    member = make_member(lambeth, display_name="Patient")
    word = make_canary_word()
    thread, first = make_thread(lambeth, member, title=f"Outage {word}", body="Hello.")
    working = copy.deepcopy(settings.WAGTAILSEARCH_BACKENDS)
    down = copy.deepcopy(working)
    down["default"]["URLS"] = [DOWN]
    settings.WAGTAILSEARCH_BACKENDS = down
    with inside(lambeth):
        event = EventFactory(title=f"Outage event {word}")  # saving never fails
        moderation.hide_post(moderator, first)  # nor does a moderator's decision
        assert IndexState.load().failures >= 2
        assert found(word, refresh=False) == [("event", event.title)]  # from PostgreSQL
    settings.WAGTAILSEARCH_BACKENDS = working
    with inside(lambeth):
        engine = get_search_backend()
        refresh_engine()
        assert len(engine.search(word, Event)) == 0 and len(engine.search(word, Thread)) == 1
        call_command("catch_up_search_index", "--borough", "lambeth", verbosity=0)
        refresh_engine()
        assert len(engine.search(word, Event)) == 1 and len(engine.search(word, Thread)) == 0
        assert get_search_backend(FALLBACK_ALIAS).search(word, Thread).count() == 0


@pytest.mark.django_db
def test_index_updates_are_queued_with_the_boroughs_schema(lambeth, search_backend, settings):
    settings.TASKS = {"default": {"BACKEND": "tenants.task_backends.BoroughDatabaseBackend"}}
    word = make_canary_word()
    with inside(lambeth):
        event = EventFactory(title=f"Queued {word}", starts_at=days_ahead(5))
        assert found(word) == []  # nothing ran yet: the queue is real
    connection.set_schema_to_public()
    queued = [
        task.args_kwargs["args"]
        for task in DBTaskResult.objects.filter(status="READY")
        if task.args_kwargs["args"][1] == "search.indexing.sync_object_task"
    ]
    assert queued == [
        ["lambeth", "search.indexing.sync_object_task", ["community", "event", str(event.pk)], {}]
    ]
    run_in_schema.call(*queued[0])  # what the worker does
    with inside(lambeth):
        assert found(word) == [("event", event.title)]
