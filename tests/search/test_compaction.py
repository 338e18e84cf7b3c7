"""Rebuilds and retirements leave no pile of deleted documents in the shared indexes
(search/backends/compaction.py): the engine keeps them in its segments, where every
search still reads past them, until something merges them away."""

import logging
import time
import uuid

import pytest

from django.core.management import call_command

from modelsearch.backends import get_search_backend
from wagtail.models import Page

from search.backends.compaction import (
    COMPACT_ABOVE,
    MERGE_WHOLE_BELOW_BYTES,
    TASKS_INDEX,
    compact_shared_indexes,
    deleted_share,
    forget_finished_merges,
    merge_running,
    merges_to_start,
    our_merge,
    shared_index_stats,
)
from search.services import _rebuild, borough_document_count
from tests.conftest import inside


def index_docs(backend, shared: str) -> dict:
    """The shared index's documents (``count``, ``deleted``), ``segments`` and ``bytes``,
    refreshed."""
    backend.es.indices.refresh(index=shared)
    return shared_index_stats(backend)[shared]


def wait_for_deleted_at_most(backend, shared: str, deleted: int, seconds: float = 30) -> dict:
    """The index's docs stats once it holds at most ``deleted`` deleted documents (the
    merge runs in the engine's background)."""
    deadline = time.monotonic() + seconds
    while True:
        docs = index_docs(backend, shared)
        if docs["deleted"] <= deleted or time.monotonic() > deadline:
            return docs
        time.sleep(0.5)


def wait_while_merging(backend, seconds: float = 30) -> None:
    """Until no force merge of this run's indexes runs (a retire or a rebuild of an
    earlier test may have started one: a compaction starts none behind it)."""
    deadline = time.monotonic() + seconds
    while merge_running(backend):
        assert time.monotonic() < deadline, f"a force merge ran for {seconds} s"
        time.sleep(0.5)


@pytest.mark.search_engine
@pytest.mark.django_db
def test_deleted_documents_that_pile_up_are_reclaimed(lambeth, southwark, capsys, caplog, settings):
    settings.SEARCH_COMPACTION_WAIT_SECONDS = 40  # as in production (tests do not wait)
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

    # The daily job reclaims them all: it waits for the engine to let go of the newest.
    wait_while_merging(backend)
    call_command("compact_search_indexes")
    output = capsys.readouterr().out
    assert f"{shared}: compacting {piled['deleted']} deleted documents" in output
    assert "shared indexes compacted (those with over 20% deleted documents, and small" in output
    docs = wait_for_deleted_at_most(backend, shared, 0)
    assert docs["deleted"] == 0, docs
    # Nothing live went with them.
    with inside(lambeth):
        assert backend.es.count(index=alias)["count"] == lambeth_documents
    assert borough_document_count("southwark") == southwark_documents
    call_command("compact_search_indexes")
    assert f"{shared}:" not in capsys.readouterr().out  # nothing left to do there

    # The rebuild command compacts at its end, once its deletes pass a fifth of the index
    # (and no force merge is running: it starts none behind another), and what it leaves
    # is reclaimed too: it waits for the engine to let go of its own deletes first.
    wait_while_merging(backend)
    with caplog.at_level(logging.INFO, logger="search.backends.compaction"):
        call_command("rebuild_search_index", "--borough", "lambeth")
    assert f"Compacting the search index {shared}" in caplog.text
    assert wait_for_deleted_at_most(backend, shared, 0)["deleted"] == 0
    with inside(lambeth):
        assert backend.es.count(index=alias)["count"] == lambeth_documents


def test_small_indexes_in_several_segments_are_merged_whole_and_large_ones_only_expunged():
    def index(deleted: int, segments: int, *, large: bool = False, shards: int = 1) -> dict:
        size = MERGE_WHOLE_BELOW_BYTES if large else 1024 * 1024
        return {
            "count": 50,
            "deleted": deleted,
            "segments": segments,
            "shards": shards,
            "bytes": size,
        }

    stats = {
        "small, in pieces": index(0, 6),
        "small, piled up": index(50, 1),
        "small, one segment": index(5, 1),
        "small, one segment in each of 3 shards": index(5, 3, shards=3),
        "small, 3 shards in pieces": index(0, 4, shards=3),
        "large, piled up": index(50, 30, large=True),
        "large, in pieces": index(5, 30, large=True),
    }
    assert merges_to_start(stats) == {
        "small, in pieces": True,
        "small, piled up": True,
        "small, 3 shards in pieces": True,
        "large, piled up": False,
    }


@pytest.mark.search_engine
@pytest.mark.django_db
def test_a_small_index_left_in_several_segments_is_merged_into_one(lambeth, southwark, capsys):
    """Each borough's writes leave segments of their own, and every search sets its
    query and counts up once per segment: the daily job merges a small index into one,
    with every borough's documents as they were."""
    backend = get_search_backend()
    with inside(lambeth):
        shared = backend.get_index_for_model(Page).shared
        alias = backend.get_index_for_model(Page).name
        pages = list(Page.objects.live().specific().order_by("pk")[1:4])
    wait_while_merging(backend)  # another test's merge, or this run's last compaction
    compact_shared_indexes(backend)
    wait_while_merging(backend)
    with inside(lambeth):
        for page in pages:  # each written, then made searchable: a segment each
            backend.add(page)
            backend.es.indices.refresh(index=shared)
        lambeth_documents = backend.es.count(index=alias)["count"]
    pieces = index_docs(backend, shared)
    assert pieces["segments"] > 1, pieces
    southwark_documents = borough_document_count("southwark")

    call_command("compact_search_indexes")
    output = capsys.readouterr().out
    assert f"{shared}: compacting " in output
    assert f"its {pieces['segments']} segments merged into one" in output
    wait_while_merging(backend)
    assert index_docs(backend, shared)["segments"] == 1
    with inside(lambeth):
        assert backend.es.count(index=alias)["count"] == lambeth_documents
    assert borough_document_count("southwark") == southwark_documents


# --- The engine's results of finished merges (its .tasks index) ---------------------------


def merge_results(backend, index: str) -> list[str]:
    """The ids of the engine's stored results of force merges of ``index`` alone."""
    backend.es.indices.refresh(index=TASKS_INDEX)  # what was stored in the last second too
    phrase = {"match_phrase": {"task.description": index}}
    found = backend.es.search(
        index=TASKS_INDEX, body={"query": phrase, "size": 100}, ignore_unavailable=True
    )
    return [
        hit["_id"]
        for hit in found["hits"]["hits"]
        if f"Force-merge indices [{index}]" in hit["_source"]["task"]["description"]
    ]


def wait_for_merge_results(backend, index: str, seconds: float = 30) -> list[str]:
    deadline = time.monotonic() + seconds
    while not (found := merge_results(backend, index)) and time.monotonic() < deadline:
        time.sleep(0.2)
    return found


def test_our_merges_are_those_of_our_prefixs_shared_indexes_only():
    prefix = "connectdo_"
    described = "Force-merge indices [{}], maxSegments[-1], onlyExpungeDeletes[true]"
    assert our_merge(described.format("connectdo_shared-wagtailcore_page"), prefix)
    assert our_merge(described.format("connectdo_shared-a, connectdo_shared-b"), prefix)
    for theirs in (
        "connectdo_staging_shared-wagtailcore_page",  # another prefix beginning like ours
        "connectdo_lambeth__wagtailcore_page",  # a borough's alias: never force-merged
        "logs-2026.12",
        "connectdo_shared-a, logs-2026.12",  # someone else's merge that also names ours
        "",
    ):
        assert not our_merge(described.format(theirs), prefix), theirs
    assert not our_merge("Force-merge indices [connectdo_shared-a", prefix)
    assert not our_merge(None, prefix)


@pytest.mark.search_engine
@pytest.mark.django_db
def test_the_result_of_a_finished_compaction_is_deleted_and_no_one_elses(lambeth, capsys):
    """A force merge started without waiting leaves its result in the engine's .tasks
    index for good: the next compaction check deletes ours, and only ours."""
    backend = get_search_backend()
    with inside(lambeth):
        shared = backend.get_index_for_model(Page).shared
    other = f"other-software-{uuid.uuid4().hex[:8]}"  # not of our prefix
    backend.es.indices.create(index=other)
    try:
        # The compaction, as when the share of deleted documents has passed a fifth (it
        # starts none while any force merge runs, another test run's included).
        deadline = time.monotonic() + 30
        while not compact_shared_indexes(backend, {shared: {"count": 1, "deleted": 1}}):
            assert time.monotonic() < deadline, "a force merge ran for 30 s"
            time.sleep(0.5)
        ours = wait_for_merge_results(backend, shared)
        assert ours, "the engine kept no result of ours"
        backend.es.indices.forcemerge(index=other, wait_for_completion=False)
        theirs = wait_for_merge_results(backend, other)
        assert theirs

        call_command("compact_search_indexes")
        assert "Deleted the engine's results of" in capsys.readouterr().out
        assert not set(ours) & set(merge_results(backend, shared))
        assert merge_results(backend, other) == theirs  # another's task: left alone
        # The daily job may have started one more merge (this run's indexes hold deletes
        # of their own): once it is over, the next check leaves nothing of ours either.
        deadline = time.monotonic() + 30
        while (
            merge_running(backend)
            or forget_finished_merges(backend)
            or merge_results(backend, shared)  # stored as it ended, seen at the next check
        ):
            assert time.monotonic() < deadline, "results of ours stayed for 30 s"
            time.sleep(0.5)
        assert merge_results(backend, other) == theirs
    finally:
        backend.es.indices.delete(index=other)
        for result in merge_results(backend, other):
            backend.es.delete(index=TASKS_INDEX, id=result)
