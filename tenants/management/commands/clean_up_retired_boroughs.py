from django.core.management.base import BaseCommand

from tenants.services.cleanup import KEEP_TASK_RESULTS_DAYS, clean_up_retired_boroughs


class Command(BaseCommand):
    help = (
        "Delete what retired boroughs left in Redis and in the task results, and task "
        f"results finished more than {KEEP_TASK_RESULTS_DAYS} days ago. Daily."
    )

    def handle(self, *args, **options):
        done = clean_up_retired_boroughs()
        keys = (
            "Redis did not answer: no cache keys removed (tried again on the next run)"
            if done.cache_keys is None
            else f"{done.cache_keys} cache keys"
        )
        self.stdout.write(
            f"{done.retired_boroughs} retired boroughs: {keys}, "
            f"{done.retired_task_results} of their task results; "
            f"{done.old_task_results} task results older than {KEEP_TASK_RESULTS_DAYS} days."
        )
