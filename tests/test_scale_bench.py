"""The scale bench (bench/scale_bench.py) at its smallest, as CI's smoke test: it runs
every measurement once and leaves nothing behind. Its figures are not checked: a bench
prints timings, tests never assert them."""

import os
import re
import subprocess
import sys
from pathlib import Path

import psycopg
import redis

from django.conf import settings
from django.db import connection, connections

from bench.scale_parts import Run

BENCH = Path(settings.BASE_DIR) / "bench" / "scale_bench.py"


def test_the_scale_bench_runs_at_a_tiny_size_and_cleans_up(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        test_database = connection.settings_dict["NAME"]
        # The bench copies the migrated test database; PostgreSQL copies only a database
        # nobody is connected to.
        connections.close_all()
    env = {key: value for key, value in os.environ.items() if key != "DJANGO_SETTINGS_MODULE"}
    env["BOROUGH_SCHEMA_POOL_SIZE"] = "1"  # the deploys fill the pool: one clone, not two
    completed = subprocess.run(  # noqa: S603
        [
            sys.executable,
            str(BENCH),
            "--steps",
            "3",
            "--samples",
            "3",
            "--rounds",
            "2",
            "--copy-of",
            test_database,
            "--search-url",
            "",
        ],  # fmt: skip
        cwd=settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=900,
    )
    output = completed.stdout
    assert completed.returncode == 0, output[-3000:] + completed.stderr[-3000:]
    for figure in (
        "schema from the template's SQL script: median",
        "schema from CloneSchema: median",
        "schema from the pool: median",
        "home page of",
        "RSS",
        "catalogue MB",
        "retire",
        "no-op deploy:",
        "deploy with one new migration:",
        "== Summary",
    ):
        assert figure in output, f"{figure!r} missing from:\n{output}"
    recorded = re.search(r"the new migration is recorded in (\d+) of (\d+) live boroughs", output)
    assert recorded and recorded[1] == recorded[2], output
    assert "Cleaned up:" in output, output

    name = re.search(r"Scale bench (scale\d+): database (\S+),", output)
    run = Run.new(search_url="")
    with psycopg.connect(run.admin_url) as admin:
        found = admin.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name[2]])
        assert found.fetchone() is None
    assert not (Path(settings.BASE_DIR) / ".run" / "scale-bench" / name[1]).exists()
    assert list(redis.Redis.from_url(settings.REDIS_URL).scan_iter(match=f"*{name[1]}*")) == []
