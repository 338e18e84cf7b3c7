"""What a deploy does to the database, step by step, and how it knows a step has no work.

Steps: the public schema, the template schema (tenants/template_schema.py), every
borough's schema, every live borough's defaults. The borough steps run in a pool of
processes (tenants/parallel.py). A borough whose applied migrations (its
``django_migrations`` rows) are exactly the template's is skipped: the template has just
been brought up to date, so such a borough has nothing to apply. Finding that out costs
one query for all boroughs, where migrating costs a good part of a second each
(``schema_migrate.py`` says what it shares between boroughs).
"""

from django_tenants.utils import schema_context
from psycopg import sql

from django.conf import settings
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from .content import borough_content
from .models import Borough
from .template_schema import TEMPLATE_SCHEMA, template_is_current

# --- public --------------------------------------------------------------------------------


def public_is_current() -> bool:
    """No migration on disk is unapplied in the public schema (which records them all)."""
    connection.set_schema_to_public()
    executor = MigrationExecutor(connection)
    return not executor.migration_plan(executor.loader.graph.leaf_nodes())


# --- boroughs ----------------------------------------------------------------------------


def borough_schemas() -> list[str]:
    """The schema of every borough that has one (archived boroughs' were dropped)."""
    names = list(
        Borough.objects.exclude(schema_name=settings.PUBLIC_SCHEMA_NAME)
        .exclude(status=Borough.Status.ARCHIVED)
        .order_by("schema_name")
        .values_list("schema_name", flat=True)
    )
    with connection.cursor() as cursor:
        cursor.execute("SELECT nspname FROM pg_namespace WHERE nspname = ANY(%s)", [names])
        existing = {name for (name,) in cursor.fetchall()}
    return [name for name in names if name in existing]


def migration_states(schemas: list[str]) -> dict[str, str | None]:
    """Each schema's applied migrations as one digest (None: no migrations table), in
    one query for all of them."""
    states: dict[str, str | None] = dict.fromkeys(schemas)
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT n.nspname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
            "WHERE c.relname = 'django_migrations' AND c.relkind = 'r' AND n.nspname = ANY(%s)",
            [schemas],
        )
        with_table = [name for (name,) in cursor.fetchall()]
        if not with_table:
            return states
        one = sql.SQL(
            "SELECT {name}, md5(string_agg(app || '.' || name, ',' ORDER BY app, name)) "
            "FROM {table}"
        )
        query = sql.SQL(" UNION ALL ").join(
            one.format(name=sql.Literal(name), table=sql.Identifier(name, "django_migrations"))
            for name in with_table
        )
        cursor.execute(query)
        states.update(dict(cursor.fetchall()))
    return states


def split_by_template(schemas: list[str]) -> tuple[list[str], list[str]]:
    """(schemas to migrate, schemas already in the template's migration state)."""
    states = migration_states([TEMPLATE_SCHEMA, *schemas])
    template = states.pop(TEMPLATE_SCHEMA)
    skipped = [name for name in schemas if template is not None and states[name] == template]
    return [name for name in schemas if name not in set(skipped)], skipped


def schemas_behind() -> list[str]:
    """The schemas with migrations on disk not applied yet: public, the template, and the
    boroughs not in the template's state. Empty when the database is as the code."""
    behind = [] if public_is_current() else [settings.PUBLIC_SCHEMA_NAME]
    if not template_is_current():
        behind.append(TEMPLATE_SCHEMA)
    return behind + split_by_template(borough_schemas())[0]


# --- defaults ----------------------------------------------------------------------------


def live_borough_schemas(slug: str | None = None) -> list[str]:
    boroughs = Borough.objects.filter(status=Borough.Status.LIVE)
    if slug:
        boroughs = boroughs.filter(slug=slug)
    return list(boroughs.order_by("schema_name").values_list("schema_name", flat=True))


def split_by_defaults(schemas: list[str]) -> tuple[list[str], list[str]]:
    """(schemas to refresh, schemas that already hold every default), in one query.

    The check is cheap enough to run every deploy, so what people change between deploys
    (Moderators' extra page permissions, an admin's own address in the footer) is still
    found and taken back; only boroughs where it finds nothing to do are skipped.
    """
    connection.set_schema_to_public()
    to_refresh = borough_content().schemas_to_refresh(schemas)
    return to_refresh, [name for name in schemas if name not in set(to_refresh)]


def refresh_schema(schema: str) -> str:
    """Give one live borough what new boroughs now start with; what it did, in words."""
    connection.set_schema_to_public()
    borough = Borough.objects.get(schema_name=schema)
    with schema_context(schema):
        return f"{borough.name}: {borough_content().refresh_defaults(borough)}"


def borough_names(schemas: list[str]) -> dict[str, str]:
    return dict(Borough.objects.filter(schema_name__in=schemas).values_list("schema_name", "name"))
