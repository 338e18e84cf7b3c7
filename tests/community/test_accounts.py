"""Member accounts: joining, confirming, signing in and out, passwords, profiles."""

import base64
import contextlib
import datetime
import re
import zlib

import pytest
import time_machine
from bs4 import BeautifulSoup

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core import mail
from django.test import Client
from django.utils import timezone

from sites.community.events.links import event_url
from sites.community.factories import (
    BlockFactory,
    CommunityGroupFactory,
    EventAttendanceFactory,
    EventFactory,
    GroupMembershipFactory,
)
from sites.community.models import CommunityGroup, EventAttendance, MemberProfile
from sites.community.services.accounts import can_post, why_cannot_post
from sites.core.antispam import HONEYPOT_FIELD, STARTED_FIELD, human_check_data
from sites.core.roles import MODERATORS
from sites.directory.models import Interest
from tenants.emails import borough_base_url
from tests.conftest import assert_same_answers, client_for, inside
from tests.directory.conftest import build_directory

from .conftest import PASSWORD, make_member, signed_in

User = get_user_model()
GOOD_PASSWORD = "walking-by-the-river-42"
SCRIPT = '<script>alert("got you")</script>'
IMAGE = "<img src=x onerror=alert(1)>"


def sign_up_data(**changes):
    data = {
        "display_name": "Sam",
        "email": "Sam.Jones@Example.org",
        "password1": GOOD_PASSWORD,
        "password2": GOOD_PASSWORD,
        "adult": "on",
        "house_rules": "on",
        **human_check_data(),
    }
    data.update(changes)
    return {key: value for key, value in data.items() if value is not None}


def user_count(borough) -> int:
    with inside(borough):
        return User.objects.count()


def link_in(message, host):
    found = re.search(rf"http://{re.escape(host)}(?::\d+)?(/\S+)", message.body)
    assert found, message.body
    return found.group(1)


# --- Sign up and confirm ----------------------------------------------------------------


def test_sign_up_without_the_adult_box_makes_nothing_and_says_why(lambeth):
    before = user_count(lambeth)
    response = client_for(lambeth).post("/account/sign-up/", sign_up_data(adult=None))
    assert response.status_code == 200
    html = response.content.decode()
    assert "If you are younger, you cannot join" in html
    assert "“Get help now” page says who to contact" in html
    assert 'href="/get-help/"' in html  # the borough's own page, linked from the rules
    assert user_count(lambeth) == before
    assert mail.outbox == []
    with inside(lambeth):  # the service refuses too, whoever calls it
        from django.core.exceptions import ValidationError

        from sites.community.services import accounts

        with pytest.raises(ValidationError):
            accounts.sign_up(
                lambeth, display_name="Kit", email="k@example.org", password="x", adult=False
            )
        assert User.objects.count() == before


@time_machine.travel(datetime.datetime(2026, 3, 4, 10, 30, tzinfo=datetime.UTC), tick=False)
def test_sign_up_records_when_the_member_confirmed_they_are_an_adult(lambeth):
    response = client_for(lambeth).post("/account/sign-up/", sign_up_data())
    assert response.status_code == 302
    with inside(lambeth):
        profile = MemberProfile.objects.get(user__email="sam.jones@example.org")
        assert profile.adult_confirmed_at == datetime.datetime(
            2026, 3, 4, 10, 30, tzinfo=datetime.UTC
        )


def test_sign_up_sends_a_confirmation_from_the_borough_then_the_member_can_post(lambeth, southwark):
    client = client_for(lambeth)
    page = client.get("/account/sign-up/")
    assert page.status_code == 200
    assert "Our house rules" in page.content.decode()

    response = client.post("/account/sign-up/", sign_up_data())
    assert response.status_code == 302
    assert response["Location"] == "/account/sign-up/sent/"
    assert "Check your email" in client.get(response["Location"]).content.decode()

    with inside(lambeth):
        user = User.objects.get(email="sam.jones@example.org")
        assert user.username == "sam.jones@example.org"
        assert not user.is_staff
        assert not user.has_perm("wagtailadmin.access_admin")
        assert user.member_profile.display_name == "Sam"
        assert user.member_profile.email_confirmed_at is None
        assert not can_post(user)
        assert "confirm your email address" in why_cannot_post(user)

    # Not signed in by signing up (that would tell who already had an account), but
    # the account works at once, and asks for the confirmation.
    assert client.get("/account/").status_code == 302
    signed = client.post(
        "/account/sign-in/", {"username": "sam.jones@example.org", "password": GOOD_PASSWORD}
    )
    assert signed.status_code == 302
    my_page = client.get("/account/").content.decode()
    assert "Please confirm your email address" in my_page
    assert "Hello, <bdi>Sam</bdi>." in my_page

    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["sam.jones@example.org"]
    assert message.from_email.startswith("Connect & Do Lambeth <")
    assert message.reply_to == ["connect@lambeth.example.org"]
    assert message.extra_headers["X-Connectdo-Borough"] == lambeth.schema_name
    path = link_in(message, "lambeth.localhost")
    assert path.startswith("/account/confirm/")

    # The same link on another borough's site confirms nothing there.
    elsewhere = client_for(southwark).get(path)
    assert elsewhere.status_code == 400
    assert "This link does not work" in elsewhere.content.decode()

    # Opening the link (as a mail scanner does) confirms nothing: it shows a button.
    opened = client.get(path)
    assert opened.status_code == 200
    assert "Confirm my email address" in opened.content.decode()
    with inside(lambeth):
        assert not can_post(User.objects.get(email="sam.jones@example.org"))
    assert client_for(southwark).post(path).status_code == 400

    confirmed = client.post(path)
    assert confirmed.status_code == 200
    assert "Your email address is confirmed" in confirmed.content.decode()
    with inside(lambeth):
        user = User.objects.get(email="sam.jones@example.org")
        assert user.member_profile.email_confirmed_at is not None
        assert can_post(user)
    assert "Please confirm your email address" not in client.get("/account/").content.decode()


def test_a_tampered_confirmation_link_does_not_work(lambeth):
    client_for(lambeth).post("/account/sign-up/", sign_up_data())
    path = link_in(mail.outbox[0], "lambeth.localhost")
    tampered = path.replace("/confirm/", "/confirm/x")
    response = client_for(lambeth).get(tampered)
    assert response.status_code == 400
    assert "Check you copied the whole link" in response.content.decode()
    assert client_for(lambeth).post(tampered).status_code == 400
    with inside(lambeth):
        assert not MemberProfile.objects.filter(email_confirmed_at__isnull=False).exists()


def test_only_the_button_confirms_and_only_with_its_csrf_token(lambeth):
    client_for(lambeth).post("/account/sign-up/", sign_up_data())
    path = link_in(mail.outbox[0], "lambeth.localhost")
    browser = Client(HTTP_HOST="lambeth.localhost", enforce_csrf_checks=True)
    page = BeautifulSoup(browser.get(path).content, "html.parser")
    form = page.find("form", method="post")
    assert form.find("button", type="submit").get_text(strip=True) == "Confirm my email address"
    assert page.title.get_text().startswith("Confirm your email address")

    # A page elsewhere cannot press the button for them (no token: refused).
    assert browser.post(path).status_code == 403
    with inside(lambeth):
        assert (
            MemberProfile.objects.get(user__email="sam.jones@example.org").email_confirmed_at
            is None
        )

    token = form.find("input", attrs={"name": "csrfmiddlewaretoken"})["value"]
    pressed = browser.post(path, {"csrfmiddlewaretoken": token})
    assert "Your email address is confirmed" in pressed.content.decode()
    with inside(lambeth):
        assert (
            MemberProfile.objects.get(user__email="sam.jones@example.org").email_confirmed_at
            is not None
        )

    # The link again, used: it says so and where to go, with no button.
    again = browser.get(path)
    assert again.status_code == 200
    assert "Your email address is already confirmed" in again.content.decode()
    assert 'href="/account/sign-in/"' in again.content.decode()
    assert b'<form method="post">' not in again.content


def test_an_old_confirmation_link_says_how_to_get_a_new_one(lambeth):
    sent = timezone.now()
    with time_machine.travel(sent, tick=False):
        client_for(lambeth).post("/account/sign-up/", sign_up_data())
    path = link_in(mail.outbox[0], "lambeth.localhost")
    with time_machine.travel(sent + datetime.timedelta(days=7, minutes=1), tick=False):
        opened = client_for(lambeth).get(path)
        pressed = client_for(lambeth).post(path)
    for response in (opened, pressed):
        assert response.status_code == 400
        assert "This link is too old" in response.content.decode()
        assert "Send the email again" in response.content.decode()
    with inside(lambeth):
        assert (
            MemberProfile.objects.get(user__email="sam.jones@example.org").email_confirmed_at
            is None
        )


def test_an_unconfirmed_member_can_ask_for_the_email_again(lambeth):
    client = client_for(lambeth)
    client.post("/account/sign-up/", sign_up_data())
    client.post(
        "/account/sign-in/", {"username": "sam.jones@example.org", "password": GOOD_PASSWORD}
    )
    response = client.post("/account/confirm/send-again/", follow=True)
    assert "We have sent the email again" in response.content.decode()
    assert len(mail.outbox) == 2
    assert link_in(mail.outbox[1], "lambeth.localhost").startswith("/account/confirm/")


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        (
            {"password2": "a-different-password-9"},
            "password2",
            "The two passwords are not the same",
        ),
        ({"password1": "password", "password2": "password"}, "password1", "easy to guess"),
        ({"password1": "short", "password2": "short"}, "password1", "Use at least 8 characters"),
        ({"password1": "84736251", "password2": "84736251"}, "password1", "not only numbers"),
        (
            {
                "email": "sunflower.garden@example.com",
                "password1": "sunflowergarden",
                "password2": "sunflowergarden",
            },
            "password1",
            "too like your name or email address",
        ),
        ({"email": "not-an-email"}, "email", "like name@example.org".replace(".org", ".com")),
        ({"email": ""}, "email", "Enter your email address"),
        ({"display_name": "   "}, "display_name", "Enter the name you want other members to see"),
        ({"display_name": "\u200b\u2060"}, "display_name", "Enter the name you want other"),
        ({"display_name": "..."}, "display_name", "Use at least one letter or number"),
        ({"display_name": "Moderator"}, "display_name", "Names like “Moderator” are kept"),
        ({"display_name": "Sam (admin)"}, "display_name", "Names like “Moderator” are kept"),
        ({"house_rules": None}, "house_rules", "tick the box to agree"),
        ({"adult": None}, "adult", "Connect &amp; Do is for adults, aged 18 or older"),
    ],
)
def test_bad_sign_up_input_shows_errors_and_creates_nothing(lambeth, changes, field, message):
    before = user_count(lambeth)
    response = client_for(lambeth).post("/account/sign-up/", sign_up_data(**changes))
    assert response.status_code == 200
    html = response.content.decode()
    assert "There is a problem" in html
    assert message in html
    assert f'href="#id_{field}"' in html  # the summary links to the field
    assert html.count("<title>Error: ") == 1
    assert user_count(lambeth) == before
    assert mail.outbox == []


@pytest.mark.parametrize(
    ("changes", "field", "link_text"),
    [
        # The message names the field, so the link reads it once, not
        # "Choose a password: Choose a password."
        ({"password1": ""}, "password1", "Choose a password."),
        # The message does not name the field, so the field's label goes first.
        (
            {"display_name": "   "},
            "display_name",
            "Your name on the site: Enter the name you want other members to see.",
        ),
    ],
)
def test_the_error_summary_reads_each_message_once(lambeth, changes, field, link_text):
    response = client_for(lambeth).post("/account/sign-up/", sign_up_data(**changes))
    summary = BeautifulSoup(response.content.decode(), "html.parser").select_one(".error-summary")
    assert summary["role"] == "alert"
    links = [" ".join(link.get_text().split()) for link in summary.select(f'a[href="#id_{field}"]')]
    assert links == [link_text]


def test_an_email_address_can_only_join_once_and_the_address_is_told_not_the_visitor(
    lambeth, lambeth_member
):
    before = user_count(lambeth)
    response = client_for(lambeth).post(
        "/account/sign-up/",
        sign_up_data(
            email=lambeth_member.email.upper(),
            password1="another-good-password-7",
            password2="another-good-password-7",
        ),
    )
    assert response.status_code == 302
    assert response["Location"] == "/account/sign-up/sent/"
    assert user_count(lambeth) == before
    with inside(lambeth):
        lambeth_member.refresh_from_db()
        assert lambeth_member.check_password(PASSWORD)  # nothing about the account changed
    [message] = mail.outbox
    assert message.to == [lambeth_member.email]
    assert "You already have an account" in message.subject
    assert link_in(message, "lambeth.localhost") == "/account/sign-in/"
    assert "/account/password/forgotten/" in message.body


def test_sign_up_answers_the_same_whether_or_not_the_address_has_an_account(
    lambeth, lambeth_member
):
    def sign_up_as(email):
        client = client_for(lambeth)
        response = client.post("/account/sign-up/", sign_up_data(email=email))
        return response, client.get(response["Location"]), client.get("/account/")

    known = sign_up_as(lambeth_member.email)
    unknown = sign_up_as("new.member@example.org")
    assert_same_answers(known, unknown)
    told, welcomed = mail.outbox
    assert told.to == [lambeth_member.email]
    assert "You already have an account" in told.subject
    assert welcomed.to == ["new.member@example.org"]
    assert "/account/confirm/" in welcomed.body


def test_password_reset_answers_the_same_whether_or_not_the_address_has_an_account(
    lambeth, lambeth_member
):
    def reset(email):
        client = client_for(lambeth)
        client.get("/account/password/forgotten/")
        response = client.post(
            "/account/password/forgotten/", {"email": email, **human_check_data()}
        )
        return response, client.get(response["Location"])

    known = reset(lambeth_member.email)
    unknown = reset("nobody-here@example.org")
    assert_same_answers(known, unknown)
    [message] = mail.outbox
    assert message.to == [lambeth_member.email]
    assert "/account/password/new/" in message.body


def test_the_same_email_can_join_two_boroughs_separately(lambeth, southwark, lambeth_member):
    response = client_for(southwark).post(
        "/account/sign-up/", sign_up_data(email=lambeth_member.email)
    )
    assert response.status_code == 302
    assert mail.outbox[0].from_email.startswith("Connect & Do Southwark <")


# --- Spam robots ---------------------------------------------------------------------------


def test_the_sign_up_form_has_a_hidden_honeypot_and_a_signed_start_time(lambeth):
    html = client_for(lambeth).get("/account/sign-up/").content.decode()
    honeypot = re.search(r'<div class="field visually-hidden">(.*?)</div>', html, re.S)
    assert honeypot, "the honeypot's block is hidden from sight"
    assert "Leave this empty" in honeypot.group(1)
    assert f'name="{HONEYPOT_FIELD}"' in honeypot.group(1)
    assert 'tabindex="-1"' in honeypot.group(1)
    assert 'autocomplete="off"' in honeypot.group(1)
    assert re.search(rf'<input type="hidden" name="{STARTED_FIELD}" value="[^"]+"', html)


@pytest.mark.parametrize(
    ("human_check", "message"),
    [
        (lambda: {HONEYPOT_FIELD: "http://spam.example"}, "Sorry, we could not send this form"),
        (lambda: human_check_data(seconds_ago=0.5), "That was very quick"),
        (lambda: {STARTED_FIELD: ""}, "That was very quick"),
        (lambda: {STARTED_FIELD: "made-up"}, "That was very quick"),
        (lambda: human_check_data(seconds_ago=3 * 60 * 60), "This page was open for a long time"),
    ],
    ids=["honeypot filled", "too fast", "no start time", "forged start time", "too old"],
)
def test_robots_are_turned_away_politely_and_nothing_is_created(lambeth, human_check, message):
    human_check = human_check()  # made now, not when the tests were collected
    before = user_count(lambeth)
    response = client_for(lambeth).post("/account/sign-up/", sign_up_data(**human_check))
    assert response.status_code == 200
    html = response.content.decode()
    assert message in html
    assert user_count(lambeth) == before
    assert mail.outbox == []
    # Shown again ready for a person to press the button again: honeypot empty, new time.
    assert "http://spam.example" not in html
    started = re.search(rf'name="{STARTED_FIELD}" value="([^"]+)"', html).group(1)
    assert started != human_check.get(STARTED_FIELD)


# --- Sign in and out ---------------------------------------------------------------------


def test_sign_in_with_any_capitals_then_sign_out_by_post(lambeth, lambeth_member):
    client = client_for(lambeth)
    assert '<a href="/account/sign-in/">Sign in</a>' in client.get("/about/").content.decode()
    assert client.get("/account/sign-in/").status_code == 200
    response = client.post(
        "/account/sign-in/", {"username": lambeth_member.email.upper(), "password": PASSWORD}
    )
    assert response.status_code == 302
    assert response["Location"] == "/account/"
    assert "Hello, <bdi>Alex</bdi>." in client.get("/account/").content.decode()
    assert '<a href="/account/">My page</a>' in client.get("/about/").content.decode()

    # A link (GET) only asks; it never signs anyone out.
    assert client.get("/account/sign-out/").status_code == 200
    assert client.get("/account/").status_code == 200

    response = client.post("/account/sign-out/", follow=True)
    assert "You have signed out." in response.content.decode()
    after = client.get("/account/")
    assert after.status_code == 302
    assert after["Location"] == "/account/sign-in/?next=/account/"


def test_sign_in_goes_back_to_the_page_asked_for(lambeth, lambeth_member):
    response = client_for(lambeth).post(
        "/account/sign-in/?next=/account/profile/",
        {"username": lambeth_member.email, "password": PASSWORD, "next": "/account/profile/"},
    )
    assert response["Location"] == "/account/profile/"


def test_a_wrong_password_is_refused_in_plain_words(lambeth, lambeth_member):
    client = client_for(lambeth)
    response = client.post(
        "/account/sign-in/", {"username": lambeth_member.email, "password": "not-it"}
    )
    assert response.status_code == 200
    assert "The email address or password is not right" in response.content.decode()
    assert client.get("/account/").status_code == 302


def test_a_lambeth_member_cannot_sign_in_on_southwark(lambeth, southwark, lambeth_member):
    client = client_for(southwark)
    response = client.post(
        "/account/sign-in/", {"username": lambeth_member.email, "password": PASSWORD}
    )
    assert response.status_code == 200
    assert "The email address or password is not right" in response.content.decode()
    assert client.get("/account/").status_code == 302
    # Nor does a Lambeth session cookie work on Southwark's host.
    lambeth_client = signed_in(lambeth, lambeth_member)
    lambeth_client.defaults["HTTP_HOST"] = southwark.primary_host
    assert lambeth_client.get("/account/").status_code == 302


# --- Passwords -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "door, form",
    [
        ("/account/password/forgotten/", human_check_data),
        ("/admin/password_reset/", dict),  # the Wagtail admin's "Forgotten password?"
    ],
)
def test_a_reset_link_is_on_the_boroughs_own_address_whatever_port_the_request_named(
    lambeth, lambeth_member, door, form
):
    """A request may name any port after a borough's host name (Django checks only the
    name): the emailed link must not send its reader there."""
    spoofed = Client(HTTP_HOST=f"{lambeth.primary_host}:31337")
    assert spoofed.post(door, {"email": lambeth_member.email, **form()}).status_code == 302
    (message,) = mail.outbox
    assert "31337" not in message.body
    assert f"{borough_base_url(lambeth)}/" in message.body
    assert message.subject == "Reset your password – Connect & Do Lambeth"


def test_a_damaged_reset_link_says_so_in_its_title_and_heading(lambeth, lambeth_member):
    response = client_for(lambeth).get("/account/password/new/MQ/not-a-token/", follow=True)
    html = response.content.decode()
    assert "<h1>This link does not work</h1>" in html
    assert "<title>This link does not work –" in html


def test_password_reset_comes_from_the_borough_and_links_to_its_own_site(
    lambeth, southwark, lambeth_member
):
    client = client_for(lambeth)
    assert client.get("/account/password/forgotten/").status_code == 200
    response = client.post(
        "/account/password/forgotten/", {"email": lambeth_member.email, **human_check_data()}
    )
    assert response.status_code == 302
    assert response["Location"] == "/account/password/forgotten/sent/"
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == [lambeth_member.email]
    assert message.from_email.startswith("Connect & Do Lambeth <")
    assert message.reply_to == ["connect@lambeth.example.org"]
    path = link_in(message, "lambeth.localhost")
    assert path.startswith("/account/password/new/")

    form_page = client.get(path, follow=True)
    assert "Choose a new password" in form_page.content.decode()
    done = client.post(
        form_page.redirect_chain[-1][0],
        {"new_password1": GOOD_PASSWORD, "new_password2": GOOD_PASSWORD},
    )
    assert done.status_code == 302
    assert client.get(done["Location"]).status_code == 200

    fresh = client_for(lambeth)
    signed = fresh.post(
        "/account/sign-in/", {"username": lambeth_member.email, "password": GOOD_PASSWORD}
    )
    assert signed.status_code == 302

    # Southwark has no such member: it says the same, and sends nothing.
    mail.outbox = []
    response = client_for(southwark).post(
        "/account/password/forgotten/", {"email": lambeth_member.email, **human_check_data()}
    )
    assert response.status_code == 302
    assert mail.outbox == []


def test_change_password(lambeth, lambeth_member):
    client = signed_in(lambeth, lambeth_member)
    wrong = client.post(
        "/account/password/",
        {"old_password": "nope", "new_password1": GOOD_PASSWORD, "new_password2": GOOD_PASSWORD},
    )
    assert "Your current password is not right" in wrong.content.decode()
    response = client.post(
        "/account/password/",
        {"old_password": PASSWORD, "new_password1": GOOD_PASSWORD, "new_password2": GOOD_PASSWORD},
        follow=True,
    )
    assert "Your password is changed." in response.content.decode()
    with inside(lambeth):
        lambeth_member.refresh_from_db()
        assert lambeth_member.check_password(GOOD_PASSWORD)


def test_change_password_counts_wrong_current_passwords(lambeth, lambeth_member):
    """Someone at a signed-in screen cannot guess the current password for ever; the right
    password is refused too once the limit is reached, and nothing changes."""
    client = signed_in(lambeth, lambeth_member)
    new = {"new_password1": GOOD_PASSWORD, "new_password2": GOOD_PASSWORD}
    for _ in range(5):
        wrong = client.post("/account/password/", {"old_password": "nope", **new})
        assert "Your current password is not right" in wrong.content.decode()
    held = client.post("/account/password/", {"old_password": PASSWORD, **new})
    assert held.status_code == 200
    assert "You have tried this too many times" in held.content.decode()
    with inside(lambeth):
        lambeth_member.refresh_from_db()
        assert lambeth_member.check_password(PASSWORD)


# --- Profile, emails, my page -----------------------------------------------------------


def test_edit_profile_and_choose_what_is_shown(lambeth, lambeth_member):
    client = signed_in(lambeth, lambeth_member)
    page = client.get("/account/profile/").content.decode()
    assert "<legend" in page and "My interests" in page
    with inside(lambeth):
        walking = Interest.objects.get(slug="walking")
    response = client.post(
        "/account/profile/",
        {
            "display_name": "  Alex   R ",
            "about": "I like long walks.",
            "interests": [walking.pk],
            "profile_visibility": "nobody",
            "show_about": "on",
        },
        follow=True,
    )
    assert "Your profile is saved." in response.content.decode()
    with inside(lambeth):
        profile = MemberProfile.objects.get(user=lambeth_member)
        assert profile.display_name == "Alex R"
        assert list(profile.interests.all()) == [walking]
        assert profile.profile_visibility == "nobody"
        assert profile.show_about and not profile.show_interests and not profile.show_groups

    blank = client.post("/account/profile/", {"display_name": "", "profile_visibility": "members"})
    assert "Enter the name you want other members to see" in blank.content.decode()


def test_a_name_is_kept_without_what_cannot_be_seen_and_staff_titles_are_for_staff(
    lambeth, lambeth_member
):
    """A right-to-left override shows the text around it backwards, and a zero-width
    space looks like nothing: neither reaches other members. Names like "Moderator"
    make a member look like someone who runs the site: only staff may use them."""

    def profile_as(client, name):
        return client.post(
            "/account/profile/", {"display_name": name, "profile_visibility": "members"}
        )

    member = signed_in(lambeth, lambeth_member)
    assert profile_as(member, "Sam\u202e moR\u200b").status_code == 302
    joined = profile_as(member, "রা\u200cহুল")  # a Bengali name keeps its joiner
    assert joined.status_code == 302
    refused = profile_as(member, "The Moderators")
    assert (
        refused.status_code == 200 and "Names like “Moderator” are kept" in refused.content.decode()
    )
    with inside(lambeth):
        assert MemberProfile.objects.get(user=lambeth_member).display_name == "রা\u200cহুল"
    staff = make_member(lambeth, display_name="Kim")
    with inside(lambeth):
        staff.groups.add(Group.objects.get(name=MODERATORS))
    assert profile_as(signed_in(lambeth, staff), "Kim, moderator").status_code == 302
    with inside(lambeth):
        assert MemberProfile.objects.get(user=staff).display_name == "Kim, moderator"


def test_notification_choices(lambeth, lambeth_member):
    client = signed_in(lambeth, lambeth_member)
    assert "Email me when someone replies" in client.get("/account/emails/").content.decode()
    client.post("/account/emails/", {"notify_group_events": "on"})
    with inside(lambeth):
        profile = MemberProfile.objects.get(user=lambeth_member)
        assert (profile.notify_replies, profile.notify_group_events, profile.notify_moderation) == (
            False,
            True,
            False,
        )


def test_account_pages_need_signing_in(lambeth):
    client = client_for(lambeth)
    for path in [
        "/account/",
        "/account/profile/",
        "/account/emails/",
        "/account/password/",
        "/account/my-data/",
        "/account/delete/",
    ]:
        response = client.get(path)
        assert response.status_code == 302, path
        assert response["Location"].startswith("/account/sign-in/?next="), path


def test_my_page_lists_my_groups_my_coming_events_and_things_to_do(lambeth, lambeth_member):
    directory = build_directory(lambeth)
    other = make_member(lambeth)
    now = timezone.now()
    with inside(lambeth):
        profile = lambeth_member.member_profile
        profile.interests.set([Interest.objects.get(slug="gardening-and-outdoors")])
        GroupMembershipFactory(
            member=lambeth_member, group=CommunityGroupFactory(name="Allotment friends")
        )
        GroupMembershipFactory(
            member=lambeth_member,
            group=CommunityGroupFactory(name="Closed club", status=CommunityGroup.Status.CLOSED),
        )
        GroupMembershipFactory(member=other, group=CommunityGroupFactory(name="Not mine"))
        EventAttendanceFactory(member=lambeth_member, event=EventFactory(title="Seed swap"))
        EventAttendanceFactory(
            member=lambeth_member,
            event=EventFactory(title="Full picnic"),
            status=EventAttendance.Status.WAITING,
        )
        EventAttendanceFactory(
            member=lambeth_member,
            event=EventFactory(
                title="Last year's fair",
                starts_at=now - datetime.timedelta(days=30),
                ends_at=now - datetime.timedelta(days=30, hours=-2),
            ),
        )
        EventAttendanceFactory(member=other, event=EventFactory(title="Other's quiz"))

    html = signed_in(lambeth, lambeth_member).get("/account/").content.decode()
    assert "Allotment friends" in html
    assert "Closed club" not in html and "Not mine" not in html
    assert "Seed swap" in html
    with inside(lambeth):
        seed_swap = event_url(lambeth_member.event_attendances.get(event__title="Seed swap").event)
    assert f'<a href="{seed_swap}">Seed swap</a>' in html
    assert '<a href="/groups/allotment-friends/">Allotment friends</a>' in html
    assert "Full picnic" in html and "waiting list" in html
    assert "Last year" not in html and "Other&#x27;s quiz" not in html
    assert directory.activity.title in html
    assert directory.evening_activity.title not in html  # music, not gardening
    # Whose it is, as two organisations may each run one of the same name.
    assert f"(Run by <bdi>{directory.organisation.title}</bdi>)" in html
    assert "Download all my data" in html


# --- Profile pages ------------------------------------------------------------------------------


def profile_path(borough, user):
    with inside(borough):
        return f"/members/{MemberProfile.objects.get(user=user).pk}/"


def test_profiles_are_for_signed_in_members_only(lambeth, lambeth_member):
    path = profile_path(lambeth, lambeth_member)
    response = client_for(lambeth).get(path)
    assert response.status_code == 302
    assert response["Location"] == f"/account/sign-in/?next={path}"


def test_a_member_sees_only_what_the_other_member_chose_to_show(
    lambeth, lambeth_member, lambeth_other_member
):
    with inside(lambeth):
        profile = lambeth_member.member_profile
        profile.about = "I grow tomatoes."
        profile.show_interests = False
        profile.save()
        profile.interests.set([Interest.objects.get(slug="walking")])
        GroupMembershipFactory(
            member=lambeth_member, group=CommunityGroupFactory(name="Tomato club")
        )
    path = profile_path(lambeth, lambeth_member)
    viewer = signed_in(lambeth, lambeth_other_member)
    html = viewer.get(path).content.decode()
    assert "<h1>Alex</h1>" in html
    assert "I grow tomatoes." in html
    assert "Walking" not in html  # interests hidden
    assert "Tomato club" not in html  # groups hidden by default
    assert lambeth_member.email not in html
    assert lambeth_member.username not in html

    with inside(lambeth):
        profile.show_about = False
        profile.show_interests = True
        profile.show_groups = True
        profile.save()
    html = viewer.get(path).content.decode()
    assert "I grow tomatoes." not in html
    assert "Walking" in html and "Tomato club" in html

    with inside(lambeth):
        profile.profile_visibility = MemberProfile.Visibility.NOBODY
        profile.save()
    assert viewer.get(path).status_code == 404
    mine = signed_in(lambeth, lambeth_member).get(path)
    assert mine.status_code == 200
    assert "Only you can see it" in mine.content.decode()


@pytest.mark.parametrize("direction", ["they blocked me", "I blocked them"])
def test_no_profile_between_members_who_blocked_each_other(
    lambeth, lambeth_member, lambeth_other_member, direction
):
    with inside(lambeth):
        if direction == "they blocked me":
            BlockFactory(blocker=lambeth_member, blocked=lambeth_other_member)
        else:
            BlockFactory(blocker=lambeth_other_member, blocked=lambeth_member)
    viewer = signed_in(lambeth, lambeth_other_member)
    assert viewer.get(profile_path(lambeth, lambeth_member)).status_code == 404


def test_a_profile_is_not_reachable_from_another_borough(lambeth, southwark, lambeth_member):
    path = profile_path(lambeth, lambeth_member)
    southwark_member = make_member(southwark)
    with inside(southwark):
        MemberProfile.objects.filter(pk=int(path.split("/")[2])).delete()
    assert signed_in(southwark, southwark_member).get(path).status_code == 404


# --- Injection ----------------------------------------------------------------------------------


def assert_escaped(html: str):
    assert "<script>" not in html
    assert "<img src=x" not in html
    assert "&lt;script&gt;" in html


def test_html_and_script_in_member_fields_are_escaped_everywhere(lambeth, lambeth_other_member):
    client = client_for(lambeth)
    # Echoed back in the sign-up form when something else is wrong.
    again = client.post(
        "/account/sign-up/", sign_up_data(display_name=SCRIPT, password2="a-different-one-77")
    )
    assert_escaped(again.content.decode())

    client.post("/account/sign-up/", sign_up_data(display_name=SCRIPT))
    client.post(
        "/account/sign-in/", {"username": "sam.jones@example.org", "password": GOOD_PASSWORD}
    )
    with inside(lambeth):
        user = User.objects.get(email="sam.jones@example.org")
        assert user.member_profile.display_name == SCRIPT  # stored as typed
    client.post(
        "/account/profile/",
        {
            "display_name": SCRIPT,
            "about": f"{IMAGE} {SCRIPT}",
            "profile_visibility": "members",
            "show_about": "on",
        },
    )
    with inside(lambeth):
        user.member_profile.refresh_from_db()
        assert user.member_profile.about == f"{IMAGE} {SCRIPT}"
        user.member_profile.email_confirmed_at = timezone.now()
        user.member_profile.save()
    path = profile_path(lambeth, user)

    for page in ["/account/", "/account/profile/", path]:
        assert_escaped(client.get(page).content.decode())
    assert_escaped(signed_in(lambeth, lambeth_other_member).get(path).content.decode())
    # Plain-text email: the name is as typed, and nothing in it is a link or markup.
    assert mail.outbox[0].content_subtype == "plain"


def test_staff_without_a_profile_get_one_on_their_page(lambeth):
    with inside(lambeth):
        staff = User.objects.create_user(
            username="editor@example.org", email="editor@example.org", first_name="Jo"
        )
    html = signed_in(lambeth, staff).get("/account/").content.decode()
    assert "Hello, <bdi>Jo</bdi>." in html
    with inside(lambeth):
        assert can_post(User.objects.get(pk=staff.pk))


def _every_decoding(token: str) -> list[bytes]:
    """The token as typed, and each of its parts read as base64 (and unzipped, when
    Django compressed it): everything someone holding the link could read."""
    found = [token.encode()]
    for part in re.split(r"[:.]", token):
        for text in (part, part.lstrip(".")):
            try:
                raw = base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))
            except ValueError:
                continue
            found.append(raw)
            with contextlib.suppress(zlib.error):
                found.append(zlib.decompress(raw))
    return found


def test_the_confirmation_link_holds_no_email_address(lambeth):
    client = client_for(lambeth)
    client.post("/account/sign-up/", sign_up_data(email="trial-tess@example.org"))
    token = link_in(mail.outbox[0], "lambeth.localhost").split("/")[3]
    for decoded in _every_decoding(token):
        assert b"trial-tess" not in decoded.lower()
        assert b"example.org" not in decoded.lower()
    assert len(_every_decoding(token)) > 1  # the payload part was read
    # The link still confirms that account, and only while the address is the same.
    assert client.post(f"/account/confirm/{token}/").status_code == 200
    with inside(lambeth):
        user = User.objects.get(email="trial-tess@example.org")
        assert user.member_profile.email_confirmed_at is not None
        user.email = user.username = "someone-else@example.org"
        user.save()
    changed = client.get(f"/account/confirm/{token}/")
    assert changed.status_code == 400
    assert "This link does not work" in changed.content.decode()


def test_a_confirmation_link_of_the_old_kind_fails_and_says_to_ask_for_a_new_one(lambeth):
    from django.core import signing

    from sites.community.services.accounts import CONFIRM_SALT

    client = client_for(lambeth)
    client.post("/account/sign-up/", sign_up_data(email="old-link@example.org"))
    with inside(lambeth):
        user = User.objects.get(email="old-link@example.org")
    payload = {"b": lambeth.schema_name, "u": user.pk, "e": "old-link@example.org"}
    old = signing.dumps(payload, salt=CONFIRM_SALT)
    for response in (
        client.get(f"/account/confirm/{old}/"),
        client.post(f"/account/confirm/{old}/"),
    ):
        assert response.status_code == 400
        html = response.content.decode()
        assert "This link no longer works" in html
        assert "Please ask for a new one" in html
    with inside(lambeth):
        assert MemberProfile.objects.get(user=user).email_confirmed_at is None
