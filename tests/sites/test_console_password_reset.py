"""The platform console's "I have forgotten my password": the members' reset pages, form
and limits (sites/community/accounts/), with the email from the platform itself and a
link to the platform's own host. One answer whether or not the account exists; nobody
can lock an operator out with it. Console accounts live in ``public``."""

import re
from urllib.parse import urlsplit

import pytest

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core import mail

from sites.core import ratelimit
from sites.core.antispam import human_check_data
from tests.community.conftest import PASSWORD, make_member

from .test_doors import OWNER, STRANGER, from_address

CONSOLE = settings.PLATFORM_HOST
FORGOTTEN = "/console/password/forgotten/"
SENT = "/console/password/forgotten/sent/"
NEW_PASSWORD = "a-brand-new-console-password"

pytestmark = pytest.mark.django_db


@pytest.fixture
def operator():
    return get_user_model().objects.create_user(
        "ops@platform.example", "ops@platform.example", PASSWORD, is_staff=True
    )


def ask(browser, email):
    return browser.post(FORGOTTEN, {"email": email, **human_check_data()})


def reset_link(message) -> str:
    return re.search(r"https?://\S+/console/password/new/\S+/\S+/", message.body).group(0)


def signs_in(password, address=OWNER) -> bool:
    browser = from_address(CONSOLE, address)
    answer = browser.post(
        "/console/sign-in/", {"username": "ops@platform.example", "password": password}
    )
    return answer.status_code == 302 and browser.get("/console/").status_code == 200


def test_the_console_sign_in_links_to_its_forgotten_password_page():
    browser = from_address(CONSOLE, OWNER)
    sign_in = browser.get("/console/sign-in/").content.decode()
    assert f'href="{FORGOTTEN}"' in sign_in
    page = browser.get(FORGOTTEN)
    assert page.status_code == 200
    assert "Reset your password" in page.content.decode()
    assert 'name="email"' in page.content.decode()


def test_an_operator_chooses_a_new_password_by_the_link_from_the_platform(operator):
    browser = from_address(CONSOLE, OWNER)
    asked = ask(browser, "OPS@platform.example ")
    assert asked.status_code == 302 and asked["Location"] == SENT
    assert "If there is an account with that email address" in browser.get(SENT).content.decode()
    (message,) = mail.outbox
    assert message.to == [operator.email]
    assert message.from_email == f"Connect & Do <{settings.DEFAULT_FROM_EMAIL}>"
    assert message.subject == "Reset your password – Connect & Do platform console"
    assert "X-Connectdo-Borough" not in message.extra_headers
    link = reset_link(message)
    assert urlsplit(link).hostname == CONSOLE
    operator.refresh_from_db()
    assert operator.check_password(PASSWORD), "asking changes nothing"

    form = browser.get(urlsplit(link).path, follow=True)
    assert "Choose a new password" in form.content.decode()
    saved = browser.post(
        form.redirect_chain[-1][0],
        {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
        follow=True,
    )
    assert "Your new password is saved" in saved.content.decode()
    assert 'href="/console/sign-in/"' in saved.content.decode()
    assert signs_in(NEW_PASSWORD) and not signs_in(PASSWORD)
    # The link works once.
    again = from_address(CONSOLE, OWNER).get(urlsplit(link).path, follow=True)
    assert "This link does not work" in again.content.decode()
    assert f'href="{FORGOTTEN}"' in again.content.decode()


def test_the_answer_is_the_same_whether_or_not_the_account_exists(lambeth, operator):
    """A borough's member with an address is no console account either."""
    make_member(
        lambeth, user__username="member@lambeth.example", user__email="member@lambeth.example"
    )
    known = ask(from_address(CONSOLE, OWNER), operator.email)
    unknown = ask(from_address(CONSOLE, "192.0.2.8"), "nobody@platform.example")
    member = ask(from_address(CONSOLE, "192.0.2.9"), "member@lambeth.example")
    assert known.status_code == unknown.status_code == member.status_code == 302
    assert known["Location"] == unknown["Location"] == member["Location"] == SENT
    assert [message.to for message in mail.outbox] == [[operator.email]]


def test_bad_input_gets_a_message_and_sends_nothing():
    browser = from_address(CONSOLE, OWNER)
    for email in ["", "not an address", "x" * 300 + "@example.org"]:
        answer = ask(browser, email)
        assert answer.status_code == 200
        assert "Error:" in answer.content.decode()
    robot = browser.post(FORGOTTEN, {"email": "ops@platform.example", "website": "http://spam"})
    assert robot.status_code == 200
    assert mail.outbox == []


def test_resets_are_limited_per_address_and_a_stranger_cannot_lock_the_operator_out(
    operator, monkeypatch
):
    monkeypatch.setitem(ratelimit.RATE_LIMITS, "password-reset-account", (2, 3600))
    stranger = from_address(CONSOLE, STRANGER)
    statuses = [ask(stranger, operator.email).status_code for _ in range(3)]
    assert statuses == [302, 302, 429]
    assert "Please wait 60 minutes" in ask(stranger, operator.email).content.decode()
    assert len(mail.outbox) == 2
    # The operator, from their own address, still gets a link, and still signs in.
    assert ask(from_address(CONSOLE, OWNER), operator.email).status_code == 302
    assert len(mail.outbox) == 3
    assert signs_in(PASSWORD)


def test_one_address_asking_for_many_accounts_waits_too(monkeypatch):
    monkeypatch.setitem(ratelimit.RATE_LIMITS, "password-reset-ip", (2, 3600))
    stranger = from_address(CONSOLE, STRANGER)
    statuses = [ask(stranger, f"someone{n}@platform.example").status_code for n in range(3)]
    assert statuses == [302, 302, 429]
    assert ask(from_address(CONSOLE, OWNER), "someone@platform.example").status_code == 302


def test_fuzz_the_console_password_reset(operator, monkeypatch):
    """Hostile and random input (tests/fuzzing.py): no server error, and what the page
    refused sent nothing."""
    from types import SimpleNamespace

    from hypothesis import strategies as st

    from tests.fuzzing import Field, fuzz_form

    fields = {"email": Field(st.sampled_from([operator.email, "nobody@platform.example"]))}
    console = SimpleNamespace(primary_host=CONSOLE)
    fuzz_form(monkeypatch, console, FORGOTTEN, fields, lambda: {"emails sent": len(mail.outbox)})
    operator.refresh_from_db()
    assert operator.check_password(PASSWORD)
