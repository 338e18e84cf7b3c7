"""Private messages: who may write to whom, conversations, read state, My page, and the
borough's switch. Safety, email and privacy are in test_messages_safety.py."""

import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine

from sites.community.messaging import rules, selectors, services
from sites.community.models import Block, Conversation, Message
from tests.conftest import inside

from .conftest import human, page_text, signed_in
from .messaging_helpers import GROUP, new_url, people_fixture, profile_of, set_profile  # noqa: F401

pytestmark = pytest.mark.django_db


def write(client, url, body):
    return client.post(url, human({"body": body}))


def test_members_of_one_group_can_start_a_conversation_that_says_what_they_share(lambeth, people):
    ada, ben = people["Ada"], people["Ben"]
    as_ben = signed_in(lambeth, ben)
    # Ada's profile offers the link, and the form says what they share.
    profile_page = page_text(as_ben.get(new_url(lambeth, ada).replace("messages/new", "members")))
    assert "Send Ada a message" in profile_page
    form = as_ben.get(new_url(lambeth, ada))
    assert f"You are both in {GROUP}." in page_text(form)

    response = write(as_ben, new_url(lambeth, ada), "Are you coming on Tuesday?")
    with inside(lambeth):
        conversation = Conversation.objects.get()
        message = Message.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/messages/{conversation.pk}/"
    assert message.status == Message.Status.DELIVERED and message.sender == ben

    as_ada = signed_in(lambeth, ada)
    my_page = page_text(as_ada.get("/account/"))
    assert "Messages with Ben" in my_page and "(1 new)" in my_page
    assert f"You are both in {GROUP}." in my_page
    page = page_text(as_ada.get(f"/messages/{conversation.pk}/"))
    assert "Are you coming on Tuesday?" in page and f"You are both in {GROUP}." in page
    # Ada answers the organiser way round too: organisers write to their members.
    write(as_ada, f"/messages/{conversation.pk}/", "Yes, see you there.")
    with inside(lambeth):
        bodies = [m.body for m in Message.objects.order_by("created_at", "pk")]
    assert bodies == ["Are you coming on Tuesday?", "Yes, see you there."]
    # Starting again leads to the same conversation.
    assert as_ben.get(new_url(lambeth, ada))["Location"] == f"/messages/{conversation.pk}/"


def test_messages_are_newest_last_and_reading_them_marks_them_read(lambeth, people):
    ada, ben = people["Ada"], people["Ben"]
    with inside(lambeth):
        first = services.start_conversation(ben, ada, "First")
        services.send_message(ben, first.conversation, "Second")
        assert selectors.unread_count(ada, first.conversation) == 2
    text = page_text(signed_in(lambeth, ada).get(f"/messages/{first.conversation_id}/"))
    assert text.index("First") < text.index("Second")
    assert "Ben (new)" in text
    with inside(lambeth):
        assert selectors.unread_count(ada, first.conversation) == 0
        assert not Message.objects.filter(read_at__isnull=True).exists()
    assert "new)" not in page_text(signed_in(lambeth, ada).get("/messages/"))


def test_a_message_says_when_it_was_sent_once_in_words(lambeth, people):
    """'5 December 2026, 6:52pm', as every page writes a time, not '…, 18:52, 6:52pm'."""
    ada, ben = people["Ada"], people["Ben"]
    sent_at = datetime.datetime(2026, 12, 5, 18, 52, tzinfo=ZoneInfo("Europe/London"))
    with time_machine.travel(sent_at, tick=False), inside(lambeth):
        started = services.start_conversation(ben, ada, "See you at the garden")
    for path in (f"/messages/{started.conversation_id}/", "/messages/"):
        text = page_text(signed_in(lambeth, ada).get(path))
        assert "5 December 2026, 6:52pm" in text, path
        assert "18:52" not in text, path


def test_nobody_can_write_to_someone_they_share_nothing_with(lambeth, people):
    ada, dan = people["Ada"], people["Dan"]
    as_dan = signed_in(lambeth, dan)
    assert as_dan.get(new_url(lambeth, ada)).status_code == 404
    assert write(as_dan, new_url(lambeth, ada), "Hello there").status_code == 404
    assert "Send Ada a message" not in page_text(
        as_dan.get(new_url(lambeth, ada).replace("messages/new", "members"))
    )
    with inside(lambeth):
        with pytest.raises(services.CannotWrite):
            services.start_conversation(dan, ada, "Hello there")
        assert not Message.objects.exists()


def test_going_to_the_same_event_date_counts_only_if_the_member_accepts_events(lambeth, people):
    ada, cal = people["Ada"], people["Cal"]
    as_cal = signed_in(lambeth, cal)
    # Ada's default: people in my groups. Cal only shares an event with her.
    refused = as_cal.get(new_url(lambeth, ada))
    assert "Ada is not taking messages at the moment." in page_text(refused)
    assert write(as_cal, new_url(lambeth, ada), "Hi").status_code == 200
    with inside(lambeth):
        assert not Message.objects.exists()

    set_profile(lambeth, ada, messages_from="groups-events")
    form = page_text(as_cal.get(new_url(lambeth, ada)))
    assert "You are both going to Coffee morning on" in form
    assert write(as_cal, new_url(lambeth, ada), "See you at coffee?").status_code == 302
    with inside(lambeth):
        assert Message.objects.get().status == Message.Status.DELIVERED


def test_another_date_of_the_event_is_not_shared(lambeth, people):
    from sites.community.factories import EventAttendanceFactory
    from sites.community.models import EventAttendance

    ada, dan = people["Ada"], people["Dan"]
    with inside(lambeth):
        attendance = EventAttendance.objects.filter(member=ada).first()
        EventAttendanceFactory(
            event=attendance.event,
            member=dan,
            occurs_on=attendance.occurs_on.replace(year=attendance.occurs_on.year + 1),
        )
        assert not rules.shared_context(ada, dan)


def test_nobody_setting_stops_new_and_existing_conversations(lambeth, people):
    ada, ben = people["Ada"], people["Ben"]
    with inside(lambeth):
        conversation = services.start_conversation(ben, ada, "Hello").conversation
    set_profile(lambeth, ada, messages_from="nobody")
    as_ben = signed_in(lambeth, ben)
    page = page_text(as_ben.get(f"/messages/{conversation.pk}/"))
    assert "Ada is not taking messages at the moment." in page
    response = write(as_ben, f"/messages/{conversation.pk}/", "Are you there?")
    assert "Ada is not taking messages at the moment." in page_text(response)
    with inside(lambeth):
        assert Message.objects.count() == 1


def _answers(client, conversation):
    """What a sender sees in the conversation, and when trying to write in it."""
    return [
        page_text(client.get(f"/messages/{conversation.pk}/")),
        page_text(write(client, f"/messages/{conversation.pk}/", "Still there?")),
    ]


def test_a_blocked_sender_cannot_start_a_conversation_and_cannot_tell(lambeth, people):
    """Starting a conversation, a block answers as a profile hidden from the writer does,
    on the profile and on the new-message page; neither says which it is."""
    from sites.community.services import blocking

    ada, ben = people["Ada"], people["Ben"]
    as_ben = signed_in(lambeth, ben)
    profile = f"/members/{profile_of(lambeth, ada).pk}/"

    def answers():
        new = as_ben.get(new_url(lambeth, ada))
        sent = write(as_ben, new_url(lambeth, ada), "Hi")
        return [as_ben.get(profile).status_code, new.status_code, sent.status_code]

    set_profile(lambeth, ada, profile_visibility="nobody")
    hidden = answers()
    set_profile(lambeth, ada, profile_visibility="members")
    with inside(lambeth):
        blocking.block_member(ada, ben)
    assert answers() == hidden == [404, 404, 404]
    with inside(lambeth):
        assert not Message.objects.exists()


def test_a_blocked_sender_gets_the_same_answer_as_nobody_and_cannot_tell(lambeth, people):
    ada, ben = people["Ada"], people["Ben"]
    with inside(lambeth):
        conversation = services.start_conversation(ben, ada, "Hello").conversation
    as_ben = signed_in(lambeth, ben)

    set_profile(lambeth, ada, messages_from="nobody")
    said_nobody = _answers(as_ben, conversation)
    set_profile(lambeth, ada, messages_from="groups")
    # Ada blocks Ben from his message.
    as_ada = signed_in(lambeth, ada)
    block_page = page_text(as_ada.get(f"/messages/{conversation.pk}/block/"))
    assert "Block Ben?" in block_page
    assert "Ben cannot send you private messages any more" in block_page
    as_ada.post(f"/messages/{conversation.pk}/block/")
    with inside(lambeth):
        assert Block.objects.filter(blocker=ada, blocked=ben).exists()
    when_blocked = _answers(as_ben, conversation)

    # The pages differ only in the changing "Still there?" time stamps: none are sent.
    assert when_blocked == said_nobody
    assert all("blocked" not in answer.lower() for answer in when_blocked)
    assert "Ada is not taking messages at the moment." in when_blocked[0]
    with inside(lambeth):
        assert Message.objects.count() == 1
        with pytest.raises(services.CannotWrite, match="not taking messages"):
            services.send_message(ben, conversation, "Please answer")
    # Ada, who blocked, is told so; Ben's message is hidden from her.
    page = page_text(as_ada.get(f"/messages/{conversation.pk}/"))
    assert "You have blocked Ben" in page and "Hello" not in page.split("Messages with Ben")[1]


def test_only_the_two_members_see_a_conversation(lambeth, people):
    ada, ben, cal = people["Ada"], people["Ben"], people["Cal"]
    with inside(lambeth):
        conversation = services.start_conversation(ben, ada, "Private words").conversation
    assert signed_in(lambeth, cal).get(f"/messages/{conversation.pk}/").status_code == 404
    anonymous = signed_in(lambeth, cal)
    anonymous.logout()
    assert anonymous.get(f"/messages/{conversation.pk}/")["Location"].startswith(
        "/account/sign-in/"
    )
    assert "Private words" not in page_text(signed_in(lambeth, cal).get("/messages/"))


def test_a_borough_can_switch_messages_off(lambeth, people, settings_for):
    ada, ben = people["Ada"], people["Ben"]
    with inside(lambeth):
        conversation = services.start_conversation(ben, ada, "Hello").conversation
    settings_for(messaging_enabled=False)
    as_ben = signed_in(lambeth, ben)
    for path in ["/messages/", f"/messages/{conversation.pk}/", new_url(lambeth, ada)]:
        assert as_ben.get(path).status_code == 404, path
    assert as_ben.post(f"/messages/{conversation.pk}/", human({"body": "x"})).status_code == 404
    assert "My messages" not in page_text(as_ben.get("/account/"))
    profile = page_text(as_ben.get(new_url(lambeth, ada).replace("messages/new", "members")))
    assert "a message" not in profile
    assert "private messages" not in page_text(as_ben.get("/account/profile/")).lower()
    assert "private message" not in page_text(as_ben.get("/account/emails/")).lower()


def test_the_profile_setting_is_saved_from_the_profile_form(lambeth, people):
    ada = people["Ada"]
    form = page_text(signed_in(lambeth, ada).get("/account/profile/"))
    assert "Who can send me private messages?" in form
    signed_in(lambeth, ada).post(
        "/account/profile/",
        {"display_name": "Ada", "profile_visibility": "members", "messages_from": "nobody"},
    )
    assert profile_of(lambeth, ada).messages_from == "nobody"


def test_bad_input_gets_a_clear_message_and_changes_nothing(lambeth, people):
    ada, ben = people["Ada"], people["Ben"]
    as_ben = signed_in(lambeth, ben)
    for body, problem in [
        ("   ", "Write your message."),
        ("x" * 2001, "under 2000"),
        ("\x07\x1b\u202e", "Write your message."),  # only a bell, an escape, an override
    ]:
        response = write(as_ben, new_url(lambeth, ada), body)
        assert response.status_code == 200 and problem in page_text(response)
    assert as_ben.get("/messages/999999/").status_code == 404
    assert as_ben.get("/messages/new/999999/").status_code == 404
    assert as_ben.delete("/messages/").status_code == 405
    with inside(lambeth):
        assert not Message.objects.exists()
    write(as_ben, new_url(lambeth, ada), "Hello\x07 \x1b[31mthere")
    with inside(lambeth):
        assert Message.objects.get().body == "Hello [31mthere"


def test_fuzz_writing_a_message(lambeth, people, monkeypatch):
    from hypothesis import strategies as st

    from tests.fuzzing import BLANK, WORDS, Field, fuzz_form, row_counts, too_long

    ada, ben = people["Ada"], people["Ben"]
    with inside(lambeth):
        conversation = services.start_conversation(ben, ada, "Hello").conversation
    fields = {"body": Field(WORDS, st.one_of(BLANK, too_long(2000)))}
    fuzz_form(
        monkeypatch,
        lambeth,
        f"/messages/{conversation.pk}/",
        fields,
        lambda: row_counts(lambeth, Message),
        user=ada,
    )
