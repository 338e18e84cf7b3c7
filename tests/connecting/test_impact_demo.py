"""The demo boroughs' year of coaching: the report shows figures like the charity's own."""

import datetime
import random
import zoneinfo

import pytest
import time_machine

from django.contrib.auth import get_user_model

from sites.connecting.impact.period import Quarter
from sites.connecting.impact.views import borough_report
from sites.connecting.models import Contact, Participant
from sites.demo.community import demo_password
from sites.demo.connecting import demo_email, seed_connecting
from tests.conftest import client_for, inside

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2026, 6, 1)


@pytest.fixture(autouse=True)
def on_a_fixed_day():
    instant = datetime.datetime(2026, 6, 1, 9, tzinfo=zoneinfo.ZoneInfo("Europe/London"))
    with time_machine.travel(instant, tick=False):
        yield


def figures(report) -> dict:
    return {
        (section.title, row.label): row.cells for section in report.sections for row in section.rows
    }


def test_a_demo_year_gives_a_report_like_the_charitys(lambeth):
    with inside(lambeth):
        seeded = seed_connecting(lambeth, random.Random("connecting-lambeth"), today=TODAY)
        assert seeded.people == 150 and Participant.objects.count() == 150
        assert Contact.objects.count() == seeded.contacts > 150 * 20
        again = seed_connecting(lambeth, random.Random("connecting-lambeth"), today=TODAY)
        assert again.people == 0 and Participant.objects.count() == 150, "idempotent"
        report = borough_report(lambeth, Quarter(2026, 1))  # the last whole quarter
    shown = figures(report)
    wellbeing = "Wellbeing (SWEMWBS) at the start and at 12 weeks"
    start = float(shown[(wellbeing, "At the start")][0])
    after = float(shown[(wellbeing, "At 12 weeks")][0])
    assert 16 < start < 20 and 21 < after < 26 and after - start > 3
    assert int(shown[(wellbeing, "Change")][1]) >= 15, "a quarter of a year's 150 people"
    supported = int(shown[("People", "Supported by a coach")][0])
    assert 40 <= supported <= 80
    assert shown[("Three months after the end", "Do you feel more supported?")][0].endswith("%")
    assert (
        int(
            shown[("The site and its directory", "Site visitors (each counted once a day)")][
                0
            ].replace(",", "")
        )
        > 600
    )
    time = shown[("Coaching time per completed journey", "All")][1]
    assert time.startswith(("6 h", "7 h", "8 h", "9 h")), time


def test_the_demo_team_lead_can_open_the_report(lambeth):
    with inside(lambeth):
        seed_connecting(lambeth, random.Random("connecting-lambeth"), today=TODAY)
        lead = get_user_model().objects.get(username=demo_email("teamlead", "lambeth"))
        assert lead.check_password(demo_password())
        client = client_for(lambeth)
        client.force_login(lead)
    response = client.get("/admin/impact-report/")
    assert response.status_code == 200
    assert "Wellbeing (SWEMWBS)" in response.content.decode()
