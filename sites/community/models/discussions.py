from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy

from modelsearch import index

from search.document import ANSWER_FIELDS, Answerable

from .groups import CommunityGroup


class Topic(models.Model):
    """Site-wide discussion topics, managed by Editors."""

    name = models.CharField(max_length=80, unique=True)
    slug = models.SlugField(max_length=80, unique=True)
    description = models.CharField(max_length=250, blank=True)
    sort_order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["sort_order", "name"]

    def __str__(self):
        return self.name


class ModeratedStatus(models.TextChoices):
    VISIBLE = "visible", gettext_lazy("Visible")
    HELD = "held", gettext_lazy("Waiting for a moderator")
    HIDDEN = "hidden", gettext_lazy("Hidden by a moderator")
    REJECTED = "rejected", gettext_lazy("Rejected by a moderator")
    REMOVED = "removed", gettext_lazy("Deleted by its author")


class Thread(Answerable, index.Indexed, models.Model):
    """A discussion: site-wide under a topic, or inside one group."""

    title = models.CharField(max_length=150)
    topic = models.ForeignKey(
        Topic, null=True, blank=True, on_delete=models.SET_NULL, related_name="threads"
    )
    group = models.ForeignKey(
        "community.CommunityGroup",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="threads",
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    status = models.CharField(
        max_length=10, choices=ModeratedStatus.choices, default=ModeratedStatus.HELD
    )
    created_at = models.DateTimeField(default=timezone.now)
    last_activity_at = models.DateTimeField(default=timezone.now)

    search_fields = [
        index.SearchField("title", boost=2),
        index.AutocompleteField("title"),
        *ANSWER_FIELDS,  # who may see it, for the engine
    ]
    # Search: search/indexing.py keeps the index in step (sites/community/search_results.py
    # follows this model), removing it when it stops being searchable. Never a member's
    # name, email or profile.
    search_auto_update = False

    class Meta:
        ordering = ["-last_activity_at"]

    def __str__(self):
        return self.title

    @classmethod
    def get_indexed_objects(cls):
        """Visible discussions, site-wide or in an approved group; who may read one is
        decided per search."""
        return cls.objects.filter(
            models.Q(group__isnull=True) | models.Q(group__status=CommunityGroup.Status.APPROVED),
            status=ModeratedStatus.VISIBLE,
        )


class Post(Answerable, index.Indexed, models.Model):
    """Plain text only: stored as typed, escaped on output, links made safe."""

    thread = models.ForeignKey(Thread, on_delete=models.CASCADE, related_name="posts")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        on_delete=models.SET_NULL,
        related_name="community_posts",
    )
    body = models.TextField(max_length=5000)
    status = models.CharField(
        max_length=10, choices=ModeratedStatus.choices, default=ModeratedStatus.HELD
    )
    created_at = models.DateTimeField(default=timezone.now)
    edited_at = models.DateTimeField(null=True, blank=True)

    search_fields = [index.SearchField("body"), *ANSWER_FIELDS]
    # Search: search/indexing.py keeps the index in step (sites/community/search_results.py
    # follows this model), removing it when it stops being searchable. Never a member's
    # name, email or profile.
    search_auto_update = False

    class Meta:
        ordering = ["created_at"]

    def __str__(self):
        return f"Post {self.pk} in {self.thread}"

    @classmethod
    def get_indexed_objects(cls):
        """Visible posts in indexed discussions only: held, hidden, rejected and deleted
        words are never indexed, nor the words of a hidden discussion or closed group."""
        return cls.objects.filter(
            status=ModeratedStatus.VISIBLE,
            thread__in=Thread.get_indexed_objects().values("pk"),
        )
