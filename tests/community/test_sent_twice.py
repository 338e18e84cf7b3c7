"""Pressing "Post" twice makes one thing, and both presses lead to it (sites/core/once.py):
a reply, a discussion (site-wide or in a group), an event, a private message, a group."""

import datetime

import pytest

from django.core import mail

from sites.community.factories import TopicFactory
from sites.community.models import CommunityGroup, Event, Message, Post, Thread
from sites.core.roles import EDITORS
from sites.directory.models import ListingReport
from tests.conftest import inside
from tests.directory.conftest import build_directory
from tests.directory.test_reports import send as send_report

from .conftest import human, make_group, make_member, make_staff, make_thread, signed_in
from .messaging_helpers import new_url, people_fixture  # noqa: F401
from .test_events import form_data as event_data

pytestmark = pytest.mark.django_db


def twice(client, url, data):
    first, second = client.post(url, data), client.post(url, data)
    assert first.status_code == second.status_code == 302, "no error page either time"
    assert first["Location"] == second["Location"], "both presses lead to what was made"
    return second


@pytest.fixture
def tess(lambeth):
    return make_member(lambeth, display_name="Tess", is_trusted=True)


def test_a_reply_sent_twice_is_posted_once_and_emailed_once(lambeth, tess):
    starter = make_member(lambeth, display_name="Sam", is_trusted=True)
    thread, _ = make_thread(lambeth, starter)
    url = f"/discussions/{thread.pk}/"

    twice(signed_in(lambeth, tess), url, human({"body": "Count me in!"}))

    with inside(lambeth):
        assert Post.objects.filter(thread=thread, body="Count me in!").count() == 1
    assert len([m for m in mail.outbox if m.to == [starter.email]]) == 1


def test_the_same_reply_later_is_a_new_post(lambeth, tess):
    thread, _ = make_thread(lambeth, tess)
    client = signed_in(lambeth, tess)
    client.post(f"/discussions/{thread.pk}/", human({"body": "Thank you"}))
    with inside(lambeth):
        Post.objects.filter(body="Thank you").update(
            created_at=Post.objects.get(body="Thank you").created_at
            - datetime.timedelta(minutes=11)
        )
    client.post(f"/discussions/{thread.pk}/", human({"body": "Thank you"}))
    with inside(lambeth):
        assert Post.objects.filter(thread=thread, body="Thank you").count() == 2


def test_a_new_discussion_sent_twice_is_started_once(lambeth, tess):
    with inside(lambeth):
        topic = TopicFactory(name="Arts and crafts", slug="arts-and-crafts")
    data = human({"topic": topic.pk, "title": "Knitting?", "body": "Who knits?"})
    twice(signed_in(lambeth, tess), "/discussions/new/", data)
    with inside(lambeth):
        assert Thread.objects.filter(title="Knitting?").count() == 1


def test_a_group_discussion_sent_twice_is_started_once(lambeth, tess):
    group = make_group(lambeth, organiser=tess)
    data = human({"title": "Next walk", "body": "Sunday?"})
    twice(signed_in(lambeth, tess), f"/groups/{group.slug}/new-discussion/", data)
    with inside(lambeth):
        assert Thread.objects.filter(group=group, title="Next walk").count() == 1


def test_an_event_sent_twice_is_posted_once(lambeth, tess):
    group = make_group(lambeth, organiser=tess)
    twice(signed_in(lambeth, tess), "/events/new/", event_data(host=f"group-{group.pk}"))
    with inside(lambeth):
        assert Event.objects.filter(group=group).count() == 1


def test_a_private_message_sent_twice_is_sent_once(lambeth, people):
    data = human({"body": "See you at knitting?"})
    twice(signed_in(lambeth, people["Ada"]), new_url(lambeth, people["Ben"]), data)
    with inside(lambeth):
        assert Message.objects.filter(body="See you at knitting?").count() == 1
    assert len([m for m in mail.outbox if m.to == [people["Ben"].email]]) == 1


def test_a_group_proposed_twice_is_proposed_once(lambeth, tess):
    data = human({"name": "Chess club", "description": "We play chess.", "visibility": "public"})
    twice(signed_in(lambeth, tess), "/groups/propose/", data)
    with inside(lambeth):
        assert CommunityGroup.objects.filter(name="Chess club").count() == 1


def test_a_problem_report_sent_twice_is_saved_and_emailed_once(lambeth):
    editor = make_staff(lambeth, "editor@lambeth.example.org", EDITORS)
    activity = build_directory(lambeth).activity
    data = {"reason": "other", "details": "The café closed.", "email": ""}
    first = send_report(lambeth, activity, **data)
    second = send_report(lambeth, activity, **data)
    assert first.status_code == second.status_code == 302
    assert first["Location"] == second["Location"]
    with inside(lambeth):
        assert ListingReport.objects.filter(details="The café closed.").count() == 1
    assert len([m for m in mail.outbox if m.to == [editor.email]]) == 1
