"""python manage.py compact_search_indexes

Reclaims the deleted documents that rebuilds and retirements leave in the shared search
indexes, in each index where they are more than a fifth of what it holds, and merges each
small shared index left in several segments into one (search/backends/compaction.py).
The engine merges in its background; searches and writes go on. Run it daily from the
scheduler. The engine keeps the newest deletes for its replicas for up to 30 seconds,
so it waits for that first. ``rebuild_search_index`` compacts at its end the same way; a
retire compacts without waiting, leaving its last deletes to this. Each run first deletes
the engine's results of the force merges started before that are over (in its ``.tasks``
index; ours only).
"""

from django.core.management.base import BaseCommand, CommandError

from ...backends.compaction import (
    COMPACT_ABOVE,
    compact_shared_indexes,
    compaction_in_words,
    forget_finished_merges,
    shared_index_stats,
)
from ...fallback import engine_backend


class Command(BaseCommand):
    help = (
        "Reclaim the deleted documents piled up in the shared search indexes, and merge "
        "small ones left in several segments into one."
    )

    def handle(self, *args, **options):
        backend = engine_backend()
        if backend is None:
            self.stdout.write("No search engine is configured: nothing to compact.")
            return
        forgotten = forget_finished_merges(backend)
        if forgotten:
            self.stdout.write(f"Deleted the engine's results of {forgotten} finished merges.")
        try:
            stats = shared_index_stats(backend)
            compacting = compact_shared_indexes(backend, stats, wait_for_history=True)
        except backend.EngineErrors as error:
            raise CommandError(f"The search engine did not answer: {error}") from error
        for name, whole in compacting.items():
            self.stdout.write(f"{name}: compacting {compaction_in_words(stats[name], whole)}")
        self.stdout.write(
            f"{len(compacting)} of {len(stats)} shared indexes compacted (those with over "
            f"{COMPACT_ABOVE:.0%} deleted documents, and small ones in several segments)."
        )
