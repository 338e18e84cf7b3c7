"""A web worker's resident memory after serving 50 boroughs, then N, in one process.

Every borough's home page (and a second page) is requested once through the whole
middleware stack (Django's test client, as a gunicorn worker would run it), then the
process's resident set size (RSS) is read from /proc. ``--trace`` also prints what grew
most after the first checkpoint (tracemalloc, by source line): per-borough caches show there.

Run it against a throwaway database holding many boroughs (never the development one):

    createdb -h 127.0.0.1 -U connectdo scalemem
    export DATABASE_URL=postgres://connectdo:connectdo@127.0.0.1:5432/scalemem SEARCH_URL=
    export DJANGO_SETTINGS_MODULE=connectdo.settings.test TEST_RUN_ID=scalemem
    python manage.py migrate_boroughs --no-defaults
    python bench/worker_memory.py --launch 250      # memory boroughs mem0001.localhost, ...
    python bench/worker_memory.py                   # serve them: RSS at 25, 50 and all
    TENANT_CACHE_SIZE=50 python bench/worker_memory.py
    python bench/worker_memory.py --remove          # then dropdb scalemem

``serve_boroughs(hosts)`` is importable (bench/scale_bench.py may use it).
"""

import argparse
import gc
import os
import sys
import time
import tracemalloc
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PREFIX = "mem"


def rss_mb() -> float:
    gc.collect()  # what is only waiting for the cycle collector is not held
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def serve_boroughs(hosts: list[str], paths=("/", "/things-to-do/")) -> int:
    """Request each path on each host once, as a worker would; returns failures."""
    from django.test import Client

    failures = 0
    for host in hosts:
        client = Client(HTTP_HOST=host)
        for path in paths:
            if client.get(path).status_code != 200:
                failures += 1
    return failures


def memory_hosts() -> list[str]:
    from tenants.models import Domain

    return list(
        Domain.objects.filter(tenant__slug__startswith=PREFIX)
        .order_by("tenant__slug")
        .values_list("domain", flat=True)
    )


def launch(count: int) -> None:
    from tenants.models import Borough
    from tenants.services import LaunchRequest, launch_borough

    have = Borough.objects.filter(slug__startswith=PREFIX).count()
    started = time.monotonic()
    for number in range(have + 1, count + 1):
        slug = f"{PREFIX}{number:04d}"
        result = launch_borough(
            LaunchRequest(
                slug=slug,
                name=f"Memory {number}",
                domain=f"{slug}.localhost",
                admin_email=f"admin@{slug}.example.org",
                team_email=f"team@{slug}.example.org",
                theme="riverside" if number % 2 else "default",
            )
        )
        if number % 25 == 0 or number == have + 1:
            steps = ", ".join(f"{k} {v:.1f}" for k, v in result.step_seconds.items())
            print(f"launched {number} of {count} ({time.monotonic() - started:.0f} s; {steps})")


def remove() -> None:
    from django.db import connection

    from tenants.models import Borough, Domain

    slugs = list(Borough.objects.filter(slug__startswith=PREFIX).values_list("slug", flat=True))
    with connection.cursor() as cursor:
        for slug in slugs:
            cursor.execute(f'DROP SCHEMA IF EXISTS "{slug}" CASCADE')
    Domain.objects.filter(tenant__slug__in=slugs).delete()
    Borough.objects.filter(slug__in=slugs).delete()
    print(f"removed {len(slugs)} boroughs")


def measure(checkpoints: list[int], trace: bool) -> None:
    from django.conf import settings

    hosts = memory_hosts()
    checkpoints = [n for n in checkpoints if n < len(hosts)] + [len(hosts)]
    serve_boroughs(hosts[:1])  # imports, templates and URLconfs loaded once
    figures = [f"1: {rss_mb():.0f} MB"]
    started, served, failures, snapshot = time.monotonic(), 0, 0, None
    for count in checkpoints:
        failures += serve_boroughs(hosts[served:count])
        served = count
        figures.append(f"{count}: {rss_mb():.0f} MB")
        if trace and snapshot is None:
            tracemalloc.start(1)
            snapshot = tracemalloc.take_snapshot()
    size = getattr(settings, "TENANT_CACHE_SIZE", "none (unbounded)")
    print(
        f"TENANT_CACHE_SIZE={size}: RSS after serving N boroughs once, N: "
        f"{', '.join(figures)}; {failures} failed requests; {time.monotonic() - started:.0f} s"
    )
    if snapshot is not None:
        grown = tracemalloc.take_snapshot().compare_to(snapshot, "lineno")
        for stat in grown[:15]:
            print(f"  {stat.size_diff / 1024:+9.0f} KiB {stat.count_diff:+7d} {stat.traceback}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--launch", type=int, metavar="N", help="launch memory boroughs up to N")
    parser.add_argument("--remove", action="store_true", help="remove every memory borough")
    parser.add_argument(
        "--at", default="25,50", help="also the RSS after this many boroughs (25,50)"
    )
    parser.add_argument("--trace", action="store_true", help="what grew, by source line")
    args = parser.parse_args()
    sys.stdout.reconfigure(line_buffering=True)
    if not os.environ.get("PYTHONPATH"):  # PYTHONPATH may name another checkout's code
        sys.path[:0] = [str(ROOT), str(ROOT / "platform")]
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "connectdo.settings.test")
    os.environ.setdefault("LOG_LEVEL", "WARNING")
    import django

    django.setup()
    from django.conf import settings

    if not settings.DATABASES["default"]["NAME"].startswith(("scale", "test_")):
        sys.exit("Point DATABASE_URL at a throwaway database (its name starting scale...).")
    if args.launch:
        launch(args.launch)
    elif args.remove:
        remove()
    else:
        measure([int(n) for n in args.at.split(",") if n], args.trace)


if __name__ == "__main__":
    main()
