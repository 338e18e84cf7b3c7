"""Private messages kept safe: held first messages and links, the rate limit, reports with
the moderator's logged view, suspension, the email (never the text, once an hour), export
and erasure, nothing in search, the API or logs, and HTML/script injection."""

import datetime
import logging

import pytest
import time_machine

from django.core import mail
from django.utils import timezone

from modelsearch import index

from sites.community.messaging import privacy as message_privacy
from sites.community.messaging import selectors, services
from sites.community.models import (
    Conversation,
    Message,
    ModerationAction,
    Report,
    SafeguardingCase,
)
from sites.community.services import moderation, privacy
from sites.community.services.case_summary import case_summary
from sites.core.ratelimit import RateLimited
from tests.conftest import inside

from .conftest import human, make_group, make_member, page_text, signed_in
from .messaging_helpers import new_url, people_fixture, set_profile  # noqa: F401

pytestmark = pytest.mark.django_db


def moderator_client(borough, moderator):
    return signed_in(borough, moderator)


def test_a_new_members_first_messages_wait_for_a_moderator(lambeth, people, lambeth_moderator):
    ada, ben = people["Ada"], people["Ben"]
    set_profile(lambeth, ben, is_trusted=False)
    with inside(lambeth):
        ben = type(ben).objects.get(pk=ben.pk)  # without the trusted profile cached on it
    as_ben = signed_in(lambeth, ben)
    response = as_ben.post(new_url(lambeth, ada), human({"body": "Hello Ada, it's Ben"}))
    assert response.status_code == 302
    with inside(lambeth):
        first = Message.objects.get()
        conversation = first.conversation
        assert first.status == Message.Status.HELD and first.held_because == "first"
        second = services.send_message(ben, conversation, "Still new")
        assert second.status == Message.Status.HELD
        assert [item.kind for item in moderation.moderation_queue()].count("held-message") == 2
    # Ben sees his words waiting; Ada sees nothing, not even the conversation.
    assert "Waiting for a moderator" in page_text(as_ben.get(f"/messages/{conversation.pk}/"))
    as_ada = signed_in(lambeth, ada)
    assert as_ada.get(f"/messages/{conversation.pk}/").status_code == 404
    assert "Messages with Ben" not in page_text(as_ada.get("/account/"))
    assert mail.outbox == []

    # The moderator sees the held message alone, and passes it on: Ada is emailed.
    staff = moderator_client(lambeth, lambeth_moderator)
    held_page = page_text(staff.get(f"/admin/community/messages/{first.pk}/"))
    assert "Hello Ada, it's Ben" in held_page and "Still new" not in held_page
    staff.post(f"/admin/community/messages/{first.pk}/decide/", {"decision": "approve"})
    staff.post(f"/admin/community/messages/{second.pk}/decide/", {"decision": "reject"})
    with inside(lambeth):
        first.refresh_from_db()
        second.refresh_from_db()
        assert first.status == Message.Status.DELIVERED
        assert second.status == Message.Status.REJECTED
        assert ModerationAction.objects.filter(message=first, action="approve").exists()
        # One message passed on does not make Ben trusted: the next waits too (the rule
        # posts follow), and so does a link.
        thanks = services.send_message(ben, conversation, "Thanks")
        assert thanks.status == Message.Status.HELD and thanks.held_because == "new"
        linked = services.send_message(ben, conversation, "See www.example.org/walks")
        assert linked.status == Message.Status.HELD and linked.held_because == "link"
        # Trusted members' links go through.
        assert services.send_message(ada, conversation, "https://example.org").status == (
            "delivered"
        )
    # A moderator passes "Thanks" on and trusts Ben: from then on his messages go through.
    page = page_text(staff.get(f"/admin/community/messages/{thanks.pk}/"))
    assert "Pass it on and trust the member" in page
    staff.post(f"/admin/community/messages/{thanks.pk}/decide/", {"decision": "approve-trust"})
    with inside(lambeth):
        ben = type(ben).objects.get(pk=ben.pk)
        assert ben.member_profile.is_trusted
        assert services.send_message(ben, conversation, "See you").status == "delivered"
    # Ada once (the approval; "Thanks" came within the hour), Ben once (Ada's link), and
    # Ben's "your posts will now appear" email.
    assert [m.to for m in mail.outbox] == [[ada.email], [ben.email], [ben.email]]
    page = page_text(as_ada.get(f"/messages/{conversation.pk}/"))
    assert "Hello Ada, it's Ben" in page and "Thanks" in page and "See you" in page
    assert "Still new" not in page and "example.org/walks" not in page


CONTACT_DETAILS = [
    "I live at 12 Acacia Road, call me on 07700 900111",
    "My number is 020 7946 0000",
    "Ring me: +44 7700 900111",
    "Text me on 07700900111",
    "Email me at jo.bloggs@example.org",
    "write to jo at gmail dot com",
    "I'm in Flat 3 above the shop",
    "My postcode is SE15 4QT",
]
NOT_CONTACT_DETAILS = [
    "See you at 10:30 on Saturday",
    "The walk is 12/03/2026 at 10.30, meet by the gate",
    "It costs £12.50, and has run since 2019",
    "Bus 137 stops outside, room 12 on floor 2",
    "I moved to the SW9 area in 2025",
    "We were 15 people, 3 dogs and 2 cakes",
]


@pytest.mark.parametrize("body", CONTACT_DETAILS)
def test_contact_details_wait_for_a_moderator_even_from_a_trusted_member(lambeth, people, body):
    ada, ben = people["Ada"], people["Ben"]  # both trusted
    with inside(lambeth):
        message = services.start_conversation(ada, ben, body)
        assert message.status == Message.Status.HELD
        assert message.held_because == "contact"
    assert mail.outbox == []  # Ben hears of it only once a moderator passes it on


@pytest.mark.parametrize("body", NOT_CONTACT_DETAILS)
def test_times_dates_prices_and_districts_go_straight_through(lambeth, people, body):
    ada, ben = people["Ada"], people["Ben"]
    with inside(lambeth):
        assert services.start_conversation(ada, ben, body).status == Message.Status.DELIVERED


def test_the_writer_is_told_why_a_message_with_contact_details_waits(lambeth, people):
    ada, ben = people["Ada"], people["Ben"]
    response = signed_in(lambeth, ada).post(
        new_url(lambeth, ben), human({"body": "Call me on 07700 900111"}), follow=True
    )
    assert (
        "Messages with phone numbers, email addresses or home addresses wait for a "
        "moderator, to keep everyone safe." in page_text(response)
    )


def test_new_conversations_are_limited_per_day(lambeth, people):
    ada = people["Ada"]
    others = [make_member(lambeth, display_name=f"Friend {n}", is_trusted=True) for n in range(6)]
    make_group(lambeth, organiser=ada, members=others, name="Big group")
    with inside(lambeth):
        for other in others[:5]:
            services.start_conversation(ada, other, "Hello")
        with pytest.raises(RateLimited):
            services.start_conversation(ada, others[5], "Hello")
        # Writing more in a conversation that exists is not a new one.
        services.start_conversation(ada, others[0], "Me again")
        assert Conversation.objects.count() == 5
    response = signed_in(lambeth, ada).post(new_url(lambeth, others[5]), human({"body": "Hi"}))
    assert response.status_code == 429
    assert "Please wait" in page_text(response)


def test_reporting_a_message_opens_the_conversation_to_moderators_with_a_log_entry(
    lambeth, people, lambeth_moderator
):
    ada, ben, cal = people["Ada"], people["Ben"], people["Cal"]
    set_profile(lambeth, cal, messages_from="groups-events")
    with inside(lambeth):
        cal = type(cal).objects.get(pk=cal.pk)  # with the setting just saved
        hello = services.start_conversation(ada, ben, "Hello Ben")
        nasty = services.send_message(ada, hello.conversation, "Send me your bank details")
        other = services.start_conversation(ada, cal, "Unrelated chat")
    staff = moderator_client(lambeth, lambeth_moderator)
    # Before any report: no way in.
    assert staff.get(f"/messages/{hello.conversation_id}/").status_code == 404
    assert staff.get(f"/admin/community/messages/{nasty.pk}/").status_code == 404
    refused = staff.post(f"/admin/community/messages/{nasty.pk}/decide/", {"decision": "hide"})
    assert refused.status_code == 302
    with inside(lambeth):
        nasty.refresh_from_db()
        assert nasty.status == Message.Status.DELIVERED

    as_ben = signed_in(lambeth, ben)
    url = f"/messages/{hello.conversation_id}/report/{nasty.pk}/"
    assert "Send me your bank details" in page_text(as_ben.get(url))
    assert as_ben.post(url, human({"reason": "other"})).status_code == 200  # needs details
    as_ben.post(url, human({"reason": "spam", "details": "Asking for money"}))
    with inside(lambeth):
        report = Report.objects.get()
        assert report.message == nasty and report.reported_member == ada
        assert [item.report for item in moderation.moderation_queue() if item.report] == [report]
    assert "About a private message" in page_text(staff.get("/admin/community/moderation/"))

    # The admin's report page leads to the conversation, and each opening is logged.
    assert staff.get(f"/admin/community/moderation/reports/{report.pk}/")["Location"] == (
        f"/admin/community/messages/reports/{report.pk}/"
    )
    page = page_text(staff.get(f"/admin/community/messages/reports/{report.pk}/"))
    staff.get(f"/admin/community/messages/reports/{report.pk}/")
    assert "Hello Ben" in page and "Send me your bank details" in page
    assert "Unrelated chat" not in page
    with inside(lambeth):
        opened = ModerationAction.objects.filter(action="read-messages", report=report)
        assert opened.count() == 2
        assert {a.moderator for a in opened} == {lambeth_moderator}
        assert "Opened a reported private conversation" in page_text(
            staff.get("/admin/community/log/")
        )
        assert other.conversation_id != hello.conversation_id

    # Members cannot open it; the moderator hides the message.
    as_cal = signed_in(lambeth, cal)
    assert as_cal.get(f"/admin/community/messages/reports/{report.pk}/").status_code in (302, 403)
    staff.post(
        f"/admin/community/messages/{nasty.pk}/decide/", {"decision": "hide", "report": report.pk}
    )
    with inside(lambeth):
        nasty.refresh_from_db()
        report.refresh_from_db()
        assert nasty.status == Message.Status.HIDDEN and report.status == Report.Status.CLOSED
    text = page_text(as_ben.get(f"/messages/{hello.conversation_id}/"))
    assert "This message was hidden by a moderator." in text
    assert "Send me your bank details" not in text


def test_a_safeguarding_report_about_a_message_opens_a_case(lambeth, people):
    ada, ben = people["Ada"], people["Ben"]
    with inside(lambeth):
        message = services.start_conversation(ada, ben, "I feel like giving up on everything")
    signed_in(lambeth, ben).post(
        f"/messages/{message.conversation_id}/report/{message.pk}/",
        human({"reason": "safety", "details": "I'm worried about Ada"}),
    )
    with inside(lambeth):
        case = SafeguardingCase.objects.get()
        assert case.member == ada and case.report.message == message
        assert "giving up on everything" in case_summary(case)


def test_a_suspended_members_messages_stop_being_delivered(lambeth, people, lambeth_moderator):
    ada, ben = people["Ada"], people["Ben"]
    with inside(lambeth):
        seen = services.start_conversation(ben, ada, "Read before")
        services.mark_read(ada, seen.conversation)
        services.send_message(ben, seen.conversation, "Unread after")
        moderation.suspend_member(lambeth_moderator, ben, days=7)
        assert selectors.unread_count(ada, seen.conversation) == 0
        with pytest.raises(services.CannotWrite, match="paused"):
            services.send_message(ben, seen.conversation, "More")
    text = page_text(signed_in(lambeth, ada).get(f"/messages/{seen.conversation_id}/"))
    assert "Read before" in text and "Unread after" not in text


def test_the_email_never_holds_the_text_and_comes_once_an_hour(lambeth, people):
    ada, ben = people["Ada"], people["Ben"]
    start = timezone.now().replace(microsecond=0)
    with inside(lambeth), time_machine.travel(start, tick=False):
        conversation = services.start_conversation(ben, ada, "Secret words one").conversation
        services.send_message(ben, conversation, "Secret words two")
    assert len(mail.outbox) == 1
    email = mail.outbox[0]
    assert email.to == [ada.email]
    everything = email.subject + email.body + str(email.extra_headers)
    assert "Secret words" not in everything and "Ben" not in everything
    assert f"/messages/{conversation.pk}/" in email.body
    assert "List-Unsubscribe" in email.extra_headers
    with inside(lambeth), time_machine.travel(start + datetime.timedelta(minutes=59), tick=False):
        services.send_message(ben, conversation, "Secret words three")
    assert len(mail.outbox) == 1
    with inside(lambeth), time_machine.travel(start + datetime.timedelta(minutes=61), tick=False):
        services.send_message(ben, conversation, "Secret words four")
        services.send_message(ada, conversation, "Answer")  # Ben's own hour
    assert [m.to for m in mail.outbox] == [[ada.email], [ada.email], [ben.email]]

    # One click on the link in the email turns these emails off.
    token_url = email.extra_headers["List-Unsubscribe"].strip("<>").split("://", 1)[1]
    path = token_url[token_url.index("/") :]
    signed_in(lambeth, ada).post(path)
    with inside(lambeth), time_machine.travel(start + datetime.timedelta(hours=3), tick=False):
        services.send_message(ben, conversation, "Secret words five")
    assert len(mail.outbox) == 3


def test_messages_are_in_the_export_and_erased_with_the_account(lambeth, people):
    ada, ben = people["Ada"], people["Ben"]
    with inside(lambeth):
        conversation = services.start_conversation(ben, ada, "From Ben to Ada").conversation
        services.send_message(ada, conversation, "From Ada to Ben")
        exported = privacy.export_member_data(ada)["private_messages"]
        assert exported[0]["with"] == "Ben"
        assert [m["text"] for m in exported[0]["messages"]] == [
            "From Ben to Ada",
            "From Ada to Ben",
        ]
        privacy.erase_member(ben)
        assert not Message.objects.filter(body="From Ben to Ada").exists()
        assert message_privacy.export_messages(ada)[0]["with"] == "a deleted member"
    text = page_text(signed_in(lambeth, ada).get(f"/messages/{conversation.pk}/"))
    assert "Messages with a deleted member" in text
    assert "This message was deleted with its author's account." in text
    assert "From Ada to Ben" in text and "From Ben to Ada" not in text
    assert "This member has deleted their account." in text  # no reply form
    with inside(lambeth):
        privacy.erase_member(ada)
        assert not Conversation.objects.exists() and not Message.objects.exists()


def test_the_delete_page_says_what_happens_to_private_messages_to_those_who_have_them(
    lambeth, people
):
    ada, ben, cal = people["Ada"], people["Ben"], people["Cal"]
    with inside(lambeth):
        services.start_conversation(ben, ada, "From Ben to Ada")
    said = "the words of your private messages are deleted"
    assert said in page_text(signed_in(lambeth, ben).get("/account/delete/"))
    assert said in page_text(signed_in(lambeth, ada).get("/account/delete/"))
    assert said not in page_text(signed_in(lambeth, cal).get("/account/delete/"))


def test_the_export_never_tells_the_sender_when_the_other_member_read_their_messages(
    lambeth, people
):
    """The website never shows a writer whether their message was read (a read receipt
    lets someone controlling watch when a person is online): the export does not either.
    When I read what I received is mine, and stays in my export."""
    ada, ben = people["Ada"], people["Ben"]
    with inside(lambeth):
        conversation = services.start_conversation(ben, ada, "From Ben to Ada").conversation
        services.mark_read(ada, conversation)
        assert Message.objects.get(body="From Ben to Ada").read_at is not None
        [sent] = message_privacy.export_messages(ben)[0]["messages"]
        [received] = message_privacy.export_messages(ada)[0]["messages"]
    assert sent["from"] == "me" and sent["read"] is None
    assert received["from"] == "Ben" and received["read"] is not None


def test_nothing_of_a_message_reaches_search_the_api_or_the_logs(lambeth, people, caplog):
    ada, ben = people["Ada"], people["Ben"]
    secret = "Zanzibarquokka"
    caplog.set_level(logging.DEBUG)
    with inside(lambeth):
        services.start_conversation(ben, ada, f"My word is {secret}")
    assert secret not in caplog.text
    assert not issubclass(Message, index.Indexed) and not issubclass(Conversation, index.Indexed)
    as_ada = signed_in(lambeth, ada)
    for path in [
        f"/search/?q={secret}",
        f"/search.json?q={secret}",
        f"/api/openreferral/services/?search={secret}",
    ]:
        response = as_ada.get(path)
        assert response.status_code == 200, path
        assert "My word is" not in response.content.decode(), path


def test_html_and_scripts_in_a_message_are_shown_as_text(lambeth, people):
    ada, ben = people["Ada"], people["Ben"]
    attack = (
        '<script>alert("x")</script><img src=x onerror=alert(1)> '
        "javascript:alert(1) https://good.example/ok"
    )
    with inside(lambeth):
        conversation = services.start_conversation(ben, ada, attack).conversation
    html = signed_in(lambeth, ada).get(f"/messages/{conversation.pk}/").content.decode()
    assert "<script>alert" not in html and "<img src=x" not in html
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in html
    assert 'href="javascript' not in html
    assert '<a href="https://good.example/ok" rel="nofollow noopener noreferrer ugc">' in html
