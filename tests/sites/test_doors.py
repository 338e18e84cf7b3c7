"""Limits on every door (sites/core/doors.py): sign-ins count failures per account and
address with a growing wait, in PostgreSQL; doors that send email count what they send.

Nobody can lock anyone else out: a stranger's failures from one address never stop the
owner signing in from another, and a success never counts.
"""

import datetime

import pytest
import time_machine
from axes.models import AccessAttempt

from django.conf import settings as django_settings
from django.contrib.auth import authenticate, get_user_model
from django.core import mail
from django.test import RequestFactory
from django.utils import timezone

from sites.core import doors, ratelimit
from sites.core.antispam import human_check_data
from sites.core.roles import EDITORS
from tests.community.conftest import PASSWORD, make_member, make_staff
from tests.conftest import client_for, inside, redis_cache_at

User = get_user_model()
STRANGER = "203.0.113.66"
OWNER = "198.51.100.7"


def from_address(borough_or_host, address):
    client = client_for(borough_or_host)
    client.defaults["REMOTE_ADDR"] = address
    return client


def sign_in(borough_or_host, address, email, password, path="/account/sign-in/"):
    return from_address(borough_or_host, address).post(
        path, {"username": email, "password": password}
    )


def fail(borough_or_host, address, email, times, path="/account/sign-in/"):
    return [
        sign_in(borough_or_host, address, email, f"wrong-{n}", path).status_code
        for n in range(times)
    ]


def later(minutes: float):
    return time_machine.travel(timezone.now() + datetime.timedelta(minutes=minutes), tick=False)


# --- The rule --------------------------------------------------------------------------------


def test_the_wait_starts_after_the_free_failures_and_doubles_up_to_an_hour():
    waits = [doors.wait_after(n, 5).total_seconds() / 60 for n in range(1, 14)]
    assert waits == [0, 0, 0, 0, 1, 2, 4, 8, 16, 32, 60, 60, 60]


# --- Members' sign-in ------------------------------------------------------------------------


def test_a_stranger_cannot_lock_the_owner_out(lambeth):
    owner = make_member(lambeth)
    statuses = fail(lambeth, STRANGER, owner.email, doors.FREE_FAILURES)
    # Four plain "not right" answers, then the fifth failure starts a wait.
    assert statuses == [200] * (doors.FREE_FAILURES - 1) + [429]

    # From the stranger's address even the right password waits (unchecked, uncounted)...
    refused = sign_in(lambeth, STRANGER, owner.email, PASSWORD)
    assert refused.status_code == 429
    assert "Please wait 1 minute" in refused.content.decode()
    # ...but the owner, from their own address, signs in at once.
    owner_client = from_address(lambeth, OWNER)
    response = owner_client.post(
        "/account/sign-in/", {"username": owner.email.upper(), "password": PASSWORD}
    )
    assert response.status_code == 302
    assert owner_client.get("/account/").status_code == 200

    # And from the stranger's address too, once the wait is over.
    with later(1.1):
        assert sign_in(lambeth, STRANGER, owner.email, PASSWORD).status_code == 302


def test_the_wait_grows_with_each_failure_after_it(lambeth):
    member = make_member(lambeth)
    fail(lambeth, STRANGER, member.email, doors.FREE_FAILURES)
    with later(1.1):
        # The wait is over: one more try is checked, fails, and waits twice as long.
        again = sign_in(lambeth, STRANGER, member.email, "still-wrong")
        assert again.status_code == 429
        assert "Please wait 2 minutes" in again.content.decode()
    with later(1.1 + 2.1):
        assert (
            "Please wait 4 minutes"
            in sign_in(lambeth, STRANGER, member.email, "wrong again").content.decode()
        )
    with later(1.1 + 2.1 + 4.1):
        assert sign_in(lambeth, STRANGER, member.email, PASSWORD).status_code == 302


def test_tries_during_the_wait_neither_count_nor_lengthen_it(lambeth):
    member = make_member(lambeth)
    fail(lambeth, STRANGER, member.email, doors.FREE_FAILURES)
    with inside(lambeth):
        counted = AccessAttempt.objects.get().failures_since_start
    assert fail(lambeth, STRANGER, member.email, 10) == [429] * 10
    with inside(lambeth):
        assert AccessAttempt.objects.get().failures_since_start == counted
    with later(1.1):
        assert sign_in(lambeth, STRANGER, member.email, PASSWORD).status_code == 302


def test_successes_never_count_and_clear_only_that_account_from_that_address(lambeth):
    member, other = make_member(lambeth), make_member(lambeth)
    for _ in range(doors.FREE_FAILURES + 3):
        assert sign_in(lambeth, OWNER, member.email, PASSWORD).status_code == 302
    # Mistakes before a success are forgotten by it...
    for _ in range(3):
        fail(lambeth, OWNER, member.email, doors.FREE_FAILURES - 1)
        assert sign_in(lambeth, OWNER, member.email, PASSWORD).status_code == 302
    # ...but someone signing in to their own account from the stranger's address does
    # not wipe the failures against another account from there.
    fail(lambeth, STRANGER, member.email, doors.FREE_FAILURES - 1)
    with inside(lambeth):
        other.set_password("other-password-123")
        other.save()
    assert sign_in(lambeth, STRANGER, other.email, "other-password-123").status_code == 302
    assert fail(lambeth, STRANGER, member.email, 1) == [429]


def test_failures_are_stored_without_the_email_address(lambeth):
    member = make_member(lambeth)
    fail(lambeth, STRANGER, member.email, 1)
    with inside(lambeth):
        attempt = AccessAttempt.objects.get()
    assert member.email not in attempt.username
    assert member.email not in attempt.post_data
    assert "wrong-0" not in attempt.post_data


def test_one_address_trying_many_accounts_waits_too(lambeth, monkeypatch):
    monkeypatch.setattr(doors, "FREE_FAILURES_PER_ADDRESS", 3)
    member = make_member(lambeth)
    assert fail(lambeth, STRANGER, "nobody1@example.org", 1) == [200]
    assert fail(lambeth, STRANGER, "nobody2@example.org", 1) == [200]
    assert fail(lambeth, STRANGER, "nobody3@example.org", 1) == [429]
    assert sign_in(lambeth, STRANGER, member.email, PASSWORD).status_code == 429
    assert sign_in(lambeth, OWNER, member.email, PASSWORD).status_code == 302


def test_behind_trusted_proxies_the_visitor_address_is_the_one_counted(lambeth, settings):
    settings.TRUSTED_PROXY_COUNT = 1
    member = make_member(lambeth)
    proxy = client_for(lambeth)
    proxy.defaults["REMOTE_ADDR"] = "10.0.0.1"  # everyone arrives through the same proxy

    def through_proxy(forwarded_for, password):
        return proxy.post(
            "/account/sign-in/",
            {"username": member.email, "password": password},
            HTTP_X_FORWARDED_FOR=forwarded_for,
        )

    for n in range(doors.FREE_FAILURES):
        through_proxy(STRANGER, f"wrong-{n}")
    # A made-up address in front of the real one changes nothing...
    assert through_proxy(f"192.0.2.55, {STRANGER}", PASSWORD).status_code == 429
    # ...and the owner, behind the same proxy, is not held back by the stranger.
    assert through_proxy(OWNER, PASSWORD).status_code == 302


def test_each_borough_counts_its_own_failures(lambeth, southwark):
    in_lambeth = make_member(lambeth)
    with inside(southwark):
        same_person = User.objects.create_user(in_lambeth.email, in_lambeth.email, PASSWORD)
    fail(lambeth, STRANGER, in_lambeth.email, doors.FREE_FAILURES)
    assert sign_in(lambeth, STRANGER, in_lambeth.email, PASSWORD).status_code == 429
    assert sign_in(southwark, STRANGER, same_person.email, PASSWORD).status_code == 302


# --- The Wagtail admin and the platform console ----------------------------------------------


def test_the_wagtail_admin_sign_in_is_limited_the_same_way(lambeth):
    editor = make_staff(lambeth, "editor-doors@lambeth.example.org", EDITORS)
    statuses = fail(lambeth, STRANGER, editor.email, doors.FREE_FAILURES, "/admin/login/")
    assert statuses[-1] == 429
    assert sign_in(lambeth, STRANGER, editor.email, PASSWORD, "/admin/login/").status_code == 429
    owner = sign_in(lambeth, OWNER, editor.email, PASSWORD, "/admin/login/")
    assert owner.status_code == 302
    # One count for both doors: the members' sign-in waits for that pair too.
    assert sign_in(lambeth, STRANGER, editor.email, PASSWORD).status_code == 429


@pytest.mark.django_db
def test_the_console_sign_in_is_limited_in_the_public_schema(lambeth):
    User.objects.create_user("ops@platform.example", "ops@platform.example", PASSWORD)
    statuses = fail("localhost", STRANGER, "ops@platform.example", 5, "/console/sign-in/")
    assert statuses == [200, 200, 200, 200, 429]
    assert (
        "Please wait 1 minute"
        in sign_in(
            "localhost", STRANGER, "ops@platform.example", PASSWORD, "/console/sign-in/"
        ).content.decode()
    )
    owner = sign_in("localhost", OWNER, "ops@platform.example", PASSWORD, "/console/sign-in/")
    assert owner.status_code == 302
    assert AccessAttempt.objects.count() == 1  # in public: the console's own count
    with inside(lambeth):
        assert not AccessAttempt.objects.exists()


@pytest.mark.django_db
def test_signing_out_of_the_console_leads_back_to_its_sign_in_page():
    """The console's "Sign out" button was a server error (Django's default page for it
    is a template we do not have)."""
    User.objects.create_user("ops-out@platform.example", "ops-out@platform.example", PASSWORD)
    console = from_address("localhost", OWNER)
    console.post(
        "/console/sign-in/", {"username": "ops-out@platform.example", "password": PASSWORD}
    )
    signed_out = console.post("/console/sign-out/")
    assert signed_out.status_code == 302 and signed_out["Location"] == "/console/sign-in/"
    assert console.get("/console/").status_code == 302


# --- Redis out -------------------------------------------------------------------------------


def test_sign_ins_keep_their_limit_with_redis_gone(lambeth, gone_redis, settings):
    """Every cache points at a Redis that is not there; the sign-in door never asks it."""
    member = make_member(lambeth)
    settings.CACHES = {alias: redis_cache_at(gone_redis, alias) for alias in django_settings.CACHES}

    def request_from(address):
        return RequestFactory().post("/account/sign-in/", REMOTE_ADDR=address)

    with inside(lambeth):
        for n in range(doors.FREE_FAILURES):
            assert (
                authenticate(request_from(STRANGER), username=member.email, password=f"x{n}")
                is None
            )
        assert (
            authenticate(request_from(STRANGER), username=member.email, password=PASSWORD) is None
        )
        assert authenticate(request_from(OWNER), username=member.email, password=PASSWORD) == member


@pytest.fixture
def limits_with_redis_gone(gone_redis, settings, monkeypatch):
    """The rate limits' cache points at a Redis that is gone (the rest of the site's does not,
    so the requests reach the doors)."""
    settings.CACHES = {**django_settings.CACHES, "gone": redis_cache_at(gone_redis, "gone")}
    monkeypatch.setattr(ratelimit, "CACHE_ALIAS", "gone")


def test_password_resets_keep_their_limit_with_redis_gone(
    lambeth, limits_with_redis_gone, monkeypatch
):

    monkeypatch.setitem(ratelimit.RATE_LIMITS, "password-reset-account", (2, 3600))
    member = make_member(lambeth)
    data = {"email": member.email, **human_check_data()}
    client = from_address(lambeth, STRANGER)
    assert [client.post("/account/password/forgotten/", data).status_code for _ in range(3)] == [
        302,
        302,
        429,
    ]
    assert len(mail.outbox) == 2
    # The owner, from their own address, still gets their link.
    assert (
        from_address(lambeth, OWNER).post("/account/password/forgotten/", data).status_code == 302
    )
    assert len(mail.outbox) == 3


# --- Doors that send email -------------------------------------------------------------------


def test_every_password_reset_shares_one_count_per_account_and_address(lambeth, monkeypatch):

    monkeypatch.setitem(ratelimit.RATE_LIMITS, "password-reset-account", (2, 3600))
    editor = make_staff(lambeth, "editor-reset@lambeth.example.org", EDITORS)
    stranger = from_address(lambeth, STRANGER)
    assert stranger.post("/admin/password_reset/", {"email": editor.email}).status_code == 302
    member_reset = {"email": editor.email, **human_check_data()}
    assert stranger.post("/account/password/forgotten/", member_reset).status_code == 302
    refused = stranger.post("/admin/password_reset/", {"email": editor.email})
    assert refused.status_code == 429
    assert "Please wait 60 minutes" in refused.content.decode()
    assert len(mail.outbox) == 2
    owner = from_address(lambeth, OWNER).post("/admin/password_reset/", {"email": editor.email})
    assert owner.status_code == 302
    assert len(mail.outbox) == 3


def test_the_admin_password_reset_is_limited_per_address(lambeth, monkeypatch):

    monkeypatch.setitem(ratelimit.RATE_LIMITS, "password-reset-ip", (2, 3600))
    stranger = from_address(lambeth, STRANGER)
    statuses = [
        stranger.post("/admin/password_reset/", {"email": f"someone{n}@example.org"}).status_code
        for n in range(3)
    ]
    assert statuses == [302, 302, 429]


def test_staff_change_their_password_only_through_the_limited_form(lambeth):
    """The Wagtail admin's own change-password panel (which counts nothing) is off; a
    staff member's POST to it changes nothing, and /account/password/ works for them."""
    editor = make_staff(lambeth, "editor-password@lambeth.example.org", EDITORS)
    client = client_for(lambeth)
    with inside(lambeth):
        client.force_login(editor)
    account = client.get("/admin/account/")
    assert account.status_code == 200
    assert 'name="password-old_password"' not in account.content.decode()
    client.post(
        "/admin/account/",
        {
            "password-old_password": PASSWORD,
            "password-new_password1": "a-brand-new-password-1",
            "password-new_password2": "a-brand-new-password-1",
        },
    )
    with inside(lambeth):
        editor.refresh_from_db()
        assert editor.check_password(PASSWORD)
    assert client.get("/account/password/").status_code == 200
