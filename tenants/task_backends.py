"""Task backends that remember which borough schema enqueued each task (see tasks.py)."""

from django_tasks.backends.immediate import ImmediateBackend
from django_tasks_db.backend import DatabaseBackend

from django.db import connection


class BoroughTaskBackendMixin:
    def enqueue(self, task, args, kwargs):
        # Imported here: the task module itself needs a configured backend to load.
        from .tasks import run_in_schema

        if task.module_path == run_in_schema.module_path:
            return super().enqueue(task, args, kwargs)
        wrapper = run_in_schema.using(
            priority=task.priority,
            queue_name=task.queue_name,
            run_after=task.run_after,
            backend=self.alias,
        )
        return super().enqueue(
            wrapper, [connection.schema_name, task.module_path, list(args), dict(kwargs)], {}
        )


class BoroughDatabaseBackend(BoroughTaskBackendMixin, DatabaseBackend):
    """Queue rows live in the public schema; run with `manage.py db_worker`."""


class BoroughImmediateBackend(BoroughTaskBackendMixin, ImmediateBackend):
    """Runs at once, in the enqueuing schema; for tests that are not about the queue."""
