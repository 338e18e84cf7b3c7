"""Prometheus metrics per borough and the JSON request log."""

import io
import json
import logging
import re

import pytest

from django.test import Client

from connectdo.observability import JsonFormatter, RequestIdFilter
from tests.conftest import client_for


def metrics(**headers) -> tuple[int, str]:
    response = Client(HTTP_HOST="10.1.2.3").get("/-/metrics", **headers)
    return response.status_code, response.content.decode()


def requests_counted(text: str, borough: str) -> float:
    pattern = (
        rf'^connectdo_requests_total\{{borough="{borough}",method="GET",status="2xx"\}} (\S+)$'
    )
    found = re.search(pattern, text, re.MULTILINE)
    return float(found.group(1)) if found else 0.0


@pytest.mark.django_db
def test_requests_are_counted_per_borough_and_nothing_visitors_typed_shows(lambeth, southwark):
    _, before = metrics()
    for _ in range(3):
        assert client_for(lambeth).get("/search/", {"q": "zanzibar-walk-secret"}).status_code == 200
    status, after = metrics()
    assert status == 200
    assert requests_counted(after, "lambeth") == requests_counted(before, "lambeth") + 3
    assert requests_counted(after, "southwark") == requests_counted(before, "southwark")
    assert 'connectdo_request_seconds_bucket{borough="lambeth"' in after
    # Labels are the borough, method and status class: never a path, query or visitor.
    assert "zanzibar" not in after and "/search/" not in after
    assert "connectdo_task_queue_depth" in after


@pytest.mark.django_db
def test_metrics_are_refused_to_anything_that_came_through_a_proxy():
    assert metrics(HTTP_X_FORWARDED_FOR="203.0.113.9")[0] == 404


@pytest.mark.django_db
def logged_lines(make_requests) -> list[str]:
    """The request log's JSON lines while ``make_requests()`` runs."""
    lines = []

    class Collect(logging.Handler):
        def emit(self, record):
            lines.append(self.format(record))

    handler = Collect()
    handler.setFormatter(JsonFormatter())
    handler.addFilter(RequestIdFilter())
    logger = logging.getLogger("connectdo.request")
    old_level = logger.level
    logger.addHandler(handler)
    logger.setLevel(logging.INFO)
    try:
        make_requests()
    finally:
        logger.removeHandler(handler)
        logger.setLevel(old_level)
    return lines


def test_each_request_logs_one_json_line_with_borough_request_id_and_time(lambeth):
    [line] = logged_lines(
        lambda: client_for(lambeth).get(
            "/search/", {"q": "private words"}, HTTP_X_REQUEST_ID="req-42"
        )
    )
    entry = json.loads(line)
    assert entry["borough"] == "lambeth"
    assert entry["request_id"] == "req-42"
    assert entry["status"] == 200 and entry["path"] == "/search/"
    assert entry["duration_ms"] > 0
    assert "private words" not in line


def test_no_link_token_is_written_to_the_log(lambeth):
    """A sign-in, reset or confirmation link works for a while after a mail scanner
    opened it: the log names the route, never the token."""
    token = "a-secret-token-1234567890"
    client = client_for(lambeth)
    paths = [
        f"/account/sign-in/link/{token}/",
        f"/account/confirm/{token}/",
        f"/account/password/new/MQ/{token}/",
        f"/admin/password_reset/confirm/MQ/{token}/",
    ]
    lines = logged_lines(lambda: [client.get(path) for path in paths])
    assert len(lines) == len(paths)
    assert not [line for line in lines if token in line]
    assert json.loads(lines[0])["path"] == "/account/sign-in/link/<str:token>/"


def dev_server_lines(request_lines: list[str]) -> list[str]:
    """What runserver's request log (the ``django.server`` logger, through the handler and
    filter the settings give it) writes for these request lines."""
    from django.core.servers.basehttp import WSGIRequestHandler

    written = io.StringIO()
    # The settings' handler (pytest adds its own capturing ones beside it).
    handlers = logging.getLogger("django.server").handlers
    [handler] = [handler for handler in handlers if type(handler) is logging.StreamHandler]
    terminal = handler.setStream(written)
    try:
        server = WSGIRequestHandler.__new__(WSGIRequestHandler)  # what runserver logs with
        server.request = None
        for line in request_lines:
            server.requestline = line
            server.log_request(200, 1234)
    finally:
        handler.setStream(terminal)
    return written.getvalue().splitlines()


def test_the_dev_server_log_writes_no_link_token():
    """A path with a token is written as its route, as the request log does; a secret
    query value (a calendar feed's key) as its name, and an address in ``next`` that
    carries a token as its route; other request lines as they were."""
    token = "a-secret-token-1234567890"
    lines = dev_server_lines(
        [
            f"GET /account/sign-in/link/{token}/ HTTP/1.1",
            f"GET /pl/account/confirm/{token}/?next=/ HTTP/1.1",
            f"GET /admin/password_reset/confirm/MQ/{token}/ HTTP/1.1",
            f"POST /account/password/new/MQ/{token}/ HTTP/1.1",
            "GET /search/?q=walks HTTP/1.1",
            f"GET /groups/circle/events.ics?key={token} HTTP/1.1",
            f"GET /pl/groups/circle/events.ics/?x=1&key={token}&page=2 HTTP/1.1",
            f"GET /account/sign-in/?next=/wellbeing/{token}/ HTTP/1.1",
            f"GET /my-list/shared/{token}/ HTTP/1.1",
            f"GET /emails/unsubscribe/{token}/ HTTP/1.1",
            f"GET /listing-still-up-to-date/{token}/ HTTP/1.1",
            "GET /account/sign-in/?next=/events/ HTTP/1.1",
            f"GET /console/password/new/MQ/{token}/ HTTP/1.1",  # the platform's own
        ]
    )
    assert len(lines) == 13
    assert not [line for line in lines if token in line], lines
    assert lines[0].endswith('"GET /account/sign-in/link/<str:token>/ HTTP/1.1" 200 1234')
    assert '"GET /pl/account/confirm/<str:token>/ HTTP/1.1"' in lines[1]
    assert lines[4].endswith('"GET /search/?q=walks HTTP/1.1" 200 1234'), "as it was"
    assert '"GET /groups/circle/events.ics?key=<key> HTTP/1.1"' in lines[5]
    assert '"GET /pl/groups/circle/events.ics/?x=1&key=<key>&page=2 HTTP/1.1"' in lines[6]
    assert '"GET /account/sign-in/?next=/wellbeing/<str:token>/ HTTP/1.1"' in lines[7]
    assert lines[11].endswith('"GET /account/sign-in/?next=/events/ HTTP/1.1" 200 1234')
    assert '"GET /console/password/new/<uidb64>/<token>/ HTTP/1.1"' in lines[12]


@pytest.mark.django_db
def test_the_dev_server_log_writes_no_calendar_feed_key(lambeth):
    """The private link a member of a members-only group is given for its calendar (the
    one their calendar app asks for, for as long as they are in the group)."""
    from sites.community.events.feeds import group_feed_path
    from tests.community.conftest import make_group, make_member
    from tests.conftest import inside

    member = make_member(lambeth)
    group = make_group(lambeth, members=[member], visibility="members-only", name="Circle")
    with inside(lambeth):
        link = group_feed_path(group, member, lambeth)
    key = link.split("key=", 1)[1]
    assert client_for(lambeth).get(link).status_code == 200  # a key that works
    [line] = dev_server_lines([f"GET {link} HTTP/1.1"])
    assert key not in line
    assert f'"GET /groups/{group.slug}/events.ics?key=<key> HTTP/1.1" 200 1234' in line
