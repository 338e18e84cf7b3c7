"""What the impact report keeps of its own: a count of site visitors per day, and the
permission to see the report."""

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
