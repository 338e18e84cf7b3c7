#!/usr/bin/env python
"""Borough launch time, and requests per second of a borough home page against bare Django.

Run from the repository root with the services up (see bench/README.md):

    eval "$(infrastructure/services.sh env)"
    .venv/bin/python bench/platform_bench.py

Not a test: it prints figures and PASS/MISS against the targets, and cleans up after
itself (throwaway boroughs, gunicorn processes) whatever happens.
"""

import argparse
import http.client
import os
import re
import secrets
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import threading
import time
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))  # `bench.settings`, `bench.hello_app`
# The bench's own settings, whatever the shell says: production-like, DEBUG off.
os.environ["DJANGO_SETTINGS_MODULE"] = "bench.settings"

RUN_DIR = REPO / ".run" / "bench"
LAUNCH_TARGET_SECONDS = 3.0
RATIO_TARGET = 0.05
BENCH_SLUG = re.compile(r"^bench\d{4}$")


# --- Small helpers ---------------------------------------------------------------------


def say(message: str = "") -> None:
    print(message, flush=True)


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def http_get(port: int, host: str, path: str = "/", timeout: float = 10.0):
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    try:
        conn.request("GET", path, headers={"Host": host})
        response = conn.getresponse()
        return response.status, response.read()
    finally:
        conn.close()


@contextmanager
def shielded_from_ctrl_c():
    """Cleanup must finish: Ctrl+C (or SIGTERM) during it only says so."""

    def tell(signum, frame):
        say("  (cleaning up; please wait)")

    previous = {sig: signal.signal(sig, tell) for sig in (signal.SIGINT, signal.SIGTERM)}
    try:
        yield
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)


def _terminate_as_interrupt(signum, frame):
    raise KeyboardInterrupt


# --- Launch time -------------------------------------------------------------------------


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
    from django.core.cache import caches
    from django.db import connection, connections, transaction

    from search.services import borough_index_names, delete_borough_indexes
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
        try:
            action()
        except Exception as error:
            problems.append(f"{what}: {error}")
        finally:
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

    def drop_cache_keys():
        # Keys are "<schema>:<prefix>:<version>:<key>" (django_tenants.cache.make_key).
        for alias in settings.CACHES:
            backend = caches[alias]
            if hasattr(backend, "_cache") and hasattr(backend._cache, "get_client"):
                client = backend._cache.get_client(write=True)
                keys = list(client.scan_iter(match=f"{schema}:*", count=500))
                if keys:
                    client.delete(*keys)

    attempt("search indexes", lambda: delete_borough_indexes(schema))
    attempt("database", drop_database_side)
    attempt("media", lambda: delete_media_location(schema))
    attempt("cache", drop_cache_keys)

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

    from tenants.services import LaunchRequest, launch_borough
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
                launch_borough(
                    LaunchRequest(
                        slug=slug,
                        name=f"Bench {slug[5:]}",
                        domain=f"{slug}.localhost",
                        admin_email=f"admin@{slug}.example.org",
                    )
                )
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


# --- Queries per request -------------------------------------------------------------------


def count_queries(host: str) -> dict[bool, int]:
    """SQL statements for one home page request (after warm-up), SET calls limited or not."""
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext, override_settings

    counts = {}
    for limited in (True, False):
        with override_settings(TENANT_LIMIT_SET_CALLS=limited):
            client = Client()
            for _ in range(2):
                client.get("/", HTTP_HOST=host)
            with CaptureQueriesContext(connection) as captured:
                response = client.get("/", HTTP_HOST=host)
            if response.status_code != 200:
                raise RuntimeError(f"http://{host}/ answered {response.status_code} in-process")
            counts[limited] = len(captured.captured_queries)
    connection.set_schema_to_public()
    return counts


# --- Serving -------------------------------------------------------------------------------


class Gunicorn:
    """One gunicorn master (sync workers) on 127.0.0.1, in a process group of its own."""

    def __init__(self, name: str, app: str, workers: int, env: dict[str, str]):
        self.name = name
        self.app = app
        self.workers = workers
        self.env = env
        self.port = free_port()
        self.log_path = RUN_DIR / f"{name}.log"
        self.process: subprocess.Popen | None = None

    def start(self) -> None:
        RUN_DIR.mkdir(parents=True, exist_ok=True)
        command = [
            sys.executable,
            "-m",
            "gunicorn",
            self.app,
            "--bind",
            f"127.0.0.1:{self.port}",
            "--workers",
            str(self.workers),
            "--worker-class",
            "sync",
            "--chdir",
            str(REPO),
            "--log-level",
            "warning",
            "--timeout",
            "60",
        ]
        with open(self.log_path, "wb") as log:
            self.process = subprocess.Popen(  # noqa: S603
                command,
                cwd=REPO,
                env=self.env,
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,  # Ctrl+C reaches the bench, which stops this
            )

    def wait_until_ready(self, host: str, path: str = "/", timeout: float = 60.0) -> bytes:
        deadline = time.monotonic() + timeout
        last_error = ""
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                break
            try:
                status, body = http_get(self.port, host, path)
            except OSError as error:
                last_error = str(error)
            else:
                if status == 200:
                    return body
                last_error = f"HTTP {status}"
            time.sleep(0.2)
        tail = self.log_path.read_text(errors="replace")[-2000:]
        raise RuntimeError(
            f"{self.name} did not answer http://{host}{path} with 200 ({last_error}).\n{tail}"
        )

    def stop(self) -> None:
        if self.process is None or self.process.poll() is not None:
            return
        self.process.send_signal(signal.SIGINT)  # gunicorn: quick shutdown, workers first
        try:
            self.process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            # The master is still alive, so its process group is still the one we made.
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait()


def gunicorn_env(**extra: str) -> dict[str, str]:
    env = dict(os.environ)
    env.pop("DJANGO_SETTINGS_MODULE", None)
    env.update(extra)
    return env


# --- Load -----------------------------------------------------------------------------------


@dataclass
class Load:
    rps: float
    requests: int
    errors: int
    latency: str
    cpu_ms: float = 0.0  # gunicorn workers' CPU time per request


def cpu_seconds_of_children(parent_pid: int) -> float | None:
    """User + system CPU seconds of a process's children (gunicorn's workers); Linux only."""
    total = 0
    try:
        for entry in os.scandir("/proc"):
            if not entry.name.isdigit():
                continue
            try:
                with open(f"/proc/{entry.name}/stat") as handle:
                    fields = handle.read().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(fields[1]) == parent_pid:  # fields[1] is ppid
                total += int(fields[11]) + int(fields[12])  # utime, stime
    except OSError:
        return None
    return total / os.sysconf("SC_CLK_TCK")


def run_wrk(wrk: str, port: int, host: str, seconds: int, connections: int) -> Load:
    command = [
        wrk,
        "-t1",
        f"-c{connections}",
        f"-d{seconds}s",
        "-H",
        f"Host: {host}",
        f"http://127.0.0.1:{port}/",
    ]
    completed = subprocess.run(  # noqa: S603
        command, capture_output=True, text=True, timeout=seconds + 30, check=True
    )
    out = completed.stdout
    rps = re.search(r"Requests/sec:\s+([\d.]+)", out)
    total = re.search(r"(\d+) requests in", out)
    if not rps or not total:
        raise RuntimeError(f"Could not read wrk's output:\n{out}\n{completed.stderr}")
    errors = 0
    non_2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    if non_2xx:
        errors += int(non_2xx.group(1))
    socket_errors = re.search(
        r"Socket errors: connect (\d+), read \d+, write \d+, timeout (\d+)", out
    )
    if socket_errors:
        # gunicorn's sync workers close every connection; wrk counts those as read
        # errors after a complete response, so only connect errors and timeouts count.
        errors += int(socket_errors.group(1)) + int(socket_errors.group(2))
    latency = re.search(r"Latency\s+(\S+)", out)
    return Load(
        float(rps.group(1)), int(total.group(1)), errors, latency.group(1) if latency else ""
    )


def run_python_load(port: int, host: str, seconds: int, connections: int) -> Load:
    """Fallback when wrk is missing: threads, one request per connection (like gunicorn sync)."""
    deadline = time.monotonic() + seconds
    counts = {"ok": 0, "errors": 0, "seconds": 0.0}
    lock = threading.Lock()

    def worker():
        ok = errors = 0
        elapsed = 0.0
        while time.monotonic() < deadline:
            started = time.perf_counter()
            try:
                status, _ = http_get(port, host, timeout=10)
            except OSError:
                errors += 1
                continue
            elapsed += time.perf_counter() - started
            if 200 <= status < 400:
                ok += 1
            else:
                errors += 1
        with lock:
            counts["ok"] += ok
            counts["errors"] += errors
            counts["seconds"] += elapsed

    started = time.monotonic()
    threads = [threading.Thread(target=worker, daemon=True) for _ in range(connections)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(seconds + 30)
    wall = time.monotonic() - started
    latency = counts["seconds"] / counts["ok"] * 1000 if counts["ok"] else 0.0
    return Load(counts["ok"] / wall, counts["ok"], counts["errors"], f"{latency:.2f}ms")


@dataclass
class Target:
    name: str
    label: str
    app: str
    host: str
    env: dict[str, str]
    server: Gunicorn | None = None
    loads: list[Load] = field(default_factory=list)
    page_bytes: int = 0

    @property
    def rps(self) -> float:
        return statistics.median(load.rps for load in self.loads) if self.loads else 0.0

    @property
    def cpu_ms(self) -> float:
        return statistics.median(load.cpu_ms for load in self.loads) if self.loads else 0.0

    @property
    def errors(self) -> int:
        return sum(load.errors for load in self.loads)


def measure_targets(targets: list[Target], args, wrk: str | None) -> None:
    """All servers up at once, then each target loaded in turn, round after round.

    Interleaving rounds spreads any outside load on the machine over every target alike;
    the figure kept for each target is its median round.
    """

    def load(target: Target, seconds: int) -> Load:
        port = target.server.port
        cpu_before = cpu_seconds_of_children(target.server.process.pid)
        if wrk:
            result = run_wrk(wrk, port, target.host, seconds, args.connections)
        else:
            result = run_python_load(port, target.host, seconds, args.connections)
        cpu_after = cpu_seconds_of_children(target.server.process.pid)
        if cpu_before is not None and cpu_after is not None and result.requests:
            result.cpu_ms = (cpu_after - cpu_before) * 1000 / result.requests
        return result

    try:
        for target in targets:
            target.server = Gunicorn(target.name, target.app, args.workers, target.env)
            target.server.start()
        for target in targets:
            target.page_bytes = len(target.server.wait_until_ready(target.host))
        for round_number in range(1, args.rounds + 1):
            for target in targets:
                if round_number == 1 and args.warmup:
                    load(target, args.warmup)
                target.loads.append(load(target, args.duration))
                last = target.loads[-1]
                say(
                    f"  [{round_number}/{args.rounds}] {target.label}: {last.rps:,.0f} req/s "
                    f"({last.requests:,} requests, {last.errors} errors, "
                    f"mean latency {last.latency}, worker CPU {last.cpu_ms:.2f} ms/request, "
                    f"{target.page_bytes:,} bytes)"
                )
    finally:
        with shielded_from_ctrl_c():
            for target in targets:
                if target.server is not None:
                    target.server.stop()


def collect_static() -> None:
    from django.core.management import call_command

    call_command("collectstatic", interactive=False, verbosity=0)


def check_borough_host(host: str) -> None:
    from tenants.models import Domain

    if not Domain.objects.filter(domain=host, tenant__status="live").exists():
        raise SystemExit(
            f"No live borough answers at {host}. Seed the demo boroughs first: "
            "`.venv/bin/python manage.py seed_demo` (with the services' environment)."
        )


# --- Report -----------------------------------------------------------------------------------


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


# --- Main -------------------------------------------------------------------------------------


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
