"""Writing the participant audit log: who, when, which record, what action (never content)."""

from django.utils import timezone

from .models import ParticipantAuditEntry

Action = ParticipantAuditEntry.Action


def record(user, participant_id: int, action: str, detail: str = "", *, now=None):
    """One entry; ``user`` None means the system (a scheduled command, a questionnaire link)."""
    return ParticipantAuditEntry.objects.create(
        at=now or timezone.now(),
        user=user if user is not None and user.is_authenticated else None,
        username=user.get_username() if user is not None and user.is_authenticated else "",
        participant_id=participant_id,
        action=action,
        detail=detail[:100],
    )
