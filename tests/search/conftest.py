"""Search fixtures: the same tests run against the real engine and against PostgreSQL.

Tests marked ``search_engine`` (and the "engine" half of ``search_backend``) need the
real OpenSearch/Elasticsearch node named by SEARCH_URL: tests/conftest.py skips them on
a developer's machine without one, and fails them in CI, where a skipped engine test
would hide a missing engine.
"""

import contextlib
import uuid

import pytest

from modelsearch import index
from modelsearch.backends import get_search_backend

from search.conf import search_backends
from search.engine import is_engine
from search.fallback import forget_engine_failures
from tests.conftest import inside
from tests.directory.conftest import build_directory


@pytest.fixture(autouse=True)
def _no_remembered_engine_failures():
    forget_engine_failures()
    yield
    forget_engine_failures()


def empty_engine(*boroughs) -> None:
    """Remove every document of these boroughs from the engine.

    Each test's rows are rolled back, but what it indexed stays in the engine. The
    engine now counts and filters by itself (search/answers.py), so a test that counts
    everything (no words) must start from an engine that mirrors the database.
    """
    from modelsearch.index import get_indexed_models

    backend = get_search_backend()
    if not is_engine(backend):
        return
    for borough in boroughs:
        with inside(borough):
            names = {backend.get_index_for_model(model).name for model in get_indexed_models()}
            for name in sorted(names):
                options = {"index": name, "refresh": True, "conflicts": "proceed"}
                if getattr(backend, "use_new_elasticsearch_api", False):
                    options["query"] = {"match_all": {}}
                else:
                    options["body"] = {"query": {"match_all": {}}}
                with contextlib.suppress(backend.NotFoundError):
                    # A delete by query sees only refreshed documents: without this, what
                    # the last test wrote in the last second would survive it.
                    backend.es.indices.refresh(index=name)
                    backend.es.delete_by_query(**options)


@pytest.fixture(params=["database", pytest.param("engine", marks=pytest.mark.search_engine)])
def search_backend(request, settings, lambeth, southwark):
    """Run the test once on PostgreSQL alone and once on the engine (with its fallback)."""
    if request.param == "database":
        settings.WAGTAILSEARCH_BACKENDS = search_backends(None, "opensearch", "")
    else:
        empty_engine(lambeth, southwark)
    return request.param


def make_canary_word(prefix: str = "canary") -> str:
    """A word no other test writes. Letters only: "6719e16" would read as a number to
    PostgreSQL's parser. At most 15 letters: the engine's autocomplete indexes word
    beginnings up to 15 letters long."""
    return prefix + "".join(chr(ord("a") + int(c, 16)) for c in uuid.uuid4().hex[:9])


def refresh_engine() -> None:
    """Make what was just indexed searchable (engines refresh about once a second)."""
    backend = get_search_backend()
    if is_engine(backend):
        backend.refresh_indexes()


def reindex(*objects) -> None:
    """Index again, then refresh. Tests run tasks immediately, inside the save: a page's
    many-to-many fields (interests) are written after its post_save, so the first
    indexing misses them. With the real queue the task runs after the commit."""
    for obj in objects:
        index.insert_or_update_object(obj)
    refresh_engine()


@pytest.fixture
def directory(lambeth, search_backend):
    """tests/directory's small directory, indexed by the backend under test."""
    built = build_directory(lambeth)
    with inside(lambeth):
        reindex(built.activity, built.evening_activity)
    return built


@pytest.fixture
def engine_directory(lambeth):
    """The same directory, for tests that are about the engine only (mark them)."""
    empty_engine(lambeth)
    built = build_directory(lambeth)
    with inside(lambeth):
        reindex(built.activity, built.evening_activity)
    return built
