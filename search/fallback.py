"""Which backend answers a search, and falling back to PostgreSQL when the engine is down.

With an engine configured, the ``database`` backend (search/conf.py) is kept up to date
alongside it, so a search can always be answered from PostgreSQL. After an engine
error, this process skips the engine for ``ENGINE_RETRY_SECONDS`` rather than make every
visitor wait for the same timeout; the first search after that tries it again.
"""

import json
import logging
import threading
import time

from django.utils.translation import gettext_noop

from modelsearch.backends import get_search_backend

from tenants.metrics import search_fell_back

from .conf import FALLBACK_ALIAS
from .engine import is_engine

logger = logging.getLogger(__name__)

ENGINE_RETRY_SECONDS = 30
# In English here (a plain string, so tests can look for it); shown through gettext.
SIMPLER_MODE_NOTICE = gettext_noop(
    "Search is running in a simpler mode at the moment, so results may be less complete than usual."
)

_lock = threading.Lock()
_engine_down_until: dict[tuple, float] = {}
_per_thread = threading.local()


def cached_backend(alias: str = "default"):
    """The backend called ``alias``, built once per thread and configuration.

    modelsearch builds a new backend, and so a new engine client and connection pool,
    on every get_search_backend() call; a search would open a new connection each
    time. A backend object is safe to keep: it reads the borough's schema at call time
    (backends/borough.py). One per thread, so threads never wait for each other.
    """
    from modelsearch.conf import get_app_config

    config = get_app_config().get_search_backend_config()
    key = (alias, json.dumps(config.get(alias), sort_keys=True, default=repr))
    backends = _per_thread.__dict__.setdefault("backends", {})
    if key not in backends:
        if len(backends) > 8:  # settings changed many times (tests): start afresh
            backends.clear()
        backends[key] = get_search_backend(alias)
    return backends[key]


def _engine_key(backend) -> tuple:
    return tuple(sorted(str(host) for host in backend.hosts))


def engine_backend():
    """The engine backend, or None when the platform runs on PostgreSQL alone."""
    backend = cached_backend()
    return backend if is_engine(backend) else None


def database_backend():
    from modelsearch.conf import get_app_config

    if FALLBACK_ALIAS in get_app_config().get_search_backend_config():
        return cached_backend(FALLBACK_ALIAS)
    backend = cached_backend()
    if is_engine(backend):
        raise RuntimeError("An engine is configured without the database fallback backend.")
    return backend


def engine_usable(backend) -> bool:
    with _lock:
        usable = _engine_down_until.get(_engine_key(backend), 0) <= time.monotonic()
    if not usable:
        search_fell_back()  # this search is answered by PostgreSQL
    return usable


def engine_failed(backend, error: Exception) -> None:
    logger.warning(
        "The search engine failed (%s); using the database for %s s", error, ENGINE_RETRY_SECONDS
    )
    with _lock:
        _engine_down_until[_engine_key(backend)] = time.monotonic() + ENGINE_RETRY_SECONDS
    search_fell_back()


def forget_engine_failures() -> None:
    with _lock:
        _engine_down_until.clear()
