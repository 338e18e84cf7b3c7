"""Launch time for bench/platform_bench.py: throwaway bench boroughs launched, timed step
by step, and removed (also what a killed run left behind); the other benches use them too."""

import re
import secrets
import time
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from bench.platform_helpers import attempt as attempt_noting
from bench.platform_helpers import bench_launch_request, say, shielded_from_ctrl_c

BENCH_SLUG = re.compile(r"^bench\d{4}$")


def unused_bench_slug(taken: set[str]) -> str:
    from django_tenants.utils import schema_exists

    from tenants.models import Borough

    while True:
        slug = f"bench{1000 + secrets.randbelow(9000)}"
        if slug in taken or Borough.objects.filter(slug=slug).exists():
            continue
        if schema_exists(slug, case_sensitive=False):
            continue
        return slug


def remove_bench_borough(slug: str) -> list[str]:
    """Remove everything a launch of ``slug`` may have created; returns what is left."""
    from django_tasks_db.models import DBTaskResult
    from django_tenants.utils import schema_exists

    from django.conf import settings
    from django.db import connection, connections, transaction

    from search.services import borough_index_names, delete_borough_indexes
    from tenants.cache import delete_borough_keys
    from tenants.media import delete_media_location
    from tenants.models import Borough
    from tenants.tasks import run_in_schema
    from tenants.validators import schema_name_for_slug

    if not BENCH_SLUG.match(slug):  # never anything but the bench's own boroughs
        raise ValueError(f"{slug!r} is not a bench borough")
    schema = schema_name_for_slug(slug)
    # An interrupted query can leave the connection unusable: start from a fresh one.
    connections.close_all()
    connection.set_schema_to_public()
    problems = []

    def attempt(what, action):
        attempt_noting(problems, what, action)
        connection.set_schema_to_public()

    def drop_database_side():
        with transaction.atomic():
            Borough.objects.filter(slug=slug).delete()  # its domains go with it
            # Launch queues search and reference-index tasks for the new schema.
            DBTaskResult.objects.filter(
                task_path=run_in_schema.module_path, args_kwargs__args__0=schema
            ).delete()
            with connection.cursor() as cursor:
                cursor.execute(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE')

    attempt("search indexes", lambda: delete_borough_indexes(schema))
    attempt("database", drop_database_side)
    attempt("media", lambda: delete_media_location(schema))
    attempt("cache", lambda: delete_borough_keys(schema))

    # Check, rather than trust.
    if schema_exists(schema, case_sensitive=False):
        problems.append(f"schema {schema} still exists")
    if Borough.objects.filter(slug=slug).exists():
        problems.append(f"borough {slug} is still registered")
    media_folder = Path(settings.MEDIA_ROOT) / schema
    if settings.STORAGES["default"]["BACKEND"].endswith("FileSystemStorage") and (
        media_folder.exists()
    ):
        problems.append(f"media folder {media_folder} still exists")
    try:
        left = borough_index_names(schema)
    except Exception as error:
        left = [f"(could not list: {error})"]
    finally:
        connection.set_schema_to_public()
    if left:
        problems.append(f"search indexes left: {', '.join(left)}")
    return problems


def leftover_bench_slugs() -> set[str]:
    """Bench borough names found anywhere: register, schemas, media, indexes, task queue."""
    from django_tasks_db.models import DBTaskResult

    from django.conf import settings
    from django.db import connection

    from modelsearch.backends import get_search_backend

    from tenants.models import Borough
    from tenants.tasks import run_in_schema

    names = set(Borough.objects.values_list("slug", flat=True))
    with connection.cursor() as cursor:
        cursor.execute("SELECT nspname FROM pg_namespace WHERE nspname LIKE 'bench%%'")
        names.update(row[0] for row in cursor.fetchall())
    names.update(
        DBTaskResult.objects.filter(task_path=run_in_schema.module_path).values_list(
            "args_kwargs__args__0", flat=True
        )
    )
    media_root = Path(settings.MEDIA_ROOT)
    if media_root.is_dir():
        names.update(path.name for path in media_root.iterdir())
    backend = get_search_backend()
    if hasattr(backend, "es"):
        prefix = backend.index_prefix
        for index in backend.es.indices.get(index=f"{prefix}bench*"):
            names.add(index[len(prefix) :].split("__")[0])
    return {name for name in names if isinstance(name, str) and BENCH_SLUG.match(name)}


def remove_leftovers() -> int:
    """Remove what a killed run (kill -9) left behind: names bench0000-bench9999 only."""
    slugs = sorted(leftover_bench_slugs())
    failures = 0
    for slug in slugs:
        problems = remove_bench_borough(slug)
        say(f"  removed {slug}" if not problems else f"  {slug}: {'; '.join(problems)}")
        failures += bool(problems)
    if not slugs:
        say("  nothing left by earlier runs")
    return failures


@contextmanager
def timed_launch_steps(timings: dict[str, float]):
    """Time each step of launch_borough (and what runs around them) without changing them."""
    from dataclasses import replace

    from tenants.services import launch

    def timed(name, function):
        def run(*args, **kwargs):
            started = time.perf_counter()
            try:
                return function(*args, **kwargs)
            finally:
                timings[name] = timings.get(name, 0.0) + time.perf_counter() - started

        return run

    steps = list(launch.LAUNCH_STEPS)
    around = {
        name: getattr(launch, name)
        for name in ("validate_launch_request", "ensure_template_schema", "send_admin_invitation")
    }
    launch.LAUNCH_STEPS[:] = [replace(step, run=timed(step.name, step.run)) for step in steps]
    for name, function in around.items():
        setattr(launch, name, timed(name, function))
    try:
        yield
    finally:
        launch.LAUNCH_STEPS[:] = steps
        for name, function in around.items():
            setattr(launch, name, function)


@dataclass
class Launches:
    seconds: list[float]
    steps: list[dict[str, float]]


def measure_launches(count: int) -> Launches:
    from django.db import connection

    from tenants.services import launch_borough
    from tenants.template_schema import ensure_template_schema, template_is_current

    # Each deploy runs prepare_borough_template, so launches find the template current.
    if not template_is_current():
        say("  (the borough template was out of date: preparing it first, untimed)")
        ensure_template_schema()
    connection.set_schema_to_public()

    attempted: list[str] = []
    result = Launches([], [])
    try:
        for _ in range(count):
            slug = unused_bench_slug(set(attempted))
            attempted.append(slug)
            timings: dict[str, float] = {}
            with timed_launch_steps(timings):
                started = time.perf_counter()
                launch_borough(bench_launch_request(slug, f"Bench {slug[5:]}"))
                result.seconds.append(time.perf_counter() - started)
            result.steps.append(timings)
            say(f"  launched {slug} in {result.seconds[-1]:.2f} s")
    finally:
        with shielded_from_ctrl_c():
            for slug in attempted:
                problems = remove_bench_borough(slug)
                if problems:
                    say(f"  CLEANUP INCOMPLETE for {slug}: {'; '.join(problems)}")
                else:
                    say(f"  removed {slug} (schema, register entry, domains, media, indexes)")
    return result
