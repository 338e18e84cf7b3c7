"""The load balancer's health check: `/health/` on any host, before host routing.

The database is required: without it nothing can be served, so the answer is 503 and the
load balancer takes this app server out. Redis and the search engine are not: pages are
served without them (degraded, never down, docs/architecture.md), so the answer stays
200 with ``"status": "degraded"`` and names what failed, for the operator's alerts.
No borough's content is read; the checks are one ``SELECT 1``, one PING and one
cluster-health request, each with a short timeout.
"""

import json
import urllib.request

import redis

from django.conf import settings
from django.db import connection
from django.http import HttpResponse

CHECK_TIMEOUT_SECONDS = 1.0


def check_database() -> None:
    connection.set_schema_to_public()
    connection.connect_retry_seconds = 0  # no waiting for a restart (tenants/postgresql_backend)
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
    finally:
        connection.connect_retry_seconds = None


def check_redis() -> None:
    if not settings.REDIS_URL:
        return  # one single process (ALLOW_SINGLE_PROCESS): nothing shared to check
    client = redis.Redis.from_url(
        settings.REDIS_URL,
        socket_timeout=CHECK_TIMEOUT_SECONDS,
        socket_connect_timeout=CHECK_TIMEOUT_SECONDS,
    )
    try:
        client.ping()
    finally:
        client.close()


def check_search() -> None:
    if not settings.SEARCH_URL:
        return  # PostgreSQL search only: nothing else to check
    url = settings.SEARCH_URL.rstrip("/") + "/_cluster/health"
    with urllib.request.urlopen(url, timeout=CHECK_TIMEOUT_SECONDS) as answer:  # noqa: S310
        status = json.load(answer).get("status")
    if status not in ("green", "yellow"):
        raise RuntimeError(f"cluster status {status}")


CHECKS = {"database": check_database, "redis": check_redis, "search": check_search}
REQUIRED = {"database"}


def run_checks() -> dict:
    results = {}
    for name, check in CHECKS.items():
        try:
            check()
        except Exception as error:  # noqa: BLE001 - any failure is the answer
            results[name] = f"failed: {type(error).__name__}"
            if name == "database":
                connection.close()  # a broken connection is not reused by the next request
        else:
            results[name] = "ok"
    return results


def health(request) -> HttpResponse:
    results = run_checks()
    failed = {name for name, result in results.items() if result != "ok"}
    if failed & REQUIRED:
        status, code = "down", 503
    elif failed:
        status, code = "degraded", 200
    else:
        status, code = "ok", 200
    response = HttpResponse(
        json.dumps({"status": status, "checks": results}),
        status=code,
        content_type="application/json",
    )
    response["Cache-Control"] = "no-store"
    return response
