"""SWEMWBS: the published conversion table, entry from paper, the single-use link, and the
borough's registration before any of it is offered."""

import datetime
import re
from decimal import Decimal
from urllib.parse import urlsplit

import pytest
import time_machine

from django.utils import timezone

from sites.connecting import swemwbs, wellbeing
from sites.connecting.factories import CoachFactory, ParticipantFactory, WellbeingResponseFactory
from sites.connecting.models import (
    FollowUpAnswers,
    ParticipantAuditEntry,
    QuestionnaireLink,
    WellbeingResponse,
)
from tests.conftest import client_for, inside

from .coaching import PARTICIPANTS, register_swemwbs, signed_in

pytestmark = pytest.mark.django_db

# The SWEMWBS raw score to metric score conversion table as published by Warwick Medical
# School (SWEMWBS scoring guidance; Stewart-Brown et al. 2009, doi:10.1186/1477-7525-7-15).
PUBLISHED = {
    7: "7.00", 8: "9.51", 9: "11.25", 10: "12.40", 11: "13.33", 12: "14.08", 13: "14.75",
    14: "15.32", 15: "15.84", 16: "16.36", 17: "16.88", 18: "17.43", 19: "17.98",
    20: "18.59", 21: "19.25", 22: "19.98", 23: "20.73", 24: "21.54", 25: "22.35",
    26: "23.21", 27: "24.11", 28: "25.03", 29: "26.02", 30: "27.03", 31: "28.13",
    32: "29.31", 33: "30.70", 34: "32.55", 35: "35.00",
}  # fmt: skip


def test_the_conversion_table_is_the_published_one():
    assert {raw: str(swemwbs.metric_score(raw)) for raw in range(7, 36)} == PUBLISHED
    assert swemwbs.metric_score(7) == Decimal("7.00")
    assert swemwbs.metric_score(35) == Decimal("35.00")
    scores = [swemwbs.metric_score(raw) for raw in range(7, 36)]
    assert scores == sorted(set(scores)), "each raw score a higher metric score"


@pytest.mark.parametrize("raw", [6, 36, 0, None, "21"])
def test_a_raw_score_outside_7_to_35_is_refused(raw):
    with pytest.raises(swemwbs.ScoreError):
        swemwbs.metric_score(raw)


@pytest.mark.parametrize(
    "items", [[3] * 6, [3] * 8, [0, 3, 3, 3, 3, 3, 3], [6, 3, 3, 3, 3, 3, 3], [True] * 7]
)
def test_seven_answers_from_1_to_5_are_needed(items):
    with pytest.raises(swemwbs.ScoreError):
        swemwbs.raw_score(items)


def test_the_seven_published_items():
    assert len(swemwbs.ITEMS) == 7
    assert swemwbs.ITEMS[0] == "I've been feeling optimistic about the future"
    assert swemwbs.ITEMS[-1] == "I've been able to make up my own mind about things"
    assert [score for score, _ in swemwbs.ANSWERS] == [1, 2, 3, 4, 5]


@pytest.fixture
def journey(lambeth):
    with inside(lambeth):
        coach = CoachFactory()
        return coach, ParticipantFactory(coach=coach)


def paper(timepoint="start", **items):
    answers = {f"item_{n}": items.get(f"item_{n}", 4) for n in range(1, 8)}
    return {"timepoint": timepoint, "completed_on": "2026-11-20", **answers}


def test_nothing_is_offered_until_the_borough_has_registered(lambeth, journey):
    register_swemwbs(lambeth, registered=False)
    coach, participant = journey
    client = signed_in(lambeth, coach)
    page = client.get(f"{PARTICIPANTS}{participant.pk}/swemwbs/").content.decode()
    assert "register with Warwick Medical School" in page
    assert (
        "Enter a SWEMWBS"
        not in client.get(f"{PARTICIPANTS}edit/{participant.pk}/").content.decode()
    )
    assert client.post(f"{PARTICIPANTS}{participant.pk}/swemwbs/", paper()).status_code == 400
    assert (
        client.post(f"{PARTICIPANTS}{participant.pk}/link/", {"timepoint": "start"}).status_code
        == 400
    )
    with inside(lambeth):
        assert not WellbeingResponse.objects.exists() and not QuestionnaireLink.objects.exists()
        link = QuestionnaireLink.objects.create(
            participant=participant,
            timepoint="start",
            token_hash=wellbeing._hash("t" * 40),
            created_at=datetime.datetime(2026, 1, 1, tzinfo=datetime.UTC),
            expires_at=datetime.datetime(2099, 1, 1, tzinfo=datetime.UTC),
        )
    assert client_for(lambeth).get(f"/wellbeing/{'t' * 40}/").status_code == 404
    assert link.used_at is None


def test_a_coach_enters_a_swemwbs_from_paper(lambeth, journey):
    register_swemwbs(lambeth)
    coach, participant = journey
    client = signed_in(lambeth, coach)
    response = client.post(
        f"{PARTICIPANTS}{participant.pk}/swemwbs/", paper(item_1=1, item_2=2, item_7=5)
    )
    assert response.status_code == 302
    with inside(lambeth):
        saved = WellbeingResponse.objects.get(participant=participant)
        assert (saved.raw_score, saved.metric_score) == (24, Decimal("21.54"))
        assert saved.source == "paper" and saved.entered_by == coach
    again = client.post(f"{PARTICIPANTS}{participant.pk}/swemwbs/", paper())
    assert again.status_code == 400 and "already recorded" in again.content.decode()


@pytest.mark.parametrize(
    "change, message",
    [
        ({"item_3": "6"}, "Choose one of the options shown"),
        ({"item_5": ""}, "Choose an answer for"),
        ({"timepoint": "next-year"}, "Choose one of the options shown"),
        ({"completed_on": "31/02/2026"}, "Enter a real date."),
    ],
)
def test_bad_answers_from_paper_save_nothing(lambeth, journey, change, message):
    register_swemwbs(lambeth)
    coach, participant = journey
    response = signed_in(lambeth, coach).post(
        f"{PARTICIPANTS}{participant.pk}/swemwbs/", {**paper(), **change}
    )
    assert response.status_code == 400 and message in response.content.decode()
    with inside(lambeth):
        assert not WellbeingResponse.objects.exists()


def make_link(lambeth, coach, participant, timepoint="start") -> str:
    page = signed_in(lambeth, coach).post(
        f"{PARTICIPANTS}{participant.pk}/link/", {"timepoint": timepoint}
    )
    assert page.status_code == 200
    url = re.search(r'value="(http[^"]+/wellbeing/[^"]+/)"', page.content.decode()).group(1)
    return urlsplit(url).path


def answers(**overrides):
    return {**{f"item_{n}": "3" for n in range(1, 8)}, **overrides}


def test_the_person_answers_once_through_their_link_without_an_account(lambeth, journey):
    register_swemwbs(lambeth)
    coach, participant = journey
    path = make_link(lambeth, coach, participant)
    with inside(lambeth):
        link = QuestionnaireLink.objects.get(participant=participant)
        assert path.rstrip("/").rsplit("/", 1)[-1] not in link.token_hash, "only a hash is kept"
    person = client_for(lambeth)
    page = person.get(path)
    assert page.status_code == 200 and participant.first_name not in page.content.decode()
    assert "been feeling useful" in page.content.decode()
    assert "more supported" not in page.content.decode(), "follow-up questions only at follow-up"
    bad = person.post(path, answers(item_4="9"))
    assert bad.status_code == 200 and "There is a problem" in bad.content.decode()
    assert person.post(path, answers(item_1="5")).status_code == 200
    with inside(lambeth):
        saved = WellbeingResponse.objects.get(participant=participant)
        assert (saved.raw_score, saved.source, saved.entered_by) == (23, "link", None)
        assert ParticipantAuditEntry.objects.filter(
            participant_id=participant.pk, action="answered"
        )
    assert person.get(path).status_code == 404, "used once"
    assert person.post(path, answers()).status_code == 404
    with inside(lambeth):
        assert WellbeingResponse.objects.count() == 1


def test_a_link_expires(lambeth, journey):
    register_swemwbs(lambeth, questionnaire_link_days=14)
    coach, participant = journey
    made = datetime.datetime(2026, 11, 2, 10, tzinfo=datetime.UTC)
    with time_machine.travel(made, tick=False):
        path = make_link(lambeth, coach, participant)
    with time_machine.travel(made + datetime.timedelta(days=13, hours=23), tick=False):
        assert client_for(lambeth).get(path).status_code == 200
    with time_machine.travel(made + datetime.timedelta(days=14, seconds=1), tick=False):
        gone = client_for(lambeth).get(path)
        assert gone.status_code == 404 and "does not work" in gone.content.decode()
        assert client_for(lambeth).post(path, answers()).status_code == 404
    with inside(lambeth):
        assert not WellbeingResponse.objects.exists()


def test_a_made_up_link_shows_the_same_page(lambeth):
    register_swemwbs(lambeth)
    response = client_for(lambeth).get("/wellbeing/not-a-real-token/")
    assert response.status_code == 404 and "does not work" in response.content.decode()


@pytest.fixture
def ended_journey(lambeth):
    """A coach and a participant who completed coaching 13 weeks ago: follow-up time."""
    with inside(lambeth):
        coach = CoachFactory()
        started = timezone.localdate() - datetime.timedelta(weeks=25)
        return coach, ParticipantFactory(coach=coach, started_on=started, completed=True)


def test_the_follow_up_link_asks_the_follow_up_questions(lambeth, ended_journey):
    register_swemwbs(lambeth)
    coach, participant = ended_journey
    path = make_link(lambeth, coach, participant, timepoint="follow-up")
    person = client_for(lambeth)
    page = person.get(path).content.decode()
    for question in FollowUpAnswers.QUESTIONS.values():
        assert question in page
    sent = person.post(
        path, answers(more_supported="yes", better_in_crisis="no", made_new_friends="")
    )
    assert sent.status_code == 200
    with inside(lambeth):
        follow_up = FollowUpAnswers.objects.get(participant=participant)
        assert follow_up.more_supported is True and follow_up.better_in_crisis is False
        assert follow_up.made_new_friends is None and follow_up.source == "link"
        assert WellbeingResponse.objects.get(participant=participant).timepoint == "follow-up"


def test_the_coach_enters_the_follow_up_answers_from_paper(lambeth, ended_journey):
    coach, participant = ended_journey
    client = signed_in(lambeth, coach)
    url = f"{PARTICIPANTS}{participant.pk}/follow-up/"
    bad = client.post(url, {"completed_on": "", "more_supported": "maybe"})
    assert bad.status_code == 400
    with inside(lambeth):
        assert not FollowUpAnswers.objects.exists()
    with time_machine.travel(timezone.now(), tick=False):  # one "today", even at midnight
        tomorrow = (timezone.localdate() + datetime.timedelta(days=1)).isoformat()
        refused = client.post(url, {"completed_on": tomorrow, "more_independent": "yes"})
        assert "This date is in the future." in refused.content.decode()
        today = timezone.localdate().isoformat()
        ok = client.post(url, {"completed_on": today, "more_independent": "yes"})
    assert ok.status_code == 302
    with inside(lambeth):
        saved = FollowUpAnswers.objects.get(participant=participant)
        assert saved.more_independent is True and saved.more_supported is None


def test_the_factory_scores_like_the_service(lambeth, journey):
    with inside(lambeth):
        response = WellbeingResponseFactory(participant=journey[1], item_1=1, item_2=1)
        assert response.raw_score == 17  # 1 + 1 + five answers of 3
        assert response.metric_score == swemwbs.metric_score(17)
