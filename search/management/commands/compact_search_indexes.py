"""python manage.py compact_search_indexes

Reclaims the deleted documents that rebuilds and retirements leave in the shared search
indexes, in each index where they are more than a fifth of what it holds
(search/backends/compaction.py). The engine merges in its background; searches and
writes go on. Run it daily from the scheduler. The engine keeps the newest deletes
for its replicas for up to 30 seconds, so it waits for that first. ``rebuild_search_index``
compacts at its end the same way; a retire compacts without waiting, leaving its last
deletes to this. Each run first deletes the engine's results of the force merges started
before that are over (in its ``.tasks`` index; ours only).
"""

from django.core.management.base import BaseCommand, CommandError

from ...backends.compaction import (
    COMPACT_ABOVE,
    compact_shared_indexes,
    forget_finished_merges,
    shared_index_docs,
)
from ...fallback import engine_backend


class Command(BaseCommand):
    help = "Reclaim the deleted documents piled up in the shared search indexes."

    def handle(self, *args, **options):
        backend = engine_backend()
        if backend is None:
            self.stdout.write("No search engine is configured: nothing to compact.")
            return
        forgotten = forget_finished_merges(backend)
        if forgotten:
            self.stdout.write(f"Deleted the engine's results of {forgotten} finished merges.")
        try:
            docs = shared_index_docs(backend)
            compacting = compact_shared_indexes(backend, docs, wait_for_history=True)
        except backend.EngineErrors as error:
            raise CommandError(f"The search engine did not answer: {error}") from error
        for name in compacting:
            self.stdout.write(
                f"{name}: compacting {docs[name]['deleted']} deleted documents "
                f"beside {docs[name]['count']} live ones"
            )
        self.stdout.write(
            f"{len(compacting)} of {len(docs)} shared indexes compacted "
            f"(those with over {COMPACT_ABOVE:.0%} deleted documents)."
        )
