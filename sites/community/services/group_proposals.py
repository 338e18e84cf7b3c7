"""Proposing a group and Editors' decisions on it.

A proposed group is invisible to everyone but its proposer until an Editor approves it;
its proposer is its first organiser and is emailed the decision. Joining, leaving and
organisers are in ``groups.py``.
"""

import re

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext, gettext_lazy

from sites.community.groups.links import group_url
from sites.community.models import CommunityGroup, GroupMembership, ModerationAction
from sites.core.once import SENT_AGAIN_WITHIN, made_once, sent_within
from sites.core.ratelimit import limit

from . import moderation, notifications
from .accounts import why_cannot_post
from .free_slugs import made_with_a_free_slug
from .groups import APPROVED, ORGANISER, GroupError

# Route names on the groups section page that a group's slug must never take.
RESERVED_SLUGS = {"propose", "new", "mine"}

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


def looks_like_a_home(text: str) -> bool:
    return bool(HOME_WORDS.search(text or ""))


def groups_waiting_for_decision() -> QuerySet:
    return (
        CommunityGroup.objects.filter(status=CommunityGroup.Status.PROPOSED)
        .select_related("proposed_by__member_profile")
        .prefetch_related("interests")
        .order_by("created_at")
    )


def visible_groups_waiting(user) -> QuerySet:
    """Groups ``user`` proposed that are waiting for a decision, or were declined."""
    return CommunityGroup.objects.filter(
        proposed_by=user,
        status__in=[CommunityGroup.Status.PROPOSED, CommunityGroup.Status.DECLINED],
    ).order_by("-created_at")


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
