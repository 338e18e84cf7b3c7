"""migrate_boroughs: the deploy's database steps, boroughs in parallel, failures named.

The parallel runs are real: ``manage.py migrate_boroughs --workers 2`` in a subprocess
against the test database, with one new migration for the ``home`` app given through
``MIGRATION_MODULES`` in a settings module written to a temporary folder (the real
migrations plus ``9999_scale_probe``, which creates a table). Nothing is left in the
repository, and each test removes the probe's table and rows from every schema after.
"""

import io
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from psycopg import sql

from django.conf import settings
from django.core.management import CommandError, call_command
from django.db import connection

from tests.servers import test_database_url as database_url

PROBE = "9999_scale_probe"
PROBE_TABLE = "scale_probe_table"
SCHEMAS = ["public", settings.TENANT_BASE_SCHEMA, "lambeth", "southwark"]


PROBE_OPERATIONS = (
    "[migrations.RunSQL(\n"
    f"        'CREATE TABLE {PROBE_TABLE} (id integer)', 'DROP TABLE {PROBE_TABLE}'\n"
    "    )]"
)
# A new model: post_migrate must give every borough its content type and permissions.
MODEL_OPERATIONS = (
    "[migrations.CreateModel('ScaleProbe', [\n"
    "        ('id', models.AutoField(primary_key=True)),\n"
    "        ('page', models.ForeignKey('wagtailcore.Page', models.CASCADE)),\n"
    "    ])]"
)


def write_probe_migrations(folder: Path, operations: str = PROBE_OPERATIONS) -> None:
    """A settings module whose ``home`` migrations are the real ones plus the probe."""
    real = Path(settings.BASE_DIR) / "sites" / "home" / "migrations"
    package = folder / "scale_probe_migrations"
    package.mkdir()
    (package / "__init__.py").write_text("")
    names = sorted(path.stem for path in real.glob("[0-9]*.py"))
    for name in names:
        (package / f"{name}.py").write_text(
            "import importlib\n\n"
            f"Migration = importlib.import_module('sites.home.migrations.{name}').Migration\n"
        )
    (package / f"{PROBE}.py").write_text(
        "from django.db import migrations, models\n\n\n"
        "class Migration(migrations.Migration):\n"
        f"    dependencies = [('home', '{names[-1]}'), ('wagtailcore', '__latest__')]\n"
        f"    operations = {operations}\n"
    )
    (folder / "scale_probe_settings.py").write_text(
        "from connectdo.settings.test import *  # noqa: F403\n\n"
        "MIGRATION_MODULES = {'home': 'scale_probe_migrations'}\n"
    )


def migrate_boroughs_with_probe(folder: Path, *args: str) -> subprocess.CompletedProcess:
    here = Path(settings.BASE_DIR)
    environment = os.environ | {
        "DJANGO_SETTINGS_MODULE": "scale_probe_settings",
        "DATABASE_URL": database_url(),
        "PYTHONPATH": os.pathsep.join([str(folder), str(here), str(here / "platform")]),
        "LOG_LEVEL": "WARNING",
    }
    return subprocess.run(  # noqa: S603 -- our own manage.py, fixed arguments
        [sys.executable, str(here / "manage.py"), "migrate_boroughs", *args],
        env=environment,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )


def probe_state(schema: str) -> tuple[bool, bool]:
    """(the probe migration is recorded, its table exists) in ``schema``."""
    with connection.cursor() as cursor:
        cursor.execute(
            sql.SQL("SELECT count(*) FROM {} WHERE app = 'home' AND name = %s").format(
                sql.Identifier(schema, "django_migrations")
            ),
            [PROBE],
        )
        (recorded,) = cursor.fetchone()
        cursor.execute("SELECT to_regclass(%s) IS NOT NULL", [f"{schema}.{PROBE_TABLE}"])
        (table,) = cursor.fetchone()
    return bool(recorded), table


@pytest.fixture
def probe(committed_db, tmp_path):
    write_probe_migrations(tmp_path)
    yield tmp_path
    with connection.cursor() as cursor:
        for schema in SCHEMAS:
            cursor.execute(
                sql.SQL("DELETE FROM {} WHERE app = 'home' AND name = %s").format(
                    sql.Identifier(schema, "django_migrations")
                ),
                [PROBE],
            )
            cursor.execute(
                sql.SQL("DROP TABLE IF EXISTS {}").format(sql.Identifier(schema, PROBE_TABLE))
            )


def test_a_new_migration_reaches_every_borough_and_a_second_run_skips_them(probe):
    result = migrate_boroughs_with_probe(probe, "--workers", "2", "--no-defaults")
    assert result.returncode == 0, result.stderr
    out = result.stdout
    assert re.search(r"^Public schema: 1 of 1; migrated, \d+\.\d s$", out, re.M), out
    assert re.search(r"^Borough template: 1 of 1; migrated, \d+\.\d s$", out, re.M), out
    assert re.search(
        r"^Migrated boroughs: 2 of 2; 2 migrated, 0 skipped \(as the template\), 0 failed; "
        r"2 workers, \d+\.\d s$",
        out,
        re.M,
    ), out
    assert re.search(r"^Deploy steps: public .* template .* boroughs \d+\.\d s; ", out, re.M)
    assert probe_state("public") == (True, False)  # recorded; home has no tables in public
    for schema in SCHEMAS[1:]:
        assert probe_state(schema) == (True, True), schema

    again = migrate_boroughs_with_probe(probe, "--workers", "2", "--no-defaults")
    assert again.returncode == 0, again.stderr
    assert "Public schema: 1 of 1; up to date, skipped" in again.stdout
    assert "Borough template: 1 of 1; up to date, skipped" in again.stdout
    assert "Migrated boroughs: 2 of 2; 0 migrated, 2 skipped (as the template)" in again.stdout


def test_a_failing_borough_is_named_and_the_others_are_migrated(probe):
    # Southwark already has a table by the probe's name: its migration cannot apply.
    with connection.cursor() as cursor:
        cursor.execute(
            sql.SQL("CREATE TABLE {} (x text)").format(sql.Identifier("southwark", PROBE_TABLE))
        )

    result = migrate_boroughs_with_probe(probe, "--workers", "2", "--no-defaults")

    assert result.returncode != 0
    assert re.search(
        r"^southwark failed: \w+: relation \"scale_probe_table\" already exists$",
        result.stderr,
        re.M,
    ), result.stderr
    assert "1 borough step(s) failed: southwark" in result.stderr
    assert "Migrated boroughs: 2 of 2; 1 migrated, 0 skipped (as the template), 1 failed" in (
        result.stdout
    )
    assert probe_state("lambeth") == (True, True)
    assert probe_state(settings.TENANT_BASE_SCHEMA) == (True, True)
    assert probe_state("southwark") == (False, True)  # its own table, not the migration's


@pytest.mark.django_db
def test_a_deploy_with_nothing_to_do_skips_every_step_that_can_be(lambeth, southwark):
    out = io.StringIO()
    call_command("migrate_boroughs", stdout=out)
    lines = out.getvalue().splitlines()
    assert re.fullmatch(r"Public schema: 1 of 1; up to date, skipped, \d+\.\d s", lines[0])
    assert re.fullmatch(r"Borough template: 1 of 1; up to date, skipped, \d+\.\d s", lines[1])
    assert any(
        re.fullmatch(
            r"Migrated boroughs: 2 of 2; 0 migrated, 2 skipped \(as the template\), 0 failed; "
            r"\d+ workers, \d+\.\d s",
            line,
        )
        for line in lines
    ), lines
    assert any(
        re.fullmatch(
            r"Refreshed borough defaults: 2 of 2; 0 changed, 2 skipped \(up to date\), "
            r"0 failed, \d+\.\d s",
            line,
        )
        for line in lines
    ), lines
    assert not [line for line in lines if "already up to date" in line], "only changes said"
    assert re.fullmatch(
        r"Deploy steps: public \d+\.\d s, template \d+\.\d s, boroughs \d+\.\d s, "
        r"defaults \d+\.\d s; \d+\.\d s in all",
        lines[-1],
    )


@pytest.fixture
def model_probe(committed_db, tmp_path):
    write_probe_migrations(tmp_path, MODEL_OPERATIONS)
    yield tmp_path
    with connection.cursor() as cursor:
        for schema in SCHEMAS:
            table = sql.Identifier(schema, "django_migrations")
            cursor.execute(
                sql.SQL("DELETE FROM {} WHERE app = 'home' AND name = %s").format(table), [PROBE]
            )
            cursor.execute(
                sql.SQL("DROP TABLE IF EXISTS {}").format(sql.Identifier(schema, "home_scaleprobe"))
            )
            if schema == "public":
                continue
            types = sql.Identifier(schema, "django_content_type")
            probe_permissions = sql.SQL(
                "SELECT p.id FROM {} p JOIN {} t ON t.id = p.content_type_id "
                "WHERE t.app_label = 'home' AND t.model = 'scaleprobe'"
            ).format(sql.Identifier(schema, "auth_permission"), types)
            cursor.execute(
                sql.SQL("DELETE FROM {} WHERE permission_id IN ({})").format(
                    sql.Identifier(schema, "auth_group_permissions"), probe_permissions
                )
            )
            cursor.execute(
                sql.SQL(
                    "DELETE FROM {} WHERE content_type_id IN "
                    "(SELECT id FROM {} WHERE app_label = 'home' AND model = 'scaleprobe')"
                ).format(sql.Identifier(schema, "auth_permission"), types)
            )
            cursor.execute(
                sql.SQL("DELETE FROM {} WHERE app_label = 'home' AND model = 'scaleprobe'").format(
                    types
                )
            )


def test_a_new_model_gets_its_content_type_and_permissions_in_every_borough(model_probe):
    # One worker: the second borough starts from the state the worker kept from the first.
    result = migrate_boroughs_with_probe(model_probe, "--workers", "1", "--no-defaults")
    assert result.returncode == 0, result.stderr
    assert "Migrated boroughs: 2 of 2; 2 migrated" in result.stdout, result.stdout
    with connection.cursor() as cursor:
        for schema in SCHEMAS[1:]:
            cursor.execute(
                sql.SQL(
                    "SELECT p.codename FROM {} p JOIN {} t ON t.id = p.content_type_id "
                    "WHERE t.app_label = 'home' AND t.model = 'scaleprobe' ORDER BY 1"
                ).format(
                    sql.Identifier(schema, "auth_permission"),
                    sql.Identifier(schema, "django_content_type"),
                )
            )
            codenames = [codename for (codename,) in cursor.fetchall()]
            assert codenames == [
                "add_scaleprobe",
                "change_scaleprobe",
                "delete_scaleprobe",
                "view_scaleprobe",
            ], schema
            cursor.execute("SELECT to_regclass(%s) IS NOT NULL", [f"{schema}.home_scaleprobe"])
            assert cursor.fetchone()[0], schema


@pytest.mark.django_db
def test_check_names_the_schemas_behind_the_code_and_migrates_nothing():
    """`make serve` runs `migrate_boroughs --check` first: a borough missing a migration
    would answer some pages with a server error."""
    out = io.StringIO()
    call_command("migrate_boroughs", "--check", stdout=out)
    assert "nothing to migrate" in out.getvalue()
    with connection.cursor() as cursor:
        cursor.execute(
            "DELETE FROM lambeth.django_migrations WHERE id = "
            "(SELECT max(id) FROM lambeth.django_migrations WHERE app = 'community')"
        )
    with pytest.raises(CommandError, match=r"not applied in lambeth\. .*make migrate"):
        call_command("migrate_boroughs", "--check", stdout=io.StringIO())
