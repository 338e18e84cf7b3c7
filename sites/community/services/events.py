"""Events: who may post them, holding for moderators, editing and cancelling, "I'm going"
with an optional limit and a waiting list, and emails about new events in my groups.

Who may post an event, and as whom (a ``Host``):

- Editors (and Borough admins, superusers): for the borough's team, or as any
  organisation they manage or group they organise;
- organisation managers (``grant_organisation_access``): as their organisations;
- organisers of an approved group: as that group.

Events by Editors, moderators and organisation managers appear at once. Other posters'
events follow the discussions' rule (``moderation.new_post_status``): held for a
moderator until the member is trusted, or always when the borough pre-moderates
everyone. Editing an event by such a member holds it again.

"I'm going" is for members who may post (signed in, email confirmed, not paused), and is
for one date of an event (a weekly coffee morning: this Tuesday, not every Tuesday). The
limit is per date: when a date is full, new people join that date's waiting list. When
someone cancels, ``promote_waiting_list`` gives the free places on that date to the
people waiting longest for it and emails them, naming the date. The event's row is
locked (``select_for_update``) around every change to its places, so two cancellations,
or a cancellation and a new "I'm going", can never give out more places than there are.
"""

import datetime
import logging
from dataclasses import dataclass, field

from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.text import slugify

from sites.community.events.recurrence import (
    HORIZON,
    Occurrence,
    is_finished,
    last_end,
    next_occurrence,
    occurrence_on,
    occurrences,
    when_in_words,
)
from sites.community.models import (
    CommunityGroup,
    Event,
    EventAttendance,
    GroupMembership,
    ModerationAction,
)
from sites.community.models.discussions import ModeratedStatus
from sites.core.picture_upload import PictureChange
from sites.core.ratelimit import check_rate
from sites.core.setup import BOROUGH_ADMINS, EDITORS
from sites.directory.models import OrganisationPage
from sites.directory.models.mixins import ACCESSIBILITY_FIELDS
from sites.directory.models.schedule import date_in_words
from sites.directory.services.organisation_access import GROUP_PREFIX
from tenants.emails import borough_email

from . import moderation, notifications
from .accounts import get_profile, why_cannot_post
from .blocking import blocked_either_way

__all__ = [
    "AttendanceError",
    "EventDetails",
    "EventError",
    "Host",
    "Occurrence",
    "approve_event",
    "attendance_of",
    "attendances_of",
    "bookable_occurrence",
    "can_edit",
    "can_post_events",
    "cancel_event",
    "cancel_rsvp",
    "hosts_for",
    "is_editor",
    "is_finished",
    "last_end",
    "managed_organisations",
    "new_event_status",
    "next_occurrence",
    "notify_group_of_new_event",
    "occurrences",
    "post_event",
    "promote_waiting_list",
    "reject_event",
    "rsvp",
    "update_event",
    "waiting_position",
    "when_in_words",
    "why_cannot_post_events",
    "why_cannot_rsvp",
]

logger = logging.getLogger(__name__)

EDITOR_GROUPS = (EDITORS, BOROUGH_ADMINS)
# (most attempts, in this many seconds), per member, in the shared Redis.
RATE_LIMITS = {"post-event": (20, 24 * 60 * 60), "rsvp": (60, 60 * 60)}
# Route names on the events section page that an event's slug must never take.
RESERVED_SLUGS = {"new", "held", "calendar"}
TEAM = "team"

GOING = EventAttendance.Status.GOING
WAITING = EventAttendance.Status.WAITING
PUBLISHED = Event.Status.PUBLISHED
HELD = Event.Status.HELD


class EventError(Exception):
    """What someone asked for cannot be done; the message says why, in plain words."""


class AttendanceError(EventError):
    """'I'm going' cannot be done (not signed in, paused, event over...)."""


def limit(scope: str, key) -> None:
    most, period = RATE_LIMITS[scope]
    check_rate(scope, str(key), most, period)


# --- Who may post, and as whom ---------------------------------------------------------------


def _active(user) -> bool:
    return getattr(user, "is_authenticated", False) and user.is_active


def is_editor(user) -> bool:
    """Editors, Borough admins and superusers."""
    if not _active(user):
        return False
    return user.is_superuser or user.groups.filter(name__in=EDITOR_GROUPS).exists()


def managed_organisations(user):
    """Live organisations ``user`` manages (through their organisation's own group)."""
    if not _active(user):
        return OrganisationPage.objects.none()
    groups = user.groups.filter(name__startswith=GROUP_PREFIX)
    return (
        OrganisationPage.objects.live()
        .filter(group_permissions__group__in=groups)
        .distinct()
        .order_by("title")
    )


def organised_groups(user):
    """Approved groups ``user`` organises."""
    if not _active(user):
        return CommunityGroup.objects.none()
    return CommunityGroup.objects.filter(
        status=CommunityGroup.Status.APPROVED,
        memberships__member=user,
        memberships__role=GroupMembership.Role.ORGANISER,
    ).order_by("name")


@dataclass(frozen=True)
class Host:
    """Who puts an event on: the borough's team, an organisation or a group."""

    key: str  # "team", "organisation-<id>" or "group-<id>": the form's value
    label: str
    organisation: OrganisationPage | None = None
    group: CommunityGroup | None = None


def hosts_for(user) -> list[Host]:
    """Whom ``user`` may post events as, in the order a form offers them."""
    hosts = [
        Host(f"organisation-{page.pk}", page.title, organisation=page)
        for page in managed_organisations(user)
    ]
    hosts += [
        Host(f"group-{group.pk}", group.name, group=group) for group in organised_groups(user)
    ]
    if is_editor(user):
        hosts.insert(0, Host(TEAM, "The Connect & Do team (no organisation or group)"))
    return hosts


def host_of(event: Event) -> Host:
    if event.organisation_id:
        return Host(
            f"organisation-{event.organisation_id}",
            event.organisation.title,
            organisation=event.organisation,
        )
    if event.group_id:
        return Host(f"group-{event.group_id}", event.group.name, group=event.group)
    return Host(TEAM, "The Connect & Do team")


def _is_trusted_poster(user) -> bool:
    return is_editor(user) or moderation.is_moderator(user) or managed_organisations(user).exists()


def why_cannot_post_events(user) -> str | None:
    """None if ``user`` may post events; otherwise the reason, in words to show them."""
    if not getattr(user, "is_authenticated", False):
        return "Please sign in to post an event."
    if not user.is_active:
        return "This account is closed."
    profile = get_profile(user)
    if profile is not None and profile.is_suspended:
        until = date_format(timezone.localtime(profile.suspended_until), "j F Y")
        return f"Your account is paused until {until}. You cannot post events until then."
    if not hosts_for(user):
        return (
            "Events are posted by organisations, by the organisers of groups and by "
            "Editors. To post an event, start a group or ask to manage your organisation's "
            "listing."
        )
    if _is_trusted_poster(user):
        return None
    return why_cannot_post(user)


def can_post_events(user) -> bool:
    return why_cannot_post_events(user) is None


def new_event_status(poster) -> str:
    """Published at once, or held for a moderator (the discussions' rule for members)."""
    if _is_trusted_poster(poster):
        return PUBLISHED
    if moderation.new_post_status(poster) == ModeratedStatus.VISIBLE:
        return PUBLISHED
    return HELD


def can_edit(user, event: Event) -> bool:
    """The poster, the event's organisation's managers, its group's organisers, Editors."""
    if not _active(user):
        return False
    if is_editor(user) or (event.posted_by_id and event.posted_by_id == user.pk):
        return True
    if event.organisation_id:
        return managed_organisations(user).filter(pk=event.organisation_id).exists()
    if event.group_id:
        return GroupMembership.objects.filter(
            group_id=event.group_id, member=user, role=GroupMembership.Role.ORGANISER
        ).exists()
    return False


# --- Posting, editing, cancelling ------------------------------------------------------------


@dataclass
class EventDetails:
    """Everything about an event its poster chooses (the form's cleaned data)."""

    title: str
    description: str
    starts_at: datetime.datetime
    ends_at: datetime.datetime
    repeat: str = Event.Repeat.NEVER
    repeat_until: datetime.date | None = None
    place: object = None  # a PlacePage
    online_url: str = ""
    is_free: bool = True
    cost_details: str = ""
    just_turn_up: bool = True
    booking_url: str = ""
    capacity: int | None = None
    interests: list = field(default_factory=list)
    accessibility: list[str] = field(default_factory=list)  # names of ACCESSIBILITY_FEATURES
    accessibility_notes: str = ""
    picture: PictureChange | None = None  # None: leave the picture as it is

    def check(self) -> None:
        """The rules every event keeps, however it was made. Raises EventError."""
        if not self.title.strip():
            raise EventError("Give the event a name.")
        if self.ends_at <= self.starts_at:
            raise EventError("The end time must be after the start time.")
        if self.repeat not in Event.Repeat.values:
            raise EventError("Choose how often the event repeats.")
        if self.repeat_until and self.repeat_until < timezone.localdate(self.starts_at):
            raise EventError("The last date must be after the first date.")
        if self.place is None and not self.online_url:
            raise EventError("Choose a place, or give the link people use to join online.")
        if not self.is_free and not self.cost_details.strip():
            raise EventError("Say what the event costs.")
        if not self.just_turn_up and not self.booking_url:
            raise EventError("Give the web address where people book.")
        if self.capacity is not None and self.capacity < 1:
            raise EventError("The most people who can come must be 1 or more.")
        unknown = set(self.accessibility) - set(ACCESSIBILITY_FIELDS)
        if unknown:
            raise EventError("Choose accessibility features from the list.")

    def fields(self) -> dict:
        values = {
            "title": self.title.strip(),
            "description": self.description.strip(),
            "starts_at": self.starts_at,
            "ends_at": self.ends_at,
            "repeat": self.repeat,
            "repeat_until": self.repeat_until if self.repeat != Event.Repeat.NEVER else None,
            "place": self.place,
            "online_url": self.online_url,
            "is_free": self.is_free,
            "cost_details": "" if self.is_free else self.cost_details.strip(),
            "just_turn_up": self.just_turn_up,
            "booking_url": "" if self.just_turn_up else self.booking_url,
            "capacity": self.capacity,
            "accessibility_notes": self.accessibility_notes.strip(),
        }
        values.update({name: name in self.accessibility for name in ACCESSIBILITY_FIELDS})
        return values


def _picture_fields(details: EventDetails, user) -> dict:
    """A member's picture is checked with their event: an untrusted member's event is
    held (``new_event_status``), so its picture is not public until a moderator approves."""
    return details.picture.fields(details.title, user) if details.picture else {}


def unique_slug(title: str, exclude_pk: int | None = None) -> str:
    base = slugify(title)[:100] or "event"
    if base in RESERVED_SLUGS:
        base = f"{base}-event"
    taken = Event.objects.all()
    if exclude_pk is not None:
        taken = taken.exclude(pk=exclude_pk)
    slug, n = base, 2
    while taken.filter(slug=slug).exists():
        slug = f"{base}-{n}"
        n += 1
    return slug


def _find_host(poster, host: Host | str) -> Host:
    key = host if isinstance(host, str) else host.key
    for allowed in hosts_for(poster):
        if allowed.key == key:
            return allowed
    raise PermissionDenied("You cannot post events for this organisation or group.")


def post_event(poster, host: Host | str, details: EventDetails, *, borough=None) -> Event:
    """``poster`` posts an event as ``host``. Published at once, or held for a moderator.

    Raises EventError (not allowed, or details that break a rule), PermissionDenied (a
    host that is not theirs) or RateLimited. Group members are emailed about published
    group events.
    """
    problem = why_cannot_post_events(poster)
    if problem:
        raise EventError(problem)
    host = _find_host(poster, host)
    details.check()
    limit("post-event", poster.pk)
    status = new_event_status(poster)
    for attempt in range(3):
        try:
            with transaction.atomic():
                event = Event.objects.create(
                    slug=unique_slug(details.title),
                    group=host.group,
                    organisation=host.organisation,
                    posted_by=poster,
                    status=status,
                    **details.fields(),
                    **_picture_fields(details, poster),
                )
                event.interests.set(details.interests)
            break
        except IntegrityError:
            if attempt == 2:
                raise
    if event.status == PUBLISHED:
        notify_group_of_new_event(event, borough=borough)
    return event


def update_event(editor, event: Event, details: EventDetails, *, borough=None) -> Event:
    """Change an event's details. A member who is not trusted sends it back to be checked.

    If its dates changed, answers on dates still to come that it no longer happens on
    are removed, and the people going on a date whose time changed are told the new time
    (``_settle_moved_dates``); each member gets one email, once the change is saved. If
    the limit went up (or away), people waiting get the new places.
    """
    if not can_edit(editor, event):
        raise PermissionDenied("You cannot change this event.")
    if event.status in (Event.Status.CANCELLED, Event.Status.REMOVED):
        raise EventError("This event is cancelled, so it cannot be changed.")
    details.check()
    with transaction.atomic():
        locked = Event.objects.select_for_update().get(pk=event.pk)
        before = _schedule_of(locked)
        for name, value in {**details.fields(), **_picture_fields(details, editor)}.items():
            setattr(locked, name, value)
        if new_event_status(editor) == HELD:
            locked.status = HELD
        locked.save()
        locked.interests.set(details.interests)
        changes = _settle_moved_dates(before, locked)
        promoted = _promote_every_date_locked(locked)
        if changes:
            transaction.on_commit(lambda: _email_moved_dates(locked, changes, borough))
    _email_promoted(locked, promoted, borough)
    return locked


# --- Dates that move -------------------------------------------------------------------------


@dataclass
class DateChanges:
    """What an edit did to one member's answers on dates still to come."""

    removed: list[datetime.date] = field(default_factory=list)  # it no longer happens then
    # (was, now, still going?): people waiting are told too, to decide whether to stay.
    retimed: list[tuple[Occurrence, Occurrence, bool]] = field(default_factory=list)


def _schedule_of(event: Event) -> Event:
    """An unsaved copy of when ``event`` happens, to compare with after an edit."""
    return Event(
        starts_at=event.starts_at,
        ends_at=event.ends_at,
        repeat=event.repeat,
        repeat_until=event.repeat_until,
    )


def _settle_moved_dates(before: Event, event: Event) -> dict:
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


def _email_moved_dates(event: Event, changes: dict, borough) -> None:
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
                f"page:\n{_event_link(borough, event)}"
            )
        else:
            lines.append(
                "If you cannot go at the new time, please say so on the event's page, so "
                f"someone else can have your place or move up the waiting list:\n"
                f"{_event_link(borough, event)}"
            )
        subject = f"{'Dates changed' if change.removed else 'New time'}: {event.title}"
        _email_member(
            borough,
            member,
            subject,
            "\n\n".join(lines),
            why="you said you were going to this event, or joined its waiting list",
        )


def cancel_event(user, event: Event, *, borough=None) -> Event:
    """Cancel an event; everyone going or waiting is told. Its page says it is cancelled."""
    if not can_edit(user, event):
        raise PermissionDenied("You cannot cancel this event.")
    if event.status == Event.Status.CANCELLED:
        return event
    with transaction.atomic():
        locked = Event.objects.select_for_update().get(pk=event.pk)
        was_published = locked.status == PUBLISHED
        locked.status = Event.Status.CANCELLED
        locked.save(update_fields=["status"])
        today = timezone.localdate()
        people = list(
            EventAttendance.objects.filter(event=locked, occurs_on__gte=today)
            .select_related("member__member_profile")
            .order_by("member_id", "occurs_on")
        )
    if was_published and not is_finished(locked):
        dates_by_member: dict = {}
        for attendance in people:
            dates_by_member.setdefault(attendance.member, []).append(attendance.occurs_on)
        for member, days in dates_by_member.items():
            words = ", ".join(date_in_words(day) for day in days)
            _email_member(
                borough,
                member,
                f"Cancelled: {locked.title}",
                f"Sorry, “{locked.title}” ({when_in_words(locked)}) is cancelled.\n\n"
                f"You said you were going on {words}, or were on the waiting list, so we are "
                f"letting you know.\n\nSee the event:\n{_event_link(borough, locked)}",
                why="you said you were going to this event, or joined its waiting list",
            )
    return locked


# --- Moderation of held events -----------------------------------------------------------------


def _event_note(event: Event, note: str) -> str:
    words = f"Event “{event.title}” (#{event.pk})"
    return f"{words}. {note.strip()}" if note.strip() else words


# Held events are in the moderation queue (``moderation.moderation_queue``), decided in the
# Wagtail admin (``sites/community/moderation/views.py``). Each decision is written to the
# audit log with the event, and the poster is told if they keep "decisions about my
# posts" on.


def approve_event(moderator, event: Event, *, note: str = "", borough=None) -> ModerationAction:
    """A moderator lets a held event appear (the group's members are then told)."""
    moderation.require_moderator(moderator)
    with transaction.atomic():
        locked = Event.objects.select_for_update().get(pk=event.pk)
        if locked.status != HELD:
            raise EventError("This event is not waiting for a moderator.")
        locked.status = PUBLISHED
        locked.save(update_fields=["status"])
        action = moderation.log_action(
            moderator,
            ModerationAction.Action.APPROVE,
            member=locked.posted_by,
            event=locked,
            note=_event_note(locked, note),
        )
    event.status = PUBLISHED
    notifications.notify(
        borough,
        locked.posted_by,
        "moderation",
        f"Your event “{locked.title}” is now on the website",
        "A moderator has checked your event and it can now be seen by other people.\n\n"
        f"See it here:\n{_event_link(borough, locked)}",
    )
    notify_group_of_new_event(locked, borough=borough)
    return action


def reject_event(moderator, event: Event, *, note: str = "", borough=None) -> ModerationAction:
    """A moderator decides a held (or published) event does not appear: it is removed."""
    moderation.require_moderator(moderator)
    with transaction.atomic():
        locked = Event.objects.select_for_update().get(pk=event.pk)
        if locked.status == Event.Status.REMOVED:
            raise EventError("This event has already been removed.")
        locked.status = Event.Status.REMOVED
        locked.save(update_fields=["status"])
        action = moderation.log_action(
            moderator,
            ModerationAction.Action.REJECT,
            member=locked.posted_by,
            event=locked,
            note=_event_note(locked, note),
        )
    event.status = Event.Status.REMOVED
    notifications.notify(
        borough,
        locked.posted_by,
        "moderation",
        f"A moderator did not approve your event “{locked.title}”",
        "A moderator has read your event and decided not to put it on the website."
        f"{moderation.note_line(note)}",
    )
    return action


# --- "I'm going" and the waiting list ----------------------------------------------------------
#
# A member says "I'm going" to one date of an event (``EventAttendance.occurs_on``, the
# London date of that time). The limit, the waiting list and promotion are per date.


@dataclass
class Answer:
    """A member's place on one date of an event: going, or waiting (with their position)."""

    attendance: EventAttendance
    position: int | None = None  # 1 = first on that date's waiting list

    @property
    def is_going(self) -> bool:
        return self.attendance.status == GOING


def why_cannot_rsvp(user, event: Event) -> str | None:
    """None if ``user`` may say they are going (to some date); otherwise why not, in
    plain words. Whether a particular date may be chosen is ``bookable_occurrence``."""
    if not getattr(user, "is_authenticated", False):
        return "Please sign in to say you are going."
    profile = get_profile(user)
    if profile is not None and profile.is_suspended:
        until = date_format(timezone.localtime(profile.suspended_until), "j F Y")
        return f"Your account is paused until {until}. You cannot join events until then."
    if event.status == Event.Status.CANCELLED:
        return "This event is cancelled."
    if event.status != PUBLISHED:
        return "You can say you are going once the event is on the website."
    if is_finished(event):
        return "This event has finished."
    if event.group_id and event.group.is_members_only and not _in_group(user, event.group_id):
        return "This event is for the members of its group. Join the group to go."
    if not user.is_active:
        return "This account is closed."
    if profile is None:
        return "Please set up your member profile before you join events."
    if profile.email_confirmed_at is None:
        return (
            "Please confirm your email address before you join events. "
            "Open the link in the email we sent you."
        )
    return None


def _in_group(user, group_id) -> bool:
    member = GroupMembership.objects.filter(group_id=group_id, member=user).exists()
    return member or moderation.is_moderator(user)


def bookable_occurrence(
    event: Event, day: datetime.date, now: datetime.datetime | None = None
) -> Occurrence:
    """The time ``event`` happens on ``day``, if people may still say they are going to it.

    Raises AttendanceError, in plain words, for a date the event does not happen on, a
    date that has passed (or whose time has finished), or one too far ahead to check.
    """
    now = now or timezone.now()
    first = max(timezone.localdate(now), timezone.localdate(event.starts_at))
    if not isinstance(day, datetime.date) or day > first + HORIZON:
        raise AttendanceError("Please choose one of the dates shown on the event's page.")
    occurrence = occurrence_on(event, day)
    when = f"{date_in_words(day)} {day.year}"
    if occurrence is None:
        raise AttendanceError(
            f"{event.title} does not happen on {when}. "
            "Please choose one of the dates shown on its page."
        )
    if occurrence.ends_at <= now:
        raise AttendanceError(f"{when} has passed. Please choose a date still to come.")
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
    _email_promoted(locked, promoted, borough)
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
            promoted = _promote_every_date_locked(locked)
        else:
            promoted = _promote_locked(locked, day)
    _email_promoted(locked, promoted, borough)
    return promoted


def _promote_every_date_locked(event: Event) -> list[EventAttendance]:
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


def _email_promoted(event: Event, promoted: list[EventAttendance], borough) -> None:
    for attendance in promoted:
        occurrence = occurrence_on(event, attendance.occurs_on)
        day = date_in_words(attendance.occurs_on)
        when = f"{day} {attendance.occurs_on.year}"
        if occurrence is not None:
            when += f", {occurrence.time_range_in_words}"
        _email_member(
            borough,
            attendance.member,
            f"You have a place: {event.title} on {day}",
            f"Good news: a place has come up at “{event.title}” on {day}, and it is "
            "yours. You were on the waiting list for that date, and now you are going.\n\n"
            f"When: {when}\nWhere: {where_in_words(event)}\n\n"
            "If you cannot go any more, please let us know on the event's page, so the "
            f"next person can have your place:\n{_event_link(borough, event)}",
            why="you joined the waiting list for this event",
        )


# --- Emails ----------------------------------------------------------------------------------


def where_in_words(event: Event) -> str:
    parts = []
    if event.place_id:
        parts.append(f"{event.place.title}, {event.place.public_address}")
    if event.online_url:
        parts.append("Online")
    return " and ".join(parts) or "To be confirmed"


def _event_link(borough, event: Event) -> str:
    from sites.community.events.links import absolute_event_url

    return absolute_event_url(borough or notifications.current_borough(), event) or ""


def _email_member(borough, user, subject: str, body: str, *, why: str) -> bool:
    """An email about a member's own place at an event: always sent (they asked for the
    place), with how to stop such emails: give the place up on the event's page."""
    if user is None or not user.is_active or not user.email:
        return False
    borough = borough or notifications.current_borough()
    profile = get_profile(user)
    name = profile.display_name if profile else "there"
    footer = (
        f"\n\n--\nYou get this email because {why}. To get no more emails about it, "
        "open the event's page and press “I'm not going”."
    )
    message = borough_email(borough, subject, f"Hello {name},\n\n{body}{footer}", [user.email])
    try:
        message.send()
    except Exception:
        logger.exception("Could not send %r to user %s", subject, user.pk)
        return False
    return True


def notify_group_of_new_event(event: Event, *, borough=None) -> int:
    """Email the group's members who want "new events in my groups". Returns how many.

    Each email carries the one-click unsubscribe link (``notifications.notify``). Nobody
    is emailed about an event by a member they blocked, or who blocked them.
    """
    if not event.group_id or event.status != PUBLISHED:
        return 0
    borough = borough or notifications.current_borough()
    group = event.group
    members = (
        GroupMembership.objects.filter(group=group, member__is_active=True)
        .exclude(member_id=event.posted_by_id)
        .select_related("member")
    )
    link = _event_link(borough, event)
    sent = 0
    for membership in members:
        member = membership.member
        if event.posted_by_id and blocked_either_way(member, event.posted_by):
            continue
        body = (
            f"There is a new event in {group.name}:\n\n"
            f"{event.title}\n"
            f"When: {when_in_words(event)}\n"
            f"Where: {where_in_words(event)}\n"
            f"Cost: {'Free' if event.is_free else event.cost_details}\n\n"
            f"Find out more, and say if you are going:\n{link}"
        )
        if notifications.notify(
            borough, member, "group-events", f"New event in {group.name}: {event.title}", body
        ):
            sent += 1
    return sent
