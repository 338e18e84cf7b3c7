"""Writes for wellbeing: SWEMWBS from paper or through a single-use link, follow-up answers.

The questionnaire is offered only in a borough that has recorded its registration to
use SWEMWBS (``ConnectingSettings.swemwbs_registered``). A link holds a random token;
only its SHA-256 is stored, it works once, and it expires after the borough's number of
days (``questionnaire_link_days``).
"""

import datetime
import hashlib
import secrets

from django.db import IntegrityError, transaction
from django.utils import timezone

from . import access, audit, swemwbs, timepoints
from .models import (
    ConnectingSettings,
    EnteredAs,
    FollowUpAnswers,
    Participant,
    QuestionnaireLink,
    Source,
    Timepoint,
    WellbeingResponse,
)


class WellbeingError(ValueError):
    def __init__(self, message: str, field: str | None = None):
        super().__init__(message)
        self.message = message
        self.field = field


NOT_REGISTERED = (
    "SWEMWBS is not offered yet: the borough must first register with Warwick Medical "
    "School to use it, then tick “Registered to use SWEMWBS” in Settings → Community "
    "Connecting."
)


def connecting_settings() -> ConnectingSettings | None:
    from sites.directory.services.editors import borough_site

    site = borough_site()
    return ConnectingSettings.for_site(site) if site else None


def swemwbs_offered() -> bool:
    settings = connecting_settings()
    return bool(settings and settings.swemwbs_registered)


def _require_registration():
    if not swemwbs_offered():
        raise WellbeingError(NOT_REGISTERED)


def _entered_by(by, participant: Participant) -> dict:
    """Who typed the entry, and in which role, kept with it: the label on the record says
    "entered by the coach" or "by a team lead" from this, not from who they are later."""
    if by is None or not by.is_authenticated:
        return {"entered_by": None, "entered_by_role": ""}
    if participant.coach_id == by.pk:
        role = EnteredAs.COACH
    elif access.is_team_lead(by):
        role = EnteredAs.TEAM_LEAD
    else:  # nobody else may reach the record's pages; not claimed if it happens
        role = ""
    return {"entered_by": by, "entered_by_role": role}


def record_swemwbs(
    participant: Participant,
    *,
    timepoint: str,
    items: list[int],
    completed_on: datetime.date,
    source: str = Source.PAPER,
    by=None,
) -> WellbeingResponse:
    """Save one SWEMWBS with its raw and metric scores (one per time point)."""
    _require_registration()
    try:
        raw = swemwbs.raw_score(items)
    except swemwbs.ScoreError as error:
        raise WellbeingError(str(error)) from error
    if timepoint not in Timepoint.values:
        raise WellbeingError("Choose when it was completed.", "timepoint")
    require_timepoint(participant, timepoint, completed_on)
    fields = {f"item_{n}": value for n, value in enumerate(items, start=1)}
    try:
        with transaction.atomic():
            response = WellbeingResponse.objects.create(
                participant=participant,
                timepoint=timepoint,
                completed_on=completed_on,
                source=source,
                raw_score=raw,
                metric_score=swemwbs.metric_score(raw),
                **_entered_by(by, participant),
                **fields,
            )
    except IntegrityError as error:
        raise WellbeingError(
            "A questionnaire for this time point is already recorded.", "timepoint"
        ) from error
    audit.record(by, participant.pk, audit.Action.CHANGE, f"swemwbs {timepoint}")
    return response


def record_follow_up(
    participant: Participant,
    *,
    answers: dict,
    completed_on: datetime.date,
    source: str = Source.PAPER,
    by=None,
) -> FollowUpAnswers:
    unknown = set(answers) - set(FollowUpAnswers.QUESTIONS)
    if unknown:
        raise WellbeingError("Unknown follow-up question.")
    require_timepoint(participant, Timepoint.FOLLOW_UP, completed_on)
    if FollowUpAnswers.objects.filter(participant=participant).exists():
        raise WellbeingError("The follow-up answers are already recorded.")
    follow_up = FollowUpAnswers.objects.create(
        participant=participant,
        completed_on=completed_on,
        source=source,
        **_entered_by(by, participant),
        **answers,
    )
    audit.record(by, participant.pk, audit.Action.CHANGE, "follow-up answers")
    return follow_up


def require_timepoint(participant: Participant, timepoint: str, on: datetime.date) -> None:
    """Refuse a questionnaire for a time point that does not fit the coaching (timepoints.py)."""
    problem = timepoints.refusal(participant, timepoint, on)
    if problem:
        raise WellbeingError(problem, "timepoint")


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def make_link(
    participant: Participant, *, timepoint: str, by, now=None
) -> tuple[QuestionnaireLink, str]:
    """A new single-use link; returns it with its token (shown once, never stored)."""
    _require_registration()
    now = now or timezone.now()
    if WellbeingResponse.objects.filter(participant=participant, timepoint=timepoint).exists():
        raise WellbeingError("The questionnaire for this time point is already recorded.")
    require_timepoint(participant, timepoint, timezone.localdate(now))
    days = connecting_settings().questionnaire_link_days
    token = secrets.token_urlsafe(32)
    link = QuestionnaireLink.objects.create(
        participant=participant,
        timepoint=timepoint,
        token_hash=_hash(token),
        created_at=now,
        expires_at=now + datetime.timedelta(days=days),
        created_by=by,
    )
    audit.record(by, participant.pk, audit.Action.LINK, f"link {link.pk} {timepoint}", now=now)
    return link, token


def usable_link(token: str, *, now=None) -> QuestionnaireLink | None:
    """The link for this token if it can still be answered; None otherwise (any reason,
    such as a follow-up link made before the rule, for someone still in coaching)."""
    now = now or timezone.now()
    if not token or len(token) > 100:
        return None
    link = (
        QuestionnaireLink.objects.select_related("participant")
        .filter(
            token_hash=_hash(token),
            used_at__isnull=True,
            expires_at__gt=now,
            participant__anonymised_at__isnull=True,
        )
        .first()
    )
    if link and timepoints.refusal(link.participant, link.timepoint, timezone.localdate(now)):
        return None
    return link


def answer_link(token: str, *, items: list[int], follow_up: dict | None = None, now=None):
    """Save what the person answered through their link, and use the link up (once only)."""
    now = now or timezone.now()
    with transaction.atomic():
        link = usable_link(token, now=now)
        # Claimed in one UPDATE: of two simultaneous submissions only one gets the row.
        if link is None or not QuestionnaireLink.objects.filter(
            pk=link.pk, used_at__isnull=True
        ).update(used_at=now):
            raise WellbeingError("This link has already been used or has expired.")
        participant = link.participant
        today = timezone.localdate(now)
        record_swemwbs(
            participant,
            timepoint=link.timepoint,
            items=items,
            completed_on=today,
            source=Source.LINK,
        )
        already = FollowUpAnswers.objects.filter(participant=participant).exists()
        if link.timepoint == Timepoint.FOLLOW_UP and follow_up is not None and not already:
            record_follow_up(participant, answers=follow_up, completed_on=today, source=Source.LINK)
        audit.record(None, participant.pk, audit.Action.ANSWERED, f"link {link.pk}", now=now)
    return link
