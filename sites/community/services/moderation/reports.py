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
    # Reporting the same thing again (a double click, or worry) adds to the open report:
    # no second case, no second email to the safeguarding lead. A report about someone's
    # safety is never folded into one that is not.
    # All three named: a report about a member is not one about their post or message.
    same_thing = {name: about.get(name) for name in ("post", "message", "reported_member")}
    open_ones = Report.objects.select_for_update().filter(
        reporter=reporter, status=Report.Status.OPEN, **same_thing
    )
    if reason == Report.Reason.SAFETY:
        open_ones = open_ones.filter(is_safeguarding=True)
    earlier = open_ones.order_by("pk").first()
    if earlier is not None:
        more = details.strip()
        if more and more not in earlier.details:
            limit_ = Report._meta.get_field("details").max_length
            earlier.details = f"{earlier.details}\n\n{more}".strip()[:limit_]
            earlier.save(update_fields=["details"])
        return earlier
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
