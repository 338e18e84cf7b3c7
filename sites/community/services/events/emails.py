"""The emails about events: to a member about their own place (always sent), and to a
group's members about its new events (if they want them)."""

import logging

from django.utils.translation import gettext as _

from sites.community.events.links import absolute_event_url
from sites.community.events.recurrence import when_in_words
from sites.community.models import Event, GroupMembership
from tenants.emails import borough_email

from .. import notifications
from ..accounts import get_profile
from ..blocking import blocked_either_way
from ..language import in_language_of

logger = logging.getLogger(__name__)

PUBLISHED = Event.Status.PUBLISHED


def where_in_words(event: Event, place_name: str | None = None) -> str:
    """Where ``event`` is, for members (its emails); ``place_name`` instead of the
    place's own name where a visitor may read it (events.selectors.place_name)."""
    parts = []
    if event.place_id:
        parts.append(f"{place_name or event.place.title}, {event.place.public_address}")
    if event.online_url:
        parts.append(_("Online"))
    return _(" and ").join(parts) or _("To be confirmed")


def event_link(borough, event: Event) -> str:
    return absolute_event_url(borough or notifications.current_borough(), event) or ""


def email_member(borough, user, subject: str, body: str, *, why: str) -> bool:
    """An email about a member's own place at an event: always sent (they asked for the
    place), with how to stop such emails: give the place up on the event's page."""
    if user is None or not user.is_active or not user.email:
        return False
    borough = borough or notifications.current_borough()
    profile = get_profile(user)
    with in_language_of(user):
        name = profile.display_name if profile else _("there")
        footer = "\n\n--\n" + _(
            "You get this email because %(why)s. To get no more emails about it, "
            "open the event's page and press “I'm not going”."
        ) % {"why": why}
        hello = _("Hello %(name)s,") % {"name": name}
        subject = str(subject)
        text = f"{hello}\n\n{body}{footer}"
        message = borough_email(borough, subject, text, [user.email])
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
    sent = 0
    for membership in members:
        member = membership.member
        if event.posted_by_id and blocked_either_way(member, event.posted_by):
            continue
        with in_language_of(member):
            words = {"group": group.name, "title": event.title}
            body = "\n".join(
                [
                    _("There is a new event in %(group)s:") % words,
                    "",
                    event.title,
                    _("When: %(when)s") % {"when": when_in_words(event)},
                    _("Where: %(where)s") % {"where": where_in_words(event)},
                    _("Cost: %(cost)s")
                    % {"cost": _("Free") if event.is_free else event.cost_details},
                    "",
                    _("Find out more, and say if you are going:"),
                    event_link(borough, event),  # in the reader's language, as the words
                ]
            )
            subject = _("New event in %(group)s: %(title)s") % words
            if notifications.notify(borough, member, "group-events", subject, body):
                sent += 1
    return sent
