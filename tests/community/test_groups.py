"""Groups: proposed by members, approved by Editors, joined and left, run by organisers."""

import pytest

from django.core import mail

from sites.community.factories import EventFactory
from sites.community.models import CommunityGroup, GroupMembership, ModerationAction
from sites.community.services import groups as group_service
from tests.conftest import client_for, inside

from .conftest import human, make_group, make_member, page_text, signed_in

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
            group_service.propose_group(
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
