"""Groups set up by members: proposing, Editors' decisions, joining, leaving, organisers.

A proposed group is invisible to everyone but its proposer until an Editor approves it.
Members-only groups show their name, description and meeting details to everyone (so
people can find them and ask to join), but their discussion and events only to their
members. Anyone joins a public group at once; a members-only group only when one of its
organisers says yes to their request (``join_requests.py``).
"""

import re

from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext, gettext_lazy

from sites.community.groups.links import group_url
from sites.community.models import (
    CommunityGroup,
    EventAttendance,
    GroupMembership,
    ModerationAction,
)
from sites.core.once import SENT_AGAIN_WITHIN, made_once, sent_within
from sites.core.ratelimit import limit

from . import moderation, notifications
from .accounts import why_cannot_post
from .events import cancel_rsvp
from .free_slugs import made_with_a_free_slug

# Route names on the groups section page that a group's slug must never take.
RESERVED_SLUGS = {"propose", "new", "mine"}

APPROVED = CommunityGroup.Status.APPROVED
ORGANISER = GroupMembership.Role.ORGANISER
MEMBER = GroupMembership.Role.MEMBER

# Words that suggest a private home as the meeting place. Editors check every group too.
HOME_WORDS = re.compile(
    r"\b(my|our|his|her|their)\s+(house|home|flat|place|bedsit|room|front room)\b"
    r"|\b(flat|apartment)\s+\d",
    re.IGNORECASE,
)
HOME_ADDRESS_MESSAGE = gettext_lazy(
    "Please choose a public place, such as a library, café or community centre, or write "
    "“online”. For everyone's safety, groups never meet at someone's home."
)


class GroupError(Exception):
    """Something a member asked for cannot be done; the message says why, in plain words."""


def looks_like_a_home(text: str) -> bool:
    return bool(HOME_WORDS.search(text or ""))


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


def groups_waiting_for_decision() -> QuerySet:
    return (
        CommunityGroup.objects.filter(status=CommunityGroup.Status.PROPOSED)
        .select_related("proposed_by__member_profile")
        .prefetch_related("interests")
        .order_by("created_at")
    )


def co_organiser_candidates(group) -> QuerySet:
    """Members of the group who are not organisers yet."""
    return (
        GroupMembership.objects.filter(group=group, role=MEMBER, member__is_active=True)
        .select_related("member__member_profile")
        .order_by("member__member_profile__display_name")
    )


# --- Proposing and deciding ---------------------------------------------------------------


def unique_slug(name: str) -> str:
    base = slugify(name)[:80] or "group"
    if base in RESERVED_SLUGS:
        base = f"{base}-group"
    slug, n = base, 2
    while CommunityGroup.objects.filter(slug=slug).exists():
        slug = f"{base}-{n}"
        n += 1
    return slug


def propose_group(
    proposer,
    *,
    name: str,
    description: str,
    meets_where: str = "",
    meets_when: str = "",
    visibility: str = CommunityGroup.Visibility.PUBLIC,
    interests=(),
) -> CommunityGroup:
    """A member proposes a group; it waits for an Editor, with the proposer as organiser.

    Raises GroupError (cannot post, or a home as the meeting place) or RateLimited.
    """
    problem = why_cannot_post(proposer)
    if problem:
        raise GroupError(problem)
    if looks_like_a_home(meets_where):
        raise GroupError(HOME_ADDRESS_MESSAGE)
    if visibility not in CommunityGroup.Visibility.values:
        raise GroupError(gettext("Choose who can see the group's discussion."))

    def make() -> CommunityGroup:
        limit("propose-group", proposer.pk)

        def create() -> CommunityGroup:
            group = CommunityGroup.objects.create(
                name=name.strip(),
                slug=unique_slug(name),
                description=description.strip(),
                meets_where=meets_where.strip(),
                meets_when=meets_when.strip(),
                visibility=visibility,
                status=CommunityGroup.Status.PROPOSED,
                proposed_by=proposer,
            )
            group.interests.set(interests)
            GroupMembership.objects.create(group=group, member=proposer, role=ORGANISER)
            return group

        return made_with_a_free_slug(create)

    # The same proposal sent again (Send pressed twice) is the first one.
    same = CommunityGroup.objects.filter(
        proposed_by=proposer,
        name=name.strip(),
        description=description.strip(),
        status=CommunityGroup.Status.PROPOSED,
    )
    group, _made = made_once(
        ("group", proposer.pk), lambda: sent_within(same, SENT_AGAIN_WITHIN), make
    )
    return group


def _decide(moderator, group, status, action, note, borough):
    if not moderation.can_decide_groups(moderator):
        raise PermissionDenied(gettext("Only Editors can approve or decline groups."))
    if group.status != CommunityGroup.Status.PROPOSED:
        raise GroupError(gettext("This group has already been decided."))
    with transaction.atomic():
        group.status = status
        group.decided_by = moderator
        group.decision_note = note.strip()
        if status == APPROVED:
            group.approved_at = timezone.now()
        group.save(update_fields=["status", "decided_by", "decision_note", "approved_at"])
        logged = moderation.log_action(
            moderator, action, group=group, member=group.proposed_by, note=note
        )
    return logged


def approve_group(moderator, group, *, note: str = "", borough=None):
    """An Editor approves a proposed group: it appears, and the proposer is emailed."""
    logged = _decide(
        moderator, group, APPROVED, ModerationAction.Action.APPROVE_GROUP, note, borough
    )
    _tell_proposer(
        borough,
        group,
        lambda words: (
            gettext("Your group “%(name)s” is approved") % words,
            gettext(
                "Good news: an Editor has approved your group “%(name)s”. "
                "Other members can now find it and join it."
            )
            % words
            + "\n\n"
            + gettext("See your group:")
            + f"\n{notifications.absolute_url(borough, group_url(group))}"
            + moderation.note_line(note),
        ),
    )
    return logged


def decline_group(moderator, group, *, note: str = "", borough=None):
    """An Editor declines a proposed group; the proposer is told why."""
    logged = _decide(
        moderator,
        group,
        CommunityGroup.Status.DECLINED,
        ModerationAction.Action.DECLINE_GROUP,
        note,
        borough,
    )
    _tell_proposer(
        borough,
        group,
        lambda words: (
            gettext("Your group “%(name)s” was not approved") % words,
            gettext(
                "Thank you for proposing the group “%(name)s”. An Editor has decided not to "
                "approve it."
            )
            % words
            + moderation.note_line(note)
            + "\n\n"
            + gettext(
                "You are welcome to propose a group again, or reply to this email to ask why."
            ),
        ),
    )
    return logged


def _tell_proposer(borough, group, write) -> None:
    """Tell the proposer a decision: ``write(words)`` returns (subject, body) in their
    language; build its links inside ``write``, so they are in that language too."""
    notifications.notify_in_their_language(
        borough, group.proposed_by, "moderation", lambda: write({"name": group.name})
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


def visible_groups_waiting(user) -> QuerySet:
    """Groups ``user`` proposed that are waiting for a decision, or were declined."""
    return CommunityGroup.objects.filter(
        proposed_by=user,
        status__in=[CommunityGroup.Status.PROPOSED, CommunityGroup.Status.DECLINED],
    ).order_by("-created_at")


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
