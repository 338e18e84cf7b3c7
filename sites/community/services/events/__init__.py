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

The package: ``posting`` (post, edit, cancel), ``moved_dates`` (what an edit does to
answers on dates that moved), ``moderation`` (held events), ``attendance`` ("I'm going"
and the waiting list), ``emails``. The reads are in ``sites/community/events/``:
``permissions.py`` (who may do what), ``places.py`` (answers and waiting positions).
Everything is importable from here, as before the split.
"""

from sites.community.events.errors import AttendanceError, EventError
from sites.community.events.permissions import (
    EDITOR_GROUPS,
    TEAM,
    Host,
    can_edit,
    can_post_events,
    host_of,
    hosts_for,
    is_editor,
    managed_organisations,
    new_event_status,
    organised_groups,
    why_cannot_post_events,
    why_cannot_rsvp,
)
from sites.community.events.places import (
    Answer,
    attendance_of,
    attendances_of,
    bookable_occurrence,
    waiting_position,
)
from sites.community.events.recurrence import (
    Occurrence,
    is_finished,
    last_end,
    next_occurrence,
    occurrences,
    when_in_words,
)
from sites.core.ratelimit import RATE_LIMITS
from sites.directory.models.mixins import ACCESSIBILITY_FIELDS

from .attendance import cancel_rsvp, promote_waiting_list, rsvp
from .emails import notify_group_of_new_event, where_in_words
from .moderation import approve_event, reject_event
from .posting import EventDetails, cancel_event, post_event, unique_slug, update_event

__all__ = [
    "ACCESSIBILITY_FIELDS",
    "EDITOR_GROUPS",
    "RATE_LIMITS",
    "TEAM",
    "Answer",
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
    "host_of",
    "hosts_for",
    "is_editor",
    "is_finished",
    "last_end",
    "managed_organisations",
    "new_event_status",
    "next_occurrence",
    "notify_group_of_new_event",
    "occurrences",
    "organised_groups",
    "post_event",
    "promote_waiting_list",
    "reject_event",
    "rsvp",
    "unique_slug",
    "update_event",
    "waiting_position",
    "when_in_words",
    "where_in_words",
    "why_cannot_post_events",
    "why_cannot_rsvp",
]
