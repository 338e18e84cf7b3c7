"""What operators see of each request: the health check, Prometheus metrics per borough,
and one log line per request (JSON in production) with the borough, request id and time.

``OperatorEndpointsMiddleware`` comes first in MIDDLEWARE: `/health/` answers on any
Host header (a load balancer probes by address) and before the HTTPS redirect;
`/-/metrics` answers only to requests that did not come through a proxy (the scraper on
the private network; Varnish refuses `/-/` outright).
"""

import contextvars
import json
import logging
import os
import time
import uuid
from urllib.parse import parse_qsl, unquote, urlencode, urlsplit

from django.conf import settings
from django.http import HttpResponse, HttpResponseNotFound
from django.urls import Resolver404, resolve
from django.utils import translation

from tenants.metrics import ERRORS, LATENCY, METHODS, REQUESTS, borough_label

from .health import health

request_id_var = contextvars.ContextVar("request_id", default="-")
request_logger = logging.getLogger("connectdo.request")

HEALTH_PATH = "/health/"
METRICS_PATH = "/-/metrics"


class OperatorEndpointsMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.path == HEALTH_PATH:
            return health(request)
        if request.path == METRICS_PATH:
            if "HTTP_X_FORWARDED_FOR" in request.META:
                return HttpResponseNotFound()
            return metrics_response()
        return self.get_response(request)


def metrics_response() -> HttpResponse:
    from prometheus_client import CONTENT_TYPE_LATEST, REGISTRY, CollectorRegistry, generate_latest

    registry = REGISTRY
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        from prometheus_client import multiprocess

        registry = CollectorRegistry()
        multiprocess.MultiProcessCollector(registry)
    registry_output = generate_latest(registry) + queue_depth_lines()
    return HttpResponse(registry_output, content_type=CONTENT_TYPE_LATEST)


def queue_depth_lines() -> bytes:
    """Tasks waiting to run, per borough: read from the queue table at each scrape."""
    from django_tasks.base import TaskResultStatus
    from django_tasks_db.models import DBTaskResult

    from django.db import connection
    from django.db.models import Count
    from django.db.models.fields.json import KeyTextTransform, KeyTransform

    connection.set_schema_to_public()
    rows = (
        DBTaskResult.objects.filter(status=TaskResultStatus.READY)
        .annotate(schema=KeyTextTransform("0", KeyTransform("args", "args_kwargs")))
        .values("schema")
        .annotate(n=Count("id"))
    )
    lines = [
        "# HELP connectdo_task_queue_depth Tasks waiting to run",
        "# TYPE connectdo_task_queue_depth gauge",
    ]
    for row in rows:
        lines.append(
            f'connectdo_task_queue_depth{{borough="{borough_label(row["schema"])}"}} {row["n"]}'
        )
    return ("\n".join(lines) + "\n").encode()


class RequestObservabilityMiddleware:
    """Times every request; counts it per borough; logs one line."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request_id = request.headers.get("X-Request-ID", "")[:64] or uuid.uuid4().hex
        token = request_id_var.set(request_id)
        started = time.perf_counter()
        try:
            response = self.get_response(request)
            seconds = time.perf_counter() - started
            borough = borough_label(getattr(getattr(request, "tenant", None), "schema_name", None))
            status = response.status_code
            REQUESTS.labels(
                borough,
                request.method if request.method in METHODS else "other",
                f"{status // 100}xx",
            ).inc()
            LATENCY.labels(borough).observe(seconds)
            if status >= 500:
                ERRORS.labels(borough).inc()
            # The path only: query strings can hold what a visitor searched for.
            path = logged_path(request)
            request_logger.info(
                "%s %s %s %.1fms",
                request.method,
                path,
                status,
                seconds * 1000,
                extra={
                    "borough": borough,
                    "method": request.method,
                    "path": path,
                    "status": status,
                    "duration_ms": round(seconds * 1000, 1),
                },
            )
            response["X-Request-ID"] = request_id
            return response
        finally:
            request_id_var.reset(token)


# URL arguments that are secrets: a sign-in, reset or confirmation link's token works for
# a while after a mail scanner opened it, so it must not sit in the logs.
SECRET_URL_ARGUMENTS = frozenset({"token", "uidb64"})


def _secret_route(match) -> str:
    """The route ``match`` matched when its path carries a secret, else ""."""
    if match is not None and SECRET_URL_ARGUMENTS & match.kwargs.keys():
        return "/" + str(match.route).lstrip("^")
    return ""


def logged_path(request) -> str:
    """The request's path, or the route it matched when the path carries a secret
    ("/account/sign-in/link/<str:token>/")."""
    return _secret_route(getattr(request, "resolver_match", None)) or request.path


def logged_path_of(path: str) -> str:
    """``logged_path`` where only the path is known (runserver's log): read as a
    borough's address, then the platform's, in the language its prefix names."""
    prefix = path.lstrip("/").split("/", 1)[0]
    language = prefix if prefix in dict(settings.LANGUAGES) else settings.LANGUAGE_CODE
    for urlconf in (settings.ROOT_URLCONF, settings.PUBLIC_SCHEMA_URLCONF):
        try:
            with translation.override(language):
                route = _secret_route(resolve(path, urlconf))
        except Resolver404:
            continue
        if route:
            return route
    return path


# Query parameters that are secrets: a members-only group's calendar feed key
# (sites/community/events/feeds.py) works for as long as its member is in the group.
SECRET_QUERY_PARAMETERS = frozenset({"key"})


def _logged_value(name: str, value: str) -> str:
    """A query value as runserver's log writes it: a secret parameter's as ``<name>``, an
    address carrying a secret (``?next=/account/confirm/...``) as its route."""
    if name in SECRET_QUERY_PARAMETERS:
        return f"<{name}>"
    if value.startswith("/"):
        path = urlsplit(value).path
        route = logged_path_of(path)
        if route != path:
            return route
    return value


def logged_target(target: str) -> str:
    """A request line's target (path and query) as runserver's log writes it: a path that
    carries a secret as its route (``logged_path_of``, its query left out), else the
    path with each query value through ``_logged_value``; as it was when nothing is
    secret."""
    parts = urlsplit(target)
    path = unquote(parts.path)
    logged = logged_path_of(path)
    if logged != path:
        return logged
    pairs = parse_qsl(parts.query, keep_blank_values=True)
    shown = [(name, _logged_value(name, value)) for name, value in pairs]
    if shown == pairs:
        return target
    return f"{parts.path}?{urlencode(shown, safe='/<>:')}"


class RoutesForSecretPaths(logging.Filter):
    """runserver's request log (the ``django.server`` logger) writes the request line,
    ``"GET /account/sign-in/link/<the token>/ HTTP/1.1" 200 1234``: a path that carries
    a secret is written as its route, as the request log writes it (``logged_path``),
    and a secret query value (a calendar feed's ``?key=``) as ``<key>`` (``logged_target``),
    so a link that still works never sits in a developer's terminal or its saved logs."""

    def filter(self, record):
        args = record.args
        if not (isinstance(args, tuple) and args and isinstance(args[0], str)):
            return True
        parts = args[0].split(" ")
        if len(parts) == 3:
            method, target, version = parts
            logged = logged_target(target)
            if logged != target:
                record.args = (f"{method} {logged} {version}", *args[1:])
        return True


class RequestIdFilter(logging.Filter):
    def filter(self, record):
        record.request_id = request_id_var.get()
        return True


class JsonFormatter(logging.Formatter):
    """One JSON object per line, for the log collector (LOG_FORMAT=json)."""

    FIELDS = ("borough", "method", "path", "status", "duration_ms")

    def format(self, record):
        entry = {
            "time": self.formatTime(record, "%Y-%m-%dT%H:%M:%S%z"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
            "schema": getattr(record, "schema_name", None),
            "request_id": getattr(record, "request_id", "-"),
        }
        entry.update({f: getattr(record, f) for f in self.FIELDS if hasattr(record, f)})
        if record.exc_info:
            entry["exception"] = self.formatException(record.exc_info)
        return json.dumps(entry, default=str)
