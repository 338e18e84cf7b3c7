"""The report of bench/platform_bench.py: figures against the targets, PASS or MISS."""

import os
import statistics

from bench.platform_helpers import say
from bench.platform_launch import Launches
from bench.platform_load import Target

LAUNCH_TARGET_SECONDS = 3.0
RATIO_TARGET = 0.05


def verdict(ok: bool) -> str:
    return "PASS" if ok else "MISS"


STEP_LABELS = {
    "validate_launch_request": "validate",
    "ensure_template_schema": "template check",
    "register the borough and its web address": "register",
    "create the database schema": "clone schema",
    "create the search indexes": "search indexes",
    "create the media location": "media",
    "build the site and its pages": "site and pages",
    "create the first borough admin": "admin",
    "go live": "go live",
    "send_admin_invitation": "email",
}


HEADER = ("", "result", "CPU/req", "target", "")


def print_report(launches: Launches | None, targets: dict[str, Target], queries, args, tool):
    say()
    say(
        f"Connect & Do benchmark: {os.cpu_count()} CPUs, gunicorn sync x{args.workers}, "
        f"{tool} {args.connections} connections, {args.duration} s x {args.rounds} round(s) "
        f"per target after {args.warmup} s warm-up, no page cache"
    )
    rows: list[tuple[str, str, str, str, str]] = []  # label, value, CPU, target, verdict

    def cpu(target: Target) -> str:
        return f"{target.cpu_ms:.2f} ms" if target.cpu_ms else ""

    if launches and launches.seconds:
        seconds = launches.seconds
        low, mid, high = min(seconds), statistics.median(seconds), max(seconds)
        rows.append(
            (
                f"Borough launch, {len(seconds)}x (min / median / max)",
                f"{low:.2f} / {mid:.2f} / {high:.2f} s",
                "",
                f"max <= {LAUNCH_TARGET_SECONDS:.0f} s",
                verdict(high <= LAUNCH_TARGET_SECONDS),
            )
        )
    hello, home, unlimited = (targets.get(key) for key in ("hello", "home", "unlimited"))
    if hello and hello.loads:
        rows.append(("Bare Django 'hello' view", f"{hello.rps:,.0f} req/s", cpu(hello), "", ""))
    if home and home.loads:
        rows.append((f"{home.host} home page", f"{home.rps:,.0f} req/s", cpu(home), "", ""))
        if hello and hello.rps:
            ratio = home.rps / hello.rps
            rows.append(
                (
                    "  home page / hello, req/s",
                    f"{ratio:.1%}",
                    "",
                    f">= {RATIO_TARGET:.0%}",
                    verdict(ratio >= RATIO_TARGET),
                )
            )
        if hello and hello.cpu_ms and home.cpu_ms:
            rows.append(
                ("  hello / home page, worker CPU", f"{hello.cpu_ms / home.cpu_ms:.1%}", "", "", "")
            )
    if unlimited and unlimited.loads:
        rows.append(
            (
                "  same, TENANT_LIMIT_SET_CALLS=False",
                f"{unlimited.rps:,.0f} req/s",
                cpu(unlimited),
                "",
                "",
            )
        )
        if home and home.rps:
            change = unlimited.rps / home.rps - 1
            rows.append(("  req/s change, SET per cursor", f"{change:+.1%}", "", "", ""))
    if queries:
        rows.append(
            (
                "SQL statements per home page request",
                f"{queries[True]} / {queries[False]}",
                "",
                "limited / not",
                "",
            )
        )
    if not rows:
        return
    widths = [max(len(row[i]) for row in rows + [HEADER]) + 2 for i in range(4)]
    rule = "-" * (sum(widths) + 4)
    say(rule)
    for label, value, cpu_time, target, result in [HEADER, *rows]:
        say(
            f"{label:<{widths[0]}}{value:>{widths[1]}}{cpu_time:>{widths[2]}}  "
            f"{target:<{widths[3]}}{result}"
        )
    say(rule)
    if launches and launches.steps:
        names = list(launches.steps[0])
        medians = {
            name: statistics.median(steps.get(name, 0.0) for steps in launches.steps)
            for name in names
        }
        parts = [f"{STEP_LABELS.get(n, n)} {medians[n]:.2f}" for n in names if medians[n] >= 0.01]
        say("Launch, median seconds per step: " + ", ".join(parts))
    errors = sum(target.errors for target in targets.values())
    if errors:
        say(f"WARNING: {errors} failed requests during the runs (not counted in req/s).")
    load = os.getloadavg()[0]
    if load > (os.cpu_count() or 1) * 0.25 + 0.5:
        say(
            f"Note: the load average was {load:.2f} during the run: other work on this "
            "machine lowers every req/s figure. CPU time per request (gunicorn workers "
            "only, not PostgreSQL or Redis) is much less affected."
        )
