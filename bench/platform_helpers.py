"""Small helpers of bench/platform_bench.py, also used by the other benches."""

import http.client
import signal
import socket
import time
from contextlib import contextmanager


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


def attempt(problems: list[str], what: str, action) -> None:
    """Run one cleanup action; a failure is noted in ``problems`` and the cleanup goes on."""
    try:
        action()
    except Exception as error:
        problems.append(f"{what}: {error}")


def bench_launch_request(slug: str, name: str):
    """What every bench launches a borough with."""
    from tenants.services import LaunchRequest

    return LaunchRequest(
        slug=slug,
        name=name,
        domain=f"{slug}.localhost",
        admin_email=f"admin@{slug}.example.org",
        team_email=f"team@{slug}.example.org",
    )


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


def admin_sql(url: str, statement: str, params=()):
    """One statement on its own autocommitted connection (CREATE and DROP DATABASE may
    not run in a transaction); its rows, if it returns any."""
    import psycopg

    with psycopg.connect(url, autocommit=True) as conn:
        cursor = conn.execute(statement, params)
        return cursor.fetchall() if cursor.description else None


def drop_database(admin_url: str, name: str, seconds: float = 60) -> None:
    """``DROP DATABASE ... WITH (FORCE)``, again each second while PostgreSQL refuses for
    want of privilege: PostgreSQL 15 lets FORCE end an autovacuum worker in the database
    only for a superuser or a member of pg_signal_backend, and autovacuum often visits a
    database a bench has just filled. The worker is done within seconds."""
    import psycopg

    deadline = time.monotonic() + seconds
    while True:
        try:
            admin_sql(admin_url, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
            return
        except psycopg.errors.InsufficientPrivilege:
            if time.monotonic() > deadline:
                raise
            time.sleep(1)
