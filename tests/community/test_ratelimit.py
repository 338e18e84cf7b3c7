"""Rate limits live in Redis, hold across processes, and never cross boroughs."""

import datetime
import uuid

import pytest
import redis
import time_machine

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core import mail
from django.core.cache import caches
from django.test import RequestFactory
from django.utils import timezone

from sites.core import ratelimit
from sites.core.antispam import human_check_data
from sites.core.models import RateCount
from sites.core.ratelimit import (
    RateLimited,
    attempts,
    check_rate,
    rate_key,
    rate_limit,
    wait_message,
)
from tests.conftest import client_for, inside, redis_cache_at

from .test_accounts import sign_up_data, user_count

User = get_user_model()


@pytest.fixture
def limits(monkeypatch):
    """Small limits, so a test reaches them in a few requests."""

    def set_limit(scope, most, period=3600):
        monkeypatch.setitem(ratelimit.RATE_LIMITS, scope, (most, period))

    return set_limit


@pytest.fixture
def gone_redis_cache(gone_redis):
    """A real Redis cache client whose server has stopped."""
    from tenants.cache import RedisCache

    config = redis_cache_at(gone_redis, "gone")
    return RedisCache(config.pop("LOCATION"), config)


def raw_redis():
    return redis.Redis.from_url(settings.REDIS_URL)


def test_the_limit_allows_then_refuses_with_how_long_to_wait(lambeth):
    with inside(lambeth):
        assert [check_rate("try", "someone", 3, 600) for _ in range(3)] == [1, 2, 3]
        with pytest.raises(RateLimited) as refused:
            check_rate("try", "someone", 3, 600)
        assert refused.value.wait_seconds <= 600
        assert refused.value.text == (
            "You have tried this too many times. Please wait 10 minutes, then try again."
        )
        # Someone else, or something else, is counted apart.
        assert check_rate("try", "someone else", 3, 600) == 1
        assert check_rate("other", "someone", 3, 600) == 1


def test_wait_messages_are_plain():
    assert wait_message(30) == (
        "You have tried this too many times. Please wait 1 minute, then try again."
    )
    assert "Please wait 4 minutes" in wait_message(200)
    assert "Please wait 3 hours" in wait_message(3 * 60 * 60)


def test_the_count_is_in_redis_and_shared_by_separate_connections(lambeth):
    """Two cache clients with their own connection pools, as two worker processes have,
    and a raw Redis client all see one count."""
    first = caches["default"]
    second = caches.create_connection("default")
    assert second is not first
    assert second._cache is not first._cache  # its own client and connection pool
    with inside(lambeth):
        key = first.make_key(rate_key("shared", "10.0.0.1"))
        assert check_rate("shared", "10.0.0.1", 3, 600, cache=first) == 1
        assert check_rate("shared", "10.0.0.1", 3, 600, cache=second) == 2
        assert check_rate("shared", "10.0.0.1", 3, 600, cache=first) == 3
        with pytest.raises(RateLimited):
            check_rate("shared", "10.0.0.1", 3, 600, cache=second)

        assert lambeth.schema_name in key  # the borough is part of every key
        store = raw_redis()
        assert int(store.get(key)) == 4
        assert 0 < store.ttl(key) <= 600
        assert "10.0.0.1" not in key  # only a hash of who it is

        # Clearing it in Redis clears it for everyone: the count lives nowhere else.
        store.delete(key)
        assert check_rate("shared", "10.0.0.1", 3, 600, cache=second) == 1


def test_limits_in_lambeth_do_not_count_against_southwark(lambeth, southwark):
    with inside(lambeth):
        check_rate("borough", "10.0.0.2", 1, 600)
        with pytest.raises(RateLimited):
            check_rate("borough", "10.0.0.2", 1, 600)
    with inside(southwark):
        assert check_rate("borough", "10.0.0.2", 1, 600) == 1


def test_the_decorator_answers_with_a_plain_429_page(lambeth):
    @rate_limit("decorated", limit=1, period=120)
    def view(request):
        from django.http import HttpResponse

        return HttpResponse("done")

    factory = RequestFactory()
    with inside(lambeth):
        assert view(factory.post("/")).status_code == 200
        assert view(factory.get("/")).status_code == 200  # only POSTs count
        refused = view(factory.post("/"))
    assert refused.status_code == 429
    assert "Please wait 2 minutes" in refused.content.decode()


# --- Applied to accounts ----------------------------------------------------------------------


def test_sign_up_is_limited_per_address_and_over_the_limit_creates_nothing(
    lambeth, southwark, limits
):
    limits("sign-up-ip", 2)
    for n in range(2):
        response = client_for(lambeth).post(
            "/account/sign-up/",
            sign_up_data(email=f"person{n}@example.org", display_name=f"Person {n}"),
        )
        assert response.status_code == 302
    before = user_count(lambeth)
    mail.outbox = []
    refused = client_for(lambeth).post(
        "/account/sign-up/", sign_up_data(email="person3@example.org", display_name="Person 3")
    )
    assert refused.status_code == 429
    assert "Please wait 60 minutes" in refused.content.decode()
    assert user_count(lambeth) == before
    assert mail.outbox == []
    # Another address is fine, and so is the same address in Southwark.
    other = client_for(lambeth)
    other.defaults["REMOTE_ADDR"] = "10.1.2.3"
    assert (
        other.post(
            "/account/sign-up/", sign_up_data(email="person4@example.org", display_name="Person 4")
        ).status_code
        == 302
    )
    assert (
        client_for(southwark)
        .post(
            "/account/sign-up/", sign_up_data(email="person5@example.org", display_name="Person 5")
        )
        .status_code
        == 302
    )


@pytest.mark.parametrize(
    ("trusted", "forwarded_for", "expected"),
    [
        (0, "203.0.113.9", "192.0.2.1"),  # no proxy trusted: the header is ignored
        (1, "198.51.100.7, 203.0.113.9", "203.0.113.9"),  # what our proxy saw
        (2, "198.51.100.7, 203.0.113.9", "198.51.100.7"),
        (1, "", "192.0.2.1"),  # no header: the proxy's own request
        (2, "203.0.113.9", "192.0.2.1"),  # shorter than the proxies we trust
        (1, "not-an-address", "192.0.2.1"),
    ],
)
def test_the_visitor_address_believes_only_trusted_proxies(
    settings, trusted, forwarded_for, expected
):
    settings.TRUSTED_PROXY_COUNT = trusted
    request = RequestFactory().get("/", REMOTE_ADDR="192.0.2.1", HTTP_X_FORWARDED_FOR=forwarded_for)
    assert ratelimit.client_ip(request) == expected


def test_behind_a_proxy_a_made_up_forwarded_address_does_not_escape_the_limit(
    lambeth, limits, settings
):
    settings.TRUSTED_PROXY_COUNT = 1
    limits("sign-up-ip", 1)
    proxy = {"REMOTE_ADDR": "10.0.0.1"}
    first = client_for(lambeth).post(
        "/account/sign-up/",
        sign_up_data(email="first@example.org", display_name="First"),
        HTTP_X_FORWARDED_FOR="203.0.113.9",
        **proxy,
    )
    assert first.status_code == 302
    # Same visitor, with a made-up address put in front of the real one.
    spoofed = client_for(lambeth).post(
        "/account/sign-up/",
        sign_up_data(email="second@example.org", display_name="Second"),
        HTTP_X_FORWARDED_FOR="1.2.3.4, 203.0.113.9",
        **proxy,
    )
    assert spoofed.status_code == 429
    assert "Please wait" in spoofed.content.decode()
    # Someone else behind the same proxy is not held back by the first visitor.
    other = client_for(lambeth).post(
        "/account/sign-up/",
        sign_up_data(email="third@example.org", display_name="Third"),
        HTTP_X_FORWARDED_FOR="198.51.100.7",
        **proxy,
    )
    assert other.status_code == 302


def test_password_reset_is_limited_and_over_the_limit_sends_nothing(
    lambeth, lambeth_member, limits
):
    limits("password-reset-ip", 1)
    client = client_for(lambeth)
    data = {"email": lambeth_member.email, **human_check_data()}
    assert client.post("/account/password/forgotten/", data).status_code == 302
    assert len(mail.outbox) == 1
    refused = client.post("/account/password/forgotten/", data)
    assert refused.status_code == 429
    assert "Please wait 60 minutes" in refused.content.decode()
    assert len(mail.outbox) == 1


def test_the_module_keeps_its_keys_under_one_prefix(lambeth):
    assert rate_key("scope", "Key").startswith(f"{ratelimit.KEY_PREFIX}:scope:")
    assert rate_key("scope", "Key") == rate_key("scope", " key ")


def test_while_redis_is_gone_the_count_is_kept_in_the_borough_database(
    lambeth, southwark, gone_redis_cache
):
    with inside(lambeth):
        assert check_rate("down", "10.0.0.9", 2, 60, cache=gone_redis_cache) == 1
        assert check_rate("down", "10.0.0.9", 2, 60, cache=gone_redis_cache) == 2
        with pytest.raises(RateLimited) as refused:
            check_rate("down", "10.0.0.9", 2, 60, cache=gone_redis_cache)
        assert refused.value.wait_seconds <= 60
        (row,) = RateCount.objects.all()
        assert "10.0.0.9" not in row.key
    with inside(southwark):  # each borough counts in its own schema
        assert check_rate("down", "10.0.0.9", 2, 60, cache=gone_redis_cache) == 1


def test_an_expired_count_in_the_database_starts_again(lambeth, gone_redis_cache):
    with inside(lambeth):
        check_rate("down", "10.0.0.8", 1, 60, cache=gone_redis_cache)
        with time_machine.travel(timezone.now() + datetime.timedelta(seconds=61), tick=False):
            assert check_rate("down", "10.0.0.8", 1, 60, cache=gone_redis_cache) == 1
            assert RateCount.objects.count() == 1


def test_when_neither_redis_nor_the_database_answers_each_process_still_counts(
    lambeth, gone_redis_cache
):
    """The platform console's public schema has no count table: with Redis out, its doors
    (a password reset, a sign-in link) are counted in the process, never let through
    without limit; nobody else's count is touched."""
    address = f"10.9.{uuid.uuid4().int % 250}.{uuid.uuid4().int % 250}"
    assert check_rate("down", address, 2, 60, cache=gone_redis_cache) == 1
    assert check_rate("down", address, 2, 60, cache=gone_redis_cache) == 2
    with pytest.raises(RateLimited) as refused:
        check_rate("down", address, 2, 60, cache=gone_redis_cache)
    assert 0 < refused.value.wait_seconds <= 60
    assert attempts("down", address, cache=gone_redis_cache) == 3
    assert check_rate("down", address + "1", 2, 60, cache=gone_redis_cache) == 1
    with inside(lambeth):  # a borough still counts in its own database, from nothing
        assert check_rate("down", address, 2, 60, cache=gone_redis_cache) == 1
