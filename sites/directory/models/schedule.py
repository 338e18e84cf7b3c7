"""When an activity happens, stored as recurrence rules (RFC 5545, as Open Referral uses).

Each ActivitySchedule row is one rule: weekly, fortnightly, the nth weekday of the
month, or a single date; each with a start and end time. ActivityClosure rows are
holiday exceptions that apply to every rule of the activity.
"""

import calendar
import datetime

from dateutil import rrule
from modelcluster.fields import ParentalKey

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from wagtail.admin.panels import FieldPanel, FieldRowPanel
from wagtail.models import Orderable

from sites.core.words import date_in_words, time_in_words  # re-exported: used across sites

WEEKDAYS = [
    (0, _("Monday")),
    (1, _("Tuesday")),
    (2, _("Wednesday")),
    (3, _("Thursday")),
    (4, _("Friday")),
    (5, _("Saturday")),
    (6, _("Sunday")),
]
RRULE_DAYS = ["MO", "TU", "WE", "TH", "FR", "SA", "SU"]
# "First Tuesday of the month": whole phrases, as word order differs between languages.
ORDINALS = {
    1: _("First %(day)s of the month"),
    2: _("Second %(day)s of the month"),
    3: _("Third %(day)s of the month"),
    4: _("Fourth %(day)s of the month"),
    -1: _("Last %(day)s of the month"),
}


class ActivitySchedule(Orderable):
    class Frequency(models.TextChoices):
        WEEKLY = "weekly", _("Every week")
        FORTNIGHTLY = "fortnightly", _("Every other week")
        MONTHLY = "monthly", _("Once a month, on the same weekday")
        ONCE = "once", _("One date only")

    activity = ParentalKey(
        "directory.ActivityPage", related_name="schedules", on_delete=models.CASCADE
    )
    frequency = models.CharField(max_length=12, choices=Frequency.choices, default=Frequency.WEEKLY)
    weekday = models.PositiveSmallIntegerField(choices=WEEKDAYS, null=True, blank=True)
    week_of_month = models.SmallIntegerField(
        choices=[
            (1, _("First")),
            (2, _("Second")),
            (3, _("Third")),
            (4, _("Fourth")),
            (-1, _("Last")),
        ],
        null=True,
        blank=True,
        help_text="For monthly: which one, e.g. the first Tuesday.",
    )
    starts_on = models.DateField(
        help_text="The first date it happens (for one date only: that date)."
    )
    ends_on = models.DateField(null=True, blank=True, help_text="Leave empty if it carries on.")
    start_time = models.TimeField()
    end_time = models.TimeField()

    panels = [
        FieldPanel("frequency"),
        FieldRowPanel([FieldPanel("weekday"), FieldPanel("week_of_month")]),
        FieldRowPanel([FieldPanel("starts_on"), FieldPanel("ends_on")]),
        FieldRowPanel([FieldPanel("start_time"), FieldPanel("end_time")]),
    ]

    class Meta(Orderable.Meta):
        verbose_name = "time"

    def clean(self):
        errors = {}
        if self.start_time and self.end_time and self.end_time <= self.start_time:
            errors["end_time"] = gettext("The end time must be after the start time.")
        if self.frequency != self.Frequency.ONCE and self.weekday is None:
            errors["weekday"] = gettext("Choose the day of the week.")
        if self.frequency == self.Frequency.MONTHLY and self.week_of_month is None:
            errors["week_of_month"] = gettext("Choose which one in the month, e.g. the first.")
        if self.ends_on and self.starts_on and self.ends_on < self.starts_on:
            errors["ends_on"] = gettext("The last date must not be before the first date.")
        if errors:
            raise ValidationError(errors)

    # --- Recurrence ----------------------------------------------------------------

    def _byweekday(self):
        day = getattr(rrule, RRULE_DAYS[self.weekday])
        if self.frequency == self.Frequency.MONTHLY:
            return day(self.week_of_month)
        return day

    def rule(self) -> rrule.rrule:
        start = datetime.datetime.combine(self.starts_on, self.start_time)
        until = datetime.datetime.combine(self.ends_on, self.end_time) if self.ends_on else None
        if self.frequency == self.Frequency.ONCE:
            return rrule.rrule(rrule.DAILY, dtstart=start, count=1)
        if self.frequency == self.Frequency.MONTHLY:
            return rrule.rrule(
                rrule.MONTHLY, dtstart=start, until=until, byweekday=self._byweekday()
            )
        interval = 2 if self.frequency == self.Frequency.FORTNIGHTLY else 1
        return rrule.rrule(
            rrule.WEEKLY, dtstart=start, until=until, interval=interval, byweekday=self._byweekday()
        )

    def moments_from(self, after: datetime.datetime):
        """The rule's start times from ``after`` on, as ``rule().xafter(after, inc=True)``
        gives them, by date arithmetic: building and stepping a dateutil rule was a
        quarter of what a page of search results spends describing them."""
        monthly = self.frequency == self.Frequency.MONTHLY
        if self.frequency != self.Frequency.ONCE and (
            self.weekday is None or monthly and self.week_of_month is None
        ):
            yield from self.rule().xafter(after, inc=True)  # not a valid schedule
            return
        at = self.start_time.replace(microsecond=0)  # as dateutil keeps it
        if self.frequency == self.Frequency.ONCE:
            moment = datetime.datetime.combine(self.starts_on, at)
            if moment >= after:
                yield moment
            return
        until = datetime.datetime.combine(self.ends_on, self.end_time) if self.ends_on else None
        lowest = max(self.starts_on, after.date())
        days = (
            _monthly_days(lowest, self.week_of_month, self.weekday)
            if monthly
            else _weekly_days(self.starts_on, lowest, self.weekday, self.frequency)
        )
        for day in days:
            moment = datetime.datetime.combine(day, at)
            if until is not None and moment > until:
                return
            if moment >= after:
                yield moment

    @property
    def rrule_parts(self) -> dict:
        """The rule as Open Referral's schedule fields (freq, interval, byday, ...)."""
        if self.frequency == self.Frequency.ONCE:
            return {"freq": "DAILY", "count": 1}
        if self.frequency == self.Frequency.MONTHLY:
            return {
                "freq": "MONTHLY",
                "interval": 1,
                "byday": f"{self.week_of_month}{RRULE_DAYS[self.weekday]}",
            }
        interval = 2 if self.frequency == self.Frequency.FORTNIGHTLY else 1
        return {"freq": "WEEKLY", "interval": interval, "byday": RRULE_DAYS[self.weekday]}

    @property
    def rrule_string(self) -> str:
        parts = self.rrule_parts
        text = f"FREQ={parts['freq']}"
        if "interval" in parts:
            text += f";INTERVAL={parts['interval']}"
        if "byday" in parts:
            text += f";BYDAY={parts['byday']}"
        if "count" in parts:
            text += f";COUNT={parts['count']}"
        if self.ends_on and self.frequency != self.Frequency.ONCE:
            text += f";UNTIL={self.ends_on:%Y%m%d}T235959"
        return text

    def occurrences_between(self, start: datetime.datetime, end: datetime.datetime):
        return self.rule().between(start, end, inc=True)

    @property
    def time_range_in_words(self) -> str:
        return gettext("%(start)s to %(end)s") % {
            "start": time_in_words(self.start_time),
            "end": time_in_words(self.end_time),
        }

    @property
    def in_words(self) -> str:
        """'Every Tuesday, 10am to 12 noon', 'First Tuesday of the month, ...'."""
        if self.frequency == self.Frequency.ONCE:
            when = gettext("On %(date)s") % {"date": date_in_words(self.starts_on)}
        else:
            day = dict(WEEKDAYS)[self.weekday]
            if self.frequency == self.Frequency.MONTHLY:
                when = ORDINALS[self.week_of_month] % {"day": day}
            elif self.frequency == self.Frequency.FORTNIGHTLY:
                when = gettext("Every other %(day)s") % {"day": day}
            else:
                when = gettext("Every %(day)s") % {"day": day}
        return gettext("%(when)s, %(time)s") % {"when": when, "time": self.time_range_in_words}

    @property
    def time_of_day(self) -> str:
        if self.start_time.hour < 12:
            return "morning"
        if self.start_time.hour < 17:
            return "afternoon"
        return "evening"


def _weekly_days(starts_on: datetime.date, lowest: datetime.date, weekday: int, frequency: str):
    """The rule's days from ``lowest`` on: its weeks are counted from the one (Monday to
    Sunday) that holds ``starts_on``, every week or every other."""
    step = 14 if frequency == ActivitySchedule.Frequency.FORTNIGHTLY else 7
    day = starts_on + datetime.timedelta(days=weekday - starts_on.weekday())
    if day < lowest:
        day += datetime.timedelta(days=-(-(lowest - day).days // step) * step)
    while True:
        yield day
        day += datetime.timedelta(days=step)


def _monthly_days(lowest: datetime.date, which: int, weekday: int):
    """The ``which`` (1 to 4, or -1 for the last) ``weekday`` of each month, from
    ``lowest`` on."""
    year, month = lowest.year, lowest.month
    while True:
        if which > 0:
            first = datetime.date(year, month, 1)
            day = first + datetime.timedelta(days=(weekday - first.weekday()) % 7 + 7 * (which - 1))
        else:
            last = datetime.date(year, month, calendar.monthrange(year, month)[1])
            day = last - datetime.timedelta(days=(last.weekday() - weekday) % 7)
        if day >= lowest:
            yield day
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)


class ActivityClosure(Orderable):
    """Dates an activity does not happen, e.g. over Christmas. Applies to every time."""

    activity = ParentalKey(
        "directory.ActivityPage", related_name="closures", on_delete=models.CASCADE
    )
    starts_on = models.DateField()
    ends_on = models.DateField(null=True, blank=True, help_text="Leave empty for a single day.")
    reason = models.CharField(max_length=100, blank=True, help_text="e.g. 'Christmas break'")

    panels = [FieldRowPanel([FieldPanel("starts_on"), FieldPanel("ends_on")]), FieldPanel("reason")]

    class Meta(Orderable.Meta):
        verbose_name = "closure"

    def clean(self):
        if self.ends_on and self.starts_on and self.ends_on < self.starts_on:
            raise ValidationError(
                {"ends_on": gettext("The last day must not be before the first day.")}
            )

    def covers(self, day: datetime.date) -> bool:
        return self.starts_on <= day <= (self.ends_on or self.starts_on)


def next_occurrences(
    schedules, closures, after: datetime.datetime, count: int = 3, horizon_days: int = 400
):
    """The next ``count`` start times across all rules, skipping closures."""
    window_end = after + datetime.timedelta(days=horizon_days)
    found = []
    for schedule in schedules:
        # Each rule only as far as its own first ``count`` open times (a search result
        # asks for one), not every time in the window.
        taken = 0
        for moment in schedule.moments_from(after):
            if moment > window_end or taken == count:
                break
            if not any(closure.covers(moment.date()) for closure in closures):
                found.append((moment, schedule))
                taken += 1
    found.sort(key=lambda item: item[0])
    return found[:count]
