from django.db import models
from django.utils.translation import gettext_lazy as _


class ListingReport(models.Model):
    """'Report a problem with this listing', from any visitor, for Editors."""

    class Reason(models.TextChoices):
        WRONG_DETAILS = "wrong-details", _("Some details are wrong")
        NOT_RUNNING = "not-running", _("It does not run any more")
        ACCESS = "access", _("The accessibility information is wrong")
        WORRYING = "worrying", _("Something about it worries me")
        OTHER = "other", _("Something else")

    class Status(models.TextChoices):
        OPEN = "open", "Open"
        RESOLVED = "resolved", "Resolved"

    # What is reported: a listing page, or an event (events are the community's, but a
    # problem with one is the same kind of problem, for the same Editors).
    page = models.ForeignKey(
        "wagtailcore.Page", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    event = models.ForeignKey(
        "community.Event", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    reason = models.CharField(max_length=20, choices=Reason.choices)
    details = models.TextField(max_length=2000, blank=True)
    reporter_email = models.EmailField(blank=True, help_text="Only if the person wants a reply.")
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.OPEN)
    created_at = models.DateTimeField(auto_now_add=True)
    resolved_at = models.DateTimeField(null=True, blank=True)
    resolved_by = models.ForeignKey(
        "auth.User", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["status", "created_at"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(page__isnull=True) ^ models.Q(event__isnull=True),
                name="listing_report_page_or_event",
            )
        ]

    def __str__(self):
        return f"{self.get_reason_display()}: {self.listing.title}"

    @property
    def is_safeguarding_concern(self) -> bool:
        """'Something about it worries me': it may be about someone's safety."""
        return self.reason == self.Reason.WORRYING

    @property
    def listing(self):
        """The page (as its own type) or the event reported."""
        return self.page.specific if self.page_id else self.event
