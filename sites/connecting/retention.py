"""How long coaching records are kept, and a person's rights: export and erasure.

- Anonymising: a participant record closed more than the borough's
  ``anonymise_after_months`` ago (default 24) loses its name, every note and free-text
  field, its referral's personal details and its questionnaire links. What remains are
  kinds, dates, minutes, scores and answers, so the impact report still counts it.
  A referral that never became a record loses the same personal details, closed longer
  ago than the same period, or at once when the person asks (a team lead's
  "Delete this person's details").
- Export: everything held about one person, as JSON or CSV, for the team lead.
- Erasure: the person's referral and record with everything in it are deleted; the audit
  log keeps only that record id N was erased, by whom and when.
"""

import csv
import datetime
import io
from dataclasses import dataclass, field

from dateutil.relativedelta import relativedelta

from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from wagtail.models import ModelLogEntry

from sites.core.retention import access_log_cutoff, deleted

from . import audit
from .models import (
    ActivityTried,
    CommunicationNeeds,
    ConnectingSettings,
    Contact,
    FollowUpAnswers,
    Goal,
    Meeting,
    Outcome,
    Participant,
    ParticipantAuditEntry,
    QuarterRefrozen,
    QuestionnaireLink,
    Referral,
)
from .models.referrals import DEFAULT_ANONYMISE_AFTER_MONTHS, NOT_RECORDED
from .services import set_status
from .wellbeing import connecting_settings

# The referral's fields that say who the person (or the referrer) is, or what they wrote.
REFERRAL_PERSONAL = {
    "first_name": "",
    "contact_detail": "",
    "contact_times": "",
    "postcode_district": "",
    "help_wanted": "",
    "support_needed": "",
    "referrer_name": "",
    "referrer_role": "",
    "referrer_organisation": "",
    "referrer_email": "",
    "reason": "",
    "language": "",
}
# Encrypted free text of each part of the journey, blanked when anonymised.
FREE_TEXT = {
    Meeting: ["notes"],
    Contact: ["notes"],
    Goal: ["text"],
    ActivityTried: ["notes"],
    Outcome: ["details"],
    CommunicationNeeds: ["details", "language"],
}


def _forget_admin_history(*objects: tuple[type, int]) -> None:
    """Wagtail's own history of edits (Reports, "Site history") titles each one with the
    referral's or the record's name: it goes with them. ``objects`` are (model, pk)."""
    for model, pk in objects:
        ModelLogEntry.objects.filter(
            content_type=ContentType.objects.get_for_model(model), object_id=str(pk)
        ).delete()


def _forget_referral(referral_id: int, now) -> None:
    """The referral's personal details and interests go; kind, status and dates stay."""
    _forget_admin_history((Referral, referral_id))
    Referral.objects.filter(pk=referral_id).update(**REFERRAL_PERSONAL, anonymised_at=now)
    Referral.interests.through.objects.filter(referral_id=referral_id).delete()


def anonymise_participant(participant: Participant, *, now=None) -> None:
    now = now or timezone.now()
    with transaction.atomic():
        _forget_admin_history((Participant, participant.pk))
        _forget_referral(participant.referral_id, now)
        for model, names in FREE_TEXT.items():
            model.objects.filter(participant=participant).update(**dict.fromkeys(names, ""))
        QuestionnaireLink.objects.filter(participant=participant).delete()
        Participant.objects.filter(pk=participant.pk).update(
            first_name="", notes="", anonymised_at=now
        )
        audit.record(None, participant.pk, audit.Action.ANONYMISE, now=now)


class HasRecord(ValueError):
    """The referral has a coaching record: the record is anonymised or erased, with it."""


def anonymise_referral(referral: Referral, *, by=None, now=None) -> None:
    """Remove the personal details of a referral that never became a coaching record (at
    the person's request, ``by`` a team lead, or by the retention job, ``by`` None).

    The same details go as when a record is anonymised (``REFERRAL_PERSONAL``, interests,
    Wagtail's history of its edits); kind, status, close reason and dates stay, so the
    impact report still counts it. A referral still open is closed (reason "other"):
    nobody can get in touch any more."""
    now = now or timezone.now()
    with transaction.atomic():
        referral = Referral.objects.select_for_update().get(pk=referral.pk)
        if Participant.objects.filter(referral=referral).exists():
            raise HasRecord(referral.pk)
        if referral.anonymised_at is not None:
            return
        if referral.status != Referral.Status.CLOSED:
            # Closed, but not contacted: set_status would record a contact that never was.
            contacted_at = referral.contacted_at
            set_status(
                referral, Referral.Status.CLOSED, Referral.CloseReason.OTHER, now=now, save=False
            )
            referral.contacted_at = contacted_at
            referral.save()
        _forget_referral(referral.pk, now)
        audit.record(
            by,
            None,
            audit.Action.ANONYMISE,
            f"referral {referral.pk}",
            referral_id=referral.pk,
            now=now,
        )


def anonymise_after_months() -> int:
    settings = connecting_settings()
    return settings.anonymise_after_months if settings else DEFAULT_ANONYMISE_AFTER_MONTHS


def privacy_notice_facts() -> dict:
    """What the privacy notice's starting text says about Community Connecting, from the
    code (given to ``sites/standard`` through the ``privacy_notice_facts`` hook, since
    apps import downwards): the borough's saved settings where it has them, as the jobs
    read them (its site's row), else the defaults. Reads only: a launch creates no row."""
    from sites.directory.services.editors import borough_site

    from .swemwbs import ITEMS

    site = borough_site()
    saved = ConnectingSettings.objects.filter(site=site).first() if site else None
    field = ConnectingSettings._meta.get_field
    return {
        "anonymise_after_months": (
            saved.anonymise_after_months if saved else DEFAULT_ANONYMISE_AFTER_MONTHS
        ),
        "questionnaire_link_days": (
            saved.questionnaire_link_days if saved else field("questionnaire_link_days").default
        ),
        "wellbeing_questions": len(ITEMS),
        "follow_up_questions": len(FollowUpAnswers.QUESTIONS),
    }


def due_for_anonymising(*, now=None):
    now = now or timezone.now()
    cutoff = now - relativedelta(months=anonymise_after_months())
    return Participant.objects.filter(
        anonymised_at__isnull=True, closed_at__isnull=False, closed_at__lte=cutoff
    ).exclude(status=Participant.Status.ACTIVE)


def referrals_due_for_anonymising(*, now=None):
    """Referrals closed (declined, not reached, moved away, other) without ever becoming a
    record, longer ago than records are kept; one closed before ``closed_at`` was kept
    counts from when it was made."""
    now = now or timezone.now()
    cutoff = now - relativedelta(months=anonymise_after_months())
    closed_long_ago = Q(closed_at__lte=cutoff) | Q(closed_at__isnull=True, created_at__lte=cutoff)
    return Referral.objects.filter(
        closed_long_ago,
        status=Referral.Status.CLOSED,
        participant__isnull=True,
        anonymised_at__isnull=True,
    )


@dataclass
class AnonymiseSummary:
    borough: str
    anonymised: list[int] = field(default_factory=list)
    referrals: list[int] = field(default_factory=list)
    failures: int = 0

    def __str__(self):
        return (
            f"{self.borough}: {len(self.anonymised)} closed record(s) anonymised, "
            f"{len(self.referrals)} closed referral(s) without a record anonymised"
        )


def anonymise_closed_records(borough, *, now=None) -> AnonymiseSummary:
    now = now or timezone.now()
    summary = AnonymiseSummary(borough.slug)
    for participant in due_for_anonymising(now=now).order_by("pk"):
        anonymise_participant(participant, now=now)
        summary.anonymised.append(participant.pk)
    for referral in referrals_due_for_anonymising(now=now).order_by("pk"):
        anonymise_referral(referral, now=now)
        summary.referrals.append(referral.pk)
    return summary


# --- Export ----------------------------------------------------------------------------

PARTS = {
    "meetings": ("kind", "date", "place_type", "notes"),
    "contacts": ("channel", "date", "minutes", "meeting_id", "notes"),
    "goals": ("text", "status", "set_on", "achieved_on"),
    "activities_tried": (
        "listing_id",
        "other_name",
        "tried_on",
        "with_coach",
        "kept_going",
        "notes",
    ),
    "outcomes": ("kind", "recorded_on", "details"),
    "wellbeing_responses": (
        "timepoint",
        "completed_on",
        "source",
        "entered_by_role",
        "item_1",
        "item_2",
        "item_3",
        "item_4",
        "item_5",
        "item_6",
        "item_7",
        "raw_score",
        "metric_score",
    ),
}
REFERRAL_FIELDS = ("kind", "status", "created_at", *REFERRAL_PERSONAL, "consent", "person_agreed")


def _plain(value):
    if isinstance(value, datetime.datetime | datetime.date):
        return value.isoformat()
    if value is None or isinstance(value, bool | int | str | list):
        return value
    return str(value)


def _row(obj, names) -> dict:
    return {name: _plain(getattr(obj, name)) for name in names}


def export_participant(participant: Participant, *, by) -> dict:
    """Everything held about the person, decrypted, as plain data."""
    data = {
        "participant": {
            "id": participant.pk,
            "first_name": participant.first_name,
            "coach": participant.coach.get_full_name() or participant.coach.get_username(),
            **_row(participant, ("status", "started_on", "ended_on", "closed_at", "notes")),
        },
        "referral": {
            **_row(participant.referral, REFERRAL_FIELDS),
            # Its code ("so"); "Not recorded" for a referral made before it was kept.
            "language": participant.referral.language or str(NOT_RECORDED),
            "interests": [str(i) for i in participant.referral.interests.all()],
        },
        "communication_needs": {},
        "follow_up_answers": {},
    }
    needs = CommunicationNeeds.objects.filter(participant=participant).first()
    if needs:
        data["communication_needs"] = _row(
            needs, ("formats", "support", "contact_methods", "language", "details")
        )
    follow_up = getattr(participant, "follow_up_answers", None)
    if follow_up:
        data["follow_up_answers"] = _row(
            follow_up, ("completed_on", "source", "entered_by_role", *follow_up.QUESTIONS)
        )
    for part, names in PARTS.items():
        data[part] = [_row(obj, names) for obj in getattr(participant, part).all()]
    audit.record(by, participant.pk, audit.Action.EXPORT)
    return data


def export_csv(data: dict) -> str:
    """The export as one CSV: a row per item, with its section and field names."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["section", "item", "field", "value"])
    for section, content in data.items():
        rows = content if isinstance(content, list) else [content]
        for number, row in enumerate(rows, start=1):
            for name, value in row.items():
                if isinstance(value, list):
                    value = "; ".join(str(v) for v in value)
                writer.writerow([section, number, name, _cell(value)])
    return out.getvalue()


def _cell(value) -> str:
    text = "" if value is None else str(value)
    # A spreadsheet would run "=..." as a formula: keep what the person wrote as text.
    return "'" + text if text[:1] in ("=", "+", "-", "@") else text


def erase_person(participant: Participant, *, by) -> int:
    """Delete the person's referral and record with everything in it; returns the record id."""
    pk = participant.pk
    with transaction.atomic():
        _forget_admin_history((Referral, participant.referral_id), (Participant, pk))
        Referral.objects.filter(pk=participant.referral_id).delete()  # cascades to the record
        audit.record(by, pk, audit.Action.ERASE)
    return pk


def delete_old_access_log(now: datetime.datetime) -> dict[str, int]:
    """The audit log's entries (who opened, changed or was refused a record: never what it
    holds) and the team leads' refreezes of the impact report, ``ACCESS_LOG_KEPT_YEARS``
    after they were written (sites/core/retention.py), as the privacy notice says."""
    cutoff = access_log_cutoff(now)
    return {
        "access log entry(s)": deleted(ParticipantAuditEntry.objects.filter(at__lt=cutoff)),
        "refreeze record(s)": deleted(QuarterRefrozen.objects.filter(at__lt=cutoff)),
    }
