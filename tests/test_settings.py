"""Production settings refuse to start without their secrets, and pass the deploy check."""

import os
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
PRODUCTION_ENV = {
    "DJANGO_SETTINGS_MODULE": "connectdo.settings.production",
    "SECRET_KEY": "x" * 20 + "-a-long-random-production-secret-for-checks-only-0123456789",
    "DATABASE_URL": "postgres://connectdo:connectdo@127.0.0.1:5432/connectdo",
    "ALLOWED_HOSTS": ".connectdo.example.org",
    "REDIS_URL": "redis://127.0.0.1:6379/0",
}


def manage(*args: str, env: dict) -> subprocess.CompletedProcess:
    clean_env = {k: v for k, v in os.environ.items() if k not in PRODUCTION_ENV}
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


def test_production_refuses_to_start_without_allowed_hosts():
    env = {k: v for k, v in PRODUCTION_ENV.items() if k != "ALLOWED_HOSTS"}
    completed = manage("check", env=env)
    assert completed.returncode != 0
    assert "ALLOWED_HOSTS must be set" in completed.stderr


def test_the_deploy_check_is_clean_under_production_settings():
    completed = manage("check", "--deploy", "--fail-level", "WARNING", env=PRODUCTION_ENV)
    assert completed.returncode == 0, completed.stderr + completed.stdout
    assert "no issues" in completed.stdout


def test_a_test_run_id_in_capitals_still_names_valid_search_indexes():
    """Index names must be lower case; TEST_RUN_ID=axD1 must not break every launch."""
    env = {
        "DJANGO_SETTINGS_MODULE": "connectdo.settings.test",
        "TEST_RUN_ID": "axD1",
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
