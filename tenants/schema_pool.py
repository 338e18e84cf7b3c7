"""A few borough schemas cloned from the template ahead of time, for fast launches.

Cloning the template takes about a second (more on a busy machine); renaming a schema
(``ALTER SCHEMA … RENAME``) takes milliseconds. So ``fill_pool`` clones up to
``settings.BOROUGH_SCHEMA_POOL_SIZE`` schemas named ``pool__<random>`` (two underscores:
no borough slug can make that name, see tenants/validators.py), and a launch takes one
and renames it to the borough's schema. With the pool empty, or the setting 0, a launch
clones as before.

A pooled schema is only as good as the template it was cloned from. Each carries, as its
schema comment, a fingerprint of the template's applied migrations at the time; a launch
takes only schemas whose fingerprint is the template's now, and ``fill_pool`` drops the
others. ``prepare_template_schema`` (every deploy that changes the template) empties the
whole pool, since its content may have changed too; the deploy's
``prepare_borough_template`` then fills it again. After a launch takes one, the task
``refill_schema_pool`` clones a new one in the background.
"""

import hashlib
import secrets

from psycopg import sql

from django.conf import settings
from django.db import DatabaseError, connection, transaction

POOL_PREFIX = "pool__"
POOL_COMMENT = "connectdo borough pool: "


def pool_size() -> int:
    return max(0, getattr(settings, "BOROUGH_SCHEMA_POOL_SIZE", 0))


def template_fingerprint(schema: str = "") -> str:
    """What the template's tables are (or ``schema``'s): a digest of its applied migrations."""
    with connection.cursor() as cursor:
        cursor.execute(
            sql.SQL("SELECT app, name FROM {} ORDER BY app, name").format(
                sql.Identifier(schema or settings.TENANT_BASE_SCHEMA, "django_migrations")
            )
        )
        rows = cursor.fetchall()
    return hashlib.sha256(repr(rows).encode()).hexdigest()[:32]


def pooled_schemas() -> dict[str, str]:
    """Every pooled schema and its comment (fresh or not)."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT nspname, coalesce(obj_description(oid, 'pg_namespace'), '') "
            "FROM pg_namespace WHERE starts_with(nspname, %s) ORDER BY nspname",
            [POOL_PREFIX],
        )
        return dict(cursor.fetchall())


def fresh_schemas() -> list[str]:
    wanted = POOL_COMMENT + template_fingerprint()
    return [name for name, comment in pooled_schemas().items() if comment == wanted]


def take_pooled_schema(schema_name: str) -> bool:
    """Rename a fresh pooled schema to ``schema_name``; False when there is none.

    Runs inside the launch's transaction: if the launch fails, the rename rolls back and
    the schema is back in the pool. Two launches at once never take the same one (an
    advisory lock per pooled schema, held to the end of the transaction).
    """
    if not pool_size():
        return False
    connection.set_schema_to_public()
    for candidate in fresh_schemas():
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_try_advisory_xact_lock(hashtext(%s))", [candidate])
            if not cursor.fetchone()[0]:
                continue
            try:
                with transaction.atomic():  # a savepoint: a lost race leaves the launch usable
                    cursor.execute(
                        sql.SQL("ALTER SCHEMA {} RENAME TO {}").format(
                            sql.Identifier(candidate), sql.Identifier(schema_name)
                        )
                    )
                    cursor.execute(
                        sql.SQL("COMMENT ON SCHEMA {} IS NULL").format(sql.Identifier(schema_name))
                    )
            except DatabaseError:
                continue  # taken and committed by another launch meanwhile
        return True
    return False


def fill_pool() -> dict[str, int]:
    """Drop stale pooled schemas and clone fresh ones until there are ``pool_size()``.

    One filler at a time (a session advisory lock): another one already at work is left
    to it, and this returns at once.
    """
    from .template_schema import ensure_template_schema

    ensure_template_schema()
    connection.set_schema_to_public()
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_try_advisory_lock(hashtext(%s))", [POOL_PREFIX])
        if not cursor.fetchone()[0]:
            return {"added": 0, "dropped": 0}
    try:
        return _fill()
    finally:
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_unlock(hashtext(%s))", [POOL_PREFIX])


def _fill() -> dict[str, int]:
    from .template_script import create_schema_from_template

    wanted = POOL_COMMENT + template_fingerprint()
    dropped = 0
    for name, comment in pooled_schemas().items():
        if comment != wanted:
            _drop(name)
            dropped += 1
    added = 0
    while len(fresh_schemas()) < pool_size():
        name = f"{POOL_PREFIX}{secrets.token_hex(6)}"
        # One transaction: a half-made clone is never seen, and has no comment anyway.
        with transaction.atomic():
            create_schema_from_template(name)
            with connection.cursor() as cursor:
                cursor.execute(
                    sql.SQL("COMMENT ON SCHEMA {} IS {}").format(
                        sql.Identifier(name), sql.Literal(wanted)
                    )
                )
        added += 1
    return {"added": added, "dropped": dropped}


def empty_pool() -> int:
    """Drop every pooled schema (the template changed); returns how many."""
    connection.set_schema_to_public()
    names = list(pooled_schemas())
    for name in names:
        _drop(name)
    return len(names)


def _drop(name: str) -> None:
    with connection.cursor() as cursor:
        cursor.execute(sql.SQL("DROP SCHEMA IF EXISTS {} CASCADE").format(sql.Identifier(name)))
