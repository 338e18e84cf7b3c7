"""The one queue (open reports, held posts, held events, open safeguarding cases) and
the audit log. Reads only."""

import datetime
from dataclasses import dataclass

from sites.community.models import (
    Event,
    Message,
    ModerationAction,
    Post,
    Report,
    SafeguardingCase,
)
from sites.community.models.discussions import ModeratedStatus

from .permissions import can_read_messages, can_see_cases


@dataclass
class QueueItem:
    """One thing for a moderator to decide: an open report, a post waiting to appear, an
    event waiting to appear, or a private message waiting to be passed on."""

    kind: str  # "case", "report", "held-post", "held-event" or "held-message"
    created_at: datetime.datetime
    is_safeguarding: bool
    report: Report | None = None
    post: Post | None = None
    event: Event | None = None
    case: SafeguardingCase | None = None
    message: Message | None = None

    @property
    def key(self) -> str:
        if self.message is not None and self.report is None:
            return f"message-{self.message.pk}"
        if self.case is not None:
            return f"case-{self.case.pk}"
        if self.report is not None:
            return f"report-{self.report.pk}"
        if self.event is not None:
            return f"event-{self.event.pk}"
        return f"post-{self.post.pk}"

    @property
    def member(self):
        if self.case is not None:
            return self.case.member
        if self.report is not None:
            return self.report.reported_member
        if self.event is not None:
            return self.event.posted_by
        if self.message is not None:
            return self.message.sender
        return self.post.author


def held_messages():
    """Private messages waiting for a moderator (a new member's first ones, and links)."""
    return Message.objects.filter(status=Message.Status.HELD)


def held_events():
    """Events waiting for a moderator (members' events are held like their posts)."""
    return Event.objects.filter(status=Event.Status.HELD)


def open_cases():
    return SafeguardingCase.objects.filter(status=SafeguardingCase.Status.OPEN)


def _shows_cases(viewer) -> bool:
    return viewer is None or can_see_cases(viewer)


def _shows_messages(viewer) -> bool:
    return viewer is None or can_read_messages(viewer)


def moderation_queue(viewer=None) -> list[QueueItem]:
    """Open safeguarding cases (for those who may see them) first, then open reports, held
    posts and held events, and private messages (for those who may read them):
    safeguarding reports first, then oldest first."""
    reports = Report.objects.filter(status=Report.Status.OPEN)
    if not _shows_messages(viewer):
        reports = reports.filter(message__isnull=True)
    reports = reports.select_related(
        "post__thread__group",
        "post__author__member_profile",
        "reported_member__member_profile",
        "reporter__member_profile",
    )
    held = Post.objects.filter(status=ModeratedStatus.HELD).select_related(
        "thread__group", "thread__topic", "author__member_profile"
    )
    events = held_events().select_related("group", "organisation", "posted_by__member_profile")
    items = [
        QueueItem("report", r.created_at, r.is_safeguarding, report=r, post=r.post) for r in reports
    ]
    items += [QueueItem("held-post", p.created_at, False, post=p) for p in held]
    items += [QueueItem("held-event", e.created_at, False, event=e) for e in events]
    if _shows_messages(viewer):
        messages = held_messages().select_related("sender__member_profile")
        items += [QueueItem("held-message", m.created_at, False, message=m) for m in messages]
    if _shows_cases(viewer):
        cases = open_cases().select_related("member__member_profile", "report")
        items += [QueueItem("case", c.opened_at, True, case=c, report=c.report) for c in cases]
    items.sort(
        key=lambda item: (item.kind != "case", not item.is_safeguarding, item.created_at, item.key)
    )
    return items


def queue_counts(viewer=None) -> dict[str, int]:
    """What waits, by kind; private messages only for those who may read them."""
    reports = Report.objects.filter(status=Report.Status.OPEN)
    messages = _shows_messages(viewer)
    return {
        "reports": (reports if messages else reports.filter(message__isnull=True)).count(),
        "held-posts": Post.objects.filter(status=ModeratedStatus.HELD).count(),
        "held-events": held_events().count(),
        "held-messages": held_messages().count() if messages else 0,
    }


def queue_size(viewer=None) -> int:
    """How many things wait in the queue (the admin menu and dashboard show it)."""
    cases = open_cases().count() if _shows_cases(viewer) else 0
    return cases + sum(queue_counts(viewer).values())


def audit_log():
    return ModerationAction.objects.select_related(
        "moderator__member_profile",
        "member__member_profile",
        "post__thread",
        "group",
        "report",
        "event",
        "case",
    ).order_by("-created_at", "-pk")
