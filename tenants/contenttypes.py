"""Django's ContentType cache, kept per schema instead of emptied at every schema switch.

Each schema has its own ``django_content_type`` table, and ids differ between them
(public and the boroughs differ for certain; boroughs cloned from different template
builds may differ too). django-tenants therefore calls ``ContentType.objects.clear_cache()``
in every ``set_tenant``, so each request reloads every content type it touches: about a
third of a borough home page's queries.

Here the manager's cache becomes a mapping keyed by (database alias, schema name), and the
clear that django-tenants makes just after a schema switch is skipped: the
``EXTRA_SET_TENANT_METHOD`` hook below (called by ``set_tenant`` just before that clear)
flags it, in the switching thread only. Every other ``clear_cache()`` (migrations,
``create_contenttypes``, ``remove_stale_contenttypes``, tests) still empties everything.

A schema's rows only change identity when the schema itself is replaced (dropped and
launched again under the same name, restored from an archive, or the template rebuilt).
Those paths call ``forget_schema`` in the process that does it, and every other process
empties the whole cache when the borough register's shared counter moves (see
``tenants.routing``), which launch, retire and restore all move.
"""

import threading
from collections.abc import Iterator, MutableMapping

from django.contrib.contenttypes.models import ContentType
from django.db import connections

from .lru import LRUMapping

_switching = threading.local()


def schema_switched(connection, tenant) -> None:
    """EXTRA_SET_TENANT_METHOD: the next clear_cache() in this thread is the switch's own."""
    _switching.keep_next_clear = True


def _schema_of(alias: str) -> str | None:
    return getattr(connections[alias], "schema_name", None)


class SchemaKeyedContentTypeCache(MutableMapping):
    """Stands in for ``ContentTypeManager._cache`` ({alias: {key: ContentType}}).

    Looks like the manager's dict of database aliases, but each alias shows only the
    entries of the schema its connection (in this thread) is set to. Holds at most
    TENANT_CACHE_SIZE schemas' entries (tenants/lru.py).
    """

    def __init__(self) -> None:
        self._by_schema: LRUMapping = LRUMapping()

    # -- what ContentTypeManager uses: [alias], setdefault(alias, {}), clear() --------
    def __getitem__(self, alias: str) -> dict:
        return self._by_schema[(alias, _schema_of(alias))]

    def __setitem__(self, alias: str, entries: dict) -> None:
        self._by_schema[(alias, _schema_of(alias))] = entries

    def __delitem__(self, alias: str) -> None:
        del self._by_schema[(alias, _schema_of(alias))]

    def __iter__(self) -> Iterator[str]:
        return iter(
            [alias for alias, schema in list(self._by_schema) if schema == _schema_of(alias)]
        )

    def __len__(self) -> int:
        return sum(1 for _ in self)

    def setdefault(self, alias: str, default: dict | None = None) -> dict:
        return self._by_schema.setdefault((alias, _schema_of(alias)), default)

    def clear(self) -> None:
        if getattr(_switching, "keep_next_clear", False):
            # django-tenants' clear after a schema switch: the entries are per schema.
            _switching.keep_next_clear = False
            return
        self._by_schema.clear()

    # -- ours ----------------------------------------------------------------------------
    def forget_schema(self, schema_name: str) -> None:
        for key in [key for key in list(self._by_schema) if key[1] == schema_name]:
            self._by_schema.pop(key, None)

    def forget_all(self) -> None:
        self._by_schema.clear()

    def schemas(self) -> set[str | None]:
        return {schema for _, schema in list(self._by_schema)}


def install() -> SchemaKeyedContentTypeCache:
    """Put the per-schema cache on ContentType's manager (and the copies Django made of it)."""
    shared = ContentType.objects._cache
    if isinstance(shared, SchemaKeyedContentTypeCache):
        return shared
    keyed = SchemaKeyedContentTypeCache()
    managers = [ContentType.objects, ContentType._default_manager, *ContentType._meta.managers]
    for manager in managers:
        if getattr(manager, "_cache", None) is shared:
            manager._cache = keyed
    return keyed


def _cache() -> SchemaKeyedContentTypeCache | None:
    cache = ContentType.objects._cache
    return cache if isinstance(cache, SchemaKeyedContentTypeCache) else None


def forget_schema(schema_name: str) -> None:
    """Drop one schema's content types in this process: its schema was replaced."""
    # `is not None`: the mapping is falsy whenever the current schema has no entries.
    if (cache := _cache()) is not None:
        cache.forget_schema(schema_name)


def forget_all() -> None:
    """Drop every schema's content types in this process (a genuine clear)."""
    if (cache := _cache()) is not None:
        cache.forget_all()
    else:
        ContentType.objects.clear_cache()


def cached_schemas() -> set[str | None]:
    cache = _cache()
    return cache.schemas() if cache is not None else set()
