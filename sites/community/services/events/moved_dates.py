"""Dates that move: when an edit changes when an event happens, answers on dates it no
longer happens on go, and the people going or waiting on a date whose time changed are
told the new time (one email each)."""

import datetime
from dataclasses import dataclass, field

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from sites.community.events.recurrence import Occurrence, occurrence_on, when_in_words
from sites.community.models import Event, EventAttendance
from sites.directory.models.schedule import date_in_words

from ..language import in_language_of
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
    if len(names) == 1:
        return names[0]
    return _("%(first)s and %(last)s") % {"first": ", ".join(names[:-1]), "last": names[-1]}


def email_moved_dates(event: Event, changes: dict, borough) -> None:
    """One email to each member whose dates were removed, or whose time moved."""
    for member, change in changes.items():
        with in_language_of(member):
            _email_moved_dates(event, member, change, borough)


def _email_moved_dates(event: Event, member, change, borough) -> None:
    words = {"title": event.title, "when": when_in_words(event)}
    lines = [_("“%(title)s” has changed. It is now: %(when)s.") % words]
    if change.removed:
        dates = _days_in_words(change.removed)
        lines.append(
            ngettext(
                "It no longer happens on %(dates)s. You said you were going, or were on the "
                "waiting list, so we have taken your name off that date.",
                "It no longer happens on %(dates)s. You said you were going, or were on the "
                "waiting list, so we have taken your name off those dates.",
                len(change.removed),
            )
            % {"dates": dates}
        )
    for was, new, going in change.retimed:
        still = _("You are still going.") if going else _("You are still on the waiting list.")
        moved = {
            "day": was.date_in_words,
            "now": new.time_range_in_words,
            "was": was.time_range_in_words,
        }
        lines.append(_("On %(day)s it is now %(now)s (it was %(was)s).") % moved + f" {still}")
    if change.removed:
        lines.append(
            _("If you would still like to go, please choose a new date on the event's page:")
            + f"\n{event_link(borough, event)}"
        )
    else:
        lines.append(
            _(
                "If you cannot go at the new time, please say so on the event's page, so "
                "someone else can have your place or move up the waiting list:"
            )
            + f"\n{event_link(borough, event)}"
        )
    if change.removed:
        subject = _("Dates changed: %(title)s") % words
    else:
        subject = _("New time: %(title)s") % words
    email_member(
        borough,
        member,
        subject,
        "\n\n".join(lines),
        why=_("you said you were going to this event, or joined its waiting list"),
    )
