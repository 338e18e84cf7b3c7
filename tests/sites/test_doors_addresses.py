"""Every limit counts an IPv6 visitor by their /64: one household (or one attacker) gets a
whole /64 from their provider, so 2001:db8::11, ::12 and ::13 are one visitor. IPv4
addresses count one by one, as before."""

import pytest

from django.core import mail
from django.test import RequestFactory

from sites.core import doors, ratelimit
from sites.core.antispam import human_check_data
from tests.community.conftest import PASSWORD, make_member
from tests.community.test_accounts import sign_up_data
from tests.conftest import client_for

from .test_doors import OWNER, fail, sign_in


def from_address(borough, address):
    client = client_for(borough)
    client.defaults["REMOTE_ADDR"] = address
    return client


@pytest.mark.parametrize(
    ("address", "counted_as"),
    [
        ("2001:db8:1:2:aaaa:bbbb:cccc:11", "2001:db8:1:2::"),
        ("2001:db8:1:2::12", "2001:db8:1:2::"),
        ("2001:db8:1:3::11", "2001:db8:1:3::"),  # the next /64 is someone else
        ("::ffff:203.0.113.9", "203.0.113.9"),  # an IPv4 visitor seen through IPv6
        ("203.0.113.9", "203.0.113.9"),
        ("203.0.113.10", "203.0.113.10"),
    ],
)
def test_a_limit_counts_an_ipv6_visitor_by_their_64(address, counted_as):
    request = RequestFactory().get("/", REMOTE_ADDR=address)
    assert ratelimit.limit_address(request) == counted_as
    # The true address is still what the request came from, for anything else.
    assert ratelimit.client_ip(request) == address


def test_the_limit_address_believes_only_trusted_proxies(settings):
    settings.TRUSTED_PROXY_COUNT = 1
    request = RequestFactory().get(
        "/", REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR="2001:db8::99, 2001:db8:5::13"
    )
    assert ratelimit.limit_address(request) == "2001:db8:5::"


def test_sign_up_from_one_64_counts_as_one_visitor(lambeth, monkeypatch):
    monkeypatch.setitem(ratelimit.RATE_LIMITS, "sign-up-ip", (2, 3600))
    statuses = [
        from_address(lambeth, f"2001:db8::{n}")
        .post("/account/sign-up/", sign_up_data(email=f"p{n}@example.org", display_name=f"P{n}"))
        .status_code
        for n in (11, 12, 13)
    ]
    assert statuses == [302, 302, 429]
    # Someone on another /64 is not held back.
    other = from_address(lambeth, "2001:db8:0:1::11").post(
        "/account/sign-up/", sign_up_data(email="p14@example.org", display_name="P14")
    )
    assert other.status_code == 302


def test_password_resets_from_one_64_count_as_one_visitor(lambeth, monkeypatch):
    monkeypatch.setitem(ratelimit.RATE_LIMITS, "password-reset-account", (2, 3600))
    member = make_member(lambeth)
    data = {"email": member.email, **human_check_data()}
    statuses = [
        from_address(lambeth, f"2001:db8::{n}")
        .post("/account/password/forgotten/", data)
        .status_code
        for n in (11, 12, 13)
    ]
    assert statuses == [302, 302, 429]
    assert len(mail.outbox) == 2


def test_sign_in_failures_from_one_64_count_as_one_visitor(lambeth):
    member = make_member(lambeth)
    statuses = [
        fail(lambeth, f"2001:db8::{n}", member.email, 1)[0]
        for n in range(11, 11 + doors.FREE_FAILURES)
    ]
    assert statuses == [200] * (doors.FREE_FAILURES - 1) + [429]
    assert sign_in(lambeth, "2001:db8::99", member.email, PASSWORD).status_code == 429
    # The owner, elsewhere, signs in at once.
    assert sign_in(lambeth, OWNER, member.email, PASSWORD).status_code == 302
    assert sign_in(lambeth, "2001:db8:0:1::11", member.email, PASSWORD).status_code == 302


def test_one_64_trying_many_accounts_waits_too(lambeth, monkeypatch):
    monkeypatch.setattr(doors, "FREE_FAILURES_PER_ADDRESS", 3)
    for n in (11, 12):
        assert fail(lambeth, f"2001:db8::{n}", f"nobody{n}@example.org", 1) == [200]
    assert fail(lambeth, "2001:db8::13", "nobody13@example.org", 1) == [429]
