"""The load run, short (issue 15): the same locustfile as the ten-minute bench
(bench/load/locustfile.py), half a minute at a small fixed rate through Varnish and
gunicorn on the test database, against a borough of its own seeded like the demo ones
(the session boroughs stay nearly empty: they have no activities, events or discussions
to load). No faults: bench/load_and_faults.py makes those against the full topology."""

import csv
import json
import os
import subprocess
import sys
import uuid
from collections import Counter
from pathlib import Path

import psycopg
import pytest

from django.conf import settings

from bench.load_and_faults import in_database, report_requests
from sites.demo.boroughs import DEMO_BOROUGHS
from sites.demo.seed import seed_borough
from tests import servers
from tests.conftest import drop_borough, launch_test_borough

LOCUSTFILE = Path(settings.BASE_DIR) / "bench" / "load" / "locustfile.py"
SECONDS, USERS, RATE_PER_USER = 20, 20, 0.5
# Every kind of request the mix makes (the names locust counts them under).
KINDS = {
    "home", "listing", "activity", "search", "api", "events", "event", "discussion",
    "referral-form", "referral", "sign-in-form", "sign-in", "member-page", "post", "going",
}  # fmt: skip
WRITES = {"post", "rsvp", "referral"}


@pytest.fixture(scope="module")
def loadtown(django_db_setup, django_db_blocker):
    """A borough seeded like the demo's Lambeth (small directory), committed, then dropped.
    A new name each run: its rate-limit counts in Redis must not carry over to the next."""
    slug = f"loadtown{uuid.uuid4().hex[:6]}"
    with django_db_blocker.unblock():
        try:
            borough = launch_test_borough(slug, "Loadtown", f"{slug}.localhost", "default")
            lambeth = next(demo for demo in DEMO_BOROUGHS if demo.slug == "lambeth")
            seed_borough(lambeth, borough, "small")
            yield borough
        finally:
            drop_borough(slug)


def run_locust(proxy, borough, directory: Path) -> tuple[dict[str, dict], list[dict]]:
    """Locust, headless, in a process of its own (it patches the standard library);
    returns its figures by kind of request and the writes the site acknowledged."""
    acks, prefix = directory / "acks.jsonl", directory / "load"
    command = [sys.executable, "-m", "locust", "-f", str(LOCUSTFILE), "--headless"]
    command += ["-u", str(USERS), "-r", str(USERS), "-t", f"{SECONDS}s", "--host", proxy.url]
    command += ["--csv", str(prefix), "--only-summary", "--stop-timeout", "10"]
    environment = {
        "LOAD_BOROUGHS": borough.slug,
        "LOAD_ACK_FILE": str(acks),
        "LOAD_RATE_PER_USER": str(RATE_PER_USER),
        "LOAD_REFERRAL_SHARE": "1",
    }
    # Our own interpreter and arguments.
    finished = subprocess.run(  # noqa: S603
        command,
        env=os.environ | environment,
        capture_output=True,
        text=True,
        timeout=SECONDS + 30,
    )
    assert Path(f"{prefix}_stats.csv").exists(), finished.stderr[-3000:]
    report_requests(prefix)  # the same table the full run prints (pytest -s shows it)
    with open(f"{prefix}_stats.csv") as stats:
        figures = {row["Name"]: row for row in csv.DictReader(stats)}
    writes = [json.loads(line) for line in acks.read_text().splitlines()] if acks.exists() else []
    return figures, writes


def test_a_short_load_run_fails_nothing_and_loses_no_acknowledged_write(proxy, loadtown, tmp_path):
    figures, writes = run_locust(proxy, loadtown, tmp_path)

    failed = {
        kind: row["Failure Count"] for kind, row in figures.items() if row["Failure Count"] != "0"
    }
    assert not failed, (failed, (tmp_path / "load_failures.csv").read_text())
    made = {kind for kind, row in figures.items() if int(row["Request Count"]) > 0}
    assert made >= KINDS, f"never made: {KINDS - made}"

    assert {write["kind"] for write in writes} == WRITES, writes
    with psycopg.connect(servers.test_database_url(), autocommit=True) as db:
        missing = [write for write in writes if not in_database(db, write)]
    assert not missing, missing
    kinds = Counter(write["kind"] for write in writes)
    print(f"acknowledged writes: {dict(kinds)}, all {len(writes)} in the database")
