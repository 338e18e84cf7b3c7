"""What every engine backend shares: each borough reaches the shared indexes through its
own aliases, nothing is indexed outside a borough, and a note in the borough's schema
whenever the engine could not be written to."""

import logging
from contextlib import contextmanager

from django.db import DatabaseError, transaction
from django.utils import timezone

from .naming import current_borough_schema, in_borough, index_name_for_model, shared_index_name
from .shared import SharedIndexRebuilder

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


class BoroughIndexMixin:
    """A borough's indexes are its aliases of the shared indexes (see shared.py)."""

    atomic_rebuilder_class = SharedIndexRebuilder
    basic_rebuilder_class = SharedIndexRebuilder

    def get_index_for_model(self, model):
        # The one way from a model to an index: the current borough's ALIAS, so every
        # query and write goes through its filter and routing. get_search_backend()
        # builds a new backend per call, but the schema is read here, at call time, so
        # a long-lived backend object also stays correct.
        schema = current_borough_schema()
        return self.index_class(
            self,
            index_name_for_model(self.index_prefix, schema, model),
            schema=schema,
            shared=shared_index_name(self.index_prefix, model),
        )

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
