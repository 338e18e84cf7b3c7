"""Shared fixtures: a real test database with two boroughs launched once per session.

Boroughs are launched with the real launch service (cloning the template schema), and
committed, so every test sees them. Each test then runs inside a transaction that is
rolled back, unless it asks for ``committed_db`` (tests that need other processes,
such as pg_dump, to see their data), in which case it cleans up after itself.
"""

import os
import re
import shutil
import socket
import subprocess
import time
import uuid
from contextlib import contextmanager
from importlib import import_module
from pathlib import Path

import pytest
import redis
from django_tenants.utils import schema_context
from hypothesis import HealthCheck
from hypothesis import settings as hypothesis_settings

from django.conf import settings
from django.core import mail
from django.db import connection
from django.test import Client

from search.services import delete_borough_indexes, delete_shared_indexes
from sites.core import site_cache
from tenants import routing
from tenants.cache import delete_every_boroughs_keys
from tenants.media import delete_media_location
from tenants.models import Borough, Domain
from tenants.services import LaunchRequest, launch_borough
from tests.clock import (  # noqa: F401 - the --now option (a chosen instant), as hooks
    pytest_addoption,
    pytest_configure,
    pytest_report_header,
    pytest_unconfigure,
)

# --seed: random, Faker and factory-boy seeded per run, the seed printed (tests/seeds.py).
pytest_plugins = ["tests.seeds", "tests.scheduling"]

# Property-based tests (the fuzzers in tests/*/test_fuzz_*.py). "ci", the default, runs
# the same examples every time (derandomize), so a failure replays; "deep" searches
# further with fresh random examples and prints how to reproduce what it finds:
#   HYPOTHESIS_PROFILE=deep pytest tests -k fuzz
# The fuzzers share the session boroughs and their function-scoped fixtures across
# examples on purpose (each example undoes its own writes), hence the suppressed check.
_FUZZ_DEFAULTS = {
    "deadline": None,
    "suppress_health_check": [HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
}
hypothesis_settings.register_profile(
    "ci", max_examples=40, derandomize=True, database=None, print_blob=True, **_FUZZ_DEFAULTS
)
hypothesis_settings.register_profile(
    "deep", max_examples=500, database=None, print_blob=True, **_FUZZ_DEFAULTS
)
hypothesis_settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))


SESSION_BOROUGHS = {
    "lambeth": ("Lambeth", "lambeth.localhost", "default"),
    "southwark": ("Southwark", "southwark.localhost", "riverside"),
}


def launch_test_borough(slug: str, name: str, host: str, theme: str) -> Borough:
    """A borough launched with the real service, committed; its indexes left by an
    interrupted run (they outlive the test database) removed first."""
    delete_borough_indexes(slug.replace("-", "_"))
    return launch_borough(
        LaunchRequest(
            slug=slug,
            name=name,
            domain=host,
            admin_email=f"admin@{slug}.example.org",
            team_email=f"connect@{slug}.example.org",
            theme=theme,
        )
    ).borough


@pytest.fixture(scope="session", autouse=True)
def _emails_sent_as_in_production(django_test_environment):
    """pytest-django's test environment makes Django's outbox the whole EMAIL_BACKEND; the
    settings' backend goes back in front of it (the test settings deliver to the outbox),
    so every test's emails pass through what production's do (sites/core/email_backend.py)."""
    settings.EMAIL_BACKEND = import_module(settings.SETTINGS_MODULE).EMAIL_BACKEND


@pytest.fixture(scope="session")
def django_db_setup(django_test_environment, django_db_blocker):
    """Always the test database (never the developer's), whichever tests were selected.

    pytest-django's own version creates it only when a selected test asks for ``db``;
    ``committed_db`` tests would otherwise run against the development database.
    """
    from django.test.utils import setup_databases, teardown_databases

    media_root = Path(settings.MEDIA_ROOT)
    shutil.rmtree(media_root, ignore_errors=True)
    media_root.mkdir(parents=True, exist_ok=True)
    Path(settings.STATIC_ROOT).mkdir(parents=True, exist_ok=True)
    # Cache keys outlive a test database: a run would read what an earlier run of its
    # name (TEST_RUN) cached under ids that now mean other rows (Wagtail's site root paths).
    delete_every_boroughs_keys()
    with django_db_blocker.unblock():
        databases = setup_databases(verbosity=0, interactive=False, aliases={"default"})
        for slug, (name, host, theme) in SESSION_BOROUGHS.items():
            launch_test_borough(slug, name, host, theme)
    yield
    with django_db_blocker.unblock():
        for slug in SESSION_BOROUGHS:
            delete_borough_indexes(slug)
        delete_shared_indexes()  # this run's own prefix (TEST_RUN_ID)
        teardown_databases(databases, verbosity=0)
    shutil.rmtree(media_root, ignore_errors=True)
    delete_every_boroughs_keys()  # some never expire (a borough's content version)


@pytest.fixture(autouse=True)
def _fresh_request_state():
    """Each test starts in the public schema with empty in-process caches and outbox."""
    routing.forget_hosts_in_this_process()
    site_cache.forget_this_process()
    mail.outbox = []
    yield
    if hasattr(connection, "set_schema_to_public"):
        connection.set_schema_to_public()
    routing.forget_hosts_in_this_process()
    # A test's rolled-back rows must not be served, from this process, to the next test.
    site_cache.forget_this_process()


@pytest.fixture(autouse=True)
def _engine_available_or_skip(request):
    """Tests marked ``search_engine`` need the real OpenSearch/Elasticsearch node named by
    SEARCH_URL. Without it they are skipped on a developer's machine, and fail in CI (CI
    is set), where a skipped engine test would hide a missing engine."""
    if request.node.get_closest_marker("search_engine") is None or settings.SEARCH_URL:
        return
    if os.environ.get("CI"):
        pytest.fail(
            "CI is set but SEARCH_URL is not: engine tests must run against the real engine."
        )
    pytest.skip("SEARCH_URL is not set: no search engine to test against")


@pytest.fixture(autouse=True)
def _own_rate_limits(monkeypatch):
    """Each test counts its own attempts: rate-limit keys in Redis outlive a test's
    rolled-back transaction, so without this one test's attempts would count in the next."""
    monkeypatch.setattr("sites.core.ratelimit.KEY_PREFIX", f"ratelimit-{uuid.uuid4().hex}")


@pytest.fixture
def lambeth(db) -> Borough:
    return Borough.objects.get(slug="lambeth")


@pytest.fixture
def southwark(db) -> Borough:
    return Borough.objects.get(slug="southwark")


@contextmanager
def inside(borough: Borough):
    with schema_context(borough.schema_name):
        yield


def drop_borough(slug: str) -> None:
    """Remove a borough a test launched and committed: its schema, register rows, media
    and search indexes (retire_borough would first export it all, which tests need not)."""
    schema_name = slug.replace("-", "_")
    connection.set_schema_to_public()
    with connection.cursor() as cursor:
        cursor.execute(f"DROP SCHEMA IF EXISTS {connection.ops.quote_name(schema_name)} CASCADE")
    Domain.objects.filter(tenant__slug=slug).delete()
    Borough.objects.filter(slug=slug).delete()
    delete_media_location(schema_name)
    delete_borough_indexes(schema_name)
    routing.forget_hosts_in_this_process()


def free_port() -> int:
    """A loopback port nothing listens on, for a server a test starts."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def assert_same_answers(known, unknown) -> None:
    """Two runs of responses (one for an address with an account, one without) are the
    same in every way a visitor can see, apart from the CSRF token in a form and the
    Content-Security-Policy nonce (both new on every response)."""

    def without_csrf(content: bytes) -> str:
        text = re.sub(r'name="csrfmiddlewaretoken" value="[^"]*"', "", content.decode())
        return re.sub(r'nonce="[^"]*"', "", text)

    for seen_by_known, seen_by_unknown in zip(known, unknown, strict=True):
        assert seen_by_known.status_code == seen_by_unknown.status_code
        assert seen_by_known.get("Location") == seen_by_unknown.get("Location")
        assert without_csrf(seen_by_known.content) == without_csrf(seen_by_unknown.content)
        assert sorted(seen_by_known.cookies) == sorted(seen_by_unknown.cookies)


def client_for(borough: Borough | str) -> Client:
    host = borough if isinstance(borough, str) else borough.primary_host
    return Client(HTTP_HOST=host)


@pytest.fixture
def committed_db(django_db_setup, django_db_blocker):
    """Real commits, for tests whose data another process must see. Clean up yourself."""
    with django_db_blocker.unblock():
        assert connection.settings_dict["NAME"].startswith("test_"), "not the test database!"
        yield


class PrivateRedis:
    """A redis-server of a test's own on a free loopback port: tests that make Redis stall
    or go away use one, never the shared server other test runs use."""

    def __init__(self, directory: Path):
        server = shutil.which("redis-server")
        assert server, "redis-server is needed (infrastructure/services.sh installs it)"
        port = free_port()
        self.url = f"redis://127.0.0.1:{port}/0"
        self.process = subprocess.Popen(  # noqa: S603 -- our own arguments
            [server, "--port", str(port), "--bind", "127.0.0.1", "--save", ""]
            + ["--appendonly", "no", "--dir", str(directory)],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        for _ in range(100):
            try:
                if self.client.ping():
                    return
            except redis.ConnectionError:
                time.sleep(0.05)
        self.stop()
        raise AssertionError(f"our own redis-server on port {port} did not start")

    @property
    def client(self) -> redis.Redis:
        return redis.Redis.from_url(self.url, socket_timeout=5)

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()


def redis_cache_at(url: str, alias: str = "default") -> dict:
    """A cache alias configured as in production, but on the Redis at ``url``."""
    from connectdo.settings.caches import borough_cache

    return borough_cache(f"{settings.TEST_RUN}-{alias}", url)


@pytest.fixture
def gone_redis(tmp_path):
    """The URL of a Redis that answered, then went away: our own server, stopped."""
    private = PrivateRedis(tmp_path)
    private.stop()
    return private.url
