"""Load and faults against the production topology (`make prod-up` first).

    .venv/bin/python bench/load_and_faults.py [--minutes 10] [--users 10] [--no-faults]

Replays bench/load/locustfile.py at a fixed rate (users x LOAD_RATE_PER_USER requests a
second) through the proxy while it: kills one app server with kill -9 and starts it
again; restarts a task worker (mid-task if one runs); restarts PgBouncer; pauses the
topology's own Redis for 20 s (SIGSTOP, never the shared one). Then it prints requests,
errors by status and p50/p95/p99 per kind, waits for the task queue to empty and checks
that every write the site acknowledged is in the database and (posts) in the index.
Exit status 1 if any acknowledged write is missing.
"""

import argparse
import csv
import json
import os
import signal
import subprocess
import sys
import threading
import time
import urllib.request
from collections import Counter
from pathlib import Path

import psycopg
from psycopg import sql

REPO = Path(__file__).resolve().parent.parent
RUN = REPO / ".run" / "prod"
TOPOLOGY = REPO / "infrastructure" / "production.sh"


def topology_env() -> dict:
    out = subprocess.run([TOPOLOGY, "env"], capture_output=True, text=True, check=True).stdout  # noqa: S603
    return dict(
        line.removeprefix("export ").split("=", 1) for line in out.splitlines() if "=" in line
    )


def say(message: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {message}", flush=True)


def kill_app_server(name: str) -> None:
    pid = int((RUN / f"{name}.pid").read_text())
    say(f"fault: kill -9 {name} (process group {pid})")
    os.killpg(pid, signal.SIGKILL)
    time.sleep(3)
    subprocess.run([TOPOLOGY, "restart", name], check=True)  # noqa: S603
    say(f"fault: {name} started again")


def restart(name: str) -> None:
    say(f"fault: restart {name}")
    subprocess.run([TOPOLOGY, "restart", name], check=True)  # noqa: S603
    say(f"fault: {name} back")


def pause_redis(seconds: int) -> None:
    pid = int((RUN / "redis" / "redis.pid").read_text())
    say(f"fault: Redis (topology's own, pid {pid}) paused {seconds} s")
    os.kill(pid, signal.SIGSTOP)
    try:
        time.sleep(seconds)
    finally:
        os.kill(pid, signal.SIGCONT)
    say("fault: Redis resumed")


def faults(duration: float, stop: threading.Event) -> None:
    plan = [
        (0.15, lambda: kill_app_server("app2")),
        (0.35, lambda: restart("worker1")),
        (0.55, lambda: restart("pgbouncer")),
        (0.70, lambda: pause_redis(20)),
    ]
    started = time.monotonic()
    for at, action in plan:
        if stop.wait(max(0, started + at * duration - time.monotonic())):
            return
        action()


def report_requests(prefix: Path) -> None:
    with open(f"{prefix}_stats.csv") as stats:
        rows = list(csv.DictReader(stats))
    print(f"\n{'kind':<16}{'requests':>10}{'failed':>8}{'p50 ms':>9}{'p95 ms':>9}{'p99 ms':>9}")
    for row in rows:
        name = row["Name"] if row["Name"] != "Aggregated" else "ALL"
        print(
            f"{name:<16}{row['Request Count']:>10}{row['Failure Count']:>8}"
            f"{row['50%']:>9}{row['95%']:>9}{row['99%']:>9}"
        )
    errors: Counter = Counter()
    with open(f"{prefix}_failures.csv") as failures:
        for row in csv.DictReader(failures):
            errors[(row["Name"], row["Error"][:60])] += int(row["Occurrences"])
    print("\nerrors by kind and status:" + ("" if errors else " none"))
    for (name, error), count in errors.most_common():
        print(f"  {name:<16}{error:<62}{count:>6}")


def wait_for_queue(dsn: str, limit: int = 180) -> int:
    deadline = time.monotonic() + limit
    with psycopg.connect(dsn, autocommit=True) as db:
        while True:
            waiting = db.execute(
                "SELECT count(*) FROM public.django_tasks_database_dbtaskresult "
                "WHERE status IN ('READY', 'RUNNING')"
            ).fetchone()[0]
            if waiting == 0 or time.monotonic() > deadline:
                return waiting
            time.sleep(2)


def in_database(db, write: dict) -> bool:
    schema = sql.Identifier(write["borough"])
    queries = {
        "post": ("SELECT 1 FROM {}.community_post WHERE body LIKE %s", [f"%{write.get('marker')}"]),
        "referral": (
            "SELECT 1 FROM {}.connecting_referral WHERE first_name = %s",
            [write.get("first_name")],
        ),
        "rsvp": (
            "SELECT 1 FROM {0}.community_eventattendance a "
            "JOIN {0}.community_event e ON e.id = a.event_id "
            "JOIN {0}.auth_user u ON u.id = a.member_id "
            "WHERE e.slug = %s AND u.email = %s "
            "AND a.occurs_on::text = %s",
            [write.get("event"), write.get("email"), write.get("date")],
        ),
    }
    statement, params = queries[write["kind"]]
    found = db.execute(sql.SQL(statement).format(schema, schema, schema), params)
    return found.fetchone() is not None


def in_index(search_url: str, prefix: str, write: dict) -> bool:
    body = json.dumps({"query": {"query_string": {"query": f'"{write["marker"]}"'}}})
    url = f"{search_url}/{prefix}{write['borough']}__community_post*/_search"
    request = urllib.request.Request(  # noqa: S310 - our own engine's address
        url, data=body.encode(), headers={"Content-Type": "application/json"}
    )
    with urllib.request.urlopen(request, timeout=10) as answer:  # noqa: S310 - our own engine
        return json.load(answer)["hits"]["total"]["value"] > 0


def check_writes(env: dict, acks: Path) -> bool:
    writes = [json.loads(line) for line in acks.read_text().splitlines()] if acks.exists() else []
    dsn = env["DATABASE_URL"]
    waiting = wait_for_queue(dsn)
    say(f"task queue after catch-up: {waiting} waiting")
    missing_db, missing_index, indexed = [], [], 0
    with psycopg.connect(dsn, autocommit=True) as db:
        for write in writes:
            if not in_database(db, write):
                missing_db.append(write)
            elif write["kind"] == "post" and env.get("SEARCH_URL"):
                visible = db.execute(
                    sql.SQL("SELECT status FROM {}.community_post WHERE body LIKE %s").format(
                        sql.Identifier(write["borough"])
                    ),
                    [f"%{write['marker']}"],
                ).fetchone()[0]
                if visible != "visible":
                    continue  # held for a moderator: not searchable by design
                indexed += 1
                if not in_index(env["SEARCH_URL"], env["SEARCH_INDEX_PREFIX"], write):
                    missing_index.append(write)
    kinds = Counter(write["kind"] for write in writes)
    print(f"\nacknowledged writes: {dict(kinds)}")
    print(f"  missing from the database: {len(missing_db)} {missing_db[:5]}")
    print(
        f"  visible posts checked in the index: {indexed}, "
        f"missing: {len(missing_index)} {missing_index[:5]}"
    )
    return not missing_db and not missing_index


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--minutes", type=float, default=10)
    parser.add_argument(
        "--users", type=int, default=10, help="each sends LOAD_RATE_PER_USER requests/s"
    )
    parser.add_argument("--no-faults", action="store_true")
    parser.add_argument(
        "--check-only", action="store_true", help="only check the last run's writes"
    )
    args = parser.parse_args()
    env = topology_env()
    acks = RUN / "load-acks.jsonl"
    if args.check_only:
        return 0 if check_writes(env, acks) else 1
    status = subprocess.run([TOPOLOGY, "status"], capture_output=True, text=True).stdout  # noqa: S603
    if "stopped" in status:
        print(f"The topology is not (all) running; `make prod-up` first.\n{status}")
        return 2
    acks.unlink(missing_ok=True)
    duration = args.minutes * 60
    prefix = RUN / "load"
    command = [
        str(REPO / ".venv" / "bin" / "locust"),
        "-f",
        str(REPO / "bench" / "load" / "locustfile.py"),
    ]
    command += [
        "--headless",
        "-u",
        str(args.users),
        "-r",
        str(args.users),
        "-t",
        f"{int(duration)}s",
    ]
    command += ["--host", "http://127.0.0.1:8100", "--csv", str(prefix)]
    command += ["--only-summary", "--stop-timeout", "10"]
    say(
        f"load: {args.users} users for {args.minutes} min; "
        f"faults: {'off' if args.no_faults else 'on'}"
    )
    stop = threading.Event()
    fault_thread = None
    locust = subprocess.Popen(  # noqa: S603 - our own arguments
        command,
        env=os.environ | {"LOAD_ACK_FILE": str(acks)},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    if not args.no_faults:
        fault_thread = threading.Thread(target=faults, args=(duration, stop), daemon=True)
        fault_thread.start()
    _, errors = locust.communicate()
    stop.set()
    if fault_thread:
        fault_thread.join()
    if not Path(f"{prefix}_stats.csv").exists():
        print(errors.decode()[-3000:])
        return 2
    report_requests(prefix)
    return 0 if check_writes(env, acks) else 1


if __name__ == "__main__":
    sys.exit(main())
