"""The load balancer's health check (`/health/`): each service down in turn, with our
own stopped Redis, a search address nothing answers and a server whose database is gone;
never the shared services."""

import json

import pytest
import requests

from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from tests.conftest import free_port
from tests.servers import gunicorn_on_test_database


def health(host: str = "10.1.2.3") -> tuple[int, dict]:
    # A load balancer probes by address: a Host that is no borough's and not allowed.
    response = Client(HTTP_HOST=host).get("/health/")
    return response.status_code, json.loads(response.content)


@pytest.mark.django_db
def test_healthy_on_any_host_and_reads_no_boroughs_content(settings, lambeth):
    settings.SECURE_SSL_REDIRECT = True  # probes speak plain HTTP behind TLS termination
    with CaptureQueriesContext(connection) as queries:
        status, answer = health()
    assert status == 200
    assert answer == {"status": "ok", "checks": {"database": "ok", "redis": "ok", "search": "ok"}}
    sql = " ".join(q["sql"].lower() for q in queries.captured_queries)
    assert "wagtail" not in sql and "lambeth" not in sql
    assert health(lambeth.primary_host)[0] == 200


@pytest.mark.django_db
def test_redis_down_is_degraded_not_down(settings, gone_redis):
    settings.REDIS_URL = gone_redis
    status, answer = health()
    assert status == 200
    assert answer["status"] == "degraded"
    assert answer["checks"]["redis"].startswith("failed")
    assert answer["checks"]["database"] == answer["checks"]["search"] == "ok"


@pytest.mark.django_db
def test_search_engine_down_is_degraded_not_down(settings):
    settings.SEARCH_URL = f"http://127.0.0.1:{free_port()}"
    status, answer = health()
    assert status == 200
    assert answer["status"] == "degraded"
    assert answer["checks"]["search"].startswith("failed")
    assert answer["checks"]["redis"] == "ok"


def test_database_down_takes_the_server_out(django_db_setup, django_db_blocker, tmp_path):
    nothing_there = f"postgres://connectdo:connectdo@127.0.0.1:{free_port()}/connectdo"
    with (
        django_db_blocker.unblock(),
        gunicorn_on_test_database(
            tmp_path / "gunicorn.log", env={"DATABASE_URL": nothing_there}
        ) as port,
    ):
        response = requests.get(f"http://127.0.0.1:{port}/health/", timeout=30)
    assert response.status_code == 503
    assert response.json()["status"] == "down"
    assert response.json()["checks"]["database"].startswith("failed")
    assert response.json()["checks"]["redis"] == "ok"
