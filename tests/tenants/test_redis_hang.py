"""A Redis that hangs (accepts connections, never replies) costs a page one short wait per
process every few seconds, not one per cache call; and what changed while it hung is fresh
once it answers again.

Between the app and a private redis-server sits a broken network of this test's own: a TCP
relay that can stop passing anything on while still accepting connections. It counts every
attempt to reach Redis while it hangs, so nothing here is timed.
"""

import socket
import threading
import time
from dataclasses import replace
from pathlib import Path

import pytest

from django.conf import settings
from django.core.cache import caches

from sites.core import site_cache
from tenants import cache as cache_module
from tests.conftest import PrivateRedis, client_for, inside, redis_cache_at
from tests.sites.test_site_cache import rename_branding


class HangingRelay:
    """Passes bytes between the app and ``target`` until told to hang; then it accepts
    connections and reads commands but never answers. ``attempts`` counts, while hanging,
    each new connection and each command received."""

    def __init__(self, target_port: int):
        self.target_port = target_port
        self.hanging = False
        self.attempts = 0
        self._lock = threading.Lock()
        self._sockets: list[socket.socket] = []
        self._listener = socket.create_server(("127.0.0.1", 0))
        self.url = f"redis://127.0.0.1:{self._listener.getsockname()[1]}/0"
        threading.Thread(target=self._accept, daemon=True).start()

    def _count(self) -> None:
        with self._lock:
            self.attempts += 1

    def _accept(self) -> None:
        while True:
            try:
                inbound, _ = self._listener.accept()
            except OSError:
                return  # closed
            self._sockets.append(inbound)
            if self.hanging:
                self._count()  # held open, never read: the command on it never returns
                continue
            outbound = socket.create_connection(("127.0.0.1", self.target_port))
            self._sockets.append(outbound)
            threading.Thread(target=self._pump, args=(inbound, outbound, True), daemon=True).start()
            threading.Thread(
                target=self._pump, args=(outbound, inbound, False), daemon=True
            ).start()

    def _pump(self, source: socket.socket, destination: socket.socket, from_app: bool) -> None:
        while True:
            try:
                data = source.recv(65536)
            except OSError:
                return
            if not data:
                return
            if self.hanging:
                if from_app:
                    self._count()
                continue  # swallowed: the app waits for a reply that never comes
            try:
                destination.sendall(data)
            except OSError:
                return

    def close(self) -> None:
        self._listener.close()
        for sock in self._sockets:
            sock.close()


@pytest.fixture
def relay(tmp_path: Path, settings, monkeypatch):
    """Every cache alias reaches a private Redis through the relay; no outage remembered."""
    monkeypatch.setattr(cache_module, "_out_until", {})
    monkeypatch.setattr(cache_module, "_must_delete", {})
    private = PrivateRedis(tmp_path)
    relay = HangingRelay(int(private.url.rsplit(":", 1)[1].split("/")[0]))
    settings.CACHES = {
        alias: redis_cache_at(relay.url, alias) for alias in ("default", "renditions")
    }
    site_cache.forget_this_process()
    try:
        yield relay, private
    finally:
        relay.close()
        private.stop()


def redis_answers_again(relay: HangingRelay) -> None:
    relay.hanging = False
    # The process's wait (REDIS_RETRY_SECONDS) is over.
    cache_module._out_until.clear()


@pytest.mark.django_db
def test_a_page_asks_a_hanging_redis_once_then_not_at_all(relay, lambeth):
    relay, _private = relay
    client = client_for(lambeth)
    assert client.get("/").status_code == 200
    relay.hanging = True

    assert client.get("/").status_code == 200
    # One wait of REDIS_TIMEOUT_MS; every other read, write and delete was skipped.
    assert relay.attempts == 1
    assert client.get("/about/").status_code == 200
    assert relay.attempts == 1


@pytest.mark.django_db
def test_content_changed_while_redis_hangs_is_fresh_after_it_answers(
    relay, lambeth, django_capture_on_commit_callbacks
):
    relay, private = relay
    client = client_for(lambeth)
    assert client.get("/").status_code == 200
    with inside(lambeth):
        version_key = caches["default"].make_and_validate_key(site_cache.VERSION_KEY)
    before = private.client.get(version_key)
    assert before is not None

    relay.hanging = True
    assert client.get("/").status_code == 200
    with django_capture_on_commit_callbacks(execute=True):
        rename_branding(lambeth, "Lambeth renamed while Redis hung")
    # Read from the database while Redis hangs, and the new version was never sent.
    assert "Lambeth renamed while Redis hung" in client.get("/").content.decode()
    assert relay.attempts == 1
    assert private.client.get(version_key) == before
    assert version_key in caches["default"].remembered_keys()

    redis_answers_again(relay)
    assert "Lambeth renamed while Redis hung" in client.get("/").content.decode()
    # Every other process learns of the change: the old version is gone from Redis.
    assert private.client.get(version_key) != before
    assert caches["default"].remembered_keys() == []


@pytest.mark.django_db
def test_the_content_version_expires_by_itself(relay, lambeth):
    """A version left behind (a retire or a failed launch while Redis was out) goes alone."""
    relay, private = relay
    assert client_for(lambeth).get("/").status_code == 200
    with inside(lambeth):
        version_key = caches["default"].make_and_validate_key(site_cache.VERSION_KEY)
        site_cache.schema_replaced(lambeth.schema_name)
    ttl = private.client.ttl(version_key)
    assert 29 * 24 * 3600 < ttl <= site_cache.VERSION_SECONDS


@pytest.mark.django_db
def test_a_change_whose_process_ended_during_the_outage_is_stale_nowhere_for_long(
    relay, lambeth, django_capture_on_commit_callbacks
):
    """The process that could not tell Redis of a change may end before Redis answers: what
    it remembered was in its memory only, so the version in Redis never moves. Nothing stays
    stale for long all the same: a process started afterwards has nothing cached and reads
    PostgreSQL, and one that kept entries from before the outage (it served no page of the
    borough meanwhile) drops them SITE_CACHE_SECONDS after filling them, whatever the
    version says. The version's own 30 days never keep anything."""
    relay, private = relay
    schema = lambeth.schema_name
    client = client_for(lambeth)
    assert client.get("/").status_code == 200
    with inside(lambeth):
        version_key = caches["default"].make_and_validate_key(site_cache.VERSION_KEY)
    before = private.client.get(version_key)
    # Another process's entries, filled before the outage.
    kept = replace(site_cache._entries[schema], values=dict(site_cache._entries[schema].values))

    relay.hanging = True
    with django_capture_on_commit_callbacks(execute=True):
        rename_branding(lambeth, "Lambeth renamed by a process that ended")
    assert version_key in caches["default"].remembered_keys()
    cache_module._must_delete.clear()  # the process ends, and what it remembered with it
    redis_answers_again(relay)
    assert private.client.get(version_key) == before  # nobody will ever move it now

    # A process started since: nothing cached, read from PostgreSQL.
    site_cache.forget_this_process()
    assert "Lambeth renamed by a process that ended" in client.get("/").content.decode()

    def other_process_filled(seconds_ago: float) -> str:
        site_cache.forget_this_process()
        site_cache._entries[schema] = replace(kept, filled_at=time.monotonic() - seconds_ago)
        return client.get("/").content.decode()

    # The process that kept its entries shows the old name until they are
    # SITE_CACHE_SECONDS old (300: the bound), then the new one.
    limit = settings.SITE_CACHE_SECONDS
    assert "Lambeth renamed by a process that ended" not in other_process_filled(limit / 2)
    assert "Lambeth renamed by a process that ended" in other_process_filled(limit + 1)
