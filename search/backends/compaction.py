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
deleted documents are rewritten. The engine keeps a shard's newest history (deletes
too) for its copies until it moves their retention leases on, about every 30 seconds (a
period no setting changes); a merge before that keeps those deletes, and the merge
policy then leaves them in a segment that is mostly deleted documents. So the commands
wait for the leases first (``wait_until_history_released``, at most
``SEARCH_COMPACTION_WAIT_SECONDS``): measured after ten rebuilds of a 10,000-activity borough,
a compaction that did not wait left 56,000 deleted documents beside 14,500 live ones,
and the search page's engine requests took 9.5 ms of CPU each against 8 once they were
gone. A retire, in the task worker, does not wait: the daily command reclaims what it
leaves. The merge runs in the engine's background (``wait_for_completion=false``);
searches and writes go on meanwhile. None is started while another of this prefix's
force merges runs.

Small indexes are also merged whole. Each borough's seeding, launch or rebuild flushes
its few documents as segments of their own, and the merge policy leaves up to ten small
segments in an index unmerged. Every search reaches all four community indexes, and
sets its query and facet counts up once per segment, whatever the segment holds. On the
development node, with the six demo boroughs' groups, events, discussions and posts in
six segments per index, the search page's engine requests took 10.6 against 9.2 ms of
CPU once those four indexes were one segment each (docs/operations/search.md, Session
33). So a shared index smaller than ``MERGE_WHOLE_BELOW_BYTES`` in more than one segment
a shard is force-merged into one a shard (``max_num_segments=1``, which reclaims its
deleted documents too); a larger one only has its deletes expunged, as above. Writes,
a retire's deletes among them, go on adding segments, so a retire or a rebuild usually
merges the small indexes again, in milliseconds; an index under constant writes keeps a
few segments between compactions. Only a pile of deletes is worth waiting for the
engine's leases.

A merge started so keeps its result, once it is over, in the engine's ``.tasks`` index
until someone deletes it (the engine never does: the development node held 8,110). So
each compaction check first deletes the results of our force merges that are over
(``forget_finished_merges``): ours are those whose description names only shared
indexes of this prefix; other software's tasks, and other prefixes', are left alone.
"""

import logging
import re
import time

from django.conf import settings

from .aliases import new_api
from .naming import SHARED_MARK
from .shared import shared_indexes

logger = logging.getLogger(__name__)

# Deleted documents above this share of all a shared index holds: compact it.
COMPACT_ABOVE = 0.2
# A shared index smaller than this (its primaries) is merged into one segment whenever it
# has more: a merge of that much takes the engine a few seconds. Far below the merge
# policy's largest segment (5 GB), so the merged segment goes on being merged with new
# ones as usual.
MERGE_WHOLE_BELOW_BYTES = 64 * 1024 * 1024


def deleted_share(docs: dict) -> float:
    """The deleted documents' share of all the index holds, from its ``docs`` stats."""
    deleted, live = docs.get("deleted", 0), docs.get("count", 0)
    return deleted / (deleted + live) if deleted else 0.0


def shared_index_stats(backend) -> dict[str, dict]:
    """{shared index: its primaries' documents (``count``, ``deleted``), ``segments``,
    ``shards`` and ``bytes``}, as of now: a rebuild's last deletes are counted once the
    indexes are refreshed (the rebuild does not wait for that: backends/shared.py
    ``after_switch``)."""
    names = shared_indexes(backend)
    if not names:
        return {}
    backend.es.indices.refresh(index=",".join(names))
    stats = backend.es.indices.stats(
        index=",".join(names), metric="docs,segments,store", level="shards"
    )
    stats = getattr(stats, "body", stats)
    found = {}
    for name in names:
        index = stats["indices"][name]
        primaries = index["primaries"]
        found[name] = {
            **primaries["docs"],
            "segments": primaries["segments"]["count"],
            "shards": len(index["shards"]),  # each keeps one segment at least
            "bytes": primaries["store"]["size_in_bytes"],
        }
    return found


def merges_to_start(stats: dict[str, dict]) -> dict[str, bool]:
    """{shared index: whether to merge it into one segment a shard} for each index to
    compact: those whose deleted documents pass ``COMPACT_ABOVE``, and the small ones in
    more than one segment a shard. Small ones are merged whole, larger ones have their
    deletes expunged."""
    merges = {}
    for name, index in stats.items():
        small = index.get("bytes", 0) < MERGE_WHOLE_BELOW_BYTES
        scattered = index.get("segments", 0) > index.get("shards", 1)
        if deleted_share(index) > COMPACT_ABOVE or (small and scattered):
            merges[name] = small
    return merges


def merge_running(backend) -> bool:
    """Whether a force merge of this prefix's shared indexes is running, whoever started
    it. Another prefix's merges (another test worker, a staging site on the same cluster)
    and other software's do not count: the engine runs force merges one at a time
    anyway, and small indexes are merged after every retire."""
    tasks = backend.es.tasks.list(actions=f"{FORCE_MERGE}*", detailed=True)
    tasks = getattr(tasks, "body", tasks)
    return any(
        our_merge(task.get("description"), backend.index_prefix)
        for node in tasks.get("nodes", {}).values()
        for task in node.get("tasks", {}).values()
    )


# The engine's own index of the results of tasks started without waiting for them.
TASKS_INDEX = ".tasks"
FORCE_MERGE = "indices:admin/forcemerge"
# A force merge's description: "Force-merge indices [a, b], maxSegments[-1], ...".
MERGED_INDEXES = re.compile(r"Force-merge indices \[(?P<names>[^\]]*)\]")
# Results read at a time; sorted by keys that tell any two tasks apart, to page on.
PAGE = 500
TASK_ORDER = [{"task.start_time_in_millis": "asc"}, {"task.node": "asc"}, {"task.id": "asc"}]


def our_merge(description: str, index_prefix: str) -> bool:
    """Whether a force merge's description names only shared indexes of this prefix."""
    found = MERGED_INDEXES.match(description or "")
    names = [name.strip() for name in found["names"].split(",")] if found else []
    ours = f"{index_prefix}{SHARED_MARK}"
    return bool(names) and all(name.startswith(ours) for name in names)


def _finished_merges(backend, after: list | None) -> list[dict]:
    """A page of the engine's stored results of force merges that are over (anyone's)."""
    query = {
        "bool": {"filter": [{"term": {"completed": True}}, {"term": {"task.action": FORCE_MERGE}}]}
    }
    request = {"query": query, "size": PAGE, "sort": TASK_ORDER, "_source": ["task.description"]}
    if after:
        request["search_after"] = after
    options = {"index": TASKS_INDEX, "ignore_unavailable": True}
    if new_api(backend):
        request["source"] = request.pop("_source")
        found = backend.es.search(**options, **request)
    else:
        found = backend.es.search(**options, body=request)
    return getattr(found, "body", found)["hits"]["hits"]


def forget_finished_merges(backend) -> int:
    """Delete the engine's results of our force merges that are over (``.tasks``); the
    number deleted. Best effort: an engine that refuses (a cluster that guards its
    system indexes) is logged, and the compaction goes on."""
    deleted, after = 0, None
    try:
        while hits := _finished_merges(backend, after):
            after = hits[-1]["sort"]
            ours = [
                hit["_id"]
                for hit in hits
                if our_merge(hit["_source"]["task"].get("description"), backend.index_prefix)
            ]
            if ours:
                query = {"ids": {"values": ours}}
                options = {"index": TASKS_INDEX, "conflicts": "proceed"}
                if new_api(backend):
                    response = backend.es.delete_by_query(**options, query=query)
                else:
                    response = backend.es.delete_by_query(**options, body={"query": query})
                deleted += getattr(response, "body", response).get("deleted", 0)
            if len(hits) < PAGE:
                break
    except backend.EngineErrors as error:
        logger.warning("The results of finished force merges were not deleted: %s", error)
    if deleted:
        logger.info("Deleted the engine's results of %d finished force merges.", deleted)
    return deleted


def _shard_copies(backend, names: list[str]) -> list[tuple[tuple[str, str], dict]]:
    """((index, shard number), that copy's stats) for every copy of the indexes' shards."""
    stats = backend.es.indices.stats(index=",".join(names), level="shards")
    stats = getattr(stats, "body", stats)
    return [
        ((index, number), copy)
        for index, index_stats in stats["indices"].items()
        for number, copies in index_stats["shards"].items()
        for copy in copies
    ]


def wait_until_history_released(backend, names: list[str], seconds: float) -> bool:
    """Wait until no retention lease of the indexes ``names`` keeps any operation written
    before now, so that a merge may drop every document deleted so far; whether that was
    so within ``seconds``."""
    newest: dict[tuple[str, str], int] = {}
    for shard, copy in _shard_copies(backend, names):
        newest[shard] = max(newest.get(shard, -1), copy["seq_no"]["max_seq_no"])
    deadline = time.monotonic() + seconds
    while True:
        released = all(
            lease["retaining_seq_no"] > newest[shard]
            for shard, copy in _shard_copies(backend, names)
            for lease in copy.get("retention_leases", {}).get("leases", [])
        )
        if released or time.monotonic() > deadline:
            return released
        time.sleep(0.5)


def compact_shared_indexes(
    backend, stats: dict[str, dict] | None = None, *, wait_for_history: bool = False
) -> dict[str, bool]:
    """Start compacting each shared index ``merges_to_start`` names (``stats``:
    ``shared_index_stats``, if already read); those it started, as ``merges_to_start``
    gives them (empty if none). With ``wait_for_history``, first wait until the engine
    lets go of the newest deletes (``wait_until_history_released``, at most
    ``SEARCH_COMPACTION_WAIT_SECONDS``); without, those are left for the next
    compaction. None while a force merge of this prefix's indexes runs: the deletes a
    merge may not drop yet keep the share high, so each borough of a long rebuild would
    otherwise queue one more merge behind it."""
    if stats is None:
        stats = shared_index_stats(backend)
    merges = merges_to_start(stats)
    if not merges or merge_running(backend):
        return {}
    seconds = settings.SEARCH_COMPACTION_WAIT_SECONDS if wait_for_history else 0
    # Only a pile of deletes is worth the wait: an index merged for its segments alone
    # is merged now, and what it still keeps goes at the next compaction.
    piled = [name for name in merges if deleted_share(stats[name]) > COMPACT_ABOVE]
    if not piled:
        seconds = 0
    if seconds > 0 and not wait_until_history_released(backend, piled, seconds):
        logger.info(
            "The search engine still keeps the newest deletes of %s for its copies: the "
            "next compaction reclaims them.",
            ", ".join(piled),
        )
    if seconds > 0 and merge_running(backend):  # another started while this one waited
        return {}
    for name, whole in merges.items():
        backend.es.indices.flush(index=name)  # what was deleted before it: now mergeable
        shape = {"max_num_segments": 1} if whole else {"only_expunge_deletes": True}
        started = backend.es.indices.forcemerge(index=name, wait_for_completion=False, **shape)
        # Its result stays in .tasks once it is over: the next check deletes it.
        logger.info(
            "Compacting the search index %s: %s (engine task %s).",
            name,
            compaction_in_words(stats[name], whole),
            getattr(started, "body", started).get("task"),
        )
    return merges


def compaction_in_words(index: dict, whole: bool) -> str:
    """What a compaction of an index does, for its log line and the daily command."""
    words = f"{index['deleted']} deleted documents beside {index['count']} live ones"
    if whole:
        shards = index.get("shards", 1)
        words += f", its {index.get('segments', 0)} segments merged into one"
        words += f" in each of its {shards} shards" if shards > 1 else ""
    return words
