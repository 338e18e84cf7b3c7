#!/usr/bin/env python
"""The impact report over large boroughs: one borough's page, and all boroughs' console page.

Targets (issue 13): a borough's report over 10,000 participants and 200,000 contacts
renders in at most 1 s; the all-boroughs report over six such boroughs in at most 3 s.

Run from the repository root with the services up (see bench/README.md):

    eval "$(infrastructure/services.sh env)"
    .venv/bin/python bench/impact_bench.py [--boroughs 6] [--people 10000] [--contacts 200000]

It works in a database of its own (``impact_bench_<pid>``, created and dropped here, so
nobody's development data is touched): migrates it, launches the boroughs with the real
launch service, fills each with COPY (participants, referrals, contacts, SWEMWBS pairs,
follow-up answers, outcomes, daily visitors), then times the real pages through Django's
test client (middleware, SQL, charts, templates), each the median of ``--rounds``.
Not a test: it prints figures and PASS/MISS.
"""

import argparse
import datetime
import io
import os
import random
import re
import statistics
import sys
import time
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

REPO = Path(__file__).resolve().parent.parent
for path in (REPO, REPO / "platform"):
    if str(path) not in sys.path:
        sys.path.insert(0, str(path))
os.environ["DJANGO_SETTINGS_MODULE"] = "bench.settings"
os.environ.setdefault("LOG_LEVEL", "ERROR")

from bench.platform_helpers import admin_sql, drop_database  # noqa: E402

BOROUGH_TARGET, ALL_TARGET = 1.0, 3.0
START, END = datetime.date(2025, 1, 1), datetime.date(2025, 12, 31)
PERIOD = f"?start={START}&end={END}"


def say(message: str = "") -> None:
    print(message, flush=True)


def database_urls() -> tuple[str, str, str]:
    base = os.environ.get("DATABASE_URL", "postgres://connectdo:connectdo@127.0.0.1:5432/connectdo")
    parts = urlsplit(base)
    name = f"impact_bench_{os.getpid()}"
    return (
        urlunsplit(parts._replace(path="/postgres")),
        urlunsplit(parts._replace(path=f"/{name}")),
        name,
    )


def copy_rows(cursor, table: str, columns: list[str], rows) -> None:
    buffer = io.StringIO()
    for row in rows:
        buffer.write("\t".join("\\N" if v is None else str(v) for v in row) + "\n")
    buffer.seek(0)
    with cursor.copy(f"COPY {table} ({', '.join(columns)}) FROM STDIN") as copy:
        copy.write(buffer.read())


def fill(schema: str, people: int, contacts: int, rng: random.Random) -> None:
    """A year of coaching in one borough's schema, written with COPY (no ORM per row)."""
    from django.contrib.auth import get_user_model
    from django.db import connection

    from sites.connecting.models import FollowUpAnswers, Participant
    from sites.connecting.swemwbs import RAW_TO_METRIC

    coach = get_user_model().objects.create_user("coach@bench.example.org").pk
    with connection.cursor() as django_cursor:
        cursor = django_cursor.cursor  # psycopg's own, for COPY
        cursor.execute(f'SET search_path TO "{schema}", public')
        cursor.execute("SELECT coalesce(max(id), 0) FROM connecting_referral")
        first = cursor.fetchone()[0] + 1
        ids = range(first, first + people)
        starts = {
            i: datetime.date(2024, 10, 1) + datetime.timedelta(rng.randint(0, 450)) for i in ids
        }
        copy_rows(
            cursor,
            "connecting_referral",
            [
                "id",
                "kind",
                "status",
                "close_reason",
                "first_name",
                "contact_method",
                "contact_detail",
                "contact_times",
                "postcode_district",
                "help_wanted",
                "support_needed",
                "consent",
                "referrer_name",
                "referrer_role",
                "referrer_organisation",
                "referrer_email",
                "reason",
                "person_agreed",
                "created_at",
            ],
            (
                (
                    i,
                    rng.choice(["self", "professional"]),
                    "in-coaching",
                    "",
                    "Bench",
                    "phone",
                    # The contact detail and help wanted are encrypted columns: a plain
                    # value there could not be read back; the report reads neither.
                    "",
                    "",
                    "SE11",
                    "",
                    "",
                    "t",
                    "",
                    "",
                    "",
                    "",
                    "",
                    "t",
                    f"{starts[i] - datetime.timedelta(days=10)} 10:00+00",
                )
                for i in ids
            ),
        )
        completed = {i for i in ids if starts[i] + datetime.timedelta(weeks=12) <= END}
        copy_rows(
            cursor,
            "connecting_participant",
            [
                "id",
                "referral_id",
                "coach_id",
                "first_name",
                "status",
                "started_on",
                "ended_on",
                "notes",
                "created_at",
                "closed_at",
            ],
            (
                (
                    i,
                    i,
                    coach,
                    "Bench",
                    "completed" if i in completed else "active",
                    starts[i],
                    starts[i] + datetime.timedelta(weeks=12) if i in completed else None,
                    "",
                    f"{starts[i]} 10:00+00",
                    f"{starts[i] + datetime.timedelta(weeks=12)} 17:00+00"
                    if i in completed
                    else None,
                )
                for i in ids
            ),
        )
        channels = ["call", "text", "email", "face-to-face", "video"]
        per_person = contacts // people
        copy_rows(
            cursor,
            "connecting_contact",
            ["participant_id", "channel", "date", "minutes", "notes"],
            (
                (
                    i,
                    rng.choice(channels),
                    starts[i] + datetime.timedelta(rng.randint(0, 83)),
                    rng.randint(1, 90),
                    "",
                )
                for i in ids
                for _ in range(per_person)
            ),
        )
        items = [f"item_{n}" for n in range(1, 8)]

        def response(i, timepoint, raw, day):
            values = [raw // 7 + (1 if n < raw % 7 else 0) for n in range(7)]
            return (i, timepoint, day, "paper", *values, raw, RAW_TO_METRIC[raw], f"{day} 12:00+00")

        wellbeing = []
        for i in ids:
            raw = rng.randint(10, 26)
            wellbeing.append(response(i, "start", raw, starts[i]))
            if i in completed:
                end = starts[i] + datetime.timedelta(weeks=12)
                wellbeing.append(response(i, "12-weeks", min(35, raw + rng.randint(0, 9)), end))
        copy_rows(
            cursor,
            "connecting_wellbeingresponse",
            [
                "participant_id",
                "timepoint",
                "completed_on",
                "source",
                *items,
                "raw_score",
                "metric_score",
                "created_at",
            ],
            wellbeing,
        )
        questions = list(FollowUpAnswers.QUESTIONS)
        copy_rows(
            cursor,
            "connecting_followupanswers",
            ["participant_id", "completed_on", "source", *questions, "created_at"],
            (
                (
                    i,
                    starts[i] + datetime.timedelta(weeks=25),
                    "paper",
                    *[rng.choice(["t", "t", "f", None]) for _ in questions],
                    "2025-06-01 12:00+00",
                )
                for i in sorted(completed)[: len(completed) * 3 // 4]
            ),
        )
        kinds = ["volunteering", "accredited-course", "employment", "exercise", "skills", "other"]
        copy_rows(
            cursor,
            "connecting_outcome",
            ["participant_id", "kind", "recorded_on", "details"],
            (
                (i, rng.choice(kinds), starts[i] + datetime.timedelta(weeks=11), "")
                for i in completed
            ),
        )
        copy_rows(
            cursor,
            "connecting_dailyvisitors",
            ["day", "visitors"],
            ((START + datetime.timedelta(d), rng.randint(5, 15)) for d in range(365)),
        )
        for table in ("referral", "participant", "contact", "wellbeingresponse", "outcome"):
            cursor.execute(f"ANALYZE connecting_{table}")
    assert Participant.objects.count() == people


def timed(client, path: str, rounds: int) -> tuple[float, float, int]:
    first_started = time.perf_counter()
    response = client.get(path)
    first = time.perf_counter() - first_started
    assert response.status_code == 200, (path, response.status_code)
    # Figures, not an empty report: the people referred are a number.
    assert re.search(rb"Referred in all</th><td>[\d,]+</td>", response.content), path
    times = []
    for _ in range(rounds):
        started = time.perf_counter()
        client.get(path)
        times.append(time.perf_counter() - started)
    return first, statistics.median(times), len(response.content)


def row(label: str, cold: float, warm: float, target: float) -> bool:
    verdict = "PASS" if warm <= target else "MISS"
    say(f"{label:<40}{cold:>10.3f}{warm:>12.3f}{target:>9.1f}  {verdict}")
    return warm <= target


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--boroughs", type=int, default=6)
    parser.add_argument("--people", type=int, default=10_000)
    parser.add_argument("--contacts", type=int, default=200_000)
    parser.add_argument("--rounds", type=int, default=5)
    options = parser.parse_args()

    admin_url, bench_url, name = database_urls()
    admin_sql(admin_url, f'CREATE DATABASE "{name}"')
    os.environ["DATABASE_URL"] = bench_url
    launched: list[str] = []
    try:
        return run(options, launched)
    finally:
        try:
            from django.db import connections

            from search.services import delete_borough_indexes
            from tenants.media import delete_media_location

            for schema in launched:  # what lives outside the database
                delete_borough_indexes(schema)
                delete_media_location(schema)
            connections.close_all()
        except Exception as error:  # the database is dropped below whatever happened
            say(f"Cleaning up: {error}")
        drop_database(admin_url, name)
        say(f"Dropped the bench database {name}.")


def run(options, launched: list[str]) -> int:
    import django
    from django.conf import settings

    # No collectstatic for a bench: plain static file URLs.
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    django.setup()
    from django_tenants.utils import schema_context

    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client

    from bench.platform_helpers import bench_launch_request
    from sites.core.roles import CONNECTING_TEAM_LEADS
    from tenants.services import launch_borough

    started = time.perf_counter()
    call_command("migrate_schemas", "--shared", verbosity=0)
    say(f"Migrated the bench database in {time.perf_counter() - started:.1f} s.")
    rng = random.Random("impact-bench")  # noqa: S311 -- made-up data, the same every run
    boroughs = []
    for n in range(1, options.boroughs + 1):
        slug = f"impactbench{os.getpid()}x{n}"
        launched.append(slug.replace("-", "_"))
        began = time.perf_counter()
        borough = launch_borough(bench_launch_request(slug, f"Bench borough {n}")).borough
        with schema_context(borough.schema_name):
            fill(borough.schema_name, options.people, options.contacts, rng)
        boroughs.append(borough)
        say(
            f"{borough.name}: launched and filled with {options.people:,} participants and "
            f"{options.contacts:,} contacts in {time.perf_counter() - began:.1f} s."
        )

    first = boroughs[0]
    with schema_context(first.schema_name):
        lead = get_user_model().objects.create_user("lead@bench.example.org")
        lead.groups.add(Group.objects.get(name=CONNECTING_TEAM_LEADS))
        client = Client(HTTP_HOST=first.primary_host)
        client.force_login(lead)
    cold, warm, size = timed(client, f"/admin/impact-report/{PERIOD}", options.rounds)
    say()
    say(f"{'page':<40}{'first (s)':>10}{'median (s)':>12}{'target':>9}  result")
    results = [row("one borough (admin page)", cold, warm, BOROUGH_TARGET)]

    connection.set_schema_to_public()  # the borough's requests left the connection there
    staff = get_user_model().objects.create_user("staff@bench.example.org", is_staff=True)
    console = Client(HTTP_HOST=settings.PLATFORM_HOST)
    console.force_login(staff)
    cold, warm, size = timed(console, f"/console/impact/{PERIOD}", options.rounds)
    results.append(row(f"all {len(boroughs)} boroughs (console page)", cold, warm, ALL_TARGET))
    say(f"Load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs: slower when busy.")
    return 0 if all(results) else 1


if __name__ == "__main__":
    sys.exit(main())
