"""What the impact report keeps of its own: a count of site visitors per day, each closed
quarter's figures as first read (and the audit of refreezing them), and the permission to
see the report."""

from django.conf import settings
from django.db import models


class DailyVisitors(models.Model):
    """How many different visitors the borough's public pages had on one day.

    Only the number: the day's salted hashes that made it countable lived in Redis and
    are deleted when the day is closed (``impact.visitors.close_days``)."""

    day = models.DateField(unique=True)
    visitors = models.PositiveIntegerField()

    class Meta:
        ordering = ["day"]
        verbose_name_plural = "daily visitors"

    def __str__(self):
        return f"{self.day:%d %b %Y}: {self.visitors}"


class ImpactReport(models.Model):
    """No table: only holds the permission "can see the impact report" (team leads and
    Borough admins; never coaches or editors), which groups are given like any other."""

    class Meta:
        managed = False
        default_permissions = ()
        permissions = [("view_impact_report", "Can see the Community Connecting impact report")]

    def __str__(self):
        return "Impact report"


class FrozenQuarter(models.Model):
    """One closed quarter's report figures, kept the first time the quarter is read, so
    every later reading shows the same (``impact.frozen``).

    ``figures`` holds only what the report shows (``impact.shown.shown_figures``): counts
    rounded and small ones hidden, means and percentages already worked out. Nothing in it
    is about one person, so erasing or anonymising someone leaves it as it is."""

    year = models.PositiveSmallIntegerField()
    quarter = models.PositiveSmallIntegerField()
    figures = models.JSONField()
    first_frozen_at = models.DateTimeField()
    frozen_at = models.DateTimeField()  # the latest freezing: the first, or a refreeze
    times_frozen = models.PositiveSmallIntegerField(default=1)

    class Meta:
        ordering = ["-year", "-quarter"]
        # No model permissions: it is read through the report, refrozen by team leads
        # (``access.is_team_lead``), and never edited by hand.
        default_permissions = ()
        constraints = [
            models.UniqueConstraint(fields=["year", "quarter"], name="one_frozen_report_a_quarter"),
            models.CheckConstraint(
                condition=models.Q(quarter__gte=1, quarter__lte=4), name="frozen_quarter_1_to_4"
            ),
        ]

    def __str__(self):
        return f"{self.year}-Q{self.quarter}, frozen {self.frozen_at:%d %b %Y}"


class QuarterRefrozen(models.Model):
    """The audit of refreezes: which quarter, when, who and why (a team lead's words)."""

    year = models.PositiveSmallIntegerField()
    quarter = models.PositiveSmallIntegerField()
    at = models.DateTimeField(db_index=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # Kept as written, so the entry still says who after the account is gone.
    username = models.CharField(max_length=150)
    reason = models.CharField(max_length=500)

    class Meta:
        ordering = ["-at", "-pk"]
        verbose_name_plural = "quarters refrozen"
        # No model permissions: nobody edits the audit, and a reason may name a correction
        # (so not every permission a Borough admin holds by default).
        default_permissions = ()

    def __str__(self):
        return f"{self.year}-Q{self.quarter} refrozen by {self.username}"
