"""gunicorn serving the test database from a subprocess, for tests that need a real server
(the browser tests, the page cache behind Varnish, the health check with PostgreSQL gone).

pytest-django's ``live_server`` is not used: its flush between tests would empty the
borough register that the session fixture committed.
"""

import os
import subprocess
import sys
import time
import urllib.error
import urllib.request
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import quote

from django.conf import settings
from django.db import connection

from tests.conftest import free_port

SERVER_START_SECONDS = 30


def test_database_url() -> str:
    """The test database pytest-django created, where the session boroughs are committed."""
    db = connection.settings_dict
    assert db["NAME"].startswith("test_"), f"not the test database: {db['NAME']}"
    credentials = quote(db["USER"] or "", safe="")
    if db["PASSWORD"]:
        credentials += ":" + quote(db["PASSWORD"], safe="")
    host = db["HOST"] or "127.0.0.1"
    port = db["PORT"] or 5432
    return f"postgres://{credentials}@{host}:{port}/{db['NAME']}"


def _wait_until_answering(process: subprocess.Popen, port: int, log: Path) -> None:
    request = urllib.request.Request(
        f"http://127.0.0.1:{port}/health/",
        headers={"Host": f"{settings.PLATFORM_HOST}:{port}"},
    )
    deadline = time.monotonic() + SERVER_START_SECONDS
    while time.monotonic() < deadline:
        if process.poll() is not None:
            break
        try:
            # An http URL on loopback that we built ourselves.
            with urllib.request.urlopen(request, timeout=2):  # noqa: S310
                return
        except urllib.error.HTTPError:
            return  # answering (even an error page): the server is up
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            pass
        time.sleep(0.2)
    tail = log.read_text(errors="replace")[-3000:] if log.exists() else "(no log)"
    raise RuntimeError(f"The test server did not start on port {port}. Its log:\n{tail}")


@contextmanager
def gunicorn_on_test_database(log: Path, *, threads: int = 4, env: dict | None = None):
    """Yields the port of gunicorn (test settings, this checkout's code) on loopback."""
    port = free_port()
    here = Path(settings.BASE_DIR)
    environment = (
        os.environ
        | {
            "DJANGO_SETTINGS_MODULE": "connectdo.settings.test",
            "DATABASE_URL": test_database_url(),
            "PLATFORM_PORT": str(port),
            "PYTHONUNBUFFERED": "1",
            # The server runs the code under test: this checkout's, first on the path,
            # even when the virtualenv's editable install points at another checkout.
            "PYTHONPATH": os.pathsep.join(
                filter(None, [str(here), str(here / "platform"), os.environ.get("PYTHONPATH")])
            ),
        }
        | (env or {})
    )
    command = [
        sys.executable,
        "-m",
        "gunicorn",
        "connectdo.wsgi:application",
        f"--bind=127.0.0.1:{port}",
        "--workers=1",
        f"--threads={threads}",
        "--timeout=60",
        "--graceful-timeout=2",
        "--no-control-socket",
        "--access-logfile=-",
        "--error-logfile=-",
    ]
    with log.open("wb") as output:
        # Our own interpreter and arguments.
        process = subprocess.Popen(  # noqa: S603
            command, cwd=settings.BASE_DIR, env=environment, stdout=output, stderr=subprocess.STDOUT
        )
    try:
        _wait_until_answering(process, port, log)
        yield port
    finally:
        process.terminate()
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
