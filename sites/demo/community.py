"""Demo community content for ``seed_demo``: one function per kind of content.

Each function works in the current borough's schema, is idempotent (whatever already
exists is left alone, so a second run adds nothing) and takes a seeded ``random.Random``
so every run makes the same choices. ``seed_community`` runs them in order: members,
then their groups, discussions (with held posts and open reports), then events.

Content is written with the factories, not the services, so seeding sends no email;
statuses are set as the services would have left them.
"""

import datetime
import os
import random
from dataclasses import dataclass, field

from django.utils import timezone
from django.utils.text import slugify

from sites.demo.boroughs import refuse_unless_demo_allowed
from sites.demo.data.community import (
    DEMO_MEMBER_NAME,
    GROUP_IDEAS,
    HELD_POST_IDEAS,
    MEMBER_IDEAS,
    REPORT_IDEAS,
    THREAD_IDEAS,
)
from sites.demo.events import seed_events


def demo_password() -> str:
    """The one password of every demo account people may sign in as (local demos only;
    production boroughs are never seeded)."""
    refuse_unless_demo_allowed()
    return os.environ.get("DEMO_STAFF_PASSWORD", "connect-and-do-demo")


def member_email(name: str, slug: str) -> str:
    return f"{slugify(name)}@{slug}.demo.connectdo.example.org"


def moderator_email(slug: str) -> str:
    return f"moderator@{slug}.demo.connectdo.example.org"


def editor_email(slug: str) -> str:
    return f"editor@{slug}.demo.connectdo.example.org"


@dataclass
class CommunitySeed:
    """What this run added to the borough's community (all zeros the second time)."""

    added: dict[str, int] = field(default_factory=dict)

    def add(self, kind: str, n: int = 1) -> None:
        self.added[kind] = self.added.get(kind, 0) + n

    @property
    def total(self) -> int:
        return sum(self.added.values())

    def __str__(self):
        if not self.total:
            return "community: nothing new"
        return "community: " + ", ".join(f"{n} {kind}" for kind, n in self.added.items()) + " added"


def seed_community(borough, rng: random.Random | None = None, *, today=None) -> CommunitySeed:
    """Members, groups, discussions (some held, some reported) and events, once."""
    rng = rng or random.Random(f"community-{borough.slug}")  # noqa: S311 - demo content
    seed = CommunitySeed()
    members = seed_members(borough, seed)
    groups = seed_groups(members, rng, seed)
    seed_discussions(members, groups, rng, seed)
    seed_demo_conversations(members, seed)
    events = seed_events(borough, random.Random(f"events-{borough.slug}"), today=today)  # noqa: S311
    if events.added:
        seed.add("events", events.added)
    return seed


# --- Members -------------------------------------------------------------------------------


def seed_members(borough, seed: CommunitySeed) -> dict:
    """The demo members by display name, plus a moderator; returns ``{name: user}``.

    Only the demo member (Sam) and the moderator can sign in, with ``demo_password()``;
    everyone else has an unusable password. New members stay untrusted.
    """

    from sites.community.factories import MemberProfileFactory
    from sites.community.models import MemberProfile
    from sites.core.roles import EDITORS, MODERATORS
    from sites.directory.models import Interest

    interests = {interest.name: interest for interest in Interest.objects.all()}
    members = {}
    for idea in MEMBER_IDEAS:
        email = member_email(idea.display_name, borough.slug)
        profile = MemberProfile.objects.filter(user__username=email).select_related("user").first()
        if profile is None:
            can_sign_in = idea.display_name == DEMO_MEMBER_NAME
            profile = MemberProfileFactory(
                user__username=email,
                user__email=email,
                user__password=demo_password() if can_sign_in else None,  # hashed by the factory
                display_name=idea.display_name,
                about=idea.about,
                is_trusted=idea.trusted,
                show_groups=idea.trusted,
            )
            profile.interests.set([interests[name] for name in idea.interests if name in interests])
            seed.add("members")
        members[idea.display_name] = profile.user

    _ensure_staff(
        moderator_email(borough.slug),
        "Moderator",
        "I look after the discussions and the moderation queue.",
        MODERATORS,
        seed,
    )
    # An Editor, so listing reports, organisation requests and approvals can be tried.
    _ensure_staff(
        editor_email(borough.slug),
        "Editor",
        "I look after the directory: listings, reports and organisations' requests.",
        EDITORS,
        seed,
    )
    return members


def _ensure_staff(email, display_name, about, group_name, seed: CommunitySeed) -> None:
    """A demo staff account that can sign in with ``demo_password()``, once."""
    from django.contrib.auth.models import Group

    from sites.community.factories import MemberProfileFactory
    from sites.community.models import MemberProfile

    if MemberProfile.objects.filter(user__username=email).exists():
        return
    user = MemberProfileFactory(
        user__username=email,
        user__email=email,
        user__password=demo_password(),
        display_name=display_name,
        about=about,
        is_trusted=True,
    ).user
    user.groups.add(*Group.objects.filter(name=group_name))
    seed.add(f"{group_name.lower()}")


# --- Groups -----------------------------------------------------------------------------------


def seed_groups(members: dict, rng: random.Random, seed: CommunitySeed) -> dict:
    """The demo groups by name (approved, members-only and one waiting for an Editor).

    Each has an organiser and a few members; the demo member organises the first group
    and belongs to the first members-only one, so both kinds can be seen signed in, and
    to no other members-only group, so asking to join one can be tried too.
    """
    from sites.community.factories import CommunityGroupFactory, GroupMembershipFactory
    from sites.community.models import CommunityGroup, GroupMembership
    from sites.directory.models import Interest

    interests = {interest.name: interest for interest in Interest.objects.all()}
    trusted = [user for name, user in members.items() if _is_trusted(name)]
    demo_member = members[DEMO_MEMBER_NAME]
    first_members_only = next(idea for idea in GROUP_IDEAS if idea.members_only)
    groups = {}
    for index, idea in enumerate(GROUP_IDEAS):
        slug = slugify(idea.name)
        group = CommunityGroup.objects.filter(slug=slug).first()
        if group is not None:
            groups[idea.name] = group
            continue
        organiser = demo_member if index == 0 else trusted[index % len(trusted)]
        approved = CommunityGroup.Status.APPROVED
        group = CommunityGroupFactory(
            name=idea.name,
            slug=slug,
            description=idea.description,
            meets_where=idea.meets_where,
            meets_when=idea.meets_when,
            visibility=(
                CommunityGroup.Visibility.MEMBERS_ONLY
                if idea.members_only
                else CommunityGroup.Visibility.PUBLIC
            ),
            status=approved if idea.approved else CommunityGroup.Status.PROPOSED,
            approved_at=timezone.now() if idea.approved else None,
            proposed_by=organiser,
            created_at=timezone.now() - datetime.timedelta(days=30 - index),
        )
        group.interests.set([interests[name] for name in idea.interests if name in interests])
        GroupMembershipFactory(group=group, member=organiser, role=GroupMembership.Role.ORGANISER)
        if idea.approved:
            others = [user for user in members.values() if user != organiser]
            joining = rng.sample(others, rng.randrange(3, 8))
            if idea.members_only:
                joining = [user for user in joining if user != demo_member]
                if idea is first_members_only and demo_member != organiser:
                    joining.append(demo_member)
            for user in joining:
                GroupMembershipFactory(group=group, member=user)
        groups[idea.name] = group
        seed.add("groups")
    return groups


def seed_demo_conversations(members: dict, seed: CommunitySeed) -> None:
    """A few private conversations of the demo member (sites/demo/messages.py)."""
    from .messages import seed_conversations

    added = seed_conversations(members, DEMO_MEMBER_NAME)
    if added:
        seed.add("conversations", added)


def _is_trusted(name: str) -> bool:
    return next(idea.trusted for idea in MEMBER_IDEAS if idea.display_name == name)


# --- Discussions, held posts and reports ---------------------------------------------------------


def seed_discussions(members: dict, groups: dict, rng: random.Random, seed: CommunitySeed) -> None:
    """Site-wide and group discussions with replies, a few new members' posts waiting
    for a moderator, and open reports (one about someone's safety) for the queue."""
    from sites.community.factories import (
        PostFactory,
        ReportFactory,
        SafeguardingCaseFactory,
        ThreadFactory,
    )
    from sites.community.models import GroupMembership, Post, Report, Thread, Topic
    from sites.community.models.discussions import ModeratedStatus

    topics = {topic.name: topic for topic in Topic.objects.all()}
    trusted = [user for name, user in members.items() if _is_trusted(name)]
    now = timezone.now()
    for index, idea in enumerate(THREAD_IDEAS):
        if Thread.objects.filter(title=idea.title).exists():
            continue
        group = groups.get(idea.group) if idea.group else None
        if group is not None:
            # Group discussions are written by the group's own members.
            writers = [
                membership.member
                for membership in GroupMembership.objects.filter(group=group).order_by("pk")
            ]
        else:
            writers = trusted
        started = now - datetime.timedelta(days=len(THREAD_IDEAS) - index, hours=3)
        authors = [writers[0]] + rng.sample(writers, min(len(writers), len(idea.posts) - 1))
        thread = ThreadFactory(
            title=idea.title,
            topic=topics.get(idea.topic) if not group else None,
            group=group,
            author=authors[0],
            status=ModeratedStatus.VISIBLE,
            created_at=started,
        )
        for position, body in enumerate(idea.posts):
            PostFactory(
                thread=thread,
                author=authors[position % len(authors)],
                body=body,
                status=ModeratedStatus.VISIBLE,
                created_at=started + datetime.timedelta(hours=position * 5),
            )
        thread.last_activity_at = started + datetime.timedelta(hours=(len(idea.posts) - 1) * 5)
        thread.save(update_fields=["last_activity_at"])
        seed.add("discussions")

    for hours_ago, (title, name, body) in enumerate(reversed(HELD_POST_IDEAS), start=2):
        thread = Thread.objects.filter(title=title).first()
        if thread is None or Post.objects.filter(thread=thread, body=body).exists():
            continue
        PostFactory(
            thread=thread,
            author=members[name],
            body=body,
            status=ModeratedStatus.HELD,
            created_at=now - datetime.timedelta(hours=hours_ago),
        )
        seed.add("held posts")

    reporter = members[DEMO_MEMBER_NAME]
    for title, body, reason, details, safeguarding in REPORT_IDEAS:
        post = Post.objects.filter(thread__title=title, body=body).first()
        if post is None or Report.objects.filter(post=post, details=details).exists():
            continue
        ReportFactory(
            reporter=reporter if post.author != reporter else trusted[-1],
            post=post,
            reported_member=post.author,
            reason=reason,
            details=details,
            is_safeguarding=safeguarding,
            created_at=now - datetime.timedelta(minutes=30),
        )
        seed.add("reports")
    # The safeguarding report is an open case (also in boroughs seeded before cases
    # existed). Seeded with the factory: no email to the lead.
    for report in Report.objects.filter(is_safeguarding=True, safeguarding_case__isnull=True):
        SafeguardingCaseFactory(report=report, opened_at=report.created_at)
        seed.add("safeguarding cases")
