"""A real down engine: nothing listens on port 9. Pages still answer, saving still works,
and catch_up_search_index puts the engine right afterwards."""

import copy
import socket
import threading
import time

import pytest

from django.core.management import call_command
from django.utils.html import strip_tags

from modelsearch.backends import get_search_backend
from wagtail.models import Page

from search.engine import VISITOR_TIMEOUT_SECONDS
from search.fallback import SIMPLER_MODE_NOTICE, forget_engine_failures
from search.models import IndexState
from search.selectors import SearchRequest, search_borough
from sites.directory.factories import ActivityPageFactory
from tests.conftest import client_for, inside
from tests.search.conftest import refresh_engine

DOWN = "http://127.0.0.1:9"


def engine_hits(query: str) -> int:
    refresh_engine()
    return len(get_search_backend().search(query, Page))


def in_engine(page_id: int) -> bool:
    """Whether the engine still holds a document for the page (even if it was deleted)."""
    backend = get_search_backend()
    body = {"query": {"term": {"pk": str(page_id)}}}
    return backend.es.count(index=backend.get_index_for_model(Page).name, body=body)["count"] > 0


@pytest.mark.search_engine
@pytest.mark.django_db
def test_a_down_engine_degrades_and_catch_up_recovers(lambeth, engine_directory, settings):
    working = copy.deepcopy(settings.WAGTAILSEARCH_BACKENDS)
    with inside(lambeth):
        doomed = ActivityPageFactory(parent=engine_directory.organisation, title="Doomed dominoes")
        doomed_id = doomed.pk
        assert engine_hits("dominoes") == 1

    down = copy.deepcopy(working)
    down["default"]["URLS"] = [DOWN]
    settings.WAGTAILSEARCH_BACKENDS = down

    # Pages answer, from PostgreSQL, and say so.
    client = client_for(lambeth)
    response = client.get("/search/", {"q": "garden club"})
    assert response.status_code == 200
    assert "Tuesday garden club" in strip_tags(response.content.decode())
    assert SIMPLER_MODE_NOTICE in response.content.decode()
    data = client.get("/search.json", {"q": "garden club"}).json()
    assert data["mode"] == "fallback" and data["total"] == 1
    assert client.get("/search/autocomplete.json", {"q": "tues"}).json()["suggestions"]

    # Saving (and deleting) content still works; the failures are noted.
    with inside(lambeth):
        added = ActivityPageFactory(
            parent=engine_directory.organisation, title="Outage origami", summary="Paper folding."
        )
        added.summary = "Paper folding, for beginners."
        added.save_revision().publish()
        doomed.delete()
        state = IndexState.load()
        assert state.dirty_since is not None and state.failures >= 3
        assert search_borough(SearchRequest(query="origami")).results[0].title == "Outage origami"

    # The engine is back: it has not seen any of that until the catch-up.
    settings.WAGTAILSEARCH_BACKENDS = working
    forget_engine_failures()
    with inside(lambeth):
        assert engine_hits("origami") == 0
        assert in_engine(doomed_id)
    call_command("catch_up_search_index", "--borough", "lambeth", verbosity=0)
    with inside(lambeth):
        assert engine_hits("origami") == 1
        assert not in_engine(doomed_id)  # deleted during the outage: removed
        outcome = search_borough(SearchRequest(query="origami"))
        assert outcome.mode == "engine" and outcome.results[0].title == "Outage origami"
        assert IndexState.load().dirty_since is None


@pytest.mark.search_engine
@pytest.mark.django_db
def test_a_failed_catch_up_says_so_and_keeps_the_mark(lambeth, engine_directory, settings):
    down = copy.deepcopy(settings.WAGTAILSEARCH_BACKENDS)
    down["default"]["URLS"] = [DOWN]
    settings.WAGTAILSEARCH_BACKENDS = down
    with inside(lambeth):
        ActivityPageFactory(parent=engine_directory.organisation, title="Still down")
    from django.core.management import CommandError

    with pytest.raises(CommandError, match="Not caught up: lambeth"):
        call_command("catch_up_search_index", "--borough", "lambeth", verbosity=0)
    with inside(lambeth):
        assert IndexState.load().dirty_since is not None


@pytest.fixture
def hanging_engine():
    """A broken network, not an engine: an address that takes connections and never
    answers, as an engine stuck in garbage collection or behind a dead proxy does."""
    listener = socket.create_server(("127.0.0.1", 0))
    held = []

    def accept():
        while True:
            try:
                held.append(listener.accept()[0])
            except OSError:  # closed at the end of the test
                return

    threading.Thread(target=accept, daemon=True).start()
    yield f"http://127.0.0.1:{listener.getsockname()[1]}"
    listener.close()
    for connection in held:
        connection.close()


@pytest.mark.search_engine
@pytest.mark.django_db
def test_a_hanging_engine_keeps_a_visitor_waiting_seconds_not_the_client_timeout(
    lambeth, engine_directory, settings, hanging_engine
):
    """The page's search gives up on the engine after VISITOR_TIMEOUT_SECONDS and answers
    from the database; the client's own timeout (5 s) is for indexing and rebuilds."""
    hanging = copy.deepcopy(settings.WAGTAILSEARCH_BACKENDS)
    hanging["default"]["URLS"] = [hanging_engine]
    settings.WAGTAILSEARCH_BACKENDS = hanging
    forget_engine_failures()
    try:
        started = time.monotonic()
        response = client_for(lambeth).get("/search/", {"q": "garden club"})
        waited = time.monotonic() - started
    finally:
        forget_engine_failures()
    assert response.status_code == 200
    assert "Tuesday garden club" in strip_tags(response.content.decode())
    assert SIMPLER_MODE_NOTICE in response.content.decode()
    assert VISITOR_TIMEOUT_SECONDS <= waited < hanging["default"]["TIMEOUT"] - 0.5
