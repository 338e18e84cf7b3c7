"""A mapping that keeps only its most recently used entries: the bound on every
per-borough cache a process keeps.

A web or task worker serves whichever boroughs its requests name. Each per-schema cache
(content types, the Wagtail Site and menus, host -> borough, visitor salts) would hold
an entry for every borough it ever served: a worker that has served 1,000 boroughs would
hold 1,000 of each. With this bound it holds at most ``settings.TENANT_CACHE_SIZE``
(read at every insertion, so a setting changed in a test applies at once); an evicted
borough is simply read from the database again on its next request.
"""

import threading
from collections import OrderedDict
from collections.abc import Iterator, MutableMapping
from typing import Any

from django.conf import settings

DEFAULT_SIZE = 200


def tenant_cache_size() -> int:
    return max(1, getattr(settings, "TENANT_CACHE_SIZE", DEFAULT_SIZE))


class LRUMapping(MutableMapping):
    """A thread-safe dict of at most ``maxsize`` entries (default TENANT_CACHE_SIZE);
    reading or writing an entry makes it the most recent, inserting beyond the size
    drops the least recent."""

    def __init__(self, maxsize: int | None = None) -> None:
        self._data: OrderedDict = OrderedDict()
        self._lock = threading.RLock()
        self._maxsize = maxsize

    @property
    def maxsize(self) -> int:
        return self._maxsize or tenant_cache_size()

    def __getitem__(self, key) -> Any:
        with self._lock:
            value = self._data[key]
            self._data.move_to_end(key)
            return value

    def __setitem__(self, key, value) -> None:
        with self._lock:
            self._data[key] = value
            self._data.move_to_end(key)
            self._evict()

    def __delitem__(self, key) -> None:
        with self._lock:
            del self._data[key]

    def __contains__(self, key) -> bool:  # a look, not a use: the order stays
        return key in self._data

    def __iter__(self) -> Iterator:
        with self._lock:
            return iter(list(self._data))

    def __len__(self) -> int:
        return len(self._data)

    def setdefault(self, key, default=None):
        with self._lock:
            if key in self._data:
                return self[key]
            self[key] = default
            return default

    def clear(self) -> None:
        with self._lock:
            self._data.clear()

    def _evict(self) -> None:
        while len(self._data) > self.maxsize:
            self._data.popitem(last=False)

    def __repr__(self) -> str:
        return f"LRUMapping({len(self)} of {self.maxsize})"
