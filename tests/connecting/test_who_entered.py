"""Who typed a questionnaire from paper, said truthfully wherever the entry is described:
the coach, a team lead, or (for entries typed before this was kept) nobody is named."""

import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine

from sites.connecting import retention
from sites.connecting.factories import (
    CoachFactory,
    FollowUpAnswersFactory,
    ParticipantFactory,
    TeamLeadFactory,
    WellbeingResponseFactory,
)
from sites.connecting.models import (
    FollowUpAnswers,
    Participant,
    ParticipantAuditEntry,
    WellbeingResponse,
)
from tests.conftest import inside

from .coaching import PARTICIPANTS, register_swemwbs, signed_in

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2026, 6, 15)
BY_COACH = "entered by the coach from paper"
BY_TEAM_LEAD = "entered by a team lead from paper"
BY_SOMEONE = "entered from paper"  # typed before the role was kept


@pytest.fixture(autouse=True)
def on_a_fixed_day():
    noon = datetime.datetime.combine(TODAY, datetime.time(12), tzinfo=ZoneInfo("Europe/London"))
    with time_machine.travel(noon, tick=False):
        yield


@pytest.fixture
def people(lambeth):
    """A coach and their participant, and a team lead (not in the Coaches group)."""
    register_swemwbs(lambeth)
    with inside(lambeth):
        coach = CoachFactory()
        return coach, ParticipantFactory(coach=coach), TeamLeadFactory()


def swemwbs_form(timepoint="start"):
    return {
        "timepoint": timepoint,
        "completed_on": "2026-06-01",
        **{f"item_{n}": "3" for n in range(1, 8)},
    }


def record_page(lambeth, user, participant) -> str:
    response = signed_in(lambeth, user).get(f"{PARTICIPANTS}edit/{participant.pk}/")
    assert response.status_code == 200
    return response.content.decode()


def test_a_team_leads_swemwbs_says_a_team_lead_entered_it(lambeth, people):
    coach, participant, lead = people
    sent = signed_in(lambeth, lead).post(f"{PARTICIPANTS}{participant.pk}/swemwbs/", swemwbs_form())
    assert sent.status_code == 302
    with inside(lambeth):
        saved = WellbeingResponse.objects.get(participant=participant)
        assert (saved.entered_by, saved.entered_by_role) == (lead, "team-lead")
    for reader in (coach, lead):  # the same words for whoever reads the record
        page = record_page(lambeth, reader, participant)
        assert f"1 Jun 2026, {BY_TEAM_LEAD}" in page
        assert BY_COACH not in page


def test_the_coachs_swemwbs_says_the_coach_entered_it(lambeth, people):
    coach, participant, lead = people
    sent = signed_in(lambeth, coach).post(
        f"{PARTICIPANTS}{participant.pk}/swemwbs/", swemwbs_form()
    )
    assert sent.status_code == 302
    with inside(lambeth):
        saved = WellbeingResponse.objects.get(participant=participant)
        assert (saved.entered_by, saved.entered_by_role) == (coach, "coach")
    page = record_page(lambeth, lead, participant)
    assert f"1 Jun 2026, {BY_COACH}" in page
    assert BY_TEAM_LEAD not in page


def test_a_team_lead_who_is_the_persons_coach_entered_it_as_the_coach(lambeth, people):
    _, _, lead = people
    with inside(lambeth):
        own = ParticipantFactory(coach=lead)
    signed_in(lambeth, lead).post(f"{PARTICIPANTS}{own.pk}/swemwbs/", swemwbs_form())
    assert BY_COACH in record_page(lambeth, lead, own)


def test_follow_up_answers_say_who_entered_them(lambeth, people):
    coach, participant, lead = people
    with inside(lambeth):
        other = ParticipantFactory(coach=coach)
        # Ended in January: the follow-up is open from April.
        Participant.objects.filter(pk__in=[participant.pk, other.pk]).update(
            status=Participant.Status.COMPLETED,
            started_on=datetime.date(2025, 10, 13),
            ended_on=datetime.date(2026, 1, 5),
            closed_at=datetime.datetime(2026, 1, 5, 17, tzinfo=datetime.UTC),
        )
    for user, record in ((lead, participant), (coach, other)):
        sent = signed_in(lambeth, user).post(
            f"{PARTICIPANTS}{record.pk}/follow-up/",
            {"completed_on": "2026-06-01", "more_supported": "yes"},
        )
        assert sent.status_code == 302
    assert f"Follow-up answers (1 Jun 2026, {BY_TEAM_LEAD})" in record_page(
        lambeth, coach, participant
    )
    assert f"Follow-up answers (1 Jun 2026, {BY_COACH})" in record_page(lambeth, lead, other)
    with inside(lambeth):
        roles = dict(FollowUpAnswers.objects.values_list("participant_id", "entered_by_role"))
    assert roles == {participant.pk: "team-lead", other.pk: "coach"}


def test_the_correction_and_deletion_pages_and_the_export_say_it_too(lambeth, people):
    coach, participant, lead = people
    signed_in(lambeth, lead).post(f"{PARTICIPANTS}{participant.pk}/swemwbs/", swemwbs_form())
    with inside(lambeth):
        entry = WellbeingResponse.objects.get(participant=participant)
    base = f"{PARTICIPANTS}{participant.pk}/swemwbs/{entry.pk}"
    correcting = signed_in(lambeth, coach).get(f"{base}/correct/").content.decode()
    assert f"completed on 1 Jun 2026 ({BY_TEAM_LEAD})" in correcting
    client = signed_in(lambeth, lead)
    deleting = client.get(f"{base}/delete/").content.decode()
    assert f"completed on 1 Jun 2026 ({BY_TEAM_LEAD})" in deleting
    with inside(lambeth):
        exported = retention.export_participant(participant, by=lead)
    assert exported["wellbeing_responses"][0]["entered_by_role"] == "team-lead"
    assert client.post(f"{base}/delete/", {"confirm": "on"}).status_code == 302
    with inside(lambeth):
        deleted = ParticipantAuditEntry.objects.get(
            participant_id=participant.pk, action="delete"
        ).detail
    assert deleted == f"swemwbs {entry.pk} start (paper, team-lead)"


def test_entries_from_before_say_only_that_they_came_from_paper(lambeth, people):
    """Rows typed before the role was kept: who typed them cannot be known now, so no
    role is claimed; answers through a link say the person gave them."""
    coach, participant, lead = people
    with inside(lambeth):
        WellbeingResponseFactory(participant=participant, completed_on=datetime.date(2026, 5, 1))
        WellbeingResponseFactory(
            participant=participant,
            timepoint="12-weeks",
            completed_on=datetime.date(2026, 6, 2),
            source="link",
        )
        FollowUpAnswersFactory(participant=participant, completed_on=datetime.date(2026, 6, 3))
    page = record_page(lambeth, lead, participant)
    assert f"1 May 2026, {BY_SOMEONE})" in page
    assert "2 Jun 2026, completed by the person online)" in page
    assert f"Follow-up answers (3 Jun 2026, {BY_SOMEONE})" in page
    assert BY_COACH not in page and BY_TEAM_LEAD not in page
