"""Requests to list an organisation and "Report a problem" reports are deleted
``REQUESTS_KEPT_YEARS`` after they were made (``sites/core/retention.py``), once an
Editor has dealt with them: one still waiting (a pending request, an open report) is kept
until they have, as the privacy notice says. A report that opened a safeguarding case is
kept while the case is: the apps that open such cases say which through the hook
``listing_reports_kept`` (a query of report ids), as the directory imports none of them.
"""

import datetime

from wagtail import hooks

from sites.core.retention import deleted, requests_cutoff

from ..models import ListingReport, OrganisationJoinRequest


def delete_old_requests_and_reports(now: datetime.datetime) -> dict[str, int]:
    cutoff = requests_cutoff(now)
    requests = OrganisationJoinRequest.objects.filter(created_at__lt=cutoff).exclude(
        status=OrganisationJoinRequest.Status.PENDING
    )
    reports = ListingReport.objects.filter(created_at__lt=cutoff).exclude(
        status=ListingReport.Status.OPEN
    )
    for kept in hooks.get_hooks("listing_reports_kept"):
        reports = reports.exclude(pk__in=kept())
    return {
        "request(s) to list an organisation": deleted(requests),
        "listing report(s)": deleted(reports),
    }
