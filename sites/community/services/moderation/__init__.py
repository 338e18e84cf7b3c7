"""Moderation: who moderates, which posts wait for a moderator, the one queue, and the
decisions, each written to the audit log (ModerationAction) with who and when.

- Posts by members who are not yet trusted are held (status "held") until a moderator
  approves them; ``CommunitySettings.premoderate_everyone`` holds everyone's posts.
- "Report this post" and "Report this member" make Reports. Reports, held posts and held
  events (``services/events/`` holds members' events by the same rule) form one queue
  (``moderation_queue``), oldest first, except that reports about someone's safety come
  first. A safeguarding report opens a case (``services/safeguarding.py``), which
  leads the queue until its outcome is recorded; deciding about the report or the post
  never closes the case.
- Every decision (approve, reject, hide, warn, suspend, trust, dismiss) is a function
  here (for events: ``events.approve_event`` and ``events.reject_event``), used by the
  Wagtail admin views, commands and tests alike.

Emails to the member about a decision respect their "decisions about my posts" switch
(``notify_moderation``) and carry a one-click unsubscribe link.

The package: ``permissions`` (who moderates, what is held), ``reports``, ``queue`` (the
queue and the audit log: reads), ``decisions``. Everything is importable from here.
"""

# The audit log's model, reached as moderation.ModerationAction before the split.
from sites.community.models import ModerationAction

from .decisions import (
    approve_post,
    dismiss_report,
    hide_post,
    log_action,
    note_line,
    reject_post,
    set_post_status,
    suspend_member,
    trust_member,
    unsuspend_member,
    warn_member,
)
from .permissions import (
    CASE_GROUPS,
    DELETED_MEMBER,
    GROUP_DECISION_GROUPS,
    MAX_SUSPENSION_DAYS,
    MESSAGE_GROUPS,
    MODERATION_GROUPS,
    ModerationError,
    can_decide_groups,
    can_read_messages,
    can_see_cases,
    community_settings,
    display_name,
    in_groups,
    is_moderator,
    new_post_status,
    profile_of,
    require_message_moderator,
    require_moderator,
)
from .queue import (
    QueueItem,
    audit_log,
    held_events,
    held_messages,
    moderation_queue,
    open_cases,
    queue_counts,
    queue_size,
)
from .reports import (
    report_member,
    report_message,
    report_post,
)

__all__ = [
    "ModerationAction",
    "CASE_GROUPS",
    "DELETED_MEMBER",
    "GROUP_DECISION_GROUPS",
    "MAX_SUSPENSION_DAYS",
    "MESSAGE_GROUPS",
    "MODERATION_GROUPS",
    "ModerationError",
    "QueueItem",
    "approve_post",
    "audit_log",
    "can_decide_groups",
    "can_read_messages",
    "can_see_cases",
    "community_settings",
    "dismiss_report",
    "display_name",
    "held_events",
    "held_messages",
    "hide_post",
    "in_groups",
    "is_moderator",
    "log_action",
    "moderation_queue",
    "new_post_status",
    "note_line",
    "open_cases",
    "profile_of",
    "queue_counts",
    "queue_size",
    "reject_post",
    "report_member",
    "report_message",
    "report_post",
    "require_message_moderator",
    "require_moderator",
    "set_post_status",
    "suspend_member",
    "trust_member",
    "unsuspend_member",
    "warn_member",
]
