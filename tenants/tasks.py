"""Background tasks that run in the borough schema that enqueued them.

Wagtail 8 and modelsearch enqueue their tasks (search indexing, reference index, file
deletion) with only model and primary key: no schema. A worker would run them in the
public schema, or worse, in whichever borough it last touched. The backends in
task_backends.py record ``connection.schema_name`` at enqueue time by wrapping the task in
``run_in_schema``, which switches to that schema before calling the real task.
"""

from django_tasks import task
from django_tenants.utils import schema_context

from django.conf import settings
from django.utils.module_loading import import_string

from .routing import refresh_if_stale


@task()
def run_in_schema(schema_name: str, task_path: str, args: list, kwargs: dict):
    wrapped_task = import_string(task_path)
    # A long-running worker notices launches, retires and restores here, as web
    # processes do per request: they can put other content type ids behind a schema name.
    with schema_context(settings.PUBLIC_SCHEMA_NAME):
        refresh_if_stale()
    with schema_context(schema_name):
        return wrapped_task.call(*args, **kwargs)
