"""Creating, rebuilding and removing a borough's search indexes."""

import logging

from django_tenants.utils import schema_context

from django.core.management import call_command

from modelsearch.backends import get_search_backend
from modelsearch.index import get_indexed_models

from .backends.naming import borough_index_prefix

logger = logging.getLogger(__name__)


def uses_search_engine() -> bool:
    return hasattr(get_search_backend(), "es")


def create_borough_indexes(schema_name: str) -> list[str]:
    """Create the borough's empty indexes and mappings (the database backend needs none)."""
    created = []
    with schema_context(schema_name):
        backend = get_search_backend()
        if not uses_search_engine():
            return created
        for model in get_indexed_models():
            index = backend.get_index_for_model(model)
            if index.name not in created and not index.exists():
                index.put()
                created.append(index.name)
            index.add_model(model)
    return created


def borough_index_names(schema_name: str) -> list[str]:
    with schema_context(schema_name):
        backend = get_search_backend()
        if not uses_search_engine():
            return []
        pattern = borough_index_prefix(backend.index_prefix, schema_name) + "*"
        found = backend.es.indices.get(index=pattern)
        names = set(found)
        for index_info in found.values():
            names.update(index_info.get("aliases", {}))
        return sorted(names)


def delete_borough_indexes(schema_name: str) -> None:
    with schema_context(schema_name):
        backend = get_search_backend()
        if not uses_search_engine():
            return
        pattern = borough_index_prefix(backend.index_prefix, schema_name) + "*"
        for name in backend.es.indices.get(index=pattern):
            backend.es.indices.delete(index=name)


def rebuild_borough_index(schema_name: str) -> None:
    """Rebuild from the database; atomic on an engine (new index, then alias swap)."""
    with schema_context(schema_name):
        call_command("update_index", verbosity=0)
