"""Dates that move: when an edit changes when an event happens, answers on dates it no
longer happens on go, and the people going or waiting on a date whose time changed are
told the new time (one email each)."""

import datetime
from dataclasses import dataclass, field

from django.utils import timezone

from sites.community.events.recurrence import Occurrence, occurrence_on, when_in_words
from sites.community.models import Event, EventAttendance
from sites.directory.models.schedule import date_in_words

from .emails import email_member, event_link

GOING = EventAttendance.Status.GOING


@dataclass
class DateChanges:
    """What an edit did to one member's answers on dates still to come."""

    removed: list[datetime.date] = field(default_factory=list)  # it no longer happens then
    # (was, now, still going?): people waiting are told too, to decide whether to stay.
    retimed: list[tuple[Occurrence, Occurrence, bool]] = field(default_factory=list)


def schedule_of(event: Event) -> Event:
    """An unsaved copy of when ``event`` happens, to compare with after an edit."""
    return Event(
        starts_at=event.starts_at,
        ends_at=event.ends_at,
        repeat=event.repeat,
        repeat_until=event.repeat_until,
    )


def settle_moved_dates(before: Event, event: Event) -> dict:
    """Inside the edit's transaction, after the event is saved with its new times.

    Answers (going or waiting) on dates still to come that ``event`` no longer happens
    on are deleted; answers on dates whose time of day changed stay (the same
    ``occurs_on``) and the people going or waiting are told the new time. Dates whose time
    has finished are left alone. Returns ``{member: DateChanges}``.
    """
    now = timezone.now()
    answers = (
        EventAttendance.objects.filter(event=event, occurs_on__gte=timezone.localdate(now))
        .select_related("member__member_profile")
        .order_by("member_id", "occurs_on")
    )
    was_on: dict = {}
    now_on: dict = {}
    removed_pks = []
    changes: dict = {}
    for attendance in answers:
        day = attendance.occurs_on
        if day not in was_on:
            was_on[day] = occurrence_on(before, day)
            now_on[day] = occurrence_on(event, day)
        was, new = was_on[day], now_on[day]
        if was is not None and was.ends_at <= now:
            continue  # its time has passed: the answer is history
        if new is None:
            removed_pks.append(attendance.pk)
            changes.setdefault(attendance.member, DateChanges()).removed.append(day)
        elif was is not None and (was.starts_at, was.ends_at) != (new.starts_at, new.ends_at):
            changes.setdefault(attendance.member, DateChanges()).retimed.append(
                (was, new, attendance.status == GOING)
            )
    if removed_pks:
        EventAttendance.objects.filter(pk__in=removed_pks).delete()
    return changes


def _days_in_words(days: list[datetime.date]) -> str:
    """'Tuesday 1 December, Tuesday 8 December and Tuesday 15 December'."""
    names = [date_in_words(day) for day in days]
    return names[0] if len(names) == 1 else f"{', '.join(names[:-1])} and {names[-1]}"


def email_moved_dates(event: Event, changes: dict, borough) -> None:
    """One email to each member whose dates were removed, or whose time moved."""
    for member, change in changes.items():
        lines = [f"“{event.title}” has changed. It is now: {when_in_words(event)}."]
        if change.removed:
            dates = _days_in_words(change.removed)
            them = "that date" if len(change.removed) == 1 else "those dates"
            lines.append(
                f"It no longer happens on {dates}. You said you were going, or were on the "
                f"waiting list, so we have taken your name off {them}."
            )
        for was, new, going in change.retimed:
            still = "You are still going." if going else "You are still on the waiting list."
            lines.append(
                f"On {was.date_in_words} it is now {new.time_range_in_words} "
                f"(it was {was.time_range_in_words}). {still}"
            )
        if change.removed:
            lines.append(
                f"If you would still like to go, please choose a new date on the event's "
                f"page:\n{event_link(borough, event)}"
            )
        else:
            lines.append(
                "If you cannot go at the new time, please say so on the event's page, so "
                f"someone else can have your place or move up the waiting list:\n"
                f"{event_link(borough, event)}"
            )
        subject = f"{'Dates changed' if change.removed else 'New time'}: {event.title}"
        email_member(
            borough,
            member,
            subject,
            "\n\n".join(lines),
            why="you said you were going to this event, or joined its waiting list",
        )
