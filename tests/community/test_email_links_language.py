"""Every email's links are in the language of its words (its reader's), never in the
language of the page of the person whose action sent it: a Somali member's request to join
gives the English-reading organiser an English email with English links, and the reverse."""

import re

import pytest

from django.core import mail
from django.utils import translation

from sites.community.factories import CommunityGroupFactory, GroupMembershipFactory
from sites.community.messaging import notify
from sites.community.messaging.factories import ConversationFactory, MessageFactory
from sites.community.models import Post
from sites.community.services import group_proposals, join_requests
from sites.community.services.moderation import approve_post
from sites.core.languages.urls import reading
from tests.conftest import inside
from tests.i18n.helpers import offer

from .conftest import make_group, make_member, make_thread

pytestmark = pytest.mark.django_db


def links_in(message) -> list[str]:
    return re.findall(r"https?://\S+", message.body)


def paths_of(message) -> list[str]:
    """The paths of the email's links, without its one-click unsubscribe link."""
    return [re.sub(r"^https?://[^/]+", "", url) for url in links_in(message) if "unsub" not in url]


def in_somali(path: str) -> bool:
    return path.startswith("/so/")


@pytest.fixture
def somali_and_english(lambeth):
    offer(lambeth, "so")
    somali = make_member(lambeth, display_name="Hodan", language="so")
    english = make_member(lambeth, display_name="Ed", language="en")
    return somali, english


def test_a_join_request_reaches_each_organiser_with_links_in_their_language(
    lambeth, somali_and_english
):
    _somali, english = somali_and_english
    group = make_group(lambeth, organiser=english, visibility="members-only")
    other_organiser = make_member(lambeth, display_name="Ayan", language="so")
    with inside(lambeth):
        GroupMembershipFactory(group=group, member=other_organiser, role="organiser")
        asker = make_member(lambeth, display_name="Asha", language="so")
        with translation.override("so"), reading("so"):  # Asha asks on a Somali page
            join_requests.ask_to_join(asker, group)

    to_english = next(m for m in mail.outbox if m.to == [english.email])
    assert paths_of(to_english) and not any(in_somali(p) for p in paths_of(to_english))
    assert f"/groups/{group.slug}/requests/" in paths_of(to_english)[0]
    to_somali = next(m for m in mail.outbox if m.to == [other_organiser.email])
    assert paths_of(to_somali) and all(in_somali(p) for p in paths_of(to_somali))


def test_an_answer_to_a_somali_member_asked_on_an_english_page_links_in_somali(
    lambeth, somali_and_english
):
    somali, english = somali_and_english
    group = make_group(lambeth, organiser=english, visibility="members-only")
    with inside(lambeth):
        asked = join_requests.ask_to_join(somali, group)
        mail.outbox = []
        with translation.override("en"), reading("en"):  # the organiser answers in English
            join_requests.answer_join_request(english, group, asked.pk, approve=True)

    (email,) = mail.outbox
    assert email.to == [somali.email]
    assert paths_of(email) and all(in_somali(path) for path in paths_of(email)), email.body


def test_a_decision_reaches_an_english_reader_with_english_links(
    lambeth, somali_and_english, lambeth_moderator, lambeth_editor
):
    _somali, english = somali_and_english
    with inside(lambeth):
        proposed = CommunityGroupFactory(status="proposed", proposed_by=english)
        _thread, held = make_thread(lambeth, english, status="held")
        with translation.override("so"), reading("so"):  # staff on Somali pages
            group_proposals.approve_group(lambeth_editor, proposed)
            approve_post(lambeth_moderator, Post.objects.get(pk=held.pk))

    assert len(mail.outbox) == 2
    for message in mail.outbox:
        assert paths_of(message), message.subject
        assert not any(in_somali(path) for path in paths_of(message)), message.body


def test_a_new_message_reaches_a_somali_reader_with_somali_links(lambeth, somali_and_english):
    somali, english = somali_and_english
    with inside(lambeth):
        message = MessageFactory(
            conversation=ConversationFactory(member_one=english, member_two=somali),
            sender=english,
        )
        with translation.override("en"), reading("en"):  # sent from an English page
            assert notify.tell_recipient(message, somali)

    (email,) = mail.outbox
    assert paths_of(email) and all(in_somali(path) for path in paths_of(email)), email.body


def locale_queries(queries) -> int:
    return sum("wagtailcore_locale" in query["sql"] for query in queries.captured_queries)


def test_an_emails_links_read_the_boroughs_languages_once(lambeth):
    """Three links in one Somali email: one look at the borough's languages, not three."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from sites.community.services.language import in_language_of
    from sites.community.services.notifications import absolute_url

    offer(lambeth, "so")
    member = make_member(lambeth, language="so")
    with inside(lambeth), CaptureQueriesContext(connection) as queries:
        with in_language_of(member):
            links = [
                absolute_url(lambeth, path) for path in ("/events/", "/groups/", "/discussions/")
            ]
        with in_language_of(member):  # the next email reads them again: never stale
            absolute_url(lambeth, "/events/")
    assert [re.sub(r"^https?://[^/]+", "", url) for url in links] == [
        "/so/events/",
        "/so/groups/",
        "/so/discussions/",
    ]
    assert locale_queries(queries) == 2
