from django.conf import settings
from django.db import models
from django.utils import timezone

from wagtail.admin.panels import FieldPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting


class Report(models.Model):
    """'Report this post' or 'Report this member'. Safeguarding reports jump the queue."""

    class Reason(models.TextChoices):
        UNKIND = "unkind", "It is unkind or bullying"
        SPAM = "spam", "It is spam or advertising"
        PERSONAL_DETAILS = "personal", "It shares someone's personal details"
        SAFETY = "safety", "Someone may be at risk of harm"
        OTHER = "other", "Something else"

    class Status(models.TextChoices):
        OPEN = "open", "Open"
        CLOSED = "closed", "Dealt with"

    reporter = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    post = models.ForeignKey(
        "community.Post", null=True, blank=True, on_delete=models.CASCADE, related_name="reports"
    )
    # SET_NULL: a report outlives an erased account (shown as "deleted member"), so a
    # safeguarding concern is never lost because the member it was about left.
    reported_member = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="reports_about",
    )
    reason = models.CharField(max_length=10, choices=Reason.choices)
    details = models.TextField(max_length=2000, blank=True)
    is_safeguarding = models.BooleanField(default=False)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.OPEN)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-is_safeguarding", "created_at"]

    def __str__(self):
        return f"{self.get_reason_display()} ({self.get_status_display()})"


class ModerationAction(models.Model):
    """The audit log: every moderation decision, who made it and when. Never edited."""

    class Action(models.TextChoices):
        APPROVE = "approve", "Approved"
        REJECT = "reject", "Rejected"
        HIDE = "hide", "Hidden"
        WARN = "warn", "Warned the member"
        SUSPEND = "suspend", "Suspended the member"
        UNSUSPEND = "unsuspend", "Lifted a suspension"
        TRUST = "trust", "Trusted the member"
        DISMISS = "dismiss", "Dismissed a report"
        APPROVE_GROUP = "approve-group", "Approved a group"
        DECLINE_GROUP = "decline-group", "Declined a group"

    moderator = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    action = models.CharField(max_length=15, choices=Action.choices)
    post = models.ForeignKey(
        "community.Post", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    member = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    report = models.ForeignKey(
        Report, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    group = models.ForeignKey(
        "community.CommunityGroup",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    # SET_NULL: the log outlives the event (its note keeps the event's title).
    event = models.ForeignKey(
        "community.Event",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    note = models.TextField(blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self):
        when = f"{self.created_at:%Y-%m-%d %H:%M}"
        return f"{self.get_action_display()} by {self.moderator} at {when}"


@register_setting(icon="warning")
class CommunitySettings(BaseSiteSetting):
    class ErasurePolicy(models.TextChoices):
        ANONYMISE = "anonymise", "Keep their posts, shown as 'deleted member'"
        REMOVE = "remove", "Remove their posts"

    premoderate_everyone = models.BooleanField(
        default=False, help_text="Hold every post for a moderator, even from trusted members."
    )
    safeguarding_email = models.EmailField(
        blank=True, help_text="Reports about someone's safety are emailed here at once."
    )
    erasure_policy = models.CharField(
        max_length=10, choices=ErasurePolicy.choices, default=ErasurePolicy.ANONYMISE
    )

    panels = [
        FieldPanel("premoderate_everyone"),
        FieldPanel("safeguarding_email"),
        FieldPanel("erasure_policy"),
    ]

    class Meta:
        verbose_name = "Community"
