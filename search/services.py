"""Creating, rebuilding and removing a borough's search indexes (catching up after an
engine outage is in catch_up.py).

Every function takes the borough's schema name and works inside it. "Every backend"
means the engine and, alongside it, the PostgreSQL fallback (search/conf.py).
"""

import datetime
import logging
import time
from collections.abc import Iterator
from dataclasses import dataclass

from django_tenants.utils import schema_context

from django.contrib.contenttypes.models import ContentType
from django.db.models import TextField
from django.db.models.functions import Cast
from django.utils import timezone

from modelsearch.backends import get_search_backend
from modelsearch.conf import get_app_config
from modelsearch.index import get_indexed_models
from modelsearch.management.commands.rebuild_modelsearch_index import group_models_by_index

from .backends.aliases import (
    add_alias_action,
    add_aliases_if_indexes_exist,
    aliases_matching,
    generation_version,
    new_generation,
    update_aliases,
)
from .backends.compaction import compact_shared_indexes, forget_finished_merges
from .backends.naming import borough_index_prefix, shared_index_pattern
from .backends.shared import (
    count_borough_documents,
    delete_borough_generations,
    ensure_shared_index,
    index_names,
    shared_indexes,
    switch_aliases,
)
from .bulk_reading import (
    fill_cluster_relations,
    fill_foreign_keys,
    for_bulk_reading,
    indexable_objects,
    read_chunk,
    take_foreign_keys,
)
from .document import DOCUMENT_VERSION
from .engine import is_engine
from .garbage import fewer_collections
from .indexing import followed_models
from .models import IndexState
from .postcodes.services import remembering_district_centres
from .registry import prepare_chunk_for_engine

logger = logging.getLogger(__name__)

CHUNK_SIZE = 500


def uses_search_engine() -> bool:
    return is_engine(get_search_backend())


def every_backend():
    """(name, backend) of every configured backend: the engine first, then PostgreSQL."""
    return [
        (name, get_search_backend(name)) for name in get_app_config().get_search_backend_config()
    ]


def in_chunks(queryset, size: int | None = None, *, whole: bool = False) -> Iterator[list]:
    """A queryset in lists of ``size`` (CHUNK_SIZE), by primary key (stable while it
    changes). ``whole``: the queryset is most of its model's rows (a rebuild's), so a
    chunk's relations are read by key range (the rows of the few objects left out are
    read and dropped); not for a catch-up's few changed objects."""
    size = size or CHUNK_SIZE
    queryset, cluster_relations = for_bulk_reading(queryset.order_by("pk"))
    queryset, foreign_keys = take_foreign_keys(queryset)
    last, known = None, {}
    whole_pass = {} if whole else None
    while True:
        page = queryset if last is None else queryset.filter(pk__gt=last)
        items = read_chunk(page, size)
        if not items:
            return
        fill_foreign_keys(items, foreign_keys, known)
        fill_cluster_relations(items, cluster_relations, key_range=whole)
        prepare_chunk_for_engine(queryset.model, items, whole_pass)
        yield items
        last = items[-1].pk


def mark_indexed(started: datetime.datetime) -> None:
    """Everything changed before ``started`` is in the index (call in the borough)."""
    state = IndexState.load()
    IndexState.objects.filter(pk=state.pk).update(last_indexed_at=started, failures=0)
    IndexState.objects.filter(pk=state.pk, dirty_since__lte=started).update(dirty_since=None)


# --- Creating and removing ---------------------------------------------------------------


def create_borough_indexes(schema_name: str) -> list[str]:
    """Give the borough its aliases of the shared indexes, in one ``_aliases`` call.

    Each alias change is a cluster state update whose cost grows with every alias the
    cluster holds, so a launch makes exactly one, and only one cheap read before it
    (the borough's own aliases, kept if it has them already). No new shards: only the
    very first borough creates the shared indexes (with Wagtail's mappings and
    analysers). Returns the aliases created.
    """
    created = []
    with schema_context(schema_name):
        backend = get_search_backend()
        if is_engine(backend):
            existing = aliases_matching(
                backend, borough_index_prefix(backend.index_prefix, schema_name) + "*"
            )
            generation = new_generation()
            groups = {
                index: models
                for index, models in group_models_by_index(backend, get_indexed_models()).items()
                if index.name not in existing
            }
            actions = [
                add_alias_action(index.shared, index.name, schema_name, generation)
                for index in groups
            ]
            # No existence check first: asking whether the shared indexes exist costs more
            # than the alias change itself once thousands of aliases are held.
            if actions and not add_aliases_if_indexes_exist(backend, actions):
                for index, models in groups.items():  # the first borough of this prefix
                    if ensure_shared_index(backend, index.shared):
                        for model in models:
                            index.add_model(model)
                update_aliases(backend, actions)
            created = [index.name for index in groups]
        mark_indexed(timezone.now())
    return created


def _engine():
    backend = get_search_backend()
    return backend if is_engine(backend) else None


def engine_errors() -> tuple[type[Exception], ...]:
    """What the configured engine's client raises when the engine is down, slow or
    refuses (none without an engine). Catch these, never ``Exception``: a bug in our own
    code must not pass for an engine outage."""
    backend = _engine()
    return backend.EngineErrors if backend is not None else ()


def borough_index_names(schema_name: str) -> list[str]:
    """The borough's aliases, and any index of its own (the layout before sharing)."""
    backend = _engine()
    if backend is None:
        return []
    pattern = borough_index_prefix(backend.index_prefix, schema_name) + "*"
    names = set(aliases_matching(backend, pattern))
    names.update(_own_indexes(backend, pattern))
    return sorted(names)


def boroughs_with_outdated_documents(schema_names) -> set[str]:
    """Those of ``schema_names`` whose documents need a rebuild to be read by this version:
    written in an older DOCUMENT_VERSION, in indexes of their own (the layout before
    sharing), or not there at all. Two engine requests for every borough at once; none
    without an engine (PostgreSQL reads the models themselves)."""
    backend = _engine()
    if backend is None:
        return set()
    wanted = set(schema_names)
    prefix = backend.index_prefix

    def owner(name: str) -> str | None:  # "<prefix><schema>__<kind>": whose it is
        # A schema never holds "__" (backends/naming.py), so the first one ends it: one
        # look-up per alias, not a comparison with every borough (8 million at 1,000).
        schema = name.removeprefix(prefix).split("__", 1)[0]
        return schema if schema in wanted else None

    lowest: dict[str, int] = {}
    for alias, (_, generation) in aliases_matching(backend, prefix + "*").items():
        if (schema := owner(alias)) is not None:
            version = generation_version(generation)
            lowest[schema] = min(version, lowest.get(schema, version))
    own = {owner(name) for name in _own_indexes(backend, prefix + "*")}
    return {s for s in wanted if s in own or lowest.get(s, 0) < DOCUMENT_VERSION}


def _own_indexes(backend, pattern: str) -> list[str]:
    """Concrete indexes of one borough (the layout before sharing). A wildcard also
    resolves aliases, so the shared indexes behind the borough's aliases are left out:
    nothing here may ever delete one."""
    shared = shared_index_pattern(backend.index_prefix).removesuffix("*")
    return [name for name in index_names(backend, pattern) if not name.startswith(shared)]


def borough_document_count(schema_name: str) -> int:
    """How many documents of the borough the shared indexes hold, every generation."""
    backend = _engine()
    if backend is None:
        return 0
    return sum(
        count_borough_documents(backend, shared, schema_name) for shared in shared_indexes(backend)
    )


def delete_borough_indexes(schema_name: str) -> None:
    """Remove everything of the borough from the engine: aliases first (so no write can
    reach the shared indexes for it any more: every write requires its alias), then its
    documents, twice, in case a write was already under way during the first pass."""
    backend = _engine()
    if backend is None:
        return
    pattern = borough_index_prefix(backend.index_prefix, schema_name) + "*"
    shared = set(shared_indexes(backend))
    update_aliases(
        backend,
        [
            {"remove": {"index": index, "alias": alias}}
            for alias, (index, _) in aliases_matching(backend, pattern).items()
            if index in shared
        ],
    )
    for name in _own_indexes(backend, pattern):  # the layout before sharing
        backend.es.indices.delete(index=name)
    if shared:
        for _ in range(2):
            delete_borough_generations(backend, schema_name, dict.fromkeys(shared))
        compact_after_deletes(backend)


def compact_after_deletes(backend=None, *, wait_for_history: bool = False) -> None:
    """Reclaim deleted documents once they pile up (backends/compaction.py): after a
    retire, and once after ``rebuild_search_index`` (not after each borough it rebuilds,
    which would rewrite the same segments again every few boroughs). Best effort: what
    deleted them is done, and the next one tries again. First, the engine's results of
    the force merges started before that are over are deleted. ``wait_for_history``:
    wait for the engine to let go of the newest deletes first (the rebuild command does;
    a retire, in the task worker, does not)."""
    backend = backend or _engine()
    if backend is None:
        return
    forget_finished_merges(backend)
    try:
        compact_shared_indexes(backend, wait_for_history=wait_for_history)
    except backend.EngineErrors as error:
        logger.warning("The shared search indexes were not compacted: %s", error)


def delete_shared_indexes() -> None:
    """Delete the shared indexes of this prefix, with every borough's documents: for
    test runs and benches, which use a prefix of their own."""
    backend = _engine()
    if backend is not None:
        for index in shared_indexes(backend):
            backend.es.indices.delete(index=index)


# --- Rebuilding ------------------------------------------------------------------------------


@dataclass
class IndexingResult:
    schema_name: str
    objects: int
    seconds: float
    removed: int = 0
    since: datetime.datetime | None = None


@remembering_district_centres()
@fewer_collections()
def _rebuild(backend) -> int:
    """What ``update_index`` does, for one backend: atomic where the backend is."""
    if not backend.rebuilder_class:
        return 0
    count = 0
    filled = []
    for index, models in group_models_by_index(backend, get_indexed_models()).items():
        rebuilder = backend.rebuilder_class(index)
        new_index = rebuilder.start()
        if hasattr(new_index, "add_chunks"):  # the engine: pipelined bulk requests
            new_index.add_models(models)
            chunks = (
                (model, chunk)
                for model in models
                for chunk in in_chunks(indexable_objects(model), whole=True)
            )
            count += new_index.add_chunks(chunks, size=CHUNK_SIZE)
        else:
            for model in models:
                new_index.add_model(model)
            for model in models:
                for chunk in in_chunks(indexable_objects(model), whole=True):
                    new_index.add_items(model, chunk)
                    count += len(chunk)
        if is_engine(backend):
            filled.append(rebuilder)
        else:
            remove_unsearchable_entries(new_index)
            rebuilder.finish()
    # The engine: every kind switches to its new generation in one aliases call.
    switch_aliases(filled)
    return count


def remove_unsearchable_entries(database_index) -> None:
    """PostgreSQL's index: drop the entries of objects that still exist but are no
    longer searchable (a hidden post), which modelsearch's stale-entry clean-up keeps.
    An engine rebuild starts from an empty index, so it never holds them."""
    for model in followed_models():
        searchable = model.get_indexed_objects().annotate(object_id_text=Cast("pk", TextField()))
        database_index.entries.filter(
            content_type=ContentType.objects.get_for_model(model)
        ).exclude(object_id__in=searchable.values("object_id_text")).delete()


def rebuild_borough_index(schema_name: str) -> IndexingResult:
    """Rebuild every backend from the database. On an engine: a new index is filled
    while searches use the old one, then the alias moves to it in one step."""
    began = time.perf_counter()
    with schema_context(schema_name):
        started = timezone.now()
        count = 0
        for _name, backend in every_backend():
            count = max(count, _rebuild(backend))
        mark_indexed(started)
    return IndexingResult(schema_name, count, time.perf_counter() - began)


# --- Which boroughs ---------------------------------------------------------------------------


def boroughs_to_index(slug: str | None = None):
    """The borough called ``slug``, or every live borough."""
    from tenants.models import Borough

    if slug:
        borough = Borough.objects.filter(slug=slug).exclude(status=Borough.Status.ARCHIVED).first()
        if borough is None:
            raise LookupError(f"There is no running borough called '{slug}'.")
        return [borough]
    return list(Borough.objects.filter(status=Borough.Status.LIVE).order_by("slug"))
