#!/usr/bin/env python
"""Search: a full rebuild's rate, this checkout against another one's ``search/``, in
one run on the same borough.

    eval "$(infrastructure/services.sh env)"
    git archive main search | tar -x -C /tmp/baseline    # the code to compare with
    .venv/bin/python bench/search_indexing_bench.py --baseline /tmp/baseline

Launches a throwaway borough with ``--activities`` activities (as bench/search_bench.py
does), then times ``measure_indexing`` (what search_bench.py prints) in a fresh process
per round, alternating baseline and this checkout so both see the same load; prints
documents/s and the process's CPU seconds, then removes the borough. With
``--engine-pid`` (a private node's java process) it also prints the engine's CPU.
"""

import argparse
import os
import random
import subprocess
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent


def engine_cpu(pid: int | None) -> float:
    if not pid:
        return 0.0
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def measure(schema: str) -> None:
    """In a fresh process: one rebuild of ``schema`` on the engine."""
    import django

    django.setup()
    from bench.search_measure import measure_indexing

    started = time.process_time()
    count, seconds = measure_indexing(schema, "default")
    print(count, seconds, time.process_time() - started)


def one_round(schema: str, first: str | None, engine_pid: int | None) -> tuple:
    env = dict(os.environ)
    if first:  # the baseline's search/ package wins over this checkout's
        env["BENCH_SEARCH_FIRST"] = first
    before = engine_cpu(engine_pid)
    output = subprocess.run(  # noqa: S603 - this script, with a borough name it made
        [sys.executable, __file__, "--measure", schema],
        env=env,
        check=True,
        capture_output=True,
        text=True,
    ).stdout.split()
    count, seconds, cpu = int(output[-3]), float(output[-2]), float(output[-1])
    return count, seconds, cpu, engine_cpu(engine_pid) - before


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--activities", type=int, default=10_000)
    parser.add_argument("--rounds", type=int, default=3, help="of each")
    parser.add_argument("--baseline", help="a directory holding the search/ to compare with")
    parser.add_argument("--engine-pid", type=int)
    parser.add_argument("--borough", help="an existing borough to rebuild (kept)")
    parser.add_argument("--keep", action="store_true", help="keep the borough it launches")
    parser.add_argument("--measure", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.measure:
        measure(args.measure)
        return 0

    import django

    django.setup()
    from django_tenants.utils import schema_context

    from django.db import connection

    from bench.platform_bench import remove_bench_borough, unused_bench_slug
    from bench.search_content import create_activities, create_organisations_and_places
    from bench.search_measure import analyze
    from tenants.services import LaunchRequest, launch_borough

    connection.set_schema_to_public()
    if args.borough:
        return rounds(args, args.borough)
    slug = unused_bench_slug(set())
    try:
        launch_borough(
            LaunchRequest(
                slug=slug,
                name="Indexing bench",
                domain=f"{slug}.localhost",
                admin_email=f"admin@{slug}.example.org",
            )
        )
        with schema_context(slug):
            rng = random.Random(20260301)  # noqa: S311 - made-up content, the same every run
            organisations, places = create_organisations_and_places(rng, 100, 40)
            create_activities(rng, organisations, places, args.activities)
        analyze(slug)
        return rounds(args, slug)
    finally:
        if args.keep:
            print(f"Kept the borough {slug} (--borough {slug} to use it again)")
        else:
            problems = remove_bench_borough(slug)
            print("Removed the borough" if not problems else "LEFT: " + "; ".join(problems))


def rounds(args, slug: str) -> int:
    """Alternate the baseline and this checkout, ``args.rounds`` times each."""
    from django.db import connection

    connection.close()
    load = " ".join(f"{x:.2f}" for x in os.getloadavg())
    print(f"Full rebuild of {slug}, load average {load} on {os.cpu_count()} CPUs")
    versions = [("baseline", args.baseline), ("this checkout", None)]
    if not args.baseline:
        versions = versions[1:]
    for _ in range(args.rounds):
        for label, first in versions:
            count, seconds, cpu, engine = one_round(slug, first, args.engine_pid)
            extra = f", engine CPU {engine:4.1f} s" if args.engine_pid else ""
            print(
                f"  {label:<14} {count} documents in {seconds:5.1f} s = "
                f"{count / seconds:5.0f} docs/s, Python CPU {cpu:4.1f} s{extra}",
                flush=True,
            )
    load = " ".join(f"{x:.2f}" for x in os.getloadavg())
    print(f"Load average at the end: {load}")
    return 0


if __name__ == "__main__":
    if first := os.environ.get("BENCH_SEARCH_FIRST"):
        sys.path.insert(0, first)
    if str(REPO) not in sys.path:
        sys.path.insert(1 if first else 0, str(REPO))
    os.environ["DJANGO_SETTINGS_MODULE"] = "bench.settings"
    os.environ["TASK_BACKEND"] = "immediate"
    sys.exit(main())
