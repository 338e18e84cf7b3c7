"""An account someone keeps guessing at from many addresses signs in from a new browser
only through its own inbox (sites/core/new_browsers.py). Nobody can lock the owner out:
their known browser signs in as usual, and the emailed link always works for them."""

import re
from types import SimpleNamespace
from urllib.parse import urlsplit

import pytest

from django.core import mail, signing

from sites.core import doors, known_browsers, new_browsers
from sites.core.roles import EDITORS
from tests.community.conftest import PASSWORD, make_member, make_staff
from tests.conftest import inside

from .test_doors import OWNER, fail, from_address, later, sign_in

STEP = "To keep your account safe, you finish signing in by email."
NOT_RIGHT = "The email address or password is not right."


def attack(borough, email, path="/account/sign-in/"):
    """More failures than the account may have, one from each of many addresses."""
    for n in range(1, new_browsers.FAILURES_BEFORE_EMAIL_STEP + 2):
        assert fail(borough, f"203.0.113.{n}", email, 1, path) == [200]


def link_in(message) -> str:
    return re.search(r"https?://\S+/account/sign-in/link/\S+/", message.body).group(0)


def known_browser(borough, member):
    """The owner's own browser: it signed in to the account once, then signed out."""
    browser = from_address(borough, OWNER)
    browser.post("/account/sign-in/", {"username": member.email, "password": PASSWORD})
    browser.post("/account/sign-out/")
    return browser


def signed_in(client) -> bool:
    return client.get("/account/").status_code == 200


def test_the_right_password_from_a_new_browser_gets_the_email_step(lambeth):
    member = make_member(lambeth)
    attack(lambeth, member.email)
    browser = from_address(lambeth, OWNER)
    response = browser.post("/account/sign-in/", {"username": member.email, "password": PASSWORD})
    assert response.status_code == 200
    assert STEP in response.content.decode()
    assert not signed_in(browser)
    (message,) = mail.outbox
    assert message.to == [member.email]
    assert "Finish signing in" in message.subject
    link = urlsplit(link_in(message))
    assert link.hostname == lambeth.primary_host
    assert link.path.startswith("/account/sign-in/link/")


def test_below_the_threshold_the_right_password_signs_in_as_before(lambeth):
    member = make_member(lambeth)
    for n in range(1, new_browsers.FAILURES_BEFORE_EMAIL_STEP + 1):
        fail(lambeth, f"203.0.113.{n}", member.email, 1)
    assert sign_in(lambeth, OWNER, member.email, PASSWORD).status_code == 302
    assert mail.outbox == []


def test_the_link_signs_in_once_and_the_browser_is_known_from_then_on(lambeth):
    member = make_member(lambeth)
    attack(lambeth, member.email)
    browser = from_address(lambeth, OWNER)
    browser.post("/account/sign-in/", {"username": member.email, "password": PASSWORD})
    link = link_in(mail.outbox[0])

    # Opening the link (as a mail scanner would) signs nobody in.
    opened = browser.get(link)
    assert opened.status_code == 200 and "Finish signing in" in opened.content.decode()
    assert f"sign in as {member.email}" in opened.content.decode(), "it says which account"
    assert not signed_in(browser)
    # Someone who did not try to sign in is told how to choose a new password, by a link.
    assert "/account/password/forgotten/" in mail.outbox[0].body
    pressed = browser.post(link)
    assert pressed.status_code == 302 and pressed["Location"] == "/account/"
    assert signed_in(browser)
    cookie = pressed.cookies[known_browsers.KNOWN_COOKIE]
    assert cookie["httponly"] and member.email not in cookie.value

    # The link works once.
    again = from_address(lambeth, "192.0.2.9")
    assert again.post(link).status_code == 400
    assert not signed_in(again)

    # The browser is known now: after signing out, the right password signs in at once.
    browser.post("/account/sign-out/")
    assert (
        browser.post(
            "/account/sign-in/", {"username": member.email, "password": PASSWORD}
        ).status_code
        == 302
    )
    assert len(mail.outbox) == 1


def test_the_link_works_only_on_its_own_borough(lambeth, southwark):
    member = make_member(lambeth)
    make_member(southwark, user__username=member.email, user__email=member.email)
    attack(lambeth, member.email)
    sign_in(lambeth, OWNER, member.email, PASSWORD)
    path = urlsplit(link_in(mail.outbox[0])).path
    elsewhere = from_address(southwark, OWNER)
    assert elsewhere.post(path).status_code == 400
    assert not signed_in(elsewhere)


def test_the_link_stops_working_after_15_minutes(lambeth):
    member = make_member(lambeth)
    attack(lambeth, member.email)
    sign_in(lambeth, OWNER, member.email, PASSWORD)
    link = link_in(mail.outbox[0])
    with later(new_browsers.LINK_MINUTES + 1):
        browser = from_address(lambeth, OWNER)
        late = browser.post(link)
        assert late.status_code == 400
        assert "This link does not work" in late.content.decode()
        assert not signed_in(browser)
    with later(new_browsers.LINK_MINUTES - 1):
        assert from_address(lambeth, OWNER).post(link).status_code == 302


def test_a_browser_that_signed_in_before_signs_in_as_usual(lambeth):
    member = make_member(lambeth)
    browser = known_browser(lambeth, member)
    attack(lambeth, member.email)
    browser.defaults["REMOTE_ADDR"] = "198.51.100.99"  # even from somewhere new
    response = browser.post("/account/sign-in/", {"username": member.email, "password": PASSWORD})
    assert response.status_code == 302
    assert signed_in(browser)
    assert mail.outbox == []


def test_a_new_password_makes_every_browser_new_to_the_account(lambeth):
    """Someone who once signed in with the old password (a partner, a thief) does not
    skip the email step after the owner chose a new one."""
    member = make_member(lambeth)
    browser = known_browser(lambeth, member)
    with inside(lambeth):
        member.set_password(PASSWORD)  # the same words, a new hash: what a change does
        member.save()
    attack(lambeth, member.email)
    response = browser.post("/account/sign-in/", {"username": member.email, "password": PASSWORD})
    assert STEP in response.content.decode()
    assert not signed_in(browser)


def test_a_known_browser_cookie_from_another_account_or_borough_does_not_count(lambeth, southwark):
    member, other = make_member(lambeth), make_member(lambeth)
    browser = from_address(lambeth, OWNER)
    browser.post("/account/sign-in/", {"username": other.email, "password": PASSWORD})
    assert known_browsers.KNOWN_COOKIE in browser.cookies
    browser.post("/account/sign-out/")
    attack(lambeth, member.email)
    response = browser.post("/account/sign-in/", {"username": member.email, "password": PASSWORD})
    assert STEP in response.content.decode()
    # A cookie made on Lambeth's host for an account with the same id and password as one
    # of Southwark's (ids are per schema): only the borough tells them apart.
    there = make_member(southwark)
    with inside(lambeth):
        twin = known_browsers.marker(SimpleNamespace(pk=there.pk, password=there.password))
    signer = signing.get_cookie_signer(salt=known_browsers.KNOWN_COOKIE + known_browsers.KNOWN_SALT)
    attack(southwark, there.email)
    visitor = from_address(southwark, OWNER)
    visitor.cookies[known_browsers.KNOWN_COOKIE] = signer.sign(twin)
    response = visitor.post("/account/sign-in/", {"username": there.email, "password": PASSWORD})
    assert STEP in response.content.decode()
    with inside(southwark):  # the same cookie made on Southwark's host is its own
        own = known_browsers.marker(SimpleNamespace(pk=there.pk, password=there.password))
    visitor.cookies[known_browsers.KNOWN_COOKIE] = signer.sign(own)
    response = visitor.post("/account/sign-in/", {"username": there.email, "password": PASSWORD})
    assert response.status_code == 302


def test_a_new_browser_cannot_tell_a_right_password_from_a_wrong_one_after_the_threshold(
    lambeth,
):
    """Guessing from many addresses must not tell the guesser when a guess was right
    (found in review): both get the email step's page; only the right one sends the link."""
    member = make_member(lambeth)
    attack(lambeth, member.email)
    wrong = sign_in(lambeth, "192.0.2.2", member.email, "not-it-2")
    assert mail.outbox == []
    right = sign_in(lambeth, "192.0.2.3", member.email, PASSWORD)
    assert len(mail.outbox) == 1
    assert wrong.status_code == right.status_code == 200
    assert STEP in wrong.content.decode() and NOT_RIGHT not in wrong.content.decode()
    assert page(wrong) == page(right)


@pytest.mark.parametrize("path", ["/account/sign-in/", "/admin/login/"])
def test_a_link_held_back_is_answered_with_the_same_words_as_one_sent(lambeth, path):
    """At most one link every 5 minutes: the page must not say one was sent when it was
    held back, nor tell a right password from a wrong one. One message covers both."""
    member = make_staff(lambeth, "held-back@lambeth.example.org", EDITORS)
    attack(lambeth, member.email)
    with later(0):  # the three tries within the same 5 minutes
        first = sign_in(lambeth, "192.0.2.2", member.email, PASSWORD, path)
        with later(4):
            again = sign_in(lambeth, "192.0.2.3", member.email, PASSWORD, path)
            wrong = sign_in(lambeth, "192.0.2.4", member.email, "not-it", path)
    assert len(mail.outbox) == 1
    said = "If you asked for one in the last 5 minutes, use that one: we send at most one "
    assert said + "every 5 minutes." in first.content.decode()
    assert page(first) == page(again) == page(wrong)


def page(response):
    """The answer without what changes with every request (CSRF tokens, CSP nonces)."""
    html = response.content.decode()
    html = re.sub(r'"CSRF_TOKEN": "[^"]*"', "", html)  # the Wagtail admin's own config
    return re.sub(r'(name="csrfmiddlewaretoken" value|nonce)="[^"]*"', "", html)


def test_a_known_browser_with_a_wrong_password_is_told_so_as_before(lambeth):
    member = make_member(lambeth)
    browser = known_browser(lambeth, member)
    attack(lambeth, member.email)
    response = browser.post("/account/sign-in/", {"username": member.email, "password": "nope"})
    assert NOT_RIGHT in response.content.decode() and STEP not in response.content.decode()
    assert mail.outbox == []


def test_a_stranger_filling_the_mailbox_cap_does_not_stop_the_link(lambeth):
    """The per-address cap on emails (password resets and the like) is not the link's: a
    stranger who fills it with resets must not keep the owner's link from going."""
    member = make_member(lambeth)
    with inside(lambeth):
        while doors.may_email(member.email, "password-reset"):
            pass
    attack(lambeth, member.email)
    sign_in(lambeth, OWNER, member.email, PASSWORD)
    assert [message.to for message in mail.outbox] == [[member.email]]


def test_at_most_one_link_email_every_few_minutes(lambeth):
    member = make_member(lambeth)
    attack(lambeth, member.email)
    answers = [sign_in(lambeth, f"192.0.2.{n}", member.email, PASSWORD) for n in range(1, 4)]
    assert all(STEP in answer.content.decode() for answer in answers)
    assert len(mail.outbox) == 1
    # The limit is the account's own: another account under attack still gets its link.
    other = make_member(lambeth)
    attack(lambeth, other.email)
    sign_in(lambeth, "192.0.2.4", other.email, PASSWORD)
    assert [message.to for message in mail.outbox] == [[member.email], [other.email]]


@pytest.mark.parametrize("path", ["/admin/login/", "/account/sign-in/"])
def test_the_wagtail_admin_sign_in_takes_the_same_step(lambeth, path):
    editor = make_staff(lambeth, "editor-step@lambeth.example.org", EDITORS)
    attack(lambeth, editor.email, path)
    browser = from_address(lambeth, OWNER)
    response = browser.post("/admin/login/", {"username": editor.email, "password": PASSWORD})
    assert response.status_code == 200
    assert STEP in response.content.decode()
    assert browser.get("/admin/").status_code == 302  # not signed in
    assert len(mail.outbox) == 1
    browser.post(link_in(mail.outbox[0]))
    assert browser.get("/admin/").status_code == 200
    # Known now: the admin's own sign-in lets it straight in next time.
    browser.post("/admin/logout/")
    again = browser.post("/admin/login/", {"username": editor.email, "password": PASSWORD})
    assert again.status_code == 302
