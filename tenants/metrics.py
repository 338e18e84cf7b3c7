"""Prometheus metrics, labelled by borough schema, never by page, visitor or query.

With PROMETHEUS_MULTIPROC_DIR set (every gunicorn worker and task worker of a machine
shares it), prometheus_client writes each process's values to files there and the
`/-/metrics` endpoint (connectdo/observability.py) adds them up; without it (development,
tests) the values live in this process.
"""

from prometheus_client import Counter, Histogram

# Bounded label values: a borough schema (or "platform"), GET/HEAD/POST/other, 2xx..5xx.
REQUESTS = Counter("connectdo_requests_total", "Requests answered", ["borough", "method", "status"])
LATENCY = Histogram(
    "connectdo_request_seconds",
    "Time to answer a request, in the app server",
    ["borough"],
    buckets=(0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10),
)
ERRORS = Counter("connectdo_errors_total", "Server errors (5xx) answered", ["borough"])
SEARCH_FALLBACKS = Counter(
    "connectdo_search_fallbacks_total",
    "Searches answered from PostgreSQL because the search engine was down",
    ["borough"],
)

METHODS = {"GET", "HEAD", "POST"}


def borough_label(schema_name: str | None) -> str:
    if not schema_name or schema_name == "public":
        return "platform"
    return schema_name


def search_fell_back() -> None:
    from django.db import connection

    SEARCH_FALLBACKS.labels(borough_label(connection.schema_name)).inc()
