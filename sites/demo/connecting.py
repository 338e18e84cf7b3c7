"""A plausible year of Community Connecting in a demo borough, built with the factories.

``seed_connecting(borough, rng)`` (a step of ``SEED_STEPS`` in ``sites/demo/seed.py``)
gives the borough a team lead, coaches, referrals over the last 14 months and about
``PEOPLE[slug]`` people coached (150 in Lambeth, fewer elsewhere): their meetings,
contact log, goals, activities tried from the borough's own directory, what they went on
to do, SWEMWBS at the start and at 12 weeks, follow-up answers three months after, and a
daily visitor count, so the impact report shows figures like the charity's own summary,
computed from records. Seeded by the caller's ``random.Random`` (the same choices on
every run) and idempotent: a borough that already has participants is left alone.

Demo accounts: ``teamlead@<slug>.demo.connectdo.example.org`` (sees the impact report)
and ``coach1@…``, ``coach2@…`` with the demo password. Works in the current schema.
"""

import datetime
import random
from dataclasses import dataclass

from django.utils import timezone

from sites.connecting.factories import (
    ActivityTriedFactory,
    CoachFactory,
    CommunicationNeedsFactory,
    ContactFactory,
    FollowUpAnswersFactory,
    GoalFactory,
    MeetingFactory,
    OutcomeFactory,
    ParticipantFactory,
    ReferralFactory,
    TeamLeadFactory,
    WellbeingResponseFactory,
)
from sites.connecting.impact.models import DailyVisitors
from sites.connecting.models import (
    ConnectingSettings,
    Contact,
    FollowUpAnswers,
    Meeting,
    Outcome,
    Participant,
    Referral,
    Timepoint,
)
from sites.directory.selectors import visible_activities
from sites.directory.services.editors import borough_site

from .boroughs import refuse_unless_demo_allowed
from .community import demo_password

PEOPLE = {"lambeth": 150, "southwark": 90, "ealing": 60, "brent": 70, "bromley": 45}
DEFAULT_PEOPLE = 40
VISITORS_A_DAY = {"lambeth": 10, "southwark": 7, "ealing": 5, "brent": 5, "bromley": 4}
JOURNEY = datetime.timedelta(weeks=12)
# How likely a "yes" is to each follow-up question (the charity's own results).
YES = {
    "more_supported": 0.80,
    "more_independent": 0.87,
    "better_in_crisis": 0.73,
    "goes_out_more": 0.78,
    "tried_new_activities": 0.85,
    "learnt_something": 0.62,
    "met_new_people": 0.82,
    "made_new_friends": 0.55,
    "reconnected": 0.45,
}
WENT_ON_TO = {
    Outcome.Kind.VOLUNTEERING: 0.25,
    Outcome.Kind.ACCREDITED_COURSE: 0.12,
    Outcome.Kind.EMPLOYMENT: 0.08,
    Outcome.Kind.EXERCISE: 0.35,
    Outcome.Kind.SKILLS: 0.30,
    Outcome.Kind.OTHER: 0.08,
}
PLACES = [
    Meeting.PlaceType.CAFE,
    Meeting.PlaceType.LIBRARY,
    Meeting.PlaceType.COMMUNITY_VENUE,
    Meeting.PlaceType.PARK,
    Meeting.PlaceType.ACTIVITY,
]
GOALS = [
    "Go to one group activity a week.",
    "Get the bus into town on my own.",
    "Find a walking group near home.",
    "Try a class to learn something new.",
    "Call my sister once a week.",
]


@dataclass
class Seeded:
    people: int = 0
    referrals: int = 0
    contacts: int = 0

    def __str__(self):
        return (
            f"{self.people} people coached, {self.referrals} referrals, "
            f"{self.contacts} contacts logged"
        )


def demo_email(role: str, slug: str) -> str:
    return f"{role}@{slug}.demo.connectdo.example.org"


def coach_emails(slug: str) -> list[str]:
    """Three coaches in Lambeth (the busiest demo borough), two elsewhere."""
    return [demo_email(f"coach{n}", slug) for n in range(1, 4 if slug == "lambeth" else 3)]


def seed_connecting(borough, rng: random.Random, *, today=None) -> Seeded:
    refuse_unless_demo_allowed()
    if Participant.objects.exists():
        return Seeded()
    today = today or timezone.localdate()
    settings = ConnectingSettings.for_site(borough_site())
    settings.swemwbs_registered = True
    settings.swemwbs_registration_reference = "DEMO-0000"
    settings.save()
    password = demo_password()
    TeamLeadFactory(username=demo_email("teamlead", borough.slug), password=password)
    coaches = [
        CoachFactory(username=username, password=password)
        for username in coach_emails(borough.slug)
    ]
    listings = list(visible_activities().order_by("pk")[:200])
    seeded = Seeded()
    people = PEOPLE.get(borough.slug, DEFAULT_PEOPLE)
    for _ in range(people):
        # Starts spread over the 14 months before today; a referral a week or two before.
        started = today - datetime.timedelta(days=rng.randint(7, 425))
        seeded.contacts += _journey(rng, rng.choice(coaches), started, today, listings)
    seeded.people = people
    seeded.referrals = people + _referrals_not_taken_up(rng, people, today)
    _visitors(rng, borough.slug, today)
    return seeded


def _referral(rng, created: datetime.date, **fields) -> Referral:
    professional = rng.random() < 0.65
    referral = ReferralFactory(professional=professional, **fields)
    when = timezone.make_aware(datetime.datetime.combine(created, datetime.time(10)))
    Referral.objects.filter(pk=referral.pk).update(created_at=when, contacted_at=when)
    return referral


def _journey(rng, coach, started: datetime.date, today, listings) -> int:
    ended = started + JOURNEY
    finished = ended <= today
    early = finished and rng.random() < 0.15
    if early:
        ended = started + datetime.timedelta(weeks=rng.randint(2, 9))
    status = (
        Participant.Status.ACTIVE
        if not finished
        else Participant.Status.ENDED_EARLY
        if early
        else Participant.Status.COMPLETED
    )
    referral = _referral(
        rng,
        started - datetime.timedelta(days=rng.randint(5, 15)),
        status=Referral.Status.IN_COACHING if not finished else Referral.Status.CLOSED,
        close_reason=""
        if not finished
        else Referral.CloseReason.OTHER
        if early
        else Referral.CloseReason.COMPLETED,
    )
    participant = ParticipantFactory(
        referral=referral,
        coach=coach,
        started_on=started,
        status=status,
        ended_on=ended if finished else None,
        closed_at=timezone.make_aware(datetime.datetime.combine(ended, datetime.time(17)))
        if finished
        else None,
        notes="",
    )
    last = min(ended, today)
    contacts = _meetings_and_contacts(
        rng, participant, started, last, complete=status == "completed"
    )
    if rng.random() < 0.3:
        CommunicationNeedsFactory(participant=participant, details="")
    for _ in range(rng.randint(1, 2)):
        GoalFactory(participant=participant, set_on=started + datetime.timedelta(days=7))
    _activities(rng, participant, started, last, listings)
    start_raw = _clip(round(rng.gauss(17.5, 3.5)))
    WellbeingResponseFactory(participant=participant, **_items(rng, start_raw))
    if status == Participant.Status.COMPLETED:
        _completed(rng, participant, start_raw, ended, today)
    return contacts


def _meetings_and_contacts(rng, participant, started, last, *, complete: bool) -> int:
    """The journey the issue describes: an introduction, a first meeting, meetings and
    visits, a 6-week review, a 12-week final meeting; calls, texts and emails between."""
    plan = [(Meeting.Kind.INTRODUCTION, 0), (Meeting.Kind.FIRST, 7)]
    plan += [(Meeting.Kind.REGULAR, day) for day in sorted(rng.sample(range(10, 80), 3))]
    plan += [(Meeting.Kind.REVIEW_6_WEEKS, 42), (Meeting.Kind.FINAL_12_WEEKS, 84)]
    count = 0
    for kind, day in plan:
        date = started + datetime.timedelta(days=day)
        if date > last or (kind == Meeting.Kind.FINAL_12_WEEKS and not complete):
            continue
        face_to_face = kind != Meeting.Kind.INTRODUCTION or rng.random() < 0.5
        meeting = MeetingFactory(
            participant=participant,
            kind=kind,
            date=date,
            place_type=rng.choice(PLACES) if face_to_face else Meeting.PlaceType.PHONE,
            notes="",
        )
        ContactFactory(
            participant=participant,
            meeting=meeting,
            date=date,
            channel=Contact.Channel.FACE_TO_FACE if face_to_face else Contact.Channel.CALL,
            minutes=rng.choice([30, 45, 45, 45, 60]) if face_to_face else 20,
            notes="",
        )
        count += 1
    days = max(1, (last - started).days)
    between = [
        ContactFactory.build(
            participant=participant,
            channel=channel,
            date=started + datetime.timedelta(days=rng.randint(0, days)),
            minutes=rng.randint(*minutes),
            notes="",
        )
        for channel, times, minutes in (
            (Contact.Channel.CALL, rng.randint(3, 7), (10, 25)),
            (Contact.Channel.TEXT, rng.randint(20, 35), (1, 3)),
            (Contact.Channel.EMAIL, rng.randint(2, 10), (3, 10)),
            (Contact.Channel.VIDEO, rng.choice([0, 0, 0, 1, 2]), (20, 40)),
        )
        for _ in range(times)
    ]
    Contact.objects.bulk_create(between)  # built by the factory, written in one go
    return count + len(between)


def _activities(rng, participant, started, last, listings) -> None:
    for _ in range(rng.randint(1, 3)):
        tried = started + datetime.timedelta(days=rng.randint(10, max(10, (last - started).days)))
        if listings:
            ActivityTriedFactory(
                participant=participant,
                listing=rng.choice(listings),
                tried_on=tried,
                kept_going=rng.random() < 0.6,
                notes="",
            )


def _completed(rng, participant, start_raw: int, ended, today) -> None:
    if rng.random() < 0.9:
        end_raw = _clip(start_raw + round(rng.gauss(5.5, 3.5)))
        WellbeingResponseFactory(
            participant=participant,
            timepoint=Timepoint.WEEK_12,
            completed_on=ended,
            **_items(rng, end_raw),
        )
    for kind, chance in WENT_ON_TO.items():
        if rng.random() < chance:
            day = ended - datetime.timedelta(days=rng.randint(0, 20))
            OutcomeFactory(participant=participant, kind=kind, recorded_on=day, details="")
    follow_up = ended + datetime.timedelta(weeks=13)
    if follow_up <= today and rng.random() < 0.8:
        answers = {
            question: None if rng.random() < 0.04 else rng.random() < YES[question]
            for question in FollowUpAnswers.QUESTIONS
        }
        FollowUpAnswersFactory(participant=participant, completed_on=follow_up, **answers)


def _referrals_not_taken_up(rng, people: int, today) -> int:
    """Referrals that did not become a journey: declined, not reached, or still new."""
    extra = round(people * 0.3)
    for _ in range(extra):
        created = today - datetime.timedelta(days=rng.randint(0, 430))
        if (today - created).days < 10:
            _referral(rng, created)
            continue
        reason = rng.choice([Referral.CloseReason.DECLINED, Referral.CloseReason.UNREACHABLE])
        _referral(rng, created, status=Referral.Status.CLOSED, close_reason=reason)
    return extra


def _visitors(rng, slug: str, today) -> None:
    usual = VISITORS_A_DAY.get(slug, 3)
    DailyVisitors.objects.bulk_create(
        DailyVisitors(
            day=today - datetime.timedelta(days=back),
            visitors=max(0, round(rng.gauss(usual, usual / 3))),
        )
        for back in range(1, 366)
    )


def _clip(raw: int) -> int:
    return max(7, min(35, raw))


def _items(rng, raw: int) -> dict:
    """Seven answers of 1 to 5 that add up to ``raw``."""
    items = [1] * 7
    for _ in range(raw - 7):
        items[rng.choice([i for i in range(7) if items[i] < 5])] += 1
    return {f"item_{n}": value for n, value in enumerate(items, start=1)}
