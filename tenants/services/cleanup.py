"""The daily clean-up of what retired boroughs left where a retire could not reach it, and
of old task results (``manage.py clean_up_retired_boroughs``, infrastructure/scheduling.md).

A retire removes the borough's cache entries and task results itself; while Redis is out it
cannot remove the entries, and a task still running then records its result afterwards.
This finds both by schema name, for every borough the register marks archived.
"""

from dataclasses import dataclass
from datetime import timedelta

from django.utils import timezone

from ..cache import delete_keys_of_schemas
from ..models import Borough
from ..tasks import delete_task_results

# Finished task results (every borough's, and the platform's) are kept this long: enough
# to look into a failure, short enough for the table to stay small.
KEEP_TASK_RESULTS_DAYS = 14


@dataclass
class CleanUp:
    retired_boroughs: int
    cache_keys: int | None  # None: Redis did not answer (tried again on the next run)
    retired_task_results: int
    old_task_results: int


def prune_task_results(days: int = KEEP_TASK_RESULTS_DAYS) -> int:
    """Delete finished task results older than ``days``; how many."""
    from django_tasks_db.models import DBTaskResult

    cutoff = timezone.now() - timedelta(days=days)
    deleted, _ = DBTaskResult.objects.finished().filter(finished_at__lte=cutoff).delete()
    return deleted


def clean_up_retired_boroughs() -> CleanUp:
    schemas = list(
        Borough.objects.filter(status=Borough.Status.ARCHIVED).values_list("schema_name", flat=True)
    )
    return CleanUp(
        retired_boroughs=len(schemas),
        cache_keys=delete_keys_of_schemas(schemas),
        retired_task_results=sum(delete_task_results(schema) for schema in schemas),
        old_task_results=prune_task_results(),
    )
