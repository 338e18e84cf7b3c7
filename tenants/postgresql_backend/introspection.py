"""Finding a schema's tables without reading every table of the database.

Django lists "the tables" (``MigrationRecorder.has_table``: in every ``migrate`` of a
borough, three times, and in every launch's template check) with ``pg_table_is_visible``
over the whole of ``pg_class``, which has no index by schema: with a thousand boroughs
that is 850,000 rows and half a second per call, growing with every borough. A table's
schema is also recorded in ``pg_depend``, which is indexed by what is depended on, so a
borough schema's tables are found from there in milliseconds. Objects of the schemas
PostgreSQL creates itself (``public``) have no such rows, so ``public`` is listed the
usual way.
"""

from django_tenants.postgresql_backend.introspection import (
    DatabaseSchemaIntrospection,
    DatabaseSchemaIntrospectionSearchPathContext,
)

from django.conf import settings
from django.db.backends.postgresql.introspection import TableInfo

TABLES_OF_THE_SCHEMA = """
    SELECT
        c.relname,
        CASE
            WHEN c.relispartition THEN 'p'
            WHEN c.relkind IN ('m', 'v') THEN 'v'
            ELSE 't'
        END,
        obj_description(c.oid, 'pg_class')
    FROM pg_catalog.pg_namespace n
    JOIN pg_catalog.pg_depend d
        ON d.refclassid = 'pg_catalog.pg_namespace'::regclass AND d.refobjid = n.oid
    JOIN pg_catalog.pg_class c ON c.oid = d.objid
    WHERE n.nspname = %s
        AND d.classid = 'pg_catalog.pg_class'::regclass
        AND d.objsubid = 0
        AND c.relkind IN ('f', 'm', 'p', 'r', 'v')
"""


class DatabaseIntrospection(DatabaseSchemaIntrospection):
    def get_table_list(self, cursor):
        schema = self.connection.schema_name
        if not schema or schema == settings.PUBLIC_SCHEMA_NAME:
            return super().get_table_list(cursor)
        with DatabaseSchemaIntrospectionSearchPathContext(
            cursor=cursor, connection=self.connection
        ):
            cursor.execute(TABLES_OF_THE_SCHEMA, [schema])
            return [
                TableInfo(*row) for row in cursor.fetchall() if row[0] not in self.ignored_tables
            ]
