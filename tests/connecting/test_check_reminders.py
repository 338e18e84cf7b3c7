"""At 12 weeks and three months after the end: the participant list says what is due, and
each coach gets one email a day at most, with first names and what is due only."""

import datetime
import re
from io import StringIO
from zoneinfo import ZoneInfo

import pytest
import time_machine

from django.core import mail
from django.core.management import call_command

from wagtail.users.models import UserProfile

from sites.connecting.factories import (
    CoachFactory,
    FollowUpAnswersFactory,
    ParticipantFactory,
    WellbeingResponseFactory,
)
from sites.connecting.models import Participant, Timepoint
from tests.conftest import inside

from .coaching import PARTICIPANTS, register_swemwbs, signed_in

pytestmark = pytest.mark.django_db

LONDON = ZoneInfo("Europe/London")
TODAY = datetime.date(2026, 9, 14)  # a Monday
NOTE = "Worried about going out alone after dark."


def at(day: datetime.date, hour: int = 8) -> datetime.datetime:
    return datetime.datetime.combine(day, datetime.time(hour, 10), tzinfo=LONDON)


@pytest.fixture(autouse=True)
def on_a_fixed_day():
    with time_machine.travel(at(TODAY), tick=False):
        yield


def days_ago(days: int) -> datetime.date:
    return TODAY - datetime.timedelta(days=days)


def ended(participant, days: int):
    participant.status = Participant.Status.COMPLETED
    participant.ended_on = days_ago(days)
    participant.closed_at = at(days_ago(days))
    participant.save()
    return participant


@pytest.fixture
def caseload(lambeth):
    """Alice coaches four people; Bob one, with nothing due."""
    register_swemwbs(lambeth)
    with inside(lambeth):
        alice = CoachFactory(email="alice@lambeth.example.org")
        bob = CoachFactory(email="bob@lambeth.example.org")
        week_11 = ParticipantFactory(coach=alice, first_name="Wendy", started_on=days_ago(70))
        week_11_done = ParticipantFactory(
            coach=alice, first_name="Dora", started_on=days_ago(75), notes=NOTE
        )
        WellbeingResponseFactory(
            participant=week_11_done, timepoint=Timepoint.WEEK_12, completed_on=TODAY
        )
        follow_up = ended(
            ParticipantFactory(coach=alice, first_name="Frank", started_on=days_ago(200)), 84
        )
        answered = ended(
            ParticipantFactory(coach=alice, first_name="Agnes", started_on=days_ago(200)), 100
        )
        FollowUpAnswersFactory(participant=answered, completed_on=days_ago(3))
        ParticipantFactory(coach=bob, first_name="Brian", started_on=days_ago(69))
        return {"alice": alice, "bob": bob, "week_11": week_11, "follow_up": follow_up}


def remind() -> str:
    out = StringIO()
    call_command("remind_coaches_of_due_checks", borough="lambeth", stdout=out)
    return out.getvalue()


def test_the_list_shows_the_week_and_what_is_due(lambeth, caseload):
    listing = signed_in(lambeth, caseload["alice"]).get(PARTICIPANTS).content.decode()
    assert "Week of coaching" in listing and "Due" in listing
    rows = {
        name: listing[listing.index(name) : listing.index("</tr>", listing.index(name))]
        for name in ("Wendy", "Dora", "Frank", "Agnes")
    }
    assert "12-week check due" in rows["Wendy"] and re.search(r">\s*11\s*<", rows["Wendy"])
    assert "due" not in rows["Dora"], "the 12-week answers are in"
    assert "Follow-up due" in rows["Frank"] and "12-week check due" not in rows["Frank"]
    assert "due" not in rows["Agnes"], "the follow-up answers are in"


def test_each_coach_gets_one_email_a_day_with_first_names_only(lambeth, caseload):
    mail.outbox.clear()
    assert "1 coach(es) reminded" in remind()
    assert len(mail.outbox) == 1, "Bob has nothing due"
    email = mail.outbox[0]
    assert email.to == ["alice@lambeth.example.org"]
    assert "Wendy: 12-week check due" in email.body
    assert "Frank: Follow-up due" in email.body
    for absent in ("Dora", "Agnes", "Brian", NOTE, "SWEMWBS", "score"):
        assert absent not in email.body, absent
    assert "/admin/participants/" in email.body

    assert "0 coach(es) reminded" in remind(), "the same day: not again"
    assert len(mail.outbox) == 1
    with time_machine.travel(at(TODAY + datetime.timedelta(days=1)), tick=False):
        remind()
    # The next day: Alice again (still due), and Bob, whose Brian is now in week 11.
    assert sorted(email.to[0] for email in mail.outbox[1:]) == [
        "alice@lambeth.example.org",
        "bob@lambeth.example.org",
    ]
    assert "Brian: 12-week check due" in mail.outbox[-1].body + mail.outbox[-2].body


def test_the_email_is_in_the_coach_s_admin_language(lambeth, caseload):
    with inside(lambeth):
        UserProfile.get_for_user(caseload["alice"])
        UserProfile.objects.filter(user=caseload["alice"]).update(preferred_language="es")
    mail.outbox.clear()
    remind()
    assert mail.outbox[0].body.startswith("Hola:")
