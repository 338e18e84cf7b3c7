"""Blocking: neither member sees the other's posts; the blocked member cannot reach the
blocker's discussions or profile; unblocking restores everything."""

import pytest

from sites.community.discussions import selectors
from sites.community.models import Block, MemberProfile, Post
from sites.community.services import blocking
from tests.conftest import inside

from .conftest import human, make_thread, page_text, signed_in, trusted_members

pytestmark = pytest.mark.django_db


@pytest.fixture
def people(lambeth):
    return trusted_members(lambeth, "Ada", "Ben", "Cal")


def profile_pk(borough, user):
    with inside(borough):
        return MemberProfile.objects.get(user=user).pk


def test_blocking_from_a_post_hides_both_ways_and_unblocking_restores(lambeth, people):
    ada, ben, cal = people["Ada"], people["Ben"], people["Cal"]
    shared, _ = make_thread(lambeth, cal, title="Shared chat", body="Cal starts")
    with inside(lambeth):
        Post.objects.create(thread=shared, author=ada, body="Ada says hi", status="visible")
        bens_post = Post.objects.create(
            thread=shared, author=ben, body="Ben says hi", status="visible"
        )
    adas_thread, _ = make_thread(lambeth, ada, title="Ada's question", body="Ada asks")
    bens_thread, _ = make_thread(lambeth, ben, title="Ben's question", body="Ben asks")

    as_ada, as_ben = signed_in(lambeth, ada), signed_in(lambeth, ben)
    confirm = as_ada.get(f"/discussions/posts/{bens_post.pk}/block/")
    assert "Block Ben?" in page_text(confirm)
    as_ada.post(f"/discussions/posts/{bens_post.pk}/block/")
    with inside(lambeth):
        assert Block.objects.filter(blocker=ada, blocked=ben).exists()

    # Ada: Ben's posts are hidden in every discussion; his discussions are gone.
    text = page_text(as_ada.get(f"/discussions/{shared.pk}/"))
    assert "Ben says hi" not in text
    assert "You blocked this member, so their post is hidden." in text
    assert "Cal starts" in text
    assert as_ada.get(f"/discussions/{bens_thread.pk}/").status_code == 404
    assert "Ben's question" not in page_text(as_ada.get("/discussions/"))

    # Ben: Ada's posts and discussions are gone; he cannot reply to her or see her profile.
    text = page_text(as_ben.get(f"/discussions/{shared.pk}/"))
    assert "Ada says hi" not in text and "Ben says hi" in text
    assert "blocked" not in text.lower(), "Ben is not told that he was blocked"
    assert as_ben.get(f"/discussions/{adas_thread.pk}/").status_code == 404
    assert as_ben.post(f"/discussions/{adas_thread.pk}/", human({"body": "Hey"})).status_code == 404
    assert "Ada's question" not in page_text(as_ben.get("/discussions/"))
    assert as_ben.get(f"/members/{profile_pk(lambeth, ada)}/").status_code == 404
    with inside(lambeth):
        assert not Post.objects.filter(body="Hey").exists()
        # And the selectors agree.
        assert selectors.thread_for(ben, adas_thread.pk) is None
        assert [v.post.body for v in selectors.posts_for(ben, shared)] == [
            "Cal starts",
            "Ben says hi",
        ]

    # Cal sees everyone.
    text = page_text(signed_in(lambeth, cal).get(f"/discussions/{shared.pk}/"))
    assert "Ada says hi" in text and "Ben says hi" in text

    # Ada unblocks Ben from her list of blocked members.
    listing = as_ada.get("/members/blocked/")
    assert "Ben" in page_text(listing)
    as_ada.post(f"/members/blocked/{ben.pk}/unblock/")
    with inside(lambeth):
        assert not Block.objects.exists()
    assert "Ben says hi" in page_text(as_ada.get(f"/discussions/{shared.pk}/"))
    assert as_ben.get(f"/discussions/{adas_thread.pk}/").status_code == 200


def test_the_block_page_names_messages_only_where_they_are_switched_on(
    lambeth, people, settings_for
):
    settings_for(messaging_enabled=False)
    url = f"/members/{profile_pk(lambeth, people['Ben'])}/block/"
    page = page_text(signed_in(lambeth, people["Ada"]).get(url))
    assert "Block Ben?" in page and "private messages" not in page


def test_blocking_from_a_profile(lambeth, people):
    ada, ben = people["Ada"], people["Ben"]
    as_ada = signed_in(lambeth, ada)
    url = f"/members/{profile_pk(lambeth, ben)}/block/"
    assert "Block Ben?" in page_text(as_ada.get(url))
    assert "Ben cannot send you private messages any more" in page_text(as_ada.get(url))
    response = as_ada.post(url)
    assert response.status_code == 302 and response["Location"] == "/members/blocked/"
    with inside(lambeth):
        assert blocking.has_blocked(ada, ben)
    # Ben's profile is now "not found" for Ada too, and Ada's for Ben.
    assert as_ada.get(f"/members/{profile_pk(lambeth, ben)}/").status_code == 404
    as_ben = signed_in(lambeth, ben)
    assert as_ben.get(f"/members/{profile_pk(lambeth, ada)}/").status_code == 404
    assert as_ben.get(f"/members/{profile_pk(lambeth, ada)}/block/").status_code == 404


def test_nobody_blocks_themselves_and_blocking_twice_is_harmless(lambeth, people):
    ada, ben = people["Ada"], people["Ben"]
    _, own = make_thread(lambeth, ada)
    assert signed_in(lambeth, ada).post(f"/discussions/posts/{own.pk}/block/").status_code == 404
    with inside(lambeth):
        with pytest.raises(blocking.BlockError):
            blocking.block_member(ada, ada)
        blocking.block_member(ada, ben)
        blocking.block_member(ada, ben)
        assert Block.objects.count() == 1
        assert blocking.unblock_member(ada, ben) is True
        assert blocking.unblock_member(ada, ben) is False


def test_a_blocked_member_triggers_no_reply_email(lambeth, people):
    from django.core import mail

    ada, ben, cal = people["Ada"], people["Ben"], people["Cal"]
    thread, _ = make_thread(lambeth, ada, title="Ada's thread")
    signed_in(lambeth, ben).post(f"/discussions/{thread.pk}/", human({"body": "First!"}))
    assert len(mail.outbox) == 1
    with inside(lambeth):
        blocking.block_member(ada, cal)
    mail.outbox = []
    # Cal cannot even reach the thread now.
    response = signed_in(lambeth, cal).post(f"/discussions/{thread.pk}/", human({"body": "Hi"}))
    assert response.status_code == 404
    assert mail.outbox == []
