"""Discussions: threads and replies, site-wide and in groups; members-only privacy; editing
and deleting my own posts; reply emails with one-click unsubscribe; rate limits."""

import re

import pytest

from django.core import mail

from sites.community.discussions import selectors
from sites.community.factories import TopicFactory
from sites.community.models import GroupJoinRequest, MemberProfile, Post, Thread
from sites.core import ratelimit
from tests.conftest import client_for, inside
from tests.search.conftest import refresh_engine

from .conftest import human, make_group, make_member, make_thread, page_text, signed_in

pytestmark = pytest.mark.django_db


@pytest.fixture
def trusted(lambeth):
    return make_member(lambeth, display_name="Tess", is_trusted=True)


@pytest.fixture
def trusted_other(lambeth):
    return make_member(lambeth, display_name="Uma", is_trusted=True)


@pytest.fixture
def topic(lambeth):
    with inside(lambeth):
        return TopicFactory(name="Arts and crafts", slug="arts-and-crafts")


def test_a_trusted_member_starts_a_discussion_that_everyone_can_read(lambeth, trusted, topic):
    client = signed_in(lambeth, trusted)
    form = client.get(f"/discussions/new/?topic={topic.slug}")
    assert form.status_code == 200
    response = client.post(
        "/discussions/new/",
        human({"topic": topic.pk, "title": "Where can I learn to knit?", "body": "Any ideas?"}),
    )
    assert response.status_code == 302
    with inside(lambeth):
        thread = Thread.objects.get()
        assert thread.status == "visible" and thread.topic == topic
        assert thread.posts.get().body == "Any ideas?"
    assert response["Location"] == f"/discussions/{thread.pk}/"

    visitor = client_for(lambeth)
    for url in ("/discussions/", f"/discussions/topics/{topic.slug}/"):
        assert "Where can I learn to knit?" in page_text(visitor.get(url))
    text = page_text(visitor.get(f"/discussions/{thread.pk}/"))
    assert "Any ideas?" in text
    # Display names are for signed-in members only.
    assert "Tess" not in text and "A member" in text
    assert "Sign in to reply" in text
    assert "Tess (you)" in page_text(client.get(f"/discussions/{thread.pk}/"))


@pytest.mark.parametrize(
    ("title", "body", "message"),
    [
        ("\u200b", "Hello", "Give your discussion a title."),
        ("\u202e\u2066", "Hello", "Give your discussion a title."),
        ("A question", "\u200b\u200b", "Write what you want to say."),
    ],
)
def test_a_discussion_of_nothing_that_can_be_seen_is_refused(
    lambeth, trusted, topic, title, body, message
):
    response = signed_in(lambeth, trusted).post(
        "/discussions/new/", human({"topic": topic.pk, "title": title, "body": body})
    )
    assert response.status_code == 200 and message in page_text(response)
    with inside(lambeth):
        assert not Thread.objects.exists()


@pytest.mark.parametrize(
    ("title", "body", "message"),
    [
        ("x" * 151, "Hello", "Use 150 characters or fewer. You used 151."),
        ("A question", "Hello\x00", "This has a hidden character in it"),
    ],
)
def test_what_only_pasting_or_crafting_can_send_gets_plain_words_too(
    lambeth, trusted, topic, title, body, message
):
    """Django's own messages ("Ensure this value has at most…"), in the site's words
    (locale/en_GB)."""
    response = signed_in(lambeth, trusted).post(
        "/discussions/new/", human({"topic": topic.pk, "title": title, "body": body})
    )
    assert message in page_text(response)
    with inside(lambeth):
        assert not Thread.objects.exists()


def test_a_title_keeps_no_character_that_reorders_or_hides_text(lambeth, trusted, topic):
    client = signed_in(lambeth, trusted)
    title = "Knitting\u202e gnirts\u200b group"
    client.post("/discussions/new/", human({"topic": topic.pk, "title": title, "body": "Hi"}))
    with inside(lambeth):
        assert Thread.objects.get().title == "Knitting gnirts group"


def test_replies_edits_and_deleting_my_own_posts(lambeth, trusted, trusted_other):
    thread, first = make_thread(lambeth, trusted, body="What shall we paint?")
    url = f"/discussions/{thread.pk}/"
    replier = signed_in(lambeth, trusted_other)
    response = replier.post(url, human({"body": "Flowers!"}))
    assert response.status_code == 302
    with inside(lambeth):
        reply = Post.objects.get(body="Flowers!")
        assert reply.status == "visible"
    assert response["Location"] == f"{url}#post-{reply.pk}"

    # I change my reply.
    edit_url = f"/discussions/posts/{reply.pk}/edit/"
    assert replier.get(edit_url).status_code == 200
    replier.post(edit_url, human({"body": "Flowers, or the river."}))
    with inside(lambeth):
        reply.refresh_from_db()
        assert reply.body == "Flowers, or the river." and reply.edited_at is not None
        assert reply.status == "visible", "a trusted member's change appears at once"
    assert "(changed" in page_text(client_for(lambeth).get(url))

    # Nobody else can change or delete it.
    author = signed_in(lambeth, trusted)
    assert author.get(edit_url).status_code == 404
    assert author.post(edit_url, human({"body": "Hacked"})).status_code == 404
    assert author.post(f"/discussions/posts/{reply.pk}/delete/").status_code == 404
    with inside(lambeth):
        reply.refresh_from_db()
        assert reply.body == "Flowers, or the river."

    # I delete it: others see that a post was deleted, not what it said.
    assert replier.get(f"/discussions/posts/{reply.pk}/delete/").status_code == 200
    replier.post(f"/discussions/posts/{reply.pk}/delete/")
    with inside(lambeth):
        reply.refresh_from_db()
        assert reply.status == "removed"
    text = page_text(client_for(lambeth).get(url))
    assert "This post was deleted." in text
    assert "Flowers, or the river." not in text
    assert "What shall we paint?" in text


def test_a_post_link_leads_to_the_post_in_its_discussion(lambeth, trusted):
    thread, post = make_thread(lambeth, trusted)
    response = client_for(lambeth).get(f"/discussions/posts/{post.pk}/")
    assert response.status_code == 302
    assert response["Location"] == f"/discussions/{thread.pk}/#post-{post.pk}"
    assert client_for(lambeth).get("/discussions/posts/999999/").status_code == 404


# --- Members-only groups keep their discussion private -------------------------------------

SECRET_TITLE = "Zanzibarish feelings thread"
SECRET_BODY = "Quixotically private words about my week"
SECRET_REPLY = "Flibbertigibbet reply only members read"


def _all_urls_of(thread, post, reply, group):
    """Every URL this codebase serves for a group's threads and posts."""
    return [
        f"/discussions/{thread.pk}/",
        f"/discussions/posts/{post.pk}/",
        f"/discussions/posts/{reply.pk}/",
        f"/discussions/posts/{post.pk}/edit/",
        f"/discussions/posts/{post.pk}/delete/",
        f"/discussions/posts/{reply.pk}/report/",
        f"/discussions/posts/{reply.pk}/block/",
        f"/groups/{group.slug}/new-discussion/",
    ]


LISTINGS_AND_SEARCH = [
    "/discussions/",
    "/groups/",
    "/search/?q=Zanzibarish",
    "/search/?q=Quixotically+private",
    "/search.json?q=Zanzibarish",
    "/search.json?q=Flibbertigibbet",
    "/search/autocomplete.json?q=Zanzib",
    "/api/openreferral/services",
    "/api/openreferral/services?text=Zanzibarish",
    "/api/openreferral/organizations",
]


def test_a_members_only_discussion_is_not_found_by_any_url_for_non_members(
    lambeth, trusted, trusted_other, lambeth_member
):
    organiser, member, outsider = trusted, trusted_other, lambeth_member
    group = make_group(
        lambeth,
        organiser=organiser,
        members=[member],
        name="Quiet support circle",
        visibility="members-only",
    )
    thread, post = make_thread(
        lambeth, organiser, body=SECRET_BODY, title=SECRET_TITLE, group=group, topic=None
    )
    with inside(lambeth):
        reply = Post.objects.create(
            thread=thread, author=member, body=SECRET_REPLY, status="visible"
        )
    urls = _all_urls_of(thread, post, reply, group)

    # Members read everything.
    member_client = signed_in(lambeth, member)
    assert SECRET_BODY in page_text(member_client.get(f"/discussions/{thread.pk}/"))
    assert SECRET_TITLE in page_text(member_client.get(f"/groups/{group.slug}/"))
    # Members find it by search too, so the searches below finding nothing means something.
    with inside(lambeth):
        refresh_engine()  # what was just indexed is searchable (engines refresh each second)
    assert SECRET_TITLE in page_text(member_client.get("/search/?q=Zanzibarish"))
    found = member_client.get("/search.json", {"q": "Flibbertigibbet"}).json()["results"]
    assert [result["title"] for result in found] == [SECRET_TITLE]

    for who, client in [
        ("a visitor", client_for(lambeth)),
        ("a member who is not in the group", signed_in(lambeth, outsider)),
    ]:
        for url in urls:
            for method in ("get", "post"):
                response = getattr(client, method)(url, human({"body": "Let me in"}))
                if response.status_code == 302:
                    # Only ever to the sign-in page, which reveals nothing.
                    assert who == "a visitor", f"{method} {url} redirected {who}"
                    assert response["Location"].startswith("/account/sign-in/")
                else:
                    assert response.status_code == 404, f"{method} {url} for {who}"
                for secret in (SECRET_TITLE, SECRET_BODY, SECRET_REPLY):
                    assert secret not in response.content.decode()
        # The group page tells them the discussion is for members, and nothing of it.
        group_page = client.get(f"/groups/{group.slug}/")
        assert group_page.status_code == 200
        assert "This group's discussion is for its members" in page_text(group_page)
        for url in LISTINGS_AND_SEARCH:
            content = client.get(url).content.decode()
            # (Search pages repeat the words searched for; never the discussion's own text.)
            for secret in (SECRET_TITLE, SECRET_BODY, SECRET_REPLY):
                assert secret not in content, f"{url} shows {secret!r} to {who}"
        with inside(lambeth):
            assert Post.objects.filter(thread=thread).count() == 2, "nothing was posted"

    # Someone who leaves the group loses access again.
    member_client.post(f"/groups/{group.slug}/leave/")
    assert member_client.get(f"/discussions/{thread.pk}/").status_code == 404

    # Asking to join is not enough: the discussion opens once an organiser says yes.
    outsider_client = signed_in(lambeth, outsider)
    outsider_client.post(f"/groups/{group.slug}/join/")
    assert outsider_client.get(f"/discussions/{thread.pk}/").status_code == 404
    with inside(lambeth):
        waiting = GroupJoinRequest.objects.get(group=group, member=outsider)
    signed_in(lambeth, organiser).post(
        f"/groups/{group.slug}/requests/", {"request": waiting.pk, "answer": "yes"}
    )
    assert SECRET_REPLY in page_text(outsider_client.get(f"/discussions/{thread.pk}/"))


def test_members_only_threads_never_appear_in_site_wide_listings_or_the_selectors(
    lambeth, trusted, lambeth_member
):
    group = make_group(lambeth, organiser=trusted, visibility="members-only")
    thread, _ = make_thread(lambeth, trusted, title=SECRET_TITLE, group=group, topic=None)
    public_group = make_group(lambeth, organiser=trusted)
    public, _ = make_thread(lambeth, trusted, title="Open chat", group=public_group, topic=None)
    with inside(lambeth):
        from django.contrib.auth.models import AnonymousUser

        for user in (AnonymousUser(), lambeth_member):
            readable = set(selectors.readable_threads(user).values_list("pk", flat=True))
            assert thread.pk not in readable
            assert public.pk in readable
            assert selectors.thread_for(user, thread.pk) is None
        assert selectors.thread_for(trusted, thread.pk) == thread
    # A public group's discussion is open to everyone.
    assert client_for(lambeth).get(f"/discussions/{public.pk}/").status_code == 200


def test_only_group_members_post_in_a_group(lambeth, trusted, trusted_other):
    group = make_group(lambeth, organiser=trusted, name="Chess club")
    thread, _ = make_thread(lambeth, trusted, group=group, topic=None)
    outsider = signed_in(lambeth, trusted_other)
    response = outsider.post(f"/discussions/{thread.pk}/", human({"body": "Me too"}))
    assert "Join the group to reply." in page_text(response)
    response = outsider.post(
        f"/groups/{group.slug}/new-discussion/", human({"title": "Hi", "body": "Hello"})
    )
    assert "Join the group to start a discussion." in page_text(response)
    with inside(lambeth):
        assert Post.objects.filter(thread__group=group).count() == 1
        assert Thread.objects.filter(group=group).count() == 1

    organiser = signed_in(lambeth, trusted)
    response = organiser.post(
        f"/groups/{group.slug}/new-discussion/",
        human({"title": "Openings for beginners", "body": "Let's start with e4."}),
    )
    assert response.status_code == 302
    with inside(lambeth):
        new = Thread.objects.get(title="Openings for beginners")
        assert new.group == group and new.topic is None
    assert "Openings for beginners" in page_text(client_for(lambeth).get(f"/groups/{group.slug}/"))
    assert "Openings for beginners" not in page_text(client_for(lambeth).get("/discussions/"))


def test_southwark_never_sees_lambeths_discussions(lambeth, southwark, trusted):
    thread, post = make_thread(lambeth, trusted, title="Lambeth only chat", body="Lambeth words")
    lambeth_client = client_for(lambeth)  # where it is shown, so its absence next door counts
    assert "Lambeth only chat" in page_text(lambeth_client.get("/discussions/"))
    assert "Lambeth words" in lambeth_client.get(f"/discussions/{thread.pk}/").content.decode()
    southwark_client = client_for(southwark)
    assert "Lambeth only chat" not in page_text(southwark_client.get("/discussions/"))
    # Ids are per borough, so the same number may exist there; it is never Lambeth's thread.
    response = southwark_client.get(f"/discussions/{thread.pk}/")
    assert "Lambeth words" not in response.content.decode()
    assert "Lambeth only chat" not in response.content.decode()


# --- Reply emails and one-click unsubscribe ------------------------------------------------


def test_the_author_gets_an_email_about_replies_and_can_unsubscribe_in_one_click(
    lambeth, trusted, trusted_other
):
    thread, _ = make_thread(lambeth, trusted, title="Best cafe?")
    replier = signed_in(lambeth, trusted_other)
    replier.post(f"/discussions/{thread.pk}/", human({"body": "The one by the station."}))
    assert len(mail.outbox) == 1
    email = mail.outbox[0]
    assert email.to == [trusted.email]
    assert email.subject == "New reply to “Best cafe?”"
    assert "The one by the station." in email.body and "Uma replied" in email.body
    assert trusted_other.email not in email.body
    url = re.search(r"http://lambeth\.localhost:8000(/emails/unsubscribe/\S+/)", email.body)[1]
    assert email.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"

    # Opening the link changes nothing; pressing the button turns the emails off.
    visitor = client_for(lambeth)
    page = visitor.get(url)
    assert page.status_code == 200
    assert "Stop emails about replies to your discussions?" in page_text(page)
    with inside(lambeth):
        assert MemberProfile.objects.get(user=trusted).notify_replies is True
    done = visitor.post(url)
    assert "You will not get these emails any more" in page_text(done)
    with inside(lambeth):
        profile = MemberProfile.objects.get(user=trusted)
        assert profile.notify_replies is False
        assert profile.notify_moderation is True, "only that kind of email is turned off"

    mail.outbox = []
    replier.post(f"/discussions/{thread.pk}/", human({"body": "Or the market."}))
    assert mail.outbox == []


def test_an_empty_reply_is_refused_and_the_page_title_says_so(lambeth, trusted):
    thread, _ = make_thread(lambeth, trusted)
    response = signed_in(lambeth, trusted).post(f"/discussions/{thread.pk}/", human({"body": ""}))
    html = response.content.decode()
    assert "Write your reply." in html
    # A screen reader hears it first; the title is isolated as someone's words (U+2068-9)
    assert f"<title>Error: \u2068{thread.title}\u2069 –" in html


def test_no_email_about_my_own_replies(lambeth, trusted):
    thread, _ = make_thread(lambeth, trusted)
    signed_in(lambeth, trusted).post(f"/discussions/{thread.pk}/", human({"body": "Bump"}))
    assert mail.outbox == []


def test_an_unsubscribe_link_only_works_in_its_own_borough(lambeth, southwark, trusted):
    from sites.community.services.notifications import unsubscribe_url

    with inside(lambeth):
        url = unsubscribe_url(lambeth, trusted, "replies")
    path = url.split(":8000", 1)[1]
    assert client_for(southwark).post(path).status_code == 400
    damaged = client_for(lambeth).get(path[:-5] + "xxxx/")
    assert damaged.status_code == 400
    assert "<title>This link does not work –" in damaged.content.decode()  # as its heading
    with inside(lambeth):
        assert MemberProfile.objects.get(user=trusted).notify_replies is True


# --- Rate limits, shared through Redis -------------------------------------------------------


def test_the_eleventh_post_in_ten_minutes_is_refused_and_nothing_is_created(
    lambeth, trusted, trusted_other
):
    thread, _ = make_thread(lambeth, trusted)
    client = signed_in(lambeth, trusted_other)
    for n in range(10):
        response = client.post(f"/discussions/{thread.pk}/", human({"body": f"Reply {n}"}))
        assert response.status_code == 302, n
    with inside(lambeth):
        assert ratelimit.attempts("post", str(trusted_other.pk)) == 10
    response = client.post(f"/discussions/{thread.pk}/", human({"body": "One too many"}))
    assert response.status_code == 429
    assert (
        "You have tried this too many times. Please wait 10 minutes, then try again."
        in page_text(response)
    )
    with inside(lambeth):
        assert not Post.objects.filter(body="One too many").exists()
        assert Post.objects.filter(thread=thread, author=trusted_other).count() == 10
    # Someone else can still post.
    other = signed_in(lambeth, trusted)
    assert other.post(f"/discussions/{thread.pk}/", human({"body": "Me"})).status_code == 302


def test_starting_discussions_is_rate_limited(lambeth, trusted, topic):
    client = signed_in(lambeth, trusted)
    for n in range(5):
        data = human({"topic": topic.pk, "title": f"Question {n}", "body": "Hello"})
        assert client.post("/discussions/new/", data).status_code == 302
    response = client.post(
        "/discussions/new/", human({"topic": topic.pk, "title": "Sixth", "body": "Hello"})
    )
    assert response.status_code == 429
    with inside(lambeth):
        assert not Thread.objects.filter(title="Sixth").exists()


def test_discussion_forms_turn_robots_away(lambeth, trusted, topic):
    thread, _ = make_thread(lambeth, trusted)
    client = signed_in(lambeth, trusted)
    robot = client.post(
        f"/discussions/{thread.pk}/", {**human({"body": "Buy now"}), "website": "x"}
    )
    assert robot.status_code == 200
    hasty = client.post(
        "/discussions/new/",
        {"topic": topic.pk, "title": "Fast", "body": "Too fast", "form_started": ""},
    )
    assert hasty.status_code == 200
    with inside(lambeth):
        assert not Post.objects.filter(body__in=["Buy now", "Too fast"]).exists()


def test_a_borough_starts_with_topics_and_editors_manage_them(
    lambeth, lambeth_editor, lambeth_moderator
):
    from sites.community.models import Topic

    with inside(lambeth):
        assert Topic.objects.filter(slug="say-hello").exists()
    assert "Say hello" in page_text(client_for(lambeth).get("/discussions/"))

    editor = signed_in(lambeth, lambeth_editor)
    assert "Say hello" in page_text(editor.get("/admin/community/topics/"))
    response = editor.post(
        "/admin/community/topics/new/",
        {"name": "Pets", "slug": "pets", "description": "Our animal friends", "sort_order": 9},
    )
    assert response.status_code == 302
    with inside(lambeth):
        assert Topic.objects.get(slug="pets").name == "Pets"
    # Moderators work the queue; topics are for Editors.
    assert signed_in(lambeth, lambeth_moderator).get("/admin/community/topics/").status_code in (
        302,
        403,
    )
