"""Held events, decided by moderators.

Held events are in the moderation queue (``services.moderation.moderation_queue``),
decided in the Wagtail admin (``sites/community/moderation/views.py``). Each decision is
written to the audit log with the event, and the poster is told if they keep "decisions
about my posts" on.
"""

from django.db import transaction

from sites.community.events.errors import EventError
from sites.community.events.permissions import HELD, PUBLISHED
from sites.community.models import Event, ModerationAction

from .. import moderation, notifications
from .emails import event_link, notify_group_of_new_event


def _event_note(event: Event, note: str) -> str:
    words = f"Event “{event.title}” (#{event.pk})"
    return f"{words}. {note.strip()}" if note.strip() else words


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
        f"See it here:\n{event_link(borough, locked)}",
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
