"""Index names carry the borough's schema, so each borough has indexes of its own."""

from django.conf import settings
from django.db import connection

from modelsearch.backends.base import get_model_root


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


def borough_index_prefix(index_prefix: str, schema_name: str) -> str:
    return f"{index_prefix}{schema_name}__"


def index_name_for_model(index_prefix: str, schema_name: str, model) -> str:
    root_model = get_model_root(model)
    return (
        borough_index_prefix(index_prefix, schema_name)
        + f"{root_model._meta.app_label.lower()}_{root_model.__name__.lower()}"
    )
