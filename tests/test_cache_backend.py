"""The Redis cache backend reuses one client per connection pool, and still works."""

import uuid

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
