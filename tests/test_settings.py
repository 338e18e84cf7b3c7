"""Production settings refuse to start without their secrets, and pass the deploy check."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
PRODUCTION_ENV = {
    "DJANGO_SETTINGS_MODULE": "connectdo.settings.production",
    "SECRET_KEY": "x" * 20 + "-a-long-random-production-secret-for-checks-only-0123456789",
    "DATABASE_URL": "postgres://connectdo:connectdo@127.0.0.1:5432/connectdo",
    "ALLOWED_HOSTS": ".connectdo.example.org",
    "REDIS_URL": "redis://127.0.0.1:6379/0",
    # A valid Fernet key, for these checks only.
    "NOTES_ENCRYPTION_KEYS": "Y2hlY2tzLW9ubHktbm90LWEtcmVhbC1ub3Rlcy1rZXk=",
}


def manage(*args: str, env: dict) -> subprocess.CompletedProcess:
    clean_env = {
        k: v for k, v in os.environ.items() if k not in PRODUCTION_ENV and k != "PLATFORM_PORT"
    }
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=REPO,
        env={**clean_env, **env},
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_production_refuses_to_start_without_its_secret_key():
    env = {k: v for k, v in PRODUCTION_ENV.items() if k != "SECRET_KEY"}
    completed = manage("check", env=env)
    assert completed.returncode != 0
    assert "SECRET_KEY must be set" in completed.stderr


def test_production_refuses_a_short_secret_key():
    completed = manage("check", env={**PRODUCTION_ENV, "SECRET_KEY": "short"})
    assert completed.returncode != 0
    assert "at least 50" in completed.stderr


@pytest.mark.parametrize(
    ("key", "why"),
    [
        ("a" * 60, "fewer than 5 different characters"),
        ("abcd" * 20, "fewer than 5 different characters"),
        ("django-insecure-" + "k3x9!q@w7#z$e2%r5^t8&y1*u4(i6)o0p-l" * 2, "for development"),
    ],
)
def test_production_refuses_a_weak_secret_key(key, why):
    completed = manage("check", env={**PRODUCTION_ENV, "SECRET_KEY": key})
    assert completed.returncode != 0
    assert "SECRET_KEY must be" in completed.stderr and why in completed.stderr


@pytest.mark.parametrize("hosts", ["*", ".connectdo.example.org,*", " * "])
def test_production_refuses_a_wildcard_in_allowed_hosts(hosts):
    completed = manage("check", env={**PRODUCTION_ENV, "ALLOWED_HOSTS": hosts})
    assert completed.returncode != 0
    assert "ALLOWED_HOSTS must name the platform's hosts" in completed.stderr


def test_production_refuses_to_start_without_redis_unless_told_one_process_is_meant():
    env = {k: v for k, v in PRODUCTION_ENV.items() if k != "REDIS_URL"}
    refused = manage("check", env=env)
    assert refused.returncode != 0
    assert "REDIS_URL must be set" in refused.stderr and "ALLOW_SINGLE_PROCESS=1" in refused.stderr

    single = manage(
        "shell",
        "-c",
        "from django.conf import settings; print(settings.CACHES['default']['BACKEND'])",
        env={**env, "ALLOW_SINGLE_PROCESS": "1"},
    )
    assert single.returncode == 0, single.stderr
    assert single.stdout.split()[-1] == "django.core.cache.backends.locmem.LocMemCache"


@pytest.mark.parametrize("keys", ["", "not-a-fernet-key"])
def test_production_refuses_to_start_without_a_notes_key(keys):
    result = manage("check", env={**PRODUCTION_ENV, "NOTES_ENCRYPTION_KEYS": keys})
    assert result.returncode != 0
    assert "NOTES_ENCRYPTION_KEYS" in result.stderr


def test_production_refuses_to_start_without_allowed_hosts():
    env = {k: v for k, v in PRODUCTION_ENV.items() if k != "ALLOWED_HOSTS"}
    completed = manage("check", env=env)
    assert completed.returncode != 0
    assert "ALLOWED_HOSTS must be set" in completed.stderr


@pytest.mark.parametrize(
    ("env", "base_url"),
    [
        ({}, "https://lambeth.connectdo.example.org"),
        (
            {"PLATFORM_PORT": "8100", "PLATFORM_SCHEME": "http"},
            "http://lambeth.connectdo.example.org:8100",
        ),
    ],
)
def test_production_links_name_the_port_visitors_use(env, base_url):
    """Emailed links are built from the platform's scheme and port: in production, the
    standard port of HTTPS unless told otherwise (not the development server's 8000)."""
    completed = manage(
        "shell",
        "-c",
        "from types import SimpleNamespace as B; from tenants.emails import borough_base_url; "
        "print(borough_base_url(B(primary_host='lambeth.connectdo.example.org')))",
        env={**PRODUCTION_ENV, **env},
    )
    assert completed.returncode == 0, completed.stderr
    assert completed.stdout.split()[-1] == base_url


def test_the_deploy_check_is_clean_under_production_settings():
    completed = manage("check", "--deploy", "--fail-level", "WARNING", env=PRODUCTION_ENV)
    assert completed.returncode == 0, completed.stderr + completed.stdout
    assert "no issues" in completed.stdout


def test_a_test_run_id_in_capitals_still_names_valid_search_indexes():
    """Index names must be lower case; TEST_RUN_ID=axD1 must not break every launch."""
    env = {
        "DJANGO_SETTINGS_MODULE": "connectdo.settings.test",
        "TEST_RUN_ID": "axD1",
        "PYTEST_XDIST_WORKER": "",
        "REDIS_URL": os.environ.get("REDIS_URL", PRODUCTION_ENV["REDIS_URL"]),
    }
    completed = manage(
        "shell",
        "-c",
        "from django.conf import settings; print(settings.SEARCH_INDEX_PREFIX)",
        env=env,
    )
    assert completed.returncode == 0, completed.stderr
    assert completed.stdout.split()[-1] == "test_connectdo_axd1_"


def test_each_xdist_worker_has_its_own_database_indexes_cache_and_media():
    """make test runs pytest on two workers: nothing of one may reach the other's."""
    code = (
        "from django.conf import settings as s; "
        "print(s.DATABASES['default']['TEST']['NAME'], s.SEARCH_INDEX_PREFIX, "
        "s.CACHES['default']['KEY_PREFIX'], s.MEDIA_ROOT)"
    )
    seen = {}
    for worker in ("gw0", "gw1"):
        env = {
            "DJANGO_SETTINGS_MODULE": "connectdo.settings.test",
            "TEST_RUN_ID": "ci",
            "PYTEST_XDIST_WORKER": worker,
            "REDIS_URL": os.environ.get("REDIS_URL", PRODUCTION_ENV["REDIS_URL"]),
        }
        completed = manage("shell", "-c", code, env=env)
        assert completed.returncode == 0, completed.stderr
        seen[worker] = completed.stdout.split()[-4:]
    assert seen["gw0"][:2] == ["test_connectdo_ci_gw0", "test_connectdo_ci_gw0_"]
    for mine, theirs in zip(seen["gw0"], seen["gw1"], strict=True):
        assert mine != theirs
        assert "gw0" in mine


def test_production_loads_no_demo_code_nor_factories_nor_faker():
    """Production installs requirements/production.lock, without factory-boy and Faker:
    nothing it runs (settings, apps, URLs, admin hooks, checks) may import them."""
    code = (
        "import sys; from django.core.management import call_command; "
        "import connectdo.urls_public, connectdo.urls_borough; "
        "call_command('check', verbosity=0); "
        "from wagtail import hooks; hooks.get_hooks('register_admin_menu_item'); "
        "from django.conf import settings; print('apps', *settings.INSTALLED_APPS); "
        "print('loaded', *sorted(m for m in sys.modules if m.split('.')[0] in "
        "('factory', 'faker', 'wagtail_factories') or m.startswith('sites.demo') "
        "or m.endswith('.factories')))"
    )
    completed = manage("shell", "-c", code, env=PRODUCTION_ENV)
    assert completed.returncode == 0, completed.stderr
    apps, loaded = completed.stdout.strip().splitlines()[-2:]
    assert "sites.directory" in apps.split() and "sites.demo" not in apps.split()
    assert loaded == "loaded"


def test_a_run_starts_without_what_an_earlier_run_of_its_name_cached(settings):
    """Cache keys outlive the test database; each run deletes its own name's, and no
    other run's (another TEST_RUN_ID may be running beside it)."""
    import redis

    from tenants.cache import delete_every_boroughs_keys

    client = redis.Redis.from_url(settings.REDIS_URL)
    ours = settings.CACHES["default"]["KEY_PREFIX"]
    left = f"havering:{ours}:2:wagtail_site_root_paths"
    # Another run whose prefix starts with ours: the case a loose pattern would catch.
    another_run = ours.replace("-default", "_otherrun-default")
    other = f"havering:{another_run}:2:wagtail_site_root_paths"
    client.set(left, b"[]")
    client.set(other, b"[]", ex=60)
    try:
        assert delete_every_boroughs_keys() >= 1
        assert client.exists(left) == 0
        assert client.exists(other) == 1
    finally:
        client.delete(left, other)
