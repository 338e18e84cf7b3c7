"""'Report a problem with this listing': saving a report, telling the Editors, closing it.

Runs inside the current borough's schema, so the Editors, the settings and the report
are always the borough's own.
"""

import logging
from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.db import connection
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext

from wagtail.models import Page, Site

from sites.core.once import SENT_AGAIN_WITHIN, made_once, sent_within
from sites.core.roles import EDITORS
from sites.core.staff_language import in_each_reader_language
from tenants.emails import borough_base_url, borough_email, current_borough_base_url

from ..models import DirectorySettings, ListingReport
from ..signals import listing_concern_reported

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

    A worrying report ("Something about it worries me") also opens a safeguarding case,
    saved with the report or not at all (signals.listing_concern_reported).

    The report is kept even if an email cannot be sent: the Editors also see every
    report in the admin, under Directory.
    """
    page = listing if isinstance(listing, Page) else None
    borough = connection.tenant
    fields = {
        "page": page,
        "event": None if page else listing,
        "reason": reason,
        "details": details.strip(),
        "reporter_email": email.strip(),
    }

    def make() -> ListingReport:
        report = ListingReport.objects.create(**fields)
        if report.is_safeguarding_concern:
            listing_concern_reported.send(ListingReport, report=report, borough=borough)
        return report

    # The same report sent again (Send pressed twice) is the first one: nothing new.
    same = ListingReport.objects.filter(status=ListingReport.Status.OPEN, **fields)
    report, made = made_once(
        ("listing-report", listing._meta.label, listing.pk),
        lambda: sent_within(same, SENT_AGAIN_WITHIN),
        make,
    )
    if not made:
        return report
    if page is not None:
        path = _page_path(page) or "/"
    # Each Editor reads it in their own admin language (their account's "Preferred
    # language"); the directory inbox, in the platform's.
    for group in in_each_reader_language(editor_addresses(page)):
        body = _email_body(borough, report, path)
        subject = email_subject(report)
        for address in group:
            try:
                borough_email(borough, subject, body, [address]).send()
            except Exception:
                logger.exception("Could not email report %s to an Editor", report.pk)
    return report


def email_subject(report: ListingReport) -> str:
    """What the Editors' inbox shows: a safeguarding concern stands out from the rest."""
    if report.is_safeguarding_concern:
        return gettext("Safeguarding concern reported: %(title)s") % {"title": report.listing.title}
    return gettext("Problem reported: %(title)s") % {"title": report.listing.title}


def _page_path(page) -> str | None:
    url_parts = page.get_url_parts()
    return url_parts[2] if url_parts else None


@dataclass(frozen=True)
class ReportLinks:
    """Where an Editor finds what was reported: its public page (full address, on the
    borough's own host) and, for a listing page, its page in the admin."""

    public_url: str | None
    admin_url: str | None


def report_links(report: ListingReport) -> ReportLinks:
    """Call inside the report's borough."""
    base = current_borough_base_url()
    if report.page_id:
        page = report.page.specific
        path = _page_path(page)
        admin_url = reverse("wagtailadmin_pages:edit", args=[page.pk])
    else:
        path = report.event.get_absolute_url()
        admin_url = None
    return ReportLinks(public_url=base + path if path else None, admin_url=admin_url)


def _email_body(borough, report: ListingReport, path: str) -> str:
    base = borough_base_url(borough)
    names = {"site": f"Connect & Do {borough.name}", "title": report.listing.title}
    lines = [gettext("Hello,"), ""]
    if report.is_safeguarding_concern:
        lines += [
            gettext(
                "Someone is worried about something on %(site)s. It may be about someone's "
                "safety: please read it today."
            )
            % names,
            "",
        ]
    elif report.event_id:
        lines += [gettext("Someone reported a problem with an event on %(site)s.") % names, ""]
    else:
        lines += [gettext("Someone reported a problem with a listing on %(site)s.") % names, ""]
    what = gettext("Event: %(title)s") if report.event_id else gettext("Listing: %(title)s")
    lines += [
        what % names,
        gettext("Web page: %(url)s") % {"url": f"{base}{path or '/'}"},
        gettext("Problem: %(problem)s") % {"problem": report.get_reason_display()},
    ]
    if report.details:
        lines += ["", gettext("What they told us:"), report.details]
    lines += [""]
    if report.reporter_email:
        lines.append(
            gettext("They would like a reply at: %(email)s") % {"email": report.reporter_email}
        )
    else:
        lines.append(gettext("They did not ask for a reply."))
    lines += [
        "",
        gettext("See the report, and mark it resolved when it is sorted out:"),
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
