"""`make run`'s server (runserver with the development settings) answers hostile static
paths with a 404, never a 500, and still serves the static files."""

import os
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from tests.conftest import free_port

REPO = Path(__file__).resolve().parent.parent
HOSTILE_PATHS = [
    "/static/%2e%2e%2f%2e%2e",
    "/static/%2e%2e/%2e%2e/manage.py",
    "/static/..%2f..%2fmanage.py",
    "/static/wagtailadmin/%2e%2e%2f%2e%2e%2f%2e%2e%2fsettings.py",
]


def status(port: int, path: str) -> int:
    request = urllib.request.Request(
        f"http://127.0.0.1:{port}{path}", headers={"Host": "localhost"}
    )
    try:
        with urllib.request.urlopen(request, timeout=30) as response:  # noqa: S310 -- loopback
            return response.status
    except urllib.error.HTTPError as error:
        return error.code


@pytest.fixture
def dev_server():
    port = free_port()
    env = os.environ | {
        "DJANGO_SETTINGS_MODULE": "connectdo.settings.dev",
        "PYTHONPATH": os.pathsep.join([str(REPO), str(REPO / "platform")]),
    }
    process = subprocess.Popen(  # noqa: S603 -- our own interpreter and arguments
        [sys.executable, "manage.py", "runserver", f"127.0.0.1:{port}", "--noreload"],
        cwd=REPO,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + 90
        while time.monotonic() < deadline:
            try:
                status(port, "/static/wagtailadmin/css/core.css")
                break
            except (urllib.error.URLError, ConnectionError, TimeoutError):
                assert process.poll() is None, "runserver stopped"
                time.sleep(0.5)
        yield port
    finally:
        process.terminate()
        process.wait(timeout=15)


def test_hostile_static_paths_get_a_404_and_real_files_are_served(dev_server):
    answers = {path: status(dev_server, path) for path in HOSTILE_PATHS}
    assert answers == dict.fromkeys(HOSTILE_PATHS, 404)
    assert status(dev_server, "/static/wagtailadmin/css/core.css") == 200
    assert status(dev_server, "/static/themes/default/css/site.css") == 200
