"""Writes for Community Connecting: taking a referral, moving it along, reminding the team."""

import datetime
from dataclasses import dataclass, field

from django.contrib.auth import get_user_model
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import gettext, ngettext

from sites.core.languages.codes import DEFAULT, supported
from sites.core.once import made_once
from sites.core.roles import CONNECTING_TEAM_LEADS
from sites.core.staff_language import in_each_reader_language, send_to_those_not_told
from tenants.emails import borough_base_url, send_borough_email

from .area import may_be_outside
from .models import ConnectingSettings, Participant, Referral
from .models.referrals import outside_notice, outside_notice_for_the_team
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
    # Encrypted words differ in the table each time they are written: those are compared
    # here, once decrypted, and the rest in the query.
    secret = {k: v for k, v in fields.items() if k in Referral.ENCRYPTED_FIELDS}
    plain = {k: v for k, v in fields.items() if k not in secret}
    earlier = Referral.objects.filter(status=Referral.Status.NEW, created_at__gte=since, **plain)
    for referral in earlier.prefetch_related("interests").order_by("pk"):
        same_words = all(getattr(referral, k) == (v or "") for k, v in secret.items())
        if same_words and {interest.pk for interest in referral.interests.all()} == wanted:
            return referral
    return None


def _make_referral(fields: dict, interests, language: str) -> Referral:
    outside = may_be_outside(fields.get("postcode_district", ""))
    referral = Referral.objects.create(language=language, postcode_may_be_outside=outside, **fields)
    referral.interests.set(interests)
    return referral


def submit_referral(borough, *, interests=(), language: str = "", **fields) -> Referral:
    """Save a referral from a public form, acknowledge it and tell the team; the same
    referral sent again while the first waits is not saved or told twice.

    ``language`` is the language of the page the form was sent from (the active one when
    not given): the referral records it and the acknowledgement is written in it."""
    language = supported(language or translation.get_language()) or DEFAULT
    referral, made = made_once(
        ("referral", fields.get("contact_detail", "")),
        lambda: _sent_before(fields, interests),
        lambda: _make_referral(fields, interests, language),
    )
    if not made:
        return referral
    with translation.override(referral.language or DEFAULT):
        _acknowledge(borough, referral)
    # The team's email holds no personal details: a link to the admin, where access is checked.
    for group in in_each_reader_language(team_emails(borough)):
        words = {"kind": referral.get_kind_display().lower(), "url": admin_url(borough, referral)}
        body = _paragraphs(
            gettext("Hello,"),
            gettext("Someone has asked for support from a Community Connector (%(kind)s).") % words,
            *_outside(referral, outside_notice_for_the_team(borough.name)),
            gettext("Please read it and get in touch with them:") + f"\n{words['url']}",
        )
        _send(borough, gettext("New request for a Community Connector"), body, group)
    return referral


def _paragraphs(*parts: str) -> str:
    return "\n\n".join(parts) + "\n"


def _outside(referral: Referral, notice: str) -> list[str]:
    """The notice, as a paragraph, when the postcode may be outside the borough (area.py):
    the thank-you page's words for the person, the referral's for the team."""
    return [str(notice)] if referral.postcode_may_be_outside else []


def _acknowledge(borough, referral: Referral) -> None:
    """Thank the person (or the professional) in the active language, in plain words.

    Sent to whatever address was typed, so it repeats none of the words typed with it
    (names): the form cannot be used to send someone a message of a stranger's making."""
    names = {"borough": borough.name}
    if referral.kind == Referral.Kind.PROFESSIONAL:
        to = [referral.referrer_email]
        subject = gettext("We have your referral")
        body = _paragraphs(
            gettext("Hello,"),
            gettext("Thank you for your referral to Community Connecting in %(borough)s.") % names,
            gettext(
                "A Community Connector will get in touch with the person you referred "
                "within a few working days. They will use the way the person chose."
            ),
            *_outside(referral, outside_notice(borough.name)),
            gettext("You do not need to do anything else."),
            gettext("If you did not make this referral, you can ignore this email."),
        )
    elif referral.contact_method == Referral.ContactMethod.EMAIL:
        to = [referral.contact_detail]
        subject = gettext("We have your request for support")
        body = _paragraphs(
            gettext("Hello,"),
            gettext("Thank you for asking for support from a Community Connector in %(borough)s.")
            % names,
            gettext(
                "One of us will get in touch with you within a few working days. We will "
                "try to get in touch at the times you told us are good for you."
            ),
            *_outside(referral, outside_notice(borough.name)),
            gettext("You do not need to do anything else."),
            gettext(
                "If you did not ask for this, you can ignore this email. We will not contact you."
            ),
        )
    else:
        return  # They chose a phone call or a text: we do not email them.
    _send(borough, subject, body, to)


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


def _reminder(borough, referral: Referral, days: int) -> tuple[str, str]:
    """(subject, body) of a reminder, in the active language."""
    words = {
        "arrived": date_format(timezone.localdate(referral.created_at), "l j E Y"),
        "days": days,
        "url": admin_url(borough, referral),
    }
    body = (
        gettext("Hello,")
        + "\n\n"
        + ngettext(
            "Nobody has contacted a person referred on %(arrived)s within %(days)s working day.",
            "Nobody has contacted a person referred on %(arrived)s within %(days)s working days.",
            days,
        )
        % words
        + "\n\n"
        + gettext("Please get in touch with them, or ask a coach to:")
        + f"\n{words['url']}\n"
    )
    return gettext("Reminder: a referral is waiting for contact"), body


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
        referrals = Referral.objects.filter(pk=referral.pk)
        _, left = send_to_those_not_told(
            to,
            lambda group, referral=referral: _send(
                borough, *_reminder(borough, referral, days), group
            ),
            told=lambda referrals=referrals: referrals.select_for_update().get().reminder_sent_to,
            record=lambda group, referrals=referrals: referrals.update(
                reminder_sent_to=[*referrals.get().reminder_sent_to, *group]
            ),
        )
        # Who was reached is saved after each email, under a lock on the referral; "sent"
        # only once everyone was, so the next run tries again, only for those not reached.
        if not to or left:
            summary.failures += 1
        elif referrals.filter(reminder_sent_at__isnull=True).update(reminder_sent_at=now):
            summary.reminded.append(referral.pk)
    return summary
