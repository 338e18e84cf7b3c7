"""A stale tab never posts as another account: a form written while signed in as A and sent
after signing in as B in another tab posts nothing; it is shown again with the words, says
whom they are signed in as now, and posts only when B presses the button again
(sites/community/kept_words.py). With CSRF checks on, as a browser sends forms."""

import pytest
from bs4 import BeautifulSoup

from sites.community.factories import GroupMembershipFactory, TopicFactory
from sites.community.models import Event, Message, Post, Thread
from tests.conftest import inside

from .conftest import human, make_event, make_group, make_member, make_thread, page_text
from .messaging_helpers import new_url, people_fixture  # noqa: F401
from .test_events import form_data
from .test_kept_words import box_text, browser, sign_in, token_of, writer_field

pytestmark = pytest.mark.django_db

WORDS = "I would love to come along.\nIs it step-free?"


def now_signed_in_as(name: str) -> str:
    return (
        f"You are now signed in as {name}. This was written while signed in as another "
        "account: check it before you post."
    )


def sent_from_a_stale_tab(lambeth, first, second, url, data):
    """``first`` opens ``url``; in another tab signs out and in as ``second``; then presses
    the button in the first tab. Returns the client and the answer."""
    client = browser(lambeth)
    sign_in(client, first, url)
    form = client.get(url)
    assert form.status_code == 200
    fields = {**writer_field(form), "csrfmiddlewaretoken": token_of(form)}
    assert client.post("/account/sign-out/", {"csrfmiddlewaretoken": fields["csrfmiddlewaretoken"]})
    sign_in(client, second, url)
    fields["csrfmiddlewaretoken"] = token_of(client.get(url))  # a new session, a new token
    return client, client.post(url, human({**data, **fields}))


def shown_again(response, second, first) -> BeautifulSoup:
    assert response.status_code in (200, 400)  # shown again, never a 500
    text = page_text(response)
    assert now_signed_in_as(second.member_profile.display_name) in text
    assert first.email not in response.content.decode()
    return BeautifulSoup(response.content, "html.parser")


def press_again(client, response, url, data):
    """The second account checks the words and presses the button again."""
    fields = {**writer_field(response), "csrfmiddlewaretoken": token_of(response)}
    return client.post(url, human({**data, **fields}))


def test_a_reply_from_a_stale_tab_is_not_posted_as_the_account_signed_in_now(lambeth):
    tess = make_member(lambeth, display_name="Tess", is_trusted=True)
    uma = make_member(lambeth, display_name="Uma", is_trusted=True)
    thread, _ = make_thread(lambeth, tess)
    url = f"/discussions/{thread.pk}/"
    client, response = sent_from_a_stale_tab(lambeth, tess, uma, url, {"body": WORDS})

    shown_again(response, uma, tess)
    assert box_text(response) == WORDS, "the words are kept"
    with inside(lambeth):
        assert Post.objects.filter(thread=thread).count() == 1, "nothing posted"

    assert press_again(client, response, url, {"body": WORDS}).status_code == 302
    with inside(lambeth):
        assert Post.objects.filter(thread=thread).latest("pk").author == uma


def test_a_new_discussion_from_a_stale_tab_is_not_started(lambeth):
    with inside(lambeth):
        topic = TopicFactory(name="Walks", slug="walks")
    tess = make_member(lambeth, display_name="Tess", is_trusted=True)
    uma = make_member(lambeth, display_name="Uma", is_trusted=True)
    url = "/discussions/new/"
    data = {"topic": topic.pk, "title": "Sunday walk", "body": WORDS}
    _, response = sent_from_a_stale_tab(lambeth, tess, uma, url, data)

    page = shown_again(response, uma, tess)
    assert page.select_one("input[name=title]")["value"] == "Sunday walk"
    with inside(lambeth):
        assert not Thread.objects.filter(title="Sunday walk").exists()


def test_a_group_discussion_from_a_stale_tab_is_not_started(lambeth):
    tess = make_member(lambeth, display_name="Tess", is_trusted=True)
    uma = make_member(lambeth, display_name="Uma", is_trusted=True)
    group = make_group(lambeth, organiser=tess, members=[uma])
    url = f"/groups/{group.slug}/new-discussion/"
    data = {"title": "Sunday walk", "body": WORDS}
    _, response = sent_from_a_stale_tab(lambeth, tess, uma, url, data)

    shown_again(response, uma, tess)
    assert box_text(response) == WORDS
    with inside(lambeth):
        assert not Thread.objects.filter(title="Sunday walk").exists()


def test_a_private_message_from_a_stale_tab_is_not_sent(lambeth, people):
    make_group(lambeth, organiser=people["Ada"], members=[people["Cal"]], name="Book club")
    url = new_url(lambeth, people["Ada"])  # Ben and Cal both share a group with Ada
    client, response = sent_from_a_stale_tab(
        lambeth, people["Ben"], people["Cal"], url, {"body": WORDS}
    )

    shown_again(response, people["Cal"], people["Ben"])
    assert box_text(response) == WORDS
    with inside(lambeth):
        assert not Message.objects.exists()

    assert press_again(client, response, url, {"body": WORDS}).status_code == 302
    with inside(lambeth):
        assert Message.objects.get().sender == people["Cal"]


def test_an_event_from_a_stale_tab_is_not_posted(lambeth):
    tess = make_member(lambeth, display_name="Tess", is_trusted=True)
    uma = make_member(lambeth, display_name="Uma", is_trusted=True)
    group = make_group(lambeth, organiser=tess)
    with inside(lambeth):
        GroupMembershipFactory(group=group, member=uma, role="organiser")
    url = "/events/new/"
    data = form_data(host=f"group-{group.pk}")
    _, response = sent_from_a_stale_tab(lambeth, tess, uma, url, data)

    page = shown_again(response, uma, tess)
    assert page.select_one("input[name=title]")["value"] == "Seed swap and tea"
    with inside(lambeth):
        assert not Event.objects.exists()


def test_the_same_account_in_two_tabs_posts_as_before(lambeth):
    tess = make_member(lambeth, display_name="Tess", is_trusted=True)
    thread, _ = make_thread(lambeth, tess)
    url = f"/discussions/{thread.pk}/"
    client = browser(lambeth)
    sign_in(client, tess, url)
    form = client.get(url)
    fields = {**writer_field(form), "csrfmiddlewaretoken": token_of(form)}
    assert client.post(url, human({"body": WORDS, **fields})).status_code == 302
    with inside(lambeth):
        assert Post.objects.filter(thread=thread, body=WORDS).exists()


def stale_tab(borough, url, first, then):
    """A browser that opened ``url``'s form as ``first``, then signed out and in as
    ``then`` in another tab: the client, the form's page, and the stale tab's fields (its
    writer and its now old security token)."""
    client = browser(borough)
    sign_in(client, first, url)
    form = client.get(url)
    stale = {**writer_field(form), "csrfmiddlewaretoken": token_of(form)}
    client.post("/account/sign-out/", {"csrfmiddlewaretoken": stale["csrfmiddlewaretoken"]})
    sign_in(client, then, url)
    return client, form, stale


def test_a_stale_tab_with_its_old_security_token_keeps_the_words_for_the_account_now(lambeth):
    """As in a real browser: signing in replaced the page's security (CSRF) token, so the
    stale tab's form is refused before the discussion sees it. Nothing is posted; Uma is
    sent back to the discussion with the words filled in and told whom she is signed in
    as, and posts them only when she presses the button."""
    tess = make_member(lambeth, display_name="Tess", is_trusted=True)
    uma = make_member(lambeth, display_name="Uma", is_trusted=True)
    thread, _ = make_thread(lambeth, tess)
    url = f"/discussions/{thread.pk}/"
    client, form, stale = stale_tab(lambeth, url, tess, then=uma)

    response = client.post(url, human({"body": WORDS, **stale}))  # the old token
    assert response.status_code == 302 and response["Location"] == url
    with inside(lambeth):
        assert Post.objects.filter(thread=thread).count() == 1, "nothing posted"
    page = client.get(url)
    assert now_signed_in_as("Uma") in page_text(page)
    assert box_text(page) == WORDS
    assert tess.email not in page.content.decode()
    assert box_text(client.get(url)) == "", "shown once"

    assert press_again(client, page, url, {"body": WORDS}).status_code == 302
    with inside(lambeth):
        assert Post.objects.filter(thread=thread).latest("pk").author == uma


EVENT_WORDS = {
    "description": "Bring seeds, take seeds.\n\nTea and biscuits.",
    "accessibility_notes": "Step-free by the side door.",
    "cost_details": "Free, tea 50p",
}


def test_an_event_from_a_stale_tab_with_its_old_token_keeps_the_words_for_the_account_now(
    lambeth,
):
    """The event form's words are kept like a reply's: Uma is sent back to the form with
    them filled in, told whom she is signed in as; nothing is posted until she presses the
    button."""
    tess = make_member(lambeth, display_name="Tess", is_trusted=True)
    uma = make_member(lambeth, display_name="Uma", is_trusted=True)
    group = make_group(lambeth, organiser=tess)
    with inside(lambeth):
        GroupMembershipFactory(group=group, member=uma, role="organiser")
    url = "/events/new/"
    client, form, stale = stale_tab(lambeth, url, tess, then=uma)

    data = form_data(host=f"group-{group.pk}", **EVENT_WORDS)
    response = client.post(url, {**data, **stale})  # the old token
    assert response.status_code == 302 and response["Location"] == url
    with inside(lambeth):
        assert not Event.objects.exists(), "nothing posted"
    page = client.get(url)
    assert now_signed_in_as("Uma") in page_text(page)
    soup = BeautifulSoup(page.content, "html.parser")
    assert soup.select_one("input[name=title]")["value"] == "Seed swap and tea"
    assert soup.select_one("input[name=cost_details]")["value"] == "Free, tea 50p"
    assert box_text(page, "description") == EVENT_WORDS["description"]
    assert box_text(page, "accessibility_notes") == EVENT_WORDS["accessibility_notes"]
    assert tess.email not in page.content.decode()
    assert box_text(client.get(url), "description") == "", "shown once"

    assert press_again(client, page, url, data).status_code == 302
    with inside(lambeth):
        assert Event.objects.get().posted_by == uma


def test_an_event_changed_in_a_stale_tab_comes_back_with_the_changes(lambeth):
    """Tess signs out and in again in another tab while changing her event: the changes
    are not saved, and the edit page shows them (not the saved words) to save again."""
    tess = make_member(lambeth, display_name="Tess", is_trusted=True)
    event = make_event(lambeth, title="Picnic", posted_by=tess, group=make_group(lambeth, tess))
    url = f"/events/{event.slug}/edit/"
    client, form, stale = stale_tab(lambeth, url, tess, then=tess)

    changed = "Picnic in the park, by the bandstand."
    response = client.post(url, {**form_data(title="Picnic", description=changed), **stale})
    assert response.status_code == 302 and response["Location"] == url
    page = client.get(url)
    assert "This page was out of date, so your words were not posted." in page_text(page)
    assert box_text(page, "description") == changed
    with inside(lambeth):
        event.refresh_from_db()
        assert event.description != changed, "not saved"


def test_a_refused_form_with_a_forged_writer_keeps_nothing(lambeth):
    """A form whose writer is not one the site signed keeps nothing: the plain page, with
    its link back to the form."""
    tess = make_member(lambeth, display_name="Tess", is_trusted=True)
    make_group(lambeth, organiser=tess)
    url = "/events/new/"
    client, form, stale = stale_tab(lambeth, url, tess, then=tess)
    forged = client.post(url, {"body": WORDS, "writer": "forged", "csrfmiddlewaretoken": "x"})
    assert forged.status_code == 403
    text = page_text(forged)
    assert "Please send the form again" in text
    assert "Nothing you sent was posted or saved." in text
    link = BeautifulSoup(forged.content, "html.parser").find("a", string="Open the form again")
    assert link["href"] == url
    with inside(lambeth):
        assert not Event.objects.exists()
    assert "kept_words" not in client.session


def test_signing_in_again_as_the_same_account_brings_the_words_back_to_post(lambeth):
    """Tess signs out and in again in another tab (a new token): her refused reply is not
    posted but comes back in the box, with a message saying why."""
    tess = make_member(lambeth, display_name="Tess", is_trusted=True)
    thread, _ = make_thread(lambeth, tess)
    url = f"/discussions/{thread.pk}/"
    client, form, stale = stale_tab(lambeth, url, tess, then=tess)

    response = client.post(url, human({"body": WORDS, **stale}))
    assert response.status_code == 302 and response["Location"] == url
    page = client.get(url)
    assert "This page was out of date, so your words were not posted." in page_text(page)
    assert box_text(page) == WORDS
    with inside(lambeth):
        assert Post.objects.filter(thread=thread).count() == 1


def test_a_form_with_a_writer_sent_from_another_site_keeps_nothing(lambeth):
    """Another site's page that posts a writer of its own making (an account's, taken from
    our form) to a member's browser keeps no words of its making in their form."""
    tess = make_member(lambeth, display_name="Tess", is_trusted=True)
    thread, _ = make_thread(lambeth, tess)
    url = f"/discussions/{thread.pk}/"
    client, form, stale = stale_tab(lambeth, url, tess, then=tess)
    response = client.post(
        url, human({"body": WORDS, **stale}), HTTP_ORIGIN="https://elsewhere.example"
    )
    assert response.status_code == 403
    assert (
        BeautifulSoup(response.content, "html.parser").find("a", string="Go to the home page")[
            "href"
        ]
        == "/"
    )
    assert "kept_words" not in client.session
    assert box_text(client.get(url)) == ""
