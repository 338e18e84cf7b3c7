"""What a coaching record may hold: the impact report counts these dates and goals, so a
date that cannot be right, a goal's dates out of order or a crafted listing gets a clear
message and changes nothing; never a server error."""

import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine

from wagtail.models import ModelLogEntry, Site
from wagtail.test.utils.form_data import inline_formset

from sites.connecting.factories import CoachFactory, ParticipantFactory
from sites.connecting.models import (
    ActivityTried,
    Contact,
    Goal,
    Participant,
    ParticipantAuditEntry,
)
from sites.connecting.retention import erase_person
from tests.conftest import inside

from .coaching import PARTICIPANTS, record_form, register_swemwbs, signed_in

pytestmark = pytest.mark.django_db


@pytest.fixture
def record(lambeth):
    with inside(lambeth):
        coach = CoachFactory()
        return coach, ParticipantFactory(coach=coach)


# The dates below are worked out when the tests are collected: the clock is frozen on
# this day for each test, so a run that crosses midnight sees the same "today".
TODAY = datetime.date(2026, 6, 15)


@pytest.fixture(autouse=True)
def on_a_fixed_day():
    noon = datetime.datetime.combine(TODAY, datetime.time(12), tzinfo=ZoneInfo("Europe/London"))
    with time_machine.travel(noon, tick=False):
        yield


def days_from_today(days: int) -> str:
    return (TODAY + datetime.timedelta(days=days)).isoformat()


def post(lambeth, record, **parts):
    coach, participant = record
    url = f"{PARTICIPANTS}edit/{participant.pk}/"
    return signed_in(lambeth, coach).post(url, record_form(participant, **parts))


CONTACT = {"channel": "call", "minutes": "20", "meeting": "", "notes": ""}
GOAL = {"text": "Go to the choir", "status": "open", "achieved_on": ""}


@pytest.mark.parametrize(
    "parts, message",
    [
        ({"started_on": "1899-01-01"}, "Enter a date in 2000 or later."),
        ({"started_on": days_from_today(400)}, "more than a year ahead"),
        (
            {"contacts": inline_formset([{**CONTACT, "date": days_from_today(1)}])},
            "This date is in the future.",
        ),
        (
            {
                "goals": inline_formset(
                    [{**GOAL, "set_on": days_from_today(-9), "status": "achieved"}]
                )
            },
            "Enter the day it was achieved.",
        ),
        (
            {
                "goals": inline_formset(
                    [{**GOAL, "set_on": days_from_today(-9), "achieved_on": days_from_today(-8)}]
                )
            },
            "Only an achieved goal has this date.",
        ),
        (
            {
                "goals": inline_formset(
                    [
                        {
                            **GOAL,
                            "status": "achieved",
                            "set_on": days_from_today(-9),
                            "achieved_on": days_from_today(-10),
                        }
                    ]
                )
            },
            "A goal cannot be achieved before it was set.",
        ),
        ({"ended_on": days_from_today(0)}, "A journey still going on has no end date."),
    ],
)
def test_a_date_that_cannot_be_right_is_refused(lambeth, record, parts, message):
    response = post(lambeth, record, **parts)
    assert response.status_code == 200
    assert message in response.content.decode()
    with inside(lambeth):
        participant = Participant.objects.get(pk=record[1].pk)
        assert participant.started_on == record[1].started_on and participant.ended_on is None
        assert not Contact.objects.exists() and not Goal.objects.exists()


def test_an_achieved_goal_with_its_day_is_kept(lambeth, record):
    goal = {**GOAL, "status": "achieved", "set_on": days_from_today(-9)}
    goal["achieved_on"] = days_from_today(-2)
    assert post(lambeth, record, goals=inline_formset([goal])).status_code == 302
    with inside(lambeth):
        assert Goal.objects.get().status == "achieved"


def test_an_activity_tried_is_a_directory_listing_or_a_name(lambeth, record):
    tried = {"tried_on": days_from_today(-3), "other_name": "", "notes": ""}
    crafted = post(lambeth, record, activities_tried=inline_formset([{**tried, "listing": "abc"}]))
    assert crafted.status_code == 200, "a form with a message, not a server error"
    assert "Choose the activity or organisation from the directory" in crafted.content.decode()
    with inside(lambeth):
        root = Site.objects.get().root_page.pk
    not_a_listing = post(
        lambeth, record, activities_tried=inline_formset([{**tried, "listing": str(root)}])
    )
    assert not_a_listing.status_code == 200
    with inside(lambeth):
        assert not ActivityTried.objects.exists()


def test_erasing_a_person_leaves_no_name_in_the_admins_history(lambeth, record):
    coach, participant = record
    with inside(lambeth):
        from wagtail.log_actions import log

        log(instance=participant.referral, action="wagtail.edit", user=coach)
        log(instance=participant, action="wagtail.edit", user=coach)
        assert ModelLogEntry.objects.count() == 2
        erase_person(participant, by=coach)
        assert not ModelLogEntry.objects.exists()


def test_opening_each_page_about_the_person_is_in_the_audit_log(lambeth, record):
    register_swemwbs(lambeth)
    coach, participant = record
    client = signed_in(lambeth, coach)
    for page in ("swemwbs", "follow-up", "link"):
        assert client.get(f"{PARTICIPANTS}{participant.pk}/{page}/").status_code == 200, page
    with inside(lambeth):
        opened = ParticipantAuditEntry.objects.filter(participant_id=participant.pk, user=coach)
        assert sorted(opened.values_list("detail", flat=True)) == [
            "SWEMWBS form",
            "follow-up form",
            "questionnaire link form",
        ]
