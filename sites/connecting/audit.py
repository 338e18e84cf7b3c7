"""Writing the audit log: who, when, which record or referral, what action (never content).

``record`` is the one way a line is written: openings, changes and refusals alike."""

from django.utils import timezone

from .models import ParticipantAuditEntry

Action = ParticipantAuditEntry.Action

# The largest id the log's columns hold; a refused address may ask for any number.
LARGEST_ID = 2**63 - 1


def _id(value) -> int | None:
    return value if isinstance(value, int) and 0 <= value <= LARGEST_ID else None


def record(
    user, participant_id: int | None, action: str, detail: str = "", *, referral_id=None, now=None
):
    """One entry; ``user`` None means the system (a scheduled command, a questionnaire link)."""
    signed_in = user is not None and user.is_authenticated
    return ParticipantAuditEntry.objects.create(
        at=now or timezone.now(),
        user=user if signed_in else None,
        username=user.get_username() if signed_in else "",
        participant_id=_id(participant_id),
        referral_id=_id(referral_id),
        action=action,
        detail=detail[:100],
    )


def refused(user, detail: str, *, participant_id=None, referral_id=None):
    """An attempt to open what the user may not see (or what does not exist): who, when,
    which id and which page; never what the page holds."""
    return record(user, participant_id, Action.REFUSED, detail, referral_id=referral_id)
