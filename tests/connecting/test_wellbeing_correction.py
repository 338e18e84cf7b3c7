"""Putting right a SWEMWBS or follow-up entry: whoever may see the record corrects what was
typed from paper (audited, without the values); a person's own answers through a link are
never changed, only deleted by a team lead when they are on the wrong record."""

import datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
import time_machine

from sites.connecting import corrections
from sites.connecting.factories import (
    CoachFactory,
    FollowUpAnswersFactory,
    ParticipantFactory,
    TeamLeadFactory,
    WellbeingResponseFactory,
)
from sites.connecting.impact.period import Quarter
from sites.connecting.impact.selectors import borough_figures
from sites.connecting.models import (
    FollowUpAnswers,
    Participant,
    ParticipantAuditEntry,
    WellbeingResponse,
)
from sites.connecting.wellbeing import WellbeingError
from tests.conftest import inside

from .coaching import PARTICIPANTS, signed_in

pytestmark = pytest.mark.django_db

# Frozen on this day for each test, so "a future date" is the same at any hour.
TODAY = datetime.date(2026, 6, 15)
# The impact report's quarter of TODAY, read once it has ended.
QUARTER, AFTER = Quarter(2026, 2), datetime.date(2026, 7, 15)
REFUSED = (302, 403)  # Wagtail turns "permission denied" into a redirect to the dashboard


@pytest.fixture(autouse=True)
def on_a_fixed_day():
    noon = datetime.datetime.combine(TODAY, datetime.time(12), tzinfo=ZoneInfo("Europe/London"))
    with time_machine.travel(noon, tick=False):
        yield


@pytest.fixture
def entry(lambeth):
    """A coach, their participant and a SWEMWBS at the start typed from paper (raw 21)."""
    with inside(lambeth):
        coach = CoachFactory()
        participant = ParticipantFactory(coach=coach)
        return coach, participant, WellbeingResponseFactory(participant=participant)


def url(participant, response, action="correct"):
    return f"{PARTICIPANTS}{participant.pk}/swemwbs/{response.pk}/{action}/"


def paper(**changes):
    data = {"timepoint": "start", "completed_on": "2026-05-18"}
    data.update({f"item_{n}": "3" for n in range(1, 8)})
    return {**data, **changes}


def corrections_of(lambeth, participant):
    with inside(lambeth):
        return list(
            ParticipantAuditEntry.objects.filter(
                participant_id=participant.pk, action__in=["change", "delete"]
            ).values_list("detail", flat=True)
        )


def test_a_coach_corrects_a_score_typed_wrongly_from_paper(lambeth, entry):
    coach, participant, response = entry
    client = signed_in(lambeth, coach)
    record = client.get(f"{PARTICIPANTS}edit/{participant.pk}/").content.decode()
    assert url(participant, response) in record, "the record offers the correction"
    form = client.get(url(participant, response))
    assert form.status_code == 200
    assert form.context["form"].initial["item_1"] == 3, "prefilled with what is recorded"
    assert form.context["form"].initial["completed_on"] == response.completed_on
    sent = client.post(url(participant, response), paper(item_1="5", item_2="1"))
    assert sent.status_code == 302
    with inside(lambeth):
        corrected = WellbeingResponse.objects.get(pk=response.pk)
        assert corrected.items == [5, 1, 3, 3, 3, 3, 3]
        assert (corrected.raw_score, corrected.metric_score) == (21, Decimal("19.25"))
        opened = ParticipantAuditEntry.objects.get(
            user=coach, action="view", detail__contains="correction"
        )
        assert opened.detail == f"swemwbs {response.pk} correction form"
    assert corrections_of(lambeth, participant) == [
        f"swemwbs {response.pk} corrected, replaced: items 1,2"
    ]


def test_the_audit_log_says_what_was_replaced_but_not_the_scores(lambeth, entry):
    coach, participant, response = entry
    with inside(lambeth):  # in week 11 on 20 May: the 12-week time point fits
        Participant.objects.filter(pk=participant.pk).update(started_on=datetime.date(2026, 3, 1))
    sent = paper(item_7="5", completed_on="2026-05-20", timepoint="12-weeks")
    assert signed_in(lambeth, coach).post(url(participant, response), sent).status_code == 302
    with inside(lambeth):
        corrected = WellbeingResponse.objects.get(pk=response.pk)
        assert (corrected.timepoint, corrected.raw_score) == ("12-weeks", 23)
        assert corrected.metric_score == Decimal("20.73")
    (detail,) = corrections_of(lambeth, participant)
    assert detail == f"swemwbs {response.pk} corrected, replaced: items 7; date; time point"
    for score in ("19.25", "20.73", " 21", " 23"):
        assert score not in detail


def test_the_same_answers_again_change_nothing(lambeth, entry):
    coach, participant, response = entry
    sent = signed_in(lambeth, coach).post(url(participant, response), paper(), follow=True)
    assert "Nothing was different" in sent.content.decode()
    assert corrections_of(lambeth, participant) == []


def test_the_correction_form_shows_the_recorded_date_in_its_date_box(lambeth, entry):
    """A browser's date box takes only 2026-05-18; "18/05/2026" would show it empty."""
    coach, participant, response = entry
    html = signed_in(lambeth, coach).get(url(participant, response)).content.decode()
    assert f'type="date" name="completed_on" value="{response.completed_on:%Y-%m-%d}"' in html


def test_another_coach_gets_not_found(lambeth, entry):
    _, participant, response = entry
    with inside(lambeth):
        other = CoachFactory()
    client = signed_in(lambeth, other)
    assert client.get(url(participant, response)).status_code == 404
    assert client.post(url(participant, response), paper(item_1="1")).status_code == 404
    with inside(lambeth):
        assert WellbeingResponse.objects.get(pk=response.pk).item_1 == 3
        tried = ParticipantAuditEntry.objects.filter(user=other)
        assert {entry.action for entry in tried} == {"refused"}, "refused, never seen"


def test_an_entry_of_another_record_is_not_found(lambeth, entry):
    coach, participant, _ = entry
    with inside(lambeth):
        elsewhere = WellbeingResponseFactory()
    assert signed_in(lambeth, coach).get(url(participant, elsewhere)).status_code == 404


@pytest.mark.parametrize(
    "change, message",
    [
        ({"item_1": "0"}, "Choose one of the options shown"),
        ({"item_4": "6"}, "Choose one of the options shown"),
        ({"completed_on": "2026-06-16"}, "This date is in the future."),
        ({"completed_on": "1999-12-31"}, "Enter a date in 2000 or later."),
        ({"timepoint": "next-year"}, "Choose one of the options shown"),
    ],
)
def test_bad_input_changes_nothing(lambeth, entry, change, message):
    coach, participant, response = entry
    sent = signed_in(lambeth, coach).post(url(participant, response), paper(item_2="5", **change))
    assert sent.status_code == 400 and message in sent.content.decode()
    with inside(lambeth):
        assert WellbeingResponse.objects.get(pk=response.pk).items == [3] * 7
    assert corrections_of(lambeth, participant) == []


def test_a_time_point_already_recorded_is_refused(lambeth, entry):
    coach, participant, response = entry
    with inside(lambeth):
        WellbeingResponseFactory(participant=participant, timepoint="12-weeks")
    sent = signed_in(lambeth, coach).post(url(participant, response), paper(timepoint="12-weeks"))
    assert sent.status_code == 400 and "already recorded" in sent.content.decode()
    with inside(lambeth):
        assert WellbeingResponse.objects.get(pk=response.pk).timepoint == "start"


def test_the_service_checks_the_date_itself(lambeth, entry):
    coach, _, response = entry
    with inside(lambeth), pytest.raises(WellbeingError, match="in the future"):
        corrections.correct_swemwbs(
            response,
            timepoint="start",
            items=[4] * 7,
            completed_on=TODAY + datetime.timedelta(days=1),
            by=coach,
        )


def test_a_correction_of_an_entry_deleted_meanwhile_says_so(lambeth, entry):
    """A team lead deleted it while the coach had the correction page open."""
    coach, participant, response = entry
    with inside(lambeth):
        corrections.delete_entry(response, by=TeamLeadFactory())
    sent = signed_in(lambeth, coach).post(url(participant, response), paper(item_1="5"))
    assert sent.status_code == 404
    with inside(lambeth), pytest.raises(WellbeingError, match="deleted meanwhile"):
        corrections.correct_swemwbs(
            response, timepoint="start", items=[5] * 7, completed_on=TODAY, by=coach
        )


def test_a_team_lead_corrects_any_record(lambeth, entry):
    _, participant, response = entry
    with inside(lambeth):
        lead = TeamLeadFactory()
    client = signed_in(lambeth, lead)
    assert client.post(url(participant, response), paper(item_3="4")).status_code == 302
    with inside(lambeth):
        assert WellbeingResponse.objects.get(pk=response.pk).raw_score == 22
        assert ParticipantAuditEntry.objects.filter(user=lead, action="change").exists()


def test_answers_given_through_a_link_are_not_changed_by_staff(lambeth, entry):
    coach, participant, _ = entry
    with inside(lambeth):
        own = WellbeingResponseFactory(participant=participant, timepoint="12-weeks", source="link")
    client = signed_in(lambeth, coach)
    record = client.get(f"{PARTICIPANTS}edit/{participant.pk}/").content.decode()
    assert url(participant, own) not in record
    assert url(participant, own, "delete") not in record, "deleting is for team leads"
    assert "answered this themselves" in client.get(url(participant, own)).content.decode()
    refused = client.post(url(participant, own), paper(timepoint="12-weeks", item_1="1"))
    assert refused.status_code == 400 and "cannot be changed" in refused.content.decode()
    assert client.post(url(participant, own, "delete"), {"confirm": "on"}).status_code in REFUSED
    with inside(lambeth):
        assert WellbeingResponse.objects.get(pk=own.pk).item_1 == 3


def test_a_team_lead_deletes_an_entry_on_the_wrong_record(lambeth, entry):
    _, participant, _ = entry
    with inside(lambeth):
        own = WellbeingResponseFactory(participant=participant, timepoint="12-weeks", source="link")
        lead = TeamLeadFactory()
    client = signed_in(lambeth, lead)
    record = client.get(f"{PARTICIPANTS}edit/{participant.pk}/").content.decode()
    assert url(participant, own, "delete") in record
    unconfirmed = client.post(url(participant, own, "delete"), {})
    assert unconfirmed.status_code == 400 and "Tick the box" in unconfirmed.content.decode()
    assert client.post(url(participant, own, "delete"), {"confirm": "on"}).status_code == 302
    with inside(lambeth):
        assert not WellbeingResponse.objects.filter(pk=own.pk).exists()
    assert corrections_of(lambeth, participant) == [f"swemwbs {own.pk} 12-weeks (link)"]


def test_a_coach_corrects_follow_up_answers_from_paper(lambeth):
    with inside(lambeth):
        coach = CoachFactory()
        participant = ParticipantFactory(coach=coach, completed=True)
        follow_up = FollowUpAnswersFactory(participant=participant, completed_on=TODAY)
    client = signed_in(lambeth, coach)
    follow_up_url = f"{PARTICIPANTS}{participant.pk}/follow-up/correct/"
    record = client.get(f"{PARTICIPANTS}edit/{participant.pk}/").content.decode()
    assert follow_up_url in record
    # Entered once: corrected, not offered to be entered again.
    assert f'{PARTICIPANTS}{participant.pk}/follow-up/"' not in record
    typed = client.get(f"{PARTICIPANTS}{participant.pk}/follow-up/").content.decode()
    assert "already recorded" in typed and 'name="completed_on"' not in typed
    form = client.get(follow_up_url).context["form"]
    assert (form.initial["more_supported"], form.initial["reconnected"]) == ("yes", "")
    answers = dict.fromkeys(FollowUpAnswers.QUESTIONS, "yes")
    answers.update(better_in_crisis="no", made_new_friends="no", reconnected="")
    tomorrow = {**answers, "completed_on": "2026-06-16"}
    assert "This date is in the future." in client.post(follow_up_url, tomorrow).content.decode()
    sent = client.post(follow_up_url, {**answers, "more_supported": "no", "completed_on": TODAY})
    assert sent.status_code == 302
    with inside(lambeth):
        assert FollowUpAnswers.objects.get(pk=follow_up.pk).more_supported is False
    assert corrections_of(lambeth, participant) == [
        "follow-up answers corrected, replaced: questions 1"
    ]


def test_the_impact_figures_follow_the_correction(lambeth, entry):
    coach, participant, response = entry
    with inside(lambeth):  # in week 13: the 12-week score counts
        Participant.objects.filter(pk=participant.pk).update(
            started_on=TODAY - datetime.timedelta(weeks=12)
        )
        WellbeingResponseFactory(participant=participant, timepoint="12-weeks", completed_on=TODAY)
        before = borough_figures(QUARTER, today=AFTER)
    assert (before.wellbeing_n, before.wellbeing_start_total) == (1, Decimal("19.25"))
    sent = paper(**{f"item_{n}": "1" for n in range(1, 8)})
    assert signed_in(lambeth, coach).post(url(participant, response), sent).status_code == 302
    with inside(lambeth):
        assert borough_figures(QUARTER, today=AFTER).wellbeing_start_total == Decimal("7.00")
