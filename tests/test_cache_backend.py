"""The Redis cache backend reuses one client per connection pool, and still works."""

import time
import uuid

import pytest

from django.core.cache import caches


def test_one_redis_client_per_pool_is_reused():
    backend = caches["default"]._cache
    assert backend.get_client() is backend.get_client()
    assert backend.get_client(write=True).connection_pool is backend._get_connection_pool(True)


def test_values_still_round_trip_through_the_reused_client():
    cache = caches["default"]
    key = f"pfe-{uuid.uuid4().hex}"
    assert cache.add(key, {"a": 1}, 30)
    assert not cache.add(key, "other", 30)
    assert cache.get(key) == {"a": 1}
    cache.delete(key)
    assert cache.get(key) is None


def test_with_nothing_listening_reads_miss_writes_drop_and_counting_says_so(monkeypatch):
    """A real outage (nothing listens on port 9): plain caching degrades to a miss; add and
    incr raise CacheUnavailable for their callers to choose; after one failure the process
    does not ask again (no wait at all) until retry_after has passed."""
    from tenants import cache as cache_module
    from tenants.cache import CacheUnavailable, RedisCache

    # The process remembers outages per address; other tests use this address too.
    monkeypatch.setattr(cache_module, "_out_until", {})

    down = RedisCache(
        "redis://127.0.0.1:9/0",
        {"OPTIONS": {"socket_connect_timeout": 0.3, "socket_timeout": 0.3, "retry_after": 60}},
    )
    assert down.available
    assert down.get("anything", "missed") == "missed"
    assert not down.available
    started = time.monotonic()
    assert down.get_many(["a", "b"]) == {}
    assert down.set("a", 1) is None
    assert down.set_many({"a": 1, "b": 2}) == ["a", "b"]
    assert down.delete("a") is False
    assert down.get_or_set("a", lambda: "built") == "built"
    with pytest.raises(CacheUnavailable):
        down.add("a", 1)
    with pytest.raises(CacheUnavailable):
        down.incr("a")
    assert time.monotonic() - started < 0.1, "Redis was asked again while known to be out"
