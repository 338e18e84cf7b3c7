"""Shared indexes: one per kind of content, each borough behind its own filtered alias.

Every document carries ``borough`` (the schema) and ``borough_generation``; a borough's
alias filters on both and routes by the borough, for reading and for writing:

    {"add": {"index": "<prefix>shared-wagtailcore_page",
             "alias": "<prefix>lambeth__wagtailcore_page",
             "filter": {"bool": {"filter": [{"term": {"borough": "lambeth"}},
                                            {"term": {"borough_generation": "v2g1a2b3c4"}}]}},
             "routing": "lambeth"}}

Every write names the alias with ``require_alias=true``, so a write for a borough whose
alias is gone (retired) fails instead of creating a bare index. A rebuild fills a new
generation beside the live one, then moves the alias to it in one ``_aliases`` call
(atomic for searchers) and deletes the old generation's documents.
"""

import logging
import re
from collections.abc import Iterable
from concurrent.futures import ThreadPoolExecutor

from modelsearch.index import class_is_indexed

from .aliases import (
    BOROUGH_FIELD,
    GENERATION_FIELD,
    add_alias_action,
    aliases_matching,
    answering_404,
    new_api,
    new_generation,
    update_aliases,
)
from .bulk import send_bulk
from .naming import document_id, shared_index_pattern

logger = logging.getLogger(__name__)

BOROUGH_MAPPING = {
    "properties": {
        BOROUGH_FIELD: {"type": "keyword"},
        GENERATION_FIELD: {"type": "keyword"},
    }
}


class NoBoroughAlias(RuntimeError):
    """The borough has no alias for this kind of content (retired, or never created)."""


class SharedMappingConflict(RuntimeError):
    """A shared index holds a field mapped otherwise than this code maps it: the index
    was made by another version, and a field's type cannot change in place."""

    def __init__(self, shared: str, reason: str):
        super().__init__(
            f"The search index {shared} was made by another version of Connect & Do: "
            f"{reason}. A field's type cannot change in place. Set SEARCH_INDEX_PREFIX to "
            "a new value and run `manage.py rebuild_search_index` (every borough moves "
            "to new indexes), then delete the old ones (docs/operations/search.md)."
        )


def _engine_reason(error) -> str:
    """The engine's own words for why it refused a request."""
    info = getattr(error, "info", None) or getattr(error, "body", None)
    if isinstance(info, dict):
        return str(info.get("error", {}).get("reason", error))
    return str(error)


def index_names(backend, pattern: str) -> list[str]:
    """The concrete indexes ``pattern`` matches (an alias counts as its index). Read from
    one setting: ``GET <index>`` would write out every alias the shared indexes hold
    (over 100 ms with 8,000 aliases, against 10 ms for this)."""
    es = backend.es
    found = es.indices.get_settings(index=pattern, name="index.uuid", ignore_unavailable=True)
    return sorted(found)


def ensure_shared_index(backend, shared: str) -> bool:
    """Create the shared index if it is missing (True if this call created it)."""
    if index_names(backend, shared):  # not HEAD: that writes out all its aliases too
        return False
    body = {**backend.settings, "mappings": BOROUGH_MAPPING}
    try:
        if new_api(backend):
            backend.es.indices.create(index=shared, **body)
        else:
            backend.es.indices.create(index=shared, body=body)
    except backend.RequestError as error:  # another process created it meanwhile
        if "resource_already_exists" not in str(error):
            raise
        return False
    return True


def shared_indexes(backend) -> list[str]:
    """The shared indexes that exist, for this prefix."""
    return index_names(backend, shared_index_pattern(backend.index_prefix))


def delete_borough_documents(backend, shared: str, schema_name: str, keep: str | None = None):
    """Delete the borough's documents from one shared index (all but generation ``keep``).

    Runs on the shared index itself (the alias would hide other generations), always
    with the borough's term and routing, so it touches no other borough.
    """
    return delete_borough_generations(backend, schema_name, {shared: keep})


def delete_borough_generations(
    backend, schema_name: str, kept: dict[str, str | None], *, after_switch: bool = False
) -> int:
    """The borough's documents in several shared indexes, all but one generation in each
    ({index: generation to keep, or None for none}), in one refresh and one delete by
    query: a rebuild's or a retire's eight kinds took eight of each.

    ``after_switch``: the old generations a rebuild has just taken out of every alias.
    The indexes were refreshed for the switch a moment ago, and no search can see those
    documents any more, so neither refresh is waited for (each took 20-100 ms). A save
    that reached an old generation in between is left to the next rebuild or retire,
    which delete every generation but the live one; searches never see it."""
    query = {"bool": {"filter": [{"term": {BOROUGH_FIELD: schema_name}}]}}
    keep = [
        {"bool": {"filter": [{"term": {"_index": shared}}, {"term": {GENERATION_FIELD: gen}}]}}
        for shared, gen in kept.items()
        if gen is not None
    ]
    if keep:
        query["bool"]["must_not"] = keep
    indexes = ",".join(sorted(kept))
    # Batches of 10,000 (the default is 1,000): a rebuild's old generation goes in one or
    # two rounds, not ten (a third less engine CPU, half the wait).
    options = {
        "routing": schema_name,
        "conflicts": "proceed",
        "refresh": not after_switch,
        "scroll_size": 10_000,
    }
    if not after_switch:
        # A delete by query sees only refreshed documents: what was written in the last
        # second (the refresh interval) would otherwise be left behind.
        backend.es.indices.refresh(index=indexes)
    if new_api(backend):
        response = backend.es.delete_by_query(index=indexes, query=query, **options)
    else:
        response = backend.es.delete_by_query(index=indexes, body={"query": query}, **options)
    return response.get("deleted", 0)


def count_borough_documents(backend, shared: str, schema_name: str) -> int:
    query = {"term": {BOROUGH_FIELD: schema_name}}
    if new_api(backend):
        return backend.es.count(index=shared, query=query, routing=schema_name)["count"]
    return backend.es.count(index=shared, body={"query": query}, routing=schema_name)["count"]


def _field_types(properties: dict, prefix: str = "") -> dict[str, str]:
    """Every field a mapping names, objects' own fields included ("a.b.c"), and its type."""
    types = {}
    for name, spec in properties.items():
        types[prefix + name] = spec.get("type", "object")
        types |= _field_types(spec.get("properties", {}), f"{prefix}{name}.")
    return types


# How the engines say a field is already mapped otherwise (type, analyzer, ...).
_CONFLICT = re.compile(r"cannot be changed from type|conflicts with existing mapper", re.I)


class SharedIndexMixin:
    """One borough's view of a shared index. ``name`` is the borough's alias (or, while
    a rebuild fills a new generation, a building alias); ``shared`` the index behind it.

    ``generation`` None means "the live one": read from the alias at the first write, so
    a write never lands in a generation searchers no longer use.
    """

    def __init__(self, backend, name, *, schema=None, shared=None, generation=None):
        super().__init__(backend, name)
        self.schema = schema
        self.shared = shared
        self.generation = generation

    def write_generation(self) -> str:
        if self.generation is None:
            _, generation = aliases_matching(self.backend, self.name).get(self.name, (None, None))
            if generation is None:
                raise NoBoroughAlias(f"No search alias {self.name}: nothing written.")
            self.generation = generation
        return self.generation

    def _document(self, mapping, item, generation) -> dict:
        return {
            "_id": document_id(self.schema, generation, item.pk),
            **mapping.get_document(item),
            BOROUGH_FIELD: self.schema,
            GENERATION_FIELD: generation,
        }

    def add_model(self, model):
        self.add_models([model])

    def add_models(self, models) -> None:
        # Mappings live on the shared index: the same for every borough. Only a mapping
        # with fields the index lacks is sent (each one is a cluster state update), and
        # the index's mapping is read once for all of ``models``.
        current = self.es.indices.get_mapping(index=self.shared)
        known = {}
        for info in current.values():
            known |= _field_types(info["mappings"].get("properties", {}))
        for model in models:
            mapping = self.mapping_class(model).get_mapping()
            if _field_types(mapping["properties"]).items() <= known.items():
                continue  # nothing new (a field of another type is sent: the engine refuses it)
            try:
                if new_api(self.backend):
                    self.es.indices.put_mapping(index=self.shared, **mapping)
                else:
                    self.es.indices.put_mapping(index=self.shared, body=mapping)
            except self.backend.RequestError as error:
                reason = _engine_reason(error)
                if not _CONFLICT.search(reason):
                    raise  # not about a field mapped otherwise: the engine's own words
                raise SharedMappingConflict(self.shared, reason) from error
            known |= _field_types(mapping["properties"])

    def add_item(self, item):
        self.add_items(type(item), [item])

    def add_items(self, model, items):
        if class_is_indexed(model) and items:
            self._send(self._documents(model, items))

    def add_chunks(self, chunks: Iterable[tuple[type, list]], size: int = 500) -> int:
        """``add_items`` for each (model, chunk), in bulk requests of about ``size``
        documents whatever their model (an index's dozen models with one page each make
        one request, not a dozen), building the next request's documents (Python and
        PostgreSQL) while the engine indexes the last one. Returns how many were sent."""
        sent = 0
        with ThreadPoolExecutor(max_workers=1, thread_name_prefix="search-bulk") as sender:
            in_flight, pending = None, []
            for model, items in chunks:
                if not class_is_indexed(model) or not items:
                    continue
                pending += self._documents(model, items)
                sent += len(items)
                if len(pending) < size:
                    continue
                if in_flight is not None:
                    in_flight.result()  # one bulk request at a time; its errors surface here
                in_flight, pending = sender.submit(self._send, pending), []
            if in_flight is not None:
                in_flight.result()
            self._send(pending)
        return sent

    def _documents(self, model, items) -> list[dict]:
        generation = self.write_generation()
        mapping = self.mapping_class(model)
        return [self._document(mapping, item, generation) for item in items]

    def _send(self, documents: list[dict]) -> None:
        send_bulk(self.backend, self.name, documents)

    def delete_item(self, item):
        if not class_is_indexed(type(item)):
            return
        doc_id = document_id(self.schema, self.write_generation(), item.pk)
        es, options = answering_404(self.backend)
        es.delete(index=self.name, id=doc_id, **options)  # never indexed: nothing to do

    def put(self):
        raise RuntimeError("A borough's index is an alias of a shared index: ensure_shared_index.")

    def delete(self):
        raise RuntimeError("Use search.services.delete_borough_indexes to remove a borough.")


class SharedIndexRebuilder:
    """Fill a new generation for one borough and kind, then switch the alias to it.

    The new generation is written through the borough's live alias when it has one on
    the shared index (the filter does not apply to writes: the documents carry the new
    generation, so searchers do not see them yet), else through a building alias.
    Searchers keep the live generation until ``switch_aliases`` moves the alias, for
    every kind at once (services._rebuild) or for this one (``finish``).
    """

    def __init__(self, index):
        self.alias = index
        self.generation = new_generation()
        self.live = aliases_matching(index.backend, index.name).get(index.name)
        through_live = self.live is not None and self.live[0] == index.shared
        self.index = type(index)(
            index.backend,
            index.name if through_live else f"{index.name}-{self.generation}",
            schema=index.schema,
            shared=index.shared,
            generation=self.generation,
        )

    def start(self):
        backend, index = self.index.backend, self.index
        ensure_shared_index(backend, index.shared)
        if index.name != self.alias.name:
            update_aliases(
                backend, [add_alias_action(index.shared, index.name, index.schema, self.generation)]
            )
        return index

    def switch_actions(self) -> list[dict]:
        """The alias actions that make the new generation the live one."""
        shared, alias = self.index.shared, self.alias.name
        actions = []
        if self.index.name != alias:
            actions.append({"remove": {"index": shared, "alias": self.index.name}})
        if self.live is not None:
            actions.append({"remove": {"index": self.live[0], "alias": alias}})
            if self.live[0] != shared:  # the borough's own index, from before sharing
                actions.append({"remove_index": {"index": self.live[0]}})
        elif self.index.backend.es.indices.exists(index=alias):
            actions.append({"remove_index": {"index": alias}})  # a bare index with its name
        actions.append(add_alias_action(shared, alias, self.index.schema, self.generation))
        return actions

    def finish(self):
        switch_aliases([self])


def switch_aliases(rebuilders: list[SharedIndexRebuilder]) -> None:
    """Make every rebuilder's new generation live in one ``_aliases`` call, then delete
    the borough's older generations from each shared index (each kind has its own)."""
    if not rebuilders:
        return
    backend = rebuilders[0].index.backend
    backend.es.indices.refresh(index=",".join(sorted({r.index.shared for r in rebuilders})))
    update_aliases(backend, [action for r in rebuilders for action in r.switch_actions()])
    kept: dict[str, dict] = {}  # {borough: {shared index: its new generation}}
    for rebuilder in rebuilders:
        kept.setdefault(rebuilder.index.schema, {})[rebuilder.index.shared] = rebuilder.generation
    for schema_name, generations in kept.items():
        delete_borough_generations(backend, schema_name, generations, after_switch=True)
