"""What the search app stores in each borough's own schema."""

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models

from wagtail.admin.panels import FieldPanel
from wagtail.contrib.settings.models import BaseGenericSetting, register_setting


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


@register_setting(icon="search")
class SearchSettings(BaseGenericSetting):
    """Per borough (each borough's schema has its own row)."""

    demand_months = models.PositiveSmallIntegerField(
        "keep search words for (months)",
        default=12,
        validators=[MinValueValidator(1), MaxValueValidator(36)],
        help_text=(
            "What people searched for is kept this long for the “Unmet search needs” "
            "report, then deleted. Only the words are kept, never who searched."
        ),
    )

    panels = [FieldPanel("demand_months")]

    class Meta:
        verbose_name = "Search"


class SearchDemand(models.Model):
    """How often the borough's search box was asked one thing on one day, and how often
    it found nothing or little (search/demand.py). Only the normalised words and the
    day: nothing about who searched, nor when during the day."""

    day = models.DateField()
    query = models.CharField(max_length=100)
    searches = models.PositiveIntegerField(default=0)
    found_nothing = models.PositiveIntegerField(default=0)
    found_little = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["day", "query"], name="search_demand_day_query")
        ]
        indexes = [models.Index(fields=["day"], name="search_demand_day")]
        verbose_name = "search demand"

    def __str__(self):
        return f"{self.day}: {self.query} ({self.searches})"
