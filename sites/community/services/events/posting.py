"""Posting, editing and cancelling events. Events by Editors, moderators and
organisation managers appear at once; other posters' are held for a moderator until they
are trusted (``permissions.new_event_status``); editing by such a member holds it again."""

import datetime
from dataclasses import dataclass, field

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from sites.community.events.errors import EventError
from sites.community.events.permissions import (
    HELD,
    PUBLISHED,
    Host,
    can_edit,
    hosts_for,
    new_event_status,
    why_cannot_post_events,
)
from sites.community.events.recurrence import is_finished, when_in_words
from sites.community.models import Event, EventAttendance
from sites.core.once import SENT_AGAIN_WITHIN, made_once, sent_within
from sites.core.picture_upload import PictureChange
from sites.core.ratelimit import limit
from sites.directory.models.mixins import ACCESSIBILITY_FIELDS
from sites.directory.models.schedule import date_in_words

from ..free_slugs import made_with_a_free_slug
from ..language import in_language_of
from .attendance import email_promoted, promote_every_date_locked
from .emails import email_member, event_link, notify_group_of_new_event
from .moved_dates import email_moved_dates, schedule_of, settle_moved_dates

# Route names on the events section page that an event's slug must never take.
RESERVED_SLUGS = {"new", "held", "calendar"}


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
            raise EventError(_("Give the event a name."))
        if self.ends_at <= self.starts_at:
            raise EventError(_("The end time must be after the start time."))
        if self.repeat not in Event.Repeat.values:
            raise EventError(_("Choose how often the event repeats."))
        if self.repeat_until and self.repeat_until < timezone.localdate(self.starts_at):
            raise EventError(_("The last date must be after the first date."))
        if self.place is None and not self.online_url:
            raise EventError(_("Choose a place, or give the link people use to join online."))
        if not self.is_free and not self.cost_details.strip():
            raise EventError(_("Say what the event costs."))
        if not self.just_turn_up and not self.booking_url:
            raise EventError(_("Give the web address where people book."))
        if self.capacity is not None and self.capacity < 1:
            raise EventError(_("The most people who can come must be 1 or more."))
        unknown = set(self.accessibility) - set(ACCESSIBILITY_FIELDS)
        if unknown:
            raise EventError(_("Choose accessibility features from the list."))

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
    raise PermissionDenied(_("You cannot post events for this organisation or group."))


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
    fields = details.fields()

    def make() -> Event:
        limit("post-event", poster.pk)
        status = new_event_status(poster)

        def create() -> Event:
            event = Event.objects.create(
                slug=unique_slug(details.title),
                group=host.group,
                organisation=host.organisation,
                posted_by=poster,
                status=status,
                **fields,
                **_picture_fields(details, poster),
            )
            event.interests.set(details.interests)
            return event

        return made_with_a_free_slug(create)

    # The same event sent again (Post pressed twice, or Back and Post) is the first one.
    same = Event.objects.filter(
        posted_by=poster,
        group=host.group,
        organisation=host.organisation,
        status__in=(PUBLISHED, Event.Status.HELD),
        **{name: fields[name] for name in ("title", "description", "starts_at", "ends_at")},
    )
    event, made = made_once(
        ("event", poster.pk), lambda: sent_within(same, SENT_AGAIN_WITHIN), make
    )
    if made and event.status == PUBLISHED:
        notify_group_of_new_event(event, borough=borough)
    return event


def update_event(editor, event: Event, details: EventDetails, *, borough=None) -> Event:
    """Change an event's details. A member who is not trusted sends it back to be checked.

    If its dates changed, answers on dates still to come that it no longer happens on
    are removed, and the people going on a date whose time changed are told the new time
    (``settle_moved_dates``); each member gets one email, once the change is saved. If
    the limit went up (or away), people waiting get the new places.
    """
    if not can_edit(editor, event):
        raise PermissionDenied(_("You cannot change this event."))
    if event.status in (Event.Status.CANCELLED, Event.Status.REMOVED):
        raise EventError(_("This event is cancelled, so it cannot be changed."))
    details.check()
    with transaction.atomic():
        locked = Event.objects.select_for_update().get(pk=event.pk)
        before = schedule_of(locked)
        for name, value in {**details.fields(), **_picture_fields(details, editor)}.items():
            setattr(locked, name, value)
        if new_event_status(editor) == HELD:
            locked.status = HELD
        locked.save()
        locked.interests.set(details.interests)
        changes = settle_moved_dates(before, locked)
        promoted = promote_every_date_locked(locked)
        if changes:
            transaction.on_commit(lambda: email_moved_dates(locked, changes, borough))
    email_promoted(locked, promoted, borough)
    return locked


def cancel_event(user, event: Event, *, borough=None) -> Event:
    """Cancel an event; everyone going or waiting is told. Its page says it is cancelled."""
    if not can_edit(user, event):
        raise PermissionDenied(_("You cannot cancel this event."))
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
            with in_language_of(member):
                words = {
                    "title": locked.title,
                    "when": when_in_words(locked),
                    "days": ", ".join(date_in_words(day) for day in days),
                }
                email_member(
                    borough,
                    member,
                    _("Cancelled: %(title)s") % words,
                    _("Sorry, “%(title)s” (%(when)s) is cancelled.") % words
                    + "\n\n"
                    + _(
                        "You said you were going on %(days)s, or were on the waiting list, "
                        "so we are letting you know."
                    )
                    % words
                    + "\n\n"
                    + _("See the event:")
                    + f"\n{event_link(borough, locked)}",
                    why=_("you said you were going to this event, or joined its waiting list"),
                )
    return locked
