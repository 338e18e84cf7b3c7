"""Degraded, never down: with Redis stalled (CLIENT PAUSE) or gone, every kind of borough
page still answers, from the database, within about its usual time.

Each test starts a private redis-server on a free port and points the app's caches at it:
the shared Redis on 6379 is never paused (other test runs use it).
"""

import time
from pathlib import Path

import pytest

from django.core.cache import caches

from wagtail.models import Page

from sites.community.discussions.links import discussions_url, thread_url
from sites.community.events.links import event_url, events_url
from sites.community.groups.links import group_url, groups_url
from tenants import routing
from tenants.models import Domain
from tests.community.conftest import make_event, make_group, make_member, make_thread, signed_in
from tests.conftest import PrivateRedis, client_for, inside, redis_cache_at
from tests.directory.conftest import build_directory

# Longer than any Redis stall the app may now wait (REDIS_TIMEOUT_MS, once per request at
# most), shorter than the 5 s a stall used to cost before every page failed.
EXTRA_SECONDS_ALLOWED = 2.0


@pytest.fixture
def private_redis(tmp_path: Path, settings):
    """A redis-server of this test's own, used by every cache alias while the test runs."""
    private = PrivateRedis(tmp_path)
    try:
        use_redis_at(settings, private.url)
        yield private
    finally:
        private.stop()


def every_kind_of_page(borough) -> dict[str, tuple]:
    """Name -> (client, path): each kind of page a visitor or a member opens."""
    directory = build_directory(borough)
    member = make_member(borough, display_name="Outage Olu")
    group = make_group(borough, organiser=member, name="Outage walkers")
    thread, _post = make_thread(borough, member, title="Where to paint?")
    event = make_event(borough, title="Outage coffee morning")
    with inside(borough):
        paths = {
            "home": "/",
            "standard page": "/about/",
            "things to do": directory.things_to_do.url,
            "organisation": directory.organisation.url,
            "activity": directory.activity.url,
            "place": directory.place.url,
            "events": events_url(),
            "event": event_url(event),
            "groups": groups_url(),
            "group": group_url(group),
            "discussions": discussions_url(),
            "discussion": thread_url(thread),
            "search": "/search/?q=garden+club",
            "sign-in": "/account/sign-in/",
            "admin sign-in": "/admin/login/",
        }
    visitor = client_for(borough)
    pages = {name: (visitor, path) for name, path in paths.items()}
    pages["my page (signed in)"] = (signed_in(borough, member), "/account/")
    return pages


def timed_get(client, path: str):
    started = time.monotonic()
    response = client.get(path)
    return response, time.monotonic() - started


def warm_up(pages: dict) -> dict[str, float]:
    """Every page answers with Redis up; how long each took."""
    usual = {}
    for name, (client, path) in pages.items():
        response, usual[name] = timed_get(client, path)
        assert response.status_code == 200, (name, path, response.status_code)
    return usual


def assert_every_page_answers(pages: dict, usual: dict[str, float]) -> None:
    slow, failed = {}, {}
    for name, (client, path) in pages.items():
        response, seconds = timed_get(client, path)
        if response.status_code != 200:
            failed[name] = (path, response.status_code)
        if seconds > usual[name] + EXTRA_SECONDS_ALLOWED:
            slow[name] = round(seconds, 2)
    assert not failed, f"pages that failed without Redis: {failed}"
    assert not slow, f"pages that waited for Redis: {slow}"


@pytest.mark.django_db
def test_every_borough_page_answers_while_redis_is_paused(private_redis, lambeth):
    pages = every_kind_of_page(lambeth)
    usual = warm_up(pages)
    # The pages really use this Redis: routing's counter, site versions, Wagtail's keys.
    assert private_redis.client.dbsize() > 0

    # Redis accepts connections but answers nothing for 20 s: the worst kind of outage.
    private_redis.client.execute_command("CLIENT", "PAUSE", "20000", "ALL")
    assert_every_page_answers(pages, usual)
    # They answered because the app noticed the stall and left Redis alone, not by luck.
    assert not caches["default"].available


@pytest.mark.django_db
def test_every_borough_page_answers_when_redis_is_gone(private_redis, lambeth):
    pages = every_kind_of_page(lambeth)
    usual = warm_up(pages)
    assert private_redis.client.dbsize() > 0

    private_redis.stop()
    assert_every_page_answers(pages, usual)
    assert not caches["default"].available


# --- What each degraded mode reads: the database, not what a process remembers -------------

NOTHING_LISTENS = "redis://127.0.0.1:9/0"


def use_redis_at(settings, url: str) -> None:
    settings.CACHES = {alias: redis_cache_at(url, alias) for alias in ("default", "renditions")}


@pytest.mark.django_db
def test_while_redis_is_out_hosts_are_read_from_the_database(settings, lambeth):
    """A new address added by another process (no signal here) reaches this one at once
    while Redis is out; with Redis up it waits for the shared counter to move."""
    assert routing.borough_for_host("lambeth.localhost") == lambeth
    assert routing.borough_for_host("lambeth-new.localhost") is None
    Domain.objects.bulk_create(
        [Domain(domain="lambeth-new.localhost", tenant=lambeth, is_primary=False)]
    )
    assert routing.borough_for_host("lambeth-new.localhost") is None  # remembered

    use_redis_at(settings, NOTHING_LISTENS)
    assert routing.borough_for_host("lambeth-new.localhost") == lambeth


@pytest.mark.django_db
def test_while_redis_is_out_site_content_is_read_from_the_database(settings, lambeth):
    """A menu title changed without signals (as by another process whose version move was
    lost) shows at once while Redis is out; with Redis up this process keeps its copy."""
    client = client_for(lambeth)
    assert "About Connect &amp; Do" in client.get("/").content.decode()
    with inside(lambeth):
        Page.objects.filter(slug="about").update(title="About us, renamed")
    assert "About us, renamed" not in client.get("/").content.decode()  # remembered

    use_redis_at(settings, NOTHING_LISTENS)
    assert "About us, renamed" in client.get("/").content.decode()
