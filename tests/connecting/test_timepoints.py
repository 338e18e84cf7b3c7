"""Each questionnaire only when it makes sense: the 12-week one from week 11 or after the
end, the follow-up from 12 weeks after the end (sites/connecting/timepoints.py)."""

import datetime
import hashlib
from zoneinfo import ZoneInfo

import pytest
import time_machine

from sites.connecting import timepoints
from sites.connecting.factories import (
    CoachFactory,
    FollowUpAnswersFactory,
    ParticipantFactory,
    WellbeingResponseFactory,
)
from sites.connecting.impact.period import Quarter
from sites.connecting.impact.selectors import borough_figures
from sites.connecting.models import (
    FollowUpAnswers,
    Participant,
    QuestionnaireLink,
    Timepoint,
    WellbeingResponse,
)
from tests.conftest import client_for, inside

from .coaching import PARTICIPANTS, register_swemwbs, signed_in

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2026, 9, 14)
# The impact report's quarter of TODAY, read once it has ended.
QUARTER, AFTER = Quarter(2026, 3), datetime.date(2026, 10, 15)


@pytest.fixture(autouse=True)
def on_a_fixed_day():
    noon = datetime.datetime.combine(TODAY, datetime.time(12), tzinfo=ZoneInfo("Europe/London"))
    with time_machine.travel(noon, tick=False):
        yield


def days_ago(days: int) -> datetime.date:
    return TODAY - datetime.timedelta(days=days)


def person(lambeth, *, started_days_ago: int, ended_days_ago: int | None = None):
    with inside(lambeth):
        coach = CoachFactory()
        participant = ParticipantFactory(coach=coach, started_on=days_ago(started_days_ago))
        if ended_days_ago is not None:
            participant.status = Participant.Status.COMPLETED
            participant.ended_on = days_ago(ended_days_ago)
            participant.closed_at = datetime.datetime.now(datetime.UTC)
            participant.save()
        return coach, participant


def ask_for_link(lambeth, coach, participant, timepoint):
    return signed_in(lambeth, coach).post(
        f"{PARTICIPANTS}{participant.pk}/link/", {"timepoint": timepoint}
    )


def links_of(lambeth, participant) -> int:
    with inside(lambeth):
        return QuestionnaireLink.objects.filter(participant=participant).count()


def test_no_follow_up_link_for_someone_still_in_coaching(lambeth):
    """The trial's finding: a follow-up link for an active participant with no end."""
    register_swemwbs(lambeth)
    coach, participant = person(lambeth, started_days_ago=200)
    refused = ask_for_link(lambeth, coach, participant, "follow-up")
    assert refused.status_code == 400
    assert "this person is still in coaching" in refused.content.decode()
    assert links_of(lambeth, participant) == 0


def test_the_follow_up_opens_12_weeks_after_the_end(lambeth):
    register_swemwbs(lambeth)
    coach, participant = person(lambeth, started_days_ago=200, ended_days_ago=83)
    refused = ask_for_link(lambeth, coach, participant, "follow-up")
    assert refused.status_code == 400
    assert "from 15 September 2026" in refused.content.decode(), "tomorrow"
    assert links_of(lambeth, participant) == 0
    with inside(lambeth):
        Participant.objects.filter(pk=participant.pk).update(ended_on=days_ago(84))
    assert ask_for_link(lambeth, coach, participant, "follow-up").status_code == 200
    assert links_of(lambeth, participant) == 1


def test_the_12_week_questionnaire_from_week_11_or_after_an_end(lambeth):
    register_swemwbs(lambeth)
    coach, participant = person(lambeth, started_days_ago=69)  # the last day of week 10
    refused = ask_for_link(lambeth, coach, participant, "12-weeks")
    assert refused.status_code == 400 and "week 11 of coaching" in refused.content.decode()
    with inside(lambeth):
        Participant.objects.filter(pk=participant.pk).update(started_on=days_ago(70))
    assert ask_for_link(lambeth, coach, participant, "12-weeks").status_code == 200
    coach, early = person(lambeth, started_days_ago=21, ended_days_ago=1)
    assert ask_for_link(lambeth, coach, early, "12-weeks").status_code == 200, "ended early"


def test_after_an_early_end_a_12_week_score_from_before_the_end_does_not_fit(lambeth):
    """Review: once coaching had ended, a 12-week score dated week 2 was accepted and
    counted. It is the end-of-coaching score from the end day (or week 11) only."""
    _coach, early = person(lambeth, started_days_ago=60, ended_days_ago=30)
    assert "week 11 of coaching" in timepoints.refusal(early, Timepoint.WEEK_12, days_ago(50))
    assert timepoints.refusal(early, Timepoint.WEEK_12, days_ago(30)) is None
    with inside(lambeth):
        WellbeingResponseFactory(
            participant=early, timepoint=Timepoint.START, completed_on=days_ago(60)
        )
        week_2 = WellbeingResponseFactory(
            participant=early, timepoint=Timepoint.WEEK_12, completed_on=days_ago(50)
        )
        assert borough_figures(QUARTER, today=AFTER).wellbeing_n == 0
        week_2.completed_on = days_ago(30)
        week_2.save()
        assert borough_figures(QUARTER, today=AFTER).wellbeing_n == 1


def test_paper_entries_are_refused_for_a_time_point_that_does_not_fit(lambeth):
    register_swemwbs(lambeth)
    coach, participant = person(lambeth, started_days_ago=30)
    client = signed_in(lambeth, coach)
    items = {f"item_{n}": "3" for n in range(1, 8)}
    today = TODAY.isoformat()
    for timepoint in ("follow-up", "12-weeks"):
        sent = client.post(
            f"{PARTICIPANTS}{participant.pk}/swemwbs/",
            {"timepoint": timepoint, "completed_on": today, **items},
        )
        assert sent.status_code == 400, timepoint
    answers = client.post(
        f"{PARTICIPANTS}{participant.pk}/follow-up/",
        {"completed_on": today, "more_supported": "yes"},
    )
    assert answers.status_code == 400 and "still in coaching" in answers.content.decode()
    with inside(lambeth):
        assert not WellbeingResponse.objects.filter(participant=participant).exists()
        assert not FollowUpAnswers.objects.filter(participant=participant).exists()


def test_an_old_link_for_a_time_point_that_does_not_fit_is_refused_on_use(lambeth):
    """A follow-up link made before the rule, for someone still in coaching."""
    register_swemwbs(lambeth)
    _coach, participant = person(lambeth, started_days_ago=40)
    token = "an-old-follow-up-link-made-before-the-rule"
    now = datetime.datetime.now(datetime.UTC)
    with inside(lambeth):
        QuestionnaireLink.objects.create(
            participant=participant,
            timepoint=Timepoint.FOLLOW_UP,
            token_hash=hashlib.sha256(token.encode()).hexdigest(),
            created_at=now,
            expires_at=now + datetime.timedelta(days=14),
        )
    visitor = client_for(lambeth)
    page = visitor.get(f"/wellbeing/{token}/")
    assert page.status_code == 404 and "does not work" in page.content.decode()
    items = {f"item_{n}": "3" for n in range(1, 8)}
    assert visitor.post(f"/wellbeing/{token}/", items).status_code == 404
    with inside(lambeth):
        assert not WellbeingResponse.objects.filter(participant=participant).exists()
        assert QuestionnaireLink.objects.get(participant=participant).used_at is None


def test_the_report_leaves_out_answers_given_before_they_fitted(lambeth):
    """Entered before the rule (as in the trial): a follow-up for someone still in coaching
    and a 12-week score in week 5 are not counted; the same at a fitting time are."""
    _coach, early = person(lambeth, started_days_ago=30)
    _coach, fitting = person(lambeth, started_days_ago=200, ended_days_ago=90)
    with inside(lambeth):
        for participant in (early, fitting):
            WellbeingResponseFactory(
                participant=participant, timepoint=Timepoint.START, completed_on=days_ago(200)
            )
            WellbeingResponseFactory(
                participant=participant, timepoint=Timepoint.WEEK_12, completed_on=TODAY
            )
            FollowUpAnswersFactory(participant=participant, completed_on=TODAY, more_supported=True)
        figures = borough_figures(QUARTER, today=AFTER)
    assert figures.wellbeing_n == 1
    assert figures.follow_up_n["more_supported"] == 1


@pytest.mark.parametrize(
    ("started", "ended", "done", "due"),
    [
        (69, None, set(), []),  # week 10
        (70, None, set(), ["12-week check due"]),  # week 11
        (70, None, {Timepoint.WEEK_12}, []),
        (200, 10, set(), ["12-week check due"]),  # ended, no 12-week score yet
        (200, 84, set(), ["Follow-up due"]),
        (200, 84, {Timepoint.WEEK_12}, ["Follow-up due"]),
        (200, 300, {Timepoint.FOLLOW_UP}, []),
        (200, 83, {Timepoint.WEEK_12}, []),
        (300, 139, {Timepoint.WEEK_12}, ["Follow-up due"]),  # the last day of 8 weeks
        (300, 140, {Timepoint.WEEK_12}, []),  # missed: no longer flagged nor reminded
    ],
)
def test_what_is_due(started, ended, done, due):
    participant = Participant(
        started_on=days_ago(started),
        status=Participant.Status.ACTIVE if ended is None else Participant.Status.COMPLETED,
        ended_on=None if ended is None else days_ago(ended),
    )
    assert [str(check) for check in timepoints.due_checks(participant, TODAY, done)] == due
    if ended is None:
        assert timepoints.coaching_week(participant, TODAY) == started // 7 + 1
    else:
        assert timepoints.coaching_week(participant, TODAY) is None
