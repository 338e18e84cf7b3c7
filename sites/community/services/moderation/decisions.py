"""Moderators' decisions about posts, members and reports, each written to the audit
log; the member is told if they keep \"decisions about my posts\" on."""

import datetime

from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from sites.community.discussions.links import post_url
from sites.community.models import (
    MemberProfile,
    ModerationAction,
    Post,
    Report,
)
from sites.community.models.discussions import ModeratedStatus
from sites.community.signals import held_post_approved

from .. import notifications
from .permissions import (
    MAX_SUSPENSION_DAYS,
    ModerationError,
    display_name,
    profile_of,
    require_moderator,
)


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
        raise ModerationError(_("Its author deleted this post."))
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
    return _("What you wrote in “%(title)s”:") % {"title": post.thread.title} + f"\n\n{body}"


def note_line(note: str) -> str:
    return "\n\n" + _("The moderator said:") + f"\n{note.strip()}" if note.strip() else ""


def _hello(member) -> str:
    return _("Hello %(name)s,") % {"name": display_name(member)} + "\n\n"


def _tell_member(borough, member, write) -> bool:
    """Tell ``member`` a decision: ``write()`` returns (subject, body), in their language."""
    return notifications.notify_in_their_language(borough, member, "moderation", write)


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
        held_post_approved.send(Post, post=post, borough=borough)
        _tell_member(
            borough,
            post.author,
            lambda: (
                _("Your post is now on the website"),
                _("A moderator has checked your post and it can now be seen by other members.")
                + f"\n\n{_post_words(post)}\n\n"
                + _("See it here:")
                + f"\n{notifications.absolute_url(borough, post_url(post))}",
            ),
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
    _tell_member(
        borough,
        post.author,
        lambda: (str(subject), f"{text}{note_line(note)}\n\n{_post_words(post)}"),
    )
    return action


def reject_post(moderator, post: Post, *, note="", report=None, borough=None) -> ModerationAction:
    """A held post that will not appear."""
    return _decide_post(
        moderator,
        post,
        ModeratedStatus.REJECTED,
        ModerationAction.Action.REJECT,
        gettext_lazy("A moderator did not approve your post"),
        gettext_lazy("A moderator has read your post and decided not to put it on the website."),
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
        gettext_lazy("A moderator has hidden your post"),
        gettext_lazy(
            "A moderator has hidden one of your posts, so other members cannot see it any more."
        ),
        note=note,
        report=report,
        borough=borough,
    )


def _member_required(member):
    if member is None:
        raise ModerationError(_("This member has deleted their account."))


def warn_member(
    moderator, member, *, message: str, post=None, report=None, event=None, borough=None
):
    """Send the member a warning from the moderators. Returns (action, emailed)."""
    require_moderator(moderator)
    _member_required(member)
    if not message.strip():
        raise ModerationError(_("Write the warning the member will get."))
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
        lambda: (
            _("A message from the moderators"),
            _hello(member)
            + _("A moderator has sent you this message:")
            + f"\n\n{message.strip()}\n\n"
            + _("Please be kind and keep everyone safe. Thank you."),
        ),
    )
    return action, emailed


def suspend_member(
    moderator, member, *, days: int, note="", post=None, report=None, event=None, borough=None
):
    """Pause a member's posting for ``days`` days. Returns (action, emailed)."""
    require_moderator(moderator)
    _member_required(member)
    if not 1 <= int(days) <= MAX_SUSPENSION_DAYS:
        raise ModerationError(
            _("Choose between 1 and %(most)s days.") % {"most": MAX_SUSPENSION_DAYS}
        )
    profile = profile_of(member)
    if profile is None:
        raise ModerationError(_("Only members with a profile can be paused."))
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
    emailed = _tell_member(
        borough,
        member,
        lambda: (
            _("Your account is paused"),
            _hello(member)
            + _(
                "A moderator has paused your account until %(when)s. You can still read "
                "discussions, but you cannot post, reply or start groups until then."
            )
            % {"when": date_format(timezone.localtime(until), "j E Y")}
            + note_line(note),
        ),
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
        raise ModerationError(_("Only members with a profile can be trusted."))
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
        lambda: (
            _("Your posts will now appear straight away"),
            _hello(member)
            + _(
                "Thank you for taking part. A moderator has checked your posts, and from now "
                "on they will appear without waiting for a moderator."
            ),
        ),
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
