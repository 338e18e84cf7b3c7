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

from sites.core.demo import refuse_unless_demo_allowed

from .demo_data import (
    DEMO_MEMBER_NAME,
    GROUP_IDEAS,
    HELD_POST_IDEAS,
    MEMBER_IDEAS,
    REPORT_IDEAS,
    THREAD_IDEAS,
)


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
    from sites.core.setup import EDITORS, MODERATORS
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
    """A few private conversations of the demo member (sites/community/messaging/demo.py)."""
    from sites.community.messaging.demo import seed_conversations

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


# --- Events ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class EventIdea:
    title: str
    description: str
    interest: str  # an Interest name from the default taxonomy
    hour: int
    minute: int = 0
    hours: float = 2
    repeat: str = "never"
    online: bool = False
    cost: str = ""  # empty: free
    capacity: int | None = None
    book: bool = False
    features: tuple[str, ...] = ()


EVENT_IDEAS = [
    EventIdea(
        "Coffee and chat morning",
        "A relaxed cup of tea or coffee with friendly people. Come on your own or bring "
        "a friend. Nobody has to talk until they are ready.",
        "Social and peer support",
        10,
        hours=1.5,
        repeat="weekly",
        features=("step_free_access", "accessible_toilet", "quiet_space"),
    ),
    EventIdea(
        "Gentle walk and talk",
        "An easy walk of about an hour at a slow pace, with a stop for a drink afterwards. "
        "Wear comfortable shoes.",
        "Walking",
        11,
        hours=1.5,
        repeat="fortnightly",
    ),
    EventIdea(
        "Seed swap and potting afternoon",
        "Bring seeds or cuttings if you have them, take some home if you do not. Pots and "
        "compost provided.",
        "Gardening and outdoors",
        14,
        capacity=4,
        features=("step_free_access",),
    ),
    EventIdea(
        "Community choir taster",
        "No experience needed and no auditions. We learn simple songs by ear and finish with tea.",
        "Music and singing",
        18,
        minute=30,
        hours=1.5,
        repeat="weekly",
        cost="£2 a session, free if you are on benefits",
        features=("hearing_loop",),
    ),
    EventIdea(
        "Online quiz night",
        "A friendly quiz on video call. Join with your camera on or off. Teams are made "
        "on the night.",
        "Games",
        19,
        hours=1.5,
        repeat="monthly",
        online=True,
    ),
    EventIdea(
        "Cook and eat together",
        "We cook a simple, cheap meal together and then sit down to eat it. Tell us about "
        "any allergies when you book.",
        "Cooking and food",
        17,
        hours=2.5,
        cost="£3 towards the food",
        capacity=3,
        book=True,
        features=("step_free_access", "accessible_toilet"),
    ),
    EventIdea(
        "Phone and tablet help drop-in",
        "Bring your phone, tablet or laptop and your questions. Volunteers help with "
        "email, video calls, the NHS App and staying safe online.",
        "Tech and digital skills",
        13,
        repeat="monthly",
        features=("step_free_access", "hearing_loop"),
    ),
    EventIdea(
        "Chair yoga for beginners",
        "Gentle stretches and breathing, all done sitting down or holding a chair. Suits "
        "every body and every age.",
        "Health and wellbeing",
        10,
        minute=30,
        hours=1,
        capacity=2,
        features=("step_free_access", "quiet_space"),
    ),
    EventIdea(
        "Knit and natter",
        "Knitting, crochet or any other craft you like. Spare needles and wool if you "
        "want to learn.",
        "Arts and crafts",
        14,
        repeat="weekly",
    ),
    EventIdea(
        "English conversation café",
        "Practise everyday English in a small, patient group. All levels are welcome.",
        "Language and conversation",
        16,
        hours=1.5,
        repeat="fortnightly",
        features=("step_free_access",),
    ),
    EventIdea(
        "Book club: short stories",
        "We read one short story a month and talk about it. Copies are free to borrow.",
        "Reading and writing",
        18,
        hours=1.5,
        online=True,
    ),
    EventIdea(
        "Volunteer litter pick",
        "Gloves, pickers and bags provided. Meet at the entrance. Stop whenever you like.",
        "Volunteering",
        10,
        hours=2,
    ),
]

EVENT_GOER = "event-goer-{n}@{slug}.demo.connectdo.example.org"


@dataclass
class EventSeed:
    events: int
    added: int
    attendances: int

    def __str__(self):
        return (
            f"{self.events} events ({self.added} added, {self.attendances} people going or waiting)"
        )


def seed_events(borough, rng: random.Random | None = None, *, today=None) -> EventSeed:
    """Upcoming events for the next 8 weeks in the current borough: some repeating, some
    with a limit that is full on their next date with people waiting; one waiting for a
    moderator.

    Hosts are the borough's groups and organisations (whichever exist), else its team.
    People going are existing members; if there are too few, a few demo members
    ("event-goer-<n>@...") are made to fill the waiting lists.
    """
    from sites.community.events.recurrence import local_datetime, next_occurrence
    from sites.community.factories import (
        EventAttendanceFactory,
        EventFactory,
        MemberProfileFactory,
    )
    from sites.community.models import (
        CommunityGroup,
        Event,
        EventAttendance,
        GroupMembership,
        MemberProfile,
    )
    from sites.directory.models import Interest
    from sites.directory.selectors import visible_organisations, visible_places
    from sites.directory.services.organisation_access import organisation_managers

    rng = rng or random.Random(f"events-{borough.slug}")  # noqa: S311 - demo content
    today = today or timezone.localdate()
    places = list(visible_places().order_by("title")[:40])
    organisations = list(visible_organisations().order_by("title")[:20])
    groups = list(
        CommunityGroup.objects.filter(status=CommunityGroup.Status.APPROVED).order_by("name")
    )
    interests = {interest.name: interest for interest in Interest.objects.all()}
    members = list(
        MemberProfile.objects.filter(
            user__is_active=True, email_confirmed_at__isnull=False, suspended_until__isnull=True
        )
        .select_related("user")
        .order_by("user_id")
    )

    added = 0
    made_attendances = 0
    for index, idea in enumerate(EVENT_IDEAS):
        slug = slugify(idea.title)
        if Event.objects.filter(slug=slug).exists():
            continue
        group = organisation = poster = None
        if groups and index % 2 == 0:
            group = groups[(index // 2) % len(groups)]
            organiser = (
                GroupMembership.objects.filter(group=group, role=GroupMembership.Role.ORGANISER)
                .select_related("member")
                .first()
            )
            poster = organiser.member if organiser else None
        elif organisations:
            organisation = organisations[index % len(organisations)]
            poster = organisation_managers(organisation).first()
        # Repeating events start within the coming week, so a weekly one has a date in
        # every one of the next 8 weeks whatever the random draws; one-offs are spread
        # over 8 weeks.
        spread = 6 if idea.repeat != "never" else 54
        day = today + datetime.timedelta(days=1 + rng.randrange(0, spread))
        starts_at = local_datetime(day, datetime.time(idea.hour, idea.minute))
        repeat_until = None
        if idea.repeat != "never" and rng.random() < 0.5:
            repeat_until = today + datetime.timedelta(weeks=8)
        place = None if idea.online or not places else rng.choice(places)
        event = EventFactory(
            title=idea.title,
            slug=slug,
            description=idea.description,
            group=group,
            organisation=organisation,
            posted_by=poster,
            starts_at=starts_at,
            ends_at=starts_at + datetime.timedelta(hours=idea.hours),
            repeat=idea.repeat,
            repeat_until=repeat_until,
            place=place,
            online_url=f"https://meet.example.org/{slug}" if idea.online or not places else "",
            is_free=not idea.cost,
            cost_details=idea.cost,
            just_turn_up=not idea.book,
            booking_url=f"https://tickets.example.org/{slug}" if idea.book else "",
            capacity=idea.capacity,
            status=Event.Status.PUBLISHED,
            **dict.fromkeys(idea.features, True),
        )
        if idea.interest in interests:
            event.interests.set([interests[idea.interest]])
        added += 1

        # People say they are going to the event's next date. Full events get a waiting
        # list of two on it; others a few people going.
        next_date = next_occurrence(event).date
        wanted = idea.capacity + 2 if idea.capacity else rng.randrange(0, 6)
        while len(members) < wanted:
            n = len(members) + 1
            email = EVENT_GOER.format(n=n, slug=borough.slug)
            profile = MemberProfile.objects.filter(user__username=email).first()
            if profile is None:
                profile = MemberProfileFactory(
                    user__username=email,
                    user__email=email,
                    display_name=f"Demo member {n}",
                    email_confirmed_at=timezone.now(),
                )
                profile.user.set_unusable_password()  # nobody signs in as them
                profile.user.save(update_fields=["password"])
            members.append(profile)
        for position, profile in enumerate(rng.sample(members, wanted)):
            full = idea.capacity is not None and position >= idea.capacity
            EventAttendanceFactory(
                event=event,
                member=profile.user,
                occurs_on=next_date,
                status=EventAttendance.Status.WAITING if full else EventAttendance.Status.GOING,
                created_at=timezone.now() + datetime.timedelta(seconds=position),
            )
            made_attendances += 1

    # One event waiting for a moderator, so the moderation queue has an event to try.
    held_slug = "games-afternoon-for-new-members"
    if groups and not Event.objects.filter(slug=held_slug).exists():
        group = groups[-1]
        organiser = GroupMembership.objects.filter(
            group=group, role=GroupMembership.Role.ORGANISER
        ).first()
        starts_at = local_datetime(today + datetime.timedelta(days=9), datetime.time(14))
        EventFactory(
            title="Games afternoon for new members",
            slug=held_slug,
            description="Board games and card games. Come along and meet people.",
            group=group,
            posted_by=organiser.member if organiser else None,
            starts_at=starts_at,
            ends_at=starts_at + datetime.timedelta(hours=3),
            online_url="https://meet.example.org/games",
            status=Event.Status.HELD,
        )
        added += 1

    return EventSeed(events=Event.objects.count(), added=added, attendances=made_attendances)
