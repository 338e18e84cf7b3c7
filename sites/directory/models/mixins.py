"""Field groups shared by several directory page types."""

from django.db import models
from django.utils import timezone

from wagtail.admin.panels import FieldPanel, MultiFieldPanel

ACCESSIBILITY_FEATURES = [
    ("step_free_access", "Step-free access"),
    ("accessible_toilet", "Accessible toilet"),
    ("hearing_loop", "Hearing loop"),
    ("bsl", "British Sign Language"),
    ("quiet_space", "Quiet space"),
    ("parking", "Parking"),
]


class AccessibilityMixin(models.Model):
    step_free_access = models.BooleanField("step-free access", default=False)
    accessible_toilet = models.BooleanField(default=False)
    hearing_loop = models.BooleanField(default=False)
    bsl = models.BooleanField("British Sign Language (BSL)", default=False)
    quiet_space = models.BooleanField(default=False)
    parking = models.BooleanField(default=False)
    accessibility_notes = models.TextField(
        blank=True, help_text="Anything else: lifts, lighting, seating, assistance dogs."
    )

    accessibility_panels = [
        MultiFieldPanel(
            [FieldPanel(name) for name, _ in ACCESSIBILITY_FEATURES]
            + [FieldPanel("accessibility_notes")],
            heading="Accessibility",
        )
    ]

    class Meta:
        abstract = True

    @property
    def accessibility_features(self) -> list[tuple[str, str]]:
        return [(name, label) for name, label in ACCESSIBILITY_FEATURES if getattr(self, name)]


class FreshnessMixin(models.Model):
    """When a listing was last confirmed, and whether it is hidden for being stale."""

    last_checked_on = models.DateField(
        default=timezone.localdate,
        help_text="When someone last confirmed these details are right.",
    )
    stale_reminder_sent_on = models.DateField(null=True, blank=True, editable=False)
    hidden_as_stale = models.BooleanField(
        default=False,
        editable=False,
        help_text="Hidden from the public until someone confirms it is still right.",
    )

    freshness_panels = [FieldPanel("last_checked_on")]

    class Meta:
        abstract = True
