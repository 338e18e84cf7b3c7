from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy

from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting


class Report(models.Model):
    """'Report this post' or 'Report this member'. Safeguarding reports jump the queue."""

    class Reason(models.TextChoices):
        UNKIND = "unkind", gettext_lazy("It is unkind or bullying")
        SPAM = "spam", gettext_lazy("It is spam or advertising")
        PERSONAL_DETAILS = "personal", gettext_lazy("It shares someone's personal details")
        SAFETY = "safety", gettext_lazy("Someone may be at risk of harm")
        OTHER = "other", gettext_lazy("Something else")

    class Status(models.TextChoices):
        OPEN = "open", gettext_lazy("Open")
        CLOSED = "closed", gettext_lazy("Dealt with")

    reporter = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    post = models.ForeignKey(
        "community.Post", null=True, blank=True, on_delete=models.CASCADE, related_name="reports"
    )
    # SET_NULL: the report outlives the message (a safeguarding case keeps its words).
    message = models.ForeignKey(
        "community.Message",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="reports",
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
        APPROVE = "approve", gettext_lazy("Approved")
        REJECT = "reject", gettext_lazy("Rejected")
        HIDE = "hide", gettext_lazy("Hidden")
        WARN = "warn", gettext_lazy("Warned the member")
        SUSPEND = "suspend", gettext_lazy("Suspended the member")
        UNSUSPEND = "unsuspend", gettext_lazy("Lifted a suspension")
        TRUST = "trust", gettext_lazy("Trusted the member")
        DISMISS = "dismiss", gettext_lazy("Dismissed a report")
        APPROVE_GROUP = "approve-group", gettext_lazy("Approved a group")
        DECLINE_GROUP = "decline-group", gettext_lazy("Declined a group")
        OPEN_CASE = "open-case", gettext_lazy("Opened a safeguarding case")
        CLOSE_CASE = "close-case", gettext_lazy("Closed a safeguarding case")
        ESCALATE_CASE = "escalate-case", gettext_lazy("Escalated a safeguarding case")
        READ_MESSAGES = "read-messages", gettext_lazy("Opened a reported private conversation")

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
    case = models.ForeignKey(
        "community.SafeguardingCase",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="actions",
    )
    message = models.ForeignKey(
        "community.Message",
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
        ANONYMISE = "anonymise", gettext_lazy("Keep their posts, shown as 'deleted member'")
        REMOVE = "remove", gettext_lazy("Remove their posts")

    premoderate_everyone = models.BooleanField(
        default=False,
        help_text=gettext_lazy("Hold every post for a moderator, even from trusted members."),
    )
    # The borough's designated safeguarding lead. Without an email, case emails go to
    # the Borough admins (and the dashboard says so); see docs/safeguarding.md.
    safeguarding_lead_name = models.CharField("Lead's name", max_length=100, blank=True)
    safeguarding_email = models.EmailField(
        gettext_lazy("Lead's email"),
        blank=True,
        help_text=gettext_lazy("New safeguarding cases are emailed here at once."),
    )
    safeguarding_lead_phone = models.CharField("Lead's phone", max_length=30, blank=True)
    safeguarding_escalate_after_hours = models.PositiveSmallIntegerField(
        gettext_lazy("Escalate after (hours)"),
        default=4,
        validators=[MinValueValidator(1), MaxValueValidator(168)],
        help_text=gettext_lazy(
            "A case nobody has closed by then is emailed to the lead and the Borough admins again."
        ),
    )
    erasure_policy = models.CharField(
        max_length=10, choices=ErasurePolicy.choices, default=ErasurePolicy.ANONYMISE
    )
    messaging_enabled = models.BooleanField(
        gettext_lazy("Private messages between members"),
        default=True,
        help_text=gettext_lazy(
            "Untick to switch private messages off: their pages and links disappear."
        ),
    )

    panels = [
        FieldPanel("premoderate_everyone"),
        MultiFieldPanel(
            [
                FieldPanel("safeguarding_lead_name"),
                FieldPanel("safeguarding_email"),
                FieldPanel("safeguarding_lead_phone"),
                FieldPanel("safeguarding_escalate_after_hours"),
            ],
            heading=gettext_lazy("Safeguarding lead"),
        ),
        FieldPanel("erasure_policy"),
        FieldPanel("messaging_enabled"),
    ]

    class Meta:
        verbose_name = gettext_lazy("Community")
