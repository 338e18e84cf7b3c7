"""My list: saving without an account (a session only once something is saved), members'
lists kept and merged on sign-in, print view, email, share link, isolation."""

import re

import pytest
from bs4 import BeautifulSoup

from django.contrib.sessions.models import Session
from django.core import mail, signing
from django.test import Client, override_settings

from wagtail.models import Locale

from sites.community.factories import CommunityGroupFactory
from sites.community.models import CommunityGroup
from sites.mylist.models import SavedItem
from sites.mylist.selectors import MAX_ITEMS, share_token
from tests.community.conftest import human, make_event, make_member, signed_in
from tests.conftest import client_for, inside
from tests.directory.conftest import lambeth_directory, southwark_directory  # noqa: F401

pytestmark = pytest.mark.django_db

HOME_STREET = "7 Quiet Road"


def path(page) -> str:
    return "/" + page.url_path.split("/", 2)[2]


def text(response) -> str:
    return " ".join(BeautifulSoup(response.content, "html.parser").get_text(" ").split())


def save(client, borough, ref, action="save", **headers):
    origin = {"HTTP_ORIGIN": f"http://{borough.primary_host}"} | headers
    return client.post("/my-list/save/", {"item": ref, "action": action}, **origin)


@override_settings(PAGE_CACHE_SECONDS=60)
def test_a_visitor_saves_without_an_account_and_only_then_gets_a_session(
    lambeth,
    lambeth_directory,  # noqa: F811
):
    client = client_for(lambeth)
    activity = lambeth_directory.activity
    first = client.get(path(activity))
    assert "Save to my list" in text(first)
    assert not first.cookies, "no session (nor CSRF cookie) before anything is saved"
    assert "public" in first["Cache-Control"]

    response = save(client, lambeth, f"activity:{activity.pk}")
    assert response.status_code == 302
    assert "sessionid" in response.cookies

    again = client.get(path(activity))
    assert "This is on your list." in text(again)
    assert "public" not in again["Cache-Control"], "a page with someone's list is never shared"
    listed = text(client.get("/my-list/"))
    assert "Tuesday garden club" in listed and "Every Tuesday, 10am to 12 noon" in listed

    save(client, lambeth, f"activity:{activity.pk}", action="remove")
    assert "Your list is empty." in text(client.get("/my-list/"))


def test_a_post_from_another_site_changes_nothing_and_asks_to_confirm(lambeth, lambeth_directory):  # noqa: F811
    client = Client(HTTP_HOST=lambeth.primary_host, enforce_csrf_checks=True)
    ref = f"activity:{lambeth_directory.activity.pk}"
    response = save(client, lambeth, ref, HTTP_ORIGIN="https://evil.example")
    assert response.status_code == 200 and "Please confirm" in text(response)
    assert b"csrfmiddlewaretoken" in response.content
    assert "Your list is empty." in text(client.get("/my-list/"))
    # Same origin (what a browser sends from the button): saved.
    assert save(client, lambeth, ref).status_code == 302
    assert "Tuesday garden club" in text(client.get("/my-list/"))


@pytest.mark.parametrize(
    "ref,status,words",
    [
        ("activity:abc", 400, "We could not tell what to save"),
        ("nothing:1", 400, "We could not tell what to save"),
        ("activity:\u00b2", 400, "We could not tell what to save"),  # "²": a digit to isdigit
        ("activity:99999999999999999999", 400, "We could not tell what to save"),
        ("activity:999999", 404, "no longer listed"),
    ],
)
def test_bad_items_get_a_clear_message_and_change_nothing(lambeth, ref, status, words):
    client = client_for(lambeth)
    response = save(client, lambeth, ref)
    assert response.status_code == status and words in text(response)
    assert "sessionid" not in response.cookies


def test_a_full_list_says_so(lambeth, lambeth_directory):  # noqa: F811
    member = make_member(lambeth)
    client = signed_in(lambeth, member)
    with inside(lambeth):
        for n in range(MAX_ITEMS):
            SavedItem.objects.create(member=member, kind="place", object_id=900000 + n)
    response = save(client, lambeth, f"place:{lambeth_directory.place.pk}")
    assert response.status_code == 400 and "Your list is full" in text(response)


def test_members_keep_their_list_and_a_visit_list_joins_it_on_sign_in(lambeth, lambeth_directory):  # noqa: F811
    member = make_member(lambeth)
    with inside(lambeth):
        SavedItem.objects.create(member=member, kind="place", object_id=lambeth_directory.place.pk)
    client = client_for(lambeth)
    save(client, lambeth, f"activity:{lambeth_directory.activity.pk}")
    save(client, lambeth, f"place:{lambeth_directory.place.pk}")
    with inside(lambeth):
        client.force_login(member)
        refs = [item.ref for item in SavedItem.objects.filter(member=member)]
    assert refs == [
        f"place:{lambeth_directory.place.pk}",
        f"activity:{lambeth_directory.activity.pk}",
    ]
    listed = text(client.get("/my-list/"))
    assert "Tuesday garden club" in listed and "Brixton Community Hall" in listed


def test_the_print_view_gives_when_where_cost_access_contact_and_no_home_address(
    lambeth,
    lambeth_directory,  # noqa: F811
):
    client = client_for(lambeth)
    save(client, lambeth, f"activity:{lambeth_directory.activity.pk}")
    save(client, lambeth, f"activity:{lambeth_directory.evening_activity.pk}")
    save(client, lambeth, f"place:{lambeth_directory.home_place.pk}")
    response = client.get("/my-list/print/")
    words = text(response)
    assert "print_list.css" in response.content.decode()
    for label in ("When", "Where", "Cost", "Access", "Contact"):
        assert label in words
    assert "£3 a session" in words and "Free" in words
    assert "SW9 area" in words and HOME_STREET not in response.content.decode()
    assert "Step-free access" in words and "Hearing loop" in words


def test_email_sends_text_and_html_and_keeps_no_address(lambeth, lambeth_directory):  # noqa: F811
    client = client_for(lambeth)
    save(client, lambeth, f"activity:{lambeth_directory.evening_activity.pk}")
    bad = client.post("/my-list/email/", human({"email": "not an address"}))
    assert bad.status_code == 400 and "Type an email address like" in text(bad)
    assert mail.outbox == []

    sent = client.post("/my-list/email/", human({"email": "friend@example.net"}))
    assert sent.status_code == 200 and "on its way" in text(sent)
    (message,) = mail.outbox
    assert message.to == ["friend@example.net"]
    html, kind = message.alternatives[0]
    assert kind == "text/html"
    for body in (message.body, html):
        assert "Evening choir" in body and "£3 a session" in body
        assert HOME_STREET not in body
        assert f"http://{lambeth.primary_host}/my-list/shared/" in body
    with inside(lambeth):
        assert not any("friend@example.net" in str(s.get_decoded()) for s in Session.objects.all())


def test_email_is_rate_limited(lambeth, lambeth_directory):  # noqa: F811
    client = client_for(lambeth)
    save(client, lambeth, f"activity:{lambeth_directory.activity.pk}")
    for _ in range(5):
        assert client.post("/my-list/email/", human({"email": "a@example.net"})).status_code == 200
    refused = client.post("/my-list/email/", human({"email": "a@example.net"}))
    assert refused.status_code == 429 and len(mail.outbox) == 5


def test_a_share_link_shows_the_list_to_anyone_and_leaves_out_what_went(
    lambeth,
    lambeth_directory,  # noqa: F811
):
    client = client_for(lambeth)
    save(client, lambeth, f"activity:{lambeth_directory.activity.pk}")
    save(client, lambeth, f"place:{lambeth_directory.place.pk}")
    share = BeautifulSoup(client.get("/my-list/").content, "html.parser").find(id="share-link")
    url = share["value"].split(lambeth.primary_host, 1)[1]
    # Only references inside, no person: the payload is the list of items.
    token = url.rstrip("/").rsplit("/", 1)[1]
    with inside(lambeth):
        payload = signing.loads(token, salt="mylist.share.lambeth")
    assert payload == [
        f"activity:{lambeth_directory.activity.pk}",
        f"place:{lambeth_directory.place.pk}",
    ]

    stranger = client_for(lambeth)
    shown = text(stranger.get(url))
    assert "Tuesday garden club" in shown and "Brixton Community Hall" in shown
    assert "Remove" not in shown  # read-only
    with inside(lambeth):
        lambeth_directory.activity.unpublish()
    shown = text(stranger.get(url))
    assert "Tuesday garden club" not in shown and "Brixton Community Hall" in shown

    broken = stranger.get(url.replace(token, token[:-3] + "abc"))
    assert broken.status_code == 404 and "This link does not work" in text(broken)
    assert "<title>This link does not work –" in broken.content.decode()  # as its heading


def test_private_group_events_are_never_shared_or_emailed(lambeth, lambeth_directory):  # noqa: F811
    with inside(lambeth):
        group = CommunityGroupFactory(visibility=CommunityGroup.Visibility.MEMBERS_ONLY)
    event = make_event(lambeth, title="Members' supper", group=group)
    member = make_member(lambeth)
    with inside(lambeth):
        group.memberships.create(member=member)
        SavedItem.objects.create(member=member, kind="event", object_id=event.pk)
    client = signed_in(lambeth, member)
    assert "Members' supper" in text(client.get("/my-list/"))
    client.post("/my-list/email/", human({"email": "b@example.net"}))
    assert mail.outbox == []  # nothing anyone may see: nothing sent
    share = BeautifulSoup(client.get("/my-list/").content, "html.parser").find(id="share-link")
    assert "Members' supper" not in text(client_for(lambeth).get(share["value"]))


def test_a_list_never_crosses_boroughs(lambeth, southwark, lambeth_directory, southwark_directory):  # noqa: F811
    """Canary: a Southwark activity whose id a Lambeth share link names. Ids of the two
    boroughs are unrelated, so the link must mean nothing there."""
    canary = southwark_directory.activity
    with inside(southwark):
        canary.title = "Southwark canary club"
        canary.save_revision().publish()
    with inside(lambeth):
        token = share_token([f"activity:{canary.pk}"])
    elsewhere = client_for(southwark).get(f"/my-list/shared/{token}/")
    assert elsewhere.status_code == 404 and "canary" not in text(elsewhere)

    # A visit's list lives in one borough's session; a member's in one borough's schema.
    client = client_for(lambeth)
    save(client, lambeth, f"activity:{lambeth_directory.activity.pk}")
    assert "Your list is empty." in text(client_for(southwark).get("/my-list/"))
    member = make_member(lambeth)
    with inside(lambeth):
        SavedItem.objects.create(member=member, kind="activity", object_id=canary.pk)
        assert "canary" not in text(signed_in(lambeth, member).get("/my-list/"))
    with inside(southwark):
        assert not SavedItem.objects.exists()


def test_a_polish_readers_list_and_email_mark_the_english_titles(lambeth, lambeth_directory):  # noqa: F811
    """WCAG 3.1.2: the list and its email are in the reader's language; the titles of
    listings not yet translated are marked as English."""
    with inside(lambeth):
        Locale.objects.get_or_create(language_code="pl")
    client = client_for(lambeth)
    save(client, lambeth, f"activity:{lambeth_directory.evening_activity.pk}")
    listed = client.get("/pl/my-list/").content.decode()
    assert '<html lang="pl"' in listed
    assert re.search(r'<a href="[^"]+" lang="en-gb" dir="ltr">Evening choir</a>', listed)

    sent = client.post("/pl/my-list/email/", human({"email": "friend@example.net"}))
    assert sent.status_code == 200
    html, _ = mail.outbox[0].alternatives[0]
    assert '<html lang="pl" dir="ltr">' in html
    assert re.search(r'<a href="[^"]+" lang="en-gb" dir="ltr">Evening choir</a>', html)
