from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy


class SafeguardingCase(models.Model):
    """A concern that someone may be at risk of harm, followed through to an outcome.

    Opened from a report flagged as a safeguarding concern (by the member who reported,
    or later by a moderator), or from a visitor's listing report "Something about it
    worries me" (``listing_report``; then ``member`` is empty: nobody is accused).
    Separate from the report: deciding about the post ("Keep the post") closes the report,
    never the case. A case closes only with an outcome, the reason for "no action needed",
    and who closed it (``services/safeguarding.py``).
    """

    class Status(models.TextChoices):
        OPEN = "open", gettext_lazy("Open")
        CLOSED = "closed", gettext_lazy("Closed")

    class Outcome(models.TextChoices):
        WELFARE_CHECK = "welfare-check", gettext_lazy("Welfare check made")
        EMERGENCY = "emergency", gettext_lazy("Emergency services called")
        REFERRED = "referred", gettext_lazy("Referred to Community Connecting")
        OTHER_AGENCY = "other-agency", gettext_lazy("Passed to another agency")
        NO_ACTION = "no-action", gettext_lazy("No action needed")

    # SET_NULL: the case outlives its report (and ``summary_facts`` keep what was reported).
    report = models.OneToOneField(
        "community.Report",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="safeguarding_case",
    )
    listing_report = models.OneToOneField(
        "directory.ListingReport",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="safeguarding_case",
    )
    # Kept on the case: the listing (or its report) may be deleted while the case is open.
    listing_title = models.CharField(max_length=255, blank=True)
    member = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="safeguarding_cases",
    )
    opened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    opened_at = models.DateTimeField(default=timezone.now)
    # What was reported, as facts written in each reader's language when shown
    # (services/case_summary.py); ``summary`` is the English text of cases opened before.
    summary_facts = models.JSONField(default=list, blank=True)
    summary = models.TextField(blank=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.OPEN)
    outcome = models.CharField(max_length=15, choices=Outcome.choices, blank=True)
    outcome_reason = models.TextField(max_length=2000, blank=True)
    notes = models.TextField(max_length=4000, blank=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    closed_at = models.DateTimeField(null=True, blank=True)
    # Set once, when the case was escalated for being left unacted.
    escalated_at = models.DateTimeField(null=True, blank=True)
    # Who the escalation reached (lower case), so a run that failed for some readers
    # tries only those next time (services/safeguarding.py: escalate_overdue_cases).
    escalated_to = models.JSONField(default=list, blank=True)

    class Meta:
        ordering = ["opened_at", "pk"]

    def __str__(self):
        return f"Safeguarding case {self.pk} ({self.get_status_display()})"

    @property
    def is_open(self) -> bool:
        return self.status == self.Status.OPEN

    @property
    def is_about_listing(self) -> bool:
        """Opened from a listing or event report: about a listing, not a member (even once
        the listing or its report is deleted: the title is kept)."""
        return bool(self.listing_title)
