"""The trial's attack on the impact report: two overlapping periods (September; September
and October) gave away the mean of October's 2 people. Reports are now of whole,
separate quarters only, so no two reports differ by a small group."""

import csv
import datetime
import io
import itertools
import zoneinfo

import pytest
import time_machine

from sites.connecting.factories import ParticipantFactory, WellbeingResponseFactory
from sites.connecting.impact.period import PeriodForm, ended_quarters
from sites.connecting.models import Timepoint
from sites.core.roles import CONNECTING_TEAM_LEADS
from tests.conftest import inside
from tests.connecting.test_admin import signed_in

pytestmark = pytest.mark.django_db

REPORT = "/admin/impact-report/report.csv"
TODAY = datetime.datetime(2026, 3, 2, 10, 0, tzinfo=zoneinfo.ZoneInfo("Europe/London"))
WELLBEING = "Wellbeing (SWEMWBS) at the start and at 12 weeks"
RAW_18 = dict.fromkeys([f"item_{n}" for n in range(1, 8)], 3) | {
    "item_5": 2,
    "item_6": 2,
    "item_7": 2,
}
RAW_27 = dict.fromkeys([f"item_{n}" for n in range(1, 8)], 4) | {"item_7": 3}
RAW_21 = dict.fromkeys([f"item_{n}" for n in range(1, 8)], 3)


@pytest.fixture(autouse=True)
def in_march_2026():
    with time_machine.travel(TODAY, tick=False):
        yield


@pytest.fixture
def september_and_october(lambeth):
    """5 people with their 12-week score in September 2025, 2 in October."""
    with inside(lambeth):
        for month, people, end_items in ((9, 5, RAW_27), (10, 2, RAW_21)):
            for i in range(people):
                person = ParticipantFactory(started_on=datetime.date(2025, 6, 1))
                WellbeingResponseFactory(
                    participant=person,
                    timepoint=Timepoint.START,
                    completed_on=datetime.date(2025, 6, 1),
                    **RAW_18,
                )
                WellbeingResponseFactory(
                    participant=person,
                    timepoint=Timepoint.WEEK_12,
                    completed_on=datetime.date(2025, month, 10 + i),
                    **end_items,
                )


def wellbeing_rows(client, query: str) -> dict:
    text = client.get(REPORT + query).content.decode()
    rows = list(csv.reader(io.StringIO(text)))
    return {(row[1], row[2]): row[3] for row in rows if row[0] == WELLBEING}


def test_the_periods_one_can_ask_for_never_overlap():
    today = TODAY.date()
    periods = []
    for value, _label in ended_quarters(today):
        form = PeriodForm({"quarter": value}, today=today)
        assert form.is_valid(), value
        periods.append((form.cleaned_data["start"], form.cleaned_data["end"]))
    assert periods[0] == (datetime.date(2025, 10, 1), datetime.date(2025, 12, 31))
    assert periods[-1] == (datetime.date(2000, 1, 1), datetime.date(2000, 3, 31))
    for (start_a, end_a), (start_b, end_b) in itertools.combinations(periods, 2):
        assert end_a < start_b or end_b < start_a, "no two reports share a day"


def test_the_trials_attack_no_longer_gives_octobers_two_people_away(lambeth, september_and_october):
    client = signed_in(lambeth, CONNECTING_TEAM_LEADS)
    july_to_september = wellbeing_rows(client, "?quarter=2025-Q3")
    assert july_to_september[("Change", "Mean metric score")] == "+6.7"  # 24.11 - 17.43
    assert july_to_september[("Change", "People")] == "5"
    october_to_december = wellbeing_rows(client, "?quarter=2025-Q4")
    assert october_to_december[("Change", "Mean metric score")] == "not shown"
    assert october_to_december[("At 12 weeks", "Mean metric score")] == "not shown"
    assert october_to_december[("Change", "People")] == "fewer than 5"
    # The trial asked for September alone and for September and October: neither is a
    # report any more; each query gives the same whole quarter as no query at all.
    default = wellbeing_rows(client, "")
    for query in ("?start=2025-09-01&end=2025-09-30", "?start=2025-09-01&end=2025-10-31"):
        assert wellbeing_rows(client, query) == default == october_to_december
    # Every report one can ask for: the 7 people are never in one report together, so
    # no two means can be set against each other to find October's.
    shown = {}
    for value, _label in ended_quarters(TODAY.date())[:8]:
        rows = wellbeing_rows(client, f"?quarter={value}")
        if rows[("Change", "Mean metric score")] != "not shown":
            shown[value] = rows[("Change", "Mean metric score")]
    assert shown == {"2025-Q3": "+6.7"}
