"""Writes for the coaching journey: opening a participant record, saving it, closing it.

Every write is recorded in the audit log (``audit.py``); the views check who may do it
(``access.py``) before they call these.
"""

import datetime

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext

from . import audit
from .access import coaches
from .models import CommunicationNeeds, Participant, Referral
from .services import set_status


class JourneyError(ValueError):
    def __init__(self, message: str, field: str | None = None):
        super().__init__(message)
        self.message = message
        self.field = field


def referrals_to_open():
    """Referrals a participant record can be opened from: not closed, not already open."""
    return Referral.objects.exclude(status=Referral.Status.CLOSED).filter(participant__isnull=True)


def open_participant(
    referral: Referral, *, coach, started_on: datetime.date, by, now=None
) -> Participant:
    """Open the record from a referral, assign its coach; the referral is now in coaching."""
    now = now or timezone.now()
    if not coaches().filter(pk=coach.pk).exists():
        raise JourneyError(gettext("Choose a member of the Coaches group."), "coach")
    with transaction.atomic():
        referral = Referral.objects.select_for_update().get(pk=referral.pk)
        if referral.status == Referral.Status.CLOSED or hasattr(referral, "participant"):
            raise JourneyError(
                gettext("This referral is closed or already has a record."), "referral"
            )
        set_status(referral, Referral.Status.IN_COACHING, now=now)
        participant = Participant.objects.create(
            referral=referral,
            coach=coach,
            first_name=referral.first_name,
            started_on=started_on,
        )
        CommunicationNeeds.objects.create(participant=participant)
        audit.record(by, participant.pk, audit.Action.ADD, f"from referral {referral.pk}", now=now)
    return participant


# How a journey's end closes its referral.
CLOSE_REASONS = {
    Participant.Status.COMPLETED: Referral.CloseReason.COMPLETED,
    Participant.Status.ENDED_EARLY: Referral.CloseReason.OTHER,
}


def apply_status(participant: Participant, *, now=None) -> None:
    """Keep ``closed_at``/``ended_on`` and the referral in step with the status (not saved)."""
    now = now or timezone.now()
    if participant.status == Participant.Status.ACTIVE:
        participant.closed_at = None
        participant.ended_on = None
        return
    participant.closed_at = participant.closed_at or now
    participant.ended_on = participant.ended_on or timezone.localdate(now)


def save_participant(form, communication: dict, *, by, now=None) -> Participant:
    """Save the admin form (the record and its meetings, contacts, goals...) in one go."""
    now = now or timezone.now()
    with transaction.atomic():
        participant = form.instance
        was_active = (
            Participant.objects.filter(pk=participant.pk).values_list("status", flat=True).first()
            == Participant.Status.ACTIVE
        )
        apply_status(participant, now=now)
        participant = form.save()  # the record with its meetings, contacts, goals...
        needs, _ = CommunicationNeeds.objects.get_or_create(participant=participant)
        for name, value in communication.items():
            setattr(needs, name, value)
        needs.save()
        referral = participant.referral
        if was_active and participant.status in CLOSE_REASONS:
            set_status(referral, Referral.Status.CLOSED, CLOSE_REASONS[participant.status], now=now)
        elif participant.status == Participant.Status.ACTIVE and (
            referral.status != Referral.Status.IN_COACHING
        ):
            set_status(referral, Referral.Status.IN_COACHING, now=now)
        audit.record(by, participant.pk, audit.Action.CHANGE, now=now)
    return participant
