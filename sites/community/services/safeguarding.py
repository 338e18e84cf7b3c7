"""Safeguarding cases: a concern that someone may be at risk of harm, followed through.

- A report flagged "someone may be at risk of harm" (by the member reporting, or later
  by a moderator with ``flag_report``) opens a case (``open_case``); so does a visitor's
  listing or event report "Something about it worries me" (``open_listing_case``, from
  the directory's signal ``listing_concern_reported``; nobody is named). The borough's
  safeguarding lead is emailed at once, after the transaction commits; without a lead's
  email, the Borough admins are (the dashboard warns them; see docs/safeguarding.md).
- The report and the case are separate: deciding about the post closes the report,
  never the case. ``close_case`` needs an outcome, a reason for "no action needed", and
  records who closed it; the audit log (ModerationAction) names the outcome.
- ``escalate_overdue_cases`` (the command ``escalate_safeguarding_cases``) emails the
  lead and the Borough admins once about each case still open after the borough's
  number of hours; a run that reached only some of them tries only the others next.
- Cases are seen only by the safeguarding lead group, Moderators and Borough admins
  (``can_see_cases``); Editors moderate, but do not see cases.
"""

import datetime
from dataclasses import dataclass, field

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from sites.community.models import (
    CommunitySettings,
    ModerationAction,
    Report,
    SafeguardingCase,
)
from sites.core.roles import borough_admins
from sites.core.staff_language import in_each_reader_language, send_to_those_not_told
from sites.directory.models import ListingReport

from . import notifications
from .case_summary import case_summary, listing_report_facts, report_facts
from .moderation import (
    can_see_cases,
    community_settings,
    display_name,
    log_action,
    require_moderator,
)

Outcome = SafeguardingCase.Outcome

# What every case page and email says, in plain words.
GUIDANCE = [
    gettext_lazy("If someone is in immediate danger, call 999."),
    gettext_lazy("Samaritans, any time, free: call 116 123."),
    gettext_lazy("Shout, any time, free: text SHOUT to 85258."),
    gettext_lazy("NHS 111, option 2, for a mental health crisis."),
]


class CaseError(Exception):
    """The case cannot be closed like this (no outcome, no reason, closed already)."""


def require_case_viewer(user) -> None:
    if not can_see_cases(user):
        raise PermissionDenied(_("Only the safeguarding lead, Moderators and admins see cases."))


# --- Who is told ---------------------------------------------------------------------------


@dataclass(frozen=True)
class SafeguardingLead:
    name: str
    email: str
    phone: str


def safeguarding_lead() -> SafeguardingLead | None:
    """The borough's lead from its settings; None until an email is set."""
    community = community_settings()
    if not community.safeguarding_email:
        return None
    return SafeguardingLead(
        community.safeguarding_lead_name,
        community.safeguarding_email,
        community.safeguarding_lead_phone,
    )


def record_safeguarding_lead(site, *, name="", email="", phone="") -> None:
    """At launch: the lead's contact details in the new borough's settings."""
    community = CommunitySettings.for_site(site)
    community.safeguarding_lead_name = name.strip()
    community.safeguarding_email = email.strip()
    community.safeguarding_lead_phone = phone.strip()
    community.save()


def _admin_emails() -> list[str]:
    emails = borough_admins().filter(is_active=True).exclude(email="")
    return sorted(set(emails.values_list("email", flat=True)))


def case_recipients() -> list[str]:
    """The lead; the Borough admins when the borough has no lead yet."""
    lead = safeguarding_lead()
    return [lead.email] if lead else _admin_emails()


def escalation_recipients() -> list[str]:
    lead = safeguarding_lead()
    return sorted(set(([lead.email] if lead else []) + _admin_emails()))


# --- Opening a case ----------------------------------------------------------------------


def open_case_for_report(sender, *, report, opened_by=None, borough=None, **kwargs) -> None:
    """Receives signals.safety_report_filed (sent by moderation when a report is filed)."""
    open_case(report, opened_by=opened_by, borough=borough)


def open_case(report: Report, *, opened_by=None, borough=None, note="") -> SafeguardingCase:
    """The case for this report (one per report); the lead is emailed after commit."""
    defaults = {
        "member": report.reported_member,
        "opened_by": opened_by,
        "summary_facts": report_facts(report),
    }
    logged = {"post": report.post, "member": report.reported_member, "report": report}
    return _open({"report": report}, defaults, opened_by, logged, note, borough)


def open_case_for_listing_report(sender, *, report, borough=None, **kwargs) -> None:
    """Receives the directory's signals.listing_concern_reported (a visitor's report
    "Something about it worries me" about a listing or an event)."""
    open_listing_case(report, borough=borough)


def open_listing_case(report: ListingReport, *, borough=None) -> SafeguardingCase:
    """The case for a worrying listing report (one per report): nobody is named in it,
    and the lead is emailed after commit, as for any case."""
    defaults = {
        "summary_facts": listing_report_facts(report),
        "listing_title": report.listing.title,
    }
    note = f"A visitor reported {report.listing.title}: {report.get_reason_display()}"
    return _open({"listing_report": report}, defaults, None, {}, note, borough)


def _open(lookup, defaults, opened_by, logged, note, borough) -> SafeguardingCase:
    with transaction.atomic():
        case, created = SafeguardingCase.objects.get_or_create(**lookup, defaults=defaults)
        if created:
            log_action(opened_by, ModerationAction.Action.OPEN_CASE, case=case, note=note, **logged)
            borough = borough or notifications.current_borough()
            transaction.on_commit(lambda: send_case_email(case, borough=borough))
    return case


def flag_report(moderator, report: Report, *, note="", borough=None) -> SafeguardingCase:
    """A moderator decides a report is about someone's safety after all: a case opens."""
    require_moderator(moderator)
    with transaction.atomic():
        if not report.is_safeguarding:
            report.is_safeguarding = True
            report.save(update_fields=["is_safeguarding"])
        return open_case(report, opened_by=moderator, borough=borough, note=note)


def case_url(borough, case: SafeguardingCase) -> str:
    path = reverse("community_safeguarding_case", urlconf=settings.ROOT_URLCONF, args=[case.pk])
    return notifications.absolute_url(borough, path)


def _when(moment) -> str:
    return date_format(timezone.localtime(moment), "j E Y, H:i")  # "2 marca", not "2 Marzec"


def case_about(case: SafeguardingCase) -> str:
    """Whom or what the case is about, in a line."""
    if case.is_about_listing:
        return _("About a listing or event, not a member: %(title)s") % {
            "title": case.listing_title
        }
    return _("About the member: %(name)s") % {"name": display_name(case.member)}


def _case_lines(case: SafeguardingCase, borough) -> list[str]:
    if case.is_about_listing:
        open_it = _("Open the case and record what was done:")
    else:
        open_it = _(
            "Open the case, see the member's other posts and earlier reports, and record what "
            "was done:"
        )
    lines = [
        _("Opened: %(when)s") % {"when": _when(case.opened_at)},
        case_about(case),
        "",
        case_summary(case),
        "",
        open_it,
        case_url(borough, case),
        "",
        *(str(line) for line in GUIDANCE),
    ]
    if safeguarding_lead() is None:
        lines += [
            "",
            _(
                "This borough has no safeguarding lead yet, so this email went to its admins. "
                "Set one in the admin: Settings, Community."
            ),
        ]
    return lines


def send_case_email(case: SafeguardingCase, *, borough=None) -> bool:
    borough = borough or notifications.current_borough()
    recipients = case_recipients()
    if not recipients:
        return False

    def write():
        body = "\n".join([_("Someone may be at risk of harm. A safeguarding case is open."), ""])
        subject = _("Safeguarding case – Connect & Do %(borough)s") % {"borough": borough.name}
        return subject, body + "\n".join(_case_lines(case, borough))

    return _send_in_their_languages(borough, recipients, write)


def _send_in_their_languages(borough, recipients, write) -> bool:
    """One email for each language the recipients read (their admin language), with the
    (subject, body) ``write()`` gives in it. True if every one went."""
    sent = [
        notifications.send_plain_email(borough, *write(), group)
        for group in in_each_reader_language(recipients)
    ]
    return bool(sent) and all(sent)


# --- Closing a case ------------------------------------------------------------------------


def outcome_note(outcome: str, reason: str, notes: str) -> str:
    """What the audit log says about a closed case."""
    parts = [f"Outcome: {Outcome(outcome).label}."]
    if reason.strip():
        parts.append(f"Reason: {reason.strip()}")
    if notes.strip():
        parts.append(f"Notes: {notes.strip()}")
    return "\n".join(parts)


def close_case(user, case: SafeguardingCase, *, outcome: str, reason="", notes=""):
    """Close a case with what was done and by whom. Raises CaseError if anything is missing."""
    require_case_viewer(user)
    if outcome not in Outcome.values:
        raise CaseError(_("Choose what was done."))
    if outcome == Outcome.NO_ACTION and not reason.strip():
        raise CaseError(_("Say why no action is needed."))
    with transaction.atomic():
        locked = SafeguardingCase.objects.select_for_update().get(pk=case.pk)
        if not locked.is_open:
            raise CaseError(_("This case is closed already."))
        locked.status = SafeguardingCase.Status.CLOSED
        locked.outcome = outcome
        locked.outcome_reason = reason.strip()
        locked.notes = notes.strip()
        locked.closed_by = user
        locked.closed_at = timezone.now()
        locked.save()
        log_action(
            user,
            ModerationAction.Action.CLOSE_CASE,
            member=locked.member,
            report=locked.report,
            case=locked,
            note=outcome_note(outcome, reason, notes),
        )
    return locked


# --- Escalation ----------------------------------------------------------------------------


def overdue_cases(now=None):
    """Open cases left longer than the borough's limit, not escalated yet."""
    now = now or timezone.now()
    hours = community_settings().safeguarding_escalate_after_hours
    return SafeguardingCase.objects.filter(
        status=SafeguardingCase.Status.OPEN,
        escalated_at__isnull=True,
        opened_at__lte=now - datetime.timedelta(hours=hours),
    )


@dataclass
class EscalationSummary:
    borough: str
    escalated: list[int] = field(default_factory=list)
    failures: int = 0

    def __str__(self):
        text = f"{self.borough}: {len(self.escalated)} case(s) escalated"
        return text + (f", {self.failures} email(s) not sent" if self.failures else "")


def escalate_overdue_cases(borough=None, *, now=None) -> EscalationSummary:
    """Email the lead and the Borough admins once about each overdue case. Who was told is
    saved on the case (``escalated_to``) as soon as each language group's email goes, under
    a lock on the case, so a run that stops half way leaves the rest to the next run and
    two runs at once never both send; the case counts as escalated (``escalated_at``) only
    once everyone was told."""
    now = now or timezone.now()
    borough = borough or notifications.current_borough()
    summary = EscalationSummary(borough.slug)
    hours = community_settings().safeguarding_escalate_after_hours
    recipients = escalation_recipients()
    for case in overdue_cases(now).select_related("member__member_profile"):
        cases = SafeguardingCase.objects.filter(pk=case.pk)
        _, left = send_to_those_not_told(
            recipients,
            lambda group, case=case: notifications.send_plain_email(
                borough, *_still_open(case, borough, hours), group
            ),
            told=lambda cases=cases: cases.select_for_update().get().escalated_to,
            record=lambda group, cases=cases: cases.update(
                escalated_to=[*cases.get().escalated_to, *group]
            ),
        )
        if left or not recipients:
            summary.failures += 1
            continue
        # Only the run that marks it escalated logs it (another may have finished first).
        if not cases.filter(escalated_at__isnull=True).update(escalated_at=now):
            continue
        log_action(
            None,
            ModerationAction.Action.ESCALATE_CASE,
            member=case.member,
            case=case,
            note=f"Still open after {hours} hours.",
        )
        summary.escalated.append(case.pk)
    return summary


def _still_open(case: SafeguardingCase, borough, hours: int) -> tuple[str, str]:
    subject = _("Still open: safeguarding case – Connect & Do %(borough)s") % {
        "borough": borough.name
    }
    still_open = ngettext(
        "This safeguarding case has been open for more than %(hours)s hour and "
        "nobody has recorded what was done.",
        "This safeguarding case has been open for more than %(hours)s hours and "
        "nobody has recorded what was done.",
        hours,
    ) % {"hours": hours}
    return subject, "\n".join([still_open, "", *_case_lines(case, borough)])
