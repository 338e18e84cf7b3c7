"""Demo events for ``seed_demo``: the ideas of ``data.events`` on dates from today."""

import datetime
import random
from dataclasses import dataclass

from django.utils import timezone
from django.utils.text import slugify

from sites.demo.data.events import EVENT_IDEAS

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
