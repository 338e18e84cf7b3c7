"""Serving for bench/platform_bench.py: SQL statements per request in-process, and
gunicorn on a free local port, started and stopped by the bench."""

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from bench.platform_helpers import free_port, http_get

REPO = Path(__file__).resolve().parent.parent
RUN_DIR = REPO / ".run" / "bench"


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
