"""Groups set up by members: who may see and read them, joining, leaving, organisers.

Proposing a group and Editors' decisions are in ``group_proposals.py``. Members-only
groups show their name, description and meeting details to everyone (so people can find
them and ask to join), but their discussion and events only to their members. Anyone
joins a public group at once; a members-only group only when one of its organisers says
yes to their request (``join_requests.py``).
"""

from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext

from sites.community.models import CommunityGroup, EventAttendance, GroupMembership

from . import moderation
from .events import cancel_rsvp

APPROVED = CommunityGroup.Status.APPROVED
ORGANISER = GroupMembership.Role.ORGANISER
MEMBER = GroupMembership.Role.MEMBER


class GroupError(Exception):
    """Something a member asked for cannot be done; the message says why, in plain words."""


# --- Reading ---------------------------------------------------------------------------------


def approved_groups() -> QuerySet:
    return CommunityGroup.objects.filter(status=APPROVED)


def membership(user, group) -> GroupMembership | None:
    if not getattr(user, "is_authenticated", False):
        return None
    return GroupMembership.objects.filter(group=group, member=user).first()


def is_member(user, group) -> bool:
    return membership(user, group) is not None


def is_organiser(user, group) -> bool:
    found = membership(user, group)
    return found is not None and found.role == ORGANISER


def visible_group(user, slug: str) -> CommunityGroup | None:
    """The group at ``slug`` if ``user`` may see its page.

    Approved groups are seen by everyone; a group waiting for approval (or declined)
    only by its organisers and by Editors. Closed groups are gone.
    """
    group = CommunityGroup.objects.filter(slug=slug).first()
    if group is None:
        return None
    if group.status == APPROVED:
        return group
    if group.status != CommunityGroup.Status.CLOSED and (
        is_organiser(user, group) or moderation.can_decide_groups(user)
    ):
        return group
    return None


def can_read_discussion(user, group) -> bool:
    """Public approved groups: everyone. Members-only: their members (and moderators)."""
    if group is None:
        return True
    if group.status != APPROVED:
        return False
    if not group.is_members_only:
        return True
    return is_member(user, group) or moderation.is_moderator(user)


def readable_group_ids(user) -> QuerySet:
    """Ids of the groups whose discussions ``user`` may read (for thread queries)."""
    groups = approved_groups()
    if moderation.is_moderator(user):
        return groups.values("pk")
    condition = Q(visibility=CommunityGroup.Visibility.PUBLIC)
    if getattr(user, "is_authenticated", False):
        condition |= Q(memberships__member=user)
    return groups.filter(condition).values("pk")


def listed_members(group) -> list[GroupMembership]:
    """Members who let their name be shown in group member lists, organisers first."""
    memberships = (
        GroupMembership.objects.filter(
            group=group,
            member__is_active=True,
            member__member_profile__show_in_group_member_lists=True,
        )
        .select_related("member__member_profile")
        .order_by("-role", "member__member_profile__display_name")
    )
    return list(memberships)


def member_count(group) -> int:
    return GroupMembership.objects.filter(group=group, member__is_active=True).count()


def co_organiser_candidates(group) -> QuerySet:
    """Members of the group who are not organisers yet."""
    return (
        GroupMembership.objects.filter(group=group, role=MEMBER, member__is_active=True)
        .select_related("member__member_profile")
        .order_by("member__member_profile__display_name")
    )


# --- Joining, leaving, organisers -----------------------------------------------------------


def join_group(user, group) -> GroupMembership:
    """Join an approved public group (joining twice is fine).

    Members-only groups are joined only through an organiser's yes to a request
    (``services/join_requests.py``), so this refuses them.
    """
    if not getattr(user, "is_authenticated", False):
        raise GroupError(gettext("Please sign in to join a group."))
    if group.status != APPROVED:
        raise GroupError(gettext("You can join this group once it is approved."))
    if group.is_members_only:
        raise GroupError(
            gettext("The organisers of this group decide who joins. Ask to join instead.")
        )
    try:
        with transaction.atomic():
            found, _ = GroupMembership.objects.get_or_create(group=group, member=user)
    except IntegrityError:
        found = GroupMembership.objects.get(group=group, member=user)
    return found


def leave_group(user, group, *, borough=None) -> None:
    """Leave a group. The last organiser must first make someone else an organiser.

    A members-only group's events are for its members: leaving gives up my places (and
    waiting-list spots) on its dates still to come, and those places go to the people
    waiting longest, who are emailed (from ``borough``, by default the current one).
    """
    with transaction.atomic():
        found = GroupMembership.objects.select_for_update().filter(group=group, member=user).first()
        if found is None:
            return
        if found.role == ORGANISER:
            organisers = (
                GroupMembership.objects.select_for_update()
                .filter(group=group, role=ORGANISER)
                .count()
            )
            if organisers <= 1:
                raise GroupError(
                    gettext(
                        "You are this group's only organiser. Before you leave, make another "
                        "member an organiser."
                    )
                )
        found.delete()
    if group.is_members_only:
        _give_up_group_event_places(user, group, borough)


def _give_up_group_event_places(user, group, borough) -> None:
    mine = EventAttendance.objects.filter(
        member=user, event__group=group, occurs_on__gte=timezone.localdate()
    ).select_related("event")
    for attendance in mine:
        cancel_rsvp(user, attendance.event, attendance.occurs_on, borough=borough)


def add_organiser(by, group, member) -> GroupMembership:
    """An organiser makes another member of the group an organiser too."""
    if not is_organiser(by, group):
        raise PermissionDenied(gettext("Only the group's organisers can add organisers."))
    found = GroupMembership.objects.filter(group=group, member=member).first()
    if found is None:
        raise GroupError(gettext("Only members of the group can become organisers."))
    if found.role != ORGANISER:
        found.role = ORGANISER
        found.save(update_fields=["role"])
    return found


def organisers(group) -> QuerySet:
    return (
        GroupMembership.objects.filter(group=group, role=ORGANISER)
        .select_related("member__member_profile")
        .order_by("joined_at")
    )


def membership_user(group, user_id):
    found = GroupMembership.objects.filter(group=group, member_id=user_id).select_related("member")
    first = found.first()
    if first is None:
        raise GroupError(gettext("Only members of the group can become organisers."))
    return first.member
