"""The prepared schema every new borough is cloned from.

Cloning takes about a second; running every migration into an empty schema takes
several. The template holds the migrated tables, what is the same in every borough (groups and
their model permissions, interests, topics) and a site built for a placeholder borough,
which each launch rewrites as the borough's own (sites/borough/starting_site.py).
"""

import functools

from django_tenants.utils import schema_context, schema_exists
from psycopg import sql

from django.apps import apps
from django.conf import settings
from django.core.management import call_command
from django.db import connection
from django.db.migrations.loader import MigrationLoader
from django.db.migrations.recorder import MigrationRecorder

from .content import borough_content
from .contenttypes import forget_schema
from .schema_pool import empty_pool

TEMPLATE_SCHEMA = settings.TENANT_BASE_SCHEMA
TEMPLATE_PREPARED = "connectdo borough template: prepared"


@functools.cache  # the files a process runs do not change under it
def _tenant_migrations_on_disk() -> frozenset[tuple[str, str]]:
    # App labels, not module names: the `search` app's label is `borough_search`.
    labels = {
        config.label for config in apps.get_app_configs() if config.name in settings.TENANT_APPS
    }
    loader = MigrationLoader(None, ignore_no_migrations=True)
    return frozenset(key for key in loader.disk_migrations if key[0] in labels)


def template_is_current() -> bool:
    if not schema_exists(TEMPLATE_SCHEMA):
        return False
    with schema_context(TEMPLATE_SCHEMA):
        applied = set(MigrationRecorder(connection).applied_migrations())
        prepared = _template_marker_exists()
    return prepared and _tenant_migrations_on_disk() <= applied


def _template_marker_exists() -> bool:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT obj_description(%s::regnamespace, 'pg_namespace')", [TEMPLATE_SCHEMA]
        )
        (comment,) = cursor.fetchone()
    return comment == _prepared_marker()


def _prepared_marker() -> str:
    """Prepared, and by which version of the code that says what the template holds: a
    deploy that changes what boroughs start with prepares the template again."""
    return f"{TEMPLATE_PREPARED} {borough_content().template_version()}"


def prepare_template_schema(verbosity: int = 0) -> None:
    """Create or bring the template up to date. Idempotent; run on every deploy."""
    if not schema_exists(TEMPLATE_SCHEMA):
        with connection.cursor() as cursor:
            cursor.execute(sql.SQL("CREATE SCHEMA {}").format(sql.Identifier(TEMPLATE_SCHEMA)))
    call_command(
        "migrate_schemas", schema_name=TEMPLATE_SCHEMA, interactive=False, verbosity=verbosity
    )
    with schema_context(TEMPLATE_SCHEMA):
        borough_content().prepare_template_content()
        _rename_sequences_to_their_tables()
        with connection.cursor() as cursor:
            cursor.execute(
                sql.SQL("COMMENT ON SCHEMA {} IS {}").format(
                    sql.Identifier(TEMPLATE_SCHEMA), sql.Literal(_prepared_marker())
                )
            )
    connection.set_schema_to_public()
    forget_schema(TEMPLATE_SCHEMA)
    from .template_script import forget_script  # it imports this module

    forget_script()  # its rows may have changed with the same migrations
    # Schemas cloned from the template as it was are stale now (prepare_borough_template
    # fills the pool again).
    empty_pool()


def _rename_sequences_to_their_tables() -> None:
    """Give every column-owned sequence the name PostgreSQL would give it today.

    A renamed table keeps its old sequence name (wagtailcore_revision still uses
    wagtailcore_pagerevision_id_seq). The clone function recreates identity columns,
    whose new sequences get the canonical name, and then fails granting rights on the
    old one. Renaming them in the template makes both names agree.
    """
    with connection.cursor() as cursor:
        cursor.execute(
            """
            SELECT seq.relname, tbl.relname, col.attname
            FROM pg_class seq
            JOIN pg_namespace ns ON ns.oid = seq.relnamespace
            JOIN pg_depend dep ON dep.objid = seq.oid AND dep.deptype IN ('a', 'i')
            JOIN pg_class tbl ON tbl.oid = dep.refobjid
            JOIN pg_attribute col ON col.attrelid = tbl.oid AND col.attnum = dep.refobjsubid
            WHERE seq.relkind = 'S' AND ns.nspname = %s
            """,
            [TEMPLATE_SCHEMA],
        )
        for sequence, table, column in cursor.fetchall():
            canonical = f"{table}_{column}_seq"
            if sequence != canonical and len(canonical) <= 63:
                cursor.execute(
                    sql.SQL("ALTER SEQUENCE {} RENAME TO {}").format(
                        sql.Identifier(TEMPLATE_SCHEMA, sequence), sql.Identifier(canonical)
                    )
                )


def ensure_template_schema(verbosity: int = 0) -> None:
    if not template_is_current():
        prepare_template_schema(verbosity=verbosity)
