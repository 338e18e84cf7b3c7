"""Groups: proposed by members, approved by Editors, joined and left, run by organisers."""

import datetime
import json

import pytest

from django.core import mail
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from sites.community.accounts.selectors import my_groups, my_join_requests
from sites.community.events.feeds import group_feed_token
from sites.community.events.selectors import audience
from sites.community.factories import BlockFactory, EventFactory, GroupMembershipFactory
from sites.community.models import (
    CommunityGroup,
    Event,
    EventAttendance,
    GroupJoinRequest,
    GroupMembership,
    ModerationAction,
    Post,
)
from sites.community.services import events as event_service
from sites.community.services import group_proposals, join_requests
from sites.community.services import groups as group_service
from sites.community.services.privacy import erase_member
from sites.core import ratelimit
from tests.conftest import client_for, inside

from .conftest import (
    human,
    make_event,
    make_group,
    make_member,
    make_thread,
    page_text,
    signed_in,
)
from .test_injection import assert_inert

pytestmark = pytest.mark.django_db

PROPOSAL = {
    "name": "Stockwell Sunday strollers",
    "description": "Gentle walks for anyone who wants company. We stop for tea.",
    "meets_where": "Stockwell library, then the park",
    "meets_when": "Sunday afternoons",
    "visibility": "public",
}


def propose(borough, user, **changes):
    return signed_in(borough, user).post("/groups/propose/", human({**PROPOSAL, **changes}))


def test_a_proposed_group_is_invisible_until_an_editor_approves_it(
    lambeth, lambeth_member, lambeth_other_member, lambeth_editor
):
    response = propose(lambeth, lambeth_member)
    assert response.status_code == 302
    with inside(lambeth):
        group = CommunityGroup.objects.get(name=PROPOSAL["name"])
        assert group.status == CommunityGroup.Status.PROPOSED
        assert group.proposed_by == lambeth_member
        assert GroupMembership.objects.get(group=group).member == lambeth_member
        assert GroupMembership.objects.get(group=group).role == "organiser"
    assert response["Location"] == f"/groups/{group.slug}/"

    # Nobody else sees it: not in the list, and its page is "not found".
    anonymous = client_for(lambeth)
    assert PROPOSAL["name"] not in page_text(anonymous.get("/groups/"))
    assert anonymous.get(f"/groups/{group.slug}/").status_code == 404
    other = signed_in(lambeth, lambeth_other_member)
    assert other.get(f"/groups/{group.slug}/").status_code == 404
    assert PROPOSAL["name"] not in page_text(other.get("/groups/"))
    assert other.post(f"/groups/{group.slug}/join/").status_code == 404
    # The proposer sees it, waiting.
    mine = page_text(signed_in(lambeth, lambeth_member).get(f"/groups/{group.slug}/"))
    assert "Waiting for approval" in mine

    # An Editor approves it in the Wagtail admin.
    admin = signed_in(lambeth, lambeth_editor)
    waiting = admin.get("/admin/community/groups/")
    assert waiting.status_code == 200
    assert PROPOSAL["name"] in page_text(waiting)
    mail.outbox = []
    response = admin.post(
        "/admin/community/groups/",
        {"group": group.pk, "decision": "approve", "note": "Lovely idea."},
    )
    assert response.status_code == 302
    with inside(lambeth):
        group.refresh_from_db()
        assert group.status == CommunityGroup.Status.APPROVED
        assert group.decided_by == lambeth_editor
        assert group.approved_at is not None
        logged = ModerationAction.objects.get(group=group)
        assert logged.action == ModerationAction.Action.APPROVE_GROUP
        assert logged.moderator == lambeth_editor
        assert logged.member == lambeth_member
    assert [m.to for m in mail.outbox] == [[lambeth_member.email]]
    email = mail.outbox[0]
    assert "approved" in email.subject
    assert "Lovely idea." in email.body
    assert f"http://lambeth.localhost:8000/groups/{group.slug}/" in email.body
    assert "/emails/unsubscribe/" in email.body
    assert email.extra_headers["List-Unsubscribe"].startswith("<http://lambeth.localhost")

    # Now everyone sees it, and the audit log shows the decision.
    assert PROPOSAL["name"] in page_text(anonymous.get("/groups/"))
    assert anonymous.get(f"/groups/{group.slug}/").status_code == 200
    log = page_text(admin.get("/admin/community/log/"))
    assert "Approved a group" in log and PROPOSAL["name"] in log


def test_a_declined_group_stays_hidden_and_the_proposer_is_told_why(
    lambeth, lambeth_member, lambeth_editor
):
    propose(lambeth, lambeth_member)
    with inside(lambeth):
        group = CommunityGroup.objects.get(name=PROPOSAL["name"])
    mail.outbox = []
    signed_in(lambeth, lambeth_editor).post(
        "/admin/community/groups/",
        {"group": group.pk, "decision": "decline", "note": "We already have a walking group."},
    )
    with inside(lambeth):
        group.refresh_from_db()
        assert group.status == CommunityGroup.Status.DECLINED
        assert ModerationAction.objects.get(group=group).action == "decline-group"
    assert "not approved" in mail.outbox[0].subject
    assert "We already have a walking group." in mail.outbox[0].body
    assert client_for(lambeth).get(f"/groups/{group.slug}/").status_code == 404


def test_only_editors_decide_about_groups(lambeth, lambeth_member, lambeth_moderator):
    propose(lambeth, lambeth_member)
    with inside(lambeth):
        group = CommunityGroup.objects.get(name=PROPOSAL["name"])
    moderator = signed_in(lambeth, lambeth_moderator)
    refused = moderator.get("/admin/community/groups/")
    # Wagtail turns "permission denied" into a redirect to the dashboard, with a message.
    assert refused.status_code in (302, 403)
    assert PROPOSAL["name"] not in page_text(refused)
    moderator.post("/admin/community/groups/", {"group": group.pk, "decision": "approve"})
    member = signed_in(lambeth, lambeth_member)
    member.post("/admin/community/groups/", {"group": group.pk, "decision": "approve"})
    with inside(lambeth):
        group.refresh_from_db()
        assert group.status == CommunityGroup.Status.PROPOSED
        assert not ModerationAction.objects.exists()


def test_a_group_never_meets_at_someones_home(lambeth, lambeth_member):
    response = propose(lambeth, lambeth_member, meets_where="My flat, come round")
    assert response.status_code == 200
    assert "never meet at someone's home" in page_text(response)
    with inside(lambeth):
        assert not CommunityGroup.objects.exists()
        with pytest.raises(group_service.GroupError):
            group_proposals.propose_group(
                lambeth_member, name="Tea", description="Tea.", meets_where="our house"
            )


def test_signing_in_and_a_confirmed_email_are_needed_to_propose(lambeth):
    response = client_for(lambeth).get("/groups/propose/")
    assert response.status_code == 302 and "/account/sign-in/" in response["Location"]
    unconfirmed = make_member(lambeth, display_name="New", email_confirmed_at=None)
    response = propose(lambeth, unconfirmed)
    assert "confirm your email address" in page_text(response)
    with inside(lambeth):
        assert not CommunityGroup.objects.exists()


def test_proposing_is_rate_limited(lambeth, lambeth_member):
    for n in range(3):
        assert propose(lambeth, lambeth_member, name=f"Group {n}").status_code == 302
    response = propose(lambeth, lambeth_member, name="One too many")
    assert response.status_code == 429
    assert "You have tried this too many times" in page_text(response)
    with inside(lambeth):
        assert CommunityGroup.objects.count() == 3


def test_the_proposal_form_has_the_spam_checks(lambeth, lambeth_member):
    client = signed_in(lambeth, lambeth_member)
    form = client.get("/groups/propose/")
    html = form.content.decode()
    assert 'name="website"' in html and 'name="form_started"' in html
    robot = client.post("/groups/propose/", {**human(PROPOSAL), "website": "http://spam.example"})
    assert robot.status_code == 200
    too_fast = client.post("/groups/propose/", {**PROPOSAL, **human({}), "form_started": ""})
    assert too_fast.status_code == 200
    with inside(lambeth):
        assert not CommunityGroup.objects.exists()


def test_joining_leaving_and_co_organisers(lambeth, lambeth_member, lambeth_other_member):
    organiser, member = lambeth_member, lambeth_other_member
    group = make_group(lambeth, organiser=organiser, name="Knit and natter")
    url = f"/groups/{group.slug}/"

    joiner = signed_in(lambeth, member)
    assert "Join Knit and natter" in page_text(joiner.get(url))
    assert joiner.post(url + "join/").status_code == 302
    with inside(lambeth):
        assert group_service.is_member(member, group)
        assert not group_service.is_organiser(member, group)
    assert "You are a member of this group" in page_text(joiner.get(url))
    # Members cannot manage organisers.
    assert joiner.get(url + "organisers/").status_code == 404

    # The only organiser cannot leave.
    boss = signed_in(lambeth, organiser)
    boss.post(url + "leave/")
    with inside(lambeth):
        assert group_service.is_organiser(organiser, group)
    assert "only organiser" in page_text(boss.get(url + "organisers/"))

    # ...until they make a member an organiser.
    page = boss.get(url + "organisers/")
    assert "Bea" in page_text(page)
    boss.post(url + "organisers/", {"member": member.pk})
    with inside(lambeth):
        assert group_service.is_organiser(member, group)
    boss.post(url + "leave/")
    with inside(lambeth):
        assert not group_service.is_member(organiser, group)
        assert list(group_service.organisers(group).values_list("member", flat=True)) == [member.pk]


def test_anonymous_visitors_must_sign_in_to_join(lambeth, lambeth_member):
    group = make_group(lambeth, organiser=lambeth_member)
    response = client_for(lambeth).post(f"/groups/{group.slug}/join/")
    assert response.status_code == 302 and "/account/sign-in/" in response["Location"]
    with inside(lambeth):
        assert GroupMembership.objects.filter(group=group).count() == 1


def test_the_group_page_lists_members_only_as_each_allows(lambeth, lambeth_member):
    shy = make_member(lambeth, display_name="Shy Sam", show_in_group_member_lists=False)
    open_ = make_member(lambeth, display_name="Open Olu")
    group = make_group(lambeth, organiser=lambeth_member, members=[shy, open_])
    url = f"/groups/{group.slug}/"

    seen = page_text(signed_in(lambeth, open_).get(url))
    assert "Open Olu" in seen and "Alex (organiser)" in seen
    assert "Shy Sam" not in seen
    assert "Members 3" in seen
    # Visitors who are not signed in see no names at all.
    anonymous = page_text(client_for(lambeth).get(url))
    assert "Open Olu" not in anonymous and "Alex" not in anonymous


def test_the_group_page_shows_its_description_times_and_events(lambeth, lambeth_member):
    group = make_group(
        lambeth, organiser=lambeth_member, meets_when="Thursday evenings", meets_where="Online"
    )
    with inside(lambeth):
        EventFactory(group=group, title="Winter walk")
        EventFactory(group=group, title="Cancelled walk", status="cancelled")
    text = page_text(client_for(lambeth).get(f"/groups/{group.slug}/"))
    assert group.description in text
    assert "Thursday evenings" in text and "Online" in text
    assert "Winter walk" in text
    assert "Cancelled walk" not in text


def test_southwark_never_sees_lambeths_groups(lambeth, southwark, lambeth_member):
    group = make_group(lambeth, organiser=lambeth_member, name="Brixton board games")
    assert "Brixton board games" in page_text(client_for(lambeth).get("/groups/"))
    assert "Brixton board games" not in page_text(client_for(southwark).get("/groups/"))
    assert client_for(southwark).get(f"/groups/{group.slug}/").status_code == 404


# --- Asking to join a members-only group ----------------------------------------------------

SECRET_TITLE = "Zanzibarish circle thread"
SECRET_BODY = "Quixotically private words for the circle"
SECRET_REPLY = "Flibbertigibbet reply only members read"
SECRET_EVENT = "Snollygoster circle supper"


@pytest.fixture
def circle(lambeth, lambeth_member):
    """A members-only group run by Alex, with a discussion and an event only members see."""
    group = make_group(
        lambeth, organiser=lambeth_member, name="Quiet circle", visibility="members-only"
    )
    thread, post = make_thread(
        lambeth, lambeth_member, body=SECRET_BODY, title=SECRET_TITLE, group=group, topic=None
    )
    with inside(lambeth):
        reply = Post.objects.create(
            thread=thread, author=lambeth_member, body=SECRET_REPLY, status="visible"
        )
    event = make_event(lambeth, title=SECRET_EVENT, group=group, online_url="https://c.example")
    return {
        "group": group,
        "organiser": lambeth_member,
        "thread": thread,
        "post": post,
        "reply": reply,
        "event": event,
    }


def ask(borough, user, group):
    return signed_in(borough, user).post(f"/groups/{group.slug}/join/")


def answer(borough, organiser, group, join_request_id, yes: bool):
    return signed_in(borough, organiser).post(
        f"/groups/{group.slug}/requests/",
        {"request": join_request_id, "answer": "yes" if yes else "no"},
    )


def private_urls(circle) -> list[str]:
    """Every URL that shows the circle's discussion or events to its members."""
    group, thread, event = circle["group"], circle["thread"], circle["event"]
    return [
        f"/discussions/{thread.pk}/",
        f"/discussions/posts/{circle['post'].pk}/",
        f"/discussions/posts/{circle['reply'].pk}/",
        f"/groups/{group.slug}/new-discussion/",
        f"/events/{event.slug}/",
        f"/events/{event.slug}/event.ics",
    ]


SECRETS = (SECRET_TITLE, SECRET_BODY, SECRET_REPLY, SECRET_EVENT)


def reads_nothing_private(client, borough, user, circle) -> None:
    """``user`` reads nothing of the circle by any URL that shows it to its members. Each
    URL is first opened as the organiser, so every check below could fail."""
    group = circle["group"]
    member = signed_in(borough, circle["organiser"])
    for url in private_urls(circle):
        assert member.get(url).status_code in (200, 302), url  # a thread's post leads to it
        response = client.get(url)
        assert response.status_code == 404, url
        assert SECRET_BODY not in response.content.decode()
    # The group's page lists its thread and event for members, and /events/ its event.
    # (/discussions/ lists no group's threads, to members either.)
    for url in (f"/groups/{group.slug}/", "/events/"):
        shown = [secret for secret in SECRETS if secret in member.get(url).content.decode()]
        assert shown, f"{url} shows a member nothing of the circle"
        content = client.get(url).content.decode()
        for secret in shown:
            assert secret not in content, f"{url} shows {secret!r}"
    # Not even with a calendar key made out for them (the organiser's own key opens it).
    with inside(borough):
        key = group_feed_token(borough, group, user)
        members_key = group_feed_token(borough, group, circle["organiser"])
    assert (
        SECRET_EVENT.encode()
        in client.get(f"/groups/{group.slug}/events.ics?key={members_key}").content
    )
    feed = client.get(f"/groups/{group.slug}/events.ics?key={key}")
    assert feed.status_code == 404
    assert SECRET_EVENT.encode() not in feed.content


def test_asking_to_join_waits_for_an_organiser_and_a_waiting_member_reads_nothing(
    lambeth, lambeth_member, lambeth_other_member, circle
):
    organiser, asker, group = lambeth_member, lambeth_other_member, circle["group"]
    quiet_organiser = make_member(lambeth, display_name="Quiet Quin", notify_join_requests=False)
    with inside(lambeth):
        GroupMembershipFactory(group=group, member=quiet_organiser, role="organiser")
    url = f"/groups/{group.slug}/"
    client = signed_in(lambeth, asker)
    before = page_text(client.get(url))
    assert "Ask to join Quiet circle" in before and "The organisers of this group decide" in before

    response = ask(lambeth, asker, group)
    assert response.status_code == 302 and response["Location"] == url
    with inside(lambeth):
        waiting = GroupJoinRequest.objects.get(group=group, member=asker)
        assert waiting.status == "waiting"
        assert not GroupMembership.objects.filter(group=group, member=asker).exists()
    # The organisers who want these emails are told, with a link to answer.
    assert [m.to for m in mail.outbox] == [[organiser.email]]
    assert mail.outbox[0].subject == "Someone asked to join Quiet circle"
    assert "Bea asked to join" in mail.outbox[0].body
    assert f"http://lambeth.localhost:8000/groups/{group.slug}/requests/" in mail.outbox[0].body

    text = page_text(client.get(url))
    assert "Your request is waiting for an organiser" in text
    assert "Withdraw my request" in text
    assert "You are a member" not in text and "Members 2" in text  # the two organisers
    # Asking again changes nothing and emails nobody again.
    ask(lambeth, asker, group)
    assert len(mail.outbox) == 1

    # A waiting member is a member nowhere.
    reads_nothing_private(client, lambeth, asker, circle)
    with inside(lambeth):
        assert not group_service.is_member(asker, group)
        assert not group_service.can_read_discussion(asker, group)
        assert group.pk not in set(
            group_service.readable_group_ids(asker).values_list("pk", flat=True)
        )
        assert asker not in [m.member for m in group_service.listed_members(group)]
        assert group_service.member_count(group) == 2
        assert not my_groups(asker).exists()
        assert list(my_join_requests(asker)) == [waiting]
        assert not Event.objects.filter(audience(asker), pk=circle["event"].pk).exists()
        assert "members of its group" in event_service.why_cannot_rsvp(asker, circle["event"])
    my_page = page_text(client.get("/account/"))
    assert "Groups I asked to join Quiet circle : your request is waiting for an organiser" in (
        my_page
    )

    # The organiser sees the request on the group page and answers yes.
    boss = signed_in(lambeth, organiser)
    assert "Requests to join (1 waiting)" in page_text(boss.get(url))
    requests_page = page_text(boss.get(url + "requests/"))
    assert "Bea" in requests_page and "Let Bea join" in requests_page
    mail.outbox = []
    response = boss.post(url + "requests/", {"request": waiting.pk, "answer": "yes"}, follow=True)
    assert response.redirect_chain == [(url + "requests/", 302)]
    assert "Bea is now a member of the group" in page_text(response)
    with inside(lambeth):
        assert not GroupJoinRequest.objects.exists()
        assert group_service.is_member(asker, group)
        key = group_feed_token(lambeth, group, asker)
    assert [m.to for m in mail.outbox] == [[asker.email]]
    assert mail.outbox[0].subject == "You are now a member of Quiet circle"
    assert "/emails/unsubscribe/" in mail.outbox[0].body

    # Now every private URL opens for them.
    assert SECRET_REPLY in page_text(client.get(f"/discussions/{circle['thread'].pk}/"))
    assert client.get(f"/discussions/posts/{circle['post'].pk}/").status_code == 302
    assert SECRET_EVENT in page_text(client.get(f"/events/{circle['event'].slug}/"))
    assert SECRET_EVENT.encode() in client.get(f"/groups/{group.slug}/events.ics?key={key}").content
    assert "You are a member of this group" in page_text(client.get(url))


def test_an_organiser_can_say_no_and_the_member_may_ask_again_later(
    lambeth, lambeth_member, lambeth_other_member, circle
):
    organiser, asker, group = lambeth_member, lambeth_other_member, circle["group"]
    ask(lambeth, asker, group)
    with inside(lambeth):
        waiting = GroupJoinRequest.objects.get()
    mail.outbox = []
    answer(lambeth, organiser, group, waiting.pk, yes=False)
    with inside(lambeth):
        waiting.refresh_from_db()
        assert waiting.status == "declined" and waiting.decided_by == organiser
        assert not group_service.is_member(asker, group)
    assert [m.to for m in mail.outbox] == [[asker.email]]
    assert "said no to your request" in mail.outbox[0].body
    assert "Alex" not in mail.outbox[0].body, "the member is not told which organiser"

    client = signed_in(lambeth, asker)
    text = page_text(client.get(f"/groups/{group.slug}/"))
    assert "An organiser said no to your request" in text and "You can ask again from" in text
    assert "Ask to join Quiet circle" not in text
    reads_nothing_private(client, lambeth, asker, circle)
    # Asking again at once is refused, politely, and changes nothing.
    refused = client.post(f"/groups/{group.slug}/join/", follow=True)
    assert "You can ask again from" in page_text(refused)
    with inside(lambeth):
        waiting.refresh_from_db()
        assert waiting.status == "declined"

    # Two weeks later they may ask again.
    with inside(lambeth):
        GroupJoinRequest.objects.filter(pk=waiting.pk).update(
            decided_at=timezone.now() - join_requests.ASK_AGAIN_AFTER
        )
    assert "Ask to join Quiet circle" in page_text(client.get(f"/groups/{group.slug}/"))
    ask(lambeth, asker, group)
    with inside(lambeth):
        waiting.refresh_from_db()
        assert waiting.status == "waiting" and waiting.decided_by is None


def test_only_the_groups_organisers_answer_requests(
    lambeth, lambeth_member, lambeth_other_member, lambeth_moderator, circle
):
    organiser, asker, group = lambeth_member, lambeth_other_member, circle["group"]
    plain_member = make_member(lambeth, display_name="Cas")
    other_organiser = make_member(lambeth, display_name="Eve")
    other_group = make_group(lambeth, organiser=other_organiser, visibility="members-only")
    with inside(lambeth):
        GroupMembershipFactory(group=group, member=plain_member)
    ask(lambeth, asker, group)
    with inside(lambeth):
        waiting = GroupJoinRequest.objects.get()
    url = f"/groups/{group.slug}/requests/"

    anonymous = client_for(lambeth)
    assert anonymous.get(url)["Location"].startswith("/account/sign-in/")
    anonymous.post(url, {"request": waiting.pk, "answer": "yes"})
    for who in (asker, plain_member, other_organiser, lambeth_moderator):
        client = signed_in(lambeth, who)
        assert client.get(url).status_code == 404, who
        assert client.post(url, {"request": waiting.pk, "answer": "yes"}).status_code == 404
    # An organiser of another group cannot answer it through their own group either.
    answer(lambeth, other_organiser, other_group, waiting.pk, yes=True)
    with inside(lambeth):
        waiting.refresh_from_db()
        assert waiting.status == "waiting"
        assert not group_service.is_member(asker, group)
        with pytest.raises(PermissionDenied):
            join_requests.answer_join_request(plain_member, group, waiting.pk, approve=True)

    # Bad answers: a clear message, nothing changed, never an error page.
    boss = signed_in(lambeth, organiser)
    for bad in [
        {"request": waiting.pk, "answer": "maybe"},
        {"request": "not-a-number", "answer": "yes"},
        {"request": 999999, "answer": "yes"},
        {},
    ]:
        response = boss.post(url, bad, follow=True)
        assert response.status_code == 200, bad
        assert "answered already, or was withdrawn" in page_text(response)
    with inside(lambeth):
        waiting.refresh_from_db()
        assert waiting.status == "waiting"

    # Once made a co-organiser, the member may answer, like the first organiser.
    boss.post(f"/groups/{group.slug}/organisers/", {"member": plain_member.pk})
    answer(lambeth, plain_member, group, waiting.pk, yes=True)
    with inside(lambeth):
        assert group_service.is_member(asker, group)


def test_a_member_can_withdraw_their_request(lambeth, lambeth_member, lambeth_other_member, circle):
    organiser, asker, group = lambeth_member, lambeth_other_member, circle["group"]
    ask(lambeth, asker, group)
    client = signed_in(lambeth, asker)
    # A link (GET) never withdraws anything.
    client.get(f"/groups/{group.slug}/withdraw-request/")
    with inside(lambeth):
        waiting = GroupJoinRequest.objects.get()
    response = client.post(f"/groups/{group.slug}/withdraw-request/", follow=True)
    assert "You have withdrawn your request to join Quiet circle" in page_text(response)
    assert "Ask to join Quiet circle" in page_text(response)
    with inside(lambeth):
        assert not GroupJoinRequest.objects.exists()
    assert "No requests are waiting" in page_text(
        signed_in(lambeth, organiser).get(f"/groups/{group.slug}/requests/")
    )
    # The organiser's old page cannot let them in any more.
    answer(lambeth, organiser, group, waiting.pk, yes=True)
    with inside(lambeth):
        assert not group_service.is_member(asker, group)


def test_public_groups_are_joined_at_once_and_members_only_groups_never_are(
    lambeth, lambeth_member, lambeth_other_member, circle
):
    public = make_group(lambeth, organiser=lambeth_member, name="Open walkers")
    ask(lambeth, lambeth_other_member, public)
    with inside(lambeth):
        assert group_service.is_member(lambeth_other_member, public)
        assert not GroupJoinRequest.objects.exists()
        # The join service itself refuses a members-only group: only an organiser's yes.
        with pytest.raises(group_service.GroupError):
            group_service.join_group(lambeth_other_member, circle["group"])
        assert not group_service.is_member(lambeth_other_member, circle["group"])
    text = page_text(client_for(lambeth).get(f"/groups/{circle['group'].slug}/"))
    assert "Sign in to ask to join this group" in text


def test_paused_unconfirmed_and_blocked_members_asking_to_join(
    lambeth, lambeth_member, lambeth_other_member, circle
):
    organiser, group = lambeth_member, circle["group"]
    paused = make_member(
        lambeth, display_name="Paused", suspended_until=timezone.now() + datetime.timedelta(days=3)
    )
    unconfirmed = make_member(lambeth, display_name="New", email_confirmed_at=None)
    for who, words in [(paused, "paused until"), (unconfirmed, "confirm your email address")]:
        response = signed_in(lambeth, who).post(f"/groups/{group.slug}/join/", follow=True)
        assert words in page_text(response) and "ask to join a group" in page_text(response)
    with inside(lambeth):
        assert not GroupJoinRequest.objects.exists()

    # A member the organiser blocked may ask, but no organiser sees it or is emailed,
    # and nobody is told about the block. It waits until they withdraw it.
    blocked = lambeth_other_member
    with inside(lambeth):
        BlockFactory(blocker=organiser, blocked=blocked)
    mail.outbox = []
    ask(lambeth, blocked, group)
    assert mail.outbox == []
    assert "Your request is waiting for an organiser" in page_text(
        signed_in(lambeth, blocked).get(f"/groups/{group.slug}/")
    )
    boss = signed_in(lambeth, organiser)
    assert "No requests are waiting" in page_text(boss.get(f"/groups/{group.slug}/requests/"))
    with inside(lambeth):
        hidden = GroupJoinRequest.objects.get(member=blocked)
    answer(lambeth, organiser, group, hidden.pk, yes=True)
    with inside(lambeth):
        assert not group_service.is_member(blocked, group)


def test_asking_to_join_is_rate_limited(lambeth, lambeth_member, lambeth_other_member):
    most, _ = ratelimit.RATE_LIMITS["ask-to-join"]
    circles = [
        make_group(lambeth, organiser=lambeth_member, name=f"Circle {n}", visibility="members-only")
        for n in range(most + 1)
    ]
    for group in circles[:most]:
        ask(lambeth, lambeth_other_member, group)
    mail.outbox = []
    response = signed_in(lambeth, lambeth_other_member).post(
        f"/groups/{circles[-1].slug}/join/", follow=True
    )
    assert "You have tried this too many times" in page_text(response)
    assert mail.outbox == []
    with inside(lambeth):
        assert GroupJoinRequest.objects.count() == most
        assert not GroupJoinRequest.objects.filter(group=circles[-1]).exists()


def test_requests_show_a_members_name_as_text_never_as_markup(lambeth, lambeth_member, circle):
    payload = '<script>alert(1)</script><img src=x onerror="alert(2)">'
    asker = make_member(lambeth, display_name=payload)
    ask(lambeth, asker, circle["group"])
    html = signed_in(lambeth, lambeth_member).get(f"/groups/{circle['group'].slug}/requests/")
    content = html.content.decode()
    assert payload not in content
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in content
    assert_inert(content, "requests page")
    assert payload in page_text(html), "shown as the words they typed"


def test_my_data_has_my_requests_to_join_and_erasing_removes_them(
    lambeth, lambeth_member, lambeth_other_member, circle
):
    ask(lambeth, lambeth_other_member, circle["group"])
    data = json.loads(signed_in(lambeth, lambeth_other_member).get("/account/my-data/").content)
    assert data["groups_i_asked_to_join"] == [
        {
            "group": "Quiet circle",
            "status": "Waiting for an organiser",
            "asked": data["groups_i_asked_to_join"][0]["asked"],
            "answered": None,
        }
    ]
    assert data["groups_i_asked_to_join"][0]["asked"]
    assert data["groups"] == []
    assert data["profile"]["emails"]["requests_to_join_groups"] is True
    # The organiser's own data does not hold other people's requests.
    theirs = json.loads(signed_in(lambeth, lambeth_member).get("/account/my-data/").content)
    assert theirs["groups_i_asked_to_join"] == []
    with inside(lambeth):
        erase_member(lambeth_other_member)
        assert not GroupJoinRequest.objects.exists()


def test_leaving_a_members_only_group_gives_up_its_event_places(
    lambeth, lambeth_member, lambeth_other_member
):
    organiser = make_member(lambeth, display_name="Orla", is_trusted=True)
    group = make_group(
        lambeth,
        organiser=organiser,
        members=[lambeth_member, lambeth_other_member],
        name="Carers together",
        visibility="members-only",
    )
    walk = make_group(lambeth, organiser=organiser, members=[lambeth_member], name="Open walkers")
    private = make_event(lambeth, title="Carers' tea", group=group, capacity=1, days=5)
    public = make_event(lambeth, title="Open walk", group=walk, days=6)
    with inside(lambeth):
        day = timezone.localdate(private.starts_at)
        event_service.rsvp(lambeth_member, private, day)
        event_service.rsvp(lambeth_other_member, private, day)  # full: waiting
        event_service.rsvp(lambeth_member, public, timezone.localdate(public.starts_at))
    mail.outbox = []
    client = signed_in(lambeth, lambeth_member)
    assert "any places you have at its events go to people on the waiting list" in page_text(
        client.get(f"/groups/{group.slug}/leave/")
    )

    response = client.post(f"/groups/{group.slug}/leave/")
    assert response.status_code == 302

    with inside(lambeth):
        assert not EventAttendance.objects.filter(member=lambeth_member, event=private).exists()
        assert EventAttendance.objects.get(member=lambeth_other_member).status == "going"
        # A public group's events stay open to everyone: leaving it keeps those places.
        assert EventAttendance.objects.filter(member=lambeth_member, event=public).exists()
    # Bea, waiting longest, gets the place and is told, from Lambeth.
    place = [m for m in mail.outbox if m.subject.startswith("You have a place: Carers' tea")]
    assert [m.to for m in place] == [[lambeth_other_member.email]]
    my_page = page_text(signed_in(lambeth, lambeth_member).get("/account/"))
    assert "Carers' tea" not in my_page
    assert "Open walk" in my_page
