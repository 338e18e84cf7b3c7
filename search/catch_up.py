"""Catching a borough's search indexes up after the engine was out: what changed since
the first failed write (or the last rebuild) is indexed again, and what was deleted or
stopped being searchable meanwhile is removed. ``manage.py catch_up_search_index`` runs
it; rebuilding and the indexes' life cycle are in services.py.
"""

import datetime
import time

from django_tenants.utils import schema_context

from django.contrib.contenttypes.models import ContentType
from django.db.models import Q
from django.utils import timezone

from modelsearch.index import get_indexed_models
from modelsearch.management.commands.rebuild_modelsearch_index import group_models_by_index
from wagtail.models import Page, PageLogEntry
from wagtail.models.audit_log import ModelLogEntry

from .bulk_reading import indexable_objects
from .engine import is_engine
from .garbage import fewer_collections
from .indexing import followed_models
from .models import IndexState
from .postcodes.services import remembering_district_centres
from .services import (
    IndexingResult,
    every_backend,
    in_chunks,
    mark_indexed,
    remove_unsearchable_entries,
)

# Timestamps come from several servers and the database: look a little further back.
CATCH_UP_MARGIN = datetime.timedelta(minutes=2)
# Fields that, where a model has them, say when an object last changed.
CHANGE_TIMESTAMPS = (
    "last_published_at",
    "latest_revision_created_at",
    "first_published_at",
    "updated_at",
    "modified_at",
    "last_modified",
    "created_at",
)


def changed_objects(model, since: datetime.datetime | None):
    """``model``'s indexed objects that may have changed since ``since`` (all if None).

    Pages: published or revised since, or with any log entry since (unpublish, move,
    rename...). Models kept in step by search/indexing.py (community content) are
    re-indexed whole: a moderator's decision changes their status without leaving a
    timestamp on them. Other models: their own timestamps and log entries; a model
    with neither (a short taxonomy, say) is re-indexed whole.
    """
    queryset = indexable_objects(model)
    if since is None or model in followed_models():
        return queryset
    field_names = {field.name for field in model._meta.get_fields()}
    condition = Q()
    for name in CHANGE_TIMESTAMPS:
        if name in field_names:
            condition |= Q(**{f"{name}__gte": since})
    if issubclass(model, Page):
        logged = PageLogEntry.objects.filter(timestamp__gte=since).values("page_id")
        return queryset.filter(condition | Q(pk__in=logged))
    if not condition:
        return queryset
    content_type = ContentType.objects.get_for_model(model)
    logged = ModelLogEntry.objects.filter(
        content_type=content_type, timestamp__gte=since
    ).values_list("object_id", flat=True)
    return queryset.filter(condition | Q(pk__in=list(logged)))


def _engine_document_ids(backend, index_name: str) -> set[str]:
    ids, after = set(), None
    while True:
        body = {"size": 1000, "sort": [{"pk": "asc"}], "_source": False, "stored_fields": ["pk"]}
        if after is not None:
            body["search_after"] = after
        if getattr(backend, "use_new_elasticsearch_api", False):
            hits = backend.es.search(index=index_name, **body)["hits"]["hits"]
        else:
            hits = backend.es.search(index=index_name, body=body)["hits"]["hits"]
        if not hits:
            return ids
        ids.update(hit["fields"]["pk"][0] for hit in hits)
        after = hits[-1]["sort"]


def _remove_deleted(backend) -> int:
    """Remove documents whose objects no longer exist or are no longer searchable
    (deleted or hidden during an outage)."""
    removed = 0
    if not is_engine(backend):
        for index in backend.all_indexes():
            if hasattr(index, "delete_stale_entries"):
                index.delete_stale_entries()
                remove_unsearchable_entries(index)
        return 0
    for index, models in group_models_by_index(backend, get_indexed_models()).items():
        existing = set()
        for model in models:
            existing.update(
                str(pk) for pk in model.get_indexed_objects().values_list("pk", flat=True)
            )
        stale = sorted(_engine_document_ids(backend, index.name) - existing)
        for start in range(0, len(stale), 1000):
            # Through the borough's alias: its filter and routing keep other boroughs out.
            query = {"terms": {"pk": stale[start : start + 1000]}}
            if getattr(backend, "use_new_elasticsearch_api", False):
                backend.es.delete_by_query(index=index.name, query=query, refresh=True)
            else:
                backend.es.delete_by_query(index=index.name, body={"query": query}, refresh=True)
        removed += len(stale)
    return removed


@remembering_district_centres()
@fewer_collections()
def catch_up_borough_index(
    schema_name: str, since: datetime.datetime | None = None
) -> IndexingResult:
    """Re-index what changed since ``since``; by default since the first failed write
    to the engine, or else since the last rebuild or catch-up. Raises if the engine is
    still down (and records nothing)."""
    began = time.perf_counter()
    with schema_context(schema_name):
        state = IndexState.load()
        started = timezone.now()
        if since is None:
            since = state.dirty_since or state.last_indexed_at
        window_start = since - CATCH_UP_MARGIN if since is not None else None
        count = removed = 0
        for _name, backend in every_backend():
            backend_count = 0
            for model in get_indexed_models():
                for chunk in in_chunks(changed_objects(model, window_start)):
                    backend.add_bulk(model, chunk)
                    backend_count += len(chunk)
            count = max(count, backend_count)
            removed += _remove_deleted(backend)
            if is_engine(backend):
                for index in backend.all_indexes():
                    index.refresh()
        mark_indexed(started)
    return IndexingResult(schema_name, count, time.perf_counter() - began, removed, since)
