"""Who may see which coaching records: the one place these rules live.

- A **Coach** (member of the borough's "Coaches" group) sees and changes only the
  participants assigned to them, and of the referrals only the queue (those with no
  record yet) and their own participants'.
- A **Community Connecting team lead** sees and changes every participant of the borough,
  assigns coaches, exports and erases a person's records, and reads the audit log.
- Nobody else in the borough: not Editors, Moderators, Organisation managers, the
  Safeguarding lead, and not Borough admins or superusers either, unless they also join
  one of the two groups (on purpose, and visibly in the group's member list).
- Platform staff work in the public schema and never see a borough's records; the impact
  report gives them aggregates only.

Roles come from group membership only, never from ``is_superuser`` or model permissions,
so no broad admin right opens a person's record by accident.
"""

from django.db.models import Q, QuerySet

from sites.core.roles import COACHES, CONNECTING_TEAM_LEADS

from .models import Participant, Referral


def _in_group(user, name: str) -> bool:
    if not (user and user.is_authenticated and user.is_active):
        return False
    cache = getattr(user, "_connecting_groups", None)
    if cache is None:
        cache = set(user.groups.values_list("name", flat=True))
        user._connecting_groups = cache
    return name in cache


def is_team_lead(user) -> bool:
    return _in_group(user, CONNECTING_TEAM_LEADS)


def is_coach(user) -> bool:
    return _in_group(user, COACHES)


def sees_participants(user) -> bool:
    return is_team_lead(user) or is_coach(user)


def participants_for(user) -> QuerySet[Participant]:
    """The participant records this user may see and change (none for anybody else)."""
    # Anonymised records stay only for the counts: nobody opens them again.
    current = Participant.objects.filter(anonymised_at__isnull=True)
    if is_team_lead(user):
        return current
    if is_coach(user):
        return current.filter(coach=user)
    return Participant.objects.none()


def referrals_for(user) -> QuerySet[Referral]:
    """The referrals this user may read: a referral names the person and how to reach
    them, so once a record is opened from it, it is as private as the record."""
    # Anonymised referrals stay only for the counts, like anonymised records.
    current = Referral.objects.filter(anonymised_at__isnull=True)
    if is_team_lead(user):
        return current
    if is_coach(user):
        own = Q(participant__coach=user, participant__anonymised_at__isnull=True)
        return current.filter(Q(participant__isnull=True) | own)
    return Referral.objects.none()


def participant_for(user, pk) -> Participant | None:
    try:
        return participants_for(user).get(pk=pk)
    except (Participant.DoesNotExist, ValueError, TypeError):
        return None


def coaches():
    """The users a participant may be assigned to."""
    from django.contrib.auth import get_user_model

    return (
        get_user_model()
        .objects.filter(is_active=True, groups__name=COACHES)
        .order_by("first_name", "last_name", "username")
        .distinct()
    )
