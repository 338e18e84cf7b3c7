"""Moderation: pre-moderation of new members, one queue of reports, held posts and held
events (safeguarding first, then oldest first), every decision in the audit log, emails
that respect the member's choices."""

import datetime

import pytest

from django.core import mail
from django.utils import timezone

from sites.community.models import (
    Event,
    MemberProfile,
    ModerationAction,
    Post,
    Report,
    Thread,
)
from sites.community.services import moderation
from sites.core.roles import ORGANISATION_MANAGERS
from tests.conftest import client_for, inside

from .conftest import (
    human,
    make_event,
    make_group,
    make_member,
    make_staff,
    make_thread,
    page_text,
    signed_in,
)

pytestmark = pytest.mark.django_db

QUEUE = "/admin/community/moderation/"
ACT = "/admin/community/moderation/act/"
EVENT_ITEM = QUEUE + "events/{}/"


@pytest.fixture
def trusted(lambeth):
    return make_member(lambeth, display_name="Tess", is_trusted=True)


@pytest.fixture
def newcomer(lambeth):
    return make_member(lambeth, display_name="Nina")


def test_a_new_members_reply_waits_for_a_moderator(lambeth, trusted, newcomer, lambeth_moderator):
    thread, _ = make_thread(lambeth, trusted, title="Gardening tips")
    url = f"/discussions/{thread.pk}/"
    author = signed_in(lambeth, newcomer)
    response = author.post(url, human({"body": "Use plenty of compost."}))
    assert response.status_code == 302
    with inside(lambeth):
        post = Post.objects.get(body="Use plenty of compost.")
        assert post.status == "held"
    assert mail.outbox == [], "nobody is told about a held reply yet"

    # Others do not see it; the author sees it, marked as waiting.
    for client in (client_for(lambeth), signed_in(lambeth, trusted)):
        assert "Use plenty of compost." not in page_text(client.get(url))
    own = page_text(author.get(url))
    assert "Use plenty of compost." in own
    assert "Waiting for a moderator" in own

    # It is in the queue; a moderator approves it.
    admin = signed_in(lambeth, lambeth_moderator)
    assert "Post waiting for a moderator" in page_text(admin.get(QUEUE))
    assert "Use plenty of compost." in page_text(admin.get(f"{QUEUE}posts/{post.pk}/"))
    response = admin.post(ACT, {"action": "approve", "post": post.pk})
    assert response.status_code == 302
    with inside(lambeth):
        post.refresh_from_db()
        assert post.status == "visible"
        logged = ModerationAction.objects.get()
        assert (logged.action, logged.moderator, logged.post, logged.member) == (
            "approve",
            lambeth_moderator,
            post,
            newcomer,
        )
    assert "Use plenty of compost." in page_text(client_for(lambeth).get(url))
    # The author hears the outcome; the discussion's author hears about the reply.
    subjects = {m.to[0]: m.subject for m in mail.outbox}
    assert subjects[newcomer.email] == "Your post is now on the website"
    assert subjects[trusted.email] == "New reply to “Gardening tips”"
    assert all("/emails/unsubscribe/" in m.body for m in mail.outbox)


def test_a_new_members_discussion_waits_too(lambeth, newcomer, lambeth_moderator):
    from sites.community.factories import TopicFactory

    with inside(lambeth):
        topic = TopicFactory(name="Games", slug="games")
    author = signed_in(lambeth, newcomer)
    author.post(
        "/discussions/new/", human({"topic": topic.pk, "title": "Chess anyone?", "body": "Hi"})
    )
    with inside(lambeth):
        thread = Thread.objects.get(title="Chess anyone?")
        assert thread.status == "held"
    assert "Chess anyone?" not in page_text(client_for(lambeth).get("/discussions/"))
    assert client_for(lambeth).get(f"/discussions/{thread.pk}/").status_code == 404
    mine = page_text(author.get(f"/discussions/{thread.pk}/"))
    assert "This discussion is waiting for a moderator" in mine
    assert "Chess anyone?" in page_text(author.get("/discussions/"))

    with inside(lambeth):
        moderation.approve_post(lambeth_moderator, thread.posts.get(), borough=lambeth)
        thread.refresh_from_db()
        assert thread.status == "visible"
    assert "Chess anyone?" in page_text(client_for(lambeth).get("/discussions/"))


def test_a_trusted_members_post_appears_at_once_unless_everyone_is_held(
    lambeth, trusted, newcomer, settings_for
):
    thread, _ = make_thread(lambeth, newcomer)
    client = signed_in(lambeth, trusted)
    client.post(f"/discussions/{thread.pk}/", human({"body": "Straight away"}))
    settings_for(premoderate_everyone=True)
    client.post(f"/discussions/{thread.pk}/", human({"body": "Held this time"}))
    with inside(lambeth):
        assert Post.objects.get(body="Straight away").status == "visible"
        assert Post.objects.get(body="Held this time").status == "held"
    text = page_text(client_for(lambeth).get(f"/discussions/{thread.pk}/"))
    assert "Straight away" in text and "Held this time" not in text


def test_trusting_a_member_lets_their_next_posts_through(
    lambeth, newcomer, trusted, lambeth_moderator
):
    thread, _ = make_thread(lambeth, trusted)
    client = signed_in(lambeth, newcomer)
    client.post(f"/discussions/{thread.pk}/", human({"body": "First try"}))
    with inside(lambeth):
        held = Post.objects.get(body="First try")
    signed_in(lambeth, lambeth_moderator).post(ACT, {"action": "trust", "post": held.pk})
    with inside(lambeth):
        assert MemberProfile.objects.get(user=newcomer).is_trusted
        assert ModerationAction.objects.get().action == "trust"
    client.post(f"/discussions/{thread.pk}/", human({"body": "Second try"}))
    with inside(lambeth):
        assert Post.objects.get(body="Second try").status == "visible"
        assert Post.objects.get(body="First try").status == "held", "still for a moderator"


def test_editing_a_post_sends_an_untrusted_members_post_back_to_the_moderators(
    lambeth, newcomer, lambeth_moderator, trusted
):
    thread, _ = make_thread(lambeth, trusted)
    signed_in(lambeth, newcomer).post(f"/discussions/{thread.pk}/", human({"body": "Nice"}))
    with inside(lambeth):
        post = Post.objects.get(body="Nice")
        moderation.approve_post(lambeth_moderator, post, borough=lambeth)
    signed_in(lambeth, newcomer).post(
        f"/discussions/posts/{post.pk}/edit/", human({"body": "Now with a spam link"})
    )
    with inside(lambeth):
        post.refresh_from_db()
        assert post.status == "held"


# --- The report → queue → action → audit path ----------------------------------------------


def test_reports_and_held_posts_form_one_queue_with_safeguarding_first(
    lambeth, trusted, newcomer, lambeth_moderator, settings_for, django_capture_on_commit_callbacks
):
    settings_for(safeguarding_email="safeguarding@lambeth.example.org")
    thread, unkind_post = make_thread(lambeth, newcomer, body="You are all stupid.")
    _, worrying_post = make_thread(lambeth, newcomer, body="I don't want to be here any more.")
    reporter = signed_in(lambeth, trusted)

    # 1. An unkind post is reported (the oldest item).
    response = reporter.get(f"/discussions/posts/{unkind_post.pk}/report/")
    assert "Report this post" in page_text(response)
    reporter.post(f"/discussions/posts/{unkind_post.pk}/report/", human({"reason": "unkind"}))
    # 2. A new member's post is held (the next oldest).
    signed_in(lambeth, make_member(lambeth, display_name="Omar")).post(
        f"/discussions/{thread.pk}/", human({"body": "Hello, I am new here."})
    )
    # 3. Someone may be at risk (the newest, but it goes to the top).
    assert mail.outbox == []
    with django_capture_on_commit_callbacks(execute=True):
        response = reporter.post(
            f"/discussions/posts/{worrying_post.pk}/report/",
            human({"reason": "safety", "details": "They sound very low."}),
        )
    assert response.status_code == 302
    with inside(lambeth):
        old = timezone.now() - datetime.timedelta(hours=3)
        Report.objects.filter(post=unkind_post).update(created_at=old)
        Post.objects.filter(body="Hello, I am new here.").update(
            created_at=old + datetime.timedelta(hours=1)
        )
        safety = Report.objects.get(post=worrying_post)
        assert safety.is_safeguarding and safety.reporter == trusted
        assert safety.reported_member == newcomer

    # It opens a case; the safeguarding lead is emailed at once.
    with inside(lambeth):
        case = safety.safeguarding_case
    assert len(mail.outbox) == 1
    alert = mail.outbox[0]
    assert alert.to == ["safeguarding@lambeth.example.org"]
    assert "Safeguarding" in alert.subject
    assert "I don't want to be here any more." in alert.body
    assert "They sound very low." in alert.body
    assert f"http://lambeth.localhost:8000/admin/community/safeguarding/{case.pk}/" in alert.body
    assert trusted.email not in alert.body

    # One queue: the open case first, then safeguarding reports, then oldest first.
    with inside(lambeth):
        queue = moderation.moderation_queue()
        assert queue[0].kind == "case" and queue[0].case == case
        assert [(item.kind, item.post.body) for item in queue[1:]] == [
            ("report", "I don't want to be here any more."),
            ("report", "You are all stupid."),
            ("held-post", "Hello, I am new here."),
        ]
    admin = signed_in(lambeth, lambeth_moderator)
    text = page_text(admin.get(QUEUE))
    assert (
        text.index("SAFEGUARDING CASE")
        < text.index("SAFEGUARDING: Report")
        < text.index("Report – It is unkind")
        < text.index("Post waiting for a moderator")
    )

    # A moderator hides the unkind post, from its report.
    with inside(lambeth):
        unkind_report = Report.objects.get(post=unkind_post)
    page = admin.get(f"{QUEUE}reports/{unkind_report.pk}/")
    assert "You are all stupid." in page_text(page)
    mail.outbox = []
    admin.post(
        ACT,
        {
            "action": "hide",
            "post": unkind_post.pk,
            "report": unkind_report.pk,
            "note": "Please be kind.",
        },
    )
    with inside(lambeth):
        unkind_post.refresh_from_db()
        unkind_report.refresh_from_db()
        assert unkind_post.status == "hidden"
        assert unkind_report.status == "closed"
        action = ModerationAction.objects.get(action="hide")
        assert (action.moderator, action.post, action.report, action.member) == (
            lambeth_moderator,
            unkind_post,
            unkind_report,
            newcomer,
        )
        assert action.created_at is not None
        assert len(moderation.moderation_queue()) == 3
    assert [m.to for m in mail.outbox] == [[newcomer.email]]
    assert "Please be kind." in mail.outbox[0].body
    # Everyone else now sees that it was hidden, not what it said.
    text = page_text(client_for(lambeth).get(f"/discussions/{thread.pk}/"))
    assert "This post was hidden by a moderator." in text
    assert "You are all stupid." not in text

    # The safeguarding report is dismissed after a check; the held post approved.
    # Dismissing the report does not close the case: it stays at the top of the queue.
    admin.post(ACT, {"action": "dismiss", "report": safety.pk, "note": "Called them."})
    with inside(lambeth):
        held = Post.objects.get(body="Hello, I am new here.")
    admin.post(ACT, {"action": "approve", "post": held.pk})
    with inside(lambeth):
        assert [item.kind for item in moderation.moderation_queue()] == ["case"]
        assert list(ModerationAction.objects.values_list("action", flat=True)) == [
            "approve",
            "dismiss",
            "hide",
            "open-case",
        ]

    # The audit log shows who did what, and when.
    log = page_text(admin.get("/admin/community/log/"))
    for words in ("Hidden", "Dismissed a report", "Approved", "Called them."):
        assert words in log
    assert "SAFEGUARDING CASE" in page_text(admin.get(QUEUE))


def test_reporting_a_member_from_their_profile(lambeth, trusted, newcomer, lambeth_moderator):
    with inside(lambeth):
        profile = MemberProfile.objects.get(user=newcomer)
    reporter = signed_in(lambeth, trusted)
    assert reporter.get(f"/members/{profile.pk}/report/").status_code == 200
    response = reporter.post(
        f"/members/{profile.pk}/report/",
        human({"reason": "other", "details": "Keeps asking for my phone number."}),
    )
    assert response.status_code == 302
    with inside(lambeth):
        report = Report.objects.get()
        assert report.reported_member == newcomer and report.post is None
    page = page_text(signed_in(lambeth, lambeth_moderator).get(f"{QUEUE}reports/{report.pk}/"))
    assert "Keeps asking for my phone number." in page
    # "Something else" needs a few words.
    response = reporter.post(f"/members/{profile.pk}/report/", human({"reason": "other"}))
    assert "Tell us what is wrong." in page_text(response)
    # Visitors must sign in; nobody reports themselves.
    assert client_for(lambeth).get(f"/members/{profile.pk}/report/").status_code == 302
    own = signed_in(lambeth, newcomer).get(f"/members/{profile.pk}/report/")
    assert own.status_code == 404


def test_warning_suspending_and_lifting_are_logged_and_a_suspended_member_cannot_post(
    lambeth, trusted, newcomer, lambeth_moderator
):
    thread, post = make_thread(lambeth, newcomer, body="Rude words")
    with inside(lambeth):
        report = Report.objects.create(
            reporter=trusted, post=post, reported_member=newcomer, reason="unkind"
        )
    admin = signed_in(lambeth, lambeth_moderator)
    admin.post(ACT, {"action": "warn", "report": report.pk, "message": "Please be polite."})
    assert mail.outbox[0].to == [newcomer.email]
    assert "Please be polite." in mail.outbox[0].body
    admin.post(ACT, {"action": "suspend", "post": post.pk, "days": 7, "note": "Rudeness"})
    with inside(lambeth):
        profile = MemberProfile.objects.get(user=newcomer)
        assert profile.is_suspended
        assert profile.suspended_until > timezone.now() + datetime.timedelta(days=6)
        report.refresh_from_db()
        assert report.status == "closed"
    assert "Your account is paused" in mail.outbox[1].subject

    client = signed_in(lambeth, newcomer)
    response = client.post(f"/discussions/{thread.pk}/", human({"body": "Let me back"}))
    assert "Your account is paused until" in page_text(response)
    with inside(lambeth):
        assert not Post.objects.filter(body="Let me back").exists()

    admin.post(ACT, {"action": "unsuspend", "post": post.pk})
    with inside(lambeth):
        assert not MemberProfile.objects.get(user=newcomer).is_suspended
        assert list(
            ModerationAction.objects.order_by("created_at").values_list("action", "moderator")
        ) == [
            ("warn", lambeth_moderator.pk),
            ("suspend", lambeth_moderator.pk),
            ("unsuspend", lambeth_moderator.pk),
        ]


def test_moderation_emails_respect_the_members_choice(
    lambeth, trusted, newcomer, lambeth_moderator
):
    with inside(lambeth):
        MemberProfile.objects.filter(user=newcomer).update(notify_moderation=False)
    thread, _ = make_thread(lambeth, trusted)
    signed_in(lambeth, newcomer).post(f"/discussions/{thread.pk}/", human({"body": "Hi"}))
    with inside(lambeth):
        post = Post.objects.get(body="Hi")
    admin = signed_in(lambeth, lambeth_moderator)
    admin.post(ACT, {"action": "reject", "post": post.pk, "note": "Off topic"})
    response = admin.post(
        ACT, {"action": "warn", "post": post.pk, "message": "Careful"}, follow=True
    )
    assert "no email was sent" in page_text(response)
    assert [m.to for m in mail.outbox if newcomer.email in m.to] == []
    with inside(lambeth):
        assert ModerationAction.objects.filter(action__in=["reject", "warn"]).count() == 2


def test_reporting_is_rate_limited(lambeth, trusted, newcomer):
    _, post = make_thread(lambeth, newcomer)
    client = signed_in(lambeth, trusted)
    for _ in range(10):
        response = client.post(f"/discussions/posts/{post.pk}/report/", human({"reason": "spam"}))
        assert response.status_code == 302
    response = client.post(f"/discussions/posts/{post.pk}/report/", human({"reason": "spam"}))
    assert response.status_code == 429
    assert "Please wait" in page_text(response)
    with inside(lambeth):
        # Each try counts towards the limit; the same post again adds to the open report.
        assert Report.objects.count() == 1


def test_only_moderators_and_editors_reach_the_moderation_admin(
    lambeth, trusted, newcomer, lambeth_moderator, lambeth_editor
):
    _, post = make_thread(lambeth, trusted)
    event = held_event(lambeth, newcomer)
    manager = make_staff(lambeth, "manager@lambeth.example.org", ORGANISATION_MANAGERS)
    # Members (the event's own poster too), organisation managers and visitors.
    for client in [signed_in(lambeth, user) for user in (trusted, newcomer, manager)] + [
        client_for(lambeth)
    ]:
        for url in (
            QUEUE,
            "/admin/community/log/",
            f"{QUEUE}posts/{post.pk}/",
            EVENT_ITEM.format(event.pk),
        ):
            assert client.get(url).status_code in (302, 403), url
        client.post(ACT, {"action": "hide", "post": post.pk})
        for action in ("approve", "reject"):
            assert client.post(ACT, {"action": action, "event": event.pk}).status_code in (
                302,
                403,
            )
    with inside(lambeth):
        post.refresh_from_db()
        assert post.status == "visible"
        event.refresh_from_db()
        assert event.status == Event.Status.HELD
        assert not ModerationAction.objects.exists()
    assert mail.outbox == []
    for user in (lambeth_moderator, lambeth_editor):
        client = signed_in(lambeth, user)
        assert client.get(QUEUE).status_code == 200
        assert client.get(EVENT_ITEM.format(event.pk)).status_code == 200
        assert "Moderation queue" in client.get("/admin/").content.decode()
    assert "Moderation queue" not in signed_in(lambeth, manager).get("/admin/").content.decode()


# --- Held events ------------------------------------------------------------------------------


def held_event(borough, poster, *, members=(), **fields):
    """An event ``poster`` posted for their group that waits for a moderator."""
    group = make_group(borough, organiser=poster, members=members, name="Board gamers")
    fields.setdefault("title", "Games afternoon")
    return make_event(
        borough,
        group=group,
        posted_by=poster,
        status="held",
        online_url="https://games.example.org",
        **fields,
    )


def test_held_events_join_the_queue_after_safeguarding_reports_oldest_first(
    lambeth, trusted, newcomer, lambeth_moderator
):
    _, worrying = make_thread(lambeth, newcomer, body="I feel unsafe at home.")
    thread, _ = make_thread(lambeth, trusted, title="Walks")
    signed_in(lambeth, newcomer).post(f"/discussions/{thread.pk}/", human({"body": "Hi all"}))
    event = held_event(lambeth, newcomer)
    with inside(lambeth):
        now = timezone.now()
        Event.objects.filter(pk=event.pk).update(created_at=now - datetime.timedelta(hours=2))
        Post.objects.filter(body="Hi all").update(created_at=now - datetime.timedelta(hours=1))
        Report.objects.create(
            reporter=trusted,
            post=worrying,
            reported_member=newcomer,
            reason="safety",
            is_safeguarding=True,
        )
        queue = moderation.moderation_queue()
        assert [item.kind for item in queue] == ["report", "held-event", "held-post"]
        assert queue[1].event == event and queue[1].member == newcomer
        assert moderation.queue_size() == 3

    admin = signed_in(lambeth, lambeth_moderator)
    text = page_text(admin.get(QUEUE))
    assert (
        text.index("SAFEGUARDING: Report")
        < text.index("Event waiting for a moderator")
        < text.index("Post waiting for a moderator")
    )
    assert "Games afternoon" in text and "Board gamers" in text
    # The count in the admin's menu and on its home page includes the event.
    home = admin.get("/admin/").content.decode()
    assert "Moderation queue (3)" in home
    assert "3 things are waiting for a moderator" in page_text(admin.get("/admin/"))

    admin.post(ACT, {"action": "approve", "event": event.pk})
    with inside(lambeth):
        assert moderation.queue_size() == 2
    assert "Moderation queue (2)" in admin.get("/admin/").content.decode()


def test_rejecting_a_held_event_means_it_is_never_listed(
    lambeth, newcomer, lambeth_other_member, lambeth_editor
):
    event = held_event(lambeth, newcomer, members=[lambeth_other_member])
    editor = signed_in(lambeth, lambeth_editor)
    assert "Reject the event" in page_text(editor.get(EVENT_ITEM.format(event.pk)))
    response = editor.post(
        ACT, {"action": "reject", "event": event.pk, "note": "Please say where it is."}
    )
    assert response.status_code == 302
    assert "is rejected" in page_text(editor.get(response["Location"]))
    with inside(lambeth):
        event.refresh_from_db()
        assert event.status == Event.Status.REMOVED
        logged = ModerationAction.objects.get()
        assert (logged.action, logged.moderator, logged.member, logged.event) == (
            "reject",
            lambeth_editor,
            newcomer,
            event,
        )
    # The poster is told, with the note; the group's members hear nothing.
    assert [m.to for m in mail.outbox] == [[newcomer.email]]
    assert mail.outbox[0].subject == "A moderator did not approve your event “Games afternoon”"
    assert "Please say where it is." in mail.outbox[0].body
    # Never listed: not in the listing, the group page or My page, and its page is gone;
    # the group's next event, approved, is shown in the same places.
    listed = make_event(lambeth, group=event.group, title="Quiz night")
    for client in (client_for(lambeth), signed_in(lambeth, lambeth_other_member)):
        for url in ("/events/", f"/groups/{event.group.slug}/"):
            text = page_text(client.get(url))
            assert "Quiz night" in text and "Games afternoon" not in text, url
        assert client.get(f"/events/{listed.slug}/").status_code == 200
        assert client.get(f"/events/{event.slug}/").status_code == 404
    assert "Games afternoon" not in page_text(signed_in(lambeth, newcomer).get("/events/"))

    # It cannot be approved or rejected again: a plain message, nothing changes.
    mail.outbox = []
    for action, message in [
        ("approve", "This event is not waiting for a moderator."),
        ("reject", "This event has already been removed."),
    ]:
        response = editor.post(ACT, {"action": action, "event": event.pk}, follow=True)
        assert response.status_code == 200
        assert message in page_text(response)
    with inside(lambeth):
        event.refresh_from_db()
        assert event.status == Event.Status.REMOVED
        assert ModerationAction.objects.count() == 1
    assert mail.outbox == []


def test_bad_requests_about_events_change_nothing(lambeth, newcomer, lambeth_moderator):
    event = held_event(lambeth, newcomer)
    admin = signed_in(lambeth, lambeth_moderator)
    response = admin.post(ACT, {"action": "approve", "event": "not-a-number"}, follow=True)
    assert "Something was missing" in page_text(response)
    assert admin.post(ACT, {"action": "approve", "event": 999999}).status_code == 404
    assert admin.get(EVENT_ITEM.format(999999)).status_code == 404
    response = admin.post(ACT, {"action": "hide", "event": event.pk}, follow=True)
    assert "An event cannot be hidden. Reject it instead." in page_text(response)
    with inside(lambeth):
        event.refresh_from_db()
        assert event.status == Event.Status.HELD
        assert not ModerationAction.objects.exists()
    assert mail.outbox == []


@pytest.mark.parametrize("days", ["0", "-1", "seven", "99999999999999999999"])
def test_a_wrong_number_of_days_goes_back_to_the_report_and_suspends_nobody(
    lambeth, trusted, newcomer, lambeth_moderator, days
):
    _, post = make_thread(lambeth, newcomer, body="Rude words")
    with inside(lambeth):
        report = Report.objects.create(
            reporter=trusted, post=post, reported_member=newcomer, reason="unkind"
        )
    admin = signed_in(lambeth, lambeth_moderator)
    response = admin.post(ACT, {"action": "suspend", "report": report.pk, "days": days})
    assert response.status_code == 302
    assert response["Location"] == f"{QUEUE}reports/{report.pk}/"
    text = page_text(admin.get(response["Location"], follow=True))
    assert "Suspend for a whole number of days, from 1 to" in text
    with inside(lambeth):
        assert not MemberProfile.objects.get(user=newcomer).is_suspended
        assert Report.objects.get(pk=report.pk).status == "open"
        assert not ModerationAction.objects.filter(action="suspend").exists()
    assert mail.outbox == []


def test_trusting_an_events_poster_from_its_page_lets_their_next_events_through(
    lambeth, newcomer, lambeth_moderator
):
    event = held_event(lambeth, newcomer)
    admin = signed_in(lambeth, lambeth_moderator)
    assert "Trust the member" in page_text(admin.get(EVENT_ITEM.format(event.pk)))
    admin.post(ACT, {"action": "trust", "event": event.pk})
    with inside(lambeth):
        assert MemberProfile.objects.get(user=newcomer).is_trusted
        logged = ModerationAction.objects.get()
        assert (logged.action, logged.member, logged.event) == ("trust", newcomer, event)
        event.refresh_from_db()
        assert event.status == Event.Status.HELD  # trusting decides nothing about this one
        from django.contrib.auth import get_user_model

        from sites.community.services.events import new_event_status

        fresh = get_user_model().objects.get(pk=newcomer.pk)  # not the cached profile
        assert new_event_status(fresh) == Event.Status.PUBLISHED


def test_event_decisions_respect_the_posters_email_choice(lambeth, newcomer, lambeth_moderator):
    with inside(lambeth):
        MemberProfile.objects.filter(user=newcomer).update(notify_moderation=False)
    event = held_event(lambeth, newcomer)
    signed_in(lambeth, lambeth_moderator).post(ACT, {"action": "approve", "event": event.pk})
    with inside(lambeth):
        event.refresh_from_db()
        assert event.status == Event.Status.PUBLISHED
        assert ModerationAction.objects.filter(action="approve", event=event).exists()
    assert [m for m in mail.outbox if newcomer.email in m.to] == []
    assert "Games afternoon" in page_text(client_for(lambeth).get("/events/"))
