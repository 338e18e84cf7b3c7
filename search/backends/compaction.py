"""Reclaiming the deleted documents that rebuilds and retirements leave in the shared
indexes.

A rebuild writes a borough's documents anew and deletes the old generation; a retire
deletes all of a borough's documents. The engine keeps deleted documents in its segments
until a merge rewrites them, and two things in Lucene can keep them there for good on
indexes like ours:

- the merge policy leaves a segment that is mostly deleted documents alone when the
  index has few segments (apache/lucene#16701, "segments with 99 % deleted documents
  not selected");
- with soft deletes (on by default), what was deleted since the last flush is kept for
  replicas to catch up, and no merge can drop it.

Measured on the development node: after ten rebuilds of one borough of 10,000
activities, the shared page index held 25,000 live documents and 133,000 deleted ones
(66 MB, 10 MB once compacted), and the search page's engine queries took about 12 %
more CPU (medians 17.9 against 15.8 ms a request; docs/operations/search.md). Merges had not
reclaimed them in days.

So after a retire, at the end of ``rebuild_search_index`` and daily
(``compact_search_indexes``), each shared index whose deleted documents are more than a
fifth of what it holds (the merge policy's own ``deletes_pct_allowed``) is flushed, then
force-merged with ``only_expunge_deletes``: only the segments with more than 10 %
deleted documents are rewritten. The merge runs in the engine's background
(``wait_for_completion=false``); searches and writes go on meanwhile. None is started
while another force merge runs. With many boroughs one borough's retire deletes a small
share, so this is usually one stats request that finds nothing to do.
"""

import logging

from .shared import shared_indexes

logger = logging.getLogger(__name__)

# Deleted documents above this share of all a shared index holds: compact it.
COMPACT_ABOVE = 0.2


def deleted_share(docs: dict) -> float:
    """The deleted documents' share of all the index holds, from its ``docs`` stats."""
    deleted, live = docs.get("deleted", 0), docs.get("count", 0)
    return deleted / (deleted + live) if deleted else 0.0


def shared_index_docs(backend) -> dict[str, dict]:
    """{shared index: its primaries' ``docs`` stats (``count``, ``deleted``)}."""
    names = shared_indexes(backend)
    if not names:
        return {}
    stats = backend.es.indices.stats(index=",".join(names), metric="docs")
    stats = getattr(stats, "body", stats)
    return {name: stats["indices"][name]["primaries"]["docs"] for name in names}


def merge_running(backend) -> bool:
    """Whether a force merge is running anywhere in the cluster (started by us or not)."""
    tasks = backend.es.tasks.list(actions="indices:admin/forcemerge*")
    tasks = getattr(tasks, "body", tasks)
    return any(node.get("tasks") for node in tasks.get("nodes", {}).values())


def compact_shared_indexes(backend, docs: dict[str, dict] | None = None) -> list[str]:
    """Start reclaiming the deleted documents of each shared index where they pass
    ``COMPACT_ABOVE`` (``docs``: ``shared_index_docs``, if already read); the names of
    those indexes. None while a force merge runs: the deletes a merge may not drop yet
    (the last 30 seconds') keep the share high, so each borough of a long rebuild would
    otherwise queue one more merge behind it."""
    if docs is None:
        docs = shared_index_docs(backend)
    piled = {name: stats for name, stats in docs.items() if deleted_share(stats) > COMPACT_ABOVE}
    if not piled or merge_running(backend):
        return []
    compacting = []
    for name, stats in piled.items():
        backend.es.indices.flush(index=name)  # what was deleted before it: now mergeable
        backend.es.indices.forcemerge(
            index=name, only_expunge_deletes=True, wait_for_completion=False
        )
        logger.info(
            "Compacting the search index %s: %d deleted documents beside %d live ones.",
            name,
            stats["deleted"],
            stats["count"],
        )
        compacting.append(name)
    return compacting
