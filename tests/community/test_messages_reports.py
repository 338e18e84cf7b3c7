"""Reporting a private message when it matters most: after blocking its author, twice
in worry, after its author deleted their account; and what the reported member and
the moderator's approval may not do."""

import pytest

from django.core import mail

from sites.community.messaging import services
from sites.community.models import (
    Conversation,
    MemberProfile,
    Message,
    Report,
    SafeguardingCase,
)
from sites.community.services import blocking, moderation, privacy
from tests.conftest import inside

from .conftest import human, make_group, page_text, signed_in
from .messaging_helpers import new_url, people_fixture, profile_of, set_profile  # noqa: F401

pytestmark = pytest.mark.django_db


def report_url(message) -> str:
    return f"/messages/{message.conversation_id}/report/{message.pk}/"


def ben_reports_ada(lambeth, people, words: str, reason: str) -> Report:
    """Ada writes ``words`` to Ben, who reports them."""
    with inside(lambeth):
        message = services.start_conversation(people["Ada"], people["Ben"], words)
    details = human({"reason": reason, "details": "x"})
    signed_in(lambeth, people["Ben"]).post(report_url(message), details)
    with inside(lambeth):
        return Report.objects.get()


def test_a_member_who_blocked_someone_can_still_report_them(lambeth, people):
    ada, ben = people["Ada"], people["Ben"]
    with inside(lambeth):
        message = services.start_conversation(ada, ben, "I know where you live")
        blocking.block_member(ben, ada)
    as_ben = signed_in(lambeth, ben)
    conversation = page_text(as_ben.get(f"/messages/{message.conversation_id}/"))
    assert "You blocked this member" in conversation and "I know where you live" not in conversation
    assert "Report this message" in conversation
    assert as_ben.get(report_url(message)).status_code == 200
    as_ben.post(report_url(message), human({"reason": "safety", "details": "Frightened"}))
    with inside(lambeth):
        assert Report.objects.get().message == message
        assert SafeguardingCase.objects.get().member == ada


def test_reporting_the_same_message_again_adds_to_the_open_report(lambeth, people):
    ada, ben = people["Ada"], people["Ben"]
    with inside(lambeth):
        message = services.start_conversation(ada, ben, "You will regret it")
    as_ben = signed_in(lambeth, ben)
    as_ben.post(report_url(message), human({"reason": "safety", "details": "Scared"}))
    sent = len(mail.outbox)
    as_ben.post(report_url(message), human({"reason": "safety", "details": "Still scared"}))
    with inside(lambeth):
        report = Report.objects.get()
        assert report.details == "Scared\n\nStill scared"
        assert SafeguardingCase.objects.count() == 1
    assert len(mail.outbox) == sent, "no second email to the safeguarding lead"


def test_the_report_page_does_not_promise_what_a_conversation_of_two_cannot_keep(lambeth, people):
    """Only two people are in a conversation: the report page must not let someone
    frightened believe the other cannot tell who reported them."""
    ada, ben = people["Ada"], people["Ben"]
    with inside(lambeth):
        message = services.start_conversation(ada, ben, "You will regret it")
    text = page_text(signed_in(lambeth, ben).get(report_url(message)))
    assert "is not told who reported them" not in text
    assert "only the two of you are in this conversation, so they may guess" in text
    assert "You can block them too" in text


def test_the_reporters_data_says_the_report_was_about_a_private_message(lambeth, people):
    ben_reports_ada(lambeth, people, "Give me money", "spam")
    with inside(lambeth):
        [made] = privacy.export_member_data(people["Ben"])["reports_i_made"]
    assert made["about"] == "a private message"


def test_the_case_of_a_reported_message_speaks_of_the_message(lambeth, people, lambeth_moderator):
    report = ben_reports_ada(lambeth, people, "I will find you", "safety")
    with inside(lambeth):
        case = SafeguardingCase.objects.get(report=report)
    page = signed_in(lambeth, lambeth_moderator).get(f"/admin/community/safeguarding/{case.pk}/")
    text = page_text(page)
    assert "(deciding about the message there does not close this case)" in text
    assert "deciding about the post" not in text


def test_a_reported_member_is_not_told_of_the_report_in_their_data(
    lambeth, people, lambeth_moderator
):
    ada = people["Ada"]
    report = ben_reports_ada(lambeth, people, "Give me money", "safety")
    with inside(lambeth):
        services.open_reported_conversation(lambeth_moderator, report)
        moderation.warn_member(lambeth_moderator, ada, message="Be kind")
        told = [
            item["decision"]
            for item in privacy.export_member_data(ada)["moderation_decisions_about_me"]
        ]
    assert told == ["Warned the member"]


def test_the_moderators_page_opens_after_the_author_deleted_their_account(
    lambeth, people, lambeth_moderator
):
    report = ben_reports_ada(lambeth, people, "Nasty words", "spam")
    with inside(lambeth):
        privacy.erase_member(people["Ada"])
    page = signed_in(lambeth, lambeth_moderator).get(
        f"/admin/community/messages/reports/{report.pk}/"
    )
    assert page.status_code == 200
    assert "a deleted member" in page_text(page)


def test_a_held_message_is_not_passed_on_once_its_reader_takes_none(
    lambeth, people, lambeth_moderator
):
    ada, ben = people["Ada"], people["Ben"]
    set_profile(lambeth, ben, is_trusted=False)
    with inside(lambeth):
        ben = type(ben).objects.get(pk=ben.pk)
        held = services.start_conversation(ben, ada, "Hello there")
        assert held.status == Message.Status.HELD
        MemberProfile.objects.filter(user=ada).update(messages_from="nobody")
        with pytest.raises(moderation.ModerationError, match="no longer takes messages"):
            services.approve_message(lambeth_moderator, held)
        held.refresh_from_db()
        assert held.status == Message.Status.HELD


@pytest.mark.parametrize("report", ["not-a-number", "99999999999999999999999"])
def test_a_bad_report_number_on_a_message_decision_changes_nothing(
    lambeth, people, lambeth_moderator, report
):
    ada, ben = people["Ada"], people["Ben"]
    set_profile(lambeth, ben, is_trusted=False)
    with inside(lambeth):
        ben = type(ben).objects.get(pk=ben.pk)
        held = services.start_conversation(ben, ada, "Hello there")
    admin = signed_in(lambeth, lambeth_moderator)
    path = f"/admin/community/messages/{held.pk}/decide/"
    response = admin.post(path, {"decision": "approve", "report": report})
    assert response.status_code == 302
    assert response["Location"] == f"/admin/community/messages/{held.pk}/"
    assert "Nothing was done." in page_text(admin.get(response["Location"]))
    with inside(lambeth):
        held.refresh_from_db()
        assert held.status == Message.Status.HELD


def test_an_erased_account_leaves_only_what_the_other_member_had(lambeth, people):
    ada, ben = people["Ada"], people["Ben"]
    with inside(lambeth):
        delivered = services.start_conversation(ada, ben, "Hello Ben")
        conversation = delivered.conversation
        Message.objects.create(
            conversation=conversation, sender=ada, body="Never passed on", status="rejected"
        )
        privacy.erase_member(ada)
        assert list(conversation.messages.values_list("status", flat=True)) == ["erased"]
    text = page_text(signed_in(lambeth, ben).get(f"/messages/{conversation.pk}/"))
    assert text.count("This message was deleted with its author's account.") == 1


def test_trying_ids_does_not_reveal_a_member_who_chose_only_me(lambeth, people):
    ada, ben = people["Ada"], people["Ben"]  # they share a group
    set_profile(lambeth, ben, profile_visibility="nobody", show_in_group_member_lists=False)
    response = signed_in(lambeth, ada).get(new_url(lambeth, ben))
    assert response.status_code == 404
    assert "Ben" not in page_text(response)


def test_a_new_member_cannot_fill_the_moderation_queue(lambeth, people):
    ada, ben = people["Ada"], people["Ben"]
    make_group(lambeth, organiser=people["Cal"], members=[ben], name="Chess club")
    set_profile(lambeth, ben, is_trusted=False)
    with inside(lambeth):
        ben = type(ben).objects.get(pk=ben.pk)
        first = services.start_conversation(ben, ada, "Hello")
        for n in range(services.MAX_WAITING - 1):
            services.send_message(ben, first.conversation, f"Hello again {n}")
        with pytest.raises(services.CannotWrite, match="waiting for a moderator"):
            services.send_message(ben, first.conversation, "And again")
        # Nor to someone else: refused before a conversation is made.
        with pytest.raises(services.CannotWrite, match="waiting for a moderator"):
            services.start_conversation(ben, people["Cal"], "Hello Cal")
        assert Conversation.objects.count() == 1
        assert Message.objects.filter(status="held").count() == services.MAX_WAITING
        # Once a moderator has passed one on, there is room for one more to wait.
        Message.objects.filter(pk=first.pk).update(status="delivered")
        link = services.send_message(ben, first.conversation, "See https://example.org")
        assert link.status == "held"


def test_a_block_looks_like_a_hidden_profile_on_the_new_message_page(lambeth, people):
    ada, ben = people["Ada"], people["Ben"]
    with inside(lambeth):
        blocking.block_member(ben, ada)
    as_ada = signed_in(lambeth, ada)
    assert as_ada.get(new_url(lambeth, ben)).status_code == 404
    assert as_ada.get(f"/members/{profile_of(lambeth, ben).pk}/").status_code == 404


def test_editors_cannot_read_private_messages_held_or_reported(
    lambeth, people, lambeth_editor, lambeth_moderator
):
    """The writer is told only a moderator sees a held message: Editors, who moderate
    posts and events, are refused every page of private messages (Wagtail's "no
    permission": back to the dashboard), and the queue leaves them out for them."""
    report = ben_reports_ada(lambeth, people, "Send me your bank details", "spam")
    set_profile(lambeth, people["Ben"], is_trusted=False)
    with inside(lambeth):
        ben = type(people["Ben"]).objects.get(pk=people["Ben"].pk)
        held = services.send_message(ben, report.message.conversation, "Please stop")
        assert held.status == Message.Status.HELD
    pages = [
        f"/admin/community/messages/{held.pk}/",
        f"/admin/community/messages/reports/{report.pk}/",
    ]
    editor = signed_in(lambeth, lambeth_editor)
    for url in pages:
        refused = editor.get(url)
        assert refused.status_code == 302 and refused.url == "/admin/", url  # no permission
        assert "Send me your bank details" not in page_text(editor.get(url, follow=True))
    refused = editor.post(f"/admin/community/messages/{held.pk}/decide/", {"decision": "approve"})
    assert refused.status_code == 302 and refused.url == "/admin/"
    # Nor can they act on the report by its number (warn the member, dismiss it).
    acted = editor.post(
        "/admin/community/moderation/act/", {"action": "dismiss", "report": report.pk}
    )
    assert acted.status_code == 404
    with inside(lambeth):
        report.refresh_from_db()
        assert report.status == Report.Status.OPEN
    queue = page_text(editor.get("/admin/community/moderation/"))
    assert "Private message waiting for a moderator" not in queue
    assert "About a private message" not in queue
    with inside(lambeth):
        held.refresh_from_db()
        assert held.status == Message.Status.HELD
        assert not moderation.can_read_messages(lambeth_editor)
        assert moderation.queue_counts(lambeth_editor)["held-messages"] == 0
    # A moderator is let in to both, and sees them in the queue.
    staff = signed_in(lambeth, lambeth_moderator)
    for url in pages:
        assert staff.get(url).status_code == 200, url
    assert "Send me your bank details" in page_text(staff.get(pages[1]))
    queue = page_text(staff.get("/admin/community/moderation/"))
    assert "Private message waiting for a moderator" in queue
    assert "About a private message" in queue
