"""Rebuilds and retirements leave no pile of deleted documents in the shared indexes
(search/backends/compaction.py): the engine keeps them in its segments, where every
search still reads past them, until something merges them away."""

import logging
import time

import pytest

from django.core.management import call_command

from modelsearch.backends import get_search_backend
from wagtail.models import Page

from search.backends.compaction import (
    COMPACT_ABOVE,
    deleted_share,
    merge_running,
    shared_index_docs,
)
from search.services import _rebuild, borough_document_count
from tests.conftest import inside


def index_docs(backend, shared: str) -> dict:
    """The shared index's ``docs`` stats (``count``, ``deleted``), refreshed."""
    backend.es.indices.refresh(index=shared)
    return shared_index_docs(backend)[shared]


def wait_until_retention_passes(backend, shared: str, seconds: float = 60) -> None:
    """Until the engine no longer keeps what was deleted so far for its replicas: it
    moves its retention lease on about every 30 seconds, and until then no merge may
    drop those deletes."""

    def copies():
        stats = backend.es.indices.stats(index=shared, level="shards")
        return stats["indices"][shared]["shards"]["0"]  # one shard; a copy per node

    newest = max(copy["seq_no"]["max_seq_no"] for copy in copies())
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        leases = [lease for copy in copies() for lease in copy["retention_leases"]["leases"]]
        if all(lease["retaining_seq_no"] > newest for lease in leases):
            return
        time.sleep(1)
    pytest.fail(f"The engine still keeps deletes up to {newest} after {seconds} s")


def wait_for_deleted_at_most(backend, shared: str, deleted: int, seconds: float = 30) -> dict:
    """The index's docs stats once it holds at most ``deleted`` deleted documents (the
    merge runs in the engine's background)."""
    deadline = time.monotonic() + seconds
    while True:
        docs = index_docs(backend, shared)
        if docs["deleted"] <= deleted or time.monotonic() > deadline:
            return docs
        time.sleep(0.5)


@pytest.mark.search_engine
@pytest.mark.django_db
def test_deleted_documents_that_pile_up_are_reclaimed(lambeth, southwark, capsys, caplog):
    backend = get_search_backend()
    with inside(lambeth):
        shared = backend.get_index_for_model(Page).shared
        alias = backend.get_index_for_model(Page).name
        for _ in range(4):  # rebuilds that do not compact: each deletes a generation
            _rebuild(backend)
        piled = index_docs(backend, shared)
        lambeth_documents = backend.es.count(index=alias)["count"]
        assert lambeth_documents == Page.objects.count()  # the tree's root too
    assert deleted_share(piled) > COMPACT_ABOVE, piled  # the pile rebuilds used to leave
    southwark_documents = borough_document_count("southwark")

    # The daily job, once the engine has let go of them, reclaims them all.
    wait_until_retention_passes(backend, shared)
    call_command("compact_search_indexes")
    output = capsys.readouterr().out
    assert f"{shared}: compacting {piled['deleted']} deleted documents" in output
    assert "shared indexes compacted (those with over 20% deleted documents)." in output
    docs = wait_for_deleted_at_most(backend, shared, 0)
    assert docs["deleted"] == 0, docs
    # Nothing live went with them.
    with inside(lambeth):
        assert backend.es.count(index=alias)["count"] == lambeth_documents
    assert borough_document_count("southwark") == southwark_documents
    call_command("compact_search_indexes")
    assert f"{shared}:" not in capsys.readouterr().out  # nothing left to do there

    # The rebuild command compacts at its end, once its deletes pass a fifth of the index
    # (and no force merge is running: it starts none behind another).
    deadline = time.monotonic() + 30
    while merge_running(backend) and time.monotonic() < deadline:
        time.sleep(0.5)
    with caplog.at_level(logging.INFO, logger="search.backends.compaction"):
        call_command("rebuild_search_index", "--borough", "lambeth")
    assert f"Compacting the search index {shared}" in caplog.text
