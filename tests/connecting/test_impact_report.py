"""The impact report: computed from records, shown only to those who may see it."""

import csv
import datetime
import io
import zoneinfo

import pytest
import time_machine

from django.contrib.auth import get_user_model
from django.test import Client

from sites.connecting.factories import ReferralFactory
from sites.connecting.impact.models import DailyVisitors
from sites.connecting.impact.views import all_boroughs_report, borough_report
from sites.connecting.models import Referral
from sites.core.roles import BOROUGH_ADMINS, COACHES, CONNECTING_TEAM_LEADS, EDITORS, MODERATORS
from tests.conftest import client_for, inside
from tests.connecting.impact_data import END, EXPECTED, START, build_fixed_year
from tests.connecting.test_admin import signed_in

pytestmark = pytest.mark.django_db

REPORT = "/admin/impact-report/"
PERIOD = "?start=2025-01-01&end=2025-12-31"
TODAY = datetime.datetime(2026, 3, 2, 10, 0, tzinfo=zoneinfo.ZoneInfo("Europe/London"))


@pytest.fixture(autouse=True)
def in_march_2026():
    with time_machine.travel(TODAY, tick=False):
        yield


@pytest.fixture
def fixed_year(lambeth):
    build_fixed_year(lambeth)


def table(report) -> dict:
    return {
        section.title: [(row.label, row.cells) for row in section.rows]
        for section in report.sections
    }


def test_the_report_of_a_fixed_year_is_the_expected_table(lambeth, fixed_year):
    with inside(lambeth):
        report = borough_report(lambeth, START, END)
    assert report.scope == "Lambeth"
    assert table(report) == EXPECTED


def test_the_page_shows_the_table_charts_and_links(lambeth, fixed_year):
    client = signed_in(lambeth, CONNECTING_TEAM_LEADS)
    assert "Impact report" in client.get("/admin/").content.decode(), "in the menu"
    page = client.get(REPORT + PERIOD)
    assert page.status_code == 200
    html = page.content.decode()
    assert "Lambeth: 1 January 2025 to 31 December 2025" in html
    assert "<td>58 %</td><td>10</td>" in html, "7 of 12: the 12 shows rounded"
    assert html.count('<svg class="impact-chart"') == 5, "a chart per section with one"
    assert 'role="img"' in html and "<title id=" in html and "<desc id=" in html
    assert "Download as CSV" in html and "Print version (A4)" in html


def test_the_csv_holds_the_same_figures(lambeth, fixed_year):
    client = signed_in(lambeth, CONNECTING_TEAM_LEADS)
    response = client.get(REPORT + "report.csv" + PERIOD)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert "impact-lambeth-2025-01-01-to-2025-12-31.csv" in response["Content-Disposition"]
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert rows[0] == ["Section", "Measure", "Column", "Value"]
    assert ["Report", "Scope", "", "Lambeth"] in rows
    assert ["People", "Referred in all", "People", "20"] in rows, "22, rounded"
    assert ["Coaching time per completed journey", "All", "Time", "3 h 43 min"] in rows
    wellbeing = "Wellbeing (SWEMWBS) at the start and at 12 weeks"
    assert [wellbeing, "Change", "Mean metric score", "+4.4"] in rows
    assert ["What people went on to do", "Exercise", "People", "fewer than 5"] in rows
    # Every figure of the page is in the CSV, and nothing that is hidden there.
    values = [row[3] for row in rows if row[1] != "Note"]
    assert "3" not in values, "the 3 people who took up exercise are not given away"


def test_the_print_version_is_a_plain_a4_document(lambeth, fixed_year):
    client = signed_in(lambeth, CONNECTING_TEAM_LEADS)
    response = client.get(REPORT + "print/" + PERIOD)
    html = response.content.decode()
    assert response.status_code == 200
    assert "<h1>Community Connecting: impact report</h1>" in html
    assert "sidebar" not in html, "none of the admin around it"
    assert "connecting/impact.css" in html
    from django.contrib.staticfiles import finders

    with open(finders.find("connecting/impact.css")) as stylesheet:
        assert "size: A4" in stylesheet.read()


@pytest.mark.parametrize(
    "query, message",
    [
        ("?start=2025-13-01&end=2025-12-31", "Enter a real date"),
        ("?start=2025-06-01&end=2025-01-01", "The last day must be on or after the first day."),
        ("?start=2026-03-01&end=2026-03-02", "The report covers months that have ended."),
        ("?start=2025-06-15&end=2025-06-10", "The last day must be on or after the first day."),
        ("?start=&end=2025-01-01", "Enter the first day of the period."),
        ("?start=1890-01-01&end=2025-01-01", "Choose a date from 1 January 2000 on."),
        ("?start=<script>&end=x", "Enter a real date"),
    ],
)
def test_a_bad_period_gets_a_clear_message_and_no_figures(lambeth, query, message):
    client = signed_in(lambeth, CONNECTING_TEAM_LEADS)
    for path in (REPORT, REPORT + "report.csv", REPORT + "print/"):
        response = client.get(path + query)
        assert response.status_code == 400, path
        html = response.content.decode()
        assert message in html
        assert "impact-chart" not in html and "Referred in all" not in html
        assert "<script>" not in html


def test_without_a_period_it_is_the_last_12_whole_months(lambeth):
    html = signed_in(lambeth, BOROUGH_ADMINS).get(REPORT).content.decode()
    assert "Lambeth: 1 March 2025 to 28 February 2026" in html


def test_a_period_is_whole_months_so_a_day_cannot_pick_out_one_answer(lambeth, fixed_year):
    """Two periods a day apart would differ by the answers of whoever answered that day."""
    client = signed_in(lambeth, CONNECTING_TEAM_LEADS)
    whole = client.get(REPORT + "report.csv?start=2025-01-01&end=2025-11-30").content
    for days in ("start=2025-01-15&end=2025-11-03", "start=2025-01-31&end=2025-11-29"):
        assert client.get(f"{REPORT}report.csv?{days}").content == whole, days
    far = client.get(REPORT + "?start=2025-03-01&end=9999-12-31").content.decode()
    assert "Lambeth: 1 March 2025 to 28 February 2026" in far, (
        "an end far ahead stops at last month"
    )
    # The month not over yet is left out: the same figures today and tomorrow.
    html = client.get(REPORT + "?start=2025-03-01&end=2026-03-02").content.decode()
    assert "Lambeth: 1 March 2025 to 28 February 2026" in html


def test_two_periods_a_month_apart_do_not_give_away_that_months_one_person(lambeth):
    """January had one referral: the reports from January and from February agree. (Had
    they differed, by 5, that would be anything from 1 to 9 people.)"""
    with inside(lambeth):
        ReferralFactory.create_batch(21, kind="professional")
        january = ReferralFactory(kind="professional")
        Referral.objects.update(created_at=datetime.datetime(2025, 6, 1, tzinfo=datetime.UTC))
        Referral.objects.filter(pk=january.pk).update(
            created_at=datetime.datetime(2025, 1, 20, tzinfo=datetime.UTC)
        )
        from_january = borough_report(lambeth, START, END)
        from_february = borough_report(lambeth, datetime.date(2025, 2, 1), END)
    referred = {
        report.start.month: dict(table(report)["People"])["Referred in all"]
        for report in (from_january, from_february)
    }
    assert referred == {1: ("20",), 2: ("20",)}, "22 and 21, rounded alike"


@pytest.mark.parametrize("group", [CONNECTING_TEAM_LEADS, BOROUGH_ADMINS])
def test_team_leads_and_borough_admins_see_the_report(lambeth, fixed_year, group):
    response = signed_in(lambeth, group).get(REPORT + PERIOD)
    html = response.content.decode()
    assert response.status_code == 200 and "Referred in all</th><td>20</td>" in html


@pytest.mark.parametrize("group", [COACHES, EDITORS, MODERATORS])
def test_coaches_editors_and_moderators_do_not(lambeth, fixed_year, group):
    client = signed_in(lambeth, group)
    assert "Impact report" not in client.get("/admin/").content.decode()
    for path in (REPORT, REPORT + "report.csv", REPORT + "print/"):
        response = client.get(path + PERIOD)
        assert response.status_code in (302, 403), path
        assert "Referred in all" not in response.content.decode()


def test_nobody_signed_out_sees_it(lambeth):
    response = client_for(lambeth).get(REPORT + PERIOD)
    assert response.status_code == 302 and "/admin/login/" in response["Location"]


def test_another_boroughs_team_lead_sees_only_their_own(lambeth, southwark, fixed_year):
    with inside(southwark):
        ReferralFactory.create_batch(6, kind="self")
        Referral.objects.update(created_at=datetime.datetime(2026, 2, 10, tzinfo=datetime.UTC))
    html = signed_in(southwark, CONNECTING_TEAM_LEADS).get(REPORT).content.decode()
    assert "Southwark:" in html
    assert '<th scope="row">Referred in all</th><td>5</td>' in html, "6, rounded"
    assert "<td>20</td>" not in html and "<td>58 %</td>" not in html


def test_platform_staff_see_all_boroughs_added_up_and_nothing_else(lambeth, southwark, fixed_year):
    with inside(southwark):
        ReferralFactory.create_batch(3, kind="self")
        Referral.objects.update(created_at=datetime.datetime(2025, 6, 1, tzinfo=datetime.UTC))
    staff = get_user_model().objects.create_user("staff-impact", password="x", is_staff=True)
    client = Client(HTTP_HOST="localhost")
    client.force_login(staff)
    page = client.get("/console/impact/" + PERIOD)
    assert page.status_code == 200
    html = page.content.decode()
    # Lambeth's 22 and Southwark's 3 (hidden, and Lambeth's hidden with it); 25 in all.
    assert '<th scope="row">Lambeth</th><td>not shown</td>' in html
    assert '<th scope="row">Southwark</th><td>fewer than 5</td>' in html
    assert '<th scope="row">All boroughs</th><td>25</td>' in html
    assert "<td>58 %</td>" in html, "the aggregates of the report"
    csv_response = client.get("/console/impact/report.csv" + PERIOD)
    assert csv_response.status_code == 200
    assert ["Boroughs", "All boroughs", "Referred", "25"] in list(
        csv.reader(io.StringIO(csv_response.content.decode()))
    )
    report = all_boroughs_report(START, END)
    assert report.scope == "All boroughs"


def test_the_console_report_is_for_platform_staff_only(lambeth):
    get_user_model().objects.create_user("member-impact", password="x", is_staff=False)
    client = Client(HTTP_HOST="localhost")
    assert client.get("/console/impact/").status_code == 302
    client.login(username="member-impact", password="x")
    response = client.get("/console/impact/" + PERIOD)
    assert response.status_code == 302 and "sign-in" in response["Location"]


def test_the_console_csv_shows_each_boroughs_site_visitors_exactly(lambeth, southwark, fixed_year):
    """Trial: a borough's visitors said "not shown" because another borough had fewer than
    5. Visitors are about no one: every borough's count, and the total, stay exact."""
    with inside(southwark):
        DailyVisitors.objects.create(day=datetime.date(2025, 6, 1), visitors=3)
    staff = get_user_model().objects.create_user("staff-visitors", password="x", is_staff=True)
    client = Client(HTTP_HOST="localhost")
    client.force_login(staff)
    response = client.get("/console/impact/report.csv" + PERIOD)
    assert response.status_code == 200
    lines = list(csv.reader(io.StringIO(response.content.decode())))
    visitors = {
        measure: value
        for section, measure, column, value in lines
        if (section, column) == ("Boroughs", "Site visitors")
    }
    assert visitors == {"Lambeth": "222", "Southwark": "3", "All boroughs": "225"}
    site = ["The site and its directory", "Site visitors (each counted once a day)", "Number"]
    assert [*site, "225"] in lines
