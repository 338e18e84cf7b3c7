""" "I'm going" and the waiting list: the writes. The event's row is locked
(``select_for_update``) around every change to its places, so two cancellations, or a
cancellation and a new "I'm going", can never give out more places than there are. What
a member's answer is, and which dates may be booked, is read in events/places.py.
"""

import datetime

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from sites.community.events.errors import AttendanceError
from sites.community.events.permissions import why_cannot_rsvp
from sites.community.events.places import Answer, bookable_occurrence, waiting_position
from sites.community.events.recurrence import is_finished, occurrence_on
from sites.community.models import Event, EventAttendance
from sites.core.ratelimit import limit
from sites.directory.models.schedule import date_in_words

from ..language import in_language_of
from .emails import email_member, event_link, where_in_words

GOING = EventAttendance.Status.GOING
WAITING = EventAttendance.Status.WAITING
PUBLISHED = Event.Status.PUBLISHED


def rsvp(user, event: Event, day: datetime.date) -> Answer:
    """'I'm going' on ``day``: a place if that date has one, else the end of its waiting
    list.

    Saying it twice changes nothing. Raises AttendanceError (not allowed, or a date the
    event does not happen on or that has passed) or RateLimited.
    """
    problem = why_cannot_rsvp(user, event)
    if problem:
        raise AttendanceError(problem)
    bookable_occurrence(event, day)
    limit("rsvp", user.pk)
    with transaction.atomic():
        locked = Event.objects.select_for_update().get(pk=event.pk)
        on_day = EventAttendance.objects.filter(event=locked, occurs_on=day)
        attendance = on_day.filter(member=user).first()
        if attendance is None:
            going = on_day.filter(status=GOING).count()
            full = locked.capacity is not None and going >= locked.capacity
            attendance = EventAttendance.objects.create(
                event=locked, member=user, occurs_on=day, status=WAITING if full else GOING
            )
    return Answer(attendance, waiting_position(attendance))


def cancel_rsvp(user, event: Event, day: datetime.date, *, borough=None) -> list[EventAttendance]:
    """'I can't go now' on ``day`` (or leave that date's waiting list). Returns who got
    the place."""
    with transaction.atomic():
        locked = Event.objects.select_for_update().get(pk=event.pk)
        deleted, _ = EventAttendance.objects.filter(
            event=locked, member=user, occurs_on=day
        ).delete()
        promoted = _promote_locked(locked, day) if deleted else []
    email_promoted(locked, promoted, borough)
    return promoted


def promote_waiting_list(
    event: Event, day: datetime.date | None = None, *, borough=None
) -> list[EventAttendance]:
    """Give any free places on ``day`` (or on every date still to come, when None) to the
    people waiting longest for that date, and email them.

    Safe to call at any time, from anywhere (for example after a member's account is
    erased): it locks the event, counts the places again, and gives out no more than
    are free. Returns the attendances that moved from waiting to going.
    """
    with transaction.atomic():
        locked = Event.objects.select_for_update().get(pk=event.pk)
        if day is None:
            promoted = promote_every_date_locked(locked)
        else:
            promoted = _promote_locked(locked, day)
    email_promoted(locked, promoted, borough)
    return promoted


def promote_every_date_locked(event: Event) -> list[EventAttendance]:
    """Inside a transaction that holds the event's row lock: each date people wait for."""
    days = (
        EventAttendance.objects.filter(event=event, status=WAITING)
        .order_by("occurs_on")
        .values_list("occurs_on", flat=True)
        .distinct()
    )
    promoted = []
    for day in days:
        promoted += _promote_locked(event, day)
    return promoted


def _promote_locked(event: Event, day: datetime.date) -> list[EventAttendance]:
    """Inside a transaction that holds the event's row lock: one date."""
    if event.status != PUBLISHED or is_finished(event):
        return []
    occurrence = occurrence_on(event, day)
    if occurrence is None or occurrence.ends_at <= timezone.now():
        return []
    on_day = EventAttendance.objects.filter(event=event, occurs_on=day)
    waiting = (
        on_day.select_for_update()
        .filter(status=WAITING)
        .select_related("member")
        .order_by("created_at", "pk")
    )
    if event.capacity is not None:
        free = event.capacity - on_day.filter(status=GOING).count()
        if free <= 0:
            return []
        waiting = waiting[:free]
    promoted = list(waiting)
    if promoted:
        EventAttendance.objects.filter(pk__in=[a.pk for a in promoted]).update(status=GOING)
        for attendance in promoted:
            attendance.status = GOING
    return promoted


def email_promoted(event: Event, promoted: list[EventAttendance], borough) -> None:
    for attendance in promoted:
        with in_language_of(attendance.member):
            _email_promoted(event, attendance, borough)


def _email_promoted(event: Event, attendance: EventAttendance, borough) -> None:
    occurrence = occurrence_on(event, attendance.occurs_on)
    day = date_in_words(attendance.occurs_on)
    when = f"{day} {attendance.occurs_on.year}"
    if occurrence is not None:
        when += f", {occurrence.time_range_in_words}"
    words = {"title": event.title, "day": day, "when": when, "where": where_in_words(event)}
    email_member(
        borough,
        attendance.member,
        _("You have a place: %(title)s on %(day)s") % words,
        _(
            "Good news: a place has come up at “%(title)s” on %(day)s, and it is "
            "yours. You were on the waiting list for that date, and now you are going."
        )
        % words
        + "\n\n"
        + _("When: %(when)s") % words
        + "\n"
        + _("Where: %(where)s") % words
        + "\n\n"
        + _(
            "If you cannot go any more, please let us know on the event's page, so the "
            "next person can have your place:"
        )
        + f"\n{event_link(borough, event)}",
        why=_("you joined the waiting list for this event"),
    )
