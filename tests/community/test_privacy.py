"""A member's data: download it all (and nobody else's), erase it, and it never leaks."""

import datetime
import json

import pytest

from django.contrib.auth import get_user_model
from django.core import mail
from django.urls import reverse

from wagtail.models import Site

from sites.community.discussions.links import thread_url
from sites.community.factories import (
    BlockFactory,
    CommunityGroupFactory,
    EventAttendanceFactory,
    EventFactory,
    GroupMembershipFactory,
    PostFactory,
    ReportFactory,
    ThreadFactory,
)
from sites.community.models import (
    Block,
    CommunitySettings,
    EventAttendance,
    GroupMembership,
    MemberProfile,
    Post,
    Report,
    Thread,
)
from sites.community.services import privacy
from sites.directory.factories import OrganisationPageFactory
from sites.directory.models import Interest
from tests.conftest import client_for, inside
from tests.search.conftest import refresh_engine

from .conftest import PASSWORD, make_member, signed_in

User = get_user_model()


@pytest.fixture
def busy_member(lambeth, lambeth_member, lambeth_other_member):
    """Alex, with a bit of everything, next to Bea, who has her own."""
    other = lambeth_other_member
    with inside(lambeth):
        profile = lambeth_member.member_profile
        profile.about = "Alex's own words about Alex."
        profile.save()
        profile.interests.set([Interest.objects.get(slug="walking")])
        other.member_profile.about = "Bea's private about text."
        other.member_profile.save()

        group = CommunityGroupFactory(name="Riverside walkers")
        GroupMembershipFactory(group=group, member=lambeth_member)
        GroupMembershipFactory(group=group, member=other)
        # Weekly, one place a date: Alex has it on the next two dates; Bea waits for both.
        event = EventFactory(title="Saturday stroll", capacity=1, repeat="weekly")
        first = EventAttendanceFactory(event=event, member=lambeth_member).occurs_on
        second = first + datetime.timedelta(weeks=1)
        EventAttendanceFactory(event=event, member=lambeth_member, occurs_on=second)
        for day in (first, second):
            EventAttendanceFactory(
                event=event, member=other, occurs_on=day, status=EventAttendance.Status.WAITING
            )

        own_thread = ThreadFactory(title="Alex's walk ideas", author=lambeth_member)
        PostFactory(thread=own_thread, author=lambeth_member, body="Alex: the towpath is lovely.")
        shared_thread = ThreadFactory(title="Bea's question", author=other)
        PostFactory(thread=shared_thread, author=other, body="Bea: where is good to walk?")
        PostFactory(thread=shared_thread, author=lambeth_member, body="Alex: try the common.")
        bea_post = PostFactory(thread=shared_thread, author=other, body="Bea: thank you!")
        ReportFactory(reporter=lambeth_member, post=bea_post, details="Alex reports this.")
        ReportFactory(reporter=other, post=bea_post, details="Bea's own report.")
        BlockFactory(blocker=lambeth_member, blocked=make_member(lambeth, display_name="Cas"))
        BlockFactory(blocker=other, blocked=make_member(lambeth, display_name="Dee"))
    return lambeth_member


def set_policy(borough, policy):
    with inside(borough):
        settings = CommunitySettings.for_site(Site.objects.get(is_default_site=True))
        settings.erasure_policy = policy
        settings.save()


# --- Export -----------------------------------------------------------------------------


def test_download_my_data_has_all_of_mine_and_nothing_of_anyone_elses(
    lambeth, busy_member, lambeth_other_member
):
    response = signed_in(lambeth, busy_member).get("/account/my-data/")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/json")
    assert response["Content-Disposition"].startswith("attachment;")
    assert "no-store" in response["Cache-Control"] or "no-cache" in response["Cache-Control"]
    data = json.loads(response.content)

    assert data["account"]["email"] == busy_member.email
    assert data["profile"]["display_name"] == "Alex"
    assert data["profile"]["about_me"] == "Alex's own words about Alex."
    assert data["interests"] == ["Walking"]
    assert [g["group"] for g in data["groups"]] == ["Riverside walkers"]
    with inside(lambeth):
        days = sorted(
            EventAttendance.objects.filter(member=busy_member).values_list("occurs_on", flat=True)
        )
    assert len(days) == 2
    assert [(e["event"], e["date"], e["my_answer"]) for e in data["events"]] == [
        ("Saturday stroll", day.isoformat(), "Going") for day in days
    ]
    assert [t["title"] for t in data["discussions_i_started"]] == ["Alex's walk ideas"]
    assert sorted(p["text"] for p in data["posts"]) == [
        "Alex: the towpath is lovely.",
        "Alex: try the common.",
    ]
    assert [r["details"] for r in data["reports_i_made"]] == ["Alex reports this."]
    assert [b["member"] for b in data["members_i_blocked"]] == ["Cas"]

    text = response.content.decode()
    other = lambeth_other_member
    for theirs in [
        other.email,
        "Bea's private about text.",
        "Bea: where is good to walk?",
        "Bea: thank you!",
        "Bea's own report.",
        "Dee",
    ]:
        assert theirs not in text, theirs


def test_download_my_data_needs_signing_in(lambeth):
    response = client_for(lambeth).get("/account/my-data/")
    assert response.status_code == 302


# --- Erase ---------------------------------------------------------------------------------


def test_delete_my_account_anonymises_posts_by_default(lambeth, busy_member, lambeth_other_member):
    client = signed_in(lambeth, busy_member)
    page = client.get("/account/delete/").content.decode()
    assert "deleted member" in page

    wrong = client.post("/account/delete/", {"password": "not-mine"})
    assert "That password is not right" in wrong.content.decode()
    with inside(lambeth):
        assert User.objects.filter(pk=busy_member.pk).exists()

    response = client.post("/account/delete/", {"password": PASSWORD})
    assert response.status_code == 302
    assert response["Location"] == "/account/deleted/"
    assert "Your account is deleted" in client.get("/account/deleted/").content.decode()
    assert client.get("/account/").status_code == 302  # signed out
    # Alex's place on each of the two dates goes to Bea, waiting for each; she is told
    # about each date.
    place = [m for m in mail.outbox if m.subject.startswith("You have a place: Saturday stroll")]
    assert [m.to for m in place] == [[lambeth_other_member.email]] * 2
    assert len({m.subject for m in place}) == 2
    assert place[0].from_email.startswith("Connect & Do Lambeth <")

    with inside(lambeth):
        assert not User.objects.filter(pk=busy_member.pk).exists()
        assert not MemberProfile.objects.filter(user_id=busy_member.pk).exists()
        assert not GroupMembership.objects.filter(member_id=busy_member.pk).exists()
        assert not EventAttendance.objects.filter(member_id=busy_member.pk).exists()
        assert not Block.objects.filter(blocker_id=busy_member.pk).exists()
        # The posts stay, without an author ("deleted member"), words unchanged.
        kept = Post.objects.filter(author__isnull=True).order_by("body")
        assert [post.body for post in kept] == [
            "Alex: the towpath is lovely.",
            "Alex: try the common.",
        ]
        assert all(post.status == "visible" for post in kept)
        assert Thread.objects.get(title="Alex's walk ideas").author is None
        assert Report.objects.get(details="Alex reports this.").reporter is None
        # Everyone else's things are untouched.
        assert Post.objects.filter(author=lambeth_other_member).count() == 2
        assert GroupMembership.objects.filter(member=lambeth_other_member).exists()
        assert Block.objects.filter(blocker=lambeth_other_member).exists()
        assert User.objects.filter(pk=lambeth_other_member.pk).exists()
        thread_path = thread_url(Thread.objects.get(title="Bea's question"))

    # In the discussion, the post now reads as from a deleted member.
    page = signed_in(lambeth, lambeth_other_member).get(thread_path).content.decode()
    assert "Alex: try the common." in page
    assert "deleted member" in page.lower()
    assert ">Alex<" not in page


def test_erase_under_the_remove_policy_removes_posts_and_their_words(
    lambeth, busy_member, lambeth_other_member
):
    set_policy(lambeth, CommunitySettings.ErasurePolicy.REMOVE)
    page = signed_in(lambeth, busy_member).get("/account/delete/").content.decode()
    assert "your posts in discussions are removed" in page
    with inside(lambeth):
        promoted = privacy.erase_member(busy_member, borough=lambeth)
        # Alex's place at the full event goes to Bea, who was waiting.
        assert [(a.event.title, a.member, a.status) for a in promoted] == [
            ("Saturday stroll", lambeth_other_member, "going")
        ] * 2
        assert len({a.occurs_on for a in promoted}) == 2
        bea = EventAttendance.objects.filter(member=lambeth_other_member)
        assert list(bea.values_list("status", flat=True)) == ["going", "going"]
        removed = Post.objects.filter(author__isnull=True)
        assert removed.count() == 2
        assert all(post.status == "removed" and post.body == "" for post in removed)
        assert not Post.objects.filter(body__startswith="Alex").exists()
        # Their own discussion, with nothing else in it, goes; Bea's stays.
        assert Thread.objects.filter(title="Deleted discussion", status="removed").count() == 1
        assert not Thread.objects.filter(title="Alex's walk ideas").exists()
        assert Thread.objects.get(title="Bea's question").status == "visible"
        assert Post.objects.filter(author=lambeth_other_member, status="visible").count() == 2
        assert not User.objects.filter(pk=busy_member.pk).exists()
        thread_path = thread_url(Thread.objects.get(title="Bea's question"))
    page = signed_in(lambeth, lambeth_other_member).get(thread_path).content.decode()
    assert "Bea: thank you!" in page
    assert "Alex: try the common." not in page


def test_a_safeguarding_report_outlives_the_account_it_is_about(
    lambeth, busy_member, lambeth_other_member, lambeth_moderator
):
    with inside(lambeth):
        worry = ReportFactory(
            reporter=lambeth_other_member,
            reported_member=busy_member,
            post=None,
            reason=Report.Reason.SAFETY,
            is_safeguarding=True,
            details="Alex said they feel unsafe at home.",
        )
        privacy.erase_member(busy_member, borough=lambeth)
        worry.refresh_from_db()
        assert worry.reported_member is None
        assert worry.status == Report.Status.OPEN
        assert worry.details == "Alex said they feel unsafe at home."

    # Still first in the queue, about a "deleted member", and the queue still works.
    queue = signed_in(lambeth, lambeth_moderator).get("/admin/community/moderation/")
    assert queue.status_code == 200
    text = queue.content.decode()
    assert "SAFEGUARDING:</strong> Report – Someone may be at risk of harm" in text
    assert "deleted member" in text.lower()
    detail = signed_in(lambeth, lambeth_moderator).get(
        f"/admin/community/moderation/reports/{worry.pk}/"
    )
    assert detail.status_code == 200
    assert "Alex said they feel unsafe at home." in detail.content.decode()


def test_erase_is_all_or_nothing(lambeth, busy_member, monkeypatch):
    def broken(*args, **kwargs):
        raise RuntimeError("the database went away")

    monkeypatch.setattr(privacy.Block.objects, "filter", broken)
    with inside(lambeth), pytest.raises(RuntimeError):
        privacy.erase_member(busy_member)
    monkeypatch.undo()
    with inside(lambeth):
        assert User.objects.filter(pk=busy_member.pk).exists()
        assert Post.objects.filter(author=busy_member).count() == 2
        assert EventAttendance.objects.filter(member=busy_member).exists()
        assert MemberProfile.objects.filter(user=busy_member).exists()


# --- Nothing leaks to the public -----------------------------------------------------------


def test_no_member_details_in_the_public_api_or_search(lambeth):
    member = make_member(
        lambeth, display_name="Zebedee Quillfeather", about="Xylophonist who loves herons"
    )
    # A public listing, with words of its own: the paths below show it (by name, or by
    # its link where the words found are marked), so their showing nothing of the member
    # means something.
    with inside(lambeth):
        OrganisationPageFactory(
            parent=Site.objects.get(is_default_site=True).root_page,
            title="Marmaladery Trust",
            summary="Tiddlywinks on Thursdays",
        )
        refresh_engine()
    client = client_for(lambeth)
    secrets = ["Zebedee", "Quillfeather", "Xylophonist", "herons", member.email]

    api_paths = {
        "/api/openreferral/organizations/": "Marmaladery Trust",
        "/api/openreferral/organizations/?search=Marmaladery": "Marmaladery Trust",
        "/api/openreferral/organizations/?search=Quillfeather": None,
        "/api/openreferral/": None,
        "/api/openreferral/services/": None,
        "/api/openreferral/services/?search=Quillfeather": None,
        "/api/openreferral/service_at_locations/?search=Quillfeather": None,
        "/api/openreferral/taxonomy_terms/": None,
    }
    for path, shown in api_paths.items():
        body = client.get(path).content.decode()
        if shown:
            assert shown in body, path
        for secret in secrets:
            if secret not in path:
                assert secret not in body, (path, secret)

    # The words searched for are shown back in the search box; nothing else may appear.
    searches = [reverse(name) for name in ("search:page", "search:json", "search:autocomplete")]
    for path in searches:
        assert "/marmaladery-trust/" in client.get(path, {"q": "Marmaladery"}).content.decode()
        for query in ["Zebedee", "Xylophonist", "herons"]:
            response = client.get(path, {"q": query})
            assert response.status_code == 200, path
            body = response.content.decode()
            for secret in secrets:
                if secret != query:
                    assert secret not in body, (path, query, secret)
