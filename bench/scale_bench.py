#!/usr/bin/env python
"""A thousand boroughs on one platform: launch, deploy and serve as boroughs grow (issue 16).

Run from the repository root with the services up (see bench/README.md, "Scale"):

    eval "$(infrastructure/services.sh env)"
    .venv/bin/python bench/scale_bench.py [--steps 10,100,1000] [--samples 20]
        [--search-url http://127.0.0.1:9241]

It works in a database of its own (``connectdo_scale_<pid>``), launches boroughs with
the real launch service up to each step, seeds each with a small directory, and at each
step prints: launch time (median, p95), a no-op deploy and a deploy with one new
migration (each command a process of its own), a random borough home page's first and
warm request through gunicorn, one worker's resident memory after 50 boroughs and after
all of them, database and catalogue size, and retiring and restoring one borough. Ratios
are against the first step, measured in the same run. It removes everything it made
(database, media, search indexes, cache keys), also after Ctrl+C or SIGTERM. Not a test.
"""

import argparse
import os
import random
import signal
import statistics
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
for path in (REPO, REPO / "platform"):
    if str(path) not in sys.path:
        sys.path.insert(0, str(path))

from bench.platform_helpers import _terminate_as_interrupt  # noqa: E402
from bench.scale_parts import (  # noqa: E402
    Run,
    add_probe_migration,
    clean_up,
    deploy,
    percentile,
    probe_applied_everywhere,
    say,
    seed_small_directory,
    sizes,
    summary,
)

QUEUED_TASKS = {"default": {"BACKEND": "tenants.task_backends.BoroughDatabaseBackend"}}

TARGETS = {
    "launch p95 (s)": 1.0,
    "pooled launch p95 (s)": 0.3,
    "no-op deploy (s)": 60.0,
    "deploy with a migration (s)": 300.0,
}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--steps", default="10,100,1000", help="borough counts, e.g. 10,100")
    parser.add_argument("--samples", type=int, default=20, help="timed launches per step")
    parser.add_argument("--rounds", type=int, default=20, help="warm requests per step")
    parser.add_argument(
        "--search-url",
        default=os.environ.get("SCALE_BENCH_SEARCH_URL", ""),
        help="an OpenSearch node of the bench's own (never the shared one on 9200); "
        "empty: search in PostgreSQL only",
    )
    parser.add_argument(
        "--copy-of",
        default="",
        help="start from a copy of this migrated test database (test_...; for the smoke test)",
    )
    options = parser.parse_args()
    steps = sorted({int(step) for step in options.steps.split(",") if step.strip()})
    if options.search_url.rstrip("/").endswith(":9200"):
        parser.error("give the bench its own search node; 9200 is everybody's (see README)")

    run = Run.new(options.search_url)
    signal.signal(signal.SIGTERM, _terminate_as_interrupt)
    say(
        f"Scale bench {run.name}: database {run.database}, steps {steps}, search "
        f"{options.search_url or 'PostgreSQL only'}; load {os.getloadavg()[0]:.1f} on "
        f"{os.cpu_count()} CPUs."
    )
    results = []
    try:
        run.create(options.copy_of)
        results = bench(run, steps, options)
        report(results)
        return 0
    except KeyboardInterrupt:
        say("Interrupted: cleaning up.")
        return 130
    finally:
        signal.signal(signal.SIGINT, lambda signum, frame: say("  (cleaning up; please wait)"))
        signal.signal(signal.SIGTERM, signal.SIG_IGN)
        problems = clean_up(run)
        if problems:
            say("CLEANUP INCOMPLETE: " + "; ".join(problems))
        else:
            say(f"Cleaned up: database {run.database}, media, search indexes, cache keys gone.")


def bench(run: Run, steps: list[int], options) -> list[dict]:
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    from tenants.template_schema import ensure_template_schema
    from tenants.template_script import current_script

    started = time.perf_counter()
    call_command("migrate_schemas", "--shared", verbosity=0)
    ensure_template_schema()
    current_script()  # as prepare_borough_template does on a deploy: not in a launch's time
    connection.set_schema_to_public()
    say(
        f"Migrated the bench database and prepared the template in "
        f"{time.perf_counter() - started:.1f} s."
    )
    rng = random.Random(run.name)  # noqa: S311 - which borough to time, not a secret
    hosts: list[str] = []
    results = []
    for number, target in enumerate(steps, start=1):
        say(f"\n== Step {number}: {target} boroughs ==")
        result = {"boroughs": target}
        result.update(launch_up_to(run, target, hosts, options.samples))
        # The slowest figures last: a run stopped early still has the others.
        result.update(serving(run, hosts, options.rounds, rng))
        result.update(sizes())
        say("  sizes: " + ", ".join(f"{k} {v:,.1f}" for k, v in sizes().items()))
        result.update(retire_and_restore(run, rng.choice(hosts)))
        result.update(deploys(run, number))
        results.append(result)
    return results


def launch_up_to(run: Run, target: int, hosts: list[str], samples: int) -> dict:
    """Boroughs up to ``target``: fillers copied from the first borough's dump (fast),
    then the last ``samples`` launched with the real launch service and timed."""
    from bench.scale_parts import add_fillers, dump_schema

    fillers = max(0, target - len(hosts) - samples) if hosts else 0
    started = time.perf_counter()
    if fillers:
        prototype = hosts[0].removesuffix(".localhost").replace("-", "_")
        dump = dump_schema(run, prototype)
        for start in range(0, fillers, 20):
            numbers = range(len(hosts) + 1, len(hosts) + 1 + min(20, fillers - start))
            hosts += add_fillers(run, prototype, dump, list(numbers))
            if len(hosts) % 100 == 0:
                say(f"  {len(hosts)} boroughs ({time.perf_counter() - started:.0f} s this step)")
        took = time.perf_counter() - started
        say(
            f"  {fillers} filler boroughs copied from {prototype}'s pg_dump (schema, rows, "
            f"register, web address, search aliases, media folder) in {took:.0f} s "
            f"({took / fillers:.2f} s each)"
        )
    # Launches in turn by each way of making the schema: the template's SQL script (the
    # launch without a pool), django-tenants' CloneSchema (before the script), the pool.
    modes = {"script": "the template's SQL script", "clone": "CloneSchema", "pool": "the pool"}
    times, seeds, steps = {mode: [] for mode in modes}, [], {mode: {} for mode in modes}
    while len(hosts) < target:
        mode = min(modes, key=lambda m: len(times[m]))
        launched = launch_one(run, len(hosts) + 1, hosts, pool=int(mode == "pool"), mode=mode)
        times[mode].append(launched.seconds)
        for step, seconds in launched.step_seconds.items():
            steps[mode].setdefault(step, []).append(seconds)
        began = time.perf_counter()
        seed_small_directory(hosts[-1].removesuffix(".localhost").replace("-", "_"))
        seeds.append(time.perf_counter() - began)
    launched = sum(len(values) for values in times.values())
    say(
        f"  {launched} launches with the real launch service, at {len(hosts) - launched}"
        f" to {len(hosts) - 1} boroughs:"
    )
    for mode, label in modes.items():
        say(f"    schema from {label}: {summary(times[mode])}")
        if steps[mode]:
            parts = (f"{name} {statistics.median(v):.2f}" for name, v in steps[mode].items())
            say(f"      step medians (s): {'; '.join(parts)}")
    say(f"  seeding a small directory (1 place, 1 organisation, 2 activities): {summary(seeds)}")
    result = {}
    for mode, label in (("script", "launch"), ("pool", "pooled launch"), ("clone", "clone launch")):
        if times[mode]:
            result[f"{label} median (s)"] = statistics.median(times[mode])
            result[f"{label} p95 (s)"] = percentile(times[mode], 0.95)
    return result


def launch_one(run: Run, number: int, hosts: list[str], pool: int, mode: str = "script"):
    """One real launch; with ``pool`` the pool is filled first (untimed: in production a
    background task does it after each launch). Its ``seconds`` are the launch's own."""
    from django.conf import settings
    from django.core.management import call_command
    from django.test import override_settings

    from bench.platform_helpers import bench_launch_request
    from tenants.schema_pool import fill_pool
    from tenants.services import launch_borough

    settings.BOROUGH_SCHEMA_POOL_SIZE = pool
    settings.BOROUGH_SCHEMA_FROM_SCRIPT = mode != "clone"
    if pool:
        fill_pool()
    # As in production, the launch queues its pages' search updates and a worker runs
    # them afterwards: the borough admin does not wait for them.
    with override_settings(TASKS=QUEUED_TASKS):
        result = launch_borough(bench_launch_request(f"{run.name}-{number:04d}", f"Scale {number}"))
        call_command("db_worker", batch=True, no_startup_delay=True, verbosity=0)
    hosts.append(result.borough.primary_host)
    return result


def deploys(run: Run, number: int) -> dict:
    noop = deploy(run, probe=number > 1)  # from step 2 the earlier probe migrations exist
    migration = add_probe_migration(run, number)
    real = deploy(run, probe=True)
    done, boroughs = probe_applied_everywhere(migration)
    for label, seconds in (("no-op deploy", noop), ("deploy with one new migration", real)):
        parts = ", ".join(f"{name} {value:.1f} s" for name, value in seconds.items())
        say(f"  {label}: {sum(seconds.values()):.1f} s ({parts})")
    say(f"  the new migration is recorded in {done} of {boroughs} live boroughs")
    return {
        "no-op deploy (s)": sum(noop.values()),
        "no-op migrate_boroughs (s)": noop["migrate_boroughs"],
        "deploy with a migration (s)": sum(real.values()),
        "migration migrate_boroughs (s)": real["migrate_boroughs"],
    }


def serving(run: Run, hosts: list[str], rounds: int, rng) -> dict:
    from bench.scale_serving import measure_serving

    served = measure_serving(hosts, run.environment(), rounds, rng)
    say(
        f"  home page of {served.host}: first {served.first * 1000:.0f} ms, warm median "
        f"{served.warm * 1000:.1f} ms (p95 {served.warm_p95 * 1000:.1f} ms, {rounds} requests)"
    )
    after_50 = f"{served.rss_after_50:.0f} MB" if served.rss_after_50 else "n/a (< 50 boroughs)"
    say(
        f"  one gunicorn worker's RSS: {served.rss_start:.0f} MB after one borough, "
        f"{after_50} after 50, {served.rss_after_all:.0f} MB after all {served.served} "
        f"({served.seconds_per_borough * 1000:.0f} ms per first request)"
    )
    return {
        "first request (ms)": served.first * 1000,
        "warm request (ms)": served.warm * 1000,
        "RSS after 50 (MB)": served.rss_after_50 or 0.0,
        "RSS after all (MB)": served.rss_after_all,
    }


def retire_and_restore(run: Run, host: str) -> dict:
    from django.db import connection

    from tenants.services import restore_borough, retire_borough

    slug = host.removesuffix(".localhost")
    with tempfile.TemporaryDirectory(dir=run.folder) as folder:
        archive = Path(folder) / f"{slug}.tar.gz"
        started = time.perf_counter()
        retire_borough(slug, archive)
        retired = time.perf_counter() - started
        started = time.perf_counter()
        restore_borough(archive)
        restored = time.perf_counter() - started
    connection.set_schema_to_public()
    say(f"  retire {slug}: {retired:.1f} s; restore: {restored:.1f} s")
    return {"retire (s)": retired, "restore (s)": restored}


def report(results: list[dict]) -> None:
    if not results:
        return
    base = results[0]
    names = [name for name in results[-1] if name != "boroughs"]
    say("\n== Summary (ratio against the first step, same run) ==")
    say(f"{'':<32}" + "".join(f"{r['boroughs']:>12,}" for r in results) + f"{'ratio':>9}")
    for name in names:
        values = [r.get(name) for r in results]
        ratio = (values[-1] / base[name]) if base.get(name) else float("nan")
        cells = "".join(f"{v:>12,.2f}" if v is not None else f"{'-':>12}" for v in values)
        say(f"{name:<32}{cells}{ratio:>9.2f}")
    last = results[-1]
    say(f"\n== Targets at {last['boroughs']:,} boroughs ==")
    for name, target in TARGETS.items():
        verdict = "PASS" if last.get(name, float("inf")) <= target else "MISS"
        say(f"  {name}: {last.get(name, float('nan')):.2f} (target <= {target:g}) {verdict}")
    warm = last["warm request (ms)"] / base["warm request (ms)"]
    say(
        f"  warm home page: {warm:.2f} x the first step's (target <= 1.10) "
        f"{'PASS' if warm <= 1.1 else 'MISS'}"
    )
    if last["RSS after 50 (MB)"]:
        memory = last["RSS after all (MB)"] / last["RSS after 50 (MB)"]
        say(
            f"  worker RSS after all / after 50: {memory:.2f} (target <= 1.5) "
            f"{'PASS' if memory <= 1.5 else 'MISS'}"
        )
    say(f"Load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs: slower when busy.")


if __name__ == "__main__":
    sys.exit(main())
