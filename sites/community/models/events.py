from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy

from modelsearch import index

from search.document import ANSWER_FIELDS, Answerable, read_from
from sites.core.easyread.models import SimpleWordsMixin
from sites.core.pictures import PictureMixin
from sites.directory.models.mixins import AccessibilityMixin

from .groups import CommunityGroup
from .pages import EventIndexPage


class Event(
    Answerable, index.Indexed, AccessibilityMixin, PictureMixin, SimpleWordsMixin, models.Model
):
    """Posted by an organisation, a group's organisers or an Editor."""

    class Repeat(models.TextChoices):
        NEVER = "never", gettext_lazy("Does not repeat")
        WEEKLY = "weekly", gettext_lazy("Every week")
        FORTNIGHTLY = "fortnightly", gettext_lazy("Every other week")
        MONTHLY = "monthly", gettext_lazy("Every month, on the same weekday")

    class Status(models.TextChoices):
        PUBLISHED = "published", gettext_lazy("Published")
        HELD = "held", gettext_lazy("Waiting for a moderator")
        CANCELLED = "cancelled", gettext_lazy("Cancelled")
        REMOVED = "removed", gettext_lazy("Removed by a moderator")

    title = models.CharField(max_length=120)
    slug = models.SlugField(max_length=140, unique=True)
    description = models.TextField(max_length=4000)
    group = models.ForeignKey(
        "community.CommunityGroup",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="events",
    )
    organisation = models.ForeignKey(
        "directory.OrganisationPage",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
    )
    posted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    interests = models.ManyToManyField("directory.Interest", blank=True, related_name="+")
    starts_at = models.DateTimeField()
    ends_at = models.DateTimeField()
    repeat = models.CharField(max_length=12, choices=Repeat.choices, default=Repeat.NEVER)
    repeat_until = models.DateField(null=True, blank=True)
    place = models.ForeignKey(
        "directory.PlacePage", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    online_url = models.URLField(blank=True)
    is_free = models.BooleanField("free", default=True)
    cost_details = models.CharField(max_length=200, blank=True)
    just_turn_up = models.BooleanField(default=True)
    booking_url = models.URLField(blank=True)
    capacity = models.PositiveIntegerField(
        null=True,
        blank=True,
        validators=[MinValueValidator(1)],
        help_text=gettext_lazy("Leave empty for no limit. When full, people join a waiting list."),
    )
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PUBLISHED)
    created_at = models.DateTimeField(default=timezone.now)

    search_fields = [
        index.SearchField("title", boost=2),
        index.AutocompleteField("title"),
        index.SearchField("description"),
        index.RelatedFields("interests", [index.SearchField("name", boost=3)]),
        # A home's area, never its name (PlacePage.title_in_search; directory/homes.py).
        index.RelatedFields(
            "place", read_from([index.SearchField("title")], {"title": "title_in_search"})
        ),
        index.SearchField("accessibility_in_words"),  # its place's features too
        *ANSWER_FIELDS,  # who may see it, facets and distances, for the engine
    ]
    # Search: search/indexing.py keeps the index in step (sites/community/search_results.py
    # follows this model), removing it when it stops being searchable. Never a member's
    # name, email or profile.
    search_auto_update = False

    class Meta:
        ordering = ["starts_at"]

    def __str__(self):
        return self.title

    def get_absolute_url(self) -> str | None:
        """The event's page in the events section (None if the borough has none)."""
        return EventIndexPage.route_url_or_none("event", self.slug)

    @classmethod
    def get_indexed_objects(cls):
        """Published events, of no group or of an approved one; who may see one is
        decided per search (events/selectors.py)."""
        return cls.objects.filter(
            models.Q(group__isnull=True) | models.Q(group__status=CommunityGroup.Status.APPROVED),
            status=cls.Status.PUBLISHED,
        )


class EventAttendance(models.Model):
    """'I'm going' to one date of an event, or a place on that date's waiting list when
    it is full. A repeating event's limit and waiting list are per date."""

    class Status(models.TextChoices):
        GOING = "going", gettext_lazy("Going")
        WAITING = "waiting", gettext_lazy("On the waiting list")

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="attendances")
    member = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="event_attendances"
    )
    # The London date of the time this is for (a one-off event: its own date).
    occurs_on = models.DateField()
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.GOING)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["occurs_on", "created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["event", "member", "occurs_on"], name="one_attendance_per_date"
            )
        ]
        indexes = [
            models.Index(fields=["event", "occurs_on", "status"], name="attendance_date_status")
        ]

    def __str__(self):
        return (
            f"{self.member} {self.get_status_display().lower()}: {self.event} on {self.occurs_on}"
        )
