"""'I'm going' belongs to one date of an event: EventAttendance.occurs_on.

Existing answers were for the whole series; each gets its event's next date (or, for an
event that has finished, its first date), worked out on the London wall clock. The rule
is written out here rather than imported, so this migration keeps meaning what it meant
whatever ``events/recurrence.py`` becomes.
"""

import datetime
from zoneinfo import ZoneInfo

from dateutil import rrule

from django.db import migrations, models
from django.utils import timezone

LONDON = ZoneInfo("Europe/London")


def _local(value):
    return timezone.localtime(value, LONDON).replace(tzinfo=None)


def occurrence_date(event, now):
    """The London date of the event's next time that has not finished by ``now``, or of
    its first time if none is left."""
    start, end = _local(event.starts_at), _local(event.ends_at)
    if event.repeat == "never":
        return start.date()
    weekday = rrule.weekday(start.weekday())
    until = None
    if event.repeat_until:
        until = datetime.datetime.combine(event.repeat_until, datetime.time.max)
    if event.repeat == "monthly":
        nth = (start.day - 1) // 7 + 1
        rule = rrule.rrule(
            rrule.MONTHLY, dtstart=start, until=until, byweekday=weekday(nth if nth <= 4 else -1)
        )
    else:
        interval = 2 if event.repeat == "fortnightly" else 1
        rule = rrule.rrule(
            rrule.WEEKLY, dtstart=start, until=until, interval=interval, byweekday=weekday
        )
    # The first time that ends after now: starts after (now - its length).
    upcoming = rule.after(_local(now) - (end - start))
    return (upcoming or start).date()


def fill_dates(apps, schema_editor):
    Event = apps.get_model("community", "Event")
    EventAttendance = apps.get_model("community", "EventAttendance")
    now = timezone.now()
    for event in Event.objects.filter(attendances__isnull=False).distinct():
        EventAttendance.objects.filter(event=event).update(
            occurs_on=occurrence_date(event, now)
        )


class Migration(migrations.Migration):
    dependencies = [
        ("community", "0004_moderationaction_event"),
    ]

    operations = [
        migrations.AddField(
            model_name="eventattendance",
            name="occurs_on",
            field=models.DateField(null=True),
        ),
        migrations.RunPython(fill_dates, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="eventattendance",
            name="occurs_on",
            field=models.DateField(),
        ),
        migrations.RemoveConstraint(
            model_name="eventattendance",
            name="one_attendance_per_event",
        ),
        migrations.AlterModelOptions(
            name="eventattendance",
            options={"ordering": ["occurs_on", "created_at"]},
        ),
        migrations.AddConstraint(
            model_name="eventattendance",
            constraint=models.UniqueConstraint(
                fields=("event", "member", "occurs_on"), name="one_attendance_per_date"
            ),
        ),
        migrations.AddIndex(
            model_name="eventattendance",
            index=models.Index(
                fields=["event", "occurs_on", "status"], name="attendance_date_status"
            ),
        ),
    ]
