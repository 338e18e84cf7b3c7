"""What is due at 12 weeks and three months after the end: the participant list's flags
and a coach's daily reminder email (rules in ``timepoints.py``).

The email names participants by first name and says what is due; nothing of their
health, answers or notes. One email per coach a day at most (``CheckReminderDay``,
through ``send_to_those_not_told``), in the coach's admin language.
"""

import datetime
from dataclasses import dataclass, field

from django.db.models import BooleanField, Exists, OuterRef, Q, QuerySet, Value
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext

from sites.core.retention import deleted, technical_records_cutoff
from sites.core.staff_language import send_to_those_not_told
from tenants.emails import borough_base_url, send_borough_email

from . import timepoints, wellbeing
from .models import CheckReminderDay, FollowUpAnswers, Participant, Timepoint, WellbeingResponse


def with_answers(participants: QuerySet[Participant]) -> QuerySet[Participant]:
    """The participants, each knowing which checks are answered (two subqueries) and
    whether the borough offers SWEMWBS (read once)."""
    return participants.annotate(
        has_week_12=Exists(
            WellbeingResponse.objects.filter(
                participant=OuterRef("pk"), timepoint=Timepoint.WEEK_12
            )
        ),
        has_follow_up=Exists(FollowUpAnswers.objects.filter(participant=OuterRef("pk"))),
        swemwbs_offered=Value(wellbeing.swemwbs_offered(), output_field=BooleanField()),
    )


def due_for(participant: Participant, today: datetime.date | None = None) -> list[str]:
    """What is due for a participant of ``with_answers``, in words."""
    done = set()
    if participant.has_week_12:
        done.add(Timepoint.WEEK_12)
    if participant.has_follow_up:
        done.add(Timepoint.FOLLOW_UP)
    today = today or timezone.localdate()
    return timepoints.due_checks(participant, today, done, swemwbs=participant.swemwbs_offered)


def due_column(participant: Participant) -> str:
    """The participant list's "Due" column."""
    return ", ".join(str(check) for check in due_for(participant))


def week_column(participant: Participant) -> str:
    """The participant list's "Week" column: the week of coaching, while it goes on."""
    week = timepoints.coaching_week(participant, timezone.localdate())
    return str(week) if week else ""


def _candidates(today: datetime.date) -> QuerySet[Participant]:
    """Those who may have a check due: in week 11 or later, or ended recently enough
    for the follow-up to be due (not anonymised)."""
    return with_answers(
        Participant.objects.filter(anonymised_at__isnull=True, coach__is_active=True)
        .filter(
            Q(status=Participant.Status.ACTIVE, started_on__lte=today - timepoints.WEEK_12_FROM)
            | (
                ~Q(status=Participant.Status.ACTIVE)
                & Q(ended_on__gt=today - timepoints.FOLLOW_UP_AFTER - timepoints.FOLLOW_UP_DUE_FOR)
            )
        )
        .exclude(coach__email="")
        .select_related("coach")
        .order_by("coach_id", "first_name", "pk")
    )


def _email(borough, lines: list[str]) -> tuple[str, str]:
    """(subject, body), in the active language: first names and what is due, no more."""
    body = (
        gettext("Hello,")
        + "\n\n"
        + gettext("These people you coach have a check due:")
        + "\n\n"
        + "\n".join(f"- {line}" for line in lines)
        + "\n\n"
        + gettext("Your participants:")
        + f"\n{borough_base_url(borough)}{reverse('participants:index')}\n"
    )
    return gettext("Checks due for people you coach"), body


@dataclass
class CheckReminderSummary:
    borough: str
    coaches: int = 0
    failures: int = 0
    participants: list[int] = field(default_factory=list)

    def __str__(self):
        text = f"{self.borough}: {self.coaches} coach(es) reminded of due checks"
        return text + (f", {self.failures} email(s) not sent" if self.failures else "")


def remind_coaches_of_due_checks(borough, *, now=None) -> CheckReminderSummary:
    """Email each coach, at most once today, the first names of their participants with a
    check due and which check it is."""
    today = timezone.localdate(now or timezone.now())
    summary = CheckReminderSummary(borough.slug)
    by_coach: dict[int, tuple] = {}
    for participant in _candidates(today):
        if due_for(participant, today):
            coach, people = by_coach.setdefault(participant.coach_id, (participant.coach, []))
            people.append(participant)
    CheckReminderDay.objects.get_or_create(day=today)
    days = CheckReminderDay.objects.filter(day=today)
    for coach, people in by_coach.values():

        def send(group, people=people):
            # Written here, in the coach's language (send_to_those_not_told switches it).
            lines = [
                gettext("%(name)s: %(due)s")
                % {
                    "name": person.first_name,
                    "due": ", ".join(str(check) for check in due_for(person, today)),
                }
                for person in people
            ]
            return send_borough_email(borough, *_email(borough, lines), group)

        reached, left = send_to_those_not_told(
            [coach.email],
            send,
            told=lambda: days.select_for_update().get().sent_to,
            record=lambda group: days.update(sent_to=[*days.get().sent_to, *group]),
        )
        summary.failures += bool(left)
        if reached:
            summary.coaches += 1
            summary.participants += [person.pk for person in people]
    return summary


def delete_old_reminder_days(now: datetime.datetime) -> dict[str, int]:
    """Who was reminded on a day is needed that day only: a technical record, kept for
    ``TECHNICAL_RECORDS_KEPT_DAYS`` (sites/core/retention.py) like the others."""
    before = timezone.localdate(technical_records_cutoff(now))
    return {"coach reminder day(s)": deleted(CheckReminderDay.objects.filter(day__lt=before))}
