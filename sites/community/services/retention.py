"""Safety records are deleted ``SAFETY_RECORDS_KEPT_YEARS`` after they were made
(``sites/core/retention.py``): reports about posts or members that moderators have dealt
with, and the log of what moderators did (``ModerationAction``).

A safeguarding case is never deleted while it is open. It is kept for the same period
after it closes, and with it the report it came from and every action about either of
them, whatever their age: one concern's record stays whole. A report still waiting for a
moderator is kept until it is dealt with, and so is what moderators did about it. A
"Report a problem" report about a listing that opened a case is kept by the directory
while the case is (``listing_reports_kept``).
"""

import datetime

from sites.core.retention import deleted, safety_records_cutoff

from ..models import ModerationAction, Report, SafeguardingCase


def delete_old_safety_records(now: datetime.datetime) -> dict[str, int]:
    cutoff = safety_records_cutoff(now)
    # Cases closed before the cutoff go first, with their own history; every case left
    # (open, or closed since) keeps its report and the actions about it.
    cases = SafeguardingCase.objects.filter(
        status=SafeguardingCase.Status.CLOSED, closed_at__lt=cutoff
    )
    case_actions = deleted(ModerationAction.objects.filter(case__in=cases))
    case_count = deleted(cases)
    reports = Report.objects.filter(
        status=Report.Status.CLOSED, created_at__lt=cutoff, safeguarding_case__isnull=True
    )
    # What moderators did about a report stays while the report does (still waiting).
    actions = ModerationAction.objects.filter(
        created_at__lt=cutoff, case__isnull=True, report__safeguarding_case__isnull=True
    ).exclude(report__status=Report.Status.OPEN)
    return {
        "moderation record(s)": case_actions + deleted(actions),
        "report(s) about posts or members": deleted(reports),
        "closed safeguarding case(s)": case_count,
    }


def listing_reports_with_a_case():
    """The ids of "Report a problem" reports that opened a safeguarding case (a query):
    the case keeps its report while it is kept (open, or closed for less than the period),
    and takes it along when it goes."""
    return SafeguardingCase.objects.filter(listing_report__isnull=False).values("listing_report_id")
