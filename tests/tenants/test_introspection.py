"""Listing a schema's tables through pg_depend (tenants/postgresql_backend/introspection.py)
must give exactly what Django's visibility query gives, in every kind of schema."""

import pytest
from django_tenants.postgresql_backend.introspection import DatabaseSchemaIntrospection
from django_tenants.utils import schema_context

from django.conf import settings
from django.db import connection

from tenants.postgresql_backend.introspection import DatabaseIntrospection


def tables(introspection_class) -> list:
    with connection.cursor() as cursor:
        return sorted(introspection_class(connection).get_table_list(cursor))


@pytest.mark.django_db
@pytest.mark.parametrize("schema", ["public", settings.TENANT_BASE_SCHEMA, "lambeth"])
def test_a_schemas_tables_are_the_ones_djangos_own_query_finds(schema, lambeth):
    with schema_context(schema):
        with connection.cursor() as cursor:
            cursor.execute("CREATE VIEW a_view_of_pages AS SELECT 1 AS one")
        ours = tables(DatabaseIntrospection)
        djangos = tables(DatabaseSchemaIntrospection)
    assert ours == djangos
    assert "a_view_of_pages" in {table.name for table in ours}
    assert "django_migrations" in {table.name for table in ours}
    if schema != "public":
        assert "wagtailcore_page" in {table.name for table in ours}
