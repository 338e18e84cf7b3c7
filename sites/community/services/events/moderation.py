"""Held events, decided by moderators.

Held events are in the moderation queue (``services.moderation.moderation_queue``),
decided in the Wagtail admin (``sites/community/moderation/views.py``). Each decision is
written to the audit log with the event, and the poster is told if they keep "decisions
about my posts" on.
"""

from django.db import transaction
from django.utils.translation import gettext as _

from sites.community.events.errors import EventError
from sites.community.events.permissions import HELD, PUBLISHED
from sites.community.models import Event, ModerationAction

from .. import moderation, notifications
from .emails import event_link, notify_group_of_new_event


def _tell_poster(borough, event: Event, write) -> None:
    """Tell the poster a decision: ``write(words)`` returns (subject, body) in their language."""
    notifications.notify_in_their_language(
        borough, event.posted_by, "moderation", lambda: write({"title": event.title})
    )


def _event_note(event: Event, note: str) -> str:
    words = f"Event “{event.title}” (#{event.pk})"
    return f"{words}. {note.strip()}" if note.strip() else words


def _decide(moderator, event: Event, status, action_kind, note: str, *, refuse_if, refusal: str):
    """Set a held (or published) event's status under its row lock and log the decision.
    Raises EventError(``refusal``) when ``refuse_if(current status)``."""
    moderation.require_moderator(moderator)
    with transaction.atomic():
        locked = Event.objects.select_for_update().get(pk=event.pk)
        if refuse_if(locked.status):
            raise EventError(refusal)
        locked.status = status
        locked.save(update_fields=["status"])
        action = moderation.log_action(
            moderator,
            action_kind,
            member=locked.posted_by,
            event=locked,
            note=_event_note(locked, note),
        )
    event.status = status
    return locked, action


def approve_event(moderator, event: Event, *, note: str = "", borough=None) -> ModerationAction:
    """A moderator lets a held event appear (the group's members are then told)."""
    locked, action = _decide(
        moderator,
        event,
        PUBLISHED,
        ModerationAction.Action.APPROVE,
        note,
        refuse_if=lambda status: status != HELD,
        refusal=_("This event is not waiting for a moderator."),
    )
    _tell_poster(
        borough,
        locked,
        lambda words: (
            _("Your event “%(title)s” is now on the website") % words,
            _("A moderator has checked your event and it can now be seen by other people.")
            + "\n\n"
            + _("See it here:")
            + f"\n{event_link(borough, locked)}",
        ),
    )
    notify_group_of_new_event(locked, borough=borough)
    return action


def reject_event(moderator, event: Event, *, note: str = "", borough=None) -> ModerationAction:
    """A moderator decides a held (or published) event does not appear: it is removed."""
    locked, action = _decide(
        moderator,
        event,
        Event.Status.REMOVED,
        ModerationAction.Action.REJECT,
        note,
        refuse_if=lambda status: status == Event.Status.REMOVED,
        refusal=_("This event has already been removed."),
    )
    _tell_poster(
        borough,
        locked,
        lambda words: (
            _("A moderator did not approve your event “%(title)s”") % words,
            _("A moderator has read your event and decided not to put it on the website.")
            + moderation.note_line(note),
        ),
    )
    return action
