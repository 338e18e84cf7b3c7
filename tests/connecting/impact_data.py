"""A fixed year of Community Connecting in one borough, and the report it must give.

Every date is explicit; records just outside 2025 are there to prove they are left out.
The expected table is written out by hand from the numbers below (SWEMWBS metric scores
from the published conversion: raw 18 -> 17.43, 21 -> 19.25, 24 -> 21.54, 27 -> 24.11).
Numbers of people show rounded to the nearest 5; the exact count is in the comment.
"""

import datetime

from django.utils import timezone

from wagtail.models import Page

from sites.connecting.factories import (
    CoachFactory,
    ContactFactory,
    FollowUpAnswersFactory,
    OutcomeFactory,
    ParticipantFactory,
    ReferralFactory,
    WellbeingResponseFactory,
)
from sites.connecting.impact.models import DailyVisitors
from sites.connecting.models import Contact, Outcome, Participant, Referral, Timepoint
from sites.directory.factories import ActivityPageFactory, OrganisationPageFactory
from sites.directory.models import OrganisationIndexPage
from tests.conftest import inside

START, END = datetime.date(2025, 1, 1), datetime.date(2025, 12, 31)
OUTSIDE_BEFORE = datetime.datetime(2024, 6, 1, 12, tzinfo=datetime.UTC)

RAW_18 = {"item_1": 3, "item_2": 3, "item_3": 3, "item_4": 3, "item_5": 2, "item_6": 2, "item_7": 2}
RAW_21 = {"item_1": 3, "item_2": 3, "item_3": 3, "item_4": 3, "item_5": 3, "item_6": 3, "item_7": 3}
RAW_24 = {"item_1": 4, "item_2": 4, "item_3": 4, "item_4": 3, "item_5": 3, "item_6": 3, "item_7": 3}
RAW_27 = {"item_1": 4, "item_2": 4, "item_3": 4, "item_4": 4, "item_5": 4, "item_6": 4, "item_7": 3}

EXPECTED = {
    "People": [
        ("Self-referral", ("10",)),  # 8
        ("Professional referral", ("15",)),  # 14
        ("Referred in all", ("20",)),  # 22: not 10 + 15
        ("Supported by a coach", ("20",)),  # 18
        ("Completed the 12 weeks", ("15",)),  # 13
    ],
    "Wellbeing (SWEMWBS) at the start and at 12 weeks": [
        ("At the start", ("18.2", "10")),  # 12 people
        ("At 12 weeks", ("22.6", "10")),
        ("Change", ("+4.4", "10")),
    ],
    "Three months after the end": [
        ("Do you feel more supported?", ("58 %", "10")),  # 7 of 12
        ("Do you feel more independent?", ("not shown", "10")),
        ("Do you feel better able to deal with a crisis?", ("55 %", "10")),  # 6 of 11
        ("Do you go out more?", ("not shown", "10")),
        ("Have you tried new activities?", ("not shown", "fewer than 5")),
        ("Have you learnt something new?", ("not shown", "fewer than 5")),
        ("Have you met new people?", ("50 %", "10")),  # 6 of 12
        ("Have you made new friends?", ("not shown", "fewer than 5")),
        ("Have you reconnected with family or friends?", ("not shown", "fewer than 5")),
    ],
    "What people went on to do": [
        ("Volunteering", ("5",)),  # 6
        ("An accredited course", ("fewer than 5",)),
        ("Paid work", ("fewer than 5",)),
        ("Exercise", ("fewer than 5",)),
        ("New skills", ("5",)),
        ("Something else", ("fewer than 5",)),
    ],
    "Coaching time per completed journey": [
        ("Phone call", ("2.0", "30 min")),
        ("Text message", ("5.0", "10 min")),
        ("Email", ("0.0", "0 min")),
        ("Face to face", ("3.0", "3 h 0 min")),
        ("Video call", ("0.1", "3 min")),
        ("All", ("10.1", "3 h 43 min")),
    ],
    "The site and its directory": [
        ("Organisations featured", ("5",)),
        ("Activities featured", ("2",)),  # listings are shown as they are, under 5 too
        ("Site visitors (each counted once a day)", ("222",)),
    ],
}


def _day(month: int, day: int, year: int = 2025) -> datetime.date:
    return datetime.date(year, month, day)


def _completed(coach, started_on, ended_on, status=Participant.Status.COMPLETED):
    return ParticipantFactory(
        coach=coach,
        status=status,
        started_on=started_on,
        ended_on=ended_on,
        closed_at=timezone.make_aware(datetime.datetime.combine(ended_on, datetime.time(17))),
    )


def _journey_contacts(participant) -> None:
    for channel, minutes, times in (
        (Contact.Channel.CALL, 15, 2),
        (Contact.Channel.TEXT, 2, 5),
        (Contact.Channel.FACE_TO_FACE, 60, 3),
    ):
        for _ in range(times):
            ContactFactory(participant=participant, channel=channel, minutes=minutes)


def build_fixed_year(borough) -> None:
    with inside(borough):
        coach = CoachFactory()
        completed = []
        for i in range(13):
            started = _day(1, 6) + datetime.timedelta(weeks=i)
            completed.append(_completed(coach, started, started + datetime.timedelta(weeks=12)))
        for i, person in enumerate(completed[:12]):
            before, after = (RAW_18, RAW_24) if i < 7 else (RAW_21, RAW_27)
            WellbeingResponseFactory(participant=person, timepoint=Timepoint.START, **before)
            WellbeingResponseFactory(
                participant=person,
                timepoint=Timepoint.WEEK_12,
                completed_on=person.ended_on,
                **after,
            )
        # Only a 12-week score: not one of the people with both.
        last = completed[12]
        WellbeingResponseFactory(
            participant=last, timepoint=Timepoint.WEEK_12, completed_on=_day(6, 1), **RAW_27
        )
        for person in completed:
            _journey_contacts(person)
        ContactFactory(participant=completed[0], channel=Contact.Channel.VIDEO, minutes=45)

        for i, person in enumerate(completed[:12]):
            FollowUpAnswersFactory(
                participant=person,
                completed_on=_day(9, 1 + i),
                more_supported=i < 7,
                more_independent=True,
                better_in_crisis=(i < 6) if i < 11 else None,
                goes_out_more=i < 9,
                tried_new_activities=None,
                learnt_something=None,
                met_new_people=i % 2 == 0,
                made_new_friends=None,
                reconnected=None,
            )

        active = [ParticipantFactory(coach=coach, started_on=_day(11, 1 + i)) for i in range(4)]
        for person in active:  # not completed: their time is not in the means
            ContactFactory(participant=person, channel=Contact.Channel.CALL, minutes=300)
        _completed(coach, _day(1, 10), _day(3, 1), status=Participant.Status.ENDED_EARLY)
        # Ended in 2024: neither supported nor completed in 2025; their answers are not in it.
        for i in range(2):
            old = _completed(coach, _day(6, 1, 2024), _day(8, 24 + i, 2024))
            WellbeingResponseFactory(participant=old, timepoint=Timepoint.START, **RAW_18)
            WellbeingResponseFactory(
                participant=old, timepoint=Timepoint.WEEK_12, completed_on=old.ended_on, **RAW_27
            )
            FollowUpAnswersFactory(participant=old, completed_on=_day(11, 20 + i, 2024))
            OutcomeFactory(participant=old, kind=Outcome.Kind.EMPLOYMENT, recorded_on=old.ended_on)

        volunteering = Outcome.Kind.VOLUNTEERING
        for person in completed[:6]:
            OutcomeFactory(participant=person, kind=volunteering, recorded_on=_day(5, 1))
        OutcomeFactory(participant=completed[0], kind=volunteering, recorded_on=_day(7, 1))
        for person in completed[6:9]:
            OutcomeFactory(participant=person, kind=Outcome.Kind.EXERCISE, recorded_on=_day(5, 2))
        for person in completed[:5]:
            OutcomeFactory(participant=person, kind=Outcome.Kind.SKILLS, recorded_on=_day(6, 2))

        # Referrals: those the participants came from were sent in 2024.
        Referral.objects.update(created_at=OUTSIDE_BEFORE)
        ReferralFactory.create_batch(8, kind=Referral.Kind.SELF)
        ReferralFactory.create_batch(14, professional=True)
        received = Referral.objects.exclude(created_at=OUTSIDE_BEFORE)
        for i, referral in enumerate(received.order_by("pk")):
            day = datetime.datetime(2025, 1 + i % 12, 1 + i, 9, tzinfo=datetime.UTC)
            Referral.objects.filter(pk=referral.pk).update(created_at=day)
        late = ReferralFactory(kind=Referral.Kind.SELF)  # 1 January 2026, 00:30 in London
        Referral.objects.filter(pk=late.pk).update(
            created_at=datetime.datetime(2026, 1, 1, 0, 30, tzinfo=datetime.UTC)
        )

        index = OrganisationIndexPage.objects.get()
        organisations = [OrganisationPageFactory(parent=index) for _ in range(6)]
        activities = [
            ActivityPageFactory(parent=organisation) for organisation in organisations[:2]
        ]
        # In the period, whatever the day the tests run (--now may be any instant).
        Page.objects.filter(pk__in=[a.pk for a in activities]).update(
            first_published_at=datetime.datetime(2025, 6, 1, tzinfo=datetime.UTC)
        )
        Page.objects.filter(pk__in=[o.pk for o in organisations[:5]]).update(
            first_published_at=datetime.datetime(2025, 5, 1, tzinfo=datetime.UTC)
        )
        Page.objects.filter(pk=organisations[5].pk).update(
            first_published_at=datetime.datetime(2026, 2, 1, tzinfo=datetime.UTC)
        )
        DailyVisitors.objects.bulk_create(
            [
                DailyVisitors(day=_day(3, 1), visitors=120),
                DailyVisitors(day=_day(3, 2), visitors=95),
                DailyVisitors(day=_day(12, 31), visitors=7),
                DailyVisitors(day=_day(12, 31, 2024), visitors=50),
                DailyVisitors(day=_day(1, 1, 2026), visitors=9),
            ]
        )
