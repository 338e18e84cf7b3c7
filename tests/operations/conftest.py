"""The topology's page cache for tests: Varnish with infrastructure/production/varnish.vcl,
in front of gunicorn serving the test database (tests/servers.py)."""

import shutil
import subprocess
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from string import Template

import pytest
import requests
from django_tenants.utils import schema_context

from django.conf import settings

from tests.conftest import drop_borough, free_port, launch_test_borough
from tests.servers import gunicorn_on_test_database

VCL = Path(settings.BASE_DIR) / "infrastructure" / "production" / "varnish.vcl"


@dataclass
class Proxy:
    port: int

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def get(self, host: str, path: str, cookies: dict | None = None) -> requests.Response:
        return requests.get(
            self.url + path,
            headers={"Host": host},
            cookies=cookies or {},
            allow_redirects=False,
            timeout=30,
        )

    def post(self, host: str, path: str, data: dict, cookies: dict) -> requests.Response:
        return requests.post(
            self.url + path,
            headers={"Host": host, "Referer": f"http://{host}{path}"},
            data=data,
            cookies=cookies,
            allow_redirects=False,
            timeout=30,
        )


def start_varnish(app_port: int, directory: Path) -> tuple[subprocess.Popen, int]:
    binary = shutil.which("varnishd") or "/usr/sbin/varnishd"
    assert Path(binary).exists(), "varnishd is needed (infrastructure/services.sh installs it)"
    port = free_port()
    vcl = directory / "default.vcl"
    # The topology's three app servers are, here, one gunicorn three times over.
    vcl.write_text(
        Template(VCL.read_text()).safe_substitute(
            APP1_PORT=app_port,
            APP2_PORT=app_port,
            APP3_PORT=app_port,
            PUBLIC_PORT_SUFFIX=f":{port}",
        )
    )
    command = [binary, "-F", "-a", f"127.0.0.1:{port}", "-T", f"127.0.0.1:{free_port()}"]
    command += ["-f", str(vcl), "-n", str(directory / "work"), "-j", "none", "-s", "malloc,32m"]
    process = subprocess.Popen(  # noqa: S603 - our own arguments
        command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    for _ in range(150):
        try:
            if requests.get(f"http://127.0.0.1:{port}/health/", timeout=2).status_code == 200:
                return process, port
        except requests.ConnectionError:
            pass
        time.sleep(0.2)
    process.terminate()
    raise AssertionError("Varnish did not start, or no app server became healthy")


@pytest.fixture(scope="module")
def proxy(django_db_setup, django_db_blocker):
    """Varnish, our configuration, in front of gunicorn on the test database."""
    directory = Path(tempfile.mkdtemp(prefix="connectdo-varnish-"))
    with (
        django_db_blocker.unblock(),
        gunicorn_on_test_database(directory / "gunicorn.log") as app_port,
    ):
        process, port = start_varnish(app_port, directory)
        try:
            yield Proxy(port)
        finally:
            process.terminate()
            process.wait(timeout=15)
    shutil.rmtree(directory, ignore_errors=True)


@pytest.fixture(scope="module")
def cachetown(django_db_setup, django_db_blocker):
    """A borough of this module's own, committed (the server must see it), then dropped."""
    with django_db_blocker.unblock():
        borough = launch_test_borough("cachetown", "Cachetown", "cachetown.localhost", "default")
        try:
            yield borough
        finally:
            drop_borough("cachetown")


@pytest.fixture
def purging_to(settings):
    """This process sends Wagtail's purges and the borough bans to the given proxy."""

    def configure(proxy: Proxy) -> None:
        settings.FRONTEND_CACHE_URLS = [proxy.url]
        settings.WAGTAILFRONTENDCACHE = {
            "proxy0": {
                "BACKEND": "wagtail.contrib.frontend_cache.backends.HTTPBackend",
                "LOCATION": proxy.url,
            }
        }

    return configure


def inside_schema(borough):
    return schema_context(borough.schema_name)
