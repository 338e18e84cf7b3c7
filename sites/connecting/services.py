"""Writes for Community Connecting: taking a referral, moving it along, reminding the team."""

import datetime
from dataclasses import dataclass, field

from django.contrib.auth import get_user_model
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext

from sites.core.once import made_once
from sites.core.roles import CONNECTING_TEAM_LEADS
from tenants.emails import borough_base_url, send_borough_email

from .models import ConnectingSettings, Participant, Referral
from .workdays import add_working_days


class StatusError(ValueError):
    """A status change that does not make sense; ``field`` names the form field at fault."""

    def __init__(self, message: str, field: str = "close_reason"):
        super().__init__(message)
        self.message = message
        self.field = field


def team_lead_emails() -> list[str]:
    users = (
        get_user_model()
        .objects.filter(is_active=True, groups__name=CONNECTING_TEAM_LEADS)
        .exclude(email="")
    )
    return sorted(set(users.values_list("email", flat=True)))


def team_emails(borough) -> list[str]:
    """The team leads; the borough's contact address while there are none."""
    leads = team_lead_emails()
    if leads:
        return leads
    return [borough.contact_email] if borough.contact_email else []


def _send(borough, subject: str, body: str, to: list[str]) -> bool:
    return bool(to) and send_borough_email(borough, subject, body, to)


def admin_url(borough, referral: Referral) -> str:
    return borough_base_url(borough) + reverse("referrals:edit", args=[referral.pk])


# The same form sent again (a double click, Back and Send, a page reloaded) while the first
# is still waiting is the same request: one referral, one acknowledgement, one email.
RESENT_WITHIN = datetime.timedelta(days=1)


def _sent_before(fields: dict, interests) -> Referral | None:
    wanted = {interest.pk for interest in interests}
    since = timezone.now() - RESENT_WITHIN
    earlier = Referral.objects.filter(status=Referral.Status.NEW, created_at__gte=since, **fields)
    for referral in earlier.prefetch_related("interests").order_by("pk"):
        if {interest.pk for interest in referral.interests.all()} == wanted:
            return referral
    return None


def _make_referral(fields: dict, interests) -> Referral:
    referral = Referral.objects.create(**fields)
    referral.interests.set(interests)
    return referral


def submit_referral(borough, *, interests=(), **fields) -> Referral:
    """Save a referral from a public form, acknowledge it and tell the team; the same
    referral sent again while the first waits is not saved or told twice."""
    referral, made = made_once(
        ("referral", fields.get("contact_detail", "")),
        lambda: _sent_before(fields, interests),
        lambda: _make_referral(fields, interests),
    )
    if not made:
        return referral
    _acknowledge(borough, referral)
    # The team's email holds no personal details: a link to the admin, where access is checked.
    _send(
        borough,
        "New request for a Community Connector",
        "Hello,\n\n"
        "Someone has asked for support from a Community Connector "
        f"({referral.get_kind_display().lower()}).\n\n"
        f"Please read it and get in touch with them:\n{admin_url(borough, referral)}\n",
        team_emails(borough),
    )
    return referral


def _acknowledge(borough, referral: Referral) -> None:
    # Sent to whatever address was typed, so it repeats none of the words typed with it
    # (names): the form cannot be used to send someone a message of a stranger's making.
    if referral.kind == Referral.Kind.PROFESSIONAL:
        to = [referral.referrer_email]
        body = (
            "Hello,\n\n"
            f"Thank you for your referral to Community Connecting in {borough.name}. "
            "A Community Connector will get in touch with the person you referred within "
            "a few working days, the way they chose.\n\n"
            "You do not need to do anything else. If you did not make this referral, you "
            "can ignore this email.\n"
        )
    elif referral.contact_method == Referral.ContactMethod.EMAIL:
        to = [referral.contact_detail]
        body = (
            "Hello,\n\n"
            f"Thank you for asking for support from a Community Connector in {borough.name}. "
            "One of us will get in touch with you within a few working days, at the times "
            "you told us suit you.\n\n"
            "If you did not ask for this, you can ignore this email and we will not contact you.\n"
        )
    else:
        return  # They chose a phone call or a text: we do not email them.
    _send(borough, "We have your request for support", body, to)


def set_status(
    referral: Referral, status: str, close_reason: str = "", *, now=None, save: bool = True
) -> Referral:
    """Move a referral along; closing needs a reason, and only closing has one."""
    now = now or timezone.now()
    if status == Referral.Status.CLOSED and not close_reason:
        raise StatusError(gettext("Choose why the referral is closed."))
    if status != Referral.Status.CLOSED and close_reason:
        raise StatusError(
            gettext("Only a closed referral has a reason for closing. Clear the reason.")
        )
    referral.status = status
    referral.close_reason = close_reason
    if status != Referral.Status.NEW and referral.contacted_at is None:
        referral.contacted_at = now
    # Saving a closed referral again (to correct its reason) keeps the day it was closed.
    if status == Referral.Status.CLOSED:
        referral.closed_at = referral.closed_at or now
    else:
        referral.closed_at = None
    if save:
        referral.save()
    return referral


def check_status_change(referral: Referral, status: str, close_reason: str) -> None:
    """What the team may change by hand on a referral (the admin's form): once a record
    is opened from it, the referral moves with the record (journey.py), and only opening
    a record puts it in coaching."""
    changed = status != referral.status or close_reason != referral.close_reason
    if not changed:
        return
    if Participant.objects.filter(referral=referral).exists():
        raise StatusError(
            gettext(
                "This referral has a coaching record, so it moves with the record. "
                "Change the status on the record instead."
            ),
            field="status",
        )
    if status == Referral.Status.IN_COACHING:
        raise StatusError(
            gettext(
                "A referral is in coaching once a record is opened from it. Use "
                "“Open a record from a referral” on the Participants page."
            ),
            field="status",
        )


def reminder_working_days() -> int:
    from sites.directory.services.editors import borough_site

    site = borough_site()
    return ConnectingSettings.for_site(site).reminder_working_days if site else 6


def reminder_due_on(referral: Referral, working_days: int) -> datetime.date:
    """The first working day after ``working_days`` full working days without contact."""
    arrived = timezone.localdate(referral.created_at)
    return add_working_days(arrived, working_days + 1)


@dataclass
class ReminderSummary:
    borough: str
    reminded: list[int] = field(default_factory=list)
    failures: int = 0

    def __str__(self):
        text = f"{self.borough}: {len(self.reminded)} referral(s) reminded"
        return text + (f", {self.failures} email(s) not sent" if self.failures else "")


def remind_uncontacted_referrals(borough, *, now=None) -> ReminderSummary:
    """Email the team lead(s) once about each referral nobody contacted in time."""
    now = now or timezone.now()
    today = timezone.localdate(now)
    days = reminder_working_days()
    summary = ReminderSummary(borough.slug)
    to = team_emails(borough)
    waiting = Referral.objects.filter(status=Referral.Status.NEW, reminder_sent_at__isnull=True)
    for referral in waiting.order_by("created_at"):
        if today < reminder_due_on(referral, days):
            continue
        arrived = timezone.localdate(referral.created_at)
        body = (
            "Hello,\n\n"
            f"Nobody has contacted a person referred on {arrived:%A %d %B %Y} "
            f"within {days} working days.\n\n"
            f"Please get in touch with them, or ask a coach to:\n{admin_url(borough, referral)}\n"
        )
        subject = "Reminder: a referral is waiting for contact"
        if _send(borough, subject, body, to):
            # Recorded only once sent, so an email that failed is tried again next run.
            Referral.objects.filter(pk=referral.pk).update(reminder_sent_at=now)
            summary.reminded.append(referral.pk)
        else:
            summary.failures += 1
    return summary
