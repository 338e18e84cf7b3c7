"""Rate limits shared by every worker process, kept in the shared Redis cache.

    from sites.core.ratelimit import RateLimited, check_rate, limit_address

    try:
        check_rate("post", str(request.user.pk), limit=10, period=600)
    except RateLimited as refused:
        form.add_error(None, refused)  # "Please wait 4 minutes, then try again."

Each call counts one attempt for ``key`` in ``scope``; more than ``limit`` attempts in
``period`` seconds raise :class:`RateLimited`. The count lives in the ``default`` cache
(Redis in every real deployment), changed only with atomic operations (``add`` sets
the first attempt with its expiry, ``incr`` counts the others), so the limit holds
across every worker process and server. Cache keys carry the borough's schema
(``django_tenants.cache.make_key``), so one borough's attempts never count against
another's. Keys hold a hash, never an email or IP address. Every limit on an address
keys on ``limit_address(request)``: an IPv6 visitor counts by their /64.

While Redis does not answer, the same counts are kept in PostgreSQL instead (``RateCount``,
in the borough's own schema), so the limits still hold. If that fails too (both out, or
the platform console, whose ``public`` schema has no ``RateCount``), each process counts
on its own (``_count_in_process``): a door then allows its limit per worker process, never
without limit, and locks nobody out. A count started in Redis does not carry over: an
outage starts a fresh period.
"""

import datetime
import functools
import hashlib
import ipaddress
import logging
import math
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.core.cache import caches
from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import ngettext

from tenants.cache import CacheUnavailable, RedisCache
from tenants.lru import LRUMapping

from .models import RateCount

logger = logging.getLogger(__name__)

KEY_PREFIX = "ratelimit"
CACHE_ALIAS = "default"


# Every limit on members' actions and the public forms, in one list: scope -> (most attempts,
# in this many seconds), counted per member or per address by ``limit``. Sign-ins are limited
# by failures instead (doors.py). Doors that send email count per address ("-ip") and per
# account from that address ("-account"). docs/operations/rate-limits.md explains each.
RATE_LIMITS: dict[str, tuple[int, int]] = {
    # Accounts (sites/community/services/accounts.py).
    "sign-up-ip": (5, 60 * 60),
    "sign-up-account": (3, 60 * 60),
    "password-reset-ip": (5, 60 * 60),
    "password-reset-account": (3, 60 * 60),
    "confirm-resend-account": (3, 60 * 60),
    "delete-account": (5, 15 * 60),
    # "This name is taken" tells that someone here has the name: a few an hour per address
    # (sites/community/accounts/views.py).
    "name-taken": (10, 60 * 60),
    # Discussions, reports, groups, events (sites/community/services/).
    "post": (10, 10 * 60),
    "thread": (5, 60 * 60),
    "report": (10, 60 * 60),
    "propose-group": (3, 24 * 60 * 60),
    # Each request emails the group's organisers (services/join_requests.py).
    "ask-to-join": (10, 24 * 60 * 60),
    "post-event": (20, 24 * 60 * 60),
    "rsvp": (60, 60 * 60),
    # Private messages, per member (sites/community/messaging/services.py).
    "messages-new-conversation": (5, 24 * 60 * 60),
    "messages-message": (30, 10 * 60),
    # The directory's public forms, per address: a library's computers share one, so the
    # limits are generous; they stop a robot or a person flooding the Editors' inboxes.
    "report-listing": (10, 60 * 60),
    "list-organisation": (5, 60 * 60),
    # Community Connecting referrals, per address: a GP surgery sends several in a row.
    "referral": (10, 60 * 60),
    # "Send my list to an email address", per address: each one emails someone a stranger
    # typed, so a few an hour (sites/mylist/views.py).
    "my-list-email": (5, 60 * 60),
    # Every email a door sends to an address someone typed (password resets, "you already
    # have an account", "List your organisation", "Send my list"), per recipient, whatever
    # the door or the visitor's address: nobody can flood a mailbox (doors.may_email).
    "email-recipient": (5, 60 * 60),
    # The same emails asked for from the account's own browser (its known-browser cookie):
    # counted apart, so a stranger filling the cap above cannot stop the owner's reset.
    "email-owners-browser": (5, 60 * 60),
    # The "finish signing in" link an account under attack gets (sites/core/new_browsers.py):
    # one email per account every few minutes, however often its right password is typed.
    "sign-in-link-account": (1, 5 * 60),
    # Invitations a Borough admin's "Add a user" emails, per admin (sites/core/staff.py):
    # enough to bring a whole team in on the first day, not to send mail in bulk.
    "staff-invitation": (30, 24 * 60 * 60),
}


class RateLimited(ValidationError):
    """Too many attempts. A ValidationError, so a form's ``clean()`` may simply raise it."""

    def __init__(self, wait_seconds: float):
        self.wait_seconds = max(1, math.ceil(wait_seconds))
        super().__init__(wait_message(self.wait_seconds), code="rate-limited")

    @property
    def text(self) -> str:
        return self.messages[0]


def wait_message(wait_seconds: float) -> str:
    minutes = max(1, math.ceil(wait_seconds / 60))
    if minutes < 120:
        return ngettext(
            "You have tried this too many times. Please wait %(count)s minute, then try again.",
            "You have tried this too many times. Please wait %(count)s minutes, then try again.",
            minutes,
        ) % {"count": minutes}
    hours = math.ceil(minutes / 60)
    return ngettext(
        "You have tried this too many times. Please wait %(count)s hour, then try again.",
        "You have tried this too many times. Please wait %(count)s hours, then try again.",
        hours,
    ) % {"count": hours}


def rate_key(scope: str, key: str) -> str:
    """The cache key (before the cache adds the borough's schema) for ``key`` in ``scope``."""
    digest = hashlib.sha256(str(key).strip().lower().encode()).hexdigest()[:32]
    return f"{KEY_PREFIX}:{scope}:{digest}"


def check_rate(scope: str, key: str, limit: int, period: int, *, cache=None) -> int:
    """Count one attempt; raise RateLimited if it is more than ``limit`` in ``period`` s.

    Returns the number of attempts so far in this period. ``cache`` is for tests: any
    cache object on the same store (defaults to ``caches["default"]``).
    """
    store = cache if cache is not None else caches[CACHE_ALIAS]
    try:
        return _count(store, scope, key, limit, period)
    except RateLimited:
        raise
    except Exception:
        logger.warning("Rate limit %s counted in the database: the cache is not answering", scope)
    try:
        return _count_in_database(scope, key, limit, period)
    except RateLimited:
        raise
    except Exception:
        logger.exception(
            "Rate limit %s counted in this process: neither cache nor database answered", scope
        )
        return _count_in_process(scope, key, limit, period)


def limit(scope: str, key) -> None:
    """Count one attempt by ``key`` (a member's id, an address) against
    ``RATE_LIMITS[scope]``; raises RateLimited when over."""
    most, period = RATE_LIMITS[scope]
    check_rate(scope, str(key), most, period)


# (schema, counter) -> (count, until on the monotonic clock); bounded, so a flood of keys
# cannot grow a worker's memory (it can only push the oldest counts out).
_in_process = LRUMapping(maxsize=10_000)
_in_process_lock = threading.Lock()


def _in_process_count(counter: str, now: float) -> tuple[int, float]:
    """(count, until) of this schema's ``counter`` in this process; (0, 0) once run out."""
    count, until = _in_process.get((connection.schema_name, counter), (0, 0.0))
    return (count, until) if until > now else (0, 0.0)


def _count_in_process(scope: str, key: str, limit: int, period: int) -> int:
    counter = rate_key(scope, key)
    now = time.monotonic()
    with _in_process_lock:
        count, until = _in_process_count(counter, now)
        if not count:
            until = now + period
        count += 1
        _in_process[(connection.schema_name, counter)] = (count, until)
    if count > limit:
        raise RateLimited(until - now)
    return count


def _count_in_database(scope: str, key: str, limit: int, period: int) -> int:
    counter = rate_key(scope, key)
    now = timezone.now()
    with transaction.atomic():
        # This key's expired count only: a delete over the whole table on every attempt
        # would make every request of an outage contend for it.
        RateCount.objects.filter(key=counter, expires_at__lte=now).delete()
        row, _ = RateCount.objects.select_for_update().get_or_create(
            key=counter, defaults={"expires_at": now + datetime.timedelta(seconds=period)}
        )
        row.count += 1
        row.save(update_fields=["count"])
    if row.count > limit:
        raise RateLimited((row.expires_at - now).total_seconds())
    return row.count


def _count(store, scope: str, key: str, limit: int, period: int) -> int:
    counter = rate_key(scope, key)
    until_key = f"{counter}:until"
    now = time.time()
    if store.add(counter, 1, timeout=period):
        store.set(until_key, now + period, timeout=period)
        count = 1
    else:
        try:
            count = store.incr(counter)
        except ValueError:
            # It expired between add() and incr(): this is the first attempt of a new period.
            return _count(store, scope, key, limit, period)
        if count == 1:
            # INCR recreated a key that expired a moment ago, without an expiry: add one.
            store.touch(counter, timeout=period)
            store.set(until_key, now + period, timeout=period)
    if count > limit:
        until = store.get(until_key) or now + period
        raise RateLimited(until - now)
    return count


def attempts(scope: str, key: str, *, cache=None) -> int:
    """How many attempts are counted now (0 when none): for checks that must not count.
    While the cache is out, the count ``check_rate`` keeps in the database."""
    store = cache if cache is not None else caches[CACHE_ALIAS]
    counter = rate_key(scope, key)
    try:
        if isinstance(store, RedisCache):
            return int(store.strict("get", counter) or 0)
        return int(store.get(counter) or 0)
    except CacheUnavailable:
        pass
    try:
        row = RateCount.objects.filter(key=counter, expires_at__gt=timezone.now()).first()
    except Exception:
        logger.exception(
            "Rate limit %s read in this process: neither cache nor database answered", scope
        )
        with _in_process_lock:
            return _in_process_count(counter, time.monotonic())[0]
    return row.count if row else 0


def reset_rate(scope: str, key: str, *, cache=None) -> None:
    store = cache if cache is not None else caches[CACHE_ALIAS]
    counter = rate_key(scope, key)
    store.delete_many([counter, f"{counter}:until"])


def client_ip(request) -> str:
    """The address the request came from.

    With no proxies trusted (``TRUSTED_PROXY_COUNT`` 0, the default) this is
    REMOTE_ADDR. Behind N trusted proxies (a load balancer, a CDN...) it is the address
    the outermost trusted proxy saw: the Nth entry from the right of X-Forwarded-For.
    Entries further left are whatever the client chose to send, so they are never
    believed; a header too short or not an address falls back to REMOTE_ADDR.
    """
    remote = request.META.get("REMOTE_ADDR") or "unknown"
    trusted = getattr(settings, "TRUSTED_PROXY_COUNT", 0)
    if trusted <= 0:
        return remote
    hops = [hop.strip() for hop in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
    if len(hops) < trusted:
        return remote
    try:
        return str(ipaddress.ip_address(hops[-trusted]))
    except ValueError:
        return remote


IPV6_NETWORK = 64


def limit_address(request) -> str:
    """The address a limit counts: ``client_ip``, with an IPv6 address widened to its /64.

    A household, a phone or a rented server gets a whole /64 from its provider and may use
    any address in it, so 2001:db8::11, ::12 and ::13 are one visitor. The /64 is written as
    its first address ("2001:db8::"). IPv4 addresses (also an IPv4 address written as
    IPv6, ``::ffff:203.0.113.9``) are counted one by one. ``client_ip`` stays the true
    address, for anything that is not a limit.
    """
    address = client_ip(request)
    try:
        parsed = ipaddress.ip_address(address)
    except ValueError:
        return address
    if parsed.version == 4:
        return str(parsed)
    if parsed.ipv4_mapped is not None:
        return str(parsed.ipv4_mapped)
    network = ipaddress.ip_network(f"{parsed}/{IPV6_NETWORK}", strict=False)
    return str(network.network_address)


def rate_limit(scope: str, limit: int, period: int, key=limit_address, methods=("POST",)):
    """View decorator: refuse with a plain 429 page once ``key(request)`` is over the limit.

    Only requests whose method is in ``methods`` count (by default, form submissions).
    """

    def decorator(view):
        @functools.wraps(view)
        def wrapped(request, *args, **kwargs):
            if request.method in methods:
                try:
                    check_rate(scope, key(request), limit, period)
                except RateLimited as refused:
                    return render(
                        request,
                        "core/rate_limited.html",
                        {"message": refused.text, "wait_seconds": refused.wait_seconds},
                        status=429,
                    )
            return view(request, *args, **kwargs)

        return wrapped

    return decorator


@dataclass(frozen=True)
class Attempt:
    """What ``attempt`` did: ``done`` with the service's ``result``, or refused, with the
    HTTP ``status`` to answer (429 for too many attempts)."""

    done: bool
    result: Any = None
    status: int = 200


def attempt(form, service: Callable[[], Any], *refusals, refused_status: int = 200) -> Attempt:
    """Run ``service()`` (a service call for a valid ``form``). Too many attempts
    (RateLimited) become the form's error with status 429; an exception of a class in
    ``refusals`` (a rule the service refuses) becomes the form's error, in its own words,
    with ``refused_status``. Anything else is raised."""
    try:
        return Attempt(True, service())
    except RateLimited as refused:
        form.add_error(None, refused)
        return Attempt(False, status=429)
    except refusals as error:
        form.add_error(None, str(error))
        return Attempt(False, status=refused_status)


def attempt_with_message(request, service: Callable[[], Any], *refusals) -> Attempt:
    """``attempt`` for a button without a form ("I'm going", "Join"): the refusal is an
    error message on the next page instead of a form error."""
    try:
        return Attempt(True, service())
    except RateLimited as refused:
        messages.error(request, refused.text)
        return Attempt(False, status=429)
    except refusals as error:
        messages.error(request, str(error))
        return Attempt(False, status=400)
