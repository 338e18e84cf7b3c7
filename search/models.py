"""What the search app stores in each borough's own schema."""

from django.core.exceptions import ValidationError
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


class SearchSynonym(models.Model):
    """An everyday word and what listings call the same thing ("wheelchair": "step-free
    access"). Editors keep the list per borough; searches use it (search/synonyms.py)."""

    word = models.CharField(
        "when someone searches for",
        max_length=100,
        unique=True,
        help_text="A word or short phrase people type, for example: wheelchair.",
    )
    also_means = models.TextField(
        "also show results for",
        help_text=(
            "Words or phrases that mean the same, separated by commas, for example: "
            "step-free access, accessible."
        ),
    )
    both_ways = models.BooleanField(
        "works both ways",
        default=False,
        help_text="Searching for any of those words also shows results for the word above.",
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["word"]
        verbose_name = "search synonym"

    def __str__(self):
        return f"{self.word}: {self.also_means}"

    def clean(self):
        from .synonyms import clean_synonym

        self.word, self.also_means = clean_synonym(self.word, self.also_means)
        others = SearchSynonym.objects.exclude(pk=self.pk)
        if others.filter(word__iexact=self.word).exists():
            raise ValidationError(
                {"word": f"“{self.word}” is already in the list: change that entry instead."}
            )
