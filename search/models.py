"""What the search app stores in each borough's own schema."""

from django.db import models


class IndexState(models.Model):
    """One row per borough: how far its engine index is known to be complete.

    ``last_indexed_at`` is when the last full rebuild or catch-up *started*: everything
    changed before it is in the index. ``dirty_since`` is the first time since then that
    writing to the engine failed (the engine was down); ``catch_up_search_index`` starts
    from it. Kept in the borough's schema, so it is archived and restored with it.
    """

    last_indexed_at = models.DateTimeField(null=True, blank=True)
    dirty_since = models.DateTimeField(null=True, blank=True)
    failures = models.PositiveIntegerField(
        default=0, help_text="Writes to the engine that failed since the last catch-up."
    )

    class Meta:
        verbose_name = "search index state"

    def __str__(self):
        return f"indexed at {self.last_indexed_at}, dirty since {self.dirty_since}"

    @classmethod
    def load(cls) -> "IndexState":
        state, _ = cls.objects.get_or_create(pk=1)
        return state
