"""Places on an event's dates: a member's answer on each date, their place on a waiting
list, and which dates may still be booked. Reads only: "I'm going" and the waiting list's
writes are in services/events/attendance.py.

A member says "I'm going" to one date of an event (``EventAttendance.occurs_on``, the
London date of that time). The limit, the waiting list and promotion are per date.
"""

import datetime
from dataclasses import dataclass

from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from sites.community.models import Event, EventAttendance
from sites.directory.models.schedule import date_in_words

from .errors import AttendanceError
from .recurrence import HORIZON, Occurrence, occurrence_on

GOING = EventAttendance.Status.GOING
WAITING = EventAttendance.Status.WAITING


@dataclass
class Answer:
    """A member's place on one date of an event: going, or waiting (with their position)."""

    attendance: EventAttendance
    position: int | None = None  # 1 = first on that date's waiting list

    @property
    def is_going(self) -> bool:
        return self.attendance.status == GOING


def bookable_occurrence(
    event: Event, day: datetime.date, now: datetime.datetime | None = None
) -> Occurrence:
    """The time ``event`` happens on ``day``, if people may still say they are going to it.

    Raises AttendanceError, in plain words, for a date the event does not happen on, a
    date that has passed (or whose time has finished), or one too far ahead to check.
    """
    now = now or timezone.now()
    today = timezone.localdate(now)
    first = max(today, timezone.localdate(event.starts_at))
    if not isinstance(day, datetime.date) or day > first + HORIZON:
        raise AttendanceError(_("Please choose one of the dates shown on the event's page."))
    when = f"{date_in_words(day)} {day.year}"
    if day < today:  # before working out its times: a day near the year 1 has none
        raise AttendanceError(
            _("%(when)s has passed. Please choose a date still to come.") % {"when": when}
        )
    occurrence = occurrence_on(event, day)
    if occurrence is None:
        raise AttendanceError(
            _(
                "%(title)s does not happen on %(when)s. "
                "Please choose one of the dates shown on its page."
            )
            % {"title": event.title, "when": when}
        )
    if occurrence.ends_at <= now:
        raise AttendanceError(
            _("%(when)s has passed. Please choose a date still to come.") % {"when": when}
        )
    return occurrence


def attendances_of(user, event: Event) -> dict[datetime.date, Answer]:
    """The member's answers for each date of ``event``, by date."""
    if not getattr(user, "is_authenticated", False):
        return {}
    return {
        attendance.occurs_on: Answer(attendance, waiting_position(attendance))
        for attendance in EventAttendance.objects.filter(event=event, member=user)
    }


def attendance_of(user, event: Event, day: datetime.date) -> Answer | None:
    """The member's answer for one date of ``event``, or None."""
    return attendances_of(user, event).get(day)


def waiting_position(attendance: EventAttendance) -> int | None:
    """1 for the first person waiting on that date; None when going."""
    if attendance.status != WAITING:
        return None
    earlier = Q(created_at__lt=attendance.created_at) | Q(
        created_at=attendance.created_at, pk__lt=attendance.pk
    )
    ahead = EventAttendance.objects.filter(
        earlier, event_id=attendance.event_id, occurs_on=attendance.occurs_on, status=WAITING
    )
    return ahead.count() + 1
