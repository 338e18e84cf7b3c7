#!/usr/bin/env python
"""Borough launch time, and requests per second of a borough home page against bare Django.

Run from the repository root with the services up (see bench/README.md):

    eval "$(infrastructure/services.sh env)"
    .venv/bin/python bench/platform_bench.py

Not a test: it prints figures and PASS/MISS against the targets, and cleans up after
itself (throwaway boroughs, gunicorn processes) whatever happens.
"""

import argparse
import os
import shutil
import signal
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))  # `bench.settings`, `bench.hello_app`
# The bench's own settings, whatever the shell says: production-like, DEBUG off.
os.environ["DJANGO_SETTINGS_MODULE"] = "bench.settings"

# Launch, serving, load and the report live in bench/platform_*.py; the other benches
# import say, unused_bench_slug and remove_bench_borough from here.
from bench.platform_helpers import _terminate_as_interrupt, say  # noqa: E402
from bench.platform_launch import (  # noqa: E402
    Launches,
    measure_launches,
    remove_bench_borough,  # noqa: F401 - re-exported
    remove_leftovers,
    unused_bench_slug,  # noqa: F401 - re-exported
)
from bench.platform_load import Target, measure_targets  # noqa: E402
from bench.platform_report import print_report  # noqa: E402
from bench.platform_serving import (  # noqa: E402
    check_borough_host,
    collect_static,
    count_queries,
    gunicorn_env,
)


def parse_args(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--launches", type=int, default=3, help="boroughs to launch (3)")
    parser.add_argument("--duration", type=int, default=10, help="seconds per target (10)")
    parser.add_argument("--rounds", type=int, default=1, help="interleaved rounds (1)")
    parser.add_argument("--warmup", type=int, default=3, help="warm-up seconds per target (3)")
    parser.add_argument("--connections", type=int, default=8, help="concurrent connections (8)")
    parser.add_argument("--workers", type=int, default=2, help="gunicorn sync workers (2)")
    parser.add_argument("--host", default="lambeth.localhost", help="demo borough host")
    parser.add_argument(
        "--load",
        choices=["auto", "wrk", "python"],
        default="auto",
        help="load generator: wrk when installed (auto), or Python threads",
    )
    parser.add_argument(
        "--no-set-calls-row",
        action="store_true",
        help="skip the TENANT_LIMIT_SET_CALLS=False run",
    )
    parser.add_argument("--skip-launch", action="store_true", help="only measure serving")
    parser.add_argument("--skip-serve", action="store_true", help="only measure launching")
    parser.add_argument(
        "--remove-leftovers",
        action="store_true",
        help="only remove bench boroughs a killed run left behind, then stop",
    )
    args = parser.parse_args(argv)
    if args.duration < 1 or args.duration > 120 or args.warmup < 0 or args.warmup > 60:
        parser.error("--duration must be 1-120 s and --warmup 0-60 s")
    if not 1 <= args.rounds <= 10:
        parser.error("--rounds must be 1-10")
    if not 1 <= args.connections <= 256:
        parser.error("--connections must be 1-256")
    return args


def main(argv=None) -> int:
    args = parse_args(argv)
    signal.signal(signal.SIGTERM, _terminate_as_interrupt)
    missing = [name for name in ("DATABASE_URL", "REDIS_URL") if not os.environ.get(name)]
    if missing:
        say(
            f"{' and '.join(missing)} not set. Start the services and load their "
            'environment first:\n  infrastructure/services.sh up && eval "$(infrastructure/'
            'services.sh env)"'
        )
        return 2
    if not os.environ.get("SEARCH_URL"):
        say("Note: SEARCH_URL is not set; launches use PostgreSQL search (no index creation).")

    import django

    django.setup()
    from tenants.services import LaunchError

    if args.remove_leftovers:
        return 1 if remove_leftovers() else 0

    wrk = shutil.which("wrk") if args.load != "python" else None
    if args.load == "wrk" and not wrk:
        say("wrk is not installed: `apt-get install -y wrk`.")
        return 2
    load_tool = "wrk" if wrk else "python threads"
    if not wrk and args.load == "auto" and not args.skip_serve:
        say(
            "wrk is not installed (`apt-get install -y wrk`); using a Python load generator, "
            "which understates fast targets such as 'hello' (the ratio reads high)."
        )
    say(f"Load average before the run: {' '.join(f'{v:.2f}' for v in os.getloadavg())}")

    launches: Launches | None = None
    targets: dict[str, Target] = {}
    queries: dict[bool, int] = {}
    try:
        if not args.skip_launch and args.launches > 0:
            say(f"Launching {args.launches} throwaway boroughs through launch_borough...")
            launches = measure_launches(args.launches)
        if not args.skip_serve:
            check_borough_host(args.host)
            say("Collecting static files (production manifest storage)...")
            collect_static()
            queries = count_queries(args.host)
            platform_env = gunicorn_env(DJANGO_SETTINGS_MODULE="bench.settings")
            targets["hello"] = Target(
                "hello",
                "hello (bare Django)",
                "bench.hello_app:application",
                "127.0.0.1",
                gunicorn_env(),
            )
            targets["home"] = Target(
                "home",
                f"{args.host} home page",
                "connectdo.wsgi:application",
                args.host,
                platform_env | {"BENCH_TENANT_LIMIT_SET_CALLS": "1"},
            )
            if not args.no_set_calls_row:
                targets["unlimited"] = Target(
                    "unlimited",
                    f"{args.host} home page, TENANT_LIMIT_SET_CALLS=False",
                    "connectdo.wsgi:application",
                    args.host,
                    platform_env | {"BENCH_TENANT_LIMIT_SET_CALLS": "0"},
                )
            say(
                f"Serving {len(targets)} targets with gunicorn ({args.workers} sync workers "
                f"each) on 127.0.0.1; {args.warmup} s warm-up, then {args.rounds} round(s) "
                f"of {args.duration} s per target..."
            )
            measure_targets(list(targets.values()), args, wrk)
    except KeyboardInterrupt:
        say("\nInterrupted; everything the bench started was stopped and removed.")
        return 130
    except LaunchError as error:
        say(f"\nA launch failed, so there is no launch figure: {error.message}")
        say("(Is the database migrated? `make migrate` prepares the borough template.)")
        return 2
    print_report(launches, targets, queries, args, load_tool)
    return 0


if __name__ == "__main__":
    sys.exit(main())
