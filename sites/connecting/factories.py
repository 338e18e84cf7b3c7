"""Factories for every Community Connecting model (tests and demo data).

Dates are relative to ``started_on`` of the participant, so a journey built from these
factories is consistent; pass explicit dates for a fixed data set.
"""

import datetime
import hashlib
import secrets

import factory
from factory.django import DjangoModelFactory

from django.contrib.auth.models import Group
from django.utils import timezone

from sites.community.factories import UserFactory
from sites.core.roles import COACHES, CONNECTING_TEAM_LEADS

from .impact.selectors import Figures
from .impact.shown import shown_figures
from .models import (
    ActivityTried,
    CommunicationNeeds,
    Contact,
    FollowUpAnswers,
    FrozenQuarter,
    Goal,
    Meeting,
    Outcome,
    Participant,
    ParticipantAuditEntry,
    QuarterRefrozen,
    QuestionnaireLink,
    Referral,
    Source,
    Timepoint,
    WellbeingResponse,
)


class ReferralFactory(DjangoModelFactory):
    class Meta:
        model = Referral

    kind = Referral.Kind.SELF
    first_name = factory.Faker("first_name", locale="en_GB")
    contact_method = Referral.ContactMethod.PHONE
    contact_detail = "07700 900123"
    contact_times = "Weekday mornings"
    postcode_district = "SE11"
    help_wanted = "I would like to meet people and get out more."
    consent = True

    class Params:
        professional = factory.Trait(
            kind=Referral.Kind.PROFESSIONAL,
            referrer_name=factory.Faker("name", locale="en_GB"),
            referrer_role="GP",
            referrer_organisation="Kennington Health Centre",
            referrer_email="gp@nhs.example.org",
            reason="Lives alone since a bereavement and rarely goes out.",
            person_agreed=True,
        )


def _join(group_name: str):
    def join(user, create, extracted, **kwargs):
        if create:
            user.groups.add(Group.objects.get(name=group_name))

    return join


class CoachFactory(UserFactory):
    """A user in the borough's Coaches group."""

    username = factory.Sequence(lambda n: f"coach{n}@example.org")

    class Meta:
        skip_postgeneration_save = True

    joined = factory.PostGeneration(_join(COACHES))


class TeamLeadFactory(UserFactory):
    """A user in the borough's Community Connecting team leads group."""

    username = factory.Sequence(lambda n: f"teamlead{n}@example.org")

    class Meta:
        skip_postgeneration_save = True

    joined = factory.PostGeneration(_join(CONNECTING_TEAM_LEADS))


class ParticipantFactory(DjangoModelFactory):
    class Meta:
        model = Participant

    referral = factory.SubFactory(ReferralFactory, status=Referral.Status.IN_COACHING)
    coach = factory.SubFactory(CoachFactory)
    first_name = factory.LazyAttribute(lambda participant: participant.referral.first_name)
    started_on = factory.LazyFunction(lambda: timezone.localdate() - datetime.timedelta(weeks=4))
    notes = "Prefers mornings. Worried about going out alone after dark."

    class Params:
        completed = factory.Trait(
            status=Participant.Status.COMPLETED,
            ended_on=factory.LazyAttribute(
                lambda p: min(p.started_on + datetime.timedelta(weeks=12), timezone.localdate())
            ),
            closed_at=factory.LazyAttribute(
                lambda p: timezone.make_aware(
                    datetime.datetime.combine(p.ended_on, datetime.time(17))
                )
            ),
        )


class CommunicationNeedsFactory(DjangoModelFactory):
    class Meta:
        model = CommunicationNeeds

    participant = factory.SubFactory(ParticipantFactory)
    formats = factory.LazyFunction(lambda: [CommunicationNeeds.Format.LARGE_PRINT])
    support = factory.LazyFunction(list)
    contact_methods = factory.LazyFunction(lambda: [CommunicationNeeds.ContactMethod.PHONE])
    details = "Hard of hearing on the left side: sit on their right."


def _after_start(days: int, *, planned: bool = False):
    """``days`` after the journey's start; for what has happened, today at the latest."""

    def day(o):
        after = o.participant.started_on + datetime.timedelta(days=days)
        return after if planned else min(after, timezone.localdate())

    return factory.LazyAttribute(day)


class MeetingFactory(DjangoModelFactory):
    class Meta:
        model = Meeting

    participant = factory.SubFactory(ParticipantFactory)
    kind = Meeting.Kind.REGULAR
    date = _after_start(7, planned=True)
    place_type = Meeting.PlaceType.CAFE
    notes = "Talked about the walking group."


class ContactFactory(DjangoModelFactory):
    class Meta:
        model = Contact

    participant = factory.SubFactory(ParticipantFactory)
    channel = Contact.Channel.CALL
    date = _after_start(2)
    minutes = 15
    notes = "Arranged to meet at the library café."


class GoalFactory(DjangoModelFactory):
    class Meta:
        model = Goal

    participant = factory.SubFactory(ParticipantFactory)
    text = "Go to one group activity a week."
    set_on = _after_start(7)


class ActivityTriedFactory(DjangoModelFactory):
    class Meta:
        model = ActivityTried

    participant = factory.SubFactory(ParticipantFactory)
    listing = None
    other_name = factory.LazyAttribute(lambda o: "" if o.listing else "Tuesday walking group")
    tried_on = _after_start(14)
    with_coach = True


class OutcomeFactory(DjangoModelFactory):
    class Meta:
        model = Outcome

    participant = factory.SubFactory(ParticipantFactory)
    kind = Outcome.Kind.VOLUNTEERING
    recorded_on = _after_start(80)
    details = "Volunteers at the food bank on Fridays."


class WellbeingResponseFactory(DjangoModelFactory):
    """Items default to 3 (raw 21); raw and metric scores are derived as the service does."""

    class Meta:
        model = WellbeingResponse

    participant = factory.SubFactory(ParticipantFactory)
    timepoint = Timepoint.START
    completed_on = factory.LazyAttribute(lambda o: o.participant.started_on)
    source = Source.PAPER
    item_1 = item_2 = item_3 = item_4 = item_5 = item_6 = item_7 = 3
    raw_score = factory.LazyAttribute(lambda o: sum(getattr(o, f"item_{n}") for n in range(1, 8)))
    metric_score = factory.LazyAttribute(lambda o: _metric(o.raw_score))


def _metric(raw: int):
    from .swemwbs import metric_score

    return metric_score(raw)


class FollowUpAnswersFactory(DjangoModelFactory):
    class Meta:
        model = FollowUpAnswers

    participant = factory.SubFactory(ParticipantFactory, completed=True)
    completed_on = factory.LazyAttribute(
        lambda o: (
            (o.participant.ended_on or o.participant.started_on) + datetime.timedelta(weeks=13)
        )
    )
    source = Source.PAPER
    more_supported = True
    more_independent = True
    better_in_crisis = False
    goes_out_more = True
    tried_new_activities = True
    learnt_something = True
    met_new_people = True
    made_new_friends = False
    reconnected = None


class QuestionnaireLinkFactory(DjangoModelFactory):
    """Pass ``token`` to know the link; only its hash is stored."""

    class Meta:
        model = QuestionnaireLink
        exclude = ("token",)

    participant = factory.SubFactory(ParticipantFactory)
    timepoint = Timepoint.START
    token = factory.LazyFunction(lambda: secrets.token_urlsafe(32))
    token_hash = factory.LazyAttribute(lambda o: hashlib.sha256(o.token.encode()).hexdigest())
    created_at = factory.LazyFunction(timezone.now)
    expires_at = factory.LazyAttribute(lambda o: o.created_at + datetime.timedelta(days=14))


class ParticipantAuditEntryFactory(DjangoModelFactory):
    class Meta:
        model = ParticipantAuditEntry

    user = factory.SubFactory(CoachFactory)
    username = factory.LazyAttribute(lambda o: o.user.username if o.user else "")
    participant_id = factory.LazyAttribute(lambda o: ParticipantFactory().pk)
    action = ParticipantAuditEntry.Action.VIEW


class FrozenQuarterFactory(DjangoModelFactory):
    """A quarter frozen with no figures to show (every count "fewer than 5")."""

    class Meta:
        model = FrozenQuarter
        django_get_or_create = ("year", "quarter")

    year = 2025
    quarter = 1
    figures = factory.LazyFunction(lambda: shown_figures(Figures()))
    first_frozen_at = factory.LazyFunction(timezone.now)
    frozen_at = factory.LazyAttribute(lambda o: o.first_frozen_at)


class QuarterRefrozenFactory(DjangoModelFactory):
    class Meta:
        model = QuarterRefrozen

    year = 2025
    quarter = 1
    at = factory.LazyFunction(timezone.now)
    user = factory.SubFactory(TeamLeadFactory)
    username = factory.LazyAttribute(lambda o: o.user.username)
    reason = "A follow-up answer typed in late from paper."
