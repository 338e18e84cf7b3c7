"""What a safeguarding case says was reported, in its reader's language.

A case keeps facts, not sentences (``SafeguardingCase.summary_facts``): what kind of
thing each one is, a reason's code, and the words people wrote (a post, a private
message, a reporter's details, a title), quoted as they were when the case opened. Our
words around them ("Reason:", "The post:") are written when a page or an email is made,
in the language active then: each reader's own (``in_each_reader_language``).

Cases opened before facts were kept have only their stored English ``summary``: it is
shown as it was.
"""

from django.utils.translation import gettext as _

from sites.community.models import Report, SafeguardingCase
from sites.directory.models import ListingReport
from sites.directory.services.reports import report_links

REASON = "reason"
LISTING_REASON = "listing-reason"


def report_facts(report: Report) -> list[list[str]]:
    """What a member's report says, kept when its case opens."""
    facts = [[REASON, report.reason]]
    if report.post_id:
        facts += [["discussion", report.post.thread.title], ["post", report.post.body]]
    if report.message_id:
        facts.append(["message", report.message.body])
    if report.details:
        facts.append(["reporter-said", report.details])
    return facts


def listing_report_facts(report: ListingReport) -> list[list[str]]:
    """What a visitor's report about a listing or an event says, kept when its case opens."""
    facts = [
        [LISTING_REASON, report.reason],
        ["event" if report.event_id else "listing", report.listing.title],
    ]
    public_url = report_links(report).public_url
    if public_url:
        facts.append(["web-page", public_url])
    if report.details:
        facts.append(["visitor-said", report.details])
    return facts


def _reason(choices, code: str) -> str:
    return str(choices(code).label) if code in choices.values else code


def _line(kind: str, value: str) -> str:
    if kind == REASON:
        return _("Reason: %(reason)s") % {"reason": _reason(Report.Reason, value)}
    if kind == LISTING_REASON:
        return _("Reason: %(reason)s") % {"reason": _reason(ListingReport.Reason, value)}
    framing = {
        "discussion": _("In the discussion: %(words)s"),
        "post": _("The post: %(words)s"),
        "message": _("The private message: %(words)s"),
        "reporter-said": _("What the reporter told us: %(words)s"),
        "listing": _("Listing: %(words)s"),
        "event": _("Event: %(words)s"),
        "visitor-said": _("What the visitor told us: %(words)s"),
    }
    if kind == "web-page":
        return _("Web page: %(url)s") % {"url": value}
    return framing[kind] % {"words": value} if kind in framing else value


def case_summary(case: SafeguardingCase) -> str:
    """What was reported, in the active language; a case from before, as it was stored."""
    if not case.summary_facts:
        return case.summary
    return "\n".join(_line(kind, value) for kind, value in case.summary_facts)
