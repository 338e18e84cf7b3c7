"""Moderation: who moderates, which posts wait for a moderator, the one queue, and the
decisions, each written to the audit log (ModerationAction) with who and when.

- Posts by members who are not yet trusted are held (status "held") until a moderator
  approves them; ``CommunitySettings.premoderate_everyone`` holds everyone's posts.
- "Report this post" and "Report this member" make Reports. Reports, held posts and held
  events (``services/events.py`` holds members' events by the same rule) form one queue
  (``moderation_queue``), oldest first, except that reports about someone's safety come
  first. A safeguarding report opens a case (``services/safeguarding.py``), which
  leads the queue until its outcome is recorded; deciding about the report or the post
  never closes the case.
- Every decision (approve, reject, hide, warn, suspend, trust, dismiss) is a function
  here (for events: ``events.approve_event`` and ``events.reject_event``), used by the
  Wagtail admin views, commands and tests alike.

Emails to the member about a decision respect their "decisions about my posts" switch
(``notify_moderation``) and carry a one-click unsubscribe link.
"""

import datetime
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format

from wagtail.models import Site

from sites.community.models import (
    CommunitySettings,
    Event,
    MemberProfile,
    Message,
    ModerationAction,
    Post,
    Report,
    SafeguardingCase,
)
from sites.community.models.discussions import ModeratedStatus
from sites.core.ratelimit import check_rate
from sites.core.setup import BOROUGH_ADMINS, EDITORS, MODERATORS, SAFEGUARDING_LEAD

from . import notifications

# Staff groups that work the moderation queue, and those that approve new groups.
MODERATION_GROUPS = (MODERATORS, EDITORS, BOROUGH_ADMINS)
# Those who see safeguarding cases (Editors moderate, but do not see cases).
CASE_GROUPS = (SAFEGUARDING_LEAD, MODERATORS, BOROUGH_ADMINS)
GROUP_DECISION_GROUPS = (EDITORS, BOROUGH_ADMINS)

# (most attempts, in this many seconds), counted per member in the shared Redis.
RATE_LIMITS = {"report": (10, 60 * 60)}

MAX_SUSPENSION_DAYS = 365
DELETED_MEMBER = "deleted member"


class ModerationError(Exception):
    """The action does not fit the thing (e.g. approving a post its author deleted)."""


def limit(scope: str, key) -> None:
    most, period = RATE_LIMITS[scope]
    check_rate(scope, str(key), most, period)


# --- Who, and what is held -----------------------------------------------------------------


def community_settings() -> CommunitySettings:
    """This borough's community settings (defaults if the borough has no site yet)."""
    site = Site.objects.filter(is_default_site=True).first()
    if site is None:
        return CommunitySettings()
    return CommunitySettings.for_site(site)


def in_groups(user, names) -> bool:
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    return user.is_superuser or user.groups.filter(name__in=names).exists()


def is_moderator(user) -> bool:
    """Moderators, Editors, Borough admins and superusers work the moderation queue."""
    return in_groups(user, MODERATION_GROUPS)


def can_decide_groups(user) -> bool:
    """Editors (and Borough admins, superusers) approve or decline proposed groups."""
    return in_groups(user, GROUP_DECISION_GROUPS)


def can_see_cases(user) -> bool:
    """The safeguarding lead group, Moderators, Borough admins and superusers."""
    return in_groups(user, CASE_GROUPS)


def require_moderator(user) -> None:
    if not is_moderator(user):
        raise PermissionDenied("Only moderators can do this.")


def profile_of(user) -> MemberProfile | None:
    if user is None:
        return None
    try:
        return user.member_profile
    except MemberProfile.DoesNotExist:
        return None


def display_name(user) -> str:
    """What other people see as a member's name: never their email address."""
    if user is None:
        return DELETED_MEMBER
    profile = profile_of(user)
    if profile is not None:
        return profile.display_name
    return "Moderator" if is_moderator(user) else "Member"


def new_post_status(user) -> str:
    """Held, or visible at once? (Moderators' own posts are never held.)"""
    if is_moderator(user):
        return ModeratedStatus.VISIBLE
    if community_settings().premoderate_everyone:
        return ModeratedStatus.HELD
    profile = profile_of(user)
    if profile is not None and profile.is_trusted:
        return ModeratedStatus.VISIBLE
    return ModeratedStatus.HELD


# --- Reports -------------------------------------------------------------------------------


def report_post(reporter, post: Post, *, reason: str, details: str = "", borough=None) -> Report:
    """'Report this post'. Raises RateLimited after too many reports."""
    return _report(reporter, reason, details, borough, post=post, reported_member=post.author)


def report_message(reporter, message, *, reason: str, details: str = "", borough=None) -> Report:
    """'Report this message' (a private message; see sites/community/messaging/)."""
    return _report(
        reporter, reason, details, borough, message=message, reported_member=message.sender
    )


def report_member(reporter, member, *, reason: str, details: str = "", borough=None) -> Report:
    """'Report this member' (from their profile)."""
    if member is None or member.pk == reporter.pk:
        raise ModerationError("You cannot report yourself.")
    return _report(reporter, reason, details, borough, reported_member=member)


def _report(reporter, reason, details, borough, **about) -> Report:
    if reason not in Report.Reason.values:
        raise ModerationError(f"Unknown reason {reason!r}")
    limit("report", reporter.pk)
    with transaction.atomic():
        return _create_report(reporter, reason, details, borough, **about)


def _create_report(reporter, reason, details, borough, **about) -> Report:
    report = Report.objects.create(
        reporter=reporter,
        reason=reason,
        details=details.strip(),
        is_safeguarding=reason == Report.Reason.SAFETY,
        **about,
    )
    if report.is_safeguarding:
        from .safeguarding import open_case

        open_case(report, opened_by=reporter, borough=borough)
    return report


# --- The queue -------------------------------------------------------------------------------


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


def moderation_queue(viewer=None) -> list[QueueItem]:
    """Open safeguarding cases (for those who may see them) first, then open reports, held
    posts and held events: safeguarding reports first, then oldest first."""
    reports = Report.objects.filter(status=Report.Status.OPEN).select_related(
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
    messages = held_messages().select_related("sender__member_profile")
    items += [QueueItem("held-message", m.created_at, False, message=m) for m in messages]
    if _shows_cases(viewer):
        cases = open_cases().select_related("member__member_profile", "report")
        items += [QueueItem("case", c.opened_at, True, case=c, report=c.report) for c in cases]
    items.sort(
        key=lambda item: (item.kind != "case", not item.is_safeguarding, item.created_at, item.key)
    )
    return items


def queue_counts() -> dict[str, int]:
    return {
        "reports": Report.objects.filter(status=Report.Status.OPEN).count(),
        "held-posts": Post.objects.filter(status=ModeratedStatus.HELD).count(),
        "held-events": held_events().count(),
        "held-messages": held_messages().count(),
    }


def queue_size(viewer=None) -> int:
    """How many things wait in the queue (the admin menu and dashboard show it)."""
    cases = open_cases().count() if _shows_cases(viewer) else 0
    return cases + sum(queue_counts().values())


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


# --- Decisions ---------------------------------------------------------------------------------


def log_action(
    moderator,
    action: str,
    *,
    post=None,
    member=None,
    report=None,
    group=None,
    event=None,
    case=None,
    message=None,
    note="",
):
    """Write one line of the audit log. Never edited afterwards."""
    return ModerationAction.objects.create(
        case=case,
        message=message,
        moderator=moderator,
        action=action,
        post=post,
        member=member,
        report=report,
        group=group,
        event=event,
        note=note.strip(),
    )


def _close_reports(*, post=None, report=None) -> None:
    if report is not None and report.status != Report.Status.CLOSED:
        report.status = Report.Status.CLOSED
        report.save(update_fields=["status"])
    if post is not None:
        Report.objects.filter(post=post, status=Report.Status.OPEN).update(
            status=Report.Status.CLOSED
        )


def _first_post(thread) -> Post | None:
    return thread.posts.order_by("created_at", "pk").first()


def set_post_status(post: Post, status: str) -> str:
    """Change a post's status; the discussion follows its first post. Returns the old one."""
    if post.status == ModeratedStatus.REMOVED:
        raise ModerationError("Its author deleted this post.")
    old = post.status
    post.status = status
    post.save(update_fields=["status"])
    thread = post.thread
    first = _first_post(thread)
    if first is not None and first.pk == post.pk and thread.status != status:
        thread.status = status
        thread.save(update_fields=["status"])
    return old


def _post_words(post: Post) -> str:
    body = post.body if len(post.body) <= 600 else post.body[:600].rstrip() + "…"
    return f"What you wrote in “{post.thread.title}”:\n\n{body}"


def note_line(note: str) -> str:
    return f"\n\nThe moderator said:\n{note.strip()}" if note.strip() else ""


def _tell_member(borough, member, subject: str, body: str) -> bool:
    return notifications.notify(borough, member, "moderation", subject, body)


def approve_post(moderator, post: Post, *, note="", report=None, borough=None) -> ModerationAction:
    """Let a held post appear; or keep a reported post (its reports are closed)."""
    require_moderator(moderator)
    with transaction.atomic():
        old = set_post_status(post, ModeratedStatus.VISIBLE)
        _close_reports(post=post, report=report)
        action = log_action(
            moderator,
            ModerationAction.Action.APPROVE,
            post=post,
            member=post.author,
            report=report,
            note=note,
        )
    if old == ModeratedStatus.HELD:
        from sites.community.discussions.links import post_url

        from .discussions import post_became_visible

        post_became_visible(post, borough=borough)
        _tell_member(
            borough,
            post.author,
            "Your post is now on the website",
            f"A moderator has checked your post and it can now be seen by other members.\n\n"
            f"{_post_words(post)}\n\nSee it here:\n"
            f"{notifications.absolute_url(borough, post_url(post))}",
        )
    return action


def _decide_post(moderator, post, status, action_kind, subject, text, *, note, report, borough):
    """Set a post's status, close its reports, log the decision and tell the author."""
    require_moderator(moderator)
    with transaction.atomic():
        set_post_status(post, status)
        _close_reports(post=post, report=report)
        action = log_action(
            moderator, action_kind, post=post, member=post.author, report=report, note=note
        )
    _tell_member(borough, post.author, subject, f"{text}{note_line(note)}\n\n{_post_words(post)}")
    return action


def reject_post(moderator, post: Post, *, note="", report=None, borough=None) -> ModerationAction:
    """A held post that will not appear."""
    return _decide_post(
        moderator,
        post,
        ModeratedStatus.REJECTED,
        ModerationAction.Action.REJECT,
        "A moderator did not approve your post",
        "A moderator has read your post and decided not to put it on the website.",
        note=note,
        report=report,
        borough=borough,
    )


def hide_post(moderator, post: Post, *, note="", report=None, borough=None) -> ModerationAction:
    """Take a post down: others see "This post was hidden by a moderator"."""
    return _decide_post(
        moderator,
        post,
        ModeratedStatus.HIDDEN,
        ModerationAction.Action.HIDE,
        "A moderator has hidden your post",
        "A moderator has hidden one of your posts, so other members cannot see it any more.",
        note=note,
        report=report,
        borough=borough,
    )


def _member_required(member):
    if member is None:
        raise ModerationError("This member has deleted their account.")


def warn_member(
    moderator, member, *, message: str, post=None, report=None, event=None, borough=None
):
    """Send the member a warning from the moderators. Returns (action, emailed)."""
    require_moderator(moderator)
    _member_required(member)
    if not message.strip():
        raise ModerationError("Write the warning the member will get.")
    with transaction.atomic():
        _close_reports(report=report)
        action = log_action(
            moderator,
            ModerationAction.Action.WARN,
            post=post,
            member=member,
            report=report,
            event=event,
            note=message,
        )
    emailed = _tell_member(
        borough,
        member,
        "A message from the moderators",
        f"Hello {display_name(member)},\n\nA moderator has sent you this message:\n\n"
        f"{message.strip()}\n\nPlease be kind and keep everyone safe. Thank you.",
    )
    return action, emailed


def suspend_member(
    moderator, member, *, days: int, note="", post=None, report=None, event=None, borough=None
):
    """Pause a member's posting for ``days`` days. Returns (action, emailed)."""
    require_moderator(moderator)
    _member_required(member)
    if not 1 <= int(days) <= MAX_SUSPENSION_DAYS:
        raise ModerationError(f"Choose between 1 and {MAX_SUSPENSION_DAYS} days.")
    profile = profile_of(member)
    if profile is None:
        raise ModerationError("Only members with a profile can be paused.")
    until = timezone.now() + datetime.timedelta(days=int(days))
    with transaction.atomic():
        profile.suspended_until = until
        profile.save(update_fields=["suspended_until"])
        _close_reports(report=report)
        action = log_action(
            moderator,
            ModerationAction.Action.SUSPEND,
            post=post,
            member=member,
            report=report,
            event=event,
            note=f"{int(days)} days. {note}".strip(),
        )
    when = date_format(timezone.localtime(until), "j F Y")
    emailed = _tell_member(
        borough,
        member,
        "Your account is paused",
        f"Hello {display_name(member)},\n\nA moderator has paused your account until {when}. "
        "You can still read discussions, but you cannot post, reply or start groups until "
        f"then.{note_line(note)}",
    )
    return action, emailed


def unsuspend_member(moderator, member, *, note="") -> ModerationAction:
    require_moderator(moderator)
    _member_required(member)
    MemberProfile.objects.filter(user=member).update(suspended_until=None)
    return log_action(moderator, ModerationAction.Action.UNSUSPEND, member=member, note=note)


def trust_member(moderator, member, *, note="", post=None, report=None, event=None, borough=None):
    """From now on the member's posts and events appear without waiting (unless everyone
    is held)."""
    require_moderator(moderator)
    _member_required(member)
    profile = profile_of(member)
    if profile is None:
        raise ModerationError("Only members with a profile can be trusted.")
    with transaction.atomic():
        profile.is_trusted = True
        profile.save(update_fields=["is_trusted"])
        action = log_action(
            moderator,
            ModerationAction.Action.TRUST,
            post=post,
            member=member,
            report=report,
            event=event,
            note=note,
        )
    _tell_member(
        borough,
        member,
        "Your posts will now appear straight away",
        f"Hello {display_name(member)},\n\nThank you for taking part. A moderator has "
        "checked your posts, and from now on they will appear without waiting for a "
        "moderator.",
    )
    return action


def dismiss_report(moderator, report: Report, *, note="") -> ModerationAction:
    """Nothing needs doing about this report."""
    require_moderator(moderator)
    with transaction.atomic():
        _close_reports(report=report)
        return log_action(
            moderator,
            ModerationAction.Action.DISMISS,
            post=report.post,
            member=report.reported_member,
            report=report,
            note=note,
        )
