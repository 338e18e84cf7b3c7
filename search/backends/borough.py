"""What every engine backend shares: per-borough index names, nothing indexed elsewhere,
and a note in the borough's schema whenever the engine could not be written to."""

import logging
from contextlib import contextmanager

from django.db import DatabaseError, transaction
from django.utils import timezone

from modelsearch.backends.elasticsearchbase import ElasticsearchAtomicIndexRebuilder

from .naming import current_borough_schema, in_borough, index_name_for_model

logger = logging.getLogger(__name__)


def record_indexing_failure() -> None:
    """Remember, in the borough's own schema, that its engine index is now behind.

    ``catch_up_search_index`` re-indexes from the first such failure. Never raises:
    the save that triggered the indexing must still succeed.
    """
    from ..models import IndexState

    try:
        with transaction.atomic():
            state = IndexState.load()
            IndexState.objects.filter(pk=state.pk).update(
                failures=state.failures + 1, dirty_since=state.dirty_since or timezone.now()
            )
    except DatabaseError:
        logger.exception("Could not record a search indexing failure")


class BoroughAtomicIndexRebuilder(ElasticsearchAtomicIndexRebuilder):
    """modelsearch's atomic rebuild, with the alias moved in one request.

    modelsearch adds the alias to the new index and then removes the old index, so for
    a moment the alias names two indexes and every write through it fails. Here the
    alias leaves the old index and joins the new one in a single ``_aliases`` call.
    """

    def finish(self):
        self.index.refresh()
        alias = self.alias.name
        if not self.alias.is_alias():
            if self.alias.exists():
                # A plain index with the alias's name (created before aliases were used).
                self.alias.delete()
            self.index.put_alias(alias)
            return
        old = [index for index in self.alias.aliased_indices() if index.name != self.index.name]
        actions = [{"remove": {"index": index.name, "alias": alias}} for index in old]
        actions.append({"add": {"index": self.index.name, "alias": alias}})
        indices = self.index.es.indices
        if getattr(self.index.backend, "use_new_elasticsearch_api", False):
            indices.update_aliases(actions=actions)
        else:
            indices.update_aliases(body={"actions": actions})
        for index in old:
            index.delete()


class BoroughIndexMixin:
    atomic_rebuilder_class = BoroughAtomicIndexRebuilder

    def get_index_for_model(self, model):
        # get_search_backend() builds a new backend per call, but the schema is read
        # here, at call time, so a long-lived backend object also stays correct.
        name = index_name_for_model(self.index_prefix, current_borough_schema(), model)
        return self.index_class(self, name)

    # Content saved in the public or template schema (the template's own set-up) has
    # no borough, so it is never indexed; searching there raises NoBoroughForSearch.
    # modelsearch catches and logs the engine's errors (catch_indexing_errors), so a
    # save never fails because the engine is down; we also note the failure.
    def add(self, obj):
        if in_borough():
            with _noting_failures():
                return super().add(obj)

    def add_bulk(self, model, obj_list):
        if in_borough():
            with _noting_failures():
                return super().add_bulk(model, obj_list)

    def delete(self, obj):
        if in_borough():
            with _noting_failures():
                return super().delete(obj)


@contextmanager
def _noting_failures():
    try:
        yield
    except Exception:
        record_indexing_failure()
        raise
