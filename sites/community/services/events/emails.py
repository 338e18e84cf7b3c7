"""The emails about events: to a member about their own place (always sent), and to a
group's members about its new events (if they want them)."""

import logging

from sites.community.events.links import absolute_event_url
from sites.community.events.recurrence import when_in_words
from sites.community.models import Event, GroupMembership
from tenants.emails import borough_email

from .. import notifications
from ..accounts import get_profile
from ..blocking import blocked_either_way

logger = logging.getLogger(__name__)

PUBLISHED = Event.Status.PUBLISHED


def where_in_words(event: Event) -> str:
    parts = []
    if event.place_id:
        parts.append(f"{event.place.title}, {event.place.public_address}")
    if event.online_url:
        parts.append("Online")
    return " and ".join(parts) or "To be confirmed"


def event_link(borough, event: Event) -> str:
    return absolute_event_url(borough or notifications.current_borough(), event) or ""


def email_member(borough, user, subject: str, body: str, *, why: str) -> bool:
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
    link = event_link(borough, event)
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
