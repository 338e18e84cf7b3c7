"""Index and alias names, and document ids, on the shared layout.

One shared index per kind of content (the root model of what it holds: pages, images,
each community model...) for all boroughs: ``<prefix>shared-<app>_<model>``. Each
borough reaches it only through its own filtered alias, ``<prefix><schema>__<app>_<model>``
(the name each borough's index had before the indexes were shared). A schema holds only
lower-case letters, digits and single underscores, so no alias can ever be named like a
shared index (hyphen) or like another borough's alias (double underscore).
"""

from django.conf import settings
from django.db import connection

from modelsearch.backends.base import get_model_root

SHARED_MARK = "shared-"


class NoBoroughForSearch(RuntimeError):
    """Raised when something tries to index or search outside a borough schema."""


def in_borough() -> bool:
    schema = getattr(connection, "schema_name", None)
    return bool(schema) and schema not in (
        settings.PUBLIC_SCHEMA_NAME,
        settings.TENANT_BASE_SCHEMA,
    )


def current_borough_schema() -> str:
    schema = getattr(connection, "schema_name", None)
    if not schema or schema in (settings.PUBLIC_SCHEMA_NAME, settings.TENANT_BASE_SCHEMA):
        raise NoBoroughForSearch(f"Search runs inside a borough; the current schema is {schema!r}.")
    return schema


def kind_of_model(model) -> str:
    root_model = get_model_root(model)
    return f"{root_model._meta.app_label.lower()}_{root_model.__name__.lower()}"


def borough_index_prefix(index_prefix: str, schema_name: str) -> str:
    return f"{index_prefix}{schema_name}__"


def index_name_for_model(index_prefix: str, schema_name: str, model) -> str:
    """The borough's alias for ``model``'s kind of content: its only way in."""
    return borough_index_prefix(index_prefix, schema_name) + kind_of_model(model)


def shared_index_name(index_prefix: str, model) -> str:
    return f"{index_prefix}{SHARED_MARK}{kind_of_model(model)}"


def shared_index_pattern(index_prefix: str) -> str:
    return f"{index_prefix}{SHARED_MARK}*"


def document_id(schema_name: str, generation: str, pk) -> str:
    """Unique across boroughs (all cloned from one template, so their pks collide) and
    generations (a rebuild fills a new one beside the one searchers use)."""
    return f"{schema_name}:{generation}:{pk}"
