"""The platform console's sign-in takes the same email step as a borough's: an account
guessed at from many addresses signs in from a new browser only by a link emailed to it
from the platform itself (sites/core/new_browsers.py, link_door), and the owner's own
browser (known_browsers.py) signs in as usual. Console accounts live in ``public``."""

import re
from urllib.parse import urlsplit

import pytest

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core import mail

from sites.core import known_browsers, new_browsers
from tests.community.conftest import PASSWORD, make_member
from tests.conftest import inside

from .test_doors import OWNER, from_address, later

CONSOLE = settings.PLATFORM_HOST
SIGN_IN = "/console/sign-in/"
STEP = "To keep your account safe, you finish signing in by email."
HELD = "If you asked for one in the last 5 minutes, use that one"
NOT_RIGHT = "enter a correct username and password"

pytestmark = pytest.mark.django_db


@pytest.fixture
def operator():
    return get_user_model().objects.create_user(
        "ops@platform.example", "ops@platform.example", PASSWORD, is_staff=True
    )


def try_password(browser, password, username="ops@platform.example"):
    return browser.post(SIGN_IN, {"username": username, "password": password})


def attack():
    """More failures than an account may have, one from each of many addresses."""
    for n in range(1, new_browsers.FAILURES_BEFORE_EMAIL_STEP + 2):
        assert try_password(from_address(CONSOLE, f"203.0.113.{n}"), f"x{n}").status_code == 200


def link_in(message) -> str:
    return re.search(r"https?://\S+/console/sign-in/link/\S+/", message.body).group(0)


def in_console(browser) -> bool:
    return browser.get("/console/").status_code == 200


def page(response):
    html = response.content.decode()
    return re.sub(r'(name="csrfmiddlewaretoken" value|nonce)="[^"]*"', "", html)


def test_below_the_threshold_the_console_signs_in_as_before(operator):
    for n in range(1, new_browsers.FAILURES_BEFORE_EMAIL_STEP + 1):
        try_password(from_address(CONSOLE, f"203.0.113.{n}"), f"x{n}")
    browser = from_address(CONSOLE, OWNER)
    assert try_password(browser, PASSWORD).status_code == 302
    assert in_console(browser) and mail.outbox == []


def test_a_new_browser_finishes_by_a_link_from_the_platform(operator):
    attack()
    browser = from_address(CONSOLE, OWNER)
    with later(0):
        right = try_password(browser, PASSWORD)
        assert right.status_code == 200 and STEP in right.content.decode()
        assert HELD in right.content.decode()
        assert not in_console(browser)
        (message,) = mail.outbox
        assert message.to == [operator.email]
        assert message.from_email == f"Connect & Do <{settings.DEFAULT_FROM_EMAIL}>"
        assert message.subject == "Finish signing in – Connect & Do platform console"
        assert "X-Connectdo-Borough" not in message.extra_headers
        link = link_in(message)
        assert urlsplit(link).hostname == CONSOLE
        opened = browser.get(link)  # a mail scanner opening it signs nobody in
        assert (
            opened.status_code == 200 and f"sign in as {operator.email}" in opened.content.decode()
        )
        assert not in_console(browser)
        pressed = browser.post(link)
        assert pressed.status_code == 302 and pressed["Location"] == "/console/"
        assert in_console(browser)
        assert known_browsers.KNOWN_COOKIE in pressed.cookies
        # The link works once.
        assert from_address(CONSOLE, "192.0.2.9").post(link).status_code == 400
        # Known now: after signing out, the right password signs in at once.
        browser.post("/console/sign-out/")
        assert try_password(browser, PASSWORD).status_code == 302
    assert len(mail.outbox) == 1


def test_right_and_wrong_passwords_get_the_same_page_and_one_email_in_5_minutes(operator):
    attack()
    with later(0):
        first = try_password(from_address(CONSOLE, "192.0.2.2"), PASSWORD)
    with later(4):
        again = try_password(from_address(CONSOLE, "192.0.2.3"), PASSWORD)
        wrong = try_password(from_address(CONSOLE, "192.0.2.4"), "not-it")
    assert first.status_code == again.status_code == wrong.status_code == 200
    assert page(first) == page(again) == page(wrong)
    assert NOT_RIGHT not in wrong.content.decode()
    assert len(mail.outbox) == 1


def test_the_link_expires_after_15_minutes(operator):
    attack()
    with later(0):
        try_password(from_address(CONSOLE, OWNER), PASSWORD)
    link = link_in(mail.outbox[0])
    with later(new_browsers.LINK_MINUTES + 1):
        late = from_address(CONSOLE, OWNER).post(link)
        assert late.status_code == 400 and "This link does not work" in late.content.decode()


def test_the_operators_own_browser_signs_in_as_usual_and_hears_a_wrong_password(operator):
    browser = from_address(CONSOLE, OWNER)
    try_password(browser, PASSWORD)
    browser.post("/console/sign-out/")
    attack()
    wrong = try_password(browser, "nope")
    assert NOT_RIGHT in wrong.content.decode() and STEP not in wrong.content.decode()
    assert try_password(browser, PASSWORD).status_code == 302 and in_console(browser)
    assert mail.outbox == []


def test_a_borough_link_or_cookie_does_nothing_on_the_console(lambeth, operator):
    member = make_member(lambeth, user__username=operator.email, user__email=operator.email)
    with inside(lambeth):
        token = new_browsers.link_token(member)
    attack()
    browser = from_address(CONSOLE, OWNER)
    assert browser.post(f"/console/sign-in/link/{token}/").status_code == 400
    assert not in_console(browser)
    # Lambeth's known-browser cookie for the same address is not the console's.
    at_lambeth = from_address(lambeth, OWNER)
    at_lambeth.post("/account/sign-in/", {"username": member.email, "password": PASSWORD})
    browser.cookies[known_browsers.KNOWN_COOKIE] = at_lambeth.cookies[known_browsers.KNOWN_COOKIE]
    assert STEP in try_password(browser, PASSWORD).content.decode()
    assert not in_console(browser)
