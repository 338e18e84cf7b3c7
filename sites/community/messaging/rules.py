"""Who may write to whom.

A member may start a conversation only with someone they share a context with: an
approved group both are in (organisers included), or a date of an event both said they
are going to (from ``EVENT_DAYS_AFTER`` days ago on, so people can follow up after
meeting). And only if that person's setting (``MemberProfile.messages_from``) allows it.

A block, either way round, gives the blocked member exactly the answer a "Nobody"
setting gives: ``NOT_TAKING_MESSAGES``. Nobody can tell that they were blocked.
"""

import datetime
from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from sites.community.models import (
    CommunityGroup,
    Event,
    EventAttendance,
    GroupMembership,
    MemberProfile,
)
from sites.community.services import blocking
from sites.community.services.accounts import SEND_MESSAGES, get_profile, why_cannot_post
from sites.community.services.moderation import community_settings

EVENT_DAYS_AFTER = 30
NOT_TAKING_MESSAGES = gettext_lazy("{name} is not taking messages at the moment.")
YOU_BLOCKED = gettext_lazy("You have blocked {name}. Unblock them if you want to write to them.")
DELETED_MEMBER = gettext_lazy("a deleted member")

From = MemberProfile.MessagesFrom


def messaging_enabled() -> bool:
    """Has this borough switched private messages on? (Admin: Settings, Community.)"""
    return community_settings().messaging_enabled


@dataclass(frozen=True)
class SharedContext:
    groups: tuple[str, ...] = ()
    events: tuple[tuple[str, datetime.date], ...] = ()

    def __bool__(self) -> bool:
        return bool(self.groups or self.events)

    def in_words(self) -> str:
        """ "You are both in Knit and natter", or what else the two share."""
        groups = _and(list(self.groups)) if self.groups else ""
        going = [
            _("%(title)s on %(day)s") % {"title": title, "day": f"{day:%-d %B}"}
            for title, day in self.events
        ]
        events = _and(going) if going else ""
        if groups and events:
            return _("You are both in %(groups)s and going to %(events)s.") % {
                "groups": groups,
                "events": events,
            }
        if groups:
            return _("You are both in %(groups)s.") % {"groups": groups}
        if events:
            return _("You are both going to %(events)s.") % {"events": events}
        return _("You no longer share a group or an event.")


def _and(items: list[str]) -> str:
    if len(items) == 1:
        return items[0]
    return _("%(first)s and %(last)s") % {"first": ", ".join(items[:-1]), "last": items[-1]}


def shared_groups(one, other) -> list[str]:
    """Names of the approved groups both are in (as members or organisers)."""
    theirs = GroupMembership.objects.filter(member=other).values("group_id")
    return list(
        CommunityGroup.objects.filter(
            status=CommunityGroup.Status.APPROVED,
            memberships__member=one,
            pk__in=theirs,
        )
        .order_by("name")
        .values_list("name", flat=True)
    )


def shared_event_dates(one, other, now=None) -> list[tuple[str, datetime.date]]:
    """(title, date) of published event dates both are going to, recent or to come."""
    since = timezone.localdate(now or timezone.now()) - datetime.timedelta(days=EVENT_DAYS_AFTER)
    going = EventAttendance.Status.GOING
    theirs = EventAttendance.objects.filter(member=other, status=going, occurs_on__gte=since)
    mine = (
        EventAttendance.objects.filter(
            member=one,
            status=going,
            occurs_on__gte=since,
            event__status=Event.Status.PUBLISHED,
        )
        .select_related("event")
        .order_by("occurs_on", "event__title")
    )
    pairs = set(theirs.values_list("event_id", "occurs_on"))
    return [(a.event.title, a.occurs_on) for a in mine if (a.event_id, a.occurs_on) in pairs]


def shared_context(one, other, now=None) -> SharedContext:
    if one is None or other is None:
        return SharedContext()
    return SharedContext(
        tuple(shared_groups(one, other)), tuple(shared_event_dates(one, other, now))
    )


def display_name(user) -> str:
    profile = get_profile(user) if user is not None else None
    return profile.display_name if profile else DELETED_MEMBER


def messageable_member(user_id):
    """An active member with a profile, or None."""
    return (
        get_user_model()
        .objects.filter(pk=user_id, is_active=True, member_profile__isnull=False)
        .select_related("member_profile")
        .first()
    )


def _allows(recipient, context: SharedContext) -> bool:
    """Does the recipient's setting let someone with this context write to them?"""
    setting = recipient.member_profile.messages_from
    if setting == From.NOBODY:
        return False
    if setting == From.GROUPS:
        return bool(context.groups)
    return bool(context)


def why_cannot_write(sender, recipient, *, conversation=None) -> str | None:
    """None if ``sender`` may send ``recipient`` a message now; otherwise why not, in
    words to show the sender. A new conversation needs a shared context that the
    recipient's setting accepts; an existing one goes on unless the recipient says
    "Nobody". A block by the recipient reads exactly like "Nobody"."""
    problem = why_cannot_post(sender, SEND_MESSAGES)
    if problem:
        return problem
    if recipient is None or not recipient.is_active or get_profile(recipient) is None:
        return _("This member has deleted their account.")
    name = display_name(recipient)
    if blocking.has_blocked(sender, recipient):
        return YOU_BLOCKED.format(name=name)
    if blocking.has_blocked(recipient, sender):
        return NOT_TAKING_MESSAGES.format(name=name)
    if conversation is None:
        allowed = _allows(recipient, shared_context(sender, recipient))
    else:
        allowed = recipient.member_profile.messages_from != From.NOBODY
    return None if allowed else NOT_TAKING_MESSAGES.format(name=name)
