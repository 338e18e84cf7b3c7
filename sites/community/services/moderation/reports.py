"""\"Report this post\" and \"Report this member\": a Report for the queue; a report about
someone's safety also opens a safeguarding case (through signals.safety_report_filed)."""

from django.db import transaction
from django.utils.translation import gettext as _

from sites.community.models import (
    Post,
    Report,
)
from sites.community.signals import safety_report_filed
from sites.core.ratelimit import limit

from .permissions import ModerationError


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
        raise ModerationError(_("You cannot report yourself."))
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
        safety_report_filed.send(Report, report=report, opened_by=reporter, borough=borough)
    return report
