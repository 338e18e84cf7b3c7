"""The parts of bench/scale_bench.py: its own database and everything outside it, seeding,
the deploy commands (with a throwaway migration), the catalogue's size, and the cleanup."""

import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

from bench.platform_helpers import admin_sql, drop_database

REPO = Path(__file__).resolve().parent.parent
PROBE_APP = "scale_bench_probe"
PSQL = shutil.which("psql") or "psql"
PG_DUMP = shutil.which("pg_dump") or "pg_dump"


def say(message: str = "") -> None:
    print(message, flush=True)


def percentile(values: list[float], share: float) -> float:
    """Nearest-rank percentile (p95 of 20 launches is the 19th slowest)."""
    ordered = sorted(values)
    return ordered[max(0, min(len(ordered) - 1, round(share * len(ordered) + 0.5) - 1))]


def summary(values: list[float]) -> str:
    if not values:
        return "-"
    return (
        f"median {statistics.median(values):.3f} s, p95 {percentile(values, 0.95):.3f} s "
        f"(n={len(values)})"
    )


@dataclass
class Run:
    """One run's names: every name outside the database carries ``name``."""

    name: str
    admin_url: str
    database_url: str
    database: str
    search_url: str
    folder: Path
    probe_folder: Path = field(default_factory=lambda: Path(tempfile.mkdtemp(prefix="scale-")))

    @classmethod
    def new(cls, search_url: str) -> "Run":
        name = f"scale{os.getpid()}"
        base = os.environ.get(
            "DATABASE_URL", "postgres://connectdo:connectdo@127.0.0.1:5432/connectdo"
        )
        parts = urlsplit(base)
        database = f"connectdo_{name.replace('scale', 'scale_')}"
        return cls(
            name=name,
            admin_url=urlunsplit(parts._replace(path="/postgres")),
            database_url=urlunsplit(parts._replace(path=f"/{database}")),
            database=database,
            search_url=search_url,
            folder=REPO / ".run" / "scale-bench" / name,
        )

    def environment(self) -> dict[str, str]:
        """What this process and every process it starts run with."""
        return {
            "DJANGO_SETTINGS_MODULE": "bench.scale_settings",
            "DATABASE_URL": self.database_url,
            "MEDIA_ROOT": str(self.folder / "media"),
            "SEARCH_URL": self.search_url,
            "SEARCH_INDEX_PREFIX": f"{self.name}_",
            "SCALE_BENCH_ID": self.name,
            "LOG_LEVEL": "ERROR",
            "PYTHONPATH": os.pathsep.join([str(REPO), str(REPO / "platform")]),
        }

    def create(self, copy_of: str = "") -> None:
        """An empty database, or a copy of a migrated test database (no session may be
        connected to it) so that a small run skips migrating from nothing."""
        self.folder.mkdir(parents=True, exist_ok=True)
        if copy_of and not copy_of.startswith("test_"):
            raise SystemExit(f"--copy-of takes a test database (test_...), not {copy_of!r}")
        if not copy_of:
            admin_sql(self.admin_url, f'CREATE DATABASE "{self.database}"')
        else:
            try:
                admin_sql(self.admin_url, f'CREATE DATABASE "{self.database}" TEMPLATE "{copy_of}"')
            except Exception as error:  # someone is connected: copy it through pg_dump
                if "being accessed by other users" not in str(error):
                    raise
                admin_sql(self.admin_url, f'CREATE DATABASE "{self.database}"')
                self._restore_dump_of(copy_of)
        os.environ.update(self.environment())

    def _restore_dump_of(self, database: str) -> None:
        source = urlunsplit(urlsplit(self.admin_url)._replace(path=f"/{database}"))
        dump = subprocess.run(  # noqa: S603
            [PG_DUMP, "--no-owner", "--no-privileges", source],
            capture_output=True,
            text=True,
            check=True,
        ).stdout
        subprocess.run(  # noqa: S603
            # No ON_ERROR_STOP: objects a fresh database already has (its public schema)
            # are reported and skipped; the bench's own checks catch a broken copy.
            [PSQL, "--quiet", self.database_url],
            input=dump,
            capture_output=True,
            text=True,
            check=True,
        )


def seed_small_directory(schema: str) -> None:
    """A place, an organisation and two of its activities, made by the factories."""
    from django_tenants.utils import schema_context

    from sites.directory.factories import (
        ActivityPageFactory,
        OrganisationPageFactory,
        PlacePageFactory,
    )
    from sites.directory.models import OrganisationIndexPage, PlaceIndexPage

    with schema_context(schema):
        PlacePageFactory(parent=PlaceIndexPage.objects.get())
        organisation = OrganisationPageFactory(parent=OrganisationIndexPage.objects.get())
        ActivityPageFactory(parent=organisation)
        ActivityPageFactory(parent=organisation)


# --- Deploys -------------------------------------------------------------------------

DEPLOY_COMMANDS = [
    ("migrate_schemas --shared", ["migrate_schemas", "--shared"]),
    ("prepare_borough_template", ["prepare_borough_template"]),
    ("migrate_boroughs", ["migrate_boroughs"]),
    ("refresh_borough_defaults", ["refresh_borough_defaults"]),
]


def deploy(run: Run, probe: bool) -> dict[str, float]:
    """The deploy's commands as a release runs them (docs/operations/deploy.md), each a
    process of its own; returns each command's seconds (process start-up included)."""
    env = {**os.environ, **run.environment()}
    if probe:
        env["SCALE_BENCH_PROBE"] = f"{run.probe_folder}:{PROBE_APP}"
    seconds = {}
    for label, arguments in DEPLOY_COMMANDS:
        started = time.perf_counter()
        completed = subprocess.run(  # noqa: S603
            [sys.executable, "manage.py", *arguments, "--verbosity", "0"],
            cwd=REPO,
            env=env,
            capture_output=True,
            text=True,
        )
        seconds[label] = time.perf_counter() - started
        if completed.returncode != 0:
            raise RuntimeError(f"{label} failed:\n{completed.stderr[-3000:]}")
    return seconds


def add_probe_migration(run: Run, number: int) -> str:
    """Write migration ``number`` of the throwaway app: one new column in every borough.

    The app lives in a temporary folder (never in the repository) and only the deploy
    processes load it; its tables go with the database at the end.
    """
    package = run.probe_folder / PROBE_APP
    migrations = package / "migrations"
    migrations.mkdir(parents=True, exist_ok=True)
    (package / "__init__.py").touch()
    (migrations / "__init__.py").touch()
    if number == 1:
        operation = 'migrations.RunSQL("CREATE TABLE scale_bench_probe (id integer)", "")'
        dependencies = "[]"
    else:
        column = f"column_{number}"
        operation = (
            f'migrations.RunSQL("ALTER TABLE scale_bench_probe ADD COLUMN {column} integer", "")'
        )
        dependencies = f"[({PROBE_APP!r}, '{number - 1:04d}_probe')]"
    (migrations / f"{number:04d}_probe.py").write_text(
        "from django.db import migrations\n\n\n"
        "class Migration(migrations.Migration):\n"
        f"    dependencies = {dependencies}\n"
        f"    operations = [{operation}]\n"
    )
    return f"{number:04d}_probe"


def probe_applied_everywhere(migration: str) -> tuple[int, int]:
    """(boroughs with the probe migration recorded, boroughs) after the deploy."""
    from django.db import connection

    from tenants.models import Borough

    schemas = list(Borough.objects.filter(status="live").values_list("schema_name", flat=True))
    with connection.cursor() as cursor:
        done = 0
        for schema in schemas:
            cursor.execute(
                f'SELECT count(*) FROM "{schema}".django_migrations '  # noqa: S608 - our names
                "WHERE app = %s AND name = %s",
                [PROBE_APP, migration],
            )
            done += cursor.fetchone()[0]
    connection.set_schema_to_public()
    return done, len(schemas)


# --- Database and catalogue size ----------------------------------------------------------


def sizes() -> dict[str, float]:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_database_size(current_database())")
        (database,) = cursor.fetchone()
        cursor.execute(
            """SELECT coalesce(sum(pg_total_relation_size(c.oid)), 0)
               FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
               WHERE n.nspname = 'pg_catalog' AND c.relkind IN ('r', 'm')"""
        )
        (catalogue,) = cursor.fetchone()
        cursor.execute("SELECT count(*) FROM pg_class")
        (relations,) = cursor.fetchone()
        cursor.execute("SELECT count(*) FROM pg_attribute")
        (attributes,) = cursor.fetchone()
        cursor.execute("SELECT count(*) FROM pg_namespace")
        (schemas,) = cursor.fetchone()
    return {
        "database MB": database / 2**20,
        "catalogue MB": catalogue / 2**20,
        "pg_class rows": relations,
        "pg_attribute rows": attributes,
        "schemas": schemas,
    }


# --- Cleanup -------------------------------------------------------------------------


def clean_up(run: Run) -> list[str]:
    """Remove the database, media, search indexes, cache keys and the probe app; return
    what could not be removed (checked, not trusted)."""
    from bench.platform_helpers import attempt as attempt_noting

    problems = []

    def attempt(what, action):
        attempt_noting(problems, what, action)

    def close_connections():
        from django.db import connections

        connections.close_all()

    attempt("connections", close_connections)
    attempt("database", lambda: drop_database(run.admin_url, run.database))
    attempt("search indexes", lambda: delete_search_indexes(run))
    attempt("cache keys", lambda: delete_cache_keys(run))
    shutil.rmtree(run.folder, ignore_errors=True)
    shutil.rmtree(run.probe_folder, ignore_errors=True)
    problems += leftovers(run)
    return problems


def leftovers(run: Run) -> list[str]:
    left = []
    try:
        if admin_sql(run.admin_url, "SELECT 1 FROM pg_database WHERE datname = %s", [run.database]):
            left.append(f"database {run.database} still exists")
    except Exception as error:
        left.append(f"could not check the database: {error}")
    if search_indexes(run):
        left.append(f"search indexes left: {', '.join(search_indexes(run))}")
    if cache_keys(run):
        left.append(f"{len(cache_keys(run))} cache keys left")
    for folder in (run.folder, run.probe_folder):
        if folder.exists():
            left.append(f"folder {folder} still exists")
    return left


def search_indexes(run: Run) -> list[str]:
    if not run.search_url:
        return []
    import json
    import urllib.request

    url = f"{run.search_url.split(',')[0].rstrip('/')}/_cat/indices/{run.name}_*?format=json"
    with urllib.request.urlopen(url, timeout=30) as response:  # noqa: S310 - our own node
        return sorted(row["index"] for row in json.load(response))


def delete_search_indexes(run: Run) -> None:
    import urllib.request

    names = search_indexes(run)
    base = run.search_url.split(",")[0].rstrip("/")
    for start in range(0, len(names), 50):
        url = f"{base}/{','.join(names[start : start + 50])}"
        request = urllib.request.Request(url, method="DELETE")  # noqa: S310 - our own node
        urllib.request.urlopen(request, timeout=60).close()  # noqa: S310 - our own node


def _redis():
    import redis

    return redis.Redis.from_url(os.environ["REDIS_URL"])


def cache_keys(run: Run) -> list[bytes]:
    if not os.environ.get("REDIS_URL"):
        return []
    return list(_redis().scan_iter(match=f"*{run.name}*", count=1000))


def delete_cache_keys(run: Run) -> None:
    keys = cache_keys(run)
    client = _redis()
    for start in range(0, len(keys), 500):
        client.delete(*keys[start : start + 500])


# --- Filler boroughs (the fast path between timed launches) ---------------------------


def dump_schema(run: Run, schema: str) -> str:
    """A launched and seeded borough's schema as SQL (pg_dump), to copy into fillers."""
    completed = subprocess.run(  # noqa: S603
        [PG_DUMP, "--schema", schema, "--no-owner", "--no-privileges", run.database_url],
        capture_output=True,
        text=True,
        check=True,
    )
    return completed.stdout


def add_fillers(run: Run, prototype: str, dump: str, numbers: list[int]) -> list[str]:
    """Boroughs copied from ``prototype``'s dump (schema and rows, so its small directory
    too), registered live with a web address, search aliases and media folder: what a
    launch leaves, without the launch's own work. Returns their hosts."""
    import re

    from django.db import connection

    from search.services import create_borough_indexes
    from tenants.media import create_media_location
    from tenants.models import Borough, Domain

    pattern = re.compile(rf"\b{re.escape(prototype)}\b")
    script, made = [], []
    for number in numbers:
        slug = f"{run.name}-{number:04d}"
        schema = slug.replace("-", "_")
        script += [
            "BEGIN;",
            pattern.sub(schema, dump),
            f"UPDATE {schema}.wagtailcore_site SET hostname = '{slug}.localhost', "  # noqa: S608
            f"site_name = 'Scale {number}';",
            "COMMIT;",
        ]
        made.append((number, slug, schema))
    # Two psql processes at once: DDL is CPU-bound in PostgreSQL, one backend per process.
    half = (len(script) // 4 + 1) // 2 * 4  # four lines a borough
    workers = []
    for index, part in enumerate((script[:half], script[half:])):
        if not part:
            continue
        path = run.folder / f"fillers-{index}.sql"
        path.write_text("\n".join(part))
        workers.append(
            subprocess.Popen(  # noqa: S603
                [PSQL, "--quiet", "-v", "ON_ERROR_STOP=1", "--file", str(path), run.database_url],
                stdout=subprocess.DEVNULL,
                stderr=subprocess.PIPE,
                text=True,
            )
        )
    for worker in workers:
        _, errors = worker.communicate()
        if worker.returncode != 0:
            raise RuntimeError(f"copying fillers failed: {errors[-2000:]}")
    connection.set_schema_to_public()
    hosts = []
    for number, slug, schema in made:
        borough = Borough.objects.create(
            schema_name=schema, slug=slug, name=f"Scale {number}", status="live",
            contact_email=f"team@{slug}.example.org",
        )  # fmt: skip
        Domain.objects.create(domain=f"{slug}.localhost", tenant=borough, is_primary=True)
        create_borough_indexes(schema)
        create_media_location(schema)
        connection.set_schema_to_public()
        hosts.append(f"{slug}.localhost")
    return hosts
