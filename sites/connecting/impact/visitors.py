"""Site visitors per borough and day, counted without tracking anyone.

- **No cookie**, nothing sent to the browser, nothing stored about a person.
- A visitor is ``HMAC(day's salt, address + browser + host)``, kept in a Redis set for
  that day only. The salt is random, made on the day's first visit, and expires at the
  day's end; without it the hashes cannot be linked back to an address, nor one day's
  visitors to another's. ``close_days`` (``count_visitors``, daily) then keeps only the
  day's number (``DailyVisitors``) and deletes the set and the salt.
- **Not counted**: a browser saying Do Not Track (``DNT: 1``) or Global Privacy Control
  (``Sec-GPC: 1``); anything but a successful GET of a public HTML page (not the admin,
  media, documents, feeds or JSON); prefetches; browsers that say they are bots or send
  no user agent.
- **Never slows or breaks a page.** The counting runs when the response is closed (after
  the page has been sent), and any error is logged and dropped. While Redis is out the
  visits of those moments are not counted at all: the count is then lower, never wrong
  the other way, and the page is served as usual.

A person who visits on three days counts three times: telling one person's days apart
is exactly the tracking this avoids. The report says "visitors (each counted once a day)".
"""

import datetime
import hashlib
import hmac
import logging
import re
import secrets
from dataclasses import dataclass

from django.core.cache import caches
from django.db import connection
from django.utils import timezone

from sites.core.ratelimit import client_ip
from tenants.cache import CacheUnavailable, RedisCache
from tenants.lru import LRUMapping

from .models import DailyVisitors

logger = logging.getLogger(__name__)

CACHE_ALIAS = "default"
KEY_PREFIX = "visitors"
# Days a set waits in Redis for count_visitors (a missed run or two catches up).
KEEP_SET_DAYS = 3
NOT_PUBLIC = ("/admin/", "/documents/", "/media/", "/django-admin/", "/api/", "/health/")
# Cheap and good enough: crawlers and tools that say what they are.
BOTS = re.compile(
    r"bot|crawl|spider|slurp|headless|lighthouse|preview|monitor|curl|wget|python-|httpclient|"
    r"java/|go-http|scrapy|axios|node-fetch|facebookexternalhit",
    re.IGNORECASE,
)


def set_key(day: datetime.date) -> str:
    return f"{KEY_PREFIX}:{day.isoformat()}"


def salt_key(day: datetime.date) -> str:
    return f"{KEY_PREFIX}-salt:{day.isoformat()}"


def wants_no_tracking(request) -> bool:
    meta = request.META
    return meta.get("HTTP_DNT", "").strip() == "1" or meta.get("HTTP_SEC_GPC", "").strip() == "1"


def is_countable(request, response) -> bool:
    """A person's view of a public page of a borough."""
    if getattr(request, "borough", None) is None or request.method != "GET":
        return False
    if response.status_code != 200 or response.streaming:
        return False
    if not response.get("Content-Type", "").startswith("text/html"):
        return False
    if request.path.startswith(NOT_PUBLIC) or wants_no_tracking(request):
        return False
    meta = request.META
    purpose = f"{meta.get('HTTP_SEC_PURPOSE', '')} {meta.get('HTTP_PURPOSE', '')}".lower()
    if "prefetch" in purpose:
        return False
    agent = meta.get("HTTP_USER_AGENT", "")
    return bool(agent) and not BOTS.search(agent)


# This process's copy of today's salts (per schema), so most visits take one round trip.
# At most TENANT_CACHE_SIZE of them (tenants/lru.py).
_salts: LRUMapping = LRUMapping()


def seconds_left_in(day: datetime.date) -> int:
    midnight = datetime.datetime.combine(
        day + datetime.timedelta(days=1), datetime.time(), tzinfo=timezone.get_current_timezone()
    )
    return max(1, int((midnight - timezone.now()).total_seconds()) + 1)


@dataclass
class Visit:
    """One visit to count, gathered while the request was in its borough's schema."""

    schema: str
    day: datetime.date
    identity: bytes  # address, browser and host: only in memory, until counted

    def count(self, store: RedisCache) -> None:
        def work(client, make_key):
            salt = self._salt(client, make_key(salt_key(self.day)))
            token = hmac.new(salt, self.identity, hashlib.sha256).hexdigest()[:32]
            visitors = make_key(set_key(self.day))
            pipe = client.pipeline(transaction=False)
            pipe.sadd(visitors, token)
            pipe.expire(visitors, (KEEP_SET_DAYS + 1) * 24 * 60 * 60)
            pipe.execute()

        store.run(work)

    def _salt(self, client, key: str) -> bytes:
        cached = _salts.get((self.schema, self.day))
        if cached is not None:
            return cached
        pipe = client.pipeline(transaction=False)
        pipe.set(key, secrets.token_hex(32), nx=True, ex=seconds_left_in(self.day))
        pipe.get(key)
        salt = pipe.execute()[1]
        # Yesterday's salts leave this process with the day.
        for stale in [entry for entry in _salts if entry[1] != self.day]:
            del _salts[stale]
        _salts[(self.schema, self.day)] = salt
        return salt


def visit_for(request) -> Visit:
    agent = request.META.get("HTTP_USER_AGENT", "")
    identity = f"{client_ip(request)}\n{agent}\n{request.get_host()}".encode()
    return Visit(connection.schema_name, timezone.localdate(), identity)


def count_after_response(request, response, store=None) -> None:
    """Counts the visit once the response has been sent (closed), if it should count."""
    if not is_countable(request, response):
        return
    store = store if store is not None else caches[CACHE_ALIAS]
    if not isinstance(store, RedisCache):
        return  # a single process without Redis: no count (documented)
    visit = visit_for(request)

    def count():
        try:
            visit.count(store)
        except CacheUnavailable:
            pass  # Redis is out: this visit is not counted
        except Exception:
            logger.exception("A visit could not be counted")

    response._resource_closers.append(count)


class VisitorCountMiddleware:
    """Right after BoroughMiddleware: sees every borough response, adds nothing to it."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        try:
            count_after_response(request, response)
        except Exception:
            logger.exception("A visit could not be counted")
        return response


def live_count(day: datetime.date, store=None) -> int | None:
    """Visitors counted so far on ``day`` in this schema (None while Redis is out)."""
    store = store if store is not None else caches[CACHE_ALIAS]
    if not isinstance(store, RedisCache):
        return None
    try:
        return store.run(lambda client, make_key: client.scard(make_key(set_key(day))))
    except CacheUnavailable:
        return None


@dataclass
class ClosedDays:
    schema: str
    days: list[tuple[datetime.date, int]]
    failures: int = 0

    def __str__(self):
        counted = ", ".join(f"{day:%d %b}: {count}" for day, count in self.days) or "none"
        return f"{self.schema}: visitor days closed: {counted}"


def close_days(borough=None, *, today: datetime.date | None = None, store=None) -> ClosedDays:
    """In the current schema: keep each finished day's number, delete its hashes and salt.

    Looks back ``KEEP_SET_DAYS`` days; a day closed twice keeps the higher number (a
    visit counted late, after its day was first closed, is not lost)."""
    today = today or timezone.localdate()
    store = store if store is not None else caches[CACHE_ALIAS]
    closed = ClosedDays(connection.schema_name, [])
    if not isinstance(store, RedisCache):
        return closed
    for back in range(KEEP_SET_DAYS, 0, -1):
        day = today - datetime.timedelta(days=back)

        def read(client, make_key, day=day):
            key = make_key(set_key(day))
            return client.scard(key) if client.exists(key) else None

        count = store.run(read)
        if count is None:
            continue
        row, created = DailyVisitors.objects.get_or_create(day=day, defaults={"visitors": count})
        if not created and count > row.visitors:
            row.visitors = count
            row.save(update_fields=["visitors"])
        # Only once the number is saved: the hashes and the salt go.
        store.run(
            lambda client, make_key, day=day: client.delete(
                make_key(set_key(day)), make_key(salt_key(day))
            )
        )
        closed.days.append((day, row.visitors))
    return closed
