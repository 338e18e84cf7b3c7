"""Host name -> borough, cached in each process.

Every request needs this lookup, so it is answered from a small in-process map. The
map is dropped whenever a shared counter in the cache moves: any change to a domain or
a borough's status moves it (see signals.py), so every worker process sees the change
within BOROUGH_HOST_CACHE_SECONDS. The per-schema content type cache
(tenants/contenttypes.py) is emptied at the same moment: launch, retire and restore all
move the counter, and they are what can put another schema behind a known name.

While Redis is out the counter cannot be read: the map is then dropped at every check
(BOROUGH_HOST_CACHE_SECONDS), so hosts are answered from the database. And whatever Redis
says, no map is kept longer than HOST_MAP_MAX_SECONDS: a change whose counter move was
lost in an outage still reaches every process.
"""

import threading
import time

from django_tenants.utils import schema_context

from django.conf import settings

from . import contenttypes
from .cache import CacheUnavailable, announce, strict
from .lru import LRUMapping
from .models import Borough, Domain

GENERATION_KEY = "borough-hosts-generation"
HOST_MAP_MAX_SECONDS = 60
_UNKNOWN = object()  # not in the map (None in it means: no borough at that host)

_lock = threading.Lock()
# The hosts most recently asked for, TENANT_CACHE_SIZE of them (tenants/lru.py).
_state = {"generation": None, "checked_at": 0.0, "filled_at": 0.0, "hosts": LRUMapping()}


def hosts_changed() -> None:
    """Tell every process that host -> borough answers may be stale."""
    with schema_context(settings.PUBLIC_SCHEMA_NAME):
        announce(GENERATION_KEY, time.time_ns(), timeout=None)
    forget_hosts_in_this_process()


def forget_hosts_in_this_process() -> None:
    with _lock:
        _state["hosts"] = LRUMapping()
        _state["checked_at"] = 0.0
        _state["filled_at"] = time.monotonic()
    # A launch, retire or restore may have replaced a schema under the same name.
    contenttypes.forget_all()


def refresh_if_stale() -> None:
    """Drop this process's host map (and content types) if the register moved. In public."""
    now = time.monotonic()
    if now - _state["checked_at"] < settings.BOROUGH_HOST_CACHE_SECONDS:
        return
    try:
        # The caller is in the public schema, so the key is the platform-wide one.
        generation = strict("get", GENERATION_KEY)
    except CacheUnavailable:
        generation = object()  # unknown: equal to nothing, so the map is dropped
    with _lock:
        if generation != _state["generation"] or now - _state["filled_at"] > HOST_MAP_MAX_SECONDS:
            _state["hosts"] = LRUMapping()
            _state["generation"] = generation
            _state["filled_at"] = now
            # Another process launched, retired or restored a borough: a schema of the
            # same name may now hold other content type ids.
            contenttypes.forget_all()
        _state["checked_at"] = now


def borough_for_host(hostname: str):
    """The borough served at ``hostname``, or None (also while it is being retired). Call
    while in the public schema."""
    refresh_if_stale()
    hosts = _state["hosts"]
    known = hosts.get(hostname, _UNKNOWN)
    if known is not _UNKNOWN:
        return known
    domain = (
        Domain.objects.select_related("tenant")
        .filter(domain=hostname, tenant__status__in=Borough.OPEN_STATUSES)
        .first()
    )
    borough = domain.tenant if domain else None
    hosts[hostname] = borough
    return borough
