"""Background tasks that run in the borough schema that enqueued them.

Wagtail 8 and modelsearch enqueue their tasks (search indexing, reference index, file
deletion) with only model and primary key: no schema. A worker would run them in the
public schema, or worse, in whichever borough it last touched. The backends in
task_backends.py record ``connection.schema_name`` at enqueue time by wrapping the task in
``run_in_schema``, which switches to that schema before calling the real task.

A task queued for a borough that is being retired, is retired, or no longer exists is
dropped with a log line, never run: it would write a retired borough's content back
into the search engine (or fail on a schema that is gone).
"""

import logging

from django_tasks import task
from django_tenants.utils import schema_context

from django.conf import settings
from django.utils.module_loading import import_string

from .routing import refresh_if_stale

logger = logging.getLogger(__name__)


def schema_takes_tasks(schema_name: str) -> bool:
    """Public and template schemas always; a borough while it is being set up or live."""
    from .models import Borough

    if schema_name in (settings.PUBLIC_SCHEMA_NAME, settings.TENANT_BASE_SCHEMA):
        return True
    return Borough.objects.filter(
        schema_name=schema_name, status__in=Borough.OPEN_STATUSES
    ).exists()


@task()
def run_in_schema(schema_name: str, task_path: str, args: list, kwargs: dict):
    wrapped_task = import_string(task_path)
    # A long-running worker notices launches, retires and restores here, as web
    # processes do per request: they can put other content type ids behind a schema name.
    with schema_context(settings.PUBLIC_SCHEMA_NAME):
        refresh_if_stale()
        if not schema_takes_tasks(schema_name):
            logger.warning(
                "Dropped task %s for %s: the borough is retired, retiring or gone",
                task_path,
                schema_name,
            )
            return None
    with schema_context(schema_name):
        return wrapped_task.call(*args, **kwargs)


@task()
def refill_schema_pool():
    """Clone the pooled schema a launch took (tenants/schema_pool.py), off the launch."""
    from .schema_pool import fill_pool

    return fill_pool()


def task_results_naming(schema_name: str):
    """Task results (``django_tasks_db``, in public) of tasks queued in ``schema_name``:
    every task is queued as ``run_in_schema`` with that schema's name as its first argument
    (task_backends.py). Only that argument counts, exactly: a live borough's task whose
    other arguments mention the name (a page titled "oldtown", a slug) is not the
    schema's."""
    from django_tasks_db.models import DBTaskResult

    return DBTaskResult.objects.filter(
        task_path=run_in_schema.module_path, args_kwargs__args__0=schema_name
    )


def delete_task_results(schema_name: str) -> int:
    """Forget the borough's task results (a retire): how many. A task still running is left
    to the worker, which records its end; the daily ``prune_task_results`` removes it."""
    from django_tasks_db.compat import TaskResultStatus

    deleted, _ = task_results_naming(schema_name).exclude(status=TaskResultStatus.RUNNING).delete()
    return deleted
