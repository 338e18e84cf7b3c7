"""Every Community Connecting factory builds a valid, consistent record in a borough."""

import pytest

from django.contrib.auth.models import Group

from sites.connecting import factories
from sites.connecting.models import Participant
from sites.core.roles import COACHES, CONNECTING_TEAM_LEADS
from tests.conftest import inside

pytestmark = pytest.mark.django_db

FACTORIES = [
    factories.ReferralFactory,
    factories.ParticipantFactory,
    factories.CommunicationNeedsFactory,
    factories.MeetingFactory,
    factories.ContactFactory,
    factories.GoalFactory,
    factories.ActivityTriedFactory,
    factories.OutcomeFactory,
    factories.WellbeingResponseFactory,
    factories.FollowUpAnswersFactory,
    factories.QuestionnaireLinkFactory,
    factories.ParticipantAuditEntryFactory,
    factories.FrozenQuarterFactory,
    factories.QuarterRefrozenFactory,
]


@pytest.mark.parametrize("factory", FACTORIES, ids=lambda f: f.__name__)
def test_each_factory_makes_a_valid_record(lambeth, factory):
    with inside(lambeth):
        record = factory()
        record.full_clean()
        assert type(record).objects.filter(pk=record.pk).exists()


def test_coach_and_team_lead_factories_join_their_groups(lambeth):
    with inside(lambeth):
        coach = factories.CoachFactory()
        lead = factories.TeamLeadFactory()
        assert list(coach.groups.values_list("name", flat=True)) == [COACHES]
        assert list(lead.groups.values_list("name", flat=True)) == [CONNECTING_TEAM_LEADS]
        assert Group.objects.get(name=COACHES).user_set.filter(pk=coach.pk).exists()


def test_a_completed_participant_is_closed_when_it_ended(lambeth):
    with inside(lambeth):
        participant = factories.ParticipantFactory(completed=True)
        assert participant.status == Participant.Status.COMPLETED
        assert participant.closed_at.date() == participant.ended_on


def test_a_swemwbs_response_carries_its_raw_and_metric_scores(lambeth):
    with inside(lambeth):
        response = factories.WellbeingResponseFactory(item_1=5, item_7=1)
        assert response.raw_score == 21
        assert str(response.metric_score) == "19.25"
