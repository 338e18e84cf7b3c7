"""New borough schemas made from the template's SQL script (tenants/template_script.py):
the same schema CloneSchema makes, never from a stale script, and the name is changed
only where it is the schema's name."""

import logging
import re

import pytest
from django_tenants.clone import CloneSchema
from psycopg import sql

from django.db import connection

from search.services import delete_borough_indexes
from tenants.media import delete_media_location
from tenants.models import TemplateScript
from tenants.schema_pool import template_fingerprint
from tenants.services import LaunchRequest, launch_borough
from tenants.template_schema import TEMPLATE_SCHEMA
from tenants.template_script import (
    ScriptRefused,
    create_schema_from_template,
    current_script,
    refresh_script,
    script_from_dump,
)
from tests.conftest import client_for

SCRIPTED, CLONED = "tplscript_made", "tplscript_cloned"

# What a schema is, read from the catalogue, with its own name taken out.
CATALOGUE = {
    "columns": """
        SELECT table_name, column_name, ordinal_position, data_type, is_nullable,
               replace(coalesce(column_default, ''), %(schema)s, 'S'), is_identity,
               coalesce(identity_generation, ''), coalesce(character_maximum_length, 0)
        FROM information_schema.columns WHERE table_schema = %(schema)s""",
    "indexes": """
        SELECT indexname, replace(indexdef, %(schema)s, 'S')
        FROM pg_indexes WHERE schemaname = %(schema)s""",
    "constraints": """
        SELECT rel.relname, con.conname, con.contype, con.condeferrable, con.condeferred,
               replace(pg_get_constraintdef(con.oid), %(schema)s, 'S')
        FROM pg_constraint con JOIN pg_class rel ON rel.oid = con.conrelid
        WHERE con.connamespace = %(schema)s::regnamespace""",
    "sequences": """
        SELECT sequencename, data_type::text, start_value, increment_by,
               coalesce(last_value, 0)
        FROM pg_sequences WHERE schemaname = %(schema)s""",
    "relations": """
        SELECT relname, relkind::text FROM pg_class
        WHERE relnamespace = %(schema)s::regnamespace""",
}


def catalogue(schema: str) -> dict[str, list[tuple]]:
    with connection.cursor() as cursor:
        found = {}
        for part, query in CATALOGUE.items():
            cursor.execute(query, {"schema": schema})
            found[part] = sorted(cursor.fetchall())
        return found


def same_predicate(definition: str) -> str:
    """A partial index's condition without casts and brackets: PostgreSQL prints the
    template's ``= ANY(ARRAY[…]::text[])`` back as ``= ANY(ARRAY[…::text, …])``."""
    head, where, condition = definition.partition(" WHERE ")
    return head + where + re.sub(r"::[a-z ]+(\[\])?|[()\[\]]", "", condition)


def unnamed(part: str, found: list[tuple]) -> list[tuple]:
    if part == "indexes":
        return sorted(same_predicate(re.sub(r"INDEX \S+ ON", "INDEX ON", d)) for _, d in found)
    if part == "constraints":
        return sorted((table, *rest) for table, _, *rest in found)
    if part == "sequences":  # CloneSchema makes every identity sequence bigint
        return sorted((name, *rest) for name, _, *rest in found)
    if part == "relations":  # the indexes behind renamed constraints
        return sorted(kind for _, kind in found)
    return found


def rows(schema: str) -> dict[str, str]:
    """Every table's rows, as a digest."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT tablename FROM pg_tables WHERE schemaname = %s ORDER BY 1", [schema])
        tables = [name for (name,) in cursor.fetchall()]
        digests = {}
        for table in tables:
            cursor.execute(
                sql.SQL(
                    "SELECT count(*), md5(coalesce(string_agg(t::text, '|' ORDER BY t::text), ''))"
                    " FROM {} t"
                ).format(sql.Identifier(schema, table))
            )
            digests[table] = cursor.fetchone()
        return digests


def next_ids(schema: str) -> dict[str, int]:
    """The id the next row of each table with rows would get."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT sequencename FROM pg_sequences WHERE schemaname = %s ORDER BY 1", [schema]
        )
        names = [name for (name,) in cursor.fetchall()]
        found = {}
        for name in names:
            cursor.execute("SELECT nextval(%s)", [f"{schema}.{name}"])
            found[name] = cursor.fetchone()[0]
        return found


@pytest.mark.django_db
def test_a_schema_made_from_the_script_is_the_one_clone_schema_makes(caplog):
    # Sequences do not roll back: tests that built pages in the template (rolled back)
    # moved its sequences since the script was taken. A deploy takes it after preparing.
    refresh_script()
    with caplog.at_level(logging.WARNING, logger="tenants.template_script"):
        create_schema_from_template(SCRIPTED)
    assert not caplog.records  # the script was used, no fallback to cloning
    CloneSchema().clone_schema(TEMPLATE_SCHEMA, CLONED, "DATA")
    connection.set_schema_to_public()

    made, cloned, template = catalogue(SCRIPTED), catalogue(CLONED), catalogue(TEMPLATE_SCHEMA)
    assert len(made["relations"]) > 100
    # The script keeps the template's names of constraints, indexes and sequences;
    # CloneSchema renames some unique constraints (…_key) and makes every sequence
    # bigint, so those are compared to its clone without names and types.
    # (Both number columns without the gaps the template's dropped columns left.)
    for part in ("constraints", "sequences", "relations"):
        assert made[part] == template[part], part
    for part in CATALOGUE:
        assert unnamed(part, made[part]) == unnamed(part, cloned[part]), part
    assert rows(SCRIPTED) == rows(CLONED)
    assert rows(SCRIPTED)["auth_group"][0] > 0  # the starting rows are there
    assert next_ids(SCRIPTED) == next_ids(CLONED)


@pytest.mark.django_db
def test_a_stale_script_is_taken_again_and_never_run():
    TemplateScript.objects.filter(template=TEMPLATE_SCHEMA).update(
        fingerprint="taken before a migration", script="SELECT 1 / 0;"
    )

    create_schema_from_template(SCRIPTED)

    stored = TemplateScript.objects.get(template=TEMPLATE_SCHEMA)
    assert stored.fingerprint == template_fingerprint()
    assert "CREATE TABLE borough_template.wagtailcore_page" in stored.script
    assert template_fingerprint(SCRIPTED) == template_fingerprint()


@pytest.mark.django_db
def test_a_template_migrated_in_this_transaction_is_cloned_not_scripted(caplog):
    # The script is taken by pg_dump, which cannot see this uncommitted migration: the
    # new schema's migrations then differ from the template's, and it is cloned instead.
    with connection.cursor() as cursor:
        cursor.execute(
            "INSERT INTO borough_template.django_migrations (app, name, applied) "
            "VALUES ('directory', '9999_not_committed', now())"
        )

    with caplog.at_level(logging.WARNING, logger="tenants.template_script"):
        create_schema_from_template(SCRIPTED)

    assert "cloning instead" in caplog.text
    assert template_fingerprint(SCRIPTED) == template_fingerprint()


@pytest.fixture
def _remove_croydon_after():
    """Database work rolls back after each test; media folders and indexes do not."""
    yield
    delete_media_location("croydon")
    delete_borough_indexes("croydon")


@pytest.mark.django_db
@pytest.mark.usefixtures("_remove_croydon_after")
def test_a_launch_without_the_pool_uses_the_script(caplog):
    assert current_script() is not None
    request = LaunchRequest(
        slug="croydon",
        name="Croydon",
        domain="croydon.localhost",
        admin_email="lead@croydon.example.org",
    )
    with caplog.at_level(logging.WARNING, logger="tenants.template_script"):
        result = launch_borough(request)

    assert not result.schema_from_pool
    assert not caplog.records
    assert client_for("croydon.localhost").get("/").status_code == 200


DUMP = """--
-- Name: borough_template; Type: SCHEMA; Schema: -; Owner: -
--
\\restrict abc
SET statement_timeout = 0;
SELECT pg_catalog.set_config('search_path', '', false);
CREATE SCHEMA borough_template;
COMMENT ON SCHEMA borough_template IS 'connectdo borough template: prepared';
CREATE TABLE borough_template.note (id integer NOT NULL, body text);
INSERT INTO borough_template.note VALUES (1, 'it''s; fine'), (2, 'x');
SELECT pg_catalog.setval('borough_template.note_id_seq', 2, true);
\\unrestrict abc
"""


def test_only_the_schema_name_is_replaced_and_session_settings_are_dropped():
    script = script_from_dump(DUMP)

    assert script.replace(TEMPLATE_SCHEMA, '"croydon"') == (
        'CREATE SCHEMA "croydon";\n'
        'CREATE TABLE "croydon".note (id integer NOT NULL, body text);\n'
        "INSERT INTO \"croydon\".note VALUES (1, 'it''s; fine'), (2, 'x');\n"
        "SELECT pg_catalog.setval('\"croydon\".note_id_seq', 2, true);"
    )


@pytest.mark.parametrize(
    "statement",
    [
        "INSERT INTO borough_template.note VALUES (3, 'see borough_template.note');",
        "INSERT INTO borough_template.note VALUES (3, 'Borough_Template');",
        "CREATE FUNCTION borough_template.f() RETURNS int AS $$ SELECT borough_template.g() $$;",
        "ALTER TABLE borough_template.note ADD COLUMN borough_template text;",
    ],
)
def test_a_dump_naming_the_template_other_than_as_a_schema_is_refused(statement):
    with pytest.raises(ScriptRefused):
        script_from_dump(DUMP + statement + "\n")
