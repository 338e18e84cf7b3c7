"""'Report a problem with this listing': saving a report, telling the Editors, closing it.

Runs inside the current borough's schema, so the Editors, the settings and the report
are always the borough's own.
"""

import logging

from django.contrib.auth import get_user_model
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from wagtail.models import Page, Site

from sites.core.roles import EDITORS
from tenants.emails import borough_base_url, borough_email

from ..models import DirectorySettings, ListingReport

logger = logging.getLogger(__name__)


def editor_addresses(page=None) -> list[str]:
    """Every active Editor's email, and the borough's directory inbox, once each.

    The inbox is the setting of ``page``'s site, or of the borough's own site."""
    addresses = (
        get_user_model()
        .objects.filter(groups__name=EDITORS, is_active=True)
        .exclude(email="")
        .values_list("email", flat=True)
    )
    found = {address.strip().lower(): address.strip() for address in addresses}
    site = (
        page.get_site() if page is not None else Site.objects.filter(is_default_site=True).first()
    )
    inbox = DirectorySettings.for_site(site).editors_email if site else ""
    if inbox:
        found.setdefault(inbox.strip().lower(), inbox.strip())
    return sorted(found.values(), key=str.lower)


def report_listing(
    listing, reason: str, details: str = "", email: str = "", path: str = ""
) -> ListingReport:
    """Save a visitor's report about ``listing`` (a page, or an event at ``path``) and
    email it to the borough's Editors.

    The report is kept even if an email cannot be sent: the Editors also see every
    report in the admin, under Directory.
    """
    page = listing if isinstance(listing, Page) else None
    report = ListingReport.objects.create(
        page=page,
        event=None if page else listing,
        reason=reason,
        details=details.strip(),
        reporter_email=email.strip(),
    )
    if page is not None:
        url_parts = page.get_url_parts()
        path = url_parts[2] if url_parts else "/"
    borough = connection.tenant
    subject = f"Problem reported: {listing.title}"
    body = _email_body(borough, report, path)
    for address in editor_addresses(page):
        try:
            borough_email(borough, subject, body, [address]).send()
        except Exception:
            logger.exception("Could not email report %s to an Editor", report.pk)
    return report


def _email_body(borough, report: ListingReport, path: str) -> str:
    base = borough_base_url(borough)
    what = "an event" if report.event_id else "a listing"
    lines = [
        "Hello,",
        "",
        f"Someone reported a problem with {what} on Connect & Do {borough.name}.",
        "",
        f"{'Event' if report.event_id else 'Listing'}: {report.listing.title}",
        f"Web page: {base}{path or '/'}",
        f"Problem: {report.get_reason_display()}",
    ]
    if report.details:
        lines += ["", "What they told us:", report.details]
    lines += [""]
    if report.reporter_email:
        lines.append(f"They would like a reply at: {report.reporter_email}")
    else:
        lines.append("They did not ask for a reply.")
    lines += [
        "",
        "See the report, and mark it resolved when it is sorted out:",
        base + reverse("listing_reports:edit", args=[report.pk]),
    ]
    return "\n".join(lines) + "\n"


def set_report_status(
    report: ListingReport, status: str, user=None, save: bool = True
) -> ListingReport:
    """Open or resolve a report, remembering who resolved it and when."""
    report.status = status
    if status == ListingReport.Status.RESOLVED:
        if report.resolved_at is None:
            report.resolved_at = timezone.now()
            report.resolved_by = user
    else:
        report.resolved_at = None
        report.resolved_by = None
    if save:
        report.save()
    return report
