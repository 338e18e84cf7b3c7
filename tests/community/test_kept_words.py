"""Signed out while writing: the words are kept, and given back after signing in to the
account that wrote them, never to another (sites/community/kept_words.py)."""

import pytest
from bs4 import BeautifulSoup

from django.test import Client

from sites.community.kept_words import SESSION_KEY
from sites.community.models import Message, Post, Thread
from tests.conftest import client_for, inside

from .conftest import PASSWORD, human, make_group, make_member, make_thread, page_text
from .messaging_helpers import new_url, people_fixture  # noqa: F401

pytestmark = pytest.mark.django_db

SIGNED_OUT = "You were signed out. Sign in and your words will be waiting for you."
WORDS = "I would love to come along.\nIs it step-free?"


def browser(lambeth) -> Client:
    """A client that, like a browser, must send the page's CSRF token with each form."""
    return Client(HTTP_HOST=lambeth.primary_host, enforce_csrf_checks=True)


def token_of(response) -> str:
    found = BeautifulSoup(response.content, "html.parser").select_one(
        "input[name=csrfmiddlewaretoken]"
    )
    return found["value"]


def sign_in(client, user, next_url):
    url = f"/account/sign-in/?next={next_url}"
    token = token_of(client.get(url))
    response = client.post(
        url,
        {
            "username": user.email,
            "password": PASSWORD,
            "next": next_url,
            "csrfmiddlewaretoken": token,
        },
    )
    assert response.status_code == 302 and response["Location"] == next_url
    return response


def writer_field(response) -> dict:
    """The form's hidden ``writer``, as the browser sends it back."""
    found = BeautifulSoup(response.content, "html.parser").select_one("input[name=writer]")
    assert found is not None and found["value"]
    return {"writer": found["value"]}


def box_text(response, name="body") -> str:
    box = BeautifulSoup(response.content, "html.parser").select_one(f"textarea[name={name}]")
    return box.get_text().strip("\n") if box else ""


def signed_out_while_writing(lambeth, writer, url, data):
    """``writer`` opens ``url``, is signed out in another tab, then presses Post."""
    client = browser(lambeth)
    sign_in(client, writer, url)
    form = client.get(url)
    token = {"csrfmiddlewaretoken": token_of(form)}
    assert client.post("/account/sign-out/", token).status_code == 302  # in another tab
    response = client.post(url, human({**data, **writer_field(form), **token}))
    assert response.status_code == 302
    assert response["Location"] == f"/account/sign-in/?next={url}"
    assert SIGNED_OUT in page_text(client.get(response["Location"]))
    return client


def test_a_reply_is_waiting_after_signing_in_and_is_not_posted_for_them(lambeth):
    member = make_member(lambeth, display_name="Tess", is_trusted=True)
    thread, _ = make_thread(lambeth, member)
    url = f"/discussions/{thread.pk}/"
    client = signed_out_while_writing(lambeth, member, url, {"body": WORDS})

    sign_in(client, member, url)
    assert box_text(client.get(url)) == WORDS
    with inside(lambeth):
        assert Post.objects.filter(thread=thread).count() == 1, "they press Post themselves"
    assert box_text(client.get(url)) == "", "shown once, then forgotten"
    assert SESSION_KEY not in client.session


def test_kept_words_are_never_shown_to_another_account(lambeth):
    member = make_member(lambeth, display_name="Tess", is_trusted=True)
    someone_else = make_member(lambeth, display_name="Uma", is_trusted=True)
    thread, _ = make_thread(lambeth, member)
    url = f"/discussions/{thread.pk}/"
    client = signed_out_while_writing(lambeth, member, url, {"body": WORDS})

    sign_in(client, someone_else, url)
    page = client.get(url)
    assert box_text(page) == "" and "step-free" not in page.content.decode()
    assert SESSION_KEY not in client.session, "deleted, not kept for later"


def test_a_new_discussion_in_a_group_keeps_its_title_and_words(lambeth):
    member = make_member(lambeth, display_name="Tess", is_trusted=True)
    group = make_group(lambeth, organiser=member)
    url = f"/groups/{group.slug}/new-discussion/"
    data = {"title": "Sunday walk", "body": WORDS}
    client = signed_out_while_writing(lambeth, member, url, data)

    sign_in(client, member, url)
    page = client.get(url)
    assert box_text(page) == WORDS
    title = BeautifulSoup(page.content, "html.parser").select_one("input[name=title]")
    assert title["value"] == "Sunday walk"
    with inside(lambeth):
        assert not Thread.objects.filter(title="Sunday walk").exists()


def test_a_private_message_is_waiting_after_signing_in(lambeth, people):
    url = new_url(lambeth, people["Ben"])
    client = signed_out_while_writing(lambeth, people["Ada"], url, {"body": WORDS})

    sign_in(client, people["Ada"], url)
    assert box_text(client.get(url)) == WORDS
    with inside(lambeth):
        assert not Message.objects.exists()


def test_a_form_that_does_not_say_who_wrote_it_keeps_nothing(lambeth):
    member = make_member(lambeth, display_name="Tess", is_trusted=True)
    thread, _ = make_thread(lambeth, member)
    url = f"/discussions/{thread.pk}/"
    client = client_for(lambeth)
    response = client.post(url, human({"body": WORDS, "writer": "forged"}))
    assert response["Location"] == f"/account/sign-in/?next={url}"
    assert SIGNED_OUT not in page_text(client.get(response["Location"]))
    assert SESSION_KEY not in client.session


def test_an_event_is_waiting_after_signing_in_and_is_not_posted_for_them(lambeth):
    """The members' event form keeps its words the same way."""
    from sites.community.models import Event

    from .test_events import form_data

    member = make_member(lambeth, display_name="Tess", is_trusted=True)
    group = make_group(lambeth, organiser=member)
    url = "/events/new/"
    data = form_data(host=f"group-{group.pk}", accessibility_notes="Step-free by the side door.")
    client = signed_out_while_writing(lambeth, member, url, data)

    sign_in(client, member, url)
    page = client.get(url)
    assert BeautifulSoup(page.content, "html.parser").select_one("input[name=title]")["value"] == (
        "Seed swap and tea"
    )
    assert box_text(page, "accessibility_notes") == "Step-free by the side door."
    with inside(lambeth):
        assert not Event.objects.exists(), "they press the button themselves"
