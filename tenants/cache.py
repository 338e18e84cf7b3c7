"""The shared cache (Redis): Django's backend, quick to give up, and never taking a page down.

- **One client per connection pool.** Django's ``RedisCacheClient.get_client()`` builds a
  ``redis.Redis`` for every get or set (about a tenth of a millisecond each: it fills a
  table of response callbacks). The client is thread-safe and only wraps the pool.
- **Short timeouts.** Every connection has a short connect and read timeout (the
  ``socket_connect_timeout`` and ``socket_timeout`` options, from ``REDIS_TIMEOUT_MS``):
  a stalled Redis costs a request that long, not redis-py's default 5 seconds.
- **Not asked again for a while.** After a failure, this process asks that server nothing
  (reads, writes, deletes, version moves) for ``retry_after`` seconds
  (``REDIS_RETRY_SECONDS``), so while Redis hangs a page costs one timeout per process
  every few seconds, not one per cache call.
- **No invalidation lost.** A delete, or a write that never expires by itself (the
  site-content versions and the host counter, which tell other processes what changed),
  that is skipped or fails is remembered in this process as "this key must go" (the full
  Redis key, schema included). At the first contact that succeeds after the outage the
  process deletes those keys before anything else: a missing version or counter reads as
  "changed" everywhere, exactly as a new one would. Deleting is always safe for a cache, so
  a later write made by another process is at worst refreshed once more. If the process
  ends before Redis answers again, what it remembered is lost: the per-process caches
  still give up their entries within ``SITE_CACHE_SECONDS`` and ``HOST_MAP_MAX_SECONDS``.
- **Degraded, never down.** While Redis is out, what is only a cache degrades: reads
  answer a miss, writes are dropped (Wagtail's own keys and renditions, and every plain
  ``cache.get``/``set``), deletes and :func:`announce` are remembered (above). Counting
  (``add``, ``incr``, ``decr``) has no honest answer without Redis: it raises
  :class:`CacheUnavailable` and the caller chooses.
  Callers with a degraded mode of their own (host routing, site content versions) use
  :func:`strict` to learn that Redis is out instead of reading a miss.
"""

import contextlib
import logging
import threading
import time

import redis

from django.conf import settings
from django.core.cache import caches
from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.redis import RedisCache as DjangoRedisCache
from django.core.cache.backends.redis import RedisCacheClient as DjangoRedisCacheClient

logger = logging.getLogger(__name__)

OUTAGE_ERRORS = (redis.exceptions.ConnectionError, redis.exceptions.TimeoutError)
DEFAULT_RETRY_SECONDS = 5.0

# Per process, per server: the monotonic time before which Redis is not asked again.
# Module-level because Django gives every thread its own cache backend object.
_out_until: dict[str, float] = {}
# Per process, per server: full Redis keys whose deletion or new value did not reach Redis;
# deleted at the first contact that succeeds (insertion-ordered, bounded).
_must_delete: dict[str, dict[str, None]] = {}
_must_delete_lock = threading.Lock()
MAX_REMEMBERED_KEYS = 10_000


class CacheUnavailable(redis.exceptions.ConnectionError):
    """Redis did not answer in time, or was not asked because it recently did not."""


class RedisCacheClient(DjangoRedisCacheClient):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._clients = {}

    def get_client(self, key=None, *, write=False):
        pool = self._get_connection_pool(write)
        client = self._clients.get(id(pool))
        if client is None or client.connection_pool is not pool:
            client = self._clients[id(pool)] = self._client(connection_pool=pool)
        return client


class RedisCache(DjangoRedisCache):
    def __init__(self, server, params):
        options = dict(params.get("OPTIONS") or {})
        self.retry_after = float(options.pop("retry_after", DEFAULT_RETRY_SECONDS))
        super().__init__(server, {**params, "OPTIONS": options})
        self._class = RedisCacheClient
        self._server_key = ",".join(self._servers)

    # -- the outage guard ------------------------------------------------------------------
    @property
    def available(self) -> bool:
        """False while this process is leaving Redis alone after a failure."""
        return time.monotonic() >= _out_until.get(self._server_key, 0.0)

    def strict(self, operation: str, *args, **kwargs):
        """``self.<operation>(...)`` without degrading: CacheUnavailable when Redis is out.

        Nothing is even tried for ``retry_after`` seconds after a failure."""
        if not self.available:
            raise CacheUnavailable("Redis did not answer a moment ago; not asked again yet.")
        try:
            self._delete_remembered()
            return getattr(super(), operation)(*args, **kwargs)
        except OUTAGE_ERRORS as error:
            raise self._out(error) from error

    # -- invalidations that did not reach Redis -------------------------------------------
    def _remember(self, keys, version=None) -> None:
        """These keys must be deleted at the first contact that succeeds."""
        full_keys = [self.make_and_validate_key(key, version=version) for key in keys]
        with _must_delete_lock:
            remembered = _must_delete.setdefault(self._server_key, {})
            for full_key in full_keys:
                remembered[full_key] = None
            while len(remembered) > MAX_REMEMBERED_KEYS:
                dropped = next(iter(remembered))
                del remembered[dropped]
                logger.error("Too many cache changes waiting for Redis; %s may be stale", dropped)

    def _delete_remembered(self) -> None:
        """Delete what this process could not (raises the outage error, keeping them)."""
        if not _must_delete.get(self._server_key):
            return  # the usual case, without taking the lock
        with _must_delete_lock:
            keys = list(_must_delete.get(self._server_key, ()))
        if not keys:
            return
        client = self._cache.get_client(write=True)
        for start in range(0, len(keys), 1000):
            client.delete(*keys[start : start + 1000])
        with _must_delete_lock:
            remembered = _must_delete.get(self._server_key, {})
            for key in keys:
                remembered.pop(key, None)
        logger.warning("Redis answers again: %s cache changes made during the outage", len(keys))

    def remembered_keys(self) -> list[str]:
        """The full keys waiting to be deleted when Redis answers again (tests, commands)."""
        with _must_delete_lock:
            return list(_must_delete.get(self._server_key, ()))

    def _out(self, error) -> CacheUnavailable:
        """Leave Redis alone for ``retry_after`` seconds; the error to raise instead."""
        _out_until[self._server_key] = time.monotonic() + self.retry_after
        logger.warning(
            "Redis is not answering (%s); pages are served without it for %s s.",
            error,
            self.retry_after,
        )
        return CacheUnavailable(str(error))

    def run(self, work):
        """``work(client, make_key)`` with the raw redis client, for what Django's cache API
        lacks (sets). Under the same guard as a read: not even tried for a while after a
        failure, and CacheUnavailable when Redis is out."""
        if not self.available:
            raise CacheUnavailable("Redis did not answer a moment ago; not asked again yet.")
        try:
            self._delete_remembered()
            return work(self._cache.get_client(write=True), self.make_and_validate_key)
        except OUTAGE_ERRORS as error:
            raise self._out(error) from error

    def _or(self, fallback, operation: str, *args, **kwargs):
        try:
            return self.strict(operation, *args, **kwargs)
        except CacheUnavailable:
            return fallback

    def _invalidating(self, keys, version, operation: str, *args):
        """A delete, or a write that never expires alone: if it cannot reach Redis, the keys
        are remembered and deleted at the first contact that succeeds."""
        try:
            return self.strict(operation, *args)
        except CacheUnavailable:
            self._remember(keys, version)
            raise

    # -- only a cache: a miss, or nothing done ------------------------------------------------
    def get(self, key, default=None, version=None):
        return self._or(default, "get", key, default, version)

    def get_many(self, keys, version=None):
        return self._or({}, "get_many", keys, version)

    def has_key(self, key, version=None):
        return self._or(False, "has_key", key, version)

    def announce(self, key, value, timeout=DEFAULT_TIMEOUT, version=None) -> None:
        """Set a key that tells other processes something changed (a version, a counter):
        if Redis cannot be told now, the key is deleted when it answers again."""
        with contextlib.suppress(CacheUnavailable):
            self._invalidating([key], version, "set", key, value, timeout, version)

    def set(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        if self.get_backend_timeout(timeout) is None:
            self.announce(key, value, timeout, version)  # never expires alone: remembered
        else:
            self._or(None, "set", key, value, timeout, version)

    def set_many(self, data, timeout=DEFAULT_TIMEOUT, version=None):
        # Django answers the keys it failed to set.
        if self.get_backend_timeout(timeout) is not None:
            return self._or(list(data), "set_many", data, timeout, version)
        try:
            return self._invalidating(list(data), version, "set_many", data, timeout, version)
        except CacheUnavailable:
            return list(data)

    def touch(self, key, timeout=DEFAULT_TIMEOUT, version=None):
        return self._or(False, "touch", key, timeout, version)

    def delete(self, key, version=None):
        try:
            return self._invalidating([key], version, "delete", key, version)
        except CacheUnavailable:
            return False

    def delete_many(self, keys, version=None):
        keys = list(keys)
        with contextlib.suppress(CacheUnavailable):
            self._invalidating(keys, version, "delete_many", keys, version)

    def clear(self):
        return self._or(False, "clear")

    def get_or_set(self, key, default, timeout=DEFAULT_TIMEOUT, version=None):
        value = self.get(key, self._missing_key, version=version)
        if value is not self._missing_key:
            return value
        if callable(default):
            default = default()
        try:
            self.strict("add", key, default, timeout, version)
        except CacheUnavailable:
            return default
        return self.get(key, default, version=version)

    # -- counting: no honest answer without Redis ---------------------------------------------
    def add(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        return self.strict("add", key, value, timeout, version)

    def incr(self, key, delta=1, version=None):
        return self.strict("incr", key, delta, version)


def strict(operation: str, *args, alias: str = "default", **kwargs):
    """``caches[alias].<operation>(...)``, raising CacheUnavailable where it would degrade.

    For callers with a degraded mode of their own. Other backends (local memory, when
    production is told it runs as a single process) never raise it.
    """
    store = caches[alias]
    if isinstance(store, RedisCache):
        return store.strict(operation, *args, **kwargs)
    return getattr(store, operation)(*args, **kwargs)


def announce(key: str, value, timeout=DEFAULT_TIMEOUT, alias: str = "default") -> None:
    """``caches[alias].set(...)`` for a key that tells other processes something changed:
    with Redis out it is not lost but deleted when Redis answers again (a missing version
    or counter reads as a change everywhere)."""
    store = caches[alias]
    if isinstance(store, RedisCache):
        store.announce(key, value, timeout)
    else:
        store.set(key, value, timeout)


def delete_borough_keys(schema_name: str) -> int | None:
    """Delete every entry the borough has in each Redis cache alias (Wagtail's own keys,
    renditions, versions): after a retire nothing of it is left, and a borough launched
    under the same name starts with none of an earlier one's. Returns how many were
    deleted; None if Redis did not answer (the daily ``clean_up_retired_boroughs`` then
    deletes them, and they expire by themselves meanwhile)."""
    return _delete_keys(_glob_escape(schema_name), lambda schema: schema == schema_name)


def delete_keys_of_schemas(schema_names) -> int | None:
    """Every entry of these schemas, in one walk of the keyspace per alias (the daily
    clean-up of retired boroughs); None if Redis did not answer."""
    wanted = set(schema_names)
    if not wanted:
        return 0
    return _delete_keys("*", wanted.__contains__)


def delete_every_boroughs_keys() -> int | None:
    """Every entry under this process's cache prefixes, whatever its schema: what an
    earlier test run of the same name left (tests/conftest.py)."""
    return _delete_keys("*", lambda schema: True)


def _glob_escape(text: str) -> str:
    return "".join(f"\\{c}" if c in "*?[]\\" else c for c in text)


def _delete_keys(schema_glob: str, keep_schema) -> int | None:
    # Every key starts with "<schema>:<key prefix>:" (django_tenants.cache.make_key).
    deleted, answered = 0, True
    for alias in settings.CACHES:
        store = caches[alias]
        if not isinstance(store, RedisCache):
            continue  # local memory: one process's, gone with it

        def delete(client, _make_key, pattern=f"{schema_glob}:{store.key_prefix}:*") -> int:
            # SCAN walks the whole keyspace: at a million keys 2.1 s in steps of 1,000
            # keys, 1.3 s in steps of 10,000 (each step holds Redis about 13 ms).
            keys = [
                key
                for key in client.scan_iter(match=pattern, count=10_000)
                if keep_schema(key.split(b":", 1)[0].decode())
            ]
            for start in range(0, len(keys), 1000):
                client.delete(*keys[start : start + 1000])
            return len(keys)

        try:
            deleted += store.run(delete)
        except CacheUnavailable:
            answered = False
            logger.warning(
                "Redis is out: %s's %s cache entries were not deleted", schema_glob, alias
            )
    return deleted if answered else None
